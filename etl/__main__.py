"""python -m etl build | check | status | report | returns"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import paths
from etl.errors import InputError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Build and inspect the Safeguarding Oversight warehouse.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the warehouse from the published files")
    b.add_argument("--source", action="append", type=Path, help=f"folder of published files (repeatable; default {paths.DEFAULT_SOURCE})")
    b.add_argument("--db", type=Path, help="database path (default $OVERSIGHT_DB or data/oversight.duckdb)")
    c = sub.add_parser("check", help="validate the published files and write nothing")
    c.add_argument("--source", action="append", type=Path, help="folder of published files (repeatable)")
    s = sub.add_parser("status", help="what the database holds and where it came from")
    s.add_argument("--db", type=Path)
    r = sub.add_parser("report", help="write the annual report pack")
    r.add_argument("--year", type=int, required=True)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--db", type=Path)
    # local returns: an authority's own CIN census and SSDA903 into a separate local database
    lr = sub.add_parser("returns", help="read an authority's own returns into the local database (never the warehouse)")
    lr.add_argument("--source", action="append", type=Path, required=True, help="folder or file of returns (repeatable)")
    lr.add_argument("--la", help="LA number (3 digits) or ONS code; the CIN census says it itself")
    lr.add_argument("--db", type=Path, help="local database (default data/local.duckdb)")
    lr.add_argument("--warehouse", type=Path, help="published warehouse to read populations from, read-only (default $OVERSIGHT_DB or data/oversight.duckdb)")
    args = parser.parse_args(argv)
    if args.command == "returns":
        from etl.returns.command import run as returns

        return returns(args.source, args.la, args.db, args.warehouse)
    try:
        if args.command in ("build", "check"):
            return _build(args)
        if args.command == "status":
            from etl.status import status

            return status(paths.db_path(args.db))
        from etl.report_command import report

        return report(paths.db_path(args.db), args.year, args.out)
    except InputError as e:
        print(f"error: {e.describe()}", file=sys.stderr)
        if args.command == "build":
            print("The previous database, if any, is unchanged.", file=sys.stderr)
        return 2


def _build(args: argparse.Namespace) -> int:
    from etl.build import run
    from etl.warehouse import BuildFailed

    sources = args.source or [paths.DEFAULT_SOURCE]
    db = paths.db_path(args.db) if args.command == "build" else None
    print(f"{'Building ' + str(db) if db else 'Checking'} from {', '.join(map(str, sources))}")
    try:
        summary = run(sources, db)
    except BuildFailed as e:
        print(f"error: the new database failed its checks: {e}\nThe previous database, if any, is unchanged.", file=sys.stderr)
        return 3
    for line in summary.lines():
        print(line)
    if db:
        print(f"wrote {db} (build {summary.build_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
