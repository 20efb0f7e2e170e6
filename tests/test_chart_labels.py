"""The neighbour chart names each line at its end without printing one name over another."""

from __future__ import annotations

import itertools

import polars as pl

from oversight import charts


def test_end_labels_are_at_least_a_line_apart_and_never_below_their_line():
    last = pl.DataFrame({"series": list("abcdef"), "value": [61.0, 60.0, 59.0, 70.0, 71.0, 90.0]})
    spread = charts._spread(last, 300, 14).sort("label_at")
    gap = 90 * 14 / 300
    at = spread["label_at"].to_list()
    assert all(b - a >= gap - 1e-9 for a, b in itertools.pairwise(at))
    assert all(p >= v for p, v in zip(spread["label_at"], spread["value"], strict=True))
    assert spread.filter(pl.col("series") == "c")["label_at"].item() == 59.0  # the lowest stays on its line


def test_the_neighbour_chart_labels_use_the_spread_positions():
    df = pl.DataFrame({"series": ["A", "B"] * 2, "role": ["Selected authority", "England"] * 2, "time_period": [2024, 2024, 2025, 2025], "value": [60.0, 61.0, 60.0, 60.5]})
    spec = charts.neighbour_lines(df, "t", "%", 1).to_dict()
    assert spec["layer"][1]["encoding"]["y"]["field"] == "label_at"
