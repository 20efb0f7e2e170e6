"""The report pack's charts by region draw England's nine regions highest first, as their text says
("highest first: North East 111; North West 90; ..."). The bars were sorted by "-x", which Vega-Lite
drops where the bars, their figures and England's dashed line share one axis: drawn, they ran A to Z."""

from __future__ import annotations

import re

import vl_convert

from oversight import charts, report


def test_the_regions_are_drawn_highest_first(con):
    pack = report.build(con, 2025)
    chart, alt_text = pack.charts["cla_by_region"]
    svg = vl_convert.vegalite_to_svg(charts.vega_spec(chart))
    said = re.findall(r"([A-Z][A-Za-z ]+?) \d+(?:;|\.|$)", alt_text.split("highest first: ")[1].split(". Source")[0])[:9]
    assert said[:2] == ["North East", "North West"]  # 111 and 90 per 10,000 at 31 March 2025, as DfE publishes them
    drawn = [name for name in re.findall(r"<text[^>]*>([^<]+)</text>", svg) if name in said]
    assert drawn == said
