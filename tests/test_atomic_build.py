"""Builds swap the database in with one rename; readers of the old file keep working."""

from __future__ import annotations

import hashlib

import duckdb

from etl.__main__ import main
from tests.conftest import copy_real


def test_failed_build_leaves_previous_file_and_readers_untouched(tmp_path, source):
    copy_real("cin_referrals", source)
    copy_real("population", source)
    db = tmp_path / "db" / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    reader = duckdb.connect(str(db), read_only=True)
    first_build = reader.execute("SELECT build_id FROM build_info").fetchall()[0][0]

    bad = next(source.glob("c1_*"))
    bad.write_text(bad.read_text(encoding="utf-8").replace(",632830,", ",oops,", 1), encoding="utf-8")
    assert main(["build", "--source", str(source), "--db", str(db)]) == 2
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before

    bad.write_text(bad.read_text(encoding="utf-8").replace(",oops,", ",632830,", 1), encoding="utf-8")
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    # the open reader still sees the old, complete database
    assert reader.execute("SELECT build_id FROM build_info").fetchall()[0][0] == first_build
    assert reader.execute("SELECT count(*) FROM indicator_values").fetchall()[0][0] > 0
    reader.close()
    fresh = duckdb.connect(str(db), read_only=True)
    assert fresh.execute("SELECT build_id FROM build_info").fetchall()[0][0] != first_build
    fresh.close()
    assert [p.name for p in db.parent.iterdir()] == ["oversight.duckdb"]


def test_check_writes_nothing(tmp_path, source, capsys):
    copy_real("cin_referrals", source)
    assert main(["check", "--source", str(source)]) == 0
    assert "files recognised: 1" in capsys.readouterr().out
    assert list(tmp_path.glob("**/*.duckdb")) == []


def test_oversight_db_overrides_default(tmp_path, source, monkeypatch, capsys):
    copy_real("cin_referrals", source)
    target = tmp_path / "elsewhere.duckdb"
    monkeypatch.setenv("OVERSIGHT_DB", str(target))
    assert main(["build", "--source", str(source)]) == 0
    assert target.exists()
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert str(target) in out and "referrals_count" in out


def test_status_without_database(tmp_path, capsys):
    assert main(["status", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "python -m etl build" in capsys.readouterr().out
