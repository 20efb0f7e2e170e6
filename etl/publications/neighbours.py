"""Statistical neighbours: the wide 2025 model (SN_k, SN_kP) and the LAIT groupings layout."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from etl.areas import AreaRegistry, UnknownArea
from etl.errors import InputError, Warnings
from etl.publications import contract as c
from etl.publications.sheets import body_below, find_sheet, open_workbook
from etl.publications.text import csv_rows

CLOSENESS = {"extremely close": "Extremely close", "very close": "Very close", "close": "Close", "somewhat close": "Somewhat close", "not close": "Not close"}


def _closeness(path: Path, text: str, line: int, column: str) -> str | None:
    if not text.strip():
        return None
    try:
        return CLOSENESS[" ".join(text.lower().split())]
    except KeyError:
        raise InputError(path, f"unknown closeness '{text}' (expected one of: {', '.join(CLOSENESS.values())})", row=line, column=column) from None


def _area(path: Path, registry: AreaRegistry, code: str, line: int, column: str) -> str:
    try:
        return registry.by_old_code(code)
    except UnknownArea as e:
        raise InputError(path, f"{e.args[0]}; add new authorities to etl/reference/areas.csv", row=line, column=column) from None


def _pairs(path: Path, registry: AreaRegistry, rows: list[tuple[int, str, list[tuple[str, str, str]]]], model: str) -> pl.DataFrame:
    """rows: (line, la number, [(neighbour number, closeness text, column name)])."""
    out = []
    for line, la, neighbours in rows:
        if not la.strip():
            continue
        area = _area(path, registry, la, line, "la")
        for rank, (code, closeness, column) in enumerate(neighbours, start=1):
            if not code.strip():
                continue
            out.append(
                {
                    "area_code": area,
                    "neighbour_code": _area(path, registry, code, line, column),
                    "neighbour_rank": rank,
                    "closeness": _closeness(path, closeness, line, column + "P"),
                    "model": model,
                }
            )
    if not out:
        raise InputError(path, "no statistical neighbours found")
    df = pl.DataFrame(out, schema_overrides={"neighbour_rank": pl.Int32})
    dup = df.select("area_code").unique().height != len({r[1] for r in rows if r[1].strip()})
    if dup:
        raise InputError(path, "an LA is listed more than once")
    return df.with_columns(pl.lit(path.name).alias("source_file"))


def load_model(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    header, rows = csv_rows(path)
    c.column_map(contract, header, path)
    ks = sorted(int(m.group(1)) for h in header if (m := re.fullmatch(r"SN_(\d+)", h)))
    idx = {h: i for i, h in enumerate(header)}
    la_col = next(a for a in contract.field("old_la_code").aliases if a in idx)
    for k in ks:
        if f"SN_{k}P" not in idx:
            raise InputError(path, f"column SN_{k} has no closeness column SN_{k}P", row=1, column=f"SN_{k}")
    data = [(line, r[idx[la_col]], [(r[idx[f"SN_{k}"]], r[idx[f"SN_{k}P"]], f"SN_{k}") for k in ks]) for line, r in rows]
    return _pairs(path, registry, data, model="DfE statistical neighbours")


def _groupings(path: Path, registry: AreaRegistry, header: list[str], rows: list[tuple[int, list[str]]], model: str) -> pl.DataFrame:
    header = [c.normalise_header(h) for h in header]
    la_col = header.index("LA num") if "LA num" in header else header.index("LA number")
    data = []
    positions = [(i, h) for i, h in enumerate(header) if re.fullmatch(r"SN\d+", h)]
    for line, r in rows:
        pad = r + [""] * (len(header) - len(r))
        data.append((line, pad[la_col], [(pad[i], pad[i + 1] if i + 1 < len(pad) else "", h) for i, h in positions]))
    return _pairs(path, registry, data, model)


def load_groupings_csv(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    header, rows = csv_rows(path)
    return _groupings(path, registry, header, rows, model="DfE statistical neighbour groupings")


def load_groupings_workbook(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    found = find_sheet(path, contract)
    if found is None:
        raise InputError(path, f"no sheet has a header with {', '.join(contract.field('la_number').aliases)} and SN1 ... SN10; "
                               f"sheets: {open_workbook(path).sheet_names}")
    _, rows, at = found
    body = body_below(rows, at)
    return _groupings(path, registry, rows[at], body, model="LAIT statistical neighbours")
