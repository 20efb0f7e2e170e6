"""Timed browser loads: each page of the dashboard against an empty Streamlit page, warm, in
one run (headless Debian Chromium driven by Playwright). Loads are interleaved: each round opens
the empty page and then every page, and a page's ratio is the median over rounds of its time
against that round's empty page, so a machine shared with other work shifts both alike. The
same rounds time a floor: an app with the dashboard's navigation and sidebar picker and then
nothing, one chart, one table, or both (`serve.floor_app`), i.e. what Streamlit itself costs.

Every timed load starts alike: from a blank tab (the page before is closed outside the timing),
on a server the browser has just loaded a page from. In Chromium 150 the first load from a
server after a page of another one reaches domcontentloaded about 200 ms later (about 300 ms
against 85): timed that way, the empty page, and the first page of each server in a round, had
carried a cost the other pages did not.

A load's time is read in the page: from the start of its navigation to the moment it last became
finished (its heading drawn, no running indicator or placeholder left), as a MutationObserver saw
it. Playwright's waits only say when to read it: they poll, at growing intervals, and had added
from a few ms to over 100 ms to a load, most to the fastest (the empty page finished at about
205 ms and was timed at about 320), which had flattered every ratio.

    OVERSIGHT_DB=data/oversight.duckdb python benchmarks/browser_pages.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
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


# in every page: when it last became finished, in ms from the start of its navigation
FINISHED_AT = """(() => {
  const finished = () => !!document.querySelector('[data-testid="stMain"] h1')
    && !document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]');
  let was = false;
  new MutationObserver(() => {
    const now = finished();
    if (now && !was) window.__finishedAt = performance.now();
    was = now;
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-testid"]});
})();"""


def load(page, url: str) -> float:
    """Seconds from the start of the page's navigation until it last became finished."""
    page.goto("about:blank")  # the page before is closed here, not in this page's time
    page.goto(url, wait_until="domcontentloaded")
    page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=60_000)
    page.wait_for_function(serve.DONE, timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0, url
    return page.evaluate("window.__finishedAt") / 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty_proc, empty_base = serve.start(serve.empty_app(Path(tmp)))
        app_proc, app_base = serve.start(serve.SERVED)
        floor_proc, floor_base = serve.start(serve.floor_app(Path(tmp)))
        urls = {f"floor: {name}": f"{floor_base}/{path}" for name, path in serve.FLOOR_PAGES.items()}
        urls |= {name: f"{app_base}/{path}" for name, path in PAGES.items()}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", headless=True,
                                            args=serve.CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.add_init_script(FINISHED_AT)
                load(page, empty_base)
                for url in urls.values():
                    load(page, url)  # warm the caches
                empty, times = [], {name: [] for name in urls}
                for _ in range(args.repeat):
                    load(page, empty_base)  # each server's first load of a round is not timed (see above)
                    empty.append(load(page, empty_base))
                    for server in (floor_base, app_base):
                        mine = {name: url for name, url in urls.items() if url.startswith(f"{server}/")}
                        load(page, next(iter(mine.values())))
                        for name, url in mine.items():
                            times[name].append(load(page, url))
                print(f"empty page: {statistics.median(empty) * 1000:.0f} ms (median of {args.repeat})")
                for name, ts in times.items():
                    ratio = statistics.median(t / e for t, e in zip(ts, empty, strict=True))
                    print(f"{name:22} {statistics.median(ts) * 1000:6.0f} ms   ratio to empty page: {ratio:4.2f}")
                browser.close()
        finally:
            serve.stop(empty_proc)
            serve.stop(app_proc)
            serve.stop(floor_proc)


if __name__ == "__main__":
    main()
