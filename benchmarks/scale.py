"""Growth of build time, warehouse size, query time and page time at 1x, 10x and 100x the areas
over 30 years, on synthetic publications with the real schema. Ratios are against 1x, in one run.

    python benchmarks/scale.py [--factors 1 10 100] [--years 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import generate
from etl.build import run
from oversight import db
from oversight import queries as q

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def page_time(database: Path) -> float:
    from streamlit.testing.v1 import AppTest

    os.environ["OVERSIGHT_DB"] = str(database)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.query_params.update({"area": "E99000000", "indicator": "referrals_rate_per_10k", "year": "2025"})
    at.run()
    at.switch_page("pages/compare.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return timed(at.run)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factors", type=float, nargs="+", default=[1, 10, 100])
    parser.add_argument("--years", type=int, default=30)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for factor in args.factors:
            src = Path(tmp) / f"x{factor:g}"
            rows = generate(src, factor, args.years)
            os.environ["OVERSIGHT_EXTRA_AREAS"] = str(src / "extra_areas.csv")
            database = Path(tmp) / f"x{factor:g}.duckdb"
            build = timed(lambda src=src, database=database: run([src], database, progress=lambda _: None), repeat=1)
            con = db.connect(database)
            query = timed(lambda con=con: q.compare_table(con, "referrals_rate_per_10k", 2025, "E99000000"))
            series = timed(lambda con=con: q.series(con, "referrals_rate_per_10k", ["E99000000"]))
            con.close()
            page = page_time(database)
            results.append((factor, rows, build, database.stat().st_size, query, series, page))
    base = results[0]
    print(f"{'scale':>6} {'rows':>10} {'build s':>8} {'size MB':>8} {'rank ms':>8} {'series ms':>9} {'page ms':>8} | growth against 1x: rows, build, size, rank, page")
    for f, rows, build, size, query, series, page in results:
        print(
            f"{f:>5g}x {rows:>10,} {build:>8.2f} {size / 1e6:>8.1f} {query * 1000:>8.1f} {series * 1000:>9.1f} {page * 1000:>8.0f} | "
            f"{rows / base[1]:.1f}, {build / base[2]:.1f}, {size / base[3]:.1f}, {query / base[4]:.1f}, {page / base[6]:.1f}"
        )


if __name__ == "__main__":
    main()
