"""The `oversight` command: build | check | status | report | fetch | serve | returns.

Exit codes (also in the README):
  0  success
  1  status: there is no database yet
  2  bad input: a file, a folder, an argument or a year the warehouse does not hold
  3  the new database failed its checks (the previous one is unchanged)
  4  fetch: the publishers could not be reached or a download failed its checks (nothing changed)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from etl import paths
from etl.errors import InputError

OK, NO_DATABASE, BAD_INPUT, FAILED_CHECKS, FETCH_FAILED = 0, 1, 2, 3, 4


def parser(prog: str = "oversight") -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print only errors (and the result of status)")
    p = argparse.ArgumentParser(prog=prog, description="Build, inspect and serve the Safeguarding Oversight warehouse.", parents=[common])
    sub = p.add_subparsers(dest="command", required=True)
    src_help = f"folder of published files (repeatable; default {paths.PUBLISHED.relative_to(paths.ROOT)}/ plus {paths.RAW.relative_to(paths.ROOT)}/ if it exists)"
    db_help = "database path (default $OVERSIGHT_DB or data/oversight.duckdb)"
    b = sub.add_parser("build", parents=[common], help="build the warehouse from the published files")
    b.add_argument("--source", action="append", type=Path, help=src_help)
    b.add_argument("--db", type=Path, help=db_help)
    b.add_argument("--allow-loss", action="store_true", help="publish even if the database being replaced holds data this build does not (recorded in build_losses)")
    c = sub.add_parser("check", parents=[common], help="validate the published files and write nothing")
    c.add_argument("--source", action="append", type=Path, help=src_help)
    s = sub.add_parser("status", parents=[common], help="what the database holds and where it came from")
    s.add_argument("--db", type=Path, help=db_help)
    s.add_argument("--json", action="store_true", help="print one JSON object (for scripts)")
    r = sub.add_parser("report", parents=[common], help="write the annual report pack")
    r.add_argument("--year", type=int, required=True)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--db", type=Path, help=db_help)
    r.add_argument("--area", help="an LA's ONS code: write its scrutiny pack (against its neighbours, region and England) instead")
    f = sub.add_parser("fetch", parents=[common], help="download the latest release of every publication")
    f.add_argument("--to", type=Path, default=paths.RAW, help=f"where to write the downloads (default {paths.RAW.relative_to(paths.ROOT)}/)")
    # local returns: an authority's own CIN census and SSDA903 into a separate local database
    lr = sub.add_parser("returns", parents=[common], help="read an authority's own returns into the local database (never the warehouse)")
    lr.add_argument("--source", action="append", type=Path, required=True, help="folder or file of returns (repeatable)")
    lr.add_argument("--la", help="LA number (3 digits) or ONS code; the CIN census says it itself")
    lr.add_argument("--db", type=Path, help="local database (default data/local.duckdb)")
    lr.add_argument("--warehouse", type=Path, help="published warehouse to read populations from, read-only (default $OVERSIGHT_DB or data/oversight.duckdb)")
    v = sub.add_parser("serve", parents=[common], help="start the dashboard")
    v.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    v.add_argument("--port", type=int, default=8501)
    v.add_argument("--db", type=Path, help=db_help)
    return p


def main(argv: list[str] | None = None, prog: str = "oversight") -> int:
    args = parser(prog).parse_args(argv)
    args.quiet = getattr(args, "quiet", False)  # accepted before or after the command
    if args.command == "returns":
        from etl.returns.command import run as returns

        return returns(args.source, args.la, args.db, args.warehouse)
    try:
        if args.command in ("build", "check"):
            return _build(args)
        if args.command == "status":
            from oversight.status import status

            return status(paths.db_path(args.db), as_json=args.json)
        if args.command == "report":
            from oversight.report_command import report

            return report(paths.db_path(args.db), args.year, args.out, quiet=args.quiet, area=args.area)
        if args.command == "fetch":
            from etl.fetch import fetch, load_sources
            from oversight.progress import bar

            with bar(len(load_sources()), "downloading", quiet=args.quiet) as step:
                return fetch(args.to, step, say=step.say)
        return serve(args.host, args.port, args.db, quiet=args.quiet)
    except InputError as e:
        print(f"error: {e.describe()}", file=sys.stderr)
        if args.command == "build":
            print("The previous database, if any, is unchanged.", file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted; nothing was replaced", file=sys.stderr)
        return 130


def _build(args: argparse.Namespace) -> int:
    from etl.build import run
    from etl.extract import source_files
    from etl.publish import BuildFailed
    from oversight.progress import bar

    sources = args.source or paths.default_sources()
    db = paths.db_path(args.db) if args.command == "build" else None
    if not args.quiet:
        print(f"{'Building ' + str(db) if db else 'Checking'} from {', '.join(map(str, sources))}")
    with bar(len(source_files(sources)), "reading files", quiet=args.quiet) as progress:
        try:
            summary = run(sources, db, progress.say, progress.tick, allow_loss=getattr(args, "allow_loss", False))
        except BuildFailed as e:
            print(f"error: {e}\nThe previous database, if any, is unchanged.", file=sys.stderr)
            return FAILED_CHECKS
    if not args.quiet:
        for line in summary.lines():
            print(line)
        if db:
            print(f"wrote {db} (build {summary.build_id})")
    return OK


SERVED = Path(__file__).with_name("serving.py")  # dashboard.py as served: oversight/serving.py


def serve(host: str, port: int, db: Path | None = None, quiet: bool = False) -> int:
    """Run the dashboard with the project's settings (.streamlit/config.toml) on host:port."""
    env = dict(os.environ)
    if db:
        env["OVERSIGHT_DB"] = str(db.resolve())
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(SERVED),
        "--server.address", host, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    if quiet:
        cmd += ["--logger.level", "error"]
    else:
        print(f"Serving the dashboard at http://{host}:{port} (Ctrl+C stops it)", flush=True)
    return _run(cmd, env)


def _run(cmd: list[str], env: dict[str, str]) -> int:
    """Become the Streamlit server (so signals such as a container's SIGTERM reach it), or wait for it."""
    os.chdir(paths.ROOT)
    if os.name == "posix":
        os.execve(cmd[0], cmd, env)  # noqa: S606 (our own interpreter, fixed arguments)
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return OK


if __name__ == "__main__":  # python -m oversight.cli, as python -m oversight
    sys.exit(main())
