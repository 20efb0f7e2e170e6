"""Entries of a source folder that are not plain files are never opened: a symbolic link to a
file outside the folder is not followed (its content and hash never reach the warehouse), a FIFO
or a device is skipped with a reason (reading a FIFO would block the build)."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb

from tests.conftest import ROOT, copy_real


def build(source, db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", "build", "--source", str(source), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def test_links_out_fifos_and_devices_are_skipped_with_a_reason(tmp_path, source):
    copy_real("cin_referrals", source)
    (source / ".store").mkdir()  # hidden, so only reached through the link below
    population = copy_real("population", source / ".store")
    secret = tmp_path / "secret.csv"
    secret.write_text("time_period,geographic_level,password\n2025,National,hunter2\n")
    (source / "linked.csv").symlink_to(secret)
    os.mkfifo(source / "pipe.csv")
    (source / "null.csv").symlink_to("/dev/null")
    (source / "population.csv").symlink_to(population)
    db = tmp_path / "oversight.duckdb"
    done = build(source, db)
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)
    log = {os.path.basename(p): (status, message, sha) for p, status, message, sha in con.execute("SELECT path, status, message, sha256 FROM load_log").fetchall()}
    con.close()
    assert "outside the source folder" in log["linked.csv"][1] and log["linked.csv"][2] == ""
    assert "secret.csv" not in log and "hunter2" not in done.stdout
    assert "named pipe" in log["pipe.csv"][1]
    assert "outside the source folder" in log["null.csv"][1]
    # a link to a file inside the folder is read like the file
    assert log[population.name][0] == "loaded"


def test_a_device_inside_the_folder_is_skipped(tmp_path, source):
    copy_real("population", source)
    copy_real("cin_referrals", source)
    if os.geteuid() != 0:
        return
    os.mknod(source / "zero.csv", 0o600 | 0o020000, os.makedev(1, 5))  # a character device, like /dev/zero
    done = build(source, tmp_path / "oversight.duckdb")
    assert done.returncode == 0, done.stderr
    assert "a device, not a file" in done.stdout
