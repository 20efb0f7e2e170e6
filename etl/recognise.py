"""Recognise each file by what is inside it (header columns, sheet names), never by its name.

A file is taken as a publication only when it carries every required field of exactly one
contract. A near miss (most required fields present) is an error listing the missing and
unexpected columns. Files a downloads folder often holds that the build does not read
(lookups, boundaries, child-level returns) are listed in `contracts/_unused.toml` and skipped
with the reason given there.

Adding a publication: a contract in `etl/contracts/`, and one entry in `CSV_LOADERS` or
`WORKBOOK_LOADERS` below (EES CSVs and the LAIT parquet need no entry).
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

from etl import screen
from etl.areas import AreaRegistry
from etl.errors import InputError, Warnings
from etl.publications import contract as c
from etl.publications import ees, ilacs_wide, lait, lookups, neighbours, ofsted, ofsted_history, ofsted_overview
from etl.publications.sheets import open_workbook, sheet_rows
from etl.publications.text import PROBE_BYTES, csv_header, sniff_format

Loader = Callable[[Path, c.Contract, AreaRegistry, Warnings], pl.DataFrame]
DATA_SUFFIXES = {".csv", ".ods", ".xlsx", ".parquet", ".txt", ".tsv", ".xls"}
UNUSED = c.CONTRACTS / "_unused.toml"
HEADER_ROWS = 10  # a workbook's header row is among its first rows

# publication -> loader, for CSVs that are not EES open data
CSV_LOADERS: dict[str, Loader] = {
    "lait_dictionary": lait.load_dictionary,
    "sn_model_2025": neighbours.load_model,
    "sn_groupings": neighbours.load_groupings_csv,
    "ons_la_lookup": lookups.load_csv,
    "ofsted_region_corrections": lookups.load_csv,
}
# publication -> loader, for ODS and XLSX workbooks: a new workbook publication is one entry here
# plus its contract (give the contract `[sheets]` so only those sheets are read to recognise it).
WORKBOOK_LOADERS: dict[str, Loader] = {
    "ofsted_history": ofsted_history.load,
    "ofsted_overview": ofsted_overview.load,
    "ofsted_outcomes": ofsted.load,
    "lait_sn_groupings": neighbours.load_groupings_workbook,
    "lait_la_codes": lookups.load_xlsx_table,
}
# publication -> a test of a named sheet's first rows for layouts of earlier releases that the
# contract's header names do not describe (the loader reshapes them)
WORKBOOK_LAYOUTS: dict[str, Callable[[list[list[str]]], bool]] = {
    "ofsted_outcomes": lambda rows: any(ilacs_wide.is_wide(r) for r in rows),
}


@dataclass(frozen=True)
class Found:
    path: Path
    contract: c.Contract | None
    loader: Loader | None
    reason: str = ""
    known: bool = False  # a file the build knowingly does not read (contracts/_unused.toml)


@dataclass(frozen=True)
class Unused:
    what: str
    reason: str
    suffixes: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    sheets: tuple[str, ...] = ()

    def matches(self, path: Path, head: str = "", header: list[str] | None = None, sheets: list[str] | None = None) -> bool:
        tests = []
        if self.suffixes:
            tests.append(path.name.lower().endswith(self.suffixes))
        if self.starts:
            tests.append(head.lstrip("\ufeff \r\n\t").startswith(self.starts))
        if self.columns:
            keys = {c.header_key(h) for h in header or []}
            tests.append(all(c.header_key(k) in keys for k in self.columns))
        if self.sheets:
            tests.append(bool({s.lower() for s in sheets or []} & {s.lower() for s in self.sheets}))
        return bool(tests) and all(tests)

    def skip(self, path: Path) -> Found:
        return Found(path, None, None, f"{self.what}: {self.reason}", known=True)


@lru_cache(maxsize=1)
def unused() -> tuple[Unused, ...]:
    raw = tomllib.loads(UNUSED.read_text(encoding="utf-8"))
    return tuple(
        Unused(
            e["what"],
            e["reason"],
            tuple(s.lower() for s in e.get("suffixes", [])),
            tuple(e.get("starts", [])),
            tuple(e.get("columns", [])),
            tuple(e.get("sheets", [])),
        )
        for e in raw.get("unused", [])
    )


def _unused(path: Path, **seen: object) -> Found | None:
    return next((u.skip(path) for u in unused() if u.matches(path, **seen)), None)  # type: ignore[arg-type]


def _head(path: Path) -> str:
    with path.open("rb") as f:
        return f.read(PROBE_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")


def _first_category(path: Path, header: list[str]) -> str | None:
    keys = [c.header_key(h) for h in header]
    if "category" not in keys:
        return None
    rows = list(csv.reader(_head(path).splitlines()[:2]))
    at = keys.index("category")
    if len(rows) < 2 or len(rows[1]) <= at:
        return None
    return rows[1][at]


def _one(path: Path, contracts: list[c.Contract], header: list[str]) -> c.Contract | None:
    """The one contract whose required fields the header carries; None when there is none."""
    matches = [c.match(k, header) for k in contracts]
    complete = [m for m in matches if m.complete]
    if len(complete) > 1:
        names = ", ".join(m.contract.publication for m in complete)
        raise InputError(path, f"the header carries every required column of several publications ({names}); cannot tell which this is", row=1)
    return complete[0].contract if complete else None


def _near(path: Path, contracts: list[c.Contract], header: list[str], where: str = "") -> None:
    near = sorted((m for m in (c.match(k, header) for k in contracts) if m.near), key=lambda m: (len(m.missing), m.contract.publication))
    if near:
        raise InputError(path, f"{where}{near[0].describe()}", row=1, column=near[0].missing[0])


def recognise(path: Path) -> Found:
    if isinstance(path, screen.Refused):
        return Found(path, None, None, path.reason)
    kind = sniff_format(path)
    if kind == "empty":
        if path.suffix.lower() in DATA_SUFFIXES:
            raise InputError(path, "the file is empty")
        return Found(path, None, None, "empty file")
    if kind == "text":
        return _text(path)
    if kind == "parquet":
        columns = lait.parquet_columns(path)
        contract = _one(path, [c.contracts()["lait"]], columns)
        if contract:
            return Found(path, contract, lait.load)
        _near(path, [c.contracts()["lait"]], columns)
        return Found(path, None, None, "a parquet file whose columns match no known publication")
    if kind in ("ods", "xlsx"):
        return _workbook(path)
    screen.unreadable(path, kind)
    if kind == "zip":
        return Found(path, None, None, "a zip archive (extract it first)")
    return _unused(path) or Found(path, None, None, "binary content, not a publication")


def _text(path: Path) -> Found:
    head = _head(path)
    by_name = _unused(path, head=head)
    if by_name and path.suffix.lower() not in DATA_SUFFIXES:
        return by_name
    header = csv_header(path)
    contract = ees.recognise(header, _first_category(path, header), path)
    if contract:
        return Found(path, contract, ees.load)
    if ees.is_ees(header):
        return Found(path, None, None, "an EES file of a publication this project does not use")
    csv_contracts = [k for k in c.contracts().values() if k.publication in CSV_LOADERS]
    contract = _one(path, csv_contracts, header)
    if contract:
        return Found(path, contract, CSV_LOADERS[contract.publication])
    known = by_name or _unused(path, head=head, header=header)
    if known:
        return known
    _near(path, csv_contracts, header)
    return Found(path, None, None, "text whose header matches no known publication")


def _workbook(path: Path) -> Found:
    book = open_workbook(path)
    names = list(book.sheet_names)
    lowered = {s.lower(): s for s in names}
    entries = [c.contracts()[p] for p in WORKBOOK_LOADERS]
    # contracts that name their sheets first: only those sheets are read
    named = [k for k in entries if k.sheets]
    for contract in named:
        for sheet in (lowered[s.lower()] for vals in contract.sheets.values() for s in vals if s.lower() in lowered):
            if _sheet_has(path, book, sheet, contract):
                return Found(path, contract, WORKBOOK_LOADERS[contract.publication])
    # then every sheet's first rows, for a header that carries every required field of one contract
    heads = {sheet: sheet_rows(path, book, sheet, nrows=HEADER_ROWS) for sheet in names}
    for rows in heads.values():
        for row in rows:
            contract = _one(path, entries, row)
            if contract:
                return Found(path, contract, WORKBOOK_LOADERS[contract.publication])
    known = _unused(path, sheets=names)
    if known:
        return known
    for sheet, rows in heads.items():
        for row in rows:
            for m in (c.match(k, row) for k in named):
                if m.near:  # its named sheet is missing: the loader says which it expected
                    return Found(path, m.contract, WORKBOOK_LOADERS[m.contract.publication])
            _near(path, entries, row, where=f"sheet '{sheet}': ")
    return Found(path, None, None, f"a workbook whose sheets ({', '.join(names)}) match no known publication")


def _sheet_has(path: Path, book: object, sheet: str, contract: c.Contract) -> bool:
    rows = sheet_rows(path, book, sheet, nrows=HEADER_ROWS)  # type: ignore[arg-type]
    layout = WORKBOOK_LAYOUTS.get(contract.publication)
    if layout and layout(rows):
        return True
    # a near miss on a sheet the contract names is still this publication: its loader then
    # fails, saying which sheet or column it expected
    return any(c.match(contract, row).complete or c.match(contract, row).near for row in rows)
