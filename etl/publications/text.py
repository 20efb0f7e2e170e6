"""Bytes on disk -> what kind of file it is, and decoded CSV rows with their line numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from etl.errors import InputError

BOM = b"\xef\xbb\xbf"
PROBE_BYTES = 65536


def sniff_format(path: Path) -> str:
    """'empty', 'parquet', 'ods', 'xlsx', 'zip', 'text' or 'binary', from the first bytes."""
    with path.open("rb") as f:
        head = f.read(PROBE_BYTES)
    if not head.strip(BOM + b" \r\n\t"):
        return "empty"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                if "mimetype" in names and b"opendocument.spreadsheet" in _head(z, "mimetype"):
                    return "ods"
                if "xl/workbook.xml" in names:
                    return "xlsx"
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
            return "binary"
        return "zip"
    if b"\x00" in head:
        return "binary"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not just a character cut at the probe's end
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return "binary"
    return "text"


def _head(z: zipfile.ZipFile, member: str, size: int = 256) -> bytes:
    """The first bytes of an archive member, never the whole of it (it may be a bomb)."""
    with z.open(member) as f:
        return f.read(size)


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text without its byte order mark; any other encoding is an error naming the line."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            path,
            f"not UTF-8 text: byte 0x{data[e.start]:02x} cannot be decoded "
            "(the file may have been saved as Latin-1 or Windows-1252; save it as UTF-8)",
            row=line,
        ) from None


def csv_header(path: Path) -> list[str]:
    """The first line of a text file as CSV fields, for recognising the file."""
    with path.open("rb") as f:
        head = f.read(PROBE_BYTES)
    if head.startswith(BOM):
        head = head[len(BOM):]
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return [h.strip() for h in next(csv.reader([first]), [])]


MAX_CSV_ROWS = 500_000  # the longest release this project reads has a few thousand rows
MAX_CSV_BYTES = 256 << 20
MAX_LINE_BYTES = 1 << 20


def _last_byte_and_lines(path: Path) -> tuple[bytes, int]:
    with path.open("rb") as f:
        lines, last = 0, b""
        for chunk in iter(lambda: f.read(1 << 20), b""):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return last, lines


def _lines(path: Path, f: io.BufferedReader) -> Iterator[str]:
    """Decoded lines (with their endings) read one at a time, so memory stays bounded."""
    number, total = 0, 0
    while True:
        raw = f.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        total += len(raw)
        if len(raw) > MAX_LINE_BYTES:
            raise InputError(path, f"line {number} is longer than {MAX_LINE_BYTES:,} bytes; this is not a published table", row=number)
        if total > MAX_CSV_BYTES:
            raise InputError(path, f"the file is larger than {MAX_CSV_BYTES:,} bytes; no publication this project reads is that large")
        if number == 1 and raw.startswith(BOM):
            raw = raw[len(BOM):]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(
                path,
                f"not UTF-8 text: byte 0x{raw[e.start]:02x} cannot be decoded "
                "(the file may have been saved as Latin-1 or Windows-1252; save it as UTF-8)",
                row=number,
            ) from None


def csv_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and data rows (with their 1-based line numbers); ragged rows are errors.
    The file is streamed line by line and refused past MAX_CSV_ROWS rows or MAX_CSV_BYTES."""
    last, newlines = _last_byte_and_lines(path)
    if last and last not in (b"\n", b"\r"):
        raise InputError(
            path,
            "the last line has no line ending, so the file looks truncated "
            "(download it again; if it is complete, end it with a newline)",
            row=newlines + 1,
        )
    with path.open("rb") as f:
        reader = csv.reader(_lines(path, f))
        try:
            header = [h.replace("\ufeff", "").strip() for h in next(reader)]
        except StopIteration:
            raise InputError(path, "the file is empty") from None
        except csv.Error as e:
            raise InputError(path, f"the header is not valid CSV: {e}", row=1) from None
        while header and header[-1] == "":  # a trailing comma on every line
            header.pop()
        width = len(header)
        rows: list[tuple[int, list[str]]] = []
        try:
            for fields in reader:
                if len(fields) != width:
                    if not fields or all(not f.strip() for f in fields):
                        continue
                    while len(fields) > width and fields[-1] == "":
                        fields.pop()
                    if len(fields) != width:
                        hint = " (the file may be truncated)" if len(fields) < width else ""
                        raise InputError(path, f"expected {width} fields, found {len(fields)}{hint}", row=reader.line_num)
                elif fields[0].strip() == header[0] and [f.strip() for f in fields] == header:
                    raise InputError(path, "this row repeats the header", row=reader.line_num)
                rows.append((reader.line_num, fields))
                if len(rows) > MAX_CSV_ROWS:
                    raise InputError(path, f"more than {MAX_CSV_ROWS:,} data rows; no publication this project reads is that long (is this the right file?)", row=reader.line_num)
        except csv.Error as e:
            raise InputError(path, f"not valid CSV: {e}", row=reader.line_num) from None
    if not rows:
        raise InputError(path, "the file has a header but no data rows", row=2)
    return header, rows
