"""Trends says which authorities an SN average averages, on the page and in its downloads: a director's
CSV and picture of "Sandwell SN average" had not said which ten authorities it was, nor that today's
neighbours stand for every year drawn."""

from __future__ import annotations

import polars as pl
import pytest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the pages read the test warehouse, not a developer's


def _neighbours(con, code: str) -> list[str]:
    return [n for (n,) in con.execute("SELECT a.area_name FROM statistical_neighbours s JOIN areas a ON a.area_code = s.neighbour_code "
                                      "WHERE s.area_code = ? ORDER BY s.neighbour_rank", [code]).fetchall()]


def test_the_sn_average_names_its_neighbours_on_the_page_and_in_the_csv(con, monkeypatch):
    from oversight import exports

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/trends.py", area="E08000028", indicator="cla_rate_per_10k")
    at.session_state["data-trend"] = True
    at.run()
    names = _neighbours(con, "E08000028")
    assert len(names) == 10 and "Kingston upon Hull, City of" in names
    [said] = [c.value.replace("\\", "") for c in at.caption if c.value.replace("\\", "").startswith("Sandwell SN average is")]
    assert said.startswith(f"Sandwell SN average is the average of its 10 statistical neighbours: {names[0]}; {names[1]}; ")
    assert said.endswith("the same for every year shown.")
    [csv] = [w for w in written if "Sandwell's statistical neighbours" in w.columns]
    assert csv["Sandwell's statistical neighbours"][0] == "; ".join(names)


def test_against_region_and_england_no_neighbours_are_named(monkeypatch):
    from oversight import exports

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/trends.py", area="E08000028", indicator="cla_rate_per_10k", compare_to="region")
    at.session_state["data-trend"] = True
    at.run()
    assert not any(c.value.replace("\\", "").startswith("Sandwell SN average is") for c in at.caption)
    assert written and not any("Sandwell's statistical neighbours" in w.columns for w in written)


def test_only_the_sn_average_drawn_is_named(monkeypatch):
    """The chart draws the first area's SN average alone: with Leeds added to Sandwell, Leeds' ten neighbours had
    been named, on the page and in the CSV, for an "SN average" line that is not on the chart."""
    from oversight import exports

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/trends.py", area="E08000028,E08000035", indicator="cla_rate_per_10k")
    at.session_state["data-trend"] = True
    at.run()
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any(c.startswith("Sandwell SN average is") for c in captions)
    assert not any("Leeds SN average" in c for c in captions), captions
    [csv] = [w for w in written if "Sandwell's statistical neighbours" in w.columns]
    assert not any("neighbours" in c and c.startswith("Leeds") for c in csv.columns), csv.columns


@pytest.mark.parametrize(("area", "indicator", "averaged", "says"), [
    # Westmorland and Furness's first re-referral rate looks back to before 1 April 2023: not in Herefordshire's 2024 average
    ("E06000019", "rereferrals_pct", "2013 to 2024", "The SN average and median leave out Westmorland and Furness for 2024: its figure looks back 12 months, "
                                     "to before it was formed on 1 April 2023, and reads low."),
    # Sunderland's agency social workers, published as rounding to zero: not in Blackpool's average
    ("E06000009", "sw_agency_pct", "2023 to 2025", "The SN average and median leave out Sunderland for 2023, 2024 and 2025: its figure is published as "
                                   "rounds to zero (low), with no number."),
])
def test_the_neighbours_an_sn_average_leaves_out_are_named(con, area: str, indicator: str, averaged: str, says: str):
    """The caption named all ten neighbours of an SN average that, in some years, left one out: Herefordshire's 2024
    re-referrals average 9 of them. The neighbour table and the scrutiny pack named it; trends now does, on the page
    and in the chart's description."""
    assert "Westmorland and Furness" in _neighbours(con, "E06000019") and "Sunderland" in _neighbours(con, "E06000009")
    at = open_page("pages/trends.py", area=area, indicator=indicator)
    [said] = [c.value.replace("\\", "") for c in at.caption if "SN average is the average of its 10" in c.value]
    assert said.endswith(f"the same for every year shown. It averages fewer where some have no figure or one is left out: 9 in {averaged}. " + says), said
    assert any(says in m.value.replace("\\", "") for m in at.markdown if m.value.startswith("Chart description"))


def test_years_are_said_as_runs():
    from oversight.formatting import year_ranges

    assert [year_ranges(y) for y in ([2024], [2021, 2022], [2016, 2019], [*range(2013, 2025), 2026], [2017, 2021, 2022, 2023])] == [
        "2024", "2021 and 2022", "2016 and 2019", "2013 to 2024 and 2026", "2017 and 2021 to 2023"]


def test_the_trend_says_how_many_neighbours_each_years_sn_average_averages(con, monkeypatch):
    """Tower Hamlets' SN average of child protection plans averages 9 of its 10 neighbours in 2021 and 2022 (Hackney's
    figures published as x): the caption named ten, and neither the table behind the chart nor its CSV could tell an
    analyst how many each year's average was of."""
    from oversight import exports

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/trends.py", area="E09000030", indicator="cpp_rate_per_10k")
    [said] = [c.value.replace("\\", "") for c in at.caption if "SN average is the average of its 10" in c.value]
    assert said.endswith("the same for every year shown. It averages fewer where some have no figure: 9 in 2021 and 2022."), said
    at.session_state["data-trend"] = True
    at.run()
    column = "Tower Hamlets SN average: neighbours averaged (of 10)"
    table = at.dataframe[0].value
    counts = dict(zip(table["Year"], table[column], strict=True))
    expected = dict(con.execute("SELECT time_period, sn_count FROM indicator_comparison WHERE indicator_id = 'cpp_rate_per_10k' "
                                "AND area_code = 'E09000030' AND sn_mean IS NOT NULL").fetchall())
    assert counts == expected and counts[2021] == counts[2022] == 9 and counts[2025] == 10
    [csv] = [w for w in written if column in w.columns]
    assert csv.columns.index(column) == csv.columns.index("Tower Hamlets SN average") + 1
