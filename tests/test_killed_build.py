"""A build killed half-way (SIGKILL) leaves its temporary files; the next build removes them,
but never those of a build that is still running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from etl import publish
from etl.__main__ import main
from tests.conftest import ROOT, copy_real

# a build that stops for good just before its checks, once the temporary file is written
SLOW_BUILD = """
import sys, time
from etl import publish
from etl.__main__ import main
def verify(*args):
    time.sleep(600)
publish.verify = verify
sys.exit(main(sys.argv[1:]))
"""


def start_slow_build(source, db) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SLOW_BUILD, "build", "--source", str(source), "--db", str(db)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_temporary_file(db, proc) -> list[str]:
    for _ in range(600):
        names = sorted(p.name for p in db.parent.glob(".*.building"))
        if names:
            return names
        assert proc.poll() is None, "the slow build ended early"
        time.sleep(0.1)
    raise AssertionError("no temporary file appeared")


def test_next_build_removes_a_killed_builds_files(tmp_path, source, capsys):
    copy_real("population", source)
    copy_real("cin_referrals", source)
    db = tmp_path / "db" / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    proc = start_slow_build(source, db)
    try:
        wait_for_temporary_file(db, proc)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    left = sorted(p.name for p in db.parent.iterdir())
    assert any(n.endswith(".building") for n in left) and any(n.endswith(".lock") for n in left), left
    capsys.readouterr()
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    assert "interrupted" in capsys.readouterr().out
    assert sorted(p.name for p in db.parent.iterdir()) == ["oversight.duckdb"]


def test_a_running_builds_files_are_kept(tmp_path, source):
    copy_real("population", source)
    copy_real("cin_referrals", source)
    db = tmp_path / "db" / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    proc = start_slow_build(source, db)
    try:
        running = wait_for_temporary_file(db, proc)
        assert publish.remove_stale(db) == []
        assert main(["build", "--source", str(source), "--db", str(db)]) == 0
        assert sorted(p.name for p in db.parent.glob(".*.building")) == running
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    # the killed build's .building file and its lock, and its WAL if the kill came while it had one
    removed = sorted(p.name for p in publish.remove_stale(db))
    stem = running[0]
    assert {stem, stem.replace(".building", ".lock")} <= set(removed) <= {stem, stem.replace(".building", ".lock"), stem + ".wal"}, removed
    assert sorted(p.name for p in db.parent.iterdir()) == ["oversight.duckdb"]
