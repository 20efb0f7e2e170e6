"""An ODS workbook read a sheet at a time.

content.xml is inflated once and cut into its sheets by byte search. A sheet is screened and
handed to calamine alone when it is asked for, and only its first rows when only those are
wanted (recognising a file reads every sheet's first rows). The 2023 Ofsted workbook holds 40 MB
of XML, nearly all of it providers' sheets the build never reads beyond their first rows: opening
it (the screen scanning it whole, then calamine parsing it whole) took 0.40 s of one core, most of
it holding the interpreter while the other file reader waited; cut into sheets, 0.14 s (the file's
whole read 0.25 s against 0.55 s, alternated seven times).

Values are calamine's own: each sheet is parsed by calamine from a workbook holding that sheet
alone, with the document's header (styles, namespaces) and ending around it. Content not in the
expected shape (a table inside a cell, a sheet tag this search does not recognise) is not cut:
`open_book` returns None and the caller parses the workbook whole, as before.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

from python_calamine import CalamineSheet, CalamineWorkbook

from etl import screen

SHEET_OPENS = (b"<table:table ", b"<table:table>")  # not <table:table-row...: a space or > follows the name
SHEET_CLOSE = b"</table:table>"
ROW_CLOSE = b"</table:table-row>"
SHEET_NAME = re.compile(rb"""\stable:name\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# what may hold rows inside a sheet: closed after a cut so that the cut sheet is whole XML
ROW_WRAPPERS = re.compile(rb"<(/?)table:(table-header-rows|table-row-group|table-rows)(?=[\s/>])[^>]*?(/?)>")
MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


class OdsBook:
    """The sheets of one ODS workbook, each parsed by calamine when it is asked for."""

    def __init__(self, path: Path, head: bytes, sheets: dict[str, bytes], tail: bytes, manifest: bytes) -> None:
        self.path, self.head, self.sheets, self.tail, self.manifest = path, head, sheets, tail, manifest
        self._parsed: dict[tuple[str, int | None], CalamineSheet] = {}

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def sheet(self, name: str, nrows: int | None = None) -> CalamineSheet:
        """The sheet as calamine reads it; with nrows, from its first nrows rows only (their cells
        as in the whole sheet, though a row may lack the trailing empty cells that a wider row
        further down would give it). Screened before calamine sees it."""
        if name not in self.sheets:
            raise ValueError(f"no sheet named '{name}'")
        key = (name, nrows)
        if key not in self._parsed:
            xml = self.sheets[name] if nrows is None else first_rows(self.sheets[name], nrows)
            content = self.head + xml + self.tail
            screen.check_ods_content(self.path, content)
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
                z.writestr("mimetype", MIMETYPE)
                z.writestr("META-INF/manifest.xml", self.manifest)
                z.writestr("content.xml", content)
            buf.seek(0)
            book = CalamineWorkbook.from_filelike(buf)
            self._parsed[key] = book.get_sheet_by_name(book.sheet_names[0])
        return self._parsed[key]


def open_book(path: Path) -> OdsBook | None:
    """The workbook cut into its sheets, after its archive's sizes are screened; None when it is not
    an ODS workbook in the expected shape (the caller then parses it whole)."""
    with zipfile.ZipFile(path) as z:
        screen.check_archive(path, z)
        names = set(z.namelist())
        if not {"mimetype", "content.xml", "META-INF/manifest.xml"} <= names:
            return None
        manifest = z.read("META-INF/manifest.xml")
        data = z.read("content.xml")  # within the size declared, which check_archive bounded
    cut = split(data)
    if cut is None:
        return None
    head, sheets, tail = cut
    return OdsBook(path, head, sheets, tail, manifest)


def _opens_sheet(data: bytes, at: int) -> bool:
    """Whether a sheet's opening tag (not a self-closing one) starts at `at`."""
    if not any(data.startswith(tag, at) for tag in SHEET_OPENS):
        return False
    tag_end = data.find(b">", at)
    return tag_end > 0 and data[tag_end - 1] != ord("/")


def split(data: bytes) -> tuple[bytes, dict[str, bytes], bytes] | None:
    """(what comes before the first sheet, each sheet's XML by name, what follows the last), or None
    when the sheets are not one after another at the top level, each named once. One pass finds
    where each sheet closes (a search of the whole text costs 0.025 s of the 40 MB workbook); each
    next sheet must open right there, after space only, so a table inside a cell is never taken
    for a sheet."""
    start = data.find(SHEET_OPENS[0][:-1])  # the first <table:table...: what comes before holds no table
    if start < 0 or not _opens_sheet(data, start):
        return None
    head, sheets = data[:start], {}
    while True:
        close = data.find(SHEET_CLOSE, start)
        if close < 0:
            return None
        end = close + len(SHEET_CLOSE)
        named = SHEET_NAME.search(data, start, data.find(b">", start))
        if named is None:
            return None
        name = html.unescape((named.group(1) or named.group(2) or b"").decode("utf-8", "replace"))
        if name in sheets:
            return None
        sheets[name] = data[start:end]
        following = end
        while data[following:following + 1].isspace():
            following += 1
        if _opens_sheet(data, following):
            start = following
        elif data.find(SHEET_CLOSE, end) >= 0:  # a table closes further on, yet no sheet opens here
            return None
        else:
            return head, sheets, data[end:]


def first_rows(sheet: bytes, nrows: int) -> bytes:
    """The sheet cut after its nrows-th closed row, with the elements holding that row closed; the
    sheet whole when it has no more. A row written as one empty tag, or repeated, counts as none
    here, so the cut comes at or after the nrows-th row, never before it."""
    at = 0
    for _ in range(nrows):
        found = sheet.find(ROW_CLOSE, at)
        if found < 0:
            return sheet
        at = found + len(ROW_CLOSE)
    open_: list[bytes] = []
    for m in ROW_WRAPPERS.finditer(sheet, 0, at):
        closing, name, empty = m.groups()
        if empty:
            continue
        if not closing:
            open_.append(name)
        elif open_ and open_[-1] == name:
            open_.pop()
        else:
            return sheet
    return sheet[:at] + b"".join(b"</table:" + n + b">" for n in reversed(open_)) + SHEET_CLOSE
