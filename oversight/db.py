"""Read-only access to the warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.paths import db_path


class DatabaseMissing(FileNotFoundError):
    pass


def connect(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection; pages and reports never write."""
    path = path or db_path()
    if not path.exists():
        raise DatabaseMissing(str(path))
    return duckdb.connect(str(path), read_only=True)


def file_version(path: Path | None = None) -> tuple[str, int, int]:
    """Identifies the file on disk, so a cached connection is replaced after a rebuild."""
    path = path or db_path()
    if not path.exists():
        raise DatabaseMissing(str(path))
    st = path.stat()
    return str(path), st.st_ino, st.st_mtime_ns
