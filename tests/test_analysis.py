"""Polarity-aware ranks, quartile bands and direction of travel, on small synthetic frames."""

import polars as pl

from oversight.analysis import direction, is_worse, rank_and_band
from oversight.present import fmt


def frame():
    return pl.DataFrame({"area": [*list("abcdefgh"), "s"], "value": [10.0, 20, 30, 40, 50, 60, 70, 80, None]})


def test_higher_is_better_ranks_highest_first():
    out = rank_and_band(frame(), "higher")
    assert out.filter(pl.col("area") == "h")["rank"][0] == 1
    assert out.filter(pl.col("area") == "h")["quartile"][0] == "A"
    assert out.filter(pl.col("area") == "a")["quartile"][0] == "D"


def test_lower_is_better_ranks_lowest_first():
    out = rank_and_band(frame(), "lower")
    assert out.filter(pl.col("area") == "a")["rank"][0] == 1
    assert out.filter(pl.col("area") == "a")["quartile"][0] == "A"
    assert out.filter(pl.col("area") == "h")["quartile"][0] == "D"
    assert out.group_by("quartile").len().filter(pl.col("quartile").is_not_null())["len"].to_list() == [2, 2, 2, 2]


def test_neutral_bands_run_low_to_high_and_suppressed_gets_none():
    out = rank_and_band(frame(), "neutral")
    assert out.filter(pl.col("area") == "a")["quartile"][0] == "Q1 (lowest)"
    s = out.filter(pl.col("area") == "s").row(0, named=True)
    assert s["rank"] is None and s["quartile"] is None


def test_direction_follows_polarity():
    assert direction(-3.0, "lower") == "improving"
    assert direction(-3.0, "higher") == "declining"
    assert direction(2.0, "neutral") == "up"
    assert direction(None, "higher") == "n/a"
    assert is_worse(71.2, 88.6, "higher") is True
    assert is_worse(10, 20, "neutral") is None


def test_suppressed_values_are_never_shown_as_zero():
    assert fmt(None, 1, "%", "c") == "suppressed (c)"
    assert fmt(22.6, 1, "%") == "22.6%"
    assert fmt(632830, 0) == "632,830"
