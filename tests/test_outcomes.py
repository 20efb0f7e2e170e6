"""Every indicator gets an outcome (or enabler) from the rules in etl/reference/outcomes.toml."""

from __future__ import annotations

import pytest

from etl import outcomes


def test_every_indicator_in_the_warehouse_has_an_outcome(con):
    names, _ = outcomes.load()
    rows = con.execute("SELECT indicator_id, outcome FROM indicators").fetchall()
    assert len(rows) > 440
    missing = [i for i, o in rows if o is None]
    assert missing == []
    assert {o for _, o in rows} <= set(names)
    assert con.execute("SELECT count(*) FROM build_warnings WHERE message LIKE 'no outcome rule%'").fetchall()[0][0] == 0


def test_every_rule_is_used(con):
    _, rules = outcomes.load()
    rows = [dict(zip(("indicator_id", "topic", "lait_measure", "_lait_topic"), r, strict=True)) for r in con.execute(
        "SELECT i.indicator_id, i.topic, i.lait_measure, d.topic FROM indicators i LEFT JOIN warehouse.lait_dictionary d ON d.measure = i.lait_measure"
    ).fetchall()]
    unused = [r for r in rules if not any(outcomes.match(r, row) for row in rows)]
    assert unused == []


def test_assign_gives_the_first_matching_rule_of_each_indicator(con):
    """`assign` answers as the rules read one by one with `match` do, and
    as the warehouse holds, for every indicator; a row no rule matches gets None."""
    _, rules = outcomes.load()
    rows = [dict(zip(("indicator_id", "topic", "lait_measure", "_lait_topic", "outcome"), r, strict=True)) for r in con.execute(
        "SELECT i.indicator_id, i.topic, i.lait_measure, d.topic, i.outcome FROM indicators i LEFT JOIN warehouse.lait_dictionary d ON d.measure = i.lait_measure"
    ).fetchall()]
    one_by_one = {row["indicator_id"]: next((r["outcome"] for r in rules if outcomes.match(r, row)), None) for row in rows}
    assert outcomes.assign(rows) == one_by_one == {row["indicator_id"]: row["outcome"] for row in rows}
    assert len({o for o in one_by_one.values()}) > 5
    assert outcomes.assign([{"indicator_id": "nothing_like_it", "topic": "Nowhere", "lait_measure": "NoSuch", "_lait_topic": None}]) == {"nothing_like_it": None}


@pytest.mark.parametrize(
    ("indicator", "outcome"),
    [
        ("referrals_rate_per_10k", "Family help"),
        ("assessments_45_days_pct", "Family help"),
        ("icpc_15_days_pct", "Child protection"),
        ("s47_to_icpc_pct", "Child protection"),
        ("cla_ceased_sgo_pct", "Family network"),
        ("cla_3_placements_pct", "Stable homes"),
        ("care_leavers_eet_pct", "Care leavers"),
        ("care_leavers_spend_per_child", "Leadership and spending"),
        ("safeguarding_spend_per_child", "Leadership and spending"),
        ("sw_turnover_pct", "Workforce"),
        ("lait_stayingput", "Care leavers"),
        ("lait_lac_ks4_avg_prog8", "Stable homes"),
        ("lait_cin_ks2_expstd_rwm", "Family help"),
        ("lait_firstyjs", "Youth justice"),
        ("lait_rta", "Health"),
        ("lait_childpov", "Context"),
        ("lait_prifsm", "Context"),
        ("lait_social_work_starters", "Workforce"),
    ],
)
def test_known_outcomes(con, indicator, outcome):
    assert con.execute("SELECT outcome FROM indicators WHERE indicator_id = ?", [indicator]).fetchall() == [(outcome,)]


def test_a_rule_needs_one_key_and_a_known_outcome(tmp_path, monkeypatch):
    bad = tmp_path / "o.toml"
    bad.write_text('outcomes = [{ name = "A", kind = "area", description = "a" }]\n[[rule]]\nindicator = "x"\nmeasure = "y"\noutcome = "A"\n', encoding="utf-8")
    monkeypatch.setattr(outcomes, "RULES", bad)
    outcomes.load.cache_clear()
    try:
        with pytest.raises(outcomes.OutcomeRulesError, match="exactly one"):
            outcomes.load()
    finally:
        outcomes.load.cache_clear()


def test_outcomes_view_lists_them_in_order(con):
    rows = con.execute("SELECT outcome, kind FROM outcomes ORDER BY sort_order").fetchall()
    assert [o for o, _ in rows] == list(outcomes.load()[0])
    assert [k for _, k in rows[:7]] == ["outcome"] * 5 + ["enabler"] * 2
