"""axe-core (bundled by the axe-playwright-python package) on every page in headless Chromium: no
serious or critical WCAG 2.2 A/AA violation; each page has its own title and headings in order."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from benchmarks import serve
from tests.test_browser import browser, server  # noqa: F401  (the shared fixtures)

AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
PAGES = [  # (path, document title, text that shows the page has drawn)
    ("national", "National picture", "How fresh the data is"),
    ("compare?area=E09000014&indicator=cla_rate_per_10k&year=2025", "Compare authorities", "Two indicators together"),
    ("neighbours?area=E09000014&indicator=rereferrals_pct", "Neighbour table", "Download Excel (XLSX)"),
    ("trends?area=E09000014&indicator=cla_rate_per_10k", "Trends", "Every headline indicator for"),
    ("profile?area=E09000014", "LA profile", "Ofsted timeline"),
    ("ofsted", "Ofsted", "Sub-judgements at the latest inspection"),
    ("watchlist", "Watchlist", "How often each rule fires"),
    ("report?year=2025", "Annual report pack", "Build report pack"),
    ("data", "Data and definitions", "Suppressed values by indicator and year"),
    ("map?show=ofsted&area=E09000014", "Map", "Local authorities good or outstanding since 2009"),
    ("profile?area=E92000001", "LA profile", "Ofsted timeline"),
]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def warm(server, browser):  # noqa: F811
    """Open the home page once, so the server has run the navigation before any deep link."""
    page = browser.new_page()
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("National picture").first.wait_for(timeout=60_000)
    page.close()
    return server


@pytest.mark.parametrize(("path", "title", "final"), PAGES, ids=[p[0].split("?")[0] for p in PAGES])
def test_no_serious_or_critical_violation(warm, browser, path, title, final):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{warm}/{path}", wait_until="domcontentloaded")
        page.get_by_text(final, exact=False).first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        page.wait_for_timeout(500)
        assert page.title().startswith(title), page.title()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
        levels = page.evaluate("() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(h => h.offsetParent !== null).map(h => +h.tagName[1])")
    finally:
        page.close()
    bad = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["html"][:160] for n in v["nodes"][:3]]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], json.dumps(bad, indent=1)
    assert levels and levels[0] == 1, levels
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


@pytest.mark.parametrize(("path", "title", "final"), PAGES, ids=[p[0].split("?")[0] for p in PAGES])
def test_no_sideways_scrolling_at_420px(warm, browser, path, title, final):  # noqa: F811
    """WCAG reflow: usable at 420 CSS px wide (about 200% zoom of an 840 px window) without scrolling sideways."""
    page = browser.new_page(viewport={"width": 420, "height": 900})
    try:
        page.goto(f"{warm}/{path}", wait_until="domcontentloaded")
        page.get_by_text(final, exact=False).first.wait_for(state="attached", timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        assert page.evaluate("document.documentElement.scrollWidth") <= 420
    finally:
        page.close()
