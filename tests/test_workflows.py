"""The three users' tasks replayed in headless Chromium, asserting what each sees; screenshots of
every step go to artifacts/workflows/ for review."""

from __future__ import annotations

from benchmarks import serve
from tests.conftest import ROOT
from tests.test_browser import browser, server  # noqa: F401  (the shared fixtures)

SHOTS = ROOT / "artifacts" / "workflows"


def _open(browser, url: str):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url, wait_until="domcontentloaded")
    return page


def _settle(page, text: str) -> None:
    page.get_by_text(text, exact=False).first.wait_for(timeout=60_000)
    page.wait_for_function(serve.DONE, timeout=60_000)
    page.wait_for_timeout(300)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_director_sets_her_authority_once_and_sees_neighbours_and_profile(server, browser):  # noqa: F811
    page = _open(browser, server)
    try:
        _settle(page, "How fresh the data is")
        picker = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
        picker.click()
        page.keyboard.type("Birmingham")
        page.keyboard.press("Enter")
        page.wait_for_function(serve.DONE, timeout=60_000)
        _shot(page, "dcs-1-my-authority")
        page.get_by_role("link", name="Neighbour table").click()
        _settle(page, "Birmingham against each of its statistical neighbours")
        # the grid's hidden accessible cells fill after the script ends
        page.locator("[role=gridcell]", has_text="SN median").first.wait_for(state="attached", timeout=30_000)
        _shot(page, "dcs-2-neighbour-table")
        page.get_by_role("link", name="LA profile").click()
        _settle(page, "Birmingham: profile")
        _settle(page, "Scrutiny pack")
        _shot(page, "dcs-3-profile")
        page.get_by_role("tab", name="Ofsted inspections").click()  # the timeline is drawn when its tab is chosen
        _settle(page, "Ofsted timeline")
        _shot(page, "dcs-3-profile-ofsted")
        page.get_by_role("link", name="Compare authorities").click()
        _settle(page, "Birmingham: ")
        _shot(page, "dcs-4-compare")
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_analyst_finds_rising_rereferrals_and_a_worsened_judgement(server, browser):  # noqa: F811
    # as the data stood on 31 March 2025 (Solihull has since been judged Good, January 2026)
    page = _open(browser, f"{server}/watchlist?flag=rereferrals_rising,ofsted_worsened&year=2025")
    try:
        _settle(page, "How often each rule fires")
        assert page.get_by_text("1 local authority raises every one of", exact=False).count() == 1
        # a grid fills its (hidden) accessible cells after the script ends
        page.locator("[role=gridcell]", has_text="Solihull").first.wait_for(state="attached", timeout=30_000)
        _shot(page, "analyst-1-and")
    finally:
        page.close()
    page = _open(browser, f"{server}/watchlist?flag=rereferrals_rising,ofsted_worsened&match=or")
    try:
        _settle(page, "How often each rule fires")
        assert page.get_by_text("raise at least one of", exact=False).count() == 1
        _shot(page, "analyst-2-or")
    finally:
        page.close()


def test_report_writer_gets_the_england_trend_and_judgements_by_region(server, browser):  # noqa: F811
    page = _open(browser, f"{server}/trends?area=E92000001&indicator=cla_rate_per_10k")
    try:
        _settle(page, "Every headline indicator for England")
        assert page.get_by_text("Unknown area", exact=False).count() == 0
        assert page.get_by_text("England rose from", exact=False).count() + page.get_by_text("England fell from", exact=False).count() >= 1
        _shot(page, "writer-1-england-trend")
    finally:
        page.close()
    page = _open(browser, f"{server}/ofsted")
    try:
        _settle(page, "Current overall judgement by region")
        _shot(page, "writer-2-ofsted-by-region")
    finally:
        page.close()
