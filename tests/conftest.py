"""Shared fixtures: the real published files and one warehouse built from them per session."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from etl import paths

ROOT = Path(__file__).resolve().parent.parent
# The published files shipped in data/published/ unless OVERSIGHT_TEST_DATA names another folder.
DATA = Path(os.environ["OVERSIGHT_TEST_DATA"]) if os.environ.get("OVERSIGHT_TEST_DATA") else paths.PUBLISHED


def real_data() -> Path:
    """The folder of real files; a test that needs it fails (never skips) when it is missing."""
    if not DATA.is_dir():
        pytest.fail(f"real data folder {DATA} is missing (set OVERSIGHT_TEST_DATA or restore data/published/)")
    return DATA


def real_sources() -> list[Path]:
    """What the session warehouse is built from: OVERSIGHT_TEST_DATA, or the default build's bundled files."""
    real_data()
    return [DATA] if os.environ.get("OVERSIGHT_TEST_DATA") else paths.published_sources()


def find(kind: str) -> Path:
    """A real file, chosen by content rather than name."""
    from etl.recognise import recognise

    for path in sorted(p for src in real_sources() for p in src.rglob("*")):
        if path.is_file() and path.suffix != ".md":
            found = recognise(path)
            if found.contract and found.contract.publication == kind:
                return path
    raise LookupError(kind)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return real_data()


@pytest.fixture(scope="session")
def data_sources() -> list[Path]:
    return real_sources()


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory, data_sources: list[Path]) -> Path:
    from oversight.cli import main

    db = tmp_path_factory.mktemp("wh") / "oversight.duckdb"
    args = ["build", "--quiet", "--db", str(db)]
    for src in data_sources:
        args += ["--source", str(src)]
    assert main(args) == 0
    return db


@contextlib.contextmanager
def pointed_at(db: Path) -> Iterator[Path]:
    """OVERSIGHT_DB pointed at `db` for the duration, then put back."""
    old = os.environ.get("OVERSIGHT_DB")
    os.environ["OVERSIGHT_DB"] = str(db)
    try:
        yield db
    finally:
        if old is None:
            os.environ.pop("OVERSIGHT_DB", None)
        else:
            os.environ["OVERSIGHT_DB"] = old


@pytest.fixture(scope="module")
def on_warehouse(warehouse: Path):
    """OVERSIGHT_DB pointed at the test warehouse for one module's page tests, then put back."""
    with pointed_at(warehouse):
        yield warehouse


@pytest.fixture(scope="session")
def con(warehouse: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(warehouse), read_only=True)
    yield c
    c.close()


@pytest.fixture(autouse=True)
def _con_left_finished(request: pytest.FixtureRequest):
    """A test that leaves a result unread on the shared connection (a `fetchone()`) fails itself: the next
    test to use it had failed instead, with DuckDB's "connection has an unfinished result"."""
    yield
    if "con" in request.fixturenames:
        try:
            request.getfixturevalue("con").sql("SELECT 1").fetchall()  # as the queries read it (oversight.db.frame)
        except duckdb.ResourceInUseException:
            request.getfixturevalue("con").execute("SELECT 1").fetchall()  # read through, so the next test starts clean
            pytest.fail("this test left a result unread on the shared connection `con` (a fetchone()?): read it whole with fetchall()")


@pytest.fixture
def source(tmp_path: Path) -> Path:
    d = tmp_path / "src"
    d.mkdir()
    return d


def copy_real(kind: str, dest: Path) -> Path:
    src = find(kind)
    target = dest / src.name
    shutil.copy(src, target)
    target.chmod(0o644)
    return target
