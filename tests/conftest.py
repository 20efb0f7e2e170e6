"""Shared fixtures: the real published files and one warehouse built from them per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("OVERSIGHT_TEST_DATA", ROOT.parent / "shared" / "data"))


def real_data() -> Path:
    if not DATA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"real data folder {DATA} is missing (set OVERSIGHT_TEST_DATA)")
        pytest.skip(f"real data folder {DATA} is missing")
    return DATA


def find(kind: str) -> Path:
    """A real file, chosen by content rather than name."""
    from etl.recognise import recognise

    for path in sorted(real_data().rglob("*")):
        if path.is_file() and path.suffix != ".md":
            found = recognise(path)
            if found.contract and found.contract.publication == kind:
                return path
    raise LookupError(kind)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return real_data()


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    from etl.__main__ import main

    db = tmp_path_factory.mktemp("wh") / "oversight.duckdb"
    assert main(["build", "--source", str(data_dir), "--db", str(db)]) == 0
    return db


@pytest.fixture(scope="session")
def con(warehouse: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(warehouse), read_only=True)
    yield c
    c.close()


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
