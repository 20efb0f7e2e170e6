"""A write-ahead log beside the database may hold changes that exist nowhere else: a build never
renames over such a database nor deletes the log; it fails and says what to do."""

from __future__ import annotations

import hashlib

from etl.__main__ import main
from tests.conftest import copy_real


def test_build_refuses_to_replace_a_database_with_a_wal(tmp_path, source, capsys):
    copy_real("population", source)
    copy_real("cin_referrals", source)
    db = tmp_path / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    wal = tmp_path / "oversight.duckdb.wal"
    wal.write_bytes(b"pending changes")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    capsys.readouterr()
    assert main(["build", "--source", str(source), "--db", str(db)]) == 3
    err = capsys.readouterr().err
    assert "oversight.duckdb.wal" in err and "may hold changes" in err, err
    assert wal.read_bytes() == b"pending changes"
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["oversight.duckdb", "oversight.duckdb.wal"]
