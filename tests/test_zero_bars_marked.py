"""A ranked bar of 0 has no height, so compare's chart read a gap where authorities stood at 0%: Sandwell's care
leavers not in touch in 2025 had 22 authorities at 0% on the left of the chart, blank, above a note that 77 others
have no figure. Each is now a short line on the axis in its role's colour, and the description counts them."""

from __future__ import annotations

import polars as pl
import pytest

from oversight import charts
from oversight.formatting import rounded

TABLE = pl.DataFrame({"area_code": ["A", "B", "C", "D"], "area_name": ["Alpha", "Beta", "Gamma", "Delta"], "value": [0.0, 0.4, 1.0, 7.0],
                      "rank": [1, 2, 3, 4], "band": ["A", "A", "B", "D"], "role": ["Statistical neighbour", "Other LA", "Other LA", "Selected LA"]})
REFS = pl.DataFrame({"label": ["England"], "value": [4.0]})


def _layers(decimals: int) -> tuple[list[dict], dict]:
    spec = charts.ranked_bars(TABLE, "Care leavers not in touch, 2025", "%", decimals, REFS).to_dict()
    return spec["layer"][0].get("layer", [spec["layer"][0]]), spec["datasets"]


def test_each_bar_shown_as_0_is_a_line_on_the_axis_in_its_role_colour():
    layers, data = _layers(0)  # 0.4 is shown as 0 at no decimals, and drawn with no height
    bars, ticks = layers
    assert bars["mark"]["type"] == "bar" and ticks["mark"] == {"type": "tick", "orient": "horizontal", "thickness": 3, "opacity": 1}
    assert [r["area_name"] for r in data[ticks["data"]["name"]]] == ["Alpha", "Beta"]
    assert ticks["encoding"]["color"] == bars["encoding"]["color"] and ticks["encoding"]["tooltip"] == bars["encoding"]["tooltip"]
    assert bars["encoding"]["color"]["legend"]["symbolType"] == "square"  # the key keeps the bars' squares


def test_one_decimal_draws_0_4_as_a_bar():
    layers, data = _layers(1)
    assert [r["area_name"] for r in data[layers[1]["data"]["name"]]] == ["Alpha"]


def test_no_bar_at_0_no_lines():
    spec = charts.ranked_bars(TABLE.filter(pl.col("value") > 0.5), "t", "%", 0, REFS).to_dict()
    assert spec["layer"][0]["mark"]["type"] == "bar"


@pytest.mark.usefixtures("on_warehouse")
def test_compare_says_how_many_are_at_0(con):
    from tests.apptest import open_page

    values = [v for (v,) in con.execute("SELECT c.value FROM indicator_comparison c JOIN areas a USING (area_code) WHERE c.indicator_id = "
                                        "'care_leavers_not_in_touch_pct' AND c.time_period = 2025 AND a.geographic_level = 'Local authority' "
                                        "AND c.value IS NOT NULL").fetchall()]
    decimals = con.execute("SELECT decimals FROM indicators WHERE indicator_id = 'care_leavers_not_in_touch_pct'").fetchall()[0][0]
    zero = sum(float(rounded(v, decimals)) == 0 for v in values)
    assert zero == 22
    at = open_page("pages/compare.py", area="E08000028", indicator="care_leavers_not_in_touch_pct", year="2025")
    text = " ".join(m.value.replace("\\", "") for m in at.markdown)
    assert f"Bar chart ranking {len(values)} local authorities on care leavers the local authority is not in touch with in the year to 31 March 2025, " \
           f"best first. {zero} are at 0%, each marked by a short line on the axis. Sandwell is highlighted" in text
