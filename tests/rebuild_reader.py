"""One reader for tests/test_rebuild_under_readers.py, run as its own Python process:
`python tests/rebuild_reader.py DB STOP_FILE VIEW,VIEW,...`.

It queries the warehouse in a loop until STOP_FILE exists, then prints one JSON line:
{"queries": n, "errors": [...], "builds": [...]}. It imports nothing from the project, so what the
parent process has loaded (Streamlit's script runner replaces `__main__`) cannot change it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

MAX_ERRORS = 20  # enough to say what went wrong


def check_once(db: str, views: set[str], errors: list[str], builds: set[str]) -> int:
    con = duckdb.connect(db, read_only=True)
    try:
        present = {r[0] for r in con.execute(  # public views, and any mart written as a table
            "SELECT view_name FROM duckdb_views() WHERE NOT internal "
            "UNION SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
        ).fetchall()}
        if views - present:
            errors.append(f"missing views {sorted(views - present)}")
        ids = {r[0] for r in con.execute("SELECT DISTINCT build_id FROM load_log").fetchall()}
        info = con.execute("SELECT build_id FROM build_info").fetchall()
        if len(ids) != 1 or {info[0][0]} != ids:
            errors.append(f"inconsistent build ids {ids} / {info}")
        n = con.execute("SELECT count(*) FROM indicator_values WHERE value IS NOT NULL").fetchall()[0][0]
        if n == 0:
            errors.append("no values")
        builds.add(info[0][0])
        return 4
    finally:
        con.close()


def main(db: str, stop: str, views: str) -> None:
    queries, errors, builds = 0, [], set()
    wanted = set(views.split(","))
    while not Path(stop).exists():
        try:
            queries += check_once(db, wanted, errors, builds)
        except Exception as e:  # any failure is what the test looks for
            errors.append(f"{type(e).__name__}: {e}")
        del errors[MAX_ERRORS:]
    print(json.dumps({"queries": queries, "errors": errors, "builds": sorted(builds)}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
