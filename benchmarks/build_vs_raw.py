"""Build time against DuckDB reading the same files raw, measured in one run.

    python benchmarks/build_vs_raw.py [--source DIR] [--repeat N] [--steps]

Wall-clock ratio first; on a shared machine the ratio of the process's CPU time (every thread)
moves less from run to run, so it is printed too. --steps adds where the build's time goes:
extract, transform and write timed apart, and within the write the mart and the checks run
again on the finished warehouse.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl import checks
from etl.build import run
from etl.extract import extract, source_files
from etl.publications.sheets import open_workbook, sheet_rows
from etl.warehouse import MARTS_SQL, transform, write


def raw_read(files: list[Path]) -> int:
    """DuckDB reads every CSV and parquet file as text; workbooks are read by the same reader the ETL uses."""
    con = duckdb.connect()
    rows = 0
    for f in files:
        if f.suffix == ".csv":
            rows += con.execute("SELECT count(*) FROM read_csv(?, all_varchar=true, header=true, null_padding=true, strict_mode=false)", [str(f)]).fetchall()[0][0]
        elif f.suffix == ".parquet":
            rows += con.execute("SELECT count(*) FROM (SELECT * FROM read_parquet(?))", [str(f)]).fetchall()[0][0]
        elif f.suffix in (".ods", ".xlsx"):
            book = open_workbook(f)
            rows += sum(len(sheet_rows(f, book, s)) for s in book.sheet_names)
    con.close()
    return rows


def timed(step, *args):
    """(result, wall seconds, CPU seconds of the process)."""
    t, c = time.perf_counter(), time.process_time()
    out = step(*args)
    return out, time.perf_counter() - t, time.process_time() - c


def steps(source: Path, db: Path, repeat: int) -> None:
    """Median wall seconds of each step of the build."""
    rows: dict[str, list[float]] = {}
    for _ in range(repeat):
        ex, t_ex, _ = timed(extract, [source])
        tables, t_tr, _ = timed(transform, ex)
        _, t_wr, _ = timed(write, db, ex, tables, [source])
        con = duckdb.connect(str(db))
        con.execute("BEGIN TRANSACTION")
        _, t_mart, _ = timed(con.execute, MARTS_SQL.read_text(encoding="utf-8"))
        con.execute("ROLLBACK")
        _, t_chk, _ = timed(checks.run_all, con)
        con.close()
        for name, secs in (("extract (recognise, read and type every file)", t_ex), ("transform (values, LAIT measures, reconcile, revisions)", t_tr),
                           ("write (tables, views, mart, comments, checks, swap)", t_wr), ("  of which the indicator_comparison mart", t_mart),
                           ("  of which the checks", t_chk)):
            rows.setdefault(name, []).append(secs)
    for name, secs in rows.items():
        print(f"  {name:58s} {statistics.median(secs):.3f}s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parent.parent / "data" / "published")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--steps", action="store_true", help="also time each step of the build")
    args = parser.parse_args()
    files = source_files([args.source])
    raw_read(files)  # warm the file cache and imports
    raw, build, raw_cpu, build_cpu = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        run([args.source], db, progress=lambda _: None)
        for _ in range(args.repeat):
            _, wall, cpu = timed(raw_read, files)
            raw.append(wall)
            raw_cpu.append(cpu)
            _, wall, cpu = timed(run, [args.source], db, lambda _: None)
            build.append(wall)
            build_cpu.append(cpu)
        r, b = statistics.median(raw), statistics.median(build)
        rc, bc = statistics.median(raw_cpu), statistics.median(build_cpu)
        print(f"files: {len(files)}")
        print(f"raw DuckDB read (median of {args.repeat}): {r:.3f}s wall, {rc:.3f}s CPU")
        print(f"full build      (median of {args.repeat}): {b:.3f}s wall, {bc:.3f}s CPU")
        print(f"ratio build / raw read: {b / r:.2f} (CPU time: {bc / rc:.2f})")
        if args.steps:
            print(f"build steps (median of {args.repeat}, wall):")
            steps(args.source, db, args.repeat)


if __name__ == "__main__":
    main()
