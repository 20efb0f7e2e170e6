"""8 processes query the warehouse in a loop while 10 builds run, some failing on purpose.
No reader may see an error or an inconsistent database (every view present, one build id)."""

from __future__ import annotations

import multiprocessing as mp
import shutil
import time

import duckdb

from etl.__main__ import main
from etl.checks import PUBLIC_VIEWS
from tests.conftest import copy_real

READERS = 8
BUILDS = 10


def reader(db: str, stop, results) -> None:  # runs in a child process
    queries, errors, builds = 0, [], set()
    while not stop.is_set():
        try:
            con = duckdb.connect(db, read_only=True)
            try:
                views = {r[0] for r in con.execute(  # public views, and marts (tables in the main schema)
                    "SELECT view_name FROM duckdb_views() WHERE NOT internal UNION SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
                ).fetchall()}
                missing = set(PUBLIC_VIEWS) - views
                if missing:
                    errors.append(f"missing views {missing}")
                ids = {r[0] for r in con.execute("SELECT DISTINCT build_id FROM load_log").fetchall()}
                info = con.execute("SELECT build_id FROM build_info").fetchall()
                if len(ids) != 1 or {info[0][0]} != ids:
                    errors.append(f"inconsistent build ids {ids} / {info}")
                n = con.execute("SELECT count(*) FROM indicator_values WHERE value IS NOT NULL").fetchall()[0][0]
                if n == 0:
                    errors.append("no values")
                builds.add(info[0][0])
                queries += 4
            finally:
                con.close()
        except Exception as e:  # any failure is what the test looks for
            if len(errors) < 20:  # enough to say what went wrong, small enough to send back quickly
                errors.append(f"{type(e).__name__}: {e}")
    results.put((queries, errors, sorted(builds)))


def test_rebuilds_while_eight_processes_read(tmp_path, capsys):
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    for kind in ("cin_referrals", "population", "cla_numbers"):
        copy_real(kind, good)
        copy_real(kind, bad)
    broken = next(bad.glob("c1_*"))
    broken.write_text(broken.read_text(encoding="utf-8").replace(",632830,", ",broken,", 1), encoding="utf-8")
    db = tmp_path / "db" / "oversight.duckdb"
    assert main(["build", "--source", str(good), "--db", str(db)]) == 0

    ctx = mp.get_context("spawn")
    stop, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=reader, args=(str(db), stop, results)) for _ in range(READERS)]
    for p in procs:
        p.start()
    time.sleep(2)
    outcomes = []
    for i in range(BUILDS):
        src = bad if i % 3 == 1 else good
        outcomes.append(main(["build", "--source", str(src), "--db", str(db)]))
    time.sleep(1)
    stop.set()
    for p in procs:
        p.join(timeout=180)
    assert [p.exitcode for p in procs] == [0] * READERS, "a reader died or hung"
    collected = [results.get(timeout=10) for _ in procs]
    capsys.readouterr()

    total = sum(q for q, _, _ in collected)
    errors = [e for _, errs, _ in collected for e in errs]
    seen = {b for _, _, bs in collected for b in bs}
    with capsys.disabled():
        print(f"\nrebuild under readers: {READERS} readers ran {total:,} queries across {len(seen)} builds; {outcomes.count(0)} builds succeeded, {BUILDS - outcomes.count(0)} failed on purpose")
    assert errors == []
    assert outcomes.count(0) == 7 and all(code == 2 for code in outcomes if code)
    assert all(q > 0 for q, _, _ in collected)
    assert len(seen) >= 2  # readers saw the database change under them
    assert sorted(p.name for p in db.parent.iterdir()) == ["oversight.duckdb"]
    shutil.rmtree(tmp_path / "db")
