"""A percentage on too small a base is not tested by the statistical rules (`min_expected`), and the
watchlist lists it; the workforce's rates carry their bases (a sum of two fields for agency workers
and vacancies), so they are marked on a small base and tested by the funnel like other percentages."""

from __future__ import annotations

import polars as pl
import pytest

from oversight import flags
from tests.apptest import open_page
from tests.test_flags import data, rule, run
from tests.tiny_warehouse import LAS

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the pages read the test warehouse, not a developer's

ENGLAND = "E92000001"


@pytest.mark.parametrize(
    ("denominator", "england", "unit", "params", "expected"),
    [
        (2, 13.0, "%", {"min_expected": 5}, True),  # the Isles of Scilly's agency workers: 0.3 expected
        (70, 11.8, "%", {"min_expected": 5}, False),  # Bracknell Forest's turnover: 8.3 expected
        (38, 13.2, "%", {"min_expected": 5}, False),  # 5.0 expected: tested
        (37, 13.2, "%", {"min_expected": 5}, True),  # 4.9
        (100, 97.0, "%", {"min_expected": 5}, True),  # near 100%, the other side: 3 expected not to be
        (2, 13.0, "%", {}, False),  # a rule without min_expected tests every figure
        (1, 17.0, "cases per FTE", {"min_expected": 5}, False),  # not a percentage
        (None, 13.0, "%", {"min_expected": 5}, False),  # no base: tested on its value, as before
        (2, None, "%", {"min_expected": 5}, False),  # no England figure to take the rate from
    ],
)
def test_too_small_to_test(denominator, england, unit, params, expected):
    r = flags.Rule("r", "medium", "funnel_outlier", "t", params)
    assert flags._too_small_to_test({"denominator": denominator, "england_value": england}, {"unit": unit}, r) is expected


def _rows() -> list[tuple]:
    """Re-referrals, lower better: LAS[0] 100% on a base of 3 (0.6 expected at England's 20%), LAS[1]
    60% of 1,000; the others near 20% of 1,000."""
    rows = [("rereferrals_pct", 2025, LAS[0], 100.0, None, 3, 3), ("rereferrals_pct", 2025, LAS[1], 60.0, None, 600, 1000)]
    rows += [("rereferrals_pct", 2025, a, v, None, v * 10, 1000) for a, v in zip(LAS[2:8], [18.0, 19.0, 20.0, 21.0, 22.0, 20.5], strict=True)]
    return [*rows, ("rereferrals_pct", 2025, ENGLAND, 20.0, None, None, None)]


@pytest.mark.parametrize("rule_id", ["far_from_neighbours", "far_from_england", "funnel_outlier"])
def test_each_statistical_rule_leaves_a_figure_on_too_small_a_base_untested(rule_id):
    found = run(rule_id, data(_rows()))
    assert LAS[0] not in found and LAS[1] in found
    # the same rule without min_expected (and the funnel without its random-effects term, which these few
    # authorities widen past 3 of 3) flags both: the figure was far out, only on too small a base
    r = rule(rule_id)
    every = flags.Rule(r.id, r.severity, r.check, r.title, {k: v for k, v in r.params.items() if k != "min_expected"} | {"overdispersion": False})
    assert {LAS[0], LAS[1]} <= {f.area_code for f in flags.CHECKS[r.check](every, data(_rows()))}


def test_untested_lists_each_figure_once_with_its_base_and_what_england_would_give():
    d = data(_rows())
    left = flags.untested(d)
    assert left.select("area_code", "indicator_id").rows() == [(LAS[0], "rereferrals_pct")]
    assert left["message"][0] == "Re-referrals: 100.0%, 3 of 3, in 2025; England's 20.0% of that base is 0.6, under 5"


def test_the_workforce_rates_carry_their_published_bases(con):
    """Agency workers over agency and in post together, vacancies over vacancies and in post, turnover
    (leavers) over in post: each authority's published rate is its numerator over its base, within
    the rounding of the rate (0.05) and of the FTEs, published to one decimal (0.05 each; a base of
    two fields 0.1), for every authority and year. (Some regions' are not: the North East's 2024 turnover is 14.0% of 271.5 leavers over 2,158.1.)"""
    rows = pl.DataFrame(
        con.execute("SELECT indicator_id, value, numerator, denominator FROM indicator_values JOIN areas USING (area_code) "
                    "WHERE indicator_id IN ('sw_agency_pct', 'sw_vacancy_pct', 'sw_turnover_pct') AND value IS NOT NULL "
                    "AND geographic_level = 'Local authority'").fetchall(),
        schema=["indicator_id", "value", "numerator", "denominator"], orient="row",
    )
    with_base = rows.filter(pl.col("denominator") > 0)
    assert with_base["indicator_id"].n_unique() == 3 and with_base.height > 0.95 * rows.height
    n, d = with_base["numerator"], with_base["denominator"]
    slack = 0.05 + 100 * (0.05 / d + 0.1 * n / d**2) + 1e-9
    assert ((with_base["value"] - 100 * n / d).abs() <= slack).all()
    assert (with_base["value"] - 100 * n / d).abs().max() > 0.05  # the FTEs' rounding shows: the slack is needed
    scilly = dict(con.execute("SELECT indicator_id, numerator || ' of ' || denominator FROM indicator_values WHERE area_code = 'E06000053' "
                              "AND time_period = 2025 AND indicator_id IN ('sw_agency_pct', 'sw_vacancy_pct')").fetchall())
    assert scilly == {"sw_agency_pct": "2.0 of 2.0", "sw_vacancy_pct": "3.0 of 3.0"}  # 0 FTE in post, at 30 September 2025


def test_the_isles_of_scilly_is_not_flagged_on_two_agency_workers_and_bracknell_forest_still_is(con):
    found = flags.flagged(con, 2025)
    statistical = [r.id for r in flags.rules() if r.check in flags.STATISTICAL]
    scilly = found.filter((pl.col("area_code") == "E06000053") & pl.col("rule_id").is_in(statistical))
    assert scilly.is_empty(), scilly["message"].to_list()
    bracknell = found.filter((pl.col("area_code") == "E06000036") & (pl.col("rule_id") == "funnel_outlier"))["message"].to_list()
    assert bracknell == ["Social worker turnover: 30.2% of 70 in the year to 30 September 2025, beyond the 99.8% funnel limit of 26.4% around England's 11.8%."]
    left = flags.not_tested(con, 2025)
    assert "Agency social workers: 100.0%, 2 of 2, at 30 September 2025; England's 13.0% of that base is 0.3, under 5" in left["message"].to_list()
    assert set(left["area_name"]) == {"City of London", "Isles of Scilly", "Rutland"}


def test_the_watchlist_lists_the_figures_not_tested():
    at = open_page("pages/watchlist.py")
    box = next(e for e in at.expander if e.label.startswith("Not tested:"))
    assert box.label == "Not tested: 8 figures on too small a base"
    assert any("do not test a percentage whose base" in t.value for t in at.text)
    at = open_page("pages/watchlist.py", region="South West")
    assert next(e for e in at.expander if e.label.startswith("Not tested:")).label == "Not tested: 2 figures on too small a base"
    at.session_state["untested"] = True  # opened: why, then the figures
    at.run()
    assert any(t.value.startswith("The statistical rules (far from its neighbours") for t in at.text)
    shown = next(d.value for d in at.dataframe if "Figure" in d.value.columns)
    assert shown["Local authority"].tolist() == ["Isles of Scilly", "Isles of Scilly"]
    assert shown["Figure"].tolist()[0] == "Agency social workers: 100.0%, 2 of 2, at 30 September 2025; England's 13.0% of that base is 0.3, under 5"


@pytest.mark.parametrize(
    ("numerator", "denominator", "unit", "said"),
    [
        (7.0, 38.0, "%", "7 of 38"),  # counts: whole
        (2.0, 23.9, "%", "2.0 of 23.9"),  # full-time equivalents keep their decimal: "2 of 24" gives 8.3%, not the 8.4% published
        (2.0, 2.0, "%", "2 of 2"),
        (181.0, 15.4, "cases per FTE", "over a base of 15.4"),
        (None, 32.0, "%", "over a base of 32"),
    ],
)
def test_a_base_is_said_as_published(numerator, denominator, unit, said):
    from oversight.formatting import base_text

    assert base_text(numerator, denominator, unit) == said


def test_the_profile_says_which_figures_were_not_tested():
    """The Isles of Scilly's profile was silent on its agency social workers at 100% (2 of 2), untested: a
    director could read no flag as no concern."""
    said = [t.value for t in open_page("pages/profile.py", area="E06000053").text if t.value.startswith("Not tested by the statistical rules")]
    assert said == ["Not tested by the statistical rules, its base too small for a test against chance:\n"
                    "• Agency social workers: 100.0%, 2 of 2, at 30 September 2025; England's 13.0% of that base is 0.3, under 5.\n"
                    "• Social worker vacancies: 100.0%, 3 of 3, at 30 September 2025; England's 14.2% of that base is 0.4, under 5."]
    assert not [t for t in open_page("pages/profile.py", area="E08000035").text if t.value.startswith("Not tested")]  # Leeds: every figure tested
