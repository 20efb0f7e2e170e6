"""Reference tables that are checked against the area list but feed no indicator."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl.areas import AreaRegistry, UnknownArea
from etl.errors import Warnings
from etl.publications import contract as c
from etl.publications.sheets import body_below, find_header, frame, open_workbook, sheet_rows
from etl.publications.text import csv_rows


def load_csv(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    header, rows = csv_rows(path)
    return _checked(path, frame(path, contract, header, rows), registry, warnings)


def load_xlsx_table(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    book = open_workbook(path)
    rows = sheet_rows(path, book, book.sheet_names[0])
    at = find_header(rows, contract) or 0
    body = body_below(rows, at)
    return _checked(path, frame(path, contract, rows[at], body), registry, warnings)


def _checked(path: Path, df: pl.DataFrame, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    """Warn about English authorities that the area list does not know."""
    unknown = []
    for column, named, find in (("utla_code", "utla_name", registry.by_ons_code), ("la_number", "la_name", registry.by_lait_code)):
        if column not in df.columns:
            continue
        names = dict(df.select(column, named).drop_nulls(column).unique(column).iter_rows()) if named in df.columns else {}
        for code in sorted(names or df[column].drop_nulls().unique().to_list()):
            if column == "utla_code" and not code.startswith("E"):
                continue
            try:
                find(code)
            except UnknownArea:
                unknown.append(f"{code} ({names[code]})" if names.get(code) else code)
    if unknown:  # named, so a reader can tell a retired code (1000, "England (discontinued)") from a missing authority
        warnings.add(path, f"codes no area in etl/reference/areas.csv matches, not used: {', '.join(unknown)}")
    return df.with_columns(pl.lit(path.name).alias("source_file"))
