"""Each early-warning rule on tiny warehouses it must and must not flag (the rules read the
indicator_comparison mart), then on real data."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import duckdb
import polars as pl
import pytest

from oversight import flags
from oversight import queries as q
from tests.tiny_warehouse import LAS, build, indicator

INDICATORS = [
    indicator("assessments_45_days_pct", "higher", name="Assessment timeliness"),
    indicator("rereferrals_pct", "lower", name="Re-referrals"),
    indicator("cin_rate_per_10k", "neutral", unit="per 10,000 children", name="Children in need rate"),
]
NEIGHBOURS = {LAS[0]: LAS[2:8], LAS[1]: LAS[2:8]}
_n = [0]


def data(values: list[tuple], ofsted: list[tuple] | None = None, as_of=dt.date(2025, 3, 31)) -> flags.Inputs:
    """A tiny warehouse (tests/tiny_warehouse.py) with these values and judgements, read as the flags read it."""
    _n[0] += 1
    folder = Path(tempfile.mkdtemp(prefix="flags-"))
    # a build publishes nothing without a value: Ofsted-only cases carry one neutral figure no rule flags
    values = values or series("cin_rate_per_10k", LAS[7], {2025: 300.0})
    db = build(folder / f"w{_n[0]}.duckdb", INDICATORS, values, NEIGHBOURS, ofsted)
    con = duckdb.connect(str(db), read_only=True)
    las = q.current_las(con).filter(pl.col("area_code").is_in(LAS))
    return flags.Inputs(con, las, q.flag_ofsted(con, as_of), as_of)


def rule(rule_id: str) -> flags.Rule:
    return next(r for r in flags.rules() if r.id == rule_id)


def run(rule_id: str, d: flags.Inputs) -> dict[str, str]:
    r = rule(rule_id)
    return {f.area_code: f.message for f in flags.CHECKS[r.check](r, d)}


def series(ind: str, area: str, values: dict[int, float | None], symbol: str | None = None) -> list[tuple]:
    return [(ind, y, area, v, symbol if v is None else None) for y, v in values.items()]


def test_sharp_fall_in_timeliness_carries_its_numbers():
    rows = series("assessments_45_days_pct", LAS[0], {2024: 88.6, 2025: 71.2})
    rows += series("assessments_45_days_pct", LAS[1], {2024: 88.0, 2025: 83.0})  # 5 points: not flagged
    for area, v in zip(LAS[2:6], [82.0, 84.0, 85.0, 85.0], strict=True):
        rows += series("assessments_45_days_pct", area, {2024: v, 2025: v})
    found = run("timeliness_drop", data(rows))
    assert found == {LAS[0]: "Assessment timeliness fell from 88.6% to 71.2% (2024 to 2025); SN average 84.0%."}


def test_far_from_neighbours_in_robust_units_follows_polarity():
    # neighbours 80..90: median 85, MAD 3, robust unit 4.45, but never narrower than every LA's
    # (8 LAs: median 85, MAD 4, unit 5.93): 60 is 4.2 units worse, 95 is better
    rows = series("assessments_45_days_pct", LAS[0], {2025: 60.0}) + series("assessments_45_days_pct", LAS[1], {2025: 95.0})
    for area, v in zip(LAS[2:8], [80.0, 82.0, 84.0, 86.0, 88.0, 90.0], strict=True):
        rows += series("assessments_45_days_pct", area, {2025: v})
    rows += series("cin_rate_per_10k", LAS[0], {2025: 900.0})  # neutral: never flagged
    rows += [r for a in LAS[2:8] for r in series("cin_rate_per_10k", a, {2025: 300.0 + LAS.index(a)})]
    found = run("far_from_neighbours", data(rows))
    assert found == {LAS[0]: "Assessment timeliness: 60.0% in 2025, worse than its statistical neighbours' median (85.0%) by 4.2 robust standard deviations of every LA's figures, wider than its neighbours' (flagged beyond 3)."}


def test_far_from_neighbours_needs_enough_neighbours_with_a_value():
    rows = series("rereferrals_pct", LAS[0], {2025: 60.0})
    for area, v in zip(LAS[2:6], [20.0, 21.0, 22.0, 23.0], strict=True):  # 4 of 6 neighbours: too few
        rows += series("rereferrals_pct", area, {2025: v})
    assert run("far_from_neighbours", data(rows)) == {}



def test_far_from_neighbours_when_most_neighbours_have_one_figure():
    """Hampshire's care leavers not in touch, 47% against neighbours at 2% and 3%: their median absolute
    deviation is 0, and the rule skipped it, where the spread is never narrower than every LA's."""
    rows = series("rereferrals_pct", LAS[0], {2025: 60.0}) + series("rereferrals_pct", LAS[1], {2025: 10.0})
    for area, v in zip(LAS[2:8], [20.0, 20.0, 20.0, 20.0, 25.0, 30.0], strict=True):  # neighbours' MAD 0; every LA's 2.5
        rows += series("rereferrals_pct", area, {2025: v})
    found = run("far_from_neighbours", data(rows))
    assert found == {LAS[0]: "Re-referrals: 60.0% in 2025, worse than its statistical neighbours' median (20.0%) by 10.8 robust standard deviations of every LA's figures, wider than its neighbours' (flagged beyond 3)."}


def test_far_from_neighbours_leaves_out_a_figure_shared_with_the_authority():
    """A figure published for two authorities together is not the other's neighbour figure, as in the
    mart's SN average: Kingston's turnover median counted Richmond's copy of their shared 28.0%."""
    rows = [("rereferrals_pct", 2025, LAS[0], 70.0, None, None, None, LAS[2]), ("rereferrals_pct", 2025, LAS[2], 70.0, None, None, None, LAS[0])]
    rows += series("rereferrals_pct", LAS[1], {2025: 10.0})
    for area, v in zip(LAS[3:8], [20.0, 20.0, 21.0, 30.0, 31.0], strict=True):
        rows += series("rereferrals_pct", area, {2025: v})
    found = run("far_from_neighbours", data(rows))
    # England's spread counts the shared figure once: (70 - 21) / 13.3
    assert found == {LAS[0]: "Re-referrals: 70.0% in 2025, worse than its statistical neighbours' median (21.0%) by 3.7 robust standard deviations of every LA's figures, wider than its neighbours' (flagged beyond 3). "
                             "One figure, published for City of London and Hackney together."}

def test_far_from_england_uses_every_la():
    values = dict(zip(LAS, [45.0, 21.0, 18.0, 19.0, 20.0, 22.0, 23.0, 20.5], strict=True))  # lower is better
    rows = [r for a, v in values.items() for r in series("rereferrals_pct", a, {2025: v})]
    found = run("far_from_england", data(rows))
    assert list(found) == [LAS[0]]
    assert "worse than the median LA in England (20.8%) by" in found[LAS[0]] and "robust standard deviations of every LA's figures (flagged" in found[LAS[0]]


def test_far_from_neighbours_says_which_spread_it_measures_in():
    """Wolverhampton's plans reviewed read "by 3.8 robust standard deviations" where its neighbours' own spread gives 6.9:
    the spread was every LA's, wider, and nothing said so. Where the neighbours' own is used, that is said too."""
    rows = series("assessments_45_days_pct", LAS[0], {2025: 0.0}) + series("assessments_45_days_pct", LAS[1], {2025: 75.0})
    for area, v in zip(LAS[2:8], [50.0, 60.0, 70.0, 80.0, 90.0, 100.0], strict=True):  # neighbours' unit 22.24, every LA's the same
        rows += series("assessments_45_days_pct", area, {2025: v})
    found = run("far_from_neighbours", data(rows))
    assert found == {LAS[0]: "Assessment timeliness: 0.0% in 2025, worse than its statistical neighbours' median (75.0%) by 3.4 robust standard "
                             "deviations of its neighbours' figures (flagged beyond 3)."}


def _funnel_rows(shares: list[float], n: int = 1000) -> list[tuple]:
    rows = [("rereferrals_pct", 2025, a, p, None, p * n / 100, n) for a, p in zip(LAS, shares, strict=True)]
    return [*rows, ("rereferrals_pct", 2025, "E92000001", sum(shares) / len(shares), None, None, None)]


def test_funnel_limit_flags_the_worse_side_only():
    rows = _funnel_rows([35.0, 5.0, 20.0, 19.5, 20.5, 21.0, 19.0, 20.0])
    found = run("funnel_outlier", data(rows))
    assert list(found) == [LAS[0]]
    assert found[LAS[0]].startswith("Re-referrals: 35.0% of 1,000 in 2025, beyond the 99.8% funnel limit of")


def test_funnel_allows_for_lasting_differences_between_las():
    # LAs spread far more than chance allows: plain binomial limits flag the highest, the
    # overdispersed limits (random-effects term) do not
    rows = _funnel_rows([10.0, 14.0, 18.0, 22.0, 26.0, 30.0, 34.0, 38.0])
    d = data(rows)
    plain = flags.Rule("f", "medium", "funnel_outlier", "t", {"limit": 0.998, "overdispersion": False, "indicators": ["rereferrals_pct"]})
    wide = flags.Rule("f", "medium", "funnel_outlier", "t", {"limit": 0.998, "overdispersion": True, "indicators": ["rereferrals_pct"]})
    assert LAS[7] in {f.area_code for f in flags.funnel_outlier(plain, d)}
    assert flags.funnel_outlier(wide, d) == []


def test_rereferrals_rising_three_years_running():
    rows = series("rereferrals_pct", LAS[0], {2022: 18.0, 2023: 19.0, 2024: 20.0, 2025: 21.0})
    rows += series("rereferrals_pct", LAS[1], {2022: 18.0, 2023: 19.0, 2024: 18.5, 2025: 21.0})
    found = run("rereferrals_rising", data(rows))
    assert found == {LAS[0]: "Re-referrals rose for 3 years in a row: 18.0% (2022), 19.0% (2023), 20.0% (2024), 21.0% (2025)."}


WESTMORLAND = "E06000064"  # formed on 1 April 2023: its first re-referral rate (2024) looks back to before then


def looking_back(values: list[tuple]) -> flags.Inputs:
    """A tiny warehouse whose re-referral rates look back 12 months, with Westmorland and Furness among the authorities."""
    folder = Path(tempfile.mkdtemp(prefix="flags-"))
    inds = [indicator("rereferrals_pct", "lower", name="Re-referrals", looks_back_months=12),
            indicator("assessments_45_days_pct", "higher", name="Assessment timeliness")]
    con = duckdb.connect(str(build(folder / "w.duckdb", inds, values, {WESTMORLAND: LAS[2:8]})), read_only=True)
    las = q.current_las(con).filter(pl.col("area_code").is_in([*LAS, WESTMORLAND]))
    return flags.Inputs(con, las, q.flag_ofsted(con, dt.date(2027, 3, 31)), dt.date(2027, 3, 31))


def test_a_run_or_fall_against_a_first_year_that_looks_back_is_not_flagged():
    """Westmorland and Furness's re-referrals, 7.4% in its first year (2024) and 16.5% the next, rose because the first
    year's figure could not count referrals from before the authority was formed: a run of rises that starts there is
    not a run, and the first year is not among every authority's figures that a figure is tested against."""
    rows = series("rereferrals_pct", WESTMORLAND, {2024: 7.4, 2025: 16.5, 2026: 17.0, 2027: 18.0})
    rows += series("rereferrals_pct", LAS[0], {2024: 18.0, 2025: 19.0, 2026: 20.0, 2027: 21.0})  # a run of its own: flagged
    rows += [("rereferrals_pct", 2027, a, v, None) for a, v in zip(LAS[1:8], [20.0, 20.5, 21.0, 21.5, 22.0, 22.5, 23.0], strict=True)]
    d = looking_back(rows)
    assert run("rereferrals_rising", d) == {LAS[0]: "Re-referrals rose for 3 years in a row: 18.0% (2024), 19.0% (2025), 20.0% (2026), 21.0% (2027)."}
    d = looking_back([*series("rereferrals_pct", WESTMORLAND, {2024: 7.4, 2025: 16.5, 2026: 17.0, 2027: 18.0}),
                      ("rereferrals_pct", 2025, LAS[0], 18.0, None), ("rereferrals_pct", 2026, LAS[0], 19.0, None), ("rereferrals_pct", 2027, LAS[0], 20.0, None)])
    assert run("rereferrals_rising", d) == {}  # its rises of 2026 and 2027 are two, after the first year's
    # a robust test's centre and spread leave the first year out, as the mart's quartiles do
    latest = [("rereferrals_pct", 2024, a, v, None) for a, v in zip([*LAS, WESTMORLAND], [20.0, 20.5, 21.0, 21.5, 22.0, 22.5, 23.0, 30.0, 7.4], strict=True)]
    values = q.flag_latest_values(looking_back(latest).con, ["rereferrals_pct"], 2024)
    assert WESTMORLAND not in values["area_code"].to_list() and values.height == 8


OFSTED = [
    (LAS[0], dt.date(2019, 1, 7), 2, "Good"), (LAS[0], dt.date(2024, 2, 5), 4, "Inadequate"),
    (LAS[1], dt.date(2019, 1, 7), 2, "Good"), (LAS[1], dt.date(2023, 5, 1), 3, "Requires improvement to be good"),
    (LAS[2], dt.date(2019, 1, 7), 3, "Requires improvement to be good"), (LAS[2], dt.date(2023, 5, 1), 2, "Good"),
    (LAS[3], dt.date(2022, 1, 7), 4, "Inadequate"),
]


def test_ofsted_inadequate_is_its_own_rule():
    found = run("ofsted_inadequate", data([], OFSTED))
    assert found == {LAS[0]: "Latest Ofsted overall effectiveness (inspected 5 February 2024, ILACS standard) is Inadequate.",
                     LAS[3]: "Latest Ofsted overall effectiveness (inspected 7 January 2022, ILACS standard) is Inadequate."}


def test_ofsted_worsened_is_its_own_rule():
    found = run("ofsted_worsened", data([], OFSTED))
    assert found == {LAS[0]: "Latest Ofsted overall effectiveness (inspected 5 February 2024, ILACS standard) is Inadequate, down from Good (inspected in 2019).",
                     LAS[1]: "Latest Ofsted overall effectiveness (inspected 1 May 2023, ILACS standard) is Requires improvement to be good, down from Good (inspected in 2019)."}


def test_a_fall_that_leaves_the_judgement_good_is_medium_not_high():
    d = data([], [(LAS[4], dt.date(2019, 1, 7), 1, "Outstanding"), (LAS[4], dt.date(2024, 2, 5), 2, "Good"),
                  (LAS[5], dt.date(2019, 1, 7), 1, "Outstanding"), (LAS[5], dt.date(2024, 2, 5), 3, "Requires improvement to be good")])
    r = rule("ofsted_worsened")
    assert {f.area_code: f.severity for f in flags.CHECKS[r.check](r, d)} == {LAS[4]: "medium", LAS[5]: "high"}


def test_a_reader_sees_an_inadequate_fall_once():
    """The watchlist counts both Ofsted rules; a profile, scrutiny pack or report lists the judgement once."""
    found = flags.evaluate(data([], OFSTED))
    ofsted = pl.col("rule_id").is_in(["ofsted_inadequate", "ofsted_worsened"])
    assert found.filter(ofsted & (pl.col("area_code") == LAS[0])).height == 2
    one = flags.one_row_per_judgement(found).filter(ofsted)
    titles = {r["area_code"]: (r["title"], r["message"]) for r in one.iter_rows(named=True)}
    assert one.height == 3 and one["area_code"].n_unique() == 3
    assert titles[LAS[0]] == ("Latest Ofsted judgement Inadequate, and worse than at the inspection before",
                              "Latest Ofsted overall effectiveness (inspected 5 February 2024, ILACS standard) is Inadequate, down from Good (inspected in 2019).")
    assert titles[LAS[1]][0] == rule("ofsted_worsened").title
    assert titles[LAS[3]] == (rule("ofsted_inadequate").title, "Latest Ofsted overall effectiveness (inspected 7 January 2022, ILACS standard) is Inadequate.")


def test_filter_means_and_by_default_or_when_asked():
    m = pl.DataFrame({"area_code": ["a", "b", "c"], "x": [1, 1, 0], "y": [1, 0, 1]})
    assert flags.filter_matrix(m, ["x", "y"])["area_code"].to_list() == ["a"]
    assert flags.filter_matrix(m, ["x", "y"], "or")["area_code"].to_list() == ["a", "b", "c"]
    assert flags.filter_matrix(m, [])["area_code"].to_list() == ["a", "b", "c"]


def test_no_full_inspection_in_four_years():
    ofsted = [(LAS[0], dt.date(2020, 11, 2), 2, "Good"), (LAS[1], dt.date(2023, 1, 9), 2, "Good")]
    found = run("no_recent_inspection", data([], ofsted))
    assert found[LAS[0]].startswith("No graded inspection for 4.4 years (last 2 November 2020")
    assert LAS[1] not in found
    assert found[LAS[2]] == "No graded inspection is recorded."


def test_a_later_inspection_the_source_gives_no_grade_for_ages_the_authority_and_is_said():
    """Brent's and Somerset's inspections of 27 April 2026 have no overall grade in the source: the judgement before
    is the one counted, but an authority inspected since is not overdue, and a flag on that judgement says it."""
    ofsted = [(LAS[0], dt.date(2020, 11, 2), 4, "Inadequate"), (LAS[0], dt.date(2024, 6, 3), None, None),
              (LAS[1], dt.date(2020, 11, 2), 4, "Inadequate")]
    d = data([], ofsted)
    overdue = run("no_recent_inspection", d)
    assert LAS[0] not in overdue and overdue[LAS[1]].startswith("No graded inspection for 4.4 years")
    inadequate = run("ofsted_inadequate", d)
    assert inadequate[LAS[0]] == ("Latest Ofsted overall effectiveness (inspected 2 November 2020, ILACS standard) is Inadequate; "
                                  "inspected again on 3 June 2024, no overall grade yet.")
    assert inadequate[LAS[1]].endswith("ILACS standard) is Inadequate.")


def _missing_rows() -> list[tuple]:
    """LA 1 suppressed, the 7 others with a figure (7 of 8 LAs: 87.5% coverage)."""
    rows = series("rereferrals_pct", LAS[0], {2025: None}, symbol="c")
    return rows + [r for a in LAS[1:] for r in series("rereferrals_pct", a, {2025: 20.0})]


def test_missing_or_suppressed_latest_figure():
    r = rule("latest_figure_missing")
    loose = flags.Rule(r.id, r.severity, r.check, r.title, {**r.params, "coverage": 0.8})
    found = {f.area_code: f.message for f in flags.missing_latest(loose, data(_missing_rows()))}
    assert found == {LAS[0]: "Re-referrals for 2025: suppressed (c)."}
    # 'low' says the figure rounds to zero: it is there, only too small to show (Sunderland's agency workers, 2025)
    low = [(*row[:-1], "low") if row[2] == LAS[0] else row for row in _missing_rows()]
    assert flags.missing_latest(loose, data(low)) == []
    # where most LAs have no figure either, a missing one says nothing about the LA
    sparse = series("rereferrals_pct", LAS[0], {2025: None}, symbol="c") + series("rereferrals_pct", LAS[1], {2025: 20.0})
    assert flags.missing_latest(loose, data(sparse)) == []


def test_matrix_has_every_rule_and_a_score():
    d = data(_missing_rows(), OFSTED)
    m = flags.matrix(flags.evaluate(d), d.las)
    assert {r.id for r in flags.rules()} <= set(m.columns)
    top = m.row(0, named=True)
    assert top["area_code"] == LAS[0]  # Inadequate and worsened: the highest score
    assert m.filter(pl.col("area_code") == LAS[0])["severity_score"][0] >= 6


@pytest.fixture(scope="module")
def real_flags(con):
    return flags.flagged(con)


def test_real_data_flags_herefordshire_timeliness(real_flags):
    msgs = real_flags.filter((pl.col("area_name") == "Herefordshire, County of") & (pl.col("rule_id") == "timeliness_drop"))["message"].to_list()
    assert msgs == ["Assessments completed within 45 working days fell from 95.6% to 71.1% (2024 to 2025); SN average 83.4%."]


def test_real_data_inadequate_las_are_flagged(real_flags, con):
    """Judgements in force at the latest publication loaded: 19 Inadequate in Ofsted's March 2025
    file, 13 once the judgements published since (six improved) are counted."""
    inadequate = q.ofsted_current(con).filter(pl.col("grade") == 4)["area_code"].n_unique()
    flagged = real_flags.filter(pl.col("message").str.ends_with("is Inadequate."))["area_code"].n_unique()
    assert flagged == inadequate == 13
    official = flags.flagged(con, 2025).filter(pl.col("rule_id") == "ofsted_inadequate")["area_code"].n_unique()
    assert official == 19


@pytest.mark.parametrize("year", [2014, 2019])
def test_real_data_flags_as_at_an_earlier_year_read_the_judgements_then_in_force(con, year):
    """Before ILACS (2018) the judgements in force were SLAC, CPI and SIF: the flags read them as
    the watchlist shows them (ofsted_as_at, as Ofsted's statistics count them), over the LAs of that
    date, aged from publication where a framework gives no inspection date. Before, 2014 had no
    Inadequate flag and every LA 'not inspected for 4 years'."""
    on = dt.date(year, 3, 31)
    found = flags.flagged(con, year)
    las = q.las_on(con, on)
    inadequate = {a for (a,) in con.execute("SELECT area_code FROM ofsted_as_at(?, inspected := true) WHERE overall_grade = 4", [on]).fetchall()}
    assert set(found.filter(pl.col("rule_id") == "ofsted_inadequate")["area_code"]) == inadequate and len(inadequate) >= 20
    assert set(found["area_code"]) <= set(las["area_code"]) and las.height == 152
    assert 0 < found.filter(pl.col("rule_id") == "no_recent_inspection").height < 20
    summary = flags.rule_summary(found, las.height, flags.expected_rates(con))
    assert summary.filter(pl.col("rule_id") == "ofsted_inadequate")["las_flagged"].item() == len(inadequate)
    # Bournemouth and Poole have no rows in the EES time series, which list today's authorities only
    missing = set(found.filter(pl.col("rule_id") == "latest_figure_missing")["area_name"])
    assert not {"Bournemouth", "Poole"} & missing


def test_real_data_rising_rereferrals_and_worsened_ofsted_is_solihull(real_flags, con):
    """As the data stood on 31 March 2025, Solihull alone; it has since been judged Good (January 2026)."""
    m = flags.matrix(flags.flagged(con, 2025), q.current_las(con))
    assert flags.filter_matrix(m, ["rereferrals_rising", "ofsted_worsened"], "and")["area_name"].to_list() == ["Solihull"]
    assert flags.filter_matrix(m, ["rereferrals_rising", "ofsted_worsened"], "or").height > 20
    now = flags.filter_matrix(flags.matrix(real_flags, q.current_las(con)), ["rereferrals_rising", "ofsted_worsened"], "and")
    assert "Solihull" not in now["area_name"].to_list()


def test_real_data_statistical_rules_flag_a_minority(real_flags, con):
    n = q.current_las(con).height
    summary = flags.rule_summary(real_flags, n, flags.expected_rates(con))
    stats = summary.filter(pl.col("expected_pct").is_not_null())
    assert set(stats["rule_id"]) == {"far_from_neighbours", "far_from_england", "funnel_outlier"}
    for r in stats.iter_rows(named=True):
        assert 0 < r["las_flagged"] < n / 4, r  # each flags some LAs, and fewer than a quarter
        assert 0 < r["expected_pct"] < 5, r  # by chance alone: a few per cent at most
    assert real_flags["area_code"].n_unique() < n / 2  # a typical year flags a minority of LAs


def test_rule_list_says_when_a_fall_is_only_medium(real_flags, con):
    """Kent, Cornwall and East Sussex fell from Outstanding to Good: medium flags of a high rule,
    which the rule list says rather than showing high alone."""
    fell = real_flags.filter(pl.col("rule_id") == "ofsted_worsened")
    assert fell.filter(pl.col("severity") == "medium").height >= 3 and fell.filter(pl.col("severity") == "high").height > 0
    summary = flags.rule_summary(real_flags, q.current_las(con).height, flags.expected_rates(con))
    severity = dict(summary.select("rule_id", "severity").iter_rows())
    assert severity["ofsted_worsened"] == "high (medium if still Good or better)"
    assert severity["ofsted_inadequate"] == "high"


def test_real_data_judgements_not_yet_official_say_so(real_flags):
    """Kent fell from Outstanding to Good in an inspection published after Ofsted's last official file."""
    kent = real_flags.filter((pl.col("area_name") == "Kent") & (pl.col("rule_id") == "ofsted_worsened"))["message"].to_list()
    assert len(kent) == 1 and "is Good, down from Outstanding" in kent[0] and kent[0].endswith(f"(inspected in 2022){flags.NOT_OFFICIAL}.") and ". (" not in kent[0]
    official = real_flags.filter(pl.col("rule_id").is_in(["ofsted_inadequate", "ofsted_worsened"]) & ~pl.col("message").str.contains("not yet in the official"))
    assert official.height > 0


def test_every_rule_has_a_short_heading_for_the_watchlist():
    """The watchlist's columns are headed by each rule's `short` (its ids were cut to "far from nei")."""
    for r in flags.rules():
        assert r.short and r.short != r.title and len(r.short) <= 16 and "_" not in r.short, r.id


def test_missing_figures_add_to_the_score_once_and_are_each_listed(real_flags, con):
    """A gap in the data says nothing of how children fare: the City of London's suppressed small
    counts (each listed) add the rule's severity to its score once, so it no longer ranks above
    authorities judged Inadequate and worse than before; every other rule counts each flag."""
    city = "E09000001"
    mine = real_flags.filter(pl.col("area_code") == city)
    missing = mine.filter(pl.col("rule_id") == "latest_figure_missing").height
    assert missing >= 5
    m = flags.matrix(real_flags, q.current_las(con))
    row = m.filter(pl.col("area_code") == city).row(0, named=True)
    assert row["latest_figure_missing"] == missing  # each listed
    others = mine.filter(pl.col("rule_id") != "latest_figure_missing")["score"].sum()
    assert row["severity_score"] == others + flags.SEVERITY["low"]
    worst = m.filter(pl.col("ofsted_inadequate") > 0)["severity_score"].min()
    assert row["severity_score"] < worst


def test_a_fall_from_a_judgement_before_2018_gives_its_publication_year(con):
    """South Tyneside's flag read "down from Good." with no year: its SIF judgement (Good, published 24
    November 2017) has no inspection date, the year the message took. Worded as the inspected year is,
    "(published in 2017)" beside "(inspected in 2019)" (the pack's list had "(published 2017)")."""
    found = flags.flagged(con, 2025).filter((pl.col("area_code") == "E08000023") & (pl.col("rule_id") == "ofsted_worsened"))
    assert found["message"].to_list() == [
        "Latest Ofsted overall effectiveness (inspected 5 December 2022, ILACS short) is Inadequate, down from Good (published in 2017)."]


def test_a_figure_that_does_not_apply_is_not_missing(con):
    """The Isles of Scilly's children looked after, children starting to be looked after and social
    worker turnover are published as not applicable (z): nothing is missing from its data, so the
    missing-figure rule names its suppressed and unpublished figures only."""
    found = flags.flagged(con, 2025).filter((pl.col("area_code") == "E06000053") & (pl.col("rule_id") == "latest_figure_missing"))
    messages = found["message"].to_list()
    assert "Child protection plans per 10,000 children for 2025: suppressed (c)." in messages
    assert messages and not any("(z)" in m or "looked after per 10,000" in m or "turnover" in m for m in messages)
    z = con.execute("SELECT count(*) FROM indicator_values WHERE area_code = 'E06000053' AND time_period = 2025 AND suppression = 'z' "
                    "AND indicator_id IN ('cla_rate_per_10k', 'cla_started_rate_per_10k', 'sw_turnover_pct')").fetchall()[0][0]
    assert z == 3  # as published


def test_a_figure_published_for_the_former_authority_is_not_missing(con):
    """LAIT gives Cafcass's 2025 care applications for Northamptonshire as a whole, and "-" for North
    and West Northamptonshire: both were flagged "figure missing", though the figure is there, for
    the county they replaced. Cumberland's is missing: nothing is published for Cumbria after 2023."""
    missing = flags.flagged(con, None).filter((pl.col("rule_id") == "latest_figure_missing") & (pl.col("indicator_id") == "cafcass_care_applications_per_10k"))
    flagged = set(missing["area_code"].to_list())
    assert not {"E06000061", "E06000062", "E06000059"} & flagged  # North and West Northamptonshire, Dorset
    assert "E06000063" in flagged  # Cumberland
    rows = q.flag_rows(con, ["cafcass_care_applications_per_10k"], 0)
    assert rows.filter(pl.col("area_code") == "E06000061")["published_for"].to_list() == ["Northamptonshire (until 2021)"]


def test_flags_as_at_a_year_count_judgements_as_ofsteds_statistics_do(con):
    """York was inspected on 24 February 2025 and judged Outstanding (published 15 April 2025, in
    Ofsted's statistics "as at 31 March 2025"). The flags as at 31 March 2025 still read its 2022
    Requires improvement, "down from Good", while the annual report counted York as Outstanding."""
    found = flags.flagged(con, 2025)
    york = found.filter(pl.col("area_name") == "York")
    assert york.filter(pl.col("rule_id").str.starts_with("ofsted")).is_empty(), york["message"].to_list()
    official = {a: g for a, g in con.execute("SELECT area_name, grade_label FROM ofsted_as_at(DATE '2025-03-31', inspected := true)").fetchall()}
    assert official["York"] == "Outstanding" and official["Blackburn with Darwen"] == "Good"
    assert not found.filter((pl.col("area_name") == "Blackburn with Darwen") & (pl.col("rule_id") == "ofsted_worsened")).height


def test_a_flag_says_a_period_that_is_not_to_31_march_and_never_reads_as_its_threshold(con):
    """As at the 2025 collection, Dudley's turnover flag read "34.9% in 2025", taken for a figure of before
    31 March: it is at 30 September 2025. Croydon's z of 3.035 read "by 3.0 ... (flagged beyond 3)"."""
    import polars as pl

    found = flags.flagged(con, 2025)
    dudley = found.filter((pl.col("area_name") == "Dudley") & (pl.col("indicator_id") == "sw_turnover_pct"))["message"].to_list()
    # the robust rules' "34.9% in the year to ...", the funnel's "34.9% of 144 in the year to ..."
    assert dudley and all(m.startswith("Social worker turnover: 34.9% ") and "in the year to 30 September 2025" in m for m in dudley)
    assert flags._beyond(3.035, 3) == "3.04" and flags._beyond(3.2, 3) == "3.2" and flags._beyond(4.04, 3) == "4.0"
    assert not found.filter(pl.col("message").str.contains(r"by 3\.0 robust standard deviations \(flagged beyond 3\)")).height


def test_an_authoritys_standing_shares_its_rank_with_a_tie():
    mat = pl.DataFrame({"area_code": ["A", "B", "C", "D"], "severity_score": [5, 3, 3, 0]})
    assert flags.standing(mat, "A") == {"score": 5, "rank": 1, "tied": False, "of": 4}
    assert flags.standing(mat, "C") == {"score": 3, "rank": 2, "tied": True, "of": 4}
    assert flags.standing(mat, "D")["rank"] == 4 and flags.standing(mat, "Z") is None


def test_a_missing_figure_of_another_period_says_its_period_whole(con):
    """The watchlist read "Social worker turnover for year to 30 September 2025: not available (x)" and
    "Agency social workers for 30 September 2025"."""
    found = flags.flagged(con, None)
    said = [m for m in found["message"].to_list() if m.startswith(("Social worker turnover ", "Agency social workers ")) and ": not available" in m]
    assert said and all(m.startswith(("Social worker turnover in the year to 30 September 2025: ", "Agency social workers at 30 September 2025: ")) for m in said), said


def test_a_flag_on_a_figure_two_authorities_share_says_so(real_flags):
    """The workforce release gives Kingston upon Thames and Richmond upon Thames one figure: Richmond's flag read
    "28.0% of 137", 137 being both boroughs' social workers, and Kingston's flag on the same figure as another."""
    shared = real_flags.filter(pl.col("message").str.contains("together"))
    assert set(shared["area_name"]) == {"Kingston upon Thames", "Richmond upon Thames"}
    assert all(m.endswith(("published for Kingston upon Thames and Richmond upon Thames together.",
                           "published for Richmond upon Thames and Kingston upon Thames together.")) for m in shared["message"])
    assert not real_flags.filter(pl.col("area_name") == "Haringey")["message"].str.contains("together").any()


def test_a_figure_two_authorities_share_counts_once_in_englands_centre():
    """Kingston's and Richmond's one turnover figure had been two of the values England's median and spread are
    taken over. Given seven figures and one published for two authorities, the median is the seven's."""
    rows = [("rereferrals_pct", 2025, LAS[0], 30.0, None, None, None, LAS[1]), ("rereferrals_pct", 2025, LAS[1], 30.0, None, None, None, LAS[0])]
    for area, v in zip(LAS[2:8], [10.0, 11.0, 12.0, 13.0, 14.0, 40.0], strict=True):
        rows += series("rereferrals_pct", area, {2025: v})
    found = run("far_from_england", data(rows))
    assert "worse than the median LA in England (13.0%)" in found[LAS[7]]  # counted twice, the median was 13.5


def test_a_figure_two_authorities_share_counts_once_in_the_funnels_spread():
    """The funnel's random-effects term, how far authorities differ beyond chance, counts a shared figure once."""
    areas = ["a", "b", "c", "d", "e", "f", "g", "h"]
    frame = pl.DataFrame({"area_code": areas, "value": [40.0, 40.0, 10.0, 12.0, 15.0, 20.0, 25.0, 8.0],
                          "numerator": [40.0, 40.0, 10.0, 12.0, 15.0, 20.0, 25.0, 8.0], "denominator": [100.0] * 8,
                          "england_value": [15.0] * 8, "shared_with": ["b", "a", None, None, None, None, None, None],
                          "counts_once": [True, False, True, True, True, True, True, True]})
    once = frame.filter(pl.col("area_code") != "b").with_columns(pl.lit(None, dtype=pl.String).alias("shared_with"), pl.lit(True).alias("counts_once"))
    se = dict(zip(*flags._funnel_z(frame, True).select("area_code", "se"), strict=True))
    alone = dict(zip(*flags._funnel_z(once, True).select("area_code", "se"), strict=True))
    assert se["c"] == pytest.approx(alone["c"]) and se["c"] > 0.0358  # wider than chance alone (0.0357 at 15% of 100)


def test_a_funnel_limit_that_rounds_to_the_figure_is_given_a_decimal_more(real_flags):
    """Knowsley's turnover read "24.3% of 118 ... beyond the 99.8% funnel limit of 24.3%"."""
    [said] = real_flags.filter((pl.col("area_name") == "Knowsley") & (pl.col("rule_id") == "funnel_outlier"))["message"].to_list()
    assert said.startswith("Social worker turnover: 24.3% of 118 in the year to 30 September 2025, beyond the 99.8% funnel limit of 24.29% ")
