"""python -m etl status: what the database holds and where it came from."""

from __future__ import annotations

from pathlib import Path

import duckdb


def status(db: Path) -> int:
    if not db.exists():
        print(f"no database at {db}; build it with: python -m etl build --source DIR")
        return 1
    con = duckdb.connect(str(db), read_only=True)
    try:
        build_id, built_at, sources, files, rows, warnings, _ = con.execute("SELECT * FROM build_info").fetchall()[0]
        print(f"database: {db}\nbuild: {build_id} at {built_at} UTC\nsources: {sources}")
        print(f"files loaded: {files}, indicator values: {rows:,}, warnings: {warnings}")
        print("\nindicators (years, areas with a value):")
        for ind, y0, y1, n in con.execute(
            "SELECT indicator_id, min(time_period), max(time_period), count(DISTINCT area_code) FILTER (WHERE value IS NOT NULL) FROM indicator_values GROUP BY 1 ORDER BY 1"
        ).fetchall():
            print(f"  {ind:28} {y0}-{y1}  {n} areas")
        print("\nfiles:")
        for path, pub, n, status, sha in con.execute("SELECT path, publication, rows, status, sha256 FROM load_log ORDER BY path").fetchall():
            print(f"  {status:8} {pub or '-':26} {n:>8,} rows  {sha[:12]}  {path}")
        bad = con.execute("SELECT count(*) FROM reconciliation WHERE NOT within_tolerance").fetchall()[0][0]
        print(f"\nreconciliation disagreements beyond rounding: {bad}")
    finally:
        con.close()
    return 0
