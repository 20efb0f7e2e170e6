"""Rows from a CSV or a workbook sheet -> a frame of strings named by a contract's fields."""

from __future__ import annotations

import datetime as dt
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
from python_calamine import CalamineError, CalamineWorkbook

from etl import screen
from etl.errors import InputError
from etl.publications import contract as c
from etl.publications import ods

Rows = list[tuple[int, list[str]]]
Book = CalamineWorkbook | ods.OdsBook


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# Inside `one_parse_per_workbook`: this thread's workbook last opened, by (path, modified time, size)
_open = threading.local()


@contextmanager
def one_parse_per_workbook() -> Iterator[None]:
    """Within the block, opening the same unchanged workbook again in the same thread reuses the book
    already parsed (an ODS is parsed whole when opened; recognising a file and loading it open it
    twice). Only the last book is kept, and none after the block."""
    outer = getattr(_open, "books", None)
    if outer is None:
        _open.books = {}
    try:
        yield
    finally:
        if outer is None:
            _open.books = None


def open_workbook(path: Path) -> Book:
    """The workbook opened, after its sizes and sheet extents are screened (before calamine
    allocates anything: an ODS workbook's sheets as each is read); within `one_parse_per_workbook`,
    the book already opened."""
    books = getattr(_open, "books", None)
    key = None
    if books is not None:
        try:
            st = path.stat()
        except OSError as e:
            raise InputError(path, f"not a readable spreadsheet: {e}") from None
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
        if key in books:
            return books[key]
    book = _parse(path)
    if books is not None and key is not None:
        books.clear()
        books[key] = book
    return book


def _parse(path: Path) -> Book:
    """An ODS workbook cut into its sheets (each parsed when asked for), or any workbook parsed
    whole after it is screened whole."""
    try:
        book = ods.open_book(path)  # recognised by its members, not its name
        if book is not None:
            return book
        screen.check_workbook(path)
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, OSError, ValueError) as e:
        raise InputError(path, f"not a readable spreadsheet: {e}") from None


def sheet_rows(path: Path, book: Book, sheet: str, nrows: int | None = None) -> list[list[str]]:
    """The sheet's rows as text; only the first nrows when given (recognition needs a few; from an
    ODS workbook a row among them may then lack trailing empty cells, which say nothing)."""
    try:
        found = book.sheet(sheet, nrows) if isinstance(book, ods.OdsBook) else book.get_sheet_by_name(sheet)
        raw = found.to_python(skip_empty_area=False, nrows=nrows)
    except (CalamineError, ValueError) as e:
        raise InputError(path, f"sheet '{sheet}' cannot be read: {e}") from None
    return [[cell_text(v) for v in row] for row in raw]


def find_header(rows: list[list[str]], contract: c.Contract, within: int = 10) -> int | None:
    """Index of the first row (among the first few) that names at least half the contract's fields."""
    for i, row in enumerate(rows[:within]):
        if c.match_score(contract, [c.normalise_header(v) for v in row]) >= 0.5:
            return i
    return None


def body_below(rows: list[list[str]], at: int) -> Rows:
    """The rows under the header at index `at` that hold anything, each with its file row number
    (the first row of the sheet is row 1)."""
    return [(at + 2 + i, r) for i, r in enumerate(rows[at + 1 :]) if any(v for v in r)]


def find_sheet(path: Path, contract: c.Contract, within: int = 10) -> tuple[str, list[list[str]], int] | None:
    """The first sheet of a workbook whose header, among its first `within` rows, names at least half
    the contract's fields (found by content, never by sheet name): (sheet, its rows, the header's
    index). Only the sheet found is read in full."""
    book = open_workbook(path)
    for sheet in book.sheet_names:
        at = find_header(sheet_rows(path, book, sheet, within), contract, within)
        if at is not None:
            return sheet, sheet_rows(path, book, sheet), at
    return None


def frame(path: Path, contract: c.Contract, header: list[str], rows: Rows) -> pl.DataFrame:
    """String frame with one column per contract field present, plus `_row`."""
    header = [c.normalise_header(h) for h in header]
    mapping = c.column_map(contract, header, path)
    index = {name: i for i, name in enumerate(header)}
    data: dict[str, list[Any]] = {
        field: [r[index[col]] if index[col] < len(r) else "" for _, r in rows] for field, col in mapping.items()
    }
    data["_row"] = [line for line, _ in rows]
    return pl.DataFrame(data, schema_overrides={k: pl.String for k in mapping}).with_columns(
        pl.col(pl.String).str.strip_chars().replace("", None)
    )


def require_filled(df: pl.DataFrame, columns: list[str], path: Path) -> None:
    for col in columns:
        empty = df[col].is_null()
        if empty.any():
            raise InputError(path, "a value is required here", row=c.first_row(df, empty), column=col)
