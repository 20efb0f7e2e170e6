"""Ofsted's own table of each authority's judgement in force at 31 March: the judgements its
statistics count for that date ('Inspections_as_at_31_March' in the inspection outcomes workbook,
'LA_level_at_31_Mar_2023' in the 2023 'Children's social care data in England' workbook).

Which inspections such a table counts has changed by release: the 2025 table counts inspections
carried out by 31 March and published by May (Buckinghamshire's, published 14 May 2025), the 2023
table none after 20 February 2023 (Liverpool's, Middlesbrough's and West Sussex's of 13 March,
published in May, are not in it). A pack for a year matches Ofsted's count only by reading it.

The rows travel with the loader's judgements under the framework `COUNTED` (as at date in
`publication_date`); `etl.ofsted_tables` takes them out into their own table.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
from python_calamine import CalamineWorkbook

from etl.areas import AreaRegistry, UnknownArea
from etl.errors import InputError
from etl.publications import contract as c
from etl.publications import ofsted_grades
from etl.publications.sheets import sheet_rows

COUNTED = "counted at 31 March"
SHEET = re.compile(r"^(la_level|inspections)\w*?_at_31_mar", re.IGNORECASE)  # not the providers' sheets at 31 March
TITLE = re.compile(r"\bat 31 March (\d{4})\b", re.IGNORECASE)
HEADER_ROWS = 10


def sheets(book: CalamineWorkbook, named: tuple[str, ...] = ()) -> list[str]:
    """The sheets that may hold such a table: those `named` (a contract's), or named "... at 31 Mar ..."."""
    wanted = {n.lower() for n in named}
    return [s for s in book.sheet_names if s.lower() in wanted or SHEET.search(s)]


def rows(path: Path, sheet: str, cells: list[list[str]], year: int, at: int, registry: AreaRegistry) -> pl.DataFrame:
    """Ofsted's table of a sheet as judgement rows (framework `COUNTED`): each authority's overall
    effectiveness and the date of the inspection that gave it, at 31 March of `year` (its title's),
    under the header at row index `at` (both as `_found` gives them)."""
    where = Path(f"{path} [{sheet}]")
    head = [v.lower().strip() for v in cells[at]]
    name, date, grade = head.index("local authority name"), head.index("inspection date"), head.index("overall effectiveness")
    code = head.index("local authority area code") if "local authority area code" in head else None
    out = []
    for line, r in enumerate(cells[at + 1 :], start=at + 2):
        if len(r) <= max(name, date, grade) or not r[name].strip():
            continue
        try:
            area = registry.by_ons_code(r[code].strip()) if code is not None and r[code].strip() else registry.by_name(r[name])
        except UnknownArea as e:
            raise InputError(where, f"cannot place local authority '{r[name].strip()}': {e.args[0]}", row=line, column="Local authority name") from None
        out.append({"_row": line, "area_code": area, "inspection_date": r[date].strip() or None, "grade_label": r[grade].strip() or None})
    if not out:
        raise InputError(where, "the sheet of judgements at 31 March has a header but no authorities")
    df = pl.DataFrame(out, schema={"_row": pl.Int64, "area_code": pl.String, "inspection_date": pl.String, "grade_label": pl.String})
    df = df.filter(pl.col("grade_label").is_not_null())
    df = df.with_columns(c.parse_dates(df, "inspection_date", where, required=True, field="Inspection date"))
    c.check_unique(df, ["area_code"], where)
    # graded in ILACS's words (the judgements these tables give), then named as what they are
    graded = ofsted_grades.grade(df.with_columns(pl.lit("ILACS standard").alias("framework"), pl.lit("overall_effectiveness").alias("judgement")), where)
    return graded.with_columns(
        pl.lit(COUNTED).alias("framework"), pl.lit(None, pl.String).alias("inspection_type"),
        pl.lit(dt.date(year, 3, 31)).alias("publication_date"),
        pl.lit(path.name).alias("source_file"), pl.lit(True).alias("official"), pl.lit(None, pl.String).alias("visit_theme"),
    )


def tables(path: Path, book: CalamineWorkbook, registry: AreaRegistry, named: tuple[str, ...] = ()) -> list[pl.DataFrame]:
    """Every such table in a workbook (`sheets`), as `rows` gives it: a sheet is read whole only when its
    first rows are such a table's (not a release's sheet of dates only; the 2023 workbook's sheets of
    providers at 31 March are long)."""
    found = {s: f for s in sheets(book, named) if (f := _found(sheet_rows(path, book, s, HEADER_ROWS)))}
    return [rows(path, s, sheet_rows(path, book, s), year, at, registry) for s, (year, at) in found.items()]


def _found(cells: list[list[str]]) -> tuple[int, int] | None:
    """Whether a sheet's first rows are a table of judgements at 31 March: (the year its title names,
    the index of its header naming the authority, the inspection date and the overall effectiveness), or None."""
    titled = next((m for r in cells[:HEADER_ROWS] for v in r if (m := TITLE.search(v))), None)
    at = next((i for i, r in enumerate(cells[:HEADER_ROWS]) if {"local authority name", "inspection date", "overall effectiveness"} <= {v.lower().strip() for v in r}), None)
    return (int(titled.group(1)), at) if titled is not None and at is not None else None
