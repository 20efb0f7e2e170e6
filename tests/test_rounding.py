"""A figure ending in a half is rounded the one way everywhere, as the publishers round and a
spreadsheet shows it: away from zero, on the number as written. Derbyshire's neighbours' average
re-referral rate for 2025 is 18.25: the compare grid showed 18.3, the profile and neighbour table
18.2; the Leeds scrutiny pack printed 77.2 where its workbook shows 77.3."""

from __future__ import annotations

import pytest

from oversight.formatting import change_text, number

CASES = [  # value, decimals, as shown
    (18.25, 1, "18.3"), (18.65, 1, "18.7"), (88.5, 0, "89"), (77.25, 1, "77.3"), (10.5, 0, "11"), (-2.5, 0, "-3"),
    (2.675, 2, "2.68"), (0.5, 0, "1"), (1234567.5, 0, "1,234,568"), (22.6, 1, "22.6"), (-0.04, 1, "0.0"), (672.9634002361274, 1, "673.0"),
    # a half worked out in floating point (Torbay's neighbours' medians, Essex's average), as the workbook shows it
    ((11.6 + 11.7) / 2, 1, "11.7"), (85.44999999999999, 1, "85.5"), (20.314999999999998, 2, "20.32"), (-11.649999999999999, 1, "-11.7"),
    (3586900940.0, 0, "3,586,900,940"), (0.1 + 0.2, 1, "0.3"),
]


@pytest.mark.parametrize(("value", "decimals", "shown"), CASES)
def test_a_half_is_rounded_away_from_zero(value, decimals, shown):
    assert number(value, decimals) == shown


def test_a_change_that_is_a_half_rounds_away_from_zero_and_one_that_rounds_to_nothing_has_no_sign():
    assert (change_text(0.05, 1, "%"), change_text(-0.05, 1, "%"), change_text(0.04, 1, "%"), change_text(-0.5, 0)) == ("+0.1 pp", "-0.1 pp", "0.0 pp", "-1")


@pytest.mark.usefixtures("on_warehouse")
def test_derbyshires_neighbour_average_reads_the_same_in_the_grid_and_the_neighbour_table(con):
    exact = dict(con.execute("SELECT area_code, round(sn_mean, 10) FROM indicator_comparison WHERE indicator_id = 'rereferrals_pct' "
                             "AND time_period = 2025 AND area_code IN ('E10000007', 'E06000004')").fetchall())
    assert exact == {"E10000007": 18.25, "E06000004": 18.65}  # Derbyshire, Stockton-on-Tees
    from tests.apptest import RANKED, open_page

    grid = next(t.value for t in open_page("pages/compare.py", area="E10000007", indicator="rereferrals_pct", year="2025", **RANKED).dataframe
                if "sn_mean" in t.value.columns and "region_name" in t.value.columns)
    shown = dict(zip(grid["area_name"], grid["sn_mean"], strict=True))
    assert (shown["Derbyshire"], shown["Stockton-on-Tees"]) == (18.3, 18.7)
    table = open_page("pages/neighbours.py", area="E10000007", indicator="rereferrals_pct").dataframe[0].value
    assert dict(zip(table["Area"], table["2025"], strict=True))["SN average (mean)"] == "18.3%"


def test_a_charts_tooltip_reads_as_the_text_does(con):
    """A chart's tooltip formats the number it is given: Derbyshire's neighbour average of 18.25 would
    read 18.3 and Stockton's 18.65 18.6. The charts are given the figures at the indicator's decimals,
    rounded as the text rounds them."""
    import polars as pl

    from oversight import charts
    from oversight import queries as q

    for code, name, shown in (("E10000007", "Derbyshire", 18.3), ("E06000004", "Stockton-on-Tees", 18.7)):
        data = q.trend_frame(con, "rereferrals_pct", [code], "sn").filter(pl.col("value").is_not_null()).drop("suppression")
        spec = charts.trend(data, "Re-referrals", "%", 1, period="Year to 31 March").to_dict()
        rows = [r for rows in spec["datasets"].values() for r in rows]
        assert {r["value"] for r in rows if r["series"] == f"{name} SN average" and r["time_period"] == 2025} == {shown}
