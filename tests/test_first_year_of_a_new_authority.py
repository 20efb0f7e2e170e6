"""A new authority's first year against its second: Westmorland and Furness's re-referrals went from
7.4% to 16.5% and read "declining" with nothing said. The profile and the scrutiny pack say which
changes are on a first year, and the indicator's definition, under its chart, gives what is known."""

from __future__ import annotations

import re

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
    (note,) = _note("E06000064")
    # the changes on 2024 (years to or at 31 March), not the workforce's on 2024 at 30 September (its first was 2023)
    on_first, every = con.execute("SELECT count(*) FILTER (WHERE coalesce(year_type, 'Financial Year') IN ('Financial Year', 'Annual')), count(*) "
                                  "FROM indicators WHERE headline AND polarity <> 'neutral'").fetchall()[0]
    assert note.startswith(f"{on_first} of these {every} changes are on Westmorland and Furness's first year after it was formed in April 2023"), note
    assert not _note("E06000061") and not _note("E08000035")  # North Northamptonshire's latest changes are on its fourth year; Leeds was not formed by one


def test_the_pack_says_it_in_its_second_year_only(con):
    def said(year: int) -> bool:
        return any("The changes on 2024 are on its first year" in s.text for s in scrutiny.build(con, year, "E06000064").narrative)

    assert said(2025) and not said(2024)


@pytest.mark.parametrize("page", ["pages/compare.py", "pages/trends.py"])
def test_the_definition_and_source_are_under_the_figure(con, page):
    definition, source = con.execute("SELECT definition, source FROM indicators WHERE indicator_id = 'rereferrals_pct'").fetchall()[0]
    at = open_page(page, area="E06000064", indicator="rereferrals_pct", year="2025")
    assert f"Definition: {definition} Source: {source}." in [c.value.replace("\\", "") for c in at.caption]
