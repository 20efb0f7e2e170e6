"""Timed browser loads: each page of the dashboard against an empty Streamlit page, warm, in
one run (headless Debian Chromium driven by Playwright).

    OVERSIGHT_DB=data/oversight.duckdb python benchmarks/browser_pages.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import serve

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "national": "",
    "compare": "compare?area=E09000014&indicator=cla_rate_per_10k&year=2025",
    "trends": "trends?area=E09000014&indicator=cla_rate_per_10k",
    "profile": "profile?area=E09000014",
    "ofsted": "ofsted",
    "watchlist": "watchlist",
    "report": "report",
    "data": "data",
}


def load(page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=60_000)
    page.wait_for_function(serve.DONE, timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0, url
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty_proc, empty_base = serve.start(serve.empty_app(Path(tmp)))
        app_proc, app_base = serve.start(ROOT / "dashboard.py")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", headless=True,
                                            args=serve.CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                load(page, empty_base)
                base = statistics.median(load(page, empty_base) for _ in range(args.repeat))
                print(f"empty page: {base * 1000:.0f} ms")
                for name, path in PAGES.items():
                    load(page, f"{app_base}/{path}")  # warm the caches
                    t = statistics.median(load(page, f"{app_base}/{path}") for _ in range(args.repeat))
                    print(f"{name:10} {t * 1000:6.0f} ms   ratio to empty page: {t / base:4.1f}")
                browser.close()
        finally:
            serve.stop(empty_proc)
            serve.stop(app_proc)


if __name__ == "__main__":
    main()
