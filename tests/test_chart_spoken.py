"""What a screen reader says of each mark of a chart: its tooltip's titles and figures, in the
tooltip's format, never a column name. Vega-Lite's own description read every encoding channel by
its column ("area_name: Haringey; role: Other LA; Local authority: Haringey; ...", an Ofsted bar
"position: 0; region_name: Outer London", a date "first_published: Aug 07, 2009"). Marks are drawn
to SVG by vl-convert, whose aria-labels are the ones the browser's Vega gives."""

from __future__ import annotations

import json
import re

import altair as alt
import polars as pl
import pytest
import vl_convert

from oversight import charts
from tests.apptest import open_page

ROWS = pl.DataFrame({"area_name": ["Haringey", "Camden"], "value": [61.04, 27.0], "rank": [120, None],
                     "published": ["2024-06-07", "2019-11-20"]})


def spoken(chart: alt.TopLevelMixin) -> list[str]:
    """The aria-label of each mark that is not an axis, legend or title."""
    svg = vl_convert.vegalite_to_svg(charts.vega_spec(chart))
    return re.findall(r'aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="(?!axis|legend|title)', svg)


def test_a_bar_is_said_with_its_tooltip_titles_and_figures():
    chart = alt.Chart(ROWS).mark_bar().encode(
        x=alt.X("area_name:N", title=None), y=alt.Y("value:Q", title="per 10,000 children"),
        tooltip=[alt.Tooltip("area_name:N", title="Local authority"), alt.Tooltip("value:Q", title="per 10,000 children", format=",.1f"),
                 alt.Tooltip("rank:Q", title="Rank")],
    )
    # Camden has no rank: left unsaid, as its tooltip leaves it
    assert sorted(spoken(chart)) == ["Local authority: Camden; per 10,000 children: 27.0",
                                     "Local authority: Haringey; per 10,000 children: 61.0; Rank: 120"]


def test_a_date_is_said_as_a_date():
    chart = alt.Chart(ROWS).mark_point().encode(
        x=alt.X("published:T", title=None), y=alt.Y("value:Q", title=None),
        tooltip=[alt.Tooltip("published:T", title="Published", format="%-d %B %Y")],
    )
    assert sorted(spoken(chart)) == ["Published: 20 November 2019", "Published: 7 June 2024"]


def test_a_mark_without_a_tooltip_is_left_to_the_charts_description():
    chart = alt.Chart(ROWS).mark_text().encode(x=alt.X("value:Q", title=None), text=alt.Text("area_name:N"))
    assert spoken(chart) == []


PAGES = [
    (None, {}),
    ("pages/compare.py", {"area": "E09000014", "x": "cla_rate_per_10k", "y": "rereferrals_pct"}),
    ("pages/trends.py", {"area": "E09000014"}),
    ("pages/neighbours.py", {"area": "E09000014"}),
    ("pages/profile.py", {"area": "E06000047", "tab": "Ofsted inspections"}),
    ("pages/ofsted.py", {"area": "E06000047"}),
    ("pages/ofsted.py", {"tab": "Since 2009"}),
    ("pages/map.py", {}),
    ("pages/map.py", {"indicator": "cla_rate_per_10k"}),
]


def units(spec: object) -> list[dict]:
    if isinstance(spec, list):
        return [u for part in spec for u in units(part)]
    if not isinstance(spec, dict):
        return []
    own = [spec] if "mark" in spec and isinstance(spec.get("encoding"), dict) else []
    return own + [u for k, v in spec.items() if k not in ("data", "datasets") for u in units(v)]


@pytest.mark.parametrize(("page", "params"), PAGES, ids=[f"{(p or 'national').removeprefix('pages/')}-{i}" for i, (p, _) in enumerate(PAGES)])
def test_every_mark_on_the_pages_is_said_in_words_or_left_to_the_description(page, params, on_warehouse):
    at = open_page(page, **params)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert specs, "the page drew no chart"
    unsaid = [(u["mark"], sorted(u["encoding"])) for s in specs for u in units(s)
              if "description" not in u["encoding"] and not (isinstance(u["mark"], dict) and u["mark"].get("aria") is False)]
    assert unsaid == []
