"""oversight status: what the database holds and where it came from, as text or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

from etl import publish
from oversight import db as database
from oversight import provenance_queries

NO_DATABASE = 1


def collect(db: Path) -> dict:
    con = database.connect(db)
    try:
        info = provenance_queries.status_build(con).row(0, named=True)
        return {
            "database": str(db),
            **info,
            "built_at": str(info["built_at"]),
            "indicators": provenance_queries.status_indicators(con).to_dicts(),
            "files": provenance_queries.status_files(con).to_dicts(),
            "reconciliation_disagreements": provenance_queries.status_disagreement_count(con),
        }
    except duckdb.Error as e:
        raise database.DatabaseError(db, f"cannot be read ({publish.first_line(e)})") from None
    finally:
        con.close()


def status(db: Path, as_json: bool = False) -> int:
    try:
        s = collect(db)
    except database.DatabaseMissing:
        if as_json:
            print(json.dumps({"database": str(db), "error": "no database"}))
        else:
            print(f"no database at {db}; build it with: oversight build (or python -m etl build)")
        return NO_DATABASE
    except database.DatabaseError as e:  # damaged, empty or of the wrong shape
        if as_json:
            print(json.dumps({"database": str(db), "error": str(e)}))
        else:
            print(f"error: {e}", file=sys.stderr)
        return NO_DATABASE
    if as_json:
        print(json.dumps(s, indent=2))
        return 0
    print(f"database: {db}\nbuild: {s['build_id']} at {s['built_at']} UTC\nsources: {s['sources']}")
    print(f"files loaded: {s['files_loaded']}, indicator values: {s['value_rows']:,}, warnings: {s['warnings']}")
    print("\nindicators (years, areas with a value):")
    for i in s["indicators"]:
        print(f"  {i['indicator_id']:28} {i['first_year']}-{i['last_year']}  {i['areas']} areas")
    print("\nfiles:")
    for f in s["files"]:
        print(f"  {f['status']:8} {f['publication'] or '-':26} {f['rows']:>8,} rows  {f['sha256'][:12]}  {f['path']}")
    print(f"\nreconciliation disagreements beyond rounding: {s['reconciliation_disagreements']}")
    return 0
