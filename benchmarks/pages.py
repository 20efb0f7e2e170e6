"""Warm run time of each page (AppTest) against an empty Streamlit page, measured in one run.

    OVERSIGHT_DB=data/oversight.duckdb python benchmarks/pages.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import serve
from tests.apptest import open_page

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "national": (None, {}),
    "compare": ("pages/compare.py", {"area": "E09000014", "indicator": "cla_rate_per_10k", "year": "2025"}),
    "trends": ("pages/trends.py", {"area": "E09000014", "indicator": "cla_rate_per_10k"}),
    "profile": ("pages/profile.py", {"area": "E09000014"}),
    "ofsted": ("pages/ofsted.py", {}),
    "watchlist": ("pages/watchlist.py", {}),
    "report": ("pages/report.py", {"year": "2025"}),
    "data": ("pages/data.py", {}),
}


def timed(app: str, page: str | None, params: dict, repeat: int) -> float:
    at = open_page(page, app, **params)  # opened as the page tests open it: warm, caches filled
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
        assert not at.exception, [e.value for e in at.exception]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = timed(str(serve.empty_app(Path(tmp))), None, {}, args.repeat)
    print(f"empty page: {base * 1000:.1f} ms")
    for name, (page, params) in PAGES.items():
        t = timed(str(ROOT / "dashboard.py"), page, params, args.repeat)
        print(f"{name:10} {t * 1000:8.1f} ms   ratio to empty page: {t / base:5.1f}")


if __name__ == "__main__":
    main()
