"""Compare's England and region lines are dashed alike, the region's dashes in England's gaps, so where
the two nearly agree both are seen along one line: Sandwell's West Midlands (40.3) had hidden England
(40.6) under it, though the key promised a black England line."""

from __future__ import annotations

import polars as pl

from oversight import charts

TABLE = pl.DataFrame({"area_code": ["A", "B"], "area_name": ["Alpha", "Beta"], "value": [40.0, 41.0], "rank": [1, 2], "band": ["A", "B"],
                      "role": ["Selected LA", "Other LA"]})


def _rules(references: pl.DataFrame) -> list[dict]:
    spec = charts.ranked_bars(TABLE, "Child protection plans, 2025", "per 10,000 children", 1, references).to_dict()
    return [layer for inner in spec["layer"][1:] for layer in inner["layer"] if layer["mark"]["type"] == "rule"]


def test_england_and_the_region_alternate_where_they_meet():
    rules = _rules(pl.DataFrame({"label": ["England", "West Midlands"], "value": [40.6, 40.3]}))
    assert [r["mark"]["strokeDash"] for r in rules] == [[charts.REF_DASH, charts.REF_DASH]] * 2
    assert [r["mark"]["strokeDashOffset"] for r in rules] == [0, charts.REF_DASH]  # the region's dash in England's gap
    colours = [r["encoding"]["color"]["scale"] for r in rules]
    assert all(c == {"domain": ["England", "West Midlands"], "range": [charts.BLACK, charts.ORANGE]} for c in colours)  # one key


def test_england_alone_is_dashed_as_before():
    [rule] = _rules(pl.DataFrame({"label": ["England"], "value": [40.6]}))
    assert rule["mark"]["strokeDash"] == [charts.REF_DASH, charts.REF_DASH] and rule["mark"]["strokeDashOffset"] == 0
