"""Every choice made in a page's pickers is kept, in the page and in its link. A picker's first value
had been given by an index read from the link, which caught up with the choice only after the run:
each choice made the picker anew from the old link, so every second one was thrown away (compare's
year: 2023, then 2021, stayed on 2023; trends' indicator, the map's and the report's year, the
watchlist's flags year alike)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from benchmarks import serve
from tests.test_browser import browser, server  # noqa: F401 - the shared browser and served app

CASES = [
    ("compare?area=E08000028&indicator=cpp_rate_per_10k&year=2025", "Year", ["2023", "2021", "2019"], "year", ["2023", "2021", "2019"]),
    ("trends?area=E08000028&indicator=cla_rate_per_10k", "Indicator",
     ["Family help · Referrals per 10,000 children", "Family help · Re-referrals within 12 months"], "indicator", ["referrals_rate_per_10k", "rereferrals_pct"]),
    ("map?show=indicator&indicator=cla_rate_per_10k", "Year", ["2023", "2021"], "year", ["2023", "2021"]),
    ("report", "Reporting year (to 31 March)", ["2023", "2021"], "year", ["2023", "2021"]),
    ("watchlist", "Flags as the data stood", ["the 2023 collection year (Ofsted at 31 March 2023)", "the 2021 collection year (Ofsted at 31 March 2021)"],
     "year", ["2023", "2021"]),
]


@pytest.mark.parametrize(("path", "label", "picks", "param", "expected"), CASES, ids=[c[0].split("?")[0] for c in CASES])
def test_each_choice_in_turn_is_kept_in_the_picker_and_the_link(server, browser, path, label, picks, param, expected):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{server}/{path}", wait_until="domcontentloaded")
        page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        for pick, want in zip(picks, expected, strict=True):
            box = page.locator("[data-testid='stSelectbox']").filter(has=page.get_by_text(label, exact=True)).first
            box.click()
            page.get_by_role("option", name=pick, exact=True).click()
            page.wait_for_function(f"() => new URLSearchParams(location.search).get({param!r}) === {want!r}", timeout=30_000)
            page.wait_for_function(serve.DONE, timeout=60_000)
            assert parse_qs(urlparse(page.url).query)[param] == [want]
            assert box.get_by_role("combobox").input_value() == pick  # the picker shows it too
    finally:
        page.close()
