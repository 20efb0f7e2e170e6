"""Build time against DuckDB reading the same files raw, measured in one run.

    python benchmarks/build_vs_raw.py [--source DIR] [--repeat N] [--steps]

The raw read loads every value of every file into an in-memory DuckDB table (CSV as text);
counting rows alone is printed beside it, for comparison with earlier figures, though DuckDB
counts a parquet file's rows from its footer without reading a value. Wall-clock ratio first; on a shared machine the ratio of the process's CPU time (every thread)
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
from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl import checks
from etl.build import run
from etl.extract import extract, source_files
from etl.publications.sheets import sheet_rows
from etl.warehouse import transform
from etl.writer import MARTS_SQL, write

# every value of a file loaded into one in-memory table (replaced by the next file), or its rows counted
LOAD = {
    ".csv": "CREATE OR REPLACE TABLE loaded AS SELECT * FROM read_csv(?, all_varchar=true, header=true, null_padding=true, strict_mode=false)",
    ".parquet": "CREATE OR REPLACE TABLE loaded AS SELECT * FROM read_parquet(?)",
}
COUNT = {
    ".csv": "SELECT count(*) FROM read_csv(?, all_varchar=true, header=true, null_padding=true, strict_mode=false)",
    ".parquet": "SELECT count(*) FROM read_parquet(?)",
}


def raw_read(files: list[Path], count_only: bool = False) -> int:
    """DuckDB loads every CSV (as text) and parquet file into an in-memory table, every value read;
    workbooks are parsed by the reader the ETL uses (calamine), unscreened. count_only counts rows instead of loading
    them, which DuckDB answers for a parquet file from its footer without reading a value."""
    con = duckdb.connect()
    rows = 0
    for f in files:
        if f.suffix in (".ods", ".xlsx"):
            book = CalamineWorkbook.from_path(str(f))
            rows += sum(len(sheet_rows(f, book, s)) for s in book.sheet_names)
        elif f.suffix in LOAD and count_only:
            rows += con.execute(COUNT[f.suffix], [str(f)]).fetchall()[0][0]
        elif f.suffix in LOAD:
            con.execute(LOAD[f.suffix], [str(f)])
            rows += con.execute("SELECT count(*) FROM loaded").fetchall()[0][0]
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
    wall: dict[str, list[float]] = {"raw": [], "count": [], "build": []}
    cpu: dict[str, list[float]] = {"raw": [], "count": [], "build": []}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        run([args.source], db, progress=lambda _: None)
        for _ in range(args.repeat):
            for name, step, step_args in (("raw", raw_read, (files,)), ("count", raw_read, (files, True)),
                                          ("build", run, ([args.source], db, lambda _: None))):
                _, w, c = timed(step, *step_args)
                wall[name].append(w)
                cpu[name].append(c)
        r, n, b = (statistics.median(wall[k]) for k in ("raw", "count", "build"))
        rc, nc, bc = (statistics.median(cpu[k]) for k in ("raw", "count", "build"))
        print(f"files: {len(files)}")
        print(f"raw DuckDB read, every value loaded (median of {args.repeat}): {r:.3f}s wall, {rc:.3f}s CPU")
        print(f"rows counted only, parquet from its footer (median of {args.repeat}): {n:.3f}s wall, {nc:.3f}s CPU")
        print(f"full build (median of {args.repeat}): {b:.3f}s wall, {bc:.3f}s CPU")
        print(f"ratio build / raw read: {b / r:.2f} (CPU time: {bc / rc:.2f})")
        print(f"ratio build / rows counted: {b / n:.2f} (CPU time: {bc / nc:.2f})")
        if args.steps:
            print(f"build steps (median of {args.repeat}, wall):")
            steps(args.source, db, args.repeat)


if __name__ == "__main__":
    main()
