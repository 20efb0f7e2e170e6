"""A new authority's first year against its second: Westmorland and Furness's re-referrals went from
7.4% to 16.5% and read "declining" with nothing said. The profile and the scrutiny pack say which
changes compare with a first year, and the indicator's definition, under its chart, gives what is known."""

from __future__ import annotations

import re

import polars as pl
import pytest

from oversight import scrutiny
from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")


def test_the_rereferral_definitions_figures_are_the_published_first_and_second_years(con):
    definition = con.execute("SELECT definition FROM indicators WHERE indicator_id = 'rereferrals_pct'").fetchall()[0][0]
    said = re.findall(r"([A-Z][A-Za-z ]+?) (\d+\.\d)% to (\d+\.\d)%", definition.split("(", 1)[1])
    assert [name.strip() for name, _, _ in said] == ["North Northamptonshire", "West Northamptonshire", "Cumberland", "Westmorland and Furness"]
    for name, first, second in said:
        rows = con.execute(
            "SELECT v.value FROM indicator_values v JOIN areas a USING (area_code) WHERE v.indicator_id = 'rereferrals_pct' AND a.area_name = ? "
            "AND a.is_current AND v.value IS NOT NULL ORDER BY v.time_period LIMIT 2", [name.strip()]).fetchall()
        assert [r[0] for r in rows] == [float(first), float(second)], name


def _note(area: str) -> list[str]:
    return [i.value.replace("\\", "") for i in open_page("pages/profile.py", area=area).info if "first year after it was formed" in i.value.replace("\\", "")]


def test_the_profile_says_which_changes_are_on_a_first_year(con):
    """Counted over the changes there are: "11 of these 15 changes are on Cumberland's first year" counted care
    leavers not in touch, with no figure in either year, and "on" read as a place."""
    (note,) = _note("E06000064")
    # the changes on 2024 (years to or at 31 March), not the workforce's on 2024 at 30 September (its first was 2023),
    # of the headline indicators with a change in their latest year
    on_first, every = con.execute(
        "SELECT count(*) FILTER (WHERE coalesce(i.year_type, 'Financial Year') IN ('Financial Year', 'Annual')), count(*) "
        "FROM indicators i JOIN indicator_comparison c USING (indicator_id) WHERE i.headline AND i.polarity <> 'neutral' AND c.area_code = 'E06000064' "
        "AND c.change IS NOT NULL AND c.time_period = (SELECT max(time_period) FROM indicator_values v WHERE v.indicator_id = i.indicator_id "
        "AND v.area_code = 'E06000064')").fetchall()[0]
    assert (on_first, every) == (10, 14)  # of 15 headline indicators, care leavers not in touch has no figure for 2024 or 2025
    assert note.startswith("10 of these 14 changes compare with Westmorland and Furness's first year after it was formed in April 2023:"), note
    assert not _note("E06000061") and not _note("E08000035")  # North Northamptonshire's latest changes are on its fourth year; Leeds was not formed by one


def test_the_pack_says_it_in_its_second_year_only(con):
    def said(year: int) -> bool:
        return any("Changes from 2024 compare with its first year" in s.text for s in scrutiny.build(con, year, "E06000064").narrative)

    assert said(2025) and not said(2024)


def test_the_packs_rows_say_which_changes_are_against_a_first_year(con):
    """Cumberland's re-referrals, 10.7% in 2024 (its first year) to 22.7%, read "declining" with an empty note:
    each row whose change is against the first year says so, as the profile counts them (10 of 14); the
    workforce's 2025 is against 30 September 2024, its second year, and the 2024 pack's workforce rows are
    against 30 September 2023, its first."""
    first = "change against its first year, 2024, which may not compare like for like"
    table = scrutiny.build(con, 2025, "E06000063").tables["Headline indicators 2025"]
    noted = table.filter(pl.col("Note").str.contains(first, literal=True))["Indicator"].to_list()
    workforce = ["Average caseload of children and family social workers", "Social worker turnover", "Agency social workers", "Social worker vacancies"]
    # every change but the workforce's, neutral indicators' ups and downs too (the profile counts the 10 of 14 with a better direction)
    assert noted == table.filter((pl.col("Direction of travel") != "") & ~pl.col("Indicator").is_in(workforce))["Indicator"].to_list()
    assert len(noted) == 19
    assert table.filter(pl.col("Indicator") == "Re-referrals within 12 months")["Note"].to_list() == [first]
    assert table.filter(pl.col("Indicator") == "Social worker turnover")["Note"].to_list() == [""]
    earlier = scrutiny.build(con, 2024, "E06000063").tables["Headline indicators 2024"]
    assert earlier.filter(pl.col("Note").str.contains("first year, 2023", literal=True))["Indicator"].to_list() == workforce
    assert not scrutiny.build(con, 2025, "E06000061").tables["Headline indicators 2025"]["Note"].str.contains("first year").any()


@pytest.mark.parametrize("page", ["pages/compare.py", "pages/trends.py"])
def test_the_definition_and_source_are_under_the_figure(con, page):
    definition, source = con.execute("SELECT definition, source FROM indicators WHERE indicator_id = 'rereferrals_pct'").fetchall()[0]
    at = open_page(page, area="E06000064", indicator="rereferrals_pct", year="2025")
    assert f"Definition: {definition} Source: {source}." in [c.value.replace("\\", "") for c in at.caption]
