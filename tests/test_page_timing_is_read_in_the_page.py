"""`benchmarks/browser_pages.py` reads a load's time in the page, from the start of its navigation to
when it last became finished (heading drawn, no running indicator or placeholder), where Playwright's
polling waits had added up to 100 ms to the fastest loads. The observer must see a real page finish."""

from __future__ import annotations

from benchmarks import serve
from benchmarks.browser_pages import FINISHED_AT
from tests.test_browser import browser, server  # noqa: F401 - the shared browser and served app


def test_a_page_says_when_it_finished(server, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(FINISHED_AT)
    try:
        page.goto(f"{server}/report?year=2025", wait_until="domcontentloaded")
        page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        page.get_by_text("632,830 referrals").first.wait_for(timeout=60_000)  # the page's figures are drawn by then
        finished, now, loaded = page.evaluate(
            "[window.__finishedAt, performance.now(), performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd]")
        assert loaded < finished <= now  # after the page's own code ran, and not after it was read
    finally:
        page.close()
