"""Read-only access to the warehouse.

Every connection is a fresh DuckDB instance in memory with the file attached read-only, so a
rebuilt file is really reopened: `duckdb.connect(path, read_only=True)` would hand back the
instance the process already holds for that path (DuckDB's instance cache) and keep serving the
replaced build. Python replacement scans and file access are off, so a missing view can never
resolve to a Python object or a file on disk.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from etl import publish
from etl.checks import LAYOUT_VERSION, PUBLIC_VIEWS
from etl.paths import db_path

ALIAS = "warehouse_file"
HINT = "Rebuild it with: oversight build (or python -m etl build)"


class DatabaseError(Exception):
    """The warehouse cannot be used: missing, damaged or of the wrong shape. str() is for people."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"the database {self.path} {problem}. {HINT}")


class DatabaseMissing(DatabaseError, FileNotFoundError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "does not exist")


def connect(path: Path | None = None, views: tuple[str, ...] = PUBLIC_VIEWS) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the file as it is now; raises DatabaseError if it is unusable.
    `views` are the views it must hold (the warehouse's by default; another database passes its
    own). Use `cursor()` rather than `.cursor()` for another thread: it selects the file."""
    path = path or db_path()
    if not path.is_file():
        raise DatabaseMissing(path)
    try:
        con = publish.attach(path, ALIAS)
    except duckdb.Error as e:
        raise DatabaseError(path, f"is damaged or is not a warehouse ({publish.first_line(e)})") from None
    try:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        _check_shape(con, path, views)
    except duckdb.Error as e:
        con.close()
        raise DatabaseError(path, f"is damaged or is not a warehouse ({publish.first_line(e)})") from None
    except DatabaseError:
        con.close()
        raise
    return con


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    """One SELECT's result as a polars DataFrame: every query module reads through this."""
    return con.sql(sql, params=params or None).pl()


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor for one thread, reading the attached warehouse."""
    cur = con.cursor()
    cur.execute(f"USE {ALIAS}")
    return cur


def _check_shape(con: duckdb.DuckDBPyConnection, path: Path, views: tuple[str, ...]) -> None:
    names = {r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE database_name = ? AND NOT internal "
        "UNION SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'",  # a mart written as a table is public too
        [ALIAS, ALIAS],
    ).fetchall()}
    missing = [v for v in views if v not in names]
    if missing:
        raise DatabaseError(path, f"is not a complete warehouse (missing views: {', '.join(missing)})")
    for view in views:
        # reads every column of every row: a view that no longer binds or a truncated file raises here
        rel = con.table(view)
        rel.aggregate("bit_xor(hash(" + ", ".join('"' + c.replace('"', '""') + '"' for c in rel.columns) + "))").fetchall()
    if "build_info" in views:
        written = con.execute("SELECT version FROM build_info").fetchall()
        if len(written) != 1:
            raise DatabaseError(path, "has no record of the build that wrote it (build_info)")
        if written[0][0] != LAYOUT_VERSION:
            raise DatabaseError(path, f"was written by another version of Safeguarding Oversight (layout {written[0][0]}; this one reads layout {LAYOUT_VERSION})")


def file_version(path: Path | None = None) -> tuple[str, int, int, int]:
    """Identifies the file on disk (path, inode, mtime, size), so a rebuild gets a new connection."""
    path = path or db_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DatabaseMissing(path) from None
    return str(path), st.st_ino, st.st_mtime_ns, st.st_size
