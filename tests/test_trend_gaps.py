"""A trend line stops where a series has no figure for a year the chart shows, instead of joining
its figures across the missing years (Stockport's care leavers not in touch: 0% in 2019 and 2025
and nothing between, drawn as a flat line at 0%)."""

from __future__ import annotations

import polars as pl
import pytest

from oversight import charts


def test_missing_years_between_a_series_figures_become_gaps():
    df = pl.DataFrame({"time_period": [2019, 2025, *range(2019, 2026)],
                       "series": ["Stockport"] * 2 + ["England"] * 7, "value": [0.0, 0.0, 7.0, 7, 5, 5, 4, 5, 4]})
    filled = charts.with_gaps(df)
    mine = filled.filter(pl.col("series") == "Stockport").sort("time_period")
    assert mine["time_period"].to_list() == list(range(2019, 2026))
    assert mine["value"].to_list() == [0.0, None, None, None, None, None, 0.0]
    assert filled.filter(pl.col("series") == "England").height == 7
    spec = charts.trend(df, "Care leavers not in touch", "%", 0, period="Year to 31 March").to_dict()
    assert spec["layer"][0]["mark"]["invalid"] == "break-paths-show-domains"


def test_a_year_no_series_has_adds_nothing_and_nothing_before_or_after_a_series():
    every_other = pl.DataFrame({"time_period": [2019, 2021, 2023] * 2, "series": ["A"] * 3 + ["B"] * 3, "value": [1.0, 2, 3, 4, 5, 6]})
    assert charts.with_gaps(every_other).sort("series", "time_period").equals(every_other.sort("series", "time_period"))
    late = pl.DataFrame({"time_period": [2019, 2020, 2021, 2021], "series": ["A", "A", "A", "B"], "value": [1.0, 2, 3, 4]})
    assert charts.with_gaps(late).filter(pl.col("series") == "B")["time_period"].to_list() == [2021]


@pytest.mark.usefixtures("on_warehouse")
def test_an_sn_average_on_few_neighbours_is_said():
    """Stockport's care leavers not in touch: its SN average rests on 4 of its 10 neighbours in 2018
    and 2020 and on 3 in 2024 (the others have no figure), which the chart did not say."""
    from tests.apptest import open_page

    at = open_page("pages/trends.py", area="E08000007", indicator="care_leavers_not_in_touch_pct")
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "The SN average rests on fewer than half of Stockport's 10 neighbours in 2018, 2020 and 2024 (4, 4 and 3 of them with a figure)." in text
    assert "Stockport has no figure for 2016, 2017, 2018, 2020, 2021, 2022, 2023 and 2024 (published as -)." in text  # not "...: no figure (-)"
    at = open_page("pages/trends.py", area="E08000007", indicator="care_leavers_not_in_touch_pct", compare_to="england")
    assert "rests on fewer than half" not in " ".join(m.value for m in at.markdown)


@pytest.mark.usefixtures("on_warehouse")
def test_more_than_six_areas_in_the_link_are_named_as_left_out():
    """England and the nine regions in a link read "A trend shows up to 6 authorities", and did not say which were dropped."""
    from tests.apptest import open_page

    regions = ["E12000001", "E12000002", "E12000003", "E12000004", "E12000005", "E12000006", "E12000007", "E12000008", "E12000009"]
    at = open_page("pages/trends.py", area=",".join(["E92000001", *regions]), indicator="cpp_rate_per_10k")
    [said] = [w.value.replace("\\", "") for w in at.warning if "up to 6" in w.value]
    assert said == ("A trend draws up to 6 areas (authorities, regions or England), each in its own colour; the first 6 in the link are shown, "
                    "and East of England (region), London (region), South East (region) and South West (region) are left out.")


@pytest.mark.usefixtures("on_warehouse")
def test_years_without_a_figure_are_named_once():
    """Isle of Wight's adoptions with consent dispensed with, published as "-" for 2023 and 2024 between
    100% in 2022 and 2025: the description named the two years twice, "with no figure for 2023 and 2024"
    and then "Isle of Wight has no figure for 2018, ..., 2023 and 2024 (published as -)"."""
    from tests.apptest import open_page

    at = open_page("pages/trends.py", area="E06000046", indicator="lait_lac_pct_adopt_consentdisp")
    [text] = [m.value.replace("\\", "") for m in at.markdown if "Line chart of" in m.value]
    assert "Isle of Wight was unchanged from 100% in 2022 to 100% in 2025." in text
    assert "Isle of Wight has no figure for 2018, 2019, 2020, 2021, 2023 and 2024 (published as -)." in text
    assert text.count("2023 and 2024") == 1


def test_a_summary_leaves_out_years_its_caller_explains():
    from oversight.widgets import series_summary

    data = pl.DataFrame({"series": ["A"] * 3 + ["B"] * 3, "time_period": [2023, 2024, 2025] * 2, "value": [1.0, None, 2.0, 1.0, None, 2.0]})
    assert series_summary(data, 0, "", frozenset({("A", 2024)})) == (
        "A rose from 1 in 2023 to 2 in 2025 (+1); B rose from 1 in 2023 to 2 in 2025 (+1), with no figure for 2024.")


@pytest.mark.usefixtures("on_warehouse")
def test_a_region_without_a_figure_is_said_on_compare_and_trends():
    """LAIT gives Inner London "-" in every year of under-18 alcohol admissions: Haringey's compare read "Against its
    statistical neighbours' average 12.18 and England 22.56" and its trend drew no region, with nothing said."""
    from tests.apptest import open_page

    at = open_page("pages/compare.py", area="E09000014", indicator="lait_hosp_adm_alc_lt_18yrs", year="2024")
    assert any("and England 22.56. Inner London has no figure." in m.value.replace("\\", "") for m in at.markdown)
    at = open_page("pages/trends.py", area="E09000014", indicator="lait_hosp_adm_alc_lt_18yrs", compare_to="sn")
    [text] = [m.value.replace("\\", "") for m in at.markdown if "Line chart of" in m.value]
    assert "Inner London has no figure for any of these years." in text
    at = open_page("pages/trends.py", area="E09000014", indicator="rereferrals_pct", compare_to="sn")
    assert not [m for m in at.markdown if "Inner London has no figure" in m.value]
