"""A chart sends the browser only the columns it draws: compare's ranked bars had carried every
column of the page's table (20, 37 kB) where five are drawn. What a chart shows must not change:
each chart is drawn to SVG by vl-convert with and without the pruning, and the pictures compared."""

from __future__ import annotations

import altair as alt
import polars as pl
import pytest
import vl_convert

from oversight import charts

# a compare table's row, with the columns a page keeps beside the drawn ones
TABLE = pl.DataFrame({
    "rank": [1, 2, 3], "ranked_of": [3, 3, 3], "area_code": ["E09000014", "E09000007", "E06000001"],
    "area_name": ["Haringey", "Camden", "Hartlepool"], "value": [61.0, 27.0, 160.0], "band": ["Q2", "Q1", "Q4"],
    "sn_mean": [49.0, 50.0, 120.0], "numerator": [370, 120, 310], "denominator": [60000, 44000, 19000],
    "role": ["Selected LA", "Statistical neighbour", "Other LA"],
})
REFERENCES = pl.DataFrame({"label": ["England", "Inner London"], "value": [67.0, 59.0]})


def whole(chart: alt.TopLevelMixin, monkeypatch: pytest.MonkeyPatch) -> dict:
    with monkeypatch.context() as m:
        m.setattr(charts, "_drawn_columns_only", lambda spec: None)
        return charts.vega_spec(chart)


def columns(spec: dict) -> list[set[str]]:
    return [set().union(*map(set, rows)) for rows in spec["datasets"].values()]


def test_compare_bars_carry_the_columns_they_draw(monkeypatch):
    chart = charts.ranked_bars(TABLE, "Children looked after, 2025", "per 10,000 children", 0, REFERENCES)
    spec = charts.vega_spec(chart)
    assert sorted(columns(spec), key=len) == [{"label", "value"}, {"label", "value"}, {"rank", "area_name", "value", "band", "role"}]  # a line each
    assert vl_convert.vegalite_to_svg(spec) == vl_convert.vegalite_to_svg(whole(chart, monkeypatch))


def test_a_column_named_only_in_an_expression_is_kept(monkeypatch):
    # the Ofsted tiles outline the reader's authority by a test on its code, which no channel draws
    tiles = TABLE.with_columns(pl.col("band").alias("grade_label"), pl.lit("London").alias("region_name"),
                               pl.col("rank").alias("position"), pl.lit("2024-06-07").alias("inspection_date"))
    chart = charts.grade_tiles(tiles, ["Q1", "Q2", "Q3", "Q4"], "E09000014")
    spec = charts.vega_spec(chart)
    [kept] = columns(spec)
    assert "area_code" in kept and not kept & {"sn_mean", "numerator", "denominator", "ranked_of"}
    assert vl_convert.vegalite_to_svg(spec) == vl_convert.vegalite_to_svg(whole(chart, monkeypatch))


def test_a_table_of_nested_records_is_left_whole():
    # features: Vega-Lite draws each one's geometry, which no field of the spec names
    features = pl.DataFrame({"type": ["Feature"], "geometry": [{"type": "Point", "coordinates": [0.0, 51.5]}], "name": ["Haringey"]})
    spec = charts.vega_spec(alt.Chart(features).mark_geoshape())
    assert columns(spec) == [{"type", "geometry", "name"}]
