"""The data behind a trend chart, and its CSV, give the publisher's reason beside a year with no
figure: it was one column of figures per area, and Stockport's care leavers not in touch had eight
empty cells and nothing to say why."""

from __future__ import annotations

import polars as pl
import pytest

from oversight import exports


def test_a_series_with_a_symbol_gets_a_column_of_reasons_after_its_figures():
    tidy = pl.DataFrame({"time_period": [2023, 2024, 2025, 2023, 2024, 2025], "series": ["England"] * 3 + ["Leeds"] * 3,
                         "value": [70.0, 71.0, 72.0, 60.0, None, 62.0], "suppression": [None, None, None, None, "c", None]})
    table = exports.by_series(tidy, ["Leeds", "England"])
    assert table.columns == ["Year", "Leeds", "Leeds: note", "England"]
    assert table["Leeds"].to_list() == [60.0, None, 62.0]
    assert table["Leeds: note"].to_list() == [None, "suppressed (c)", None]
    assert b"2024,,suppressed (c),71.0" in exports.csv_bytes(table)


def test_a_series_with_every_figure_gets_no_column_of_reasons_and_order_falls_back_to_the_frames():
    tidy = pl.DataFrame({"time_period": [2024, 2024], "series": ["England", "Leeds"], "value": [1.0, 2.0], "suppression": [None, None]})
    assert exports.by_series(tidy, ["Leeds"]).columns == ["Year", "Leeds", "England"]
    assert exports.by_series(tidy).columns == ["Year", "England", "Leeds"]


@pytest.mark.usefixtures("on_warehouse")
def test_the_trend_pages_table_says_why_stockport_has_no_figure():
    from tests.apptest import open_page

    at = open_page("pages/trends.py", area="E08000007", indicator="care_leavers_not_in_touch_pct")
    at.session_state["data-trend"] = True
    at.run()
    table = next(t.value for t in at.dataframe if "Stockport: note" in t.value.columns)
    # the selected authority first, then its SN average, its region and England, as in the chart's key
    assert list(table.columns) == ["Year", "Stockport", "Stockport: note", "Stockport SN average",
                                   "Stockport SN average: neighbours averaged (of 10)", "North West", "England"]
    by_year = {r["Year"]: r for r in table.to_dict("records")}
    assert by_year[2016]["Stockport: note"] == "no figure (-)"
    assert by_year[2019]["Stockport"] == 0 and by_year[2025]["Stockport"] == 0  # LAIT's figures, drawn as before
    assert sum(r["Stockport: note"] == "no figure (-)" for r in by_year.values()) == 8


def test_a_year_an_area_did_not_exist_is_said_in_the_trend_csv(monkeypatch):
    """West Northamptonshire and its SN average were empty for 2013 to 2021 in the trend CSV, and Northamptonshire
    for 2022 to 2025, with no note column: the README says an empty cell is never left unexplained."""
    from oversight import exports
    from tests.apptest import open_page

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/trends.py", area="E06000062,E10000021", indicator="s47_to_icpc_pct", compare_to="sn")
    at.session_state["data-trend"] = True
    at.run()
    frame = next(f for f in written if "Year" in f.columns)
    rows = {r["Year"]: r for r in frame.iter_rows(named=True)}
    assert rows[2021]["West Northamptonshire"] is None and rows[2021]["West Northamptonshire: note"] == "West Northamptonshire did not exist yet (formed in April 2021)"
    assert rows[2021]["West Northamptonshire SN average: note"] == "West Northamptonshire did not exist yet (formed in April 2021)"
    # a former authority's series is named as the pickers name it: as "Dorset", the old county's line and today's Dorset's were one
    assert rows[2022]["Northamptonshire (until 2021)"] is None
    assert rows[2022]["Northamptonshire (until 2021): note"] == "Northamptonshire (until 2021) no longer existed (replaced after 2021)"
    for name in ("West Northamptonshire", "Northamptonshire (until 2021)", "West Northamptonshire SN average"):  # every empty cell has its reason
        assert all((r[name] is None) == (r[f"{name}: note"] is not None) for r in rows.values()), name


def test_the_old_dorset_and_todays_are_two_series(con):
    """"Dorset" named both the county council of before 2019 and today's Dorset Council: chosen together, their
    figures were one series, drawn as one line."""
    from oversight import queries as q

    rows = q.trend_frame(con, "cla_rate_per_10k", ["E06000059", "E10000009"], "england")
    assert {"Dorset", "Dorset (until 2019)"} <= set(rows["series"].to_list())
    assert rows.filter(pl.col("series") == "Dorset (until 2019)")["time_period"].max() <= 2019
