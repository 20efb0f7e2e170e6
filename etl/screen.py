"""Screening before any reader runs: which entries of a source folder may be read at all, and
whether an archive or a workbook is small enough to open.

- Folders are walked without following symbolic links; a link whose target is outside the source
  folder, a FIFO, a device or a socket is skipped with a reason (never opened: reading a FIFO
  blocks, a link may point at /etc/shadow).
- A folder named like a data file (`x.csv/`) or a data file that cannot be read fails the build.
- Zip archives (XLSX, ODS) are refused from their central directory when they would inflate too
  far (total size, or ratio of a large member), and workbooks when a sheet's extent (rows by
  columns of the cells holding something) is absurd, before calamine allocates it.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PosixPath

from etl.errors import InputError

DATA_SUFFIXES = {".csv", ".tsv", ".ods", ".xlsx", ".parquet"}
MAX_UNCOMPRESSED = 256 << 20  # bytes, all members of one archive
MAX_RATIO = 200  # uncompressed / compressed, for a member over RATIO_FROM bytes
RATIO_FROM = 8 << 20
MAX_SHEET_CELLS = 5_000_000  # rows x columns of one sheet's used extent
MAX_SHEET_COLUMNS = 2_000


class Refused(PosixPath):
    """A path in a source folder that is skipped unread; `reason` says why."""

    reason = ""

    def resolve(self, strict: bool = False) -> Refused:
        """The absolute path of the entry itself: a refused link is not followed, even to name it."""
        return _refused(Path(os.path.abspath(self)), self.reason)


def _refused(path: Path, reason: str) -> Refused:
    p = Refused(path)
    p.reason = reason
    return p


def _special(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file: skipped unread"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file: skipped unread"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file: skipped unread"
    return None


def _entry(path: Path, root: Path) -> Path | None:
    """The path to read, a Refused path, or None for a folder to walk into."""
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return _refused(path, "a symbolic link to nothing: skipped")
        if not target.is_relative_to(root):
            return _refused(path, f"a symbolic link to {target}, outside the source folder: not followed")
        if target.is_dir():
            return _refused(path, "a symbolic link to a folder: not followed")
        mode = target.stat().st_mode
    if stat.S_ISDIR(mode):
        if path.suffix.lower() in DATA_SUFFIXES:
            raise InputError(path, f"this is a folder, not a {path.suffix.lower()} file; put the downloaded file here instead")
        return None
    reason = _special(mode)
    return _refused(path, reason) if reason else path


def source_files(sources: list[Path]) -> list[Path]:
    """Every entry to consider, in path order per source; hidden names are left out."""
    files: list[Path] = []
    for src in sources:
        if not src.exists() and not src.is_symlink():
            raise InputError(src, "source folder does not exist")
        root = src.resolve()
        if not root.is_dir():
            entry = _entry(src, root.parent)
            files.extend([entry] if entry is not None else [])
            continue
        found: list[Path] = []
        for folder, dirs, names in os.walk(src, followlinks=False):
            here = Path(folder)
            walk_into = []
            for name in [*dirs, *names]:
                if name.startswith("."):
                    continue
                entry = _entry(here / name, root)
                if entry is None:
                    walk_into.append(name)
                else:
                    found.append(entry)
            dirs[:] = walk_into
        files.extend(sorted(found, key=str))
    return files


def unreadable(path: Path, kind: str) -> None:
    """A file whose name says data but whose bytes cannot be read as any format fails the build."""
    if path.suffix.lower() in DATA_SUFFIXES and kind in ("binary", "zip"):
        what = "a zip archive that is not a spreadsheet" if kind == "zip" else "binary content that is not a readable table"
        raise InputError(path, f"cannot be read: the name says {path.suffix.lower()} but the file holds {what} (damaged or not the downloaded file?)")


def check_archive(path: Path, z: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from the sizes declared in the central directory."""
    total = 0
    for info in z.infolist():
        total += info.file_size
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(path, f"refused: {info.filename} would inflate from {info.compress_size:,} to {info.file_size:,} bytes (a zip bomb?)")
    if total > MAX_UNCOMPRESSED:
        raise InputError(path, f"refused: the archive would inflate to {total:,} bytes, more than the {MAX_UNCOMPRESSED:,} allowed")


TAG = re.compile(rb"<(/?)(?:[A-Za-z][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")  # an XLSX sheet's rows and cells
CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3})(\d+)["']""")
ROW_REF = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
REPEAT = {
    "rows": re.compile(rb"""number-rows-repeated\s*=\s*["'](\d+)["']"""),
    "columns": re.compile(rb"""number-columns-repeated\s*=\s*["'](\d+)["']"""),
}
NAME = re.compile(rb"""\bname\s*=\s*["']([^"']*)["']""")


def _tags(path: Path, z: zipfile.ZipFile, member: str) -> Iterator[tuple[bool, bytes, bytes, bool]]:
    """(closing, local name, attributes, self-closing) for each row and cell tag, read as a stream
    (a tokenizer rather than an XML parser: fast, and refuses nothing a reader would accept)."""
    info = z.getinfo(member)
    left, tail = info.file_size, b""
    with z.open(info) as raw:
        while True:
            chunk = raw.read(1 << 20)
            left -= len(chunk)
            if left < 0:
                raise InputError(path, f"refused: {member} inflates beyond its declared size")
            data = tail + chunk
            if not chunk:
                break
            cut = data.rfind(b"<")
            body, tail = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
            if len(tail) > 1 << 20:
                raise InputError(path, f"{member} has a tag longer than 1 MB")
            yield from _scan(body)
        yield from _scan(data)


def _scan(body: bytes) -> Iterator[tuple[bool, bytes, bytes, bool]]:
    for closing, name, attrs in TAG.findall(body):
        yield closing == b"/", name, attrs, attrs.endswith(b"/")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _refuse_extent(path: Path, sheet: str, rows: int, cols: int) -> None:
    if cols > MAX_SHEET_COLUMNS or rows * cols > MAX_SHEET_CELLS:
        raise InputError(
            path,
            f"refused: sheet '{sheet}' reaches row {rows:,} and column {cols:,} ({rows * cols:,} cells); "
            f"no publication is larger than {MAX_SHEET_CELLS:,} cells or {MAX_SHEET_COLUMNS:,} columns",
        )


def _xlsx_extents(path: Path, z: zipfile.ZipFile) -> None:
    for member in sorted(n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")):
        max_row = max_col = row = col = 0
        for closing, name, attrs, _ in _tags(path, z, member):
            if closing:
                continue
            if name == b"row":
                ref = ROW_REF.search(attrs)
                row, col = (int(ref.group(1)) if ref else row + 1), 0
            elif name == b"c":
                ref = CELL_REF.search(attrs)
                col = _column_number(ref.group(1)) if ref else col + 1
                r = int(ref.group(2)) if ref else max(row, 1)
                if r > max_row or col > max_col:
                    max_row, max_col = max(max_row, r), max(max_col, col)
                    _refuse_extent(path, member, max_row, max_col)


def _repeat(kind: str, attrs: bytes) -> int:
    m = REPEAT[kind].search(attrs)
    return int(m.group(1)) if m else 1


# An ODS sheet as calamine reads it: elements named with the `table:` prefix itself (its parser
# matches these names, not namespaces), so a sheet's extent is counted from the same tags. Rows are
# found by a plain byte search (each row's cells are skipped whole); a sheet opens only between rows.
ODS_SHEET = re.compile(rb"<table:table(?=[\s/>])([^>]*)>")
ODS_ROW = b"<table:table-row"
ODS_ROW_END = b"</table:table-row>"
TAG_NAME_ENDS = frozenset(b" \t\r\n/>")  # after a row's name: not table:table-rows or -row-group
ODS_CELLS = (b"<table:table-cell", b"<table:covered-table-cell")
# what marks a cell as used: content (a closing tag) or a value type
ODS_USED = (b"</table:table-cell>", b"</table:covered-table-cell>", b"value-type")


def _ods_pieces(z: zipfile.ZipFile, chunk: int = 1 << 20) -> Iterator[bytes]:
    """content.xml streamed in pieces that each end just after a row's closing tag, so no row is
    split; a piece holds one chunk or more (zipfile reads no further than the declared size,
    which check_archive has bounded)."""
    buf = bytearray()
    with z.open("content.xml") as raw:
        while data := raw.read(chunk):
            searched = max(0, len(buf) - len(ODS_ROW_END))
            buf += data
            cut = buf.rfind(ODS_ROW_END, searched)
            if cut >= 0:
                cut += len(ODS_ROW_END)
                yield bytes(buf[:cut])
                del buf[:cut]
    yield bytes(buf)


def _ods_columns(cells: bytes) -> int:
    """Columns taken by the cells in a row's text: one per cell, more where a cell is repeated."""
    return sum(cells.count(tag) for tag in ODS_CELLS) + sum(int(n) - 1 for n in REPEAT["columns"].findall(cells))


def _ods_last_used(row: bytes) -> int:
    """The column of a row's last used cell (0 when none is): trailing empty cells, however often
    repeated, take no column."""
    used = max(row.rfind(mark) for mark in ODS_USED)
    if used < 0:
        return 0
    start = max(row.rfind(tag, 0, used) for tag in ODS_CELLS)
    return _ods_columns(row[: row.find(b">", start) + 1])


def _ods_extents(path: Path, z: zipfile.ZipFile, chunk: int = 1 << 20) -> None:
    """Each sheet's extent, content.xml streamed from the archive."""
    _ods_scan(path, _ods_pieces(z, chunk))


def check_ods_content(path: Path, content: bytes) -> None:
    """Each sheet's extent in content.xml already inflated (one sheet, cut from the workbook, before
    calamine parses it)."""
    _ods_scan(path, [content])


def _ods_scan(path: Path, pieces: Iterable[bytes]) -> None:
    """Each sheet's extent: rows (repeats counted) to its last used row, by the columns of the
    longest used row; a row at a time, from a few byte searches (a tokenizer over every cell was
    three times slower, a pattern matched at every tag twice). Each piece ends after a row."""
    sheet, rows, max_col = "", 0, 0
    for piece in pieces:
        at = 0
        while at < len(piece):
            start = piece.find(ODS_ROW, at)
            for opened in ODS_SHEET.finditer(piece, at, len(piece) if start < 0 else start):
                found = NAME.search(opened.group(1))
                sheet, rows, max_col = (found.group(1).decode("utf-8", "replace") if found else "?"), 0, 0
            if start < 0:
                break
            at = start + len(ODS_ROW)
            if at < len(piece) and piece[at] not in TAG_NAME_ENDS:
                continue
            close = piece.find(b">", at)
            if close < 0:
                break
            rows += _repeat("rows", piece[at:close])
            at = close + 1
            if piece[close - 1] == ord("/"):
                continue
            end = piece.find(ODS_ROW_END, at)
            end = len(piece) if end < 0 else end
            last = _ods_last_used(piece[at:end])
            at = end + len(ODS_ROW_END)
            if last:
                max_col = max(max_col, last)
                _refuse_extent(path, sheet, rows, max_col)


def check_workbook(path: Path) -> None:
    """Refuse a workbook that would inflate too far or whose sheets' extents are absurd; run before
    each parse (a build parses a workbook once, to recognise it and load it)."""
    try:
        with zipfile.ZipFile(path) as z:
            check_archive(path, z)
            names = set(z.namelist())
            if "content.xml" in names:
                _ods_extents(path, z)
            elif "xl/workbook.xml" in names:
                _xlsx_extents(path, z)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError, EOFError) as e:
        raise InputError(path, f"not a readable spreadsheet: {e}") from None
