"""Ofsted 'Local authority inspection outcomes' workbook -> one row per judgement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from etl.areas import AreaRegistry, UnknownArea
from etl.errors import InputError, Warnings
from etl.publications import contract as c
from etl.publications import ilacs_wide
from etl.publications.tables import find_header, frame, open_workbook, require_filled, sheet_rows

GRADES = {"Outstanding": 1, "Good": 2, "Requires improvement to be good": 3, "Inadequate": 4}
JUDGEMENTS = ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")


def load(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    book = open_workbook(path)
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
        header, body = rows[at], [(at + 2 + i, r) for i, r in enumerate(rows[at + 1 :]) if any(v for v in r)]
    if not body:
        raise InputError(where, "the sheet has a header but no inspections")
    df = frame(where, contract, header, body)
    # the 2024 layout gives no inspection date for an LA's earlier inspections
    require_filled(df, ["area_code", "overall_effectiveness"] if wide else ["area_code", "inspection_date", "overall_effectiveness"], where)
    codes = {}
    for code in df["area_code"].unique().to_list():
        try:
            codes[code] = registry.by_ons_code(code)
        except UnknownArea as e:
            row = c.first_row(df, df["area_code"] == code)
            raise InputError(where, f"{e.args[0]}; add new authorities to etl/reference/areas.csv", row=row, column="Local authority area code") from None
    df = df.with_columns(
        pl.col("area_code").replace_strict(codes),
        _date(df, "inspection_date", where),
        _date(df, "publication_date", where),
    )
    present = [j for j in JUDGEMENTS if j in df.columns]
    long = df.unpivot(index=["_row", "area_code", "inspection_date", "publication_date", "inspection_type"], on=present, variable_name="judgement", value_name="grade_label").filter(pl.col("grade_label").is_not_null())
    bad = ~long["grade_label"].is_in(list(GRADES))
    if bad.any():
        first = long.filter(bad).row(0, named=True)
        raise InputError(where, f"unknown grade '{first['grade_label']}' (expected one of: {', '.join(GRADES)})", row=first["_row"], column=first["judgement"])
    long = long.with_columns(pl.col("grade_label").replace_strict(GRADES, return_dtype=pl.Int8).alias("grade"))
    c.check_unique(long, ["area_code", "inspection_date", "judgement"], where)
    return long.with_columns(pl.lit(path.name).alias("source_file"))


def _date(df: pl.DataFrame, column: str, path: Path) -> pl.Series:
    parsed = df[column].str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    bad = df[column].is_not_null() & parsed.is_null()
    if bad.any():
        raise InputError(path, f"expected a date, found '{df.filter(bad)[column][0]}'", row=c.first_row(df, bad), column=column)
    future = (parsed > dt.date.today()).fill_null(False)
    if future.any():
        raise InputError(path, f"date {parsed.filter(future)[0]} is in the future", row=c.first_row(df, future), column=column)
    return parsed.alias(column)
