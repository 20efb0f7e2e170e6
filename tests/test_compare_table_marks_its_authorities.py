"""Compare's ranking shades the selected authority and its statistical neighbours as its chart colours
them: their Role is past the table's right edge at 1,400 px, and Leeds was row 128 of 153 with
nothing to pick it out."""

from __future__ import annotations

import pytest

from oversight import charts
from tests.apptest import RANKED, open_page
from tests.apptest import shaded_rows as apptest_shaded

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the pages read the test warehouse, not a developer's


def shaded_rows(at) -> dict[str, str]:
    """The ranking's shaded rows: authority -> background colour."""
    return apptest_shaded(next(d for d in at.dataframe if "direction" in d.value.columns))


def test_the_selected_authority_and_its_neighbours_are_shaded_as_on_the_chart(con):
    at = open_page("pages/compare.py", area="E08000035", indicator="rereferrals_pct", year="2025", **RANKED)
    neighbours = {n for (n,) in con.execute("SELECT a.area_name FROM statistical_neighbours s JOIN areas a ON a.area_code = s.neighbour_code "
                                            "WHERE s.area_code = 'E08000035'").fetchall()}
    assert len(neighbours) == 10
    shaded = shaded_rows(at)
    assert {k for k, v in shaded.items() if v == charts.ROW_TINT["Selected LA"]} == {"Leeds"}
    assert {k for k, v in shaded.items() if v == charts.ROW_TINT["Statistical neighbour"]} == neighbours
    assert len(shaded) == 11
    assert any(c.value.replace("\\", "").startswith("Shaded: Leeds (orange) and its statistical neighbours (blue)") for c in at.caption)


def test_every_authority_alike_shades_none():
    at = open_page("pages/compare.py", area="E92000001", indicator="rereferrals_pct", year="2025", **RANKED)
    assert shaded_rows(at) == {}
    assert not any(c.value.replace("\\", "").startswith("Shaded:") for c in at.caption)


def test_the_tints_keep_black_text_readable():
    """At least 14:1 for the table's black text on each tint (WCAG AAA asks 7:1)."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for tint in charts.ROW_TINT.values():
        assert (luminance(tint) + 0.05) / 0.05 >= 14
