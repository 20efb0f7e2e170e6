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
    if "utla_code" in df.columns:
        for code in df["utla_code"].drop_nulls().unique().sort().to_list():
            if code.startswith("E"):
                try:
                    registry.by_ons_code(code)
                except UnknownArea:
                    unknown.append(code)
    if "la_number" in df.columns:
        for code in df["la_number"].drop_nulls().unique().sort().to_list():
            try:
                registry.by_lait_code(code)
            except UnknownArea:
                unknown.append(code)
    if unknown:
        warnings.add(path, f"codes not in etl/reference/areas.csv: {', '.join(unknown)}")
    return df.with_columns(pl.lit(path.name).alias("source_file"))
