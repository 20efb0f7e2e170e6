"""Ofsted 'Local authority inspection outcomes' workbook -> one row per judgement.

The ILACS history sheet gives every standard and short inspection; the in-year sheet (where a
release has one) adds the focused and monitoring visits, which carry no grade (one row each, with
a null judgement). Grades come through the one reference of Ofsted's wording
(etl/reference/ofsted_grades.csv).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from python_calamine import CalamineWorkbook

from etl.areas import AreaRegistry, UnknownArea
from etl.errors import InputError, Warnings
from etl.publications import contract as c
from etl.publications import ilacs_wide, ofsted_grades
from etl.publications import ofsted_at_31_march as at_31_march
from etl.publications.sheets import body_below, find_header, frame, open_workbook, require_filled, sheet_rows

JUDGEMENTS = ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")
TYPES = {
    "ilacs standard inspection": "ILACS standard",
    "ilacs short inspection": "ILACS short",
    "ilacs focused visit": "focused visit",
    "la monitoring visit": "monitoring visit",
    "ilacs monitoring visit": "monitoring visit",
}
VISITS = ("focused visit", "monitoring visit")


def load(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    book = open_workbook(path)
    return pl.concat([_inspections(path, book, contract, registry), *at_31_march.tables(path, book, registry, contract.sheets.get("latest", ()))],
                     how="diagonal_relaxed")


def _inspections(path: Path, book: CalamineWorkbook, contract: c.Contract, registry: AreaRegistry) -> pl.DataFrame:
    history = _history(path, book, contract, registry)
    wanted = {s.lower() for s in contract.sheets.get("in_year", ())}
    sheet = next((s for s in book.sheet_names if s.lower() in wanted), None)
    if sheet is None:
        return history
    where = Path(f"{path} [{sheet}]")
    rows = sheet_rows(path, book, sheet)
    at = find_header(rows, contract)
    if at is None:
        raise InputError(where, "no header row naming the local authority, inspection date and type in the first 10 rows")
    body = body_below(rows, at)
    if not body:
        return history
    df = _typed(frame(where, contract, rows[at], body), where, registry, ["area_code", "inspection_date", "inspection_type"])
    visits = df.filter(pl.col("framework").is_in(VISITS)).select(
        "_row", "area_code", "framework", "inspection_type", "inspection_date", "publication_date",
        pl.lit(None, pl.String).alias("judgement"), pl.lit(None, pl.Int8).alias("grade"),
        pl.lit(None, pl.String).alias("grade_label"), pl.lit(None, pl.String).alias("scale_note"),
        pl.lit(path.name).alias("source_file"), pl.lit(True).alias("official"), "visit_theme",
    )
    c.check_unique(visits, ["area_code", "framework", "inspection_date"], where)
    return pl.concat([history, visits], how="vertical_relaxed")


def _history(path: Path, book: CalamineWorkbook, contract: c.Contract, registry: AreaRegistry) -> pl.DataFrame:
    wanted = {s.lower() for s in contract.sheets["history"]}
    sheet = next((s for s in book.sheet_names if s.lower() in wanted), None)
    if sheet is None:
        raise InputError(
            path,
            f"no sheet with the ILACS inspection history (expected one of: {', '.join(contract.sheets['history'])}); "
            f"the workbook has: {', '.join(book.sheet_names)}",
        )
    rows = sheet_rows(path, book, sheet)
    where = Path(f"{path} [{sheet}]")
    wide = any(ilacs_wide.is_wide(r) for r in rows[:10])
    if wide:  # releases to March 2024: First/Second ILACS column groups, names, no codes
        latest = next((s for s in book.sheet_names if s.lower() in {n.lower() for n in contract.sheets.get("latest", ())}), None)
        dates = ilacs_wide.latest_dates(sheet_rows(path, book, latest)) if latest else {}
        header, body = ilacs_wide.to_long(where, rows, dates, registry)
    else:
        at = find_header(rows, contract)
        if at is None:
            raise InputError(f"{path} [{sheet}]", "no header row naming the local authority, inspection date and judgements in the first 10 rows")
        header, body = rows[at], body_below(rows, at)
    if not body:
        raise InputError(where, "the sheet has a header but no inspections")
    # the 2024 layout gives no inspection date for an LA's earlier inspections
    required = ["area_code", "overall_effectiveness"] if wide else ["area_code", "inspection_date", "overall_effectiveness"]
    df = _typed(frame(where, contract, header, body), where, registry, required)
    present = [j for j in JUDGEMENTS if j in df.columns]
    index = ["_row", "area_code", "framework", "inspection_type", "inspection_date", "publication_date"]
    long = df.unpivot(index=index, on=present, variable_name="judgement", value_name="grade_label").filter(pl.col("grade_label").is_not_null())
    long = ofsted_grades.grade(long, where)
    c.check_unique(long, ["area_code", "inspection_date", "publication_date", "judgement"], where)
    return long.with_columns(pl.lit(path.name).alias("source_file"), pl.lit(True).alias("official"), pl.lit(None, pl.String).alias("visit_theme"))


def _typed(df: pl.DataFrame, where: Path, registry: AreaRegistry, required: list[str]) -> pl.DataFrame:
    """Codes resolved, dates parsed, each inspection type named by its framework."""
    require_filled(df, required, where)
    codes = {}
    for code in df["area_code"].unique().to_list():
        try:
            codes[code] = registry.by_ons_code(code)
        except UnknownArea as e:
            row = c.first_row(df, df["area_code"] == code)
            raise InputError(where, f"{e.args[0]}; add new authorities to etl/reference/areas.csv", row=row, column="Local authority area code") from None
    df = df.with_columns(
        pl.col("area_code").replace_strict(codes),
        c.parse_dates(df, "inspection_date", where),
        c.parse_dates(df, "publication_date", where),
    )
    if "inspection_type" not in df.columns:
        df = df.with_columns(pl.lit(None, pl.String).alias("inspection_type"))
    key = df["inspection_type"].str.to_lowercase().str.strip_chars()
    unknown = key.is_not_null() & ~key.is_in(list(TYPES))
    if unknown.any():
        raise InputError(where, f"unknown inspection type '{df.filter(unknown)['inspection_type'][0]}' (expected one of: {', '.join(sorted(set(TYPES)))})", row=c.first_row(df, unknown), column="inspection_type")
    # a release that does not give the type of an ILACS inspection: graded on the same scale as both
    df = df.with_columns(key.replace_strict(TYPES, default="ILACS standard").alias("framework"))
    if "visit_theme" not in df.columns:
        df = df.with_columns(pl.lit(None, pl.String).alias("visit_theme"))
    return df
