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
NEIGHBOURS = {LAS[0]: LAS[2:6], LAS[1]: LAS[2:6]}
_n = [0]


def data(values: list[tuple], ofsted: list[tuple] | None = None, as_of=dt.date(2025, 3, 31)) -> flags.Inputs:
    """A tiny warehouse (tests/tiny_warehouse.py) with these values and judgements, read as the flags read it."""
    _n[0] += 1
    folder = Path(tempfile.mkdtemp(prefix="flags-"))
    db = build(folder / f"w{_n[0]}.duckdb", INDICATORS, values, NEIGHBOURS, ofsted)
    con = duckdb.connect(str(db), read_only=True)
    las = q.current_las(con).filter(pl.col("area_code").is_in(LAS))
    return flags.Inputs(con, las, q.flag_ofsted(con), as_of)


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


def test_worse_than_neighbours_needs_consecutive_years_and_polarity():
    rows = series("assessments_45_days_pct", LAS[0], {2024: 50.0, 2025: 52.0})  # worse both years
    rows += series("assessments_45_days_pct", LAS[1], {2024: 50.0, 2025: 85.0})  # only one year
    for area, v in zip(LAS[2:6], [80.0, 82.0, 84.0, 86.0], strict=True):
        rows += series("assessments_45_days_pct", area, {2024: v, 2025: v})
    # neutral indicator far from neighbours: never flagged
    rows += series("cin_rate_per_10k", LAS[0], {2024: 900.0, 2025: 900.0})
    for area in LAS[2:6]:
        rows += series("cin_rate_per_10k", area, {2024: 300.0, 2025: 310.0})
    found = run("worse_than_neighbours", data(rows))
    assert list(found) == [LAS[0]]
    assert "52.0% in 2025 against 83.0%" in found[LAS[0]]


def test_lower_is_better_high_values_are_worse_than_neighbours():
    rows = series("rereferrals_pct", LAS[0], {2024: 35.0, 2025: 36.0})
    for area, v in zip(LAS[2:6], [20.0, 21.0, 22.0, 23.0], strict=True):
        rows += series("rereferrals_pct", area, {2024: v, 2025: v})
    assert list(run("worse_than_neighbours", data(rows))) == [LAS[0]]


def test_into_worst_quartile_only_when_newly_there():
    before = dict(zip(LAS, [20.0, 40.0, 10, 12, 14, 16, 18, 22], strict=True))  # LA 1 mid, LA 2 worst
    after = dict(zip(LAS, [41.0, 40.0, 10, 12, 14, 16, 18, 22], strict=True))  # LA 1 now worst too
    rows = [("rereferrals_pct", 2024, a, v, None) for a, v in before.items()]
    rows += [("rereferrals_pct", 2025, a, v, None) for a, v in after.items()]
    found = run("into_worst_quartile", data(rows))
    assert list(found) == [LAS[0]]
    assert "41.0% in 2025 (rank 8 of 8), from band C in 2024" in found[LAS[0]]


def test_rereferrals_rising_three_years_running():
    rows = series("rereferrals_pct", LAS[0], {2022: 18.0, 2023: 19.0, 2024: 20.0, 2025: 21.0})
    rows += series("rereferrals_pct", LAS[1], {2022: 18.0, 2023: 19.0, 2024: 18.5, 2025: 21.0})
    found = run("rereferrals_rising", data(rows))
    assert found == {LAS[0]: "Re-referrals rose for 3 years in a row: 18.0% (2022), 19.0% (2023), 20.0% (2024), 21.0% (2025)."}


def test_ofsted_inadequate_or_worse_than_before():
    ofsted = [
        (LAS[0], dt.date(2019, 1, 7), 2, "Good"), (LAS[0], dt.date(2024, 2, 5), 4, "Inadequate"),
        (LAS[1], dt.date(2019, 1, 7), 2, "Good"), (LAS[1], dt.date(2023, 5, 1), 3, "Requires improvement to be good"),
        (LAS[2], dt.date(2019, 1, 7), 3, "Requires improvement to be good"), (LAS[2], dt.date(2023, 5, 1), 2, "Good"),
    ]
    found = run("ofsted_inadequate_or_worse", data([], ofsted))
    assert found[LAS[0]] == "Latest Ofsted overall effectiveness (5 February 2024) is Inadequate."
    assert found[LAS[1]] == "Latest Ofsted overall effectiveness (1 May 2023) is Requires improvement to be good, down from Good (2019)."
    assert LAS[2] not in found


def test_no_full_inspection_in_four_years():
    ofsted = [(LAS[0], dt.date(2020, 11, 2), 2, "Good"), (LAS[1], dt.date(2023, 1, 9), 2, "Good")]
    found = run("no_recent_inspection", data([], ofsted))
    assert found[LAS[0]].startswith("No full inspection for 4.4 years (last 2 November 2020")
    assert LAS[1] not in found
    assert found[LAS[2]] == "No full ILACS inspection is recorded."


def test_missing_or_suppressed_latest_figure():
    rows = series("rereferrals_pct", LAS[0], {2025: None}, symbol="c") + series("rereferrals_pct", LAS[1], {2025: 20.0})
    found = run("latest_figure_missing", data(rows))
    assert found[LAS[0]] == "Re-referrals for 2025 is suppressed (c)."
    assert LAS[1] not in found


def test_matrix_has_every_rule_and_a_score():
    rows = series("rereferrals_pct", LAS[0], {2025: None}, symbol="c") + series("rereferrals_pct", LAS[1], {2025: 20.0})
    d = data(rows)
    m = flags.matrix(flags.evaluate(d), d.las)
    assert {r.id for r in flags.rules()} <= set(m.columns)
    top = m.row(0, named=True)
    assert top["area_code"] != LAS[1]
    assert m.filter(pl.col("area_code") == LAS[0])["severity_score"][0] >= 1


@pytest.fixture(scope="module")
def real_flags(con):
    return flags.flagged(con)


def test_real_data_flags_herefordshire_timeliness(real_flags):
    msgs = real_flags.filter((pl.col("area_name") == "Herefordshire, County of") & (pl.col("rule_id") == "timeliness_drop"))["message"].to_list()
    assert msgs == ["Assessments completed within 45 working days fell from 95.6% to 71.1% (2024 to 2025); SN average 83.4%."]


def test_real_data_inadequate_las_are_flagged(real_flags, con):
    inadequate = con.execute(
        """SELECT count(*) FROM (SELECT area_code, arg_max(grade, inspection_date) g FROM ofsted_judgements
           WHERE judgement='overall_effectiveness' AND official AND framework LIKE 'ILACS%' AND area_code IN (SELECT area_code FROM areas WHERE is_current) GROUP BY 1) WHERE g = 4"""
    ).fetchall()[0][0]
    flagged = real_flags.filter(pl.col("message").str.ends_with("is Inadequate."))["area_code"].n_unique()
    assert flagged == inadequate == 19
