"""Recognise each file by what is inside it (header columns, sheet names), never by its name."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl.areas import AreaRegistry
from etl.errors import InputError, Warnings
from etl.publications import contract as c
from etl.publications import ees, lait, lookups, neighbours, ofsted
from etl.publications.tables import find_header, open_workbook, sheet_rows
from etl.publications.text import PROBE_BYTES, csv_header, sniff_format

Loader = Callable[[Path, c.Contract, AreaRegistry, Warnings], pl.DataFrame]
DATA_SUFFIXES = {".csv", ".ods", ".xlsx", ".parquet", ".txt", ".tsv", ".xls"}

CSV_LOADERS: dict[str, Loader] = {
    "lait_dictionary": lait.load_dictionary,
    "sn_model_2025": neighbours.load_model,
    "sn_groupings": neighbours.load_groupings_csv,
    "ons_la_lookup": lookups.load_csv,
    "ofsted_region_corrections": lookups.load_csv,
}
WORKBOOK_LOADERS: dict[str, Loader] = {
    "ofsted_outcomes": ofsted.load,
    "lait_sn_groupings": neighbours.load_groupings_workbook,
    "lait_la_codes": lookups.load_xlsx_table,
}


@dataclass(frozen=True)
class Found:
    path: Path
    contract: c.Contract | None
    loader: Loader | None
    reason: str = ""


def _first_category(path: Path, header: list[str]) -> str | None:
    if "category" not in header:
        return None
    with path.open("rb") as f:
        head = f.read(PROBE_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    rows = list(csv.reader(head.splitlines()[:2]))
    if len(rows) < 2 or len(rows[1]) <= header.index("category"):
        return None
    return rows[1][header.index("category")]


def _best(contracts: list[c.Contract], header: list[str]) -> c.Contract | None:
    scored = sorted(((c.match_score(k, header), k.publication, k) for k in contracts), reverse=True)
    return scored[0][2] if scored and scored[0][0] >= 0.5 else None


def recognise(path: Path) -> Found:
    kind = sniff_format(path)
    if kind == "empty":
        if path.suffix.lower() in DATA_SUFFIXES:
            raise InputError(path, "the file is empty")
        return Found(path, None, None, "empty file")
    if kind == "text":
        header = csv_header(path)
        contract = ees.recognise(header, _first_category(path, header))
        if contract:
            return Found(path, contract, ees.load)
        if ees.is_ees(header):
            return Found(path, None, None, "an EES file of a publication this project does not use")
        contract = _best([k for k in c.contracts().values() if k.publication in CSV_LOADERS], header)
        if contract:
            return Found(path, contract, CSV_LOADERS[contract.publication])
        return Found(path, None, None, "text whose header matches no known publication")
    if kind == "parquet":
        contract = _best([c.contracts()["lait"]], lait.parquet_columns(path))
        if contract:
            return Found(path, contract, lait.load)
        return Found(path, None, None, "a parquet file whose columns match no known publication")
    if kind in ("ods", "xlsx"):
        book = open_workbook(path)
        for name in WORKBOOK_LOADERS:
            contract = c.contracts()[name]
            for sheet in book.sheet_names:
                if find_header(sheet_rows(path, book, sheet)[:10], contract) is not None:
                    return Found(path, contract, WORKBOOK_LOADERS[name])
        return Found(path, None, None, f"a workbook whose sheets ({', '.join(book.sheet_names)}) match no known publication")
    if kind == "zip":
        return Found(path, None, None, "a zip archive (extract it first)")
    return Found(path, None, None, "binary content, not a publication")
