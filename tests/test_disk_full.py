"""The disk fills while the new database is written: the build fails, the previous database is
unchanged and readable, and nothing is left behind. Uses a small tmpfs (needs root); without
one, a failure is injected at the checkpoint instead."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess

import duckdb
import pytest

from etl.__main__ import main
from oversight import db as database
from tests.conftest import copy_real


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mount)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_during_the_write(small_disk, source, capsys):
    copy_real("population", source)
    copy_real("cin_referrals", source)
    db = small_disk / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    before = sha(db)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - db.stat().st_size // 2))
    capsys.readouterr()
    code = main(["build", "--source", str(source), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "could not be written" in err or "failed its checks" in err, err
    assert sha(db) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "oversight.duckdb"]
    con = database.connect(db)
    assert con.execute("SELECT count(value) FROM indicator_values").fetchall()[0][0] > 0
    con.close()


@pytest.mark.parametrize("where", ["checkpoint", "close"])
def test_checkpoint_or_close_failure_fails_the_build(where, tmp_path, source, capsys, monkeypatch):
    copy_real("population", source)
    copy_real("cin_referrals", source)
    db = tmp_path / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    before = sha(db)
    real_execute = duckdb.DuckDBPyConnection.execute

    def connect(path, *args, **kwargs):
        con = real_connect(path, *args, **kwargs)
        if str(path).endswith(".building"):
            return Wrapped(con)
        return con

    class Wrapped:
        def __init__(self, con):
            self._con = con

        def execute(self, sql, *args):
            if where == "checkpoint" and sql.strip().upper() == "CHECKPOINT":
                raise duckdb.IOException("IO Error: No space left on device")
            return real_execute(self._con, sql, *args)

        def close(self):
            self._con.close()
            if where == "close":
                raise duckdb.IOException("IO Error: No space left on device")

        def __getattr__(self, name):
            return getattr(self._con, name)

    real_connect = duckdb.connect
    monkeypatch.setattr("etl.writer.duckdb.connect", connect)
    capsys.readouterr()
    assert main(["build", "--source", str(source), "--db", str(db)]) == 3
    assert "No space left on device" in capsys.readouterr().err
    assert sha(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.is_dir()) == ["oversight.duckdb"]
