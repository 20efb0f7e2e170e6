"""A sheet's extent is counted, before calamine parses the workbook, as calamine would lay it out:
rows to the last used row (repeats counted) by columns to the last used cell (repeats counted,
trailing empty cells not). Given small ODS sheets, expected extents; a row split across the
stream's chunks; and the real workbooks against calamine's own dimensions."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from etl import screen
from etl.errors import InputError
from tests.conftest import ROOT

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
USED = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
EMPTY = "<table:table-cell/>"


def ods(folder: Path, rows: str, name: str = "Sheet1") -> Path:
    path = folder / "book.ods"
    content = (f"<office:document-content {NS}><office:body><office:spreadsheet>"
               f'<table:table table:name="{name}">{rows}</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    return path


def extent(path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int = 1 << 20) -> tuple[int, int]:
    """The largest (rows, columns) the scan checks, read from the check it makes."""
    seen: list[tuple[int, int]] = [(0, 0)]
    monkeypatch.setattr(screen, "_refuse_extent", lambda _p, _s, rows, cols: seen.append((rows, cols)))
    with zipfile.ZipFile(path) as z:
        screen._ods_extents(path, z, chunk)
    return max(seen)


CASES = {
    "one used cell": (f"<table:table-row>{USED}</table:table-row>", (1, 1)),
    "cells repeated before the used one": (
        f'<table:table-row><table:table-cell table:number-columns-repeated="4"/>{USED}</table:table-row>', (1, 5)),
    "a used cell repeated": (
        '<table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="3"/></table:table-row>', (1, 3)),
    "trailing empty cells take no column": (
        f'<table:table-row>{USED}<table:table-cell table:number-columns-repeated="16000"/></table:table-row>', (1, 1)),
    "a covered cell counts": (
        f"<table:table-row>{USED}<table:covered-table-cell/>{USED}</table:table-row>", (1, 3)),
    "empty rows before a used row count": (
        f'<table:table-row table:number-rows-repeated="9"><table:table-cell/></table:table-row><table:table-row/>'
        f"<table:table-row>{EMPTY}{USED}</table:table-row>", (11, 2)),
    "empty rows after the last used row do not": (
        f'<table:table-row>{USED}</table:table-row><table:table-row table:number-rows-repeated="1048570">{EMPTY}</table:table-row>', (1, 1)),
    "a used row repeated": (
        f'<table:table-row table:number-rows-repeated="7">{USED}{USED}</table:table-row>', (7, 2)),
    "a self-closing cell with a value type is used": (
        '<table:table-row><table:table-cell/><table:table-cell office:value-type="float" office:value="2"/></table:table-row>', (1, 2)),
    "the widest row sets the columns": (
        f"<table:table-row>{USED * 3}</table:table-row><table:table-row>{USED}</table:table-row>", (2, 3)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_extent(case, tmp_path, monkeypatch):
    rows, expected = CASES[case]
    assert extent(ods(tmp_path, rows), monkeypatch) == expected


@pytest.mark.parametrize("chunk", [7, 64, 1000])
def test_rows_split_across_chunks_are_read_whole(chunk, tmp_path, monkeypatch):
    rows = (f'<table:table-row><table:table-cell table:number-columns-repeated="30"/>{USED}</table:table-row>'
            f'<table:table-row table:number-rows-repeated="5">{EMPTY}</table:table-row><table:table-row>{USED}</table:table-row>')
    assert extent(ods(tmp_path, rows), monkeypatch, chunk) == (7, 31)


def test_an_absurd_extent_is_refused_with_the_sheet_named(tmp_path):
    path = ods(tmp_path, f'<table:table-row table:number-rows-repeated="200000">{USED * 30}</table:table-row>', "Outcomes")
    with zipfile.ZipFile(path) as z, pytest.raises(InputError, match="sheet 'Outcomes' reaches row 200,000 and column 30"):
        screen._ods_extents(path, z)


REAL = sorted((ROOT / "data" / "published").rglob("*.ods"))


@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_real_workbooks_match_calamines_extents(path, monkeypatch):
    """Every sheet of the shipped ODS files: the scan's extent is calamine's (its end row and
    column are 0-based, so one less)."""
    per_sheet: dict[str, tuple[int, int]] = {}
    monkeypatch.setattr(screen, "_refuse_extent", lambda _p, sheet, rows, cols: per_sheet.__setitem__(sheet, (rows, cols)))
    with zipfile.ZipFile(path) as z:
        screen._ods_extents(path, z)
    book = CalamineWorkbook.from_path(str(path))
    theirs = {name: (book.get_sheet_by_name(name).total_height + 1, book.get_sheet_by_name(name).total_width + 1) for name in book.sheet_names}
    assert len(theirs) >= 6 and per_sheet == theirs
