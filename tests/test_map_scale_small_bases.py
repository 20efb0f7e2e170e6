"""A value map's colour scale spans the figures on a sound base. The Isles of Scilly's 100% agency social
workers in 2025 (2 of 2 FTE) had stretched the orange half of the scale to 100, so every other authority,
0% to 41.7% (Havering), was pale; it is now drawn in the scale's end colour and said so."""

from __future__ import annotations

import polars as pl

from oversight import maps
from oversight import queries as q


def colour_scales(spec: dict) -> list[dict]:
    found = []
    for layer in spec.get("layer", []):
        found += colour_scales(layer)
        if (colour := layer.get("encoding", {}).get("color")) and colour.get("field") == "properties.value":
            found.append(colour["scale"])
    return found


def test_the_scale_ends_at_the_figures_on_a_sound_base(con):
    [(low, high, top, top_base)] = con.execute(
        """SELECT min(value) FILTER (WHERE denominator >= 100), max(value) FILTER (WHERE denominator >= 100), max(value), arg_max(denominator, value)
           FROM indicator_values v JOIN areas a USING (area_code)
           WHERE indicator_id = 'sw_agency_pct' AND time_period = 2025 AND a.geographic_level = 'Local authority' AND a.is_current""").fetchall()
    assert (high, top, top_base) == (41.7, 100.0, 2.0)
    [scale] = colour_scales(maps.indicator_spec(con, "sw_agency_pct", 2025, "value", None))
    england = q.compare_table(con, "sw_agency_pct", 2025, None)["england_value"].max()
    assert scale["domain"] == [low, high] and scale["clamp"] is True and scale["domainMid"] == england
    text = maps.indicator_description(maps.indicator_frame(con, "sw_agency_pct", 2025, None), q.indicator(con, "sw_agency_pct"), 2025, "value", None, "")
    assert (f"The colour scale runs from {low:.1f}% to 41.7%; on a base of fewer than 100, beyond it and drawn in its end colour: "
            "Isles of Scilly 100.0% (2 of 2).") in text


def test_no_small_base_beyond_the_others_leaves_the_scale_to_the_figures():
    rows = pl.DataFrame({"area_name": ["A", "B", "C", "D"], "value": [10.0, 20.0, 30.0, None], "denominator": [500.0, 50.0, None, None]})
    low, high, beyond = maps.beyond_scale(rows, "%")
    assert (low, high, beyond.height) == (10.0, 30.0, 0)  # B's small base is within the span; C has no base given
    low, high, beyond = maps.beyond_scale(rows.with_columns(pl.Series("value", [10.0, 90.0, 30.0, None])), "%")
    assert (low, high, beyond["area_name"].to_list()) == (10.0, 30.0, ["B"])
