"""The real server in headless Chromium (Debian's, driven by Playwright): every page and deep links."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from benchmarks import serve
from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
PAGES = [  # (name, path, key text, text near the end of the page)
    ("national", "", "Children looked after per 10,000 children (2025)", "How fresh the data is"),
    ("compare", "compare?area=E09000014&indicator=cla_rate_per_10k&year=2025", "61 at 31 March 2025", "Two indicators together"),
    ("neighbours", "neighbours?area=E09000014&indicator=rereferrals_pct", "against each of its statistical neighbours", "Download table as Excel (XLSX)"),
    ("trends", "trends?area=E06000063&indicator=cla_rate_per_10k&compare_to=region", "Cumberland was formed from part of Cumbria (until 2023)", "Every headline indicator for"),
    ("profile", "profile?area=E09000014", "Haringey: profile", "Scrutiny pack"),
    ("ofsted", "ofsted", "Current overall judgement by region", "Sub-judgements at the latest inspection"),
    ("map", "map?show=ofsted&area=E09000014", "Map of England", "Local authorities good or outstanding since 2009"),
    ("data", "data?tab=Reconciliation", "Every compared figure agrees within rounding.", "Figures published twice, compared."),
    ("watchlist", "watchlist", "local authorities", "Why each authority is flagged"),
    ("report", "report?year=2025", "632,830 referrals", "Build report pack"),
    ("bad-link", "compare?area=nowhere&indicator=nothing&year=abc", "Unknown area 'nowhere'", "Two indicators together"),
    ("markdown-link", "compare?area=%5Bx%5D(http://evil/)%20!%5Bt%5D(http://evil/u.png)&year=%C2%B2", "Unknown area '[x](http://evil/)", "Two indicators together"),
]


@pytest.fixture(scope="module")
def server(warehouse):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"chromium not found at {CHROMIUM}")
        pytest.skip("chromium is not installed")
    proc, url = serve.start(serve.SERVED, env=os.environ | {"OVERSIGHT_DB": str(warehouse)})
    yield url
    serve.stop(proc)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=serve.CHROMIUM_ARGS,
        )
        yield b
        b.close()


@pytest.mark.parametrize(("name", "path", "expected", "final"), PAGES, ids=[p[0] for p in PAGES])
def test_page_in_browser(server, browser, name, path, expected, final):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []  # offline assets: every request must go to the server itself
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server + "/", "data:", "blob:")) and r.url != server else None)
    try:
        page.goto(f"{server}/{path}", wait_until="domcontentloaded")
        page.get_by_text(expected, exact=False).first.wait_for(timeout=60_000)
        page.get_by_text(final, exact=False).first.wait_for(timeout=60_000)
        # wait until the script run has finished
        page.wait_for_function(serve.DONE, timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_text("Page not found").count() == 0, "the link does not name a page of the app"
        assert page.locator("a[href*='evil'], img[src*='evil']").count() == 0
        if name == "profile":  # the browser's tab names the authority, not "LA profile" for every one
            assert page.title() == "Haringey: profile · Safeguarding Oversight"
        if name not in ("data", "profile", "watchlist", "report"):
            page.locator("[data-testid=\"stVegaLiteChart\"] canvas, [data-testid=\"stVegaLiteChart\"] svg").first.wait_for(timeout=60_000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    finally:
        page.close()
    assert outside == [], f"requests to other hosts: {outside}"


def test_deep_link_on_a_fresh_server_goes_through_the_navigation(warehouse, browser):
    """The first visitor of a fresh server who opens /profile gets the app's own navigation and
    page, not Streamlit's file-name navigation for a `pages/` folder."""
    proc, url = serve.start(serve.SERVED, env=os.environ | {"OVERSIGHT_DB": str(warehouse)})
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{url}/profile?area=E08000029", wait_until="domcontentloaded")
        page.get_by_text("Solihull: profile").first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "LA profile" in nav and "National picture" in nav and "dashboard" not in nav
    finally:
        page.close()
        serve.stop(proc)


def test_a_short_list_of_explanations_has_no_empty_rows_under_it(server, browser):
    """The watchlist's explanations kept 600 px whatever they held: Solihull's three sat above rows of
    nothing. A short list is as tall as its rows; the whole list stops at 600 px and scrolls."""
    heights = {}
    for name, query in (("short", "?flag=rereferrals_rising,ofsted_worsened&year=2025"), ("every", "")):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(f"{server}/watchlist{query}", wait_until="domcontentloaded")
            page.get_by_text("How often each rule fires").first.wait_for(timeout=60_000)
            page.wait_for_function(serve.DONE, timeout=60_000)
            grid = page.locator("[data-testid='stDataFrame']").nth(1)  # after the matrix
            grid.scroll_into_view_if_needed()
            heights[name] = grid.bounding_box()["height"]
        finally:
            page.close()
    assert 3 * 117 < heights["short"] <= 38 + 3 * 117 + 4, heights  # three rows of 117 px and the heading
    assert heights["every"] >= 599, heights


def test_the_trends_headline_table_fits_the_page_at_1280_px(server, browser):
    """Every headline indicator's sparklines: the table was 949 px wide in an 818 px page, and England's
    column was cut to "En". Short headings and narrow sparklines fit it. Each sparkline is a picture
    the browser draws (st.html's sanitiser had dropped them as inline SVG, leaving empty cells)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{server}/trends?area=E08000007&indicator=cla_rate_per_10k", wait_until="domcontentloaded")
        page.get_by_text("Every headline indicator for").first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        table = page.locator(".plain", has=page.locator("caption", has_text="Every headline indicator for Stockport"))
        table.wait_for(timeout=60_000)
        width = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
        pictures = table.locator("img")
        pictures.last.scroll_into_view_if_needed()
        page.wait_for_function("() => [...document.querySelectorAll('.plain img')].every(i => i.complete)", timeout=60_000)
        drawn = pictures.evaluate_all("imgs => imgs.map(i => [i.naturalWidth, i.getBoundingClientRect().width, i.alt])")
    finally:
        page.close()
    assert width[0] <= width[1] + 1, width
    assert len(drawn) >= 2 * 25 and all(natural == 100 and shown == 100 for natural, shown, _ in drawn), drawn  # the LA's and England's, each drawn
    assert drawn[0][2].startswith("Stockport, 2013 to 2025: from "), drawn[0]


def test_an_ofsted_tab_is_drawn_when_chosen_and_named_in_the_link(server, browser):
    """The Ofsted page drew every chart and table at once; a reader now opens the map by its tab, the
    link then names the tab (a colleague opening it sees the map), and going back to the first tab
    leaves the link as it was."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{server}/ofsted", wait_until="domcontentloaded")
        page.get_by_text("Current overall judgement by region").first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        assert page.get_by_text("Map of England's 153 local authorities", exact=False).count() == 0
        page.get_by_role("tab", name="Map").click()
        page.get_by_text("Map of England's 153 local authorities", exact=False).first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        page.locator("[data-testid='stVegaLiteChart'] svg, [data-testid='stVegaLiteChart'] canvas").first.wait_for(timeout=60_000)
        assert page.url.endswith("/ofsted?tab=Map"), page.url
        assert page.get_by_text("Current overall judgement by region").count() == 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "ofsted-map-tab.png"))
        page.get_by_role("tab", name="In force now").click()
        page.get_by_text("Current overall judgement by region").first.wait_for(timeout=60_000)
        assert page.url.endswith("/ofsted"), page.url
    finally:
        page.close()


def _measured(server, browser, path: str, drawn: str, script: str) -> list:
    """What `script` measures on `path` at 1,280 px, once the text `drawn` is on the page and the run is done."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{server}/{path}", wait_until="domcontentloaded")
        page.get_by_text(drawn).first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        return page.evaluate(script)
    finally:
        page.close()


def test_the_watchlists_chosen_region_reads_whole(server, browser):
    """In four filter columns a chosen region's chip read "North …": North East and North West alike."""
    chips = _measured(server, browser, "watchlist?year=2025&region=North+West,Yorkshire+and+The+Humber", "How often each rule fires",
                      """() => [...document.querySelectorAll("[data-testid='stMultiSelect'] span")].filter(s => !s.children.length && s.textContent)
                      .map(s => [s.textContent, s.scrollWidth <= s.clientWidth + 1])""")
    assert ["North West", True] in chips and ["Yorkshire and The Humber", True] in chips, chips


def test_the_trends_indicator_reads_whole_at_1280_px(server, browser):
    """In a third of the row the indicator read "Family help · Children looked after per 10,0"."""
    shown = _measured(server, browser, "trends?area=E10000007&indicator=cla_rate_per_10k", "Every headline indicator for",
                      """() => [...document.querySelectorAll("input[aria-label='Indicator']")].map(i => [i.value, i.scrollWidth <= i.clientWidth + 1])""")
    assert shown and all(whole for _, whole in shown), shown


def test_a_link_to_a_predecessors_profile_puts_it_in_the_address_bar(server, browser):
    """BCP's profile, "the inspections of Poole (until 2019)": Poole was shown and made "my authority" under an
    address bar still reading area=E06000058, so a reload or a shared link went back to BCP."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{server}/profile?area=E06000058&tab=Ofsted+inspections", wait_until="domcontentloaded")
        page.get_by_text("the inspections of Poole", exact=False).first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        page.get_by_text("the inspections of Poole", exact=False).first.click()
        page.get_by_text("Poole (until 2019): profile").first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        page.wait_for_function("() => location.search.includes('area=E06000029')", timeout=10_000)
        assert "area=E06000058" not in page.evaluate("location.href")
    finally:
        page.close()


def test_the_profiles_headline_cells_break_no_word_at_1280_px(server, browser):
    """The Isles of Scilly's profile read "suppresse" over "d (c)" in its Previous column: each word of
    each cell of the headline tables fits its column, measured in the cell's own font."""
    broken = _measured(server, browser, "profile?area=E06000053", "Headline indicators, by outcome",
                       """() => { const ctx = document.createElement("canvas").getContext("2d"); const out = [];
                       for (const td of document.querySelectorAll(".plain table.fixed td")) {
                         const s = getComputedStyle(td); ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
                         const room = td.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
                         for (const word of td.innerText.split(/\\s+/)) if (word && ctx.measureText(word).width > room + 0.5) out.push([word, room]); }
                       return out; }""")
    assert broken == [], broken
