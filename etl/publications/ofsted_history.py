"""Ofsted's 'Children's social care data in England' workbook: the LA inspection history 2009 to 2023.

The history sheet is found by its header (a workbook of many sheets; names change by release).
It holds two tables, one under the other: current authorities, then authorities that no longer
exist (Bournemouth, Poole, the old Dorset, Northamptonshire). Names carry no codes, so each is
placed through the area registry's one name step. Only the frameworks before ILACS are taken
here; ILACS inspections come from the inspection outcomes workbook, which has their dates.
The sheet gives publication dates only, so `inspection_date` is null for these rows.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl.areas import AreaRegistry, UnknownArea
from etl.errors import InputError, Warnings
from etl.publications import contract as c
from etl.publications import ofsted_at_31_march as at_31_march
from etl.publications import ofsted_grades
from etl.publications.sheets import find_sheet, frame, open_workbook

# (framework, inspection type, publication-date field, {judgement: field}); the first judgement is the overall one.
INSPECTIONS = (
    ("SLAC", "SLAC inspection", "slac_date", {"overall_effectiveness": "slac_safeguarding", "looked_after_children": "slac_lac"}),
    ("SLAC", "SLAC re-inspection of safeguarding", "slac_re_safeguarding_date", {"overall_effectiveness": "slac_re_safeguarding"}),
    ("SLAC", "SLAC re-inspection of services for looked after children", "slac_re_lac_date", {"looked_after_children": "slac_re_lac"}),
    ("CPI", "Child protection inspection", "cpi_date", {"overall_effectiveness": "cpi"}),
    ("CPRI", "Child protection re-inspection", "cpri_date", {"overall_effectiveness": "cpri"}),
    ("TLAC", "Targeted looked after children inspection", "tlac_date", {"overall_effectiveness": "tlac"}),
    ("SIF", "Single inspection framework", "sif_date", {
        "overall_effectiveness": "sif", "help_and_protection": "sif_help_and_protection",
        "children_looked_after": "sif_children_looked_after", "adoption": "sif_adoption",
        "care_leavers": "sif_care_leavers", "leadership": "sif_leadership"}),
    ("LSCB review", "Review of the Local Safeguarding Children Board", "sif_date", {"overall_effectiveness": "lscb"}),
    ("SIF re-inspection", "SIF re-inspection", "sifre_date", {
        "overall_effectiveness": "sifre", "help_and_protection": "sifre_help_and_protection",
        "children_looked_after": "sifre_children_looked_after", "adoption": "sifre_adoption",
        "care_leavers": "sifre_care_leavers", "leadership": "sifre_leadership"}),
)
EMPTY = ("", "-")  # Ofsted writes ' -' where a judgement was not made


def tables(rows: list[list[str]], contract: c.Contract, first: int) -> list[tuple[int, list[tuple[int, list[str]]]]]:
    """Every table in the sheet: (header index, [(file row, cells)]), a table ending at a blank row."""
    out: list[tuple[int, list[tuple[int, list[str]]]]] = []
    i = first
    while i < len(rows):
        if c.match_score(contract, [c.normalise_header(v) for v in rows[i]]) >= 0.5:
            body = []
            j = i + 1
            while j < len(rows) and any(v.strip() for v in rows[j]):
                body.append((j + 1, rows[j]))
                j += 1
            out.append((i, body))
            i = j
        i += 1
    return out


def load(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    found = find_sheet(path, contract)
    if found is None:
        raise InputError(path, "no sheet with the LA inspection history (a header naming the local authority, SLAC and SIF columns)")
    sheet, rows, at = found
    where = Path(f"{path} [{sheet}]")
    parts = []
    for n, (header_at, body) in enumerate(tables(rows, contract, at)):
        if not body:
            continue
        df = frame(where, contract, rows[header_at], body)
        # the second and later tables list authorities that no longer exist (Dorset before 2019 ...)
        parts.append(_long(df, where, registry, predecessor=n > 0))
    if not parts:
        raise InputError(where, "the sheet has a header but no inspections")
    long = pl.concat(parts)
    long = ofsted_grades.grade(long, where)
    c.check_unique(long, ["area_code", "framework", "inspection_type", "publication_date", "judgement"], where)
    history = long.with_columns(
        pl.lit(path.name).alias("source_file"), pl.lit(True).alias("official"), pl.lit(None, pl.String).alias("visit_theme")
    )
    # the workbook's own table of the judgements at 31 March of its year, which its statistics count
    return pl.concat([history, *at_31_march.tables(path, open_workbook(path), registry)], how="diagonal_relaxed")


def _long(df: pl.DataFrame, where: Path, registry: AreaRegistry, predecessor: bool) -> pl.DataFrame:
    codes = []
    for row, name in zip(df["_row"], df["area_name"], strict=True):
        if name is None:
            raise InputError(where, "a local authority name is required here", row=row, column="Local authority name")
        try:
            codes.append(registry.by_name(name, predecessor=predecessor))
        except UnknownArea as e:
            raise InputError(where, f"cannot place local authority '{name}': {e.args[0]}", row=row, column="Local authority name") from None
    df = df.with_columns(pl.Series("area_code", codes))
    out = []
    for framework, kind, date_field, judgements in INSPECTIONS:
        if date_field not in df.columns:
            continue
        present = {j: f for j, f in judgements.items() if f in df.columns}
        if not present:
            continue
        part = df.select(
            "_row", "area_code", pl.col(date_field).alias("publication_date"),
            *[pl.col(f).alias(j) for j, f in present.items()],
        ).filter(pl.col("publication_date").is_not_null() & ~pl.col("publication_date").is_in(EMPTY))
        part = part.with_columns(c.parse_dates(part, "publication_date", where, required=True, field=date_field))
        long = part.unpivot(index=["_row", "area_code", "publication_date"], on=list(present), variable_name="judgement", value_name="grade_label")
        long = long.filter(pl.col("grade_label").is_not_null() & ~pl.col("grade_label").str.strip_chars().is_in(EMPTY))
        out.append(long.with_columns(
            pl.lit(framework).alias("framework"), pl.lit(kind).alias("inspection_type"), pl.lit(None, pl.Date).alias("inspection_date")
        ))
    return pl.concat(out).select("_row", "area_code", "framework", "inspection_type", "inspection_date", "publication_date", "judgement", "grade_label")
