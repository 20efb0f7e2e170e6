"""The indicator_comparison mart, one rule at a time, on a tiny warehouse: given these values,
expect these ranks, bands, neighbour figures and directions."""

from __future__ import annotations

import statistics

import duckdb
import pytest

from tests.tiny_warehouse import ENGLAND, LAS, REGION, build, indicator

A, B, C, D, E, F, G, H = LAS


def mart(tmp_path, indicators, values, neighbours=None) -> dict[tuple, dict]:
    db = build(tmp_path / "tiny.duckdb", indicators, values, neighbours)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT * FROM indicator_comparison").fetchall()
        cols = [d[0] for d in con.description]
    return {(r["indicator_id"], r["time_period"], r["area_code"]): r for r in (dict(zip(cols, row, strict=True)) for row in rows)}


def five(ind: str, year: int = 2025) -> list[tuple]:
    """Five LAs at 10, 20, 30, 40, 50: R's type 7 quartiles are exactly 20, 30 and 40."""
    return [(ind, year, a, v, None) for a, v in zip([A, B, C, D, E], [10.0, 20.0, 30.0, 40.0, 50.0], strict=True)]


def test_ties_share_the_best_rank_and_ranked_of_counts_las_with_a_value(tmp_path):
    rows = [("x", 2025, a, v, None) for a, v in zip([A, B, C, D], [10.0, 20.0, 20.0, 30.0], strict=True)]
    m = mart(tmp_path, [indicator("x", "higher")], rows)
    assert [m["x", 2025, a]["rank"] for a in (D, B, C, A)] == [1, 2, 2, 4]
    assert {m["x", 2025, a]["ranked_of"] for a in (A, B, C, D)} == {4}



def test_figures_equal_as_shown_share_a_rank(tmp_path):
    """York's and Haringey's child protection plans, 36.27 and 36.34 per 10,000 unrounded, are both 36.3 as shown
    (one decimal): they had ranked 60 and 61."""
    rows = [("x", 2025, a, v, None) for a, v in zip([A, B, C, D], [36.27, 36.34, 36.36, 40.0], strict=True)]
    m = mart(tmp_path, [indicator("x", "lower", decimals=1)], rows)
    assert [m["x", 2025, a]["rank"] for a in (A, B, C, D)] == [1, 1, 3, 4]
    (whole := tmp_path / "whole").mkdir()
    m = mart(whole, [indicator("x", "lower", decimals=0)], rows)
    assert [m["x", 2025, a]["rank"] for a in (A, B, C, D)] == [1, 1, 1, 4]

def test_higher_is_better_bands_at_the_cut_offs_are_inclusive_upper_bounds(tmp_path):
    m = mart(tmp_path, [indicator("x", "higher")], five("x"))
    row = m["x", 2025, A]
    assert (row["band_q1"], row["band_q2"], row["band_q3"]) == (20.0, 30.0, 40.0)
    # 20 is at Q1, so in the lowest quarter: band D (worst) when higher is better
    assert [m["x", 2025, a]["band"] for a in (A, B, C, D, E)] == ["D", "D", "C", "B", "A"]
    assert [m["x", 2025, a]["rank"] for a in (A, B, C, D, E)] == [5, 4, 3, 2, 1]


def test_lower_is_better_turns_the_bands_and_ranks_round(tmp_path):
    m = mart(tmp_path, [indicator("x", "lower")], five("x"))
    assert [m["x", 2025, a]["band"] for a in (A, B, C, D, E)] == ["A", "A", "B", "C", "D"]
    assert [m["x", 2025, a]["rank"] for a in (A, B, C, D, E)] == [1, 2, 3, 4, 5]


def test_quartiles_interpolate_as_r_type_7(tmp_path):
    rows = [("x", 2025, a, float(v), None) for a, v in zip(LAS, range(1, 9), strict=True)]  # 1..8
    m = mart(tmp_path, [indicator("x", "higher")], rows)
    row = m["x", 2025, A]
    assert (row["band_q1"], row["band_q2"], row["band_q3"]) == (2.75, 4.5, 6.25)  # quantile(1:8) in R
    assert [m["x", 2025, a]["band"] for a in LAS] == ["D", "D", "C", "C", "B", "B", "A", "A"]


def test_neutral_indicators_have_their_own_bands_and_rank_lowest_first(tmp_path):
    m = mart(tmp_path, [indicator("x", "neutral")], five("x"))
    assert [m["x", 2025, a]["band"] for a in (A, B, C, D, E)] == ["Q1 (lowest)", "Q1 (lowest)", "Q2", "Q3", "Q4 (highest)"]
    assert m["x", 2025, A]["rank"] == 1


def test_no_quartile_indicators_are_ranked_but_not_banded(tmp_path):
    m = mart(tmp_path, [indicator("x", "higher", no_quartile=True)], five("x"))
    assert {m["x", 2025, a]["band"] for a in (A, B, C, D, E)} == {None}
    assert m["x", 2025, A]["band_q1"] is None
    assert m["x", 2025, E]["rank"] == 1


def test_a_suppressed_value_keeps_its_symbol_and_is_left_out_of_ranks_bands_and_neighbours(tmp_path):
    rows = [*five("x"), ("x", 2025, F, None, "c")]
    m = mart(tmp_path, [indicator("x", "higher")], rows, {A: [F, B, C]})
    s = m["x", 2025, F]
    assert (s["value"], s["suppression"], s["rank"], s["ranked_of"], s["band"]) == (None, "c", None, None, None)
    assert m["x", 2025, A]["ranked_of"] == 5
    assert m["x", 2025, A]["band_q2"] == 30.0
    assert m["x", 2025, A]["sn_count"] == 2


def test_neighbour_figures_use_only_neighbours_with_a_value(tmp_path):
    # A's neighbours: B 20, C 30, D 40, G suppressed, H with no row at all
    rows = [*five("x"), ("x", 2025, G, None, "x")]
    m = mart(tmp_path, [indicator("x", "higher")], rows, {A: [B, C, D, G, H]})
    row = m["x", 2025, A]
    assert row["sn_count"] == 3
    assert row["sn_mean"] == pytest.approx(30.0)
    assert row["sn_median"] == pytest.approx(30.0)
    assert row["sn_sd"] == pytest.approx(statistics.stdev([20.0, 30.0, 40.0]))
    # higher is better and A (10) is 2 neighbour SDs below the SN mean: 2 SDs worse
    assert row["sn_gap_sd"] == pytest.approx(2.0)
    assert m["x", 2025, B]["sn_count"] is None  # B has no neighbours listed


def test_neighbour_median_of_an_odd_and_an_even_count(tmp_path):
    # A's seven neighbours; in "even" H is suppressed, leaving six with a value
    values = {A: 10.0, B: 20.0, C: 30.0, D: 40.0, E: 50.0, F: 5.0, G: 90.0, H: 60.0}
    rows = [("odd", 2025, a, v, None) for a, v in values.items()]
    rows += [("even", 2025, a, None if a == H else v, "c" if a == H else None) for a, v in values.items()]
    m = mart(tmp_path, [indicator("odd", "higher"), indicator("even", "higher")], rows, {A: [B, C, D, E, F, G, H]})
    assert (m["odd", 2025, A]["sn_count"], m["odd", 2025, A]["sn_median"]) == (7, 40.0)  # 5 20 30 [40] 50 60 90
    assert (m["even", 2025, A]["sn_count"], m["even", 2025, A]["sn_median"]) == (6, 35.0)  # 5 20 [30 40] 50 90
    assert m["even", 2025, A]["sn_median"] == statistics.median([20.0, 30.0, 40.0, 50.0, 5.0, 90.0])


def test_sn_gap_follows_polarity_and_is_empty_for_neutral(tmp_path):
    inds = [indicator("low", "lower"), indicator("neu", "neutral")]
    rows = five("low") + five("neu")
    m = mart(tmp_path, inds, rows, {A: [B, C, D]})
    assert m["low", 2025, A]["sn_gap_sd"] == pytest.approx(-2.0)  # 10 is better than 30 when lower is better
    assert m["neu", 2025, A]["sn_gap_sd"] is None


def test_direction_follows_polarity(tmp_path):
    inds = [indicator("hi", "higher"), indicator("lo", "lower"), indicator("neu", "neutral")]
    rows = []
    for ind in ("hi", "lo", "neu"):
        rows += [(ind, 2024, A, 50.0, None), (ind, 2025, A, 60.0, None)]  # up 10
        rows += [(ind, 2024, B, 50.0, None), (ind, 2025, B, 50.04, None)]  # rounds to 0.0 at 1 decimal
        rows += [(ind, 2023, C, 50.0, None), (ind, 2025, C, 40.0, None)]  # no 2024: no previous year
        rows += [(ind, 2024, D, None, "u"), (ind, 2025, D, 40.0, None)]  # 2024 suppressed: the reason is kept
    m = mart(tmp_path, inds, rows)
    assert [m[i, 2025, A]["direction"] for i in ("hi", "lo", "neu")] == ["improving", "declining", "up"]
    assert m["hi", 2025, A]["change"] == pytest.approx(10.0) and m["hi", 2025, A]["previous_value"] == 50.0
    assert {m[i, 2025, B]["direction"] for i in ("hi", "lo", "neu")} == {"no change"}
    assert (m["hi", 2025, C]["previous_value"], m["hi", 2025, C]["direction"]) == (None, None)
    assert (m["hi", 2025, C]["previous_suppression"], m["hi", 2025, A]["previous_suppression"]) == (None, None)
    assert (m["hi", 2025, D]["previous_value"], m["hi", 2025, D]["previous_suppression"], m["hi", 2025, D]["direction"]) == (None, "u", None)
    rows = [("lo", 2024, A, 60.0, None), ("lo", 2025, A, 50.0, None), ("neu", 2024, A, 60.0, None), ("neu", 2025, A, 50.0, None)]
    (tmp_path / "second").mkdir()
    m = mart(tmp_path / "second", [indicator("lo", "lower"), indicator("neu", "neutral")], rows)
    assert (m["lo", 2025, A]["direction"], m["neu", 2025, A]["direction"]) == ("improving", "down")


def test_region_and_england_values_sit_beside_each_la_and_are_not_ranked(tmp_path):
    rows = [*five("x"), ("x", 2025, REGION, 33.0, None), ("x", 2025, ENGLAND, 31.0, None)]
    m = mart(tmp_path, [indicator("x", "higher")], rows)
    assert (m["x", 2025, A]["region_value"], m["x", 2025, A]["england_value"]) == (33.0, 31.0)
    assert (m["x", 2025, ENGLAND]["rank"], m["x", 2025, ENGLAND]["band"], m["x", 2025, REGION]["rank"]) == (None, None, None)
    assert m["x", 2025, A]["ranked_of"] == 5


def test_a_predecessor_is_ranked_only_while_it_reported(tmp_path):
    cumbria = "E10000006"  # merged in 2023: its last reporting year
    rows = [*five("x", 2023), *five("x", 2024), ("x", 2023, cumbria, 60.0, None), ("x", 2024, cumbria, 60.0, None)]
    m = mart(tmp_path, [indicator("x", "higher")], rows)
    assert (m["x", 2023, cumbria]["rank"], m["x", 2023, A]["ranked_of"]) == (1, 6)
    assert (m["x", 2024, cumbria]["rank"], m["x", 2024, A]["ranked_of"]) == (None, 5)


def test_a_new_authoritys_figure_that_looks_back_before_it_was_formed_is_not_compared(tmp_path):
    """Re-referrals look back 12 months: Cumberland and Westmorland and Furness, formed on 1 April 2023,
    have no referrals from before then in their records, and their first rates (10.7% and 7.4% in 2024,
    22.7% and 16.5% in 2025) had ranked at the top, band A. Their first year is not ranked, banded,
    in the cut-offs or in a neighbour's SN average; the year after is, and so is North Yorkshire,
    whose 2023 change was a new code for the same council."""
    cumberland, westmorland, north_yorkshire = "E06000063", "E06000064", "E06000065"
    rows = [*five("x", 2024), ("x", 2024, cumberland, 10.7, None), ("x", 2024, westmorland, 7.4, None), ("x", 2024, north_yorkshire, 5.0, None),
            *five("x", 2025), ("x", 2025, westmorland, 16.5, None)]
    m = mart(tmp_path, [indicator("x", "lower", looks_back_months=12)], rows, {cumberland: [westmorland, A, B], A: [B, C]})
    first = m["x", 2024, westmorland]
    assert (first["value"], first["rank"], first["ranked_of"], first["band"], first["sn_gap_sd"]) == (7.4, None, None, None, None)
    assert str(first["looks_back_only_to"]) == "2023-04-01" and str(m["x", 2024, cumberland]["looks_back_only_to"]) == "2023-04-01"
    assert (m["x", 2024, north_yorkshire]["rank"], m["x", 2024, north_yorkshire]["looks_back_only_to"]) == (1, None)
    assert m["x", 2024, A]["ranked_of"] == 6 and (m["x", 2024, A]["band_q1"], m["x", 2024, A]["rank"]) == (12.5, 2)  # of 5, 10, 20, 30, 40, 50
    # Cumberland's neighbours: Westmorland and Furness's first year is left out, A's 10 and B's 20 are in
    assert (m["x", 2024, cumberland]["sn_count"], m["x", 2024, cumberland]["sn_mean"]) == (2, 15.0)
    assert (m["x", 2025, westmorland]["rank"], m["x", 2025, westmorland]["looks_back_only_to"]) == (2, None)
    (plain := tmp_path / "plain").mkdir()  # an indicator that does not look back ranks them
    m = mart(plain, [indicator("x", "lower")], rows, {cumberland: [westmorland, A, B]})
    assert (m["x", 2024, westmorland]["rank"], m["x", 2024, westmorland]["looks_back_only_to"], m["x", 2024, cumberland]["sn_count"]) == (2, None, 3)


def test_a_figure_shared_by_two_authorities_is_not_in_either_ones_neighbour_summary(tmp_path):
    """The workforce release gives Kingston upon Thames and Richmond upon Thames one row (28.0%
    turnover in 2025), and each is the other's neighbour: each one's SN mean and median held its own
    figure. Shared with A, B's figure is left out of A's summary and A's out of B's; both are still
    ranked, as LAIT does."""
    rows = [("x", 2025, A, 30.0, None, None, None, B), ("x", 2025, B, 30.0, None, None, None, A),
            ("x", 2025, C, 10.0, None), ("x", 2025, D, 20.0, None)]
    m = mart(tmp_path, [indicator("x", "lower")], rows, {A: [B, C, D], B: [A, C, D], C: [A, B, D]})
    for la in (A, B):
        assert (m["x", 2025, la]["sn_count"], m["x", 2025, la]["sn_mean"], m["x", 2025, la]["sn_median"]) == (2, 15.0, 15.0)
    assert m["x", 2025, C]["sn_count"] == 3  # another authority's neighbours count both
    assert m["x", 2025, A]["rank"] == m["x", 2025, B]["rank"] == 3


def test_each_years_figures_are_held_once_and_joined_to_every_row(tmp_path):
    """Ranked-of, the cut-offs and England's value belong to an indicator's year: the build stores
    them once (warehouse.comparison_years), not on each of its rows, and the public view joins them."""
    rows = [*five("x", 2024), *five("x"), ("x", 2025, ENGLAND, 31.0, None)]
    db = build(tmp_path / "tiny.duckdb", [indicator("x", "higher")], rows)
    with duckdb.connect(str(db), read_only=True) as con:
        years = con.execute("SELECT time_period, ranked_of, q, england_value FROM warehouse.comparison_years ORDER BY 1").fetchall()
        stored = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'comparison_areas'").fetchall()}
        kind = con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'indicator_comparison'").fetchall()
    assert years == [(2024, 5, [20.0, 30.0, 40.0], None), (2025, 5, [20.0, 30.0, 40.0], 31.0)]
    assert not stored & {"ranked_of", "band_q1", "band", "direction", "england_value", "change"}
    assert kind == [("VIEW",)]
    m = mart(tmp_path / "again", [indicator("x", "higher")], rows)
    assert (m["x", 2025, B]["ranked_of"], m["x", 2025, B]["band_q2"], m["x", 2025, B]["england_value"]) == (5, 30.0, 31.0)


def test_a_figure_placed_against_a_year_without_cut_offs_has_no_band(tmp_path):
    """The local page places an in-year figure with band_of and the published year's cut-offs; a
    no_quartile indicator has none (three nulls), so the figure gets no band, not the top one."""
    db = build(tmp_path / "tiny.duckdb", [indicator("x", "higher")], five("x"))
    with duckdb.connect(str(db), read_only=True) as con:
        bands = con.execute(
            "SELECT band_of(25.0, [NULL, NULL, NULL]::DOUBLE[], 1), band_of(25.0, NULL::DOUBLE[], -1), band_of(25.0, [20.0, 30.0, 40.0], -1)"
        ).fetchall()
    assert bands == [(None, None, "B")]
