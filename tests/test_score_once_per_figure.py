"""A figure that several statistical rules flag (each asks whether that one figure is far out) adds
to the severity score once, at the highest severity among them; every flag is still listed and
counted in its rule's column. Hampshire had topped the watchlist on 18: four figures, its
re-referrals flagged by all three rules and three care-leaver figures by two each."""

from __future__ import annotations

import polars as pl

from oversight import flags
from oversight import queries as q

LAS = pl.DataFrame({"area_code": ["A", "B"], "area_name": ["Alpha", "Beta"], "region_name": ["North", "North"]})


def _flags(rows: list[tuple[str, str, str | None]]) -> pl.DataFrame:
    """(area_code, rule_id, indicator_id) -> flags as `evaluate` gives them, each at its rule's severity."""
    severity = {r.id: r.severity for r in flags.rules()}
    return flags.counted(pl.DataFrame(
        [{"area_code": a, "rule_id": r, "severity": severity[r], "indicator_id": i, "message": "", "score": flags.SEVERITY[severity[r]]} for a, r, i in rows],
        schema={"area_code": pl.String, "rule_id": pl.String, "severity": pl.String, "indicator_id": pl.String, "message": pl.String, "score": pl.Int64},
    ))


def test_one_figure_flagged_by_three_statistical_rules_adds_once():
    found = _flags([("A", "far_from_neighbours", "rereferrals_pct"), ("A", "far_from_england", "rereferrals_pct"), ("A", "funnel_outlier", "rereferrals_pct"),
                    ("A", "far_from_england", "sw_agency_pct"),  # another figure: adds
                    ("A", "timeliness_drop", "assessments_45_days_pct"),  # a fall, not a statistical rule: adds
                    ("B", "far_from_neighbours", "rereferrals_pct")])
    m = flags.matrix(found, LAS)
    a = m.filter(pl.col("area_code") == "A").row(0, named=True)
    assert a["severity_score"] == 2 + 2 + 3
    assert (a["far_from_neighbours"], a["far_from_england"], a["funnel_outlier"]) == (1, 2, 1)  # each flag still counted in its column
    assert m.filter(pl.col("area_code") == "B")["severity_score"].to_list() == [2]


def test_the_statistical_rules_score_once_per_figure_and_no_other_rule_does():
    assert {r.id for r in flags.rules() if r.params.get("score_once_per_figure")} == {r.id for r in flags.rules() if r.check in flags.STATISTICAL}


def test_hampshire_scores_each_of_its_four_figures_once(con):
    real_flags = flags.flagged(con)
    hampshire = real_flags.filter(pl.col("area_name") == "Hampshire")
    statistical = hampshire.filter(pl.col("rule_id").is_in([r.id for r in flags.rules() if r.check in flags.STATISTICAL]))
    m = flags.matrix(real_flags, q.current_las(con)).filter(pl.col("area_name") == "Hampshire").row(0, named=True)
    others = hampshire.filter(~pl.col("rule_id").is_in(statistical["rule_id"].unique().implode()))["score"].sum()
    assert statistical.height > statistical["indicator_id"].n_unique()  # figures flagged more than once
    assert m["severity_score"] == others + flags.SEVERITY["medium"] * statistical["indicator_id"].n_unique()


def test_each_flag_says_the_points_it_adds_and_they_sum_to_the_score(con):
    """The flags CSV gave each flag's own points as its Score: Hampshire's rows added to 18 against its
    severity score of 8, and 31 of 69 flagged authorities disagreed so."""
    real_flags = flags.flagged(con)
    m = flags.matrix(real_flags, q.current_las(con))
    summed = real_flags.group_by("area_code").agg(pl.col("counted").sum())
    both = m.join(summed, on="area_code", how="left").with_columns(pl.col("counted").fill_null(0))
    assert (both["severity_score"] == both["counted"]).all()
    hampshire = real_flags.filter(pl.col("area_name") == "Hampshire")
    assert hampshire["score"].sum() > hampshire["counted"].sum()  # some of its flags add nothing: their figure counted once already
