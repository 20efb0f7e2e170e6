"""axe-core on the two packs' HTML pages, as on the dashboard's: the annual pack had no main landmark
and its map's shapes were unnamed graphics (svg-img-alt, serious) inside the figure its description names."""

from __future__ import annotations

from pathlib import Path

import pytest

from oversight import report, scrutiny
from tests.test_accessibility import AXE
from tests.test_browser import browser  # noqa: F401  (the shared fixture)

pytestmark = pytest.mark.usefixtures("on_warehouse")


@pytest.fixture(scope="module")
def packs(con, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("packs")
    report.write_pack(con, 2025, out, pdf=False)
    scrutiny.write_scrutiny(con, 2025, "E06000017", out, pdf=False)  # Rutland
    return {"annual": out / "safeguarding_oversight_2025.html", "scrutiny": out / "scrutiny_rutland_E06000017_2025.html"}


@pytest.mark.parametrize("which", ["annual", "scrutiny"])
def test_a_packs_page_has_no_violation(packs, browser, which):  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(packs[which].as_uri())
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("() => axe.run(document).then(r => r.violations.map(v => [v.id, v.impact, v.nodes.length]))")
        assert page.locator("main h1").count() == 1
    finally:
        page.close()
    assert found == []


@pytest.mark.parametrize("which", ["annual", "scrutiny"])
def test_a_printed_row_stays_on_one_page(packs, browser, which):  # noqa: F811
    """Kirklees's region read "Yorkshire and The" at the foot of page 25 of the annual pack's PDF and "Humber"
    alone atop page 26: printed, a table's row is not broken across pages, and its heading row repeats."""
    page = browser.new_page()
    try:
        page.goto(packs[which].as_uri())
        page.emulate_media(media="print")
        rows = page.evaluate("() => [...document.querySelectorAll('tbody tr')].map(r => getComputedStyle(r).breakInside)")
        heads = page.evaluate("() => [...document.querySelectorAll('thead')].map(h => getComputedStyle(h).display)")
    finally:
        page.close()
    assert rows and set(rows) == {"avoid"}
    assert heads and set(heads) == {"table-header-group"}
