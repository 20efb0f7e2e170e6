"""An ODS workbook is read a sheet at a time (etl/publications/ods.py): each sheet, cut from
content.xml, gives the rows calamine gives from the whole workbook; its first rows alone give the
same first rows; content in an unexpected shape is parsed whole instead; and a sheet is screened
before calamine parses it."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from python_calamine import CalamineWorkbook

from etl.errors import InputError
from etl.publications import ods, sheets
from tests.conftest import ROOT

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
REAL = sorted((ROOT / "data" / "published").rglob("*.ods"))


def cell(v: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'


def row(*values: str) -> str:
    return "<table:table-row>" + "".join(cell(v) for v in values) + "</table:table-row>"


def write(path: Path, tables: str) -> Path:
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:body><office:spreadsheet>'
               f"{tables}</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        z.writestr("content.xml", content)
    return path


def whole(path: Path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {s: book.get_sheet_by_name(s).to_python(skip_empty_area=False) for s in book.sheet_names}


def trimmed(rows: list[list[object]]) -> list[list[object]]:
    """Rows without their trailing empty cells."""
    out = []
    for r in rows:
        r = list(r)
        while r and r[-1] == "":
            r.pop()
        out.append(r)
    return out


@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_every_sheet_of_the_real_workbooks_reads_as_calamine_reads_the_whole(path: Path) -> None:
    book = ods.open_book(path)
    assert book is not None
    theirs = whole(path)
    assert book.sheet_names == list(theirs)
    for name, rows in theirs.items():
        assert book.sheet(name).to_python(skip_empty_area=False) == rows, name
        assert trimmed(book.sheet(name, 10).to_python(skip_empty_area=False, nrows=10)) == trimmed(rows[:10]), name


def test_the_big_sheets_are_cut_for_their_first_rows() -> None:
    history = next(p for p in REAL if "underlying_data" in p.name)
    book = ods.open_book(history)
    assert book is not None
    providers = book.sheets["Provider_level_at_31_Mar_2023"]
    assert len(providers) > 10_000_000  # bytes of XML
    assert len(ods.first_rows(providers, 10)) < 50_000


def test_names_are_unescaped_and_rows_inside_groups_are_cut_as_whole_xml(tmp_path: Path) -> None:
    grouped = ('<table:table table:name="Children &amp; families">'
               f"<table:table-header-rows>{row('Title')}{row('LA code', 'Grade')}</table:table-header-rows>"
               f"<table:table-row-group>{row('E1', 'Good')}{row('E2', 'Outstanding')}</table:table-row-group>{row('E3', 'Inadequate')}"
               "</table:table>\n  ")
    path = write(tmp_path / "grouped.ods", grouped + f'<table:table table:name="Other">{row("x")}</table:table>')
    book = ods.open_book(path)
    assert book is not None and book.sheet_names == ["Children & families", "Other"] == list(whole(path))
    rows = whole(path)["Children & families"]
    for n in range(1, 6):
        ElementTree.fromstring(book.head + ods.first_rows(book.sheets["Children & families"], n) + book.tail)  # whole XML
        assert trimmed(book.sheet("Children & families", n).to_python(skip_empty_area=False, nrows=n)) == trimmed(rows[:n])
    assert sheets.sheet_rows(path, book, "Other") == [["x"]]


@pytest.mark.parametrize("shape", ["a table inside a cell", "a sheet written as one empty tag", "the same name twice", "text between sheets"])
def test_content_in_an_unexpected_shape_is_parsed_whole(shape: str, tmp_path: Path) -> None:
    tables = {
        "a table inside a cell": ('<table:table table:name="A"><table:table-row><table:table-cell>'
                                  f'<table:table table:name="inner">{row("x")}</table:table></table:table-cell></table:table-row>'
                                  f'{row("LA code")}</table:table>'),
        "a sheet written as one empty tag": f'<table:table table:name="A"/><table:table table:name="B">{row("y")}</table:table>',
        "the same name twice": f'<table:table table:name="A">{row("x")}</table:table><table:table table:name="A">{row("y")}</table:table>',
        "text between sheets": f'<table:table table:name="A">{row("x")}</table:table><table:named-expressions/><table:table table:name="B">{row("y")}</table:table>',
    }[shape]
    path = write(tmp_path / "odd.ods", tables)
    assert ods.open_book(path) is None
    with sheets.one_parse_per_workbook():
        book = sheets.open_workbook(path)
    assert isinstance(book, CalamineWorkbook)


def test_a_sheet_is_screened_when_it_is_read(tmp_path: Path) -> None:
    """Rows repeated past the first ten, in a sheet only recognised, are never laid out; read
    whole, the sheet is refused before calamine parses it."""
    huge = '<table:table-row table:number-rows-repeated="200000">' + cell("x") * 30 + "</table:table-row>"
    path = write(tmp_path / "bomb.ods", f'<table:table table:name="Outcomes">{row("LA code") * 12}{huge}</table:table>')
    book = ods.open_book(path)
    assert book is not None
    assert len(sheets.sheet_rows(path, book, "Outcomes", 10)) == 10
    with pytest.raises(InputError, match="sheet 'Outcomes' reaches row 200,012 and column 30"):
        sheets.sheet_rows(path, book, "Outcomes")
