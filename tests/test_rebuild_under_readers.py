"""8 processes query the warehouse in a loop while 10 builds run, some failing on purpose.
Each reader is its own Python process (tests/rebuild_reader.py). No reader may see an error or an inconsistent database (every view present, one build id)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from etl.__main__ import main
from etl.checks import PUBLIC_VIEWS
from tests.conftest import copy_real

READERS = 8
BUILDS = 10
READER = Path(__file__).with_name("rebuild_reader.py")


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

    stop = tmp_path / "stop"
    procs = [
        subprocess.Popen(
            [sys.executable, str(READER), str(db), str(stop), ",".join(PUBLIC_VIEWS)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(READERS)
    ]
    time.sleep(2)
    outcomes = []
    for i in range(BUILDS):
        src = bad if i % 3 == 1 else good
        outcomes.append(main(["build", "--source", str(src), "--db", str(db)]))
    time.sleep(1)
    stop.touch()
    finished = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0] * READERS, f"a reader died: {[err for _, err in finished if err][:1]}"
    collected = [json.loads(out) for out, _ in finished]
    collected = [(c["queries"], c["errors"], c["builds"]) for c in collected]
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
