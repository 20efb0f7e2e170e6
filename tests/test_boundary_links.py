"""A profile says which authority came before or after a boundary change, and links to it: North
Northamptonshire's profile started in 2022 with nothing about Northamptonshire, and Northamptonshire's
said only "replaced after 2021 by a boundary change"."""

from __future__ import annotations

import polars as pl
import pytest

from tests.apptest import open_page


def links(area: str) -> list[tuple[str, str]]:
    at = open_page("pages/profile.py", area=area)
    return [(p.proto.label.replace("\\", ""), p.proto.query_string) for p in at.get("page_link") if p.proto.page == "profile"]


@pytest.mark.usefixtures("on_warehouse")
def test_a_successor_names_its_predecessor_and_links_to_it():
    assert links("E06000061") == [("Formed from part of Northamptonshire (until 2021)", "area=E10000021")]
    assert links("E06000059") == [("Formed from part of Dorset (until 2019)", "area=E10000009")]  # the new Dorset, never "Dorset from Dorset"
    assert links("E06000058") == [("Formed from Bournemouth (until 2019)", "area=E06000028"),  # BCP: two whole, one part
                                  ("Formed from part of Dorset (until 2019)", "area=E10000009"), ("Formed from Poole (until 2019)", "area=E06000029")]


@pytest.mark.usefixtures("on_warehouse")
def test_a_former_authority_names_each_successor_and_links_to_them():
    assert links("E10000006") == [  # Cumbria, split in 2023
        ("Replaced after 2023 by Cumberland", "area=E06000063"),
        ("Replaced after 2023 by Westmorland and Furness", "area=E06000064"),
    ]


@pytest.mark.usefixtures("on_warehouse")
def test_an_authority_no_boundary_change_touched_has_no_such_line():
    assert links("E08000007") == []  # Stockport


def timeline_title(area: str) -> object:
    import json
    at = open_page("pages/profile.py", area=area, tab="Ofsted inspections")
    titles = [json.loads(c.proto.spec).get("title") for c in at.get("vega_lite_chart")]
    return next(t for t in titles if t and "Ofsted overall judgements" in str(t))


@pytest.mark.usefixtures("on_warehouse")
def test_the_ofsted_timeline_starts_when_the_authority_was_formed():
    """North Northamptonshire's timeline, titled "since 2009", began in 2022: it was formed in April 2021."""
    assert timeline_title("E06000061") == {"text": "Ofsted overall judgements since April 2021",
                                           "subtitle": "Ticks at the top: inspections and visits without a grade", "anchor": "start"}
    assert timeline_title("E10000021") in ("Ofsted overall judgements since 2009", {"text": "Ofsted overall judgements since 2009",
                                           "subtitle": "Ticks at the top: inspections and visits without a grade", "anchor": "start"})


@pytest.mark.usefixtures("on_warehouse")
def test_the_ofsted_timeline_links_to_the_former_authoritys_inspections():
    """Cumberland's timeline showed its one inspection, with nothing to say Cumbria's are on Cumbria's profile."""
    at = open_page("pages/profile.py", area="E06000063", tab="Ofsted inspections")
    found = [(p.proto.label.replace("\\", ""), p.proto.query_string) for p in at.get("page_link") if p.proto.page == "profile"]
    assert ("Before April 2023: the inspections of Cumbria (until 2023)", "area=E10000006&tab=Ofsted+inspections") in found
    assert not [f for f in (open_page("pages/profile.py", area="E08000007", tab="Ofsted inspections").get("page_link"))
                if "inspections" in f.proto.label]  # Stockport: no boundary change, no such link


@pytest.mark.usefixtures("on_warehouse")
def test_a_figure_published_for_the_former_authority_is_said_where_it_is(con):
    """North Northamptonshire's Cafcass care applications read "–" and "no figure (-)": LAIT publishes
    Cafcass's figure for Northamptonshire as a whole (8.9 per 10,000 in 2025)."""
    from oversight import scrutiny

    county = con.execute("SELECT value FROM indicator_values WHERE indicator_id = 'cafcass_care_applications_per_10k' "
                         "AND area_code = 'E10000021' AND time_period = 2025").fetchall()[0][0]
    assert f"{county:.1f}" == "8.9"
    at = open_page("pages/profile.py", area="E06000061")
    said = [c.value.replace("\\", "") for c in at.caption if "as a whole" in c.value]
    assert said == ["Cafcass care applications per 10,000 children: published for the area of the former authority Northamptonshire (until 2021) as a whole (8.9 in the year to 31 March 2025), "
                    "not for North Northamptonshire alone."]
    headline = scrutiny.build(con, 2025, "E06000061").tables["Headline indicators 2025"]
    row = headline.filter(pl.col("Indicator") == "Cafcass care applications per 10,000 children").row(0, named=True)
    assert row["Note"] == "published for the area of the former authority Northamptonshire (until 2021) as a whole: 8.9; no regional figure is published; 2024: no figure (-)"
    dorset = [c.value.replace("\\", "") for c in open_page("pages/profile.py", area="E06000059").caption if "as a whole" in c.value]
    assert dorset and "published for the area of the former authority Dorset (until 2019) as a whole" in dorset[0]  # never "for Dorset as a whole, not for Dorset alone"
    assert not [c for c in open_page("pages/profile.py", area="E06000063").caption if "as a whole" in c.value]  # Cumberland: none published


@pytest.mark.usefixtures("on_warehouse")
def test_the_timelines_description_counts_one_inspection_in_the_singular():
    said = [m.value.replace("\\", "") for m in open_page("pages/profile.py", area="E06000061", tab="Ofsted inspections").markdown if "Timeline of" in m.value]
    assert said and said[0].startswith("Chart description: Timeline of 1 graded Ofsted inspection of North Northamptonshire: ILACS standard")


@pytest.mark.usefixtures("on_warehouse")
def test_a_former_authority_chosen_as_mine_is_followed_by_its_successor_where_only_current_ones_are():
    """Cumbria chosen on the profile, compare then highlighted Barking and Dagenham, the first name in its list."""
    at = open_page("pages/profile.py", area="E10000006")
    at.switch_page("pages/compare.py")
    at.query_params.clear()
    at.run()
    assert at.selectbox(key="compare-area").value == "E06000063"  # Cumberland
    assert any("Cumberland, which replaced it, is highlighted" in i.value.replace("\\", "") for i in at.info)
    at.switch_page("pages/neighbours.py")
    at.run()
    # the neighbour table has Cumbria's own: LAIT lists a former authority's ten, where it had said it had none
    assert at.selectbox(key="neighbours-area").value == "E10000006" and not [i for i in at.info if "which replaced it" in i.value]
    assert at.markdown[0].value.startswith("**Cumbria (until 2023)** against each of its statistical neighbours")
    at.switch_page("pages/report.py")
    at.run()
    assert any("Cumberland, which replaced it, is shown." in i.value.replace("\\", "") for i in at.info)


@pytest.mark.usefixtures("on_warehouse")
def test_compare_highlights_a_former_authority_in_a_year_it_was_one(con):
    """Northamptonshire asked for in 2021, its last year and ranked in the mart, had been replaced by North
    Northamptonshire, which "did not exist in 2021", with no way to pick Northamptonshire itself."""
    rank, of = con.execute("SELECT rank, ranked_of FROM indicator_comparison WHERE indicator_id = 'cla_3_placements_pct' "
                           "AND time_period = 2021 AND area_code = 'E10000021'").fetchall()[0]
    at = open_page("pages/compare.py", area="E10000021", indicator="cla_3_placements_pct", year="2021")
    assert at.selectbox(key="compare-area").value == "E10000021"
    assert any(f"Rank {rank} of {of}" in m.value for m in at.markdown if "Northamptonshire (until 2021)" in m.value)
    assert not [i for i in at.info if "did not exist" in i.value or "not a local authority" in i.value]
    later = open_page("pages/compare.py", area="E10000021", indicator="cla_3_placements_pct", year="2025")
    assert later.selectbox(key="compare-area").value == "E06000061"  # North Northamptonshire, which replaced it
    said = [i.value.replace("\\", "") for i in later.info if "Northamptonshire (until 2021)" in i.value.replace("\\", "")]
    assert said == ["Northamptonshire (until 2021) has no figure for the year to 31 March 2025: it was an authority to 31 March 2021. "
                    "North Northamptonshire, which replaced it, is highlighted."]
    # a workforce figure at 30 September of its last year is after its end: Dorset's county council is not offered, and says why
    autumn = open_page("pages/compare.py", area="E10000009", indicator="sw_agency_pct", year="2019")
    assert autumn.selectbox(key="compare-area").value != "E10000009"
    assert any("Dorset (until 2019) has no figure for 30 September 2019: it was an authority to 31 March 2019." in i.value.replace("\\", "")
               for i in autumn.info)


@pytest.mark.usefixtures("on_warehouse")
def test_a_former_authoritys_profile_stops_at_its_last_year(con):
    """Dorset's county council, abolished in 2019, showed LAIT's Cafcass figure of 2025 as its latest and counted it
    as improving, under "Dorset: profile", read as today's Dorset."""
    later = con.execute("SELECT max(time_period) FROM indicator_values WHERE area_code = 'E10000009' AND value IS NOT NULL").fetchall()[0][0]
    assert later > 2019  # LAIT gives it figures after 2019
    from oversight import queries as q

    rows = q.latest_for_area(con, "E10000009")
    assert rows["time_period"].drop_nulls().max() == 2019
    at = open_page("pages/profile.py", area="E10000009")
    assert at.title[0].value == "Dorset (until 2019): profile"
