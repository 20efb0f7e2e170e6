"""The new file is written while the transform still works (etl/writer.py): an error in the
transform after tables were handed over, or in storing one, fails the build, leaves the previous
database byte for byte, and leaves nothing beside it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl import warehouse, writer
from etl.__main__ import main
from etl.errors import InputError
from tests.test_bad_input import (
    previous_db,  # noqa: F401  (the database a failed build must leave)
    sha,
)


def test_an_error_after_tables_were_handed_over(previous_db: Path,  # noqa: F811
                                                 source: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = sha(previous_db)
    handed: list[str] = []
    real_create = writer.Writer.create

    def create(self: writer.Writer, name: str, frame: object) -> None:
        handed.append(name)
        real_create(self, name, frame)  # type: ignore[arg-type]

    def reconcile(*_args: object) -> None:
        raise InputError(source / "c1.csv", "a value is required here", row=7, column="referrals")

    monkeypatch.setattr(writer.Writer, "create", create)
    monkeypatch.setattr(warehouse, "reconcile", reconcile)  # runs after the catalogue's values are handed over
    capsys.readouterr()
    code = main(["build", "--source", str(source), "--db", str(previous_db)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "a value is required here" in err and "Traceback" not in err
    assert {"areas", "lait_values", "indicator_values"} <= set(handed)
    assert sha(previous_db) == before
    assert [p.name for p in previous_db.parent.iterdir()] == ["oversight.duckdb"]


def test_a_table_that_cannot_be_stored(previous_db: Path,  # noqa: F811
                                       source: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Storing a table fails on the writer thread (here the population table, handed over first):
    the error is the build's, said once, when the writer finishes."""
    before = sha(previous_db)
    real_create = writer.Writer.create

    def create(self: writer.Writer, name: str, frame: object) -> None:
        if name == "population":
            self._created.add(name)
            self._jobs.append(self._writing.submit(lambda: (_ for _ in ()).throw(duckdb.IOException("IO Error: No space left on device"))))
            return
        real_create(self, name, frame)  # type: ignore[arg-type]

    monkeypatch.setattr(writer.Writer, "create", create)
    capsys.readouterr()
    code = main(["build", "--source", str(source), "--db", str(previous_db)])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "could not be written (IO Error: No space left on device)" in err and "Traceback" not in err
    assert sha(previous_db) == before
    assert [p.name for p in previous_db.parent.iterdir()] == ["oversight.duckdb"]
