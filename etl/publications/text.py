"""Bytes on disk -> what kind of file it is, and decoded CSV rows with their line numbers."""

from __future__ import annotations

import csv
import io
import zipfile
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
                if "mimetype" in names and b"opendocument.spreadsheet" in z.read("mimetype"):
                    return "ods"
                if "xl/workbook.xml" in names:
                    return "xlsx"
        except (zipfile.BadZipFile, OSError, KeyError):
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


def csv_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and data rows (with their 1-based line numbers); ragged rows are errors."""
    text = decode(path, path.read_bytes())
    if text and not text.endswith(("\n", "\r")):
        line = text.count("\n") + 1
        raise InputError(
            path,
            "the last line has no line ending, so the file looks truncated "
            "(download it again; if it is complete, end it with a newline)",
            row=line,
        )
    reader = csv.reader(io.StringIO(text, newline=""))
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
    except csv.Error as e:
        raise InputError(path, f"not valid CSV: {e}", row=reader.line_num) from None
    if not rows:
        raise InputError(path, "the file has a header but no data rows", row=2)
    return header, rows
