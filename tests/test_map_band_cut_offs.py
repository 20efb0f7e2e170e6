"""A band map says what figures each band holds, in its key and its description: it had named bands A to
D with no figure, where the cut-offs (re-referrals in 2025: 16.9%, 20.0% and 23.0%) were in the mart only."""

from __future__ import annotations

import json
import re

import vl_convert

from oversight import maps
from oversight import queries as q
from oversight.formatting import band_ranges, cut_off_text


def cuts(con, indicator: str, year: int) -> tuple[float, float, float]:
    [row] = con.execute("SELECT DISTINCT band_q1, band_q2, band_q3 FROM indicator_comparison WHERE indicator_id = ? AND time_period = ? "
                        "AND band_q1 IS NOT NULL", [indicator, year]).fetchall()
    return row


def test_each_band_is_given_its_figures_following_polarity():
    assert band_ranges("lower", (16.9, 20.0, 23.65), 1, "%") == {
        "A": "16.9% or below", "B": "above 16.9% to 20.0%", "C": "above 20.0% to 23.65%", "D": "above 23.65%"}
    assert band_ranges("higher", (78.6, 85.4, 91.4), 1, "%") == {
        "D": "78.6% or below", "C": "above 78.6% to 85.4%", "B": "above 85.4% to 91.4%", "A": "above 91.4%"}
    assert list(band_ranges("neutral", (1.0, 2.0, 3.0), 0, "count")) == ["Q1 (lowest)", "Q2", "Q3", "Q4 (highest)"]


def test_a_cut_off_is_given_as_exactly_as_the_figures_need():
    """Re-referrals' Q3 in 2024 is 23.65%: printed 23.7%, it put Leicestershire's 23.7% (band D, above it) in C."""
    assert [cut_off_text(c, 1, "%") for c in (23.65, 16.9, 20.0, 16.925)] == ["23.65%", "16.9%", "20.0%", "16.925%"]
    assert cut_off_text(36.0, 0) == "36" and cut_off_text(422.31234, 1) == "422.312"  # a rate worked out here: two more places


def test_the_description_gives_each_bands_count_and_figures(con):
    q1, q2, q3 = cuts(con, "rereferrals_pct", 2025)
    assert (round(q1, 1), round(q2, 1), round(q3, 1)) == (16.9, 20.0, 23.0)
    text = maps.indicator_description(maps.indicator_frame(con, "rereferrals_pct", 2025, None), q.indicator(con, "rereferrals_pct"), 2025, "band", None, "")
    counts = dict(con.execute("SELECT band, count(*) FROM indicator_comparison WHERE indicator_id = 'rereferrals_pct' AND time_period = 2025 "
                              "AND band IS NOT NULL GROUP BY 1").fetchall())
    assert (f"By band: A {counts['A']} (16.9% or below), B {counts['B']} (above 16.9% to 20.0%), C {counts['C']} (above 20.0% to 23.0%), "
            f"D {counts['D']} (above 23.0%).") in text


def test_the_key_drawn_gives_them(con):
    """Drawn by Vega (the key's label expression is Vega's to read), higher is better: D is the lowest figures."""
    spec = maps.indicator_spec(con, "assessments_45_days_pct", 2025, "band", None)
    svg = vl_convert.vegalite_to_svg(spec)
    labels = [t for t in re.findall(r"<text[^>]*>([^<]+)</text>", svg) if re.match(r"[A-D]: ", t)]
    assert cuts(con, "assessments_45_days_pct", 2025) == (78.55, 85.35, 91.4)
    # each cut-off as exact as the figures need: at 85.4% and 78.6%, Knowsley's 85.4% (band B) had read as C, Sheffield's 78.6% (C) as D
    assert labels == ["A: above 91.4%", "B: above 85.35% to 91.4%", "C: above 78.55% to 85.35%", "D: 78.55% or below"]
    # a value map's key is the scale, with no band labels
    assert "labelExpr" not in json.dumps(maps.indicator_spec(con, "assessments_45_days_pct", 2025, "value", None))
