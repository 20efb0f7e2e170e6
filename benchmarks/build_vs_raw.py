"""Build time against DuckDB reading the same files raw, measured in one run.

    python benchmarks/build_vs_raw.py [--source DIR] [--repeat N]
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

from etl.build import run
from etl.extract import source_files
from etl.publications.tables import open_workbook, sheet_rows


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parent.parent / "data" / "published")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = source_files([args.source])
    raw_read(files)  # warm the file cache and imports
    raw, build = [], []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        run([args.source], db, progress=lambda _: None)
        for _ in range(args.repeat):
            t = time.perf_counter()
            raw_read(files)
            raw.append(time.perf_counter() - t)
            t = time.perf_counter()
            run([args.source], db, progress=lambda _: None)
            build.append(time.perf_counter() - t)
    r, b = statistics.median(raw), statistics.median(build)
    print(f"files: {len(files)}")
    print(f"raw DuckDB read (median of {args.repeat}): {r:.3f}s")
    print(f"full build      (median of {args.repeat}): {b:.3f}s")
    print(f"ratio build / raw read: {b / r:.2f}")


if __name__ == "__main__":
    main()
