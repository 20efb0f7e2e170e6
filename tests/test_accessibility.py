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
    ("", "National picture", "How fresh the data is"),
    ("compare?area=E09000014&indicator=cla_rate_per_10k&year=2025", "Compare authorities", "Two indicators together"),
    ("neighbours?area=E09000014&indicator=rereferrals_pct", "Neighbour table", "Download table as Excel (XLSX)"),
    ("trends?area=E09000014&indicator=cla_rate_per_10k", "Trends", "Every headline indicator for"),
    ("profile?area=E09000014", "Haringey: profile", "Scrutiny pack"),  # the tab names the authority
    ("profile?area=E10000016&tab=Ofsted+inspections", "Kent: profile", "Ofsted timeline"),  # Kent: a timeline with no visit
    ("ofsted", "Ofsted", "Sub-judgements at the latest inspection"),
    ("watchlist", "Watchlist", "How often each rule fires"),
    ("report?year=2025", "Annual report pack", "Build report pack"),
    ("data", "Data and definitions", "Download catalogue CSV"),
    ("data?tab=Sources+and+load+log", "Data and definitions", "Every file the build read"),
    ("data?tab=Reconciliation", "Data and definitions", "Every compared figure agrees within rounding."),
    ("data?tab=Suppressed+values", "Data and definitions", "Download suppression counts CSV"),
    ("ofsted?tab=Map", "Ofsted", "Open the map"),
    ("ofsted?tab=Since+2009", "Ofsted", "ILACS judgements by calendar year of inspection"),
    ("ofsted?tab=Every+inspection", "Ofsted", "Download inspections CSV"),
    ("map?show=ofsted&area=E09000014", "Map", "Local authorities good or outstanding since 2009"),
    ("profile?area=E92000001", "England: profile", "Scrutiny pack"),
]
IDS = [(p.split("?")[0] or "national") + (f"-{p.split('tab=')[1]}" if "tab=" in p else "") for p, _, _ in PAGES]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def warm(server, browser):  # noqa: F811
    """Open the home page once, so the server has run the navigation before any deep link."""
    page = browser.new_page()
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("National picture").first.wait_for(timeout=60_000)
    page.close()
    return server


@pytest.mark.parametrize(("path", "title", "final"), PAGES, ids=IDS)
def test_no_serious_or_critical_violation(warm, browser, path, title, final):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{warm}/{path}", wait_until="domcontentloaded")
        page.get_by_text(final, exact=False).first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        page.wait_for_timeout(500)
        assert page.title().startswith(title), page.title()
        assert page.get_by_text("Page not found").count() == 0, "the link does not name a page of the app"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
        levels = page.evaluate("() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(h => h.offsetParent !== null).map(h => +h.tagName[1])")
        # a heading is text: a link beside each was a tab stop, every one named "Link to heading"
        heading_links = page.locator(":is(h1,h2,h3,h4,h5,h6) a[href^='#']").count()
    finally:
        page.close()
    bad = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["html"][:160] for n in v["nodes"][:3]]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], json.dumps(bad, indent=1)
    assert levels and levels[0] == 1, levels
    assert heading_links == 0, f"{heading_links} headings have a link beside them"
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


WIDTHS = {  # CSS px wide: a phone, and a 1280 x 800 laptop window at 200% zoom
    "420px": {"viewport": {"width": 420, "height": 900}},
    "zoom200": {"viewport": {"width": 1280, "height": 800}, "zoom": 2},
}


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
@pytest.mark.parametrize(("path", "title", "final"), PAGES, ids=IDS)
def test_no_sideways_scrolling_when_narrow_or_zoomed(warm, browser, path, title, final, width):  # noqa: F811
    """WCAG reflow: usable at 420 CSS px wide, and at 200% zoom (a 1280 px window drawn at twice the
    size, as Chromium's zoom does: 640 CSS px), without scrolling sideways."""
    setting = WIDTHS[width]
    zoom = setting.get("zoom", 1)
    page = browser.new_page(viewport={"width": setting["viewport"]["width"] // zoom, "height": setting["viewport"]["height"] // zoom},
                            device_scale_factor=zoom)
    try:
        page.goto(f"{warm}/{path}", wait_until="domcontentloaded")
        page.get_by_text(final, exact=False).first.wait_for(state="attached", timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        assert page.evaluate("window.devicePixelRatio") == zoom
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    finally:
        page.close()


def test_the_keyboard_focus_is_a_ring_that_shows(warm, browser):  # noqa: F811
    """Reached by Tab, a sidebar link showed only the faint grey Streamlit uses for hover, a radio button
    a paler grey (1.2:1), a text box a 1 px border, and a chart's toolbar buttons nothing at all (the
    toolbar stays hidden until a mouse is over it). Each now has a yellow ring inside a black one
    (plain_html.FOCUS_CSS) round what the reader sees; a click leaves no ring on a link."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    ring = ["solid", "rgb(255, 221, 0)", "rgb(11, 12, 12) 0px 0px 0px 6px"]
    # what has focus, and the ring on what the reader sees of it: the link or button itself, a radio
    # button's option, a text box's whole box; and whether a toolbar around it is shown
    seen = """() => { const e = document.activeElement;
        const shown = e.closest("[data-testid='stRadioOption']") || (e.tagName === 'INPUT' && e.closest("[role='group']")) || e;
        const s = getComputedStyle(shown), bar = e.closest("[data-testid='stElementToolbar']");
        return {kind: e.dataset.testid || (e.closest("[data-testid='stRadioOption']") ? 'radio' : e.getAttribute('role') || e.tagName),
                ring: [s.outlineStyle, s.outlineColor, s.boxShadow], toolbar: bar ? getComputedStyle(bar).opacity : null,
                whole: (() => { const r = e.getBoundingClientRect(), at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height - 2);
                                return !!at && (at === e || e.contains(at)) })()} }"""
    try:
        page.goto(f"{warm}/trends?area=E08000007&indicator=cla_rate_per_10k", wait_until="domcontentloaded")
        page.get_by_text("Chart description:").first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        found = {}
        for _ in range(30):
            page.keyboard.press("Tab")
            now = page.evaluate(seen)
            found.setdefault(now["kind"], now)
        for kind in ("stSidebarNavLink", "combobox", "radio", "stBaseButton-elementToolbar"):
            assert found[kind]["ring"] == ring, (kind, found.get(kind))
        assert found["stBaseButton-elementToolbar"]["toolbar"] == "1"
        # the button over the chart it belongs to: drawn under it, its ring showed at the top only and its icon not at all
        assert found["stBaseButton-elementToolbar"]["whole"], found["stBaseButton-elementToolbar"]
        page.get_by_text("Data behind this chart").first.click()
        assert page.evaluate(seen)["ring"][0] == "none"
    finally:
        page.close()


@pytest.mark.parametrize("path", ["trends?area=E09000014&indicator=cla_rate_per_10k", "ofsted", "ofsted?tab=Map", "ofsted?tab=Since+2009"],
                         ids=["trends", "ofsted", "ofsted-map", "ofsted-since-2009"])
def test_every_chart_is_named_by_its_description(warm, browser, path):  # noqa: F811
    """Each chart's accessible name is its generated description, with its numbers, and the same text
    is printed beneath it as "Chart description: ..."."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{warm}/{path}", wait_until="domcontentloaded")
        page.get_by_text("Chart description:").first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        charts = page.evaluate(
            "[...document.querySelectorAll('[data-testid=stVegaLiteChart]')].map(e => [e.getAttribute('role'), e.getAttribute('aria-label') || ''])"
        )
        printed = page.evaluate("[...document.querySelectorAll('p')].map(p => p.textContent).filter(t => t.startsWith('Chart description: '))")
    finally:
        page.close()
    assert charts and all(role == "graphics-document" for role, _ in charts)
    described = {t.removeprefix("Chart description: ") for t in printed}
    named = [label for _, label in charts]  # maps too
    assert named and all(label in described for label in named), (named, described)
    assert not path.endswith("tab=Map") or any(label.startswith("Map of England's 153 local authorities") for label in named)
    assert all(any(ch.isdigit() for ch in label) for label in named)


def _on_a_phone(warm: str, chromium: object, path: str, final: str, script: str) -> object:
    """What `script` finds on a page opened 420 px wide, once `final` is there and the page is drawn."""
    page = chromium.new_page(viewport={"width": 420, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(f"{warm}/{path}", wait_until="domcontentloaded")
        page.get_by_text(final).first.wait_for(state="attached", timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        return page.evaluate(script)
    finally:
        page.close()


def test_national_tiles_keep_reading_order_and_whole_titles_at_420px(warm, browser):  # noqa: F811
    """On a phone the tiles stack one under another in the catalogue's order, titles wrapped, not cut."""
    tiles = _on_a_phone(
        warm, browser, "", "How fresh the data is",
        "[...document.querySelectorAll('.tiles h4')].map(s => [s.textContent, s.getBoundingClientRect().top, s.scrollWidth <= s.clientWidth + 1])",
    )
    assert len(tiles) >= 20
    tops = [top for _, top, _ in tiles]
    assert tops == sorted(tops), [t for t, _, _ in tiles][:8]
    assert tiles[0][0] == "Referrals per 10,000 children (2025)" and all(whole for _, _, whole in tiles)


def test_a_profile_table_keeps_its_names_in_view_when_it_scrolls_sideways_on_a_phone(warm, browser):  # noqa: F811
    """At 420 px a headline table keeps 768 px and scrolls sideways; its indicator names stay in view
    (and a reader sees which row a figure belongs to) while the figures move under them."""
    moved = _on_a_phone(
        warm, browser, "profile?area=E10000016", "Scrutiny pack",
        """() => {
            const region = document.querySelector('.plain');
            const name = region.querySelector('tbody th'), figure = region.querySelector('tbody td');  // each row headed by its name
            const before = [name.getBoundingClientRect().left, figure.getBoundingClientRect().left];
            region.scrollLeft = 300;
            return [region.scrollWidth > region.clientWidth, name.getBoundingClientRect().left - before[0],
                    figure.getBoundingClientRect().left - before[1]];
        }""",
    )
    scrolls, name_moved, figure_moved = moved
    assert scrolls and abs(name_moved) < 1 and figure_moved < -100, moved


def _tab_to(page, url: str, ready: str, reached: str, tries: int = 60) -> None:
    """`url` opened until `ready` shows and its run is done, then the Tab key alone pressed until `reached` (a
    script's expression) holds."""
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text(ready).first.wait_for(timeout=60_000)
    page.wait_for_function(serve.DONE, timeout=60_000)
    for _ in range(tries):
        page.keyboard.press("Tab")
        if page.evaluate(reached):
            break


def _tab_to_ofsteds_first_tab(page, warm: str) -> None:
    """The Ofsted page opened, and its first tab reached by the Tab key alone."""
    _tab_to(page, f"{warm}/ofsted", "Current overall judgement by region", "document.activeElement.getAttribute('role') === 'tab'", 40)


def test_a_tab_reached_by_the_keyboard_shows_it_inside_the_tab_list(warm, browser):  # noqa: F811
    """The ring round a focused tab was clipped by the tab list, which scrolls: on the first tab only a
    bar to its right showed, like a divider. A focused tab is now filled yellow with a black bar under
    its words (GOV.UK's focus), all inside the tab; the arrow keys then move to the next tab."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        _tab_to_ofsteds_first_tab(page, warm)
        focused = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [document.activeElement.textContent, s.backgroundColor, s.boxShadow, s.outlineStyle] }""")
        assert focused == ["In force now", "rgb(255, 221, 0)", "rgb(11, 12, 12) 0px -4px 0px 0px inset", "none"], focused
        page.keyboard.press("ArrowRight")
        page.get_by_text("The Map page picks a date").first.wait_for(timeout=60_000)  # the Map tab's own words, drawn by the run
        page.wait_for_function(serve.DONE, timeout=60_000)
        # on a busy server the tab was disabled a moment while the page was redrawn, and its focus went to the page
        page.wait_for_function("document.activeElement.textContent === 'Map'", timeout=5_000)
    finally:
        page.close()


def test_a_tab_disabled_while_the_page_is_redrawn_gets_its_focus_back(warm, browser):  # noqa: F811
    """Streamlit drops a tab's tabindex for the moment its section is redrawn; on a busy server (CI) the
    reader's tab lost its focus to the page, and the next Tab key began again at the top. It gets it back,
    ringed, once enabled; a reader who clicked elsewhere keeps where they went (oversight/serving.py)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        _tab_to_ofsteds_first_tab(page, warm)
        # as the redraw does: the tabindex dropped (the focus goes to the page), then put back 200 ms later
        lost = page.evaluate("""() => { const tab = document.activeElement, was = tab.getAttribute('tabindex');
            tab.removeAttribute('tabindex'); const lost = document.activeElement === document.body;
            setTimeout(() => tab.setAttribute('tabindex', was), 200); return lost }""")
        assert lost
        page.wait_for_function("document.activeElement.textContent === 'In force now'", timeout=5_000)
        assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") == "rgb(255, 221, 0)"
        # a click on the page's background is the reader's: the tab does not take the focus back
        page.mouse.click(1200, 880)
        page.wait_for_timeout(400)
        assert page.evaluate("document.activeElement.getAttribute('role')") != "tab"
    finally:
        page.close()


def test_a_build_button_drawn_anew_keeps_the_keyboards_focus(warm, browser):  # noqa: F811
    """"Build scrutiny pack" becomes the secondary "Build scrutiny pack again" once the pack is built, drawn anew:
    a reader who pressed it by the keyboard found the focus on the page, the next Tab at the top. The new button
    takes the focus, ringed, and the next Tab reaches the download (oversight/keep_focus.js)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        _tab_to(page, f"{warm}/profile?area=E08000032", "Build scrutiny pack", "document.activeElement.innerText === 'Build scrutiny pack'", 80)
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Download scrutiny pack (zip)").wait_for(timeout=120_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        page.wait_for_function("document.activeElement.innerText === 'Build scrutiny pack again'", timeout=5_000)
        assert page.evaluate("getComputedStyle(document.activeElement).outlineColor") == "rgb(255, 221, 0)"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.innerText") == "Download scrutiny pack (zip)"
    finally:
        page.close()


def test_a_control_drawn_anew_takes_the_focus_only_where_the_reader_left_it(warm, browser):  # noqa: F811
    """As Streamlit draws a control anew: its keyed box replaced by a new one. The new picker takes the focus the
    old one had; after the reader's own click on the page, it does not."""
    replace = """() => { const box = document.querySelector('.st-key-compare-year'); const copy = box.cloneNode(true);
        box.replaceWith(copy); return document.activeElement === document.body }"""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        _tab_to(page, f"{warm}/compare?area=E08000028", "Two indicators together", "!!document.activeElement.closest('.st-key-compare-year')", 40)
        assert page.evaluate(replace)  # the focus went to the page with the old picker
        page.wait_for_function("!!document.activeElement.closest('.st-key-compare-year') && document.activeElement.isConnected", timeout=5_000)
        page.mouse.click(1200, 880)  # the reader's click on nothing
        page.wait_for_timeout(100)
        page.evaluate(replace)
        page.wait_for_timeout(400)
        assert not page.evaluate("!!document.activeElement.closest('.st-key-compare-year')")
    finally:
        page.close()


def test_a_link_to_another_page_leaves_the_focus_on_its_heading(warm, browser):  # noqa: F811
    """The national page's "Sources, load log and reconciliation" link, followed by the keyboard, opened the data
    page with the focus on nothing and the next Tab deep in it. The new page's heading takes the focus, with
    no ring (it is a start, not a control); a link in the sidebar, which stays, keeps it (oversight/keep_focus.js)."""
    shown = "() => [document.activeElement.tagName, document.activeElement.innerText, getComputedStyle(document.activeElement).outlineStyle]"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        _tab_to(page, warm, "Sources, load log and reconciliation", "document.activeElement.innerText === 'Sources, load log and reconciliation'")
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.tagName === 'H1'", timeout=60_000)
        assert page.evaluate(shown) == ["H1", "Data and definitions", "none"]
        page.wait_for_function(serve.DONE, timeout=60_000)
        page.keyboard.press("Tab")  # on into the page, after its heading
        assert page.evaluate("""() => { const h1 = document.querySelector("[data-testid='stMain'] h1"), now = document.activeElement;
            return !!now.closest("[data-testid='stMain']") && !!(h1.compareDocumentPosition(now) & Node.DOCUMENT_POSITION_FOLLOWING) }""")
        page.get_by_role("link", name="Trends").focus()
        page.keyboard.press("Enter")
        page.get_by_text("Chart description").first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        page.wait_for_timeout(300)
        assert page.evaluate("[document.activeElement.tagName, document.activeElement.innerText]") == ["A", "Trends"]
    finally:
        page.close()


def test_a_checkbox_a_switch_and_a_text_box_show_the_ring(warm, browser):  # noqa: F811
    """The report page's "Include a PDF" checkbox and compare's scatter switch showed a faint grey (1.1:1) when
    reached by Tab, and the map's date box a 1 px red border: each now has the ring round what the reader sees."""
    ring = ["solid", "rgb(255, 221, 0)", "rgb(11, 12, 12) 0px 0px 0px 6px"]
    shown = """(selector) => { const e = document.activeElement; const box = e.closest(selector);
        if (!box) return null; const s = getComputedStyle(box); return [s.outlineStyle, s.outlineColor, s.boxShadow] }"""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        for path, input_, around in (("report", "[data-testid='stCheckbox'] input", "[data-testid='stCheckbox'] label"),
                                     ("compare?area=E08000007", "[data-testid='stCheckbox'] input", "[data-testid='stCheckbox'] label"),
                                     ("map?show=ofsted", "[data-testid='stTextInputRootElement'] input", "[data-testid='stTextInputRootElement']")):
            page.goto(f"{warm}/{path}", wait_until="domcontentloaded")
            page.locator(input_).first.wait_for(timeout=60_000)
            page.wait_for_function(serve.DONE, timeout=60_000)
            for _ in range(60):  # by the keyboard alone, as its reader reaches it
                page.keyboard.press("Tab")
                if page.evaluate(f"() => document.activeElement.matches({input_!r})"):
                    break
            assert page.evaluate(shown, around) == ring, path
    finally:
        page.close()
