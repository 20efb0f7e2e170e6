"""A change reads the same way on every page: its arrow follows the sign of the change and its word
follows polarity, so a rise in a figure where lower is better is "▲ worse", never "▼ worse"."""

from __future__ import annotations

import polars as pl
import pytest

from oversight.formatting import change_text, direction_text
from tests.apptest import open_page, plain_tables


@pytest.mark.parametrize(("change", "direction", "shown"), [
    (0.2, "declining", "▲ worse"),    # re-referrals rose: lower is better
    (-0.2, "improving", "▼ better"),  # re-referrals fell
    (1.2, "improving", "▲ better"),   # assessments on time rose: higher is better
    (-3.0, "declining", "▼ worse"),
    (3.8, "up", "▲ up"),              # a neutral indicator
    (-0.9, "down", "▼ down"),
    (0.01, "no change", "= same"),    # rounds to 0 at the indicator's decimals
    (None, None, "–"),
])
def test_direction_text(change, direction, shown):
    assert direction_text(change, direction) == shown


@pytest.mark.usefixtures("on_warehouse")
def test_the_profile_shows_englands_rise_in_rereferrals_as_worse_with_an_up_arrow(con):
    change, direction = con.execute(
        "SELECT change, direction FROM indicator_comparison WHERE indicator_id = 'rereferrals_pct' AND area_code = 'E92000001' "
        "AND time_period = (SELECT max(time_period) FROM indicator_comparison WHERE indicator_id = 'rereferrals_pct')"
    ).fetchall()[0]
    assert change > 0 and direction == "declining"  # 22.4% to 22.6% in the published files
    at = open_page("pages/profile.py", area="E92000001")
    rows = pl.concat([t for t in plain_tables(at) if "SN average" in t.columns])  # the indicator tables
    assert rows.filter(pl.col("Indicator") == "Re-referrals within 12 months")["Direction"].to_list() == ["▲ worse"]


@pytest.mark.parametrize(("change", "decimals", "shown"), [(3.8, 1, "+3.8"), (-0.94, 1, "-0.9"), (-0.4, 0, "0"), (0.04, 1, "0.0"), (1234.5, 0, "+1,235")])
def test_a_change_that_rounds_to_nothing_has_no_sign(change, decimals, shown):  # a half rounds away from zero (formatting.rounded)
    assert change_text(change, decimals) == shown


@pytest.mark.parametrize(("change", "unit", "shown"), [(0.2, "%", "+0.2 pp"), (-3.14, "% CIN", "-3.1 pp"),
                                                     (9.0, "£ per child", "+£9.0"), (-12.0, "£", "-£12.0"), (0.01, "%", "0.0 pp"), (0.001, "£", "£0.0"), (6.0, "per 10,000 children", "+6.0")])
def test_a_change_carries_its_unit(change, unit, shown):
    """Re-referrals read "+0.2 on 2024" and spending per child "+9": a change of a percentage is in
    percentage points, and money keeps its pound sign."""
    assert change_text(change, 1, unit) == shown


@pytest.mark.usefixtures("on_warehouse")
def test_derbyshires_safeguarding_spending_changed_by_less_than_one_pound_and_reads_0(con):
    change = con.execute(
        "SELECT change FROM indicator_comparison WHERE indicator_id = 'safeguarding_spend_per_child' AND area_code = 'E10000007' AND time_period = 2025"
    ).fetchall()[0][0]
    assert -0.5 < change < 0  # £191 both years; a change below half a pound read "-£0"
    at = open_page("pages/profile.py", area="E10000007")
    rows = pl.concat([t for t in plain_tables(at) if "SN average" in t.columns])  # the indicator tables
    row = rows.filter(pl.col("Indicator") == "Spending on safeguarding per child aged 0 to 17").row(0, named=True)
    assert (row["Change"], row["Direction"]) == ("£0", "= same")


def test_the_csvs_direction_says_which_way_the_figure_moved(con):
    """The national page's CSV gave re-referrals "0.2, declining" beside rows saying "up" and "down": read as a fall.
    Every direction now says the way the figure moved, and where polarity applies whether that is better."""
    from oversight import exports
    from oversight import queries as q

    rows = exports.england_figures(q.headline_tiles(con))
    said = {r["indicator_id"]: (r["change"], r["direction"]) for r in rows.iter_rows(named=True)}
    change, direction = said["rereferrals_pct"]
    assert direction == ("up, worse" if change > 0 else "down, better")  # lower is better
    for change, direction in said.values():
        if direction not in (None, "no change"):
            assert direction.split(",")[0] == ("up" if change > 0 else "down")
    assert {d for _, d in said.values()} - {None} <= {"up", "down", "no change", "up, better", "up, worse", "down, better", "down, worse"}
