"""A director read every authority's 1,000 inspections to find her own: the Ofsted page's Every
inspection tab is of one authority when chosen, and the choice is in the link (?of=E06000018)."""

from __future__ import annotations

import json

import pytest

from oversight import widgets
from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")


def _table(at):
    return next(d.value for d in at.dataframe if "visit_theme" in d.value.columns)


def test_every_authority_by_default():
    at = open_page("pages/ofsted.py", tab="Every inspection")
    assert [h.value for h in at.header] == ["Every inspection since 2009"]
    assert at.selectbox(key="inspections-of").value == "all" and _table(at)["area_name"].nunique() > 153  # the former authorities' too


def test_one_authoritys_inspections_from_the_link(monkeypatch):
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/ofsted.py", tab="Every inspection", of="E06000018")
    assert [h.value for h in at.header] == ["Every inspection of Nottingham since 2009"]
    table = _table(at)
    # SLAC 2011, the LSCB review and SIF of 2014, ILACS 2019 and 2022, three monitoring visits in 2024
    assert set(table["area_name"]) == {"Nottingham"} and len(table) == 8
    assert set(table["framework"]) == {"SLAC", "LSCB review", "SIF", "ILACS standard", "monitoring visit"}
    assert set(written[-1]["ONS code"]) == {"E06000018"}  # the CSV is the table shown


def test_a_former_authority_is_named_as_every_picker_names_it():
    at = open_page("pages/ofsted.py", tab="Every inspection", of="E10000009")
    assert [h.value.replace("\\", "") for h in at.header] == ["Every inspection of Dorset (until 2019) since 2009"]


def test_an_unknown_authority_in_the_link_is_said_and_every_authority_shown():
    at = open_page("pages/ofsted.py", tab="Every inspection", of="E0600XXXX")
    assert [w.value.replace("\\", "") for w in at.warning] == ["Unknown authority 'E0600XXXX' in the link; showing every authority's inspections."]
    assert [h.value for h in at.header] == ["Every inspection since 2009"]


def test_the_csv_says_what_it_holds_and_the_link_drops_the_choice_on_other_tabs(monkeypatch):
    """The inspections CSV had no line to say whose inspections, to when and from where, unlike the page's other downloads;
    and ?of= stayed in the link when another tab was opened."""
    from oversight import exports
    from oversight import ofsted_queries as oq

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/ofsted.py", tab="Every inspection", of="E06000018")
    csv = written[-1]
    assert csv.columns[:4] == ["Inspections of", "Published to", "Source", "Warehouse built"]
    assert csv.row(0)[:3] == ("Nottingham", "12 December 2024", oq.OFFICIAL_SOURCE)
    assert at.query_params["of"] == "E06000018"
    assert "of" not in open_page("pages/ofsted.py", tab="Map", of="E06000018").query_params


@pytest.mark.usefixtures("on_warehouse")
def test_a_former_authoritys_inspections_are_named_as_the_pickers_name_it(con):
    """Every inspection listed the county council of before 2019 as "Dorset", as it lists today's council."""
    from oversight import ofsted_queries as oq

    names = set(oq.inspections(con, "E10000009")["area_name"].to_list())
    assert names == {"Dorset (until 2019)"} and set(oq.inspections(con, "E06000059")["area_name"].to_list()) <= {"Dorset"}


def test_without_a_choice_in_the_link_the_tab_opens_on_the_chosen_authority():
    """Sandwell's director, with ?area=E08000028 in the link, found the tab on every authority's
    inspections; with no authority chosen, it is every authority's."""
    at = open_page("pages/ofsted.py", tab="Every inspection", area="E08000028")
    assert at.selectbox(key="inspections-of").value == "E08000028"
    assert open_page("pages/ofsted.py", tab="Every inspection").selectbox(key="inspections-of").value == "all"


def test_the_months_visits_are_listed_for_are_every_authoritys():
    """Wolverhampton's table said its visits are "listed from 2 October 2024 to 2 October 2024 only", then
    "listed on 2 October 2024 only (1, from LA_Inspection_Outcomes_as_at_31_March_2025.ods)", as if Ofsted
    listed visits on that day alone: the months are the file's, as the profile says them, and its one visit is counted."""
    at = open_page("pages/ofsted.py", tab="Every inspection", of="E08000031")
    said = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert ("Focused and monitoring visits are listed from 3 April 2024 to 26 March 2025 only: the other Ofsted files loaded list "
            "inspections, not visits; Wolverhampton had 1 in that time.") in said, said
    assert ".ods" not in said
    # a former authority, gone before those months, is given no count: "Cumbria (until 2023) had 0 in that time"
    former = " ".join(c.value.replace("\\", "") for c in open_page("pages/ofsted.py", tab="Every inspection", of="E10000006").caption)
    assert "list inspections, not visits." in former and "had 0" not in former


def test_a_new_authoritys_inspections_link_to_the_former_authoritys():
    """North Northamptonshire's list began in 2022, with nothing to say Northamptonshire's (Inadequate in 2019)
    were a choice away; the profile's timeline links them, and so does this tab."""
    at = open_page("pages/ofsted.py", tab="Every inspection", of="E06000061")
    [link] = [p for p in at.get("page_link") if "Before April" in p.proto.label]
    assert link.proto.label.replace("\\", "") == "Before April 2021: the inspections of Northamptonshire (until 2021)"
    assert "of=E10000021" in link.proto.query_string and "Every+inspection" in link.proto.query_string.replace("%20", "+")
    assert not [p for p in open_page("pages/ofsted.py", tab="Every inspection", of="E06000018").get("page_link") if "Before April" in p.proto.label]


def test_a_link_naming_whose_inspections_opens_their_tab():
    """/ofsted?of=E10000006 opened the first tab, dropped the choice, and the Every inspection tab then showed
    the reader's own authority instead of Cumbria's."""
    at = open_page("pages/ofsted.py", area="E06000063", of="E10000006")
    assert [h.value.replace("\\", "") for h in at.header] == ["Every inspection of Cumbria (until 2023) since 2009"]
    assert at.query_params["of"] == "E10000006"


def test_a_link_that_opens_the_time_since_box_opens_it_whatever_whose_inspections_it_names():
    """/ofsted?of=...&time-since=true opened the Every inspection tab, and the box of every authority's time
    since inspection, on the first tab, stayed shut."""
    at = open_page("pages/ofsted.py", of="E06000018", **{"time-since": "true"})
    assert any(e.label == "Every authority, the longest since a graded inspection first" for e in at.expander)
    assert any("years_since_inspection" in d.value.columns for d in at.dataframe)  # drawn: the box is open
    assert not any(h.value.replace("\\", "").startswith("Every inspection") for h in at.header)


def test_whether_a_judgement_is_official_stands_beside_it():
    """The caption speaks of judgements "marked as not official": the mark was the eighth column, after the visit
    theme, past the edge at 1,400 px, so Leeds' Outstanding of June 2025 read as official."""
    at = open_page("pages/ofsted.py", tab="Every inspection", of="E08000035")
    table = _table(at)
    columns = list(table.columns)
    assert columns.index("official") == columns.index("judgement") + 1
    latest = table[table["publication_date"].astype(str).str.startswith("2025-08-12")]
    assert list(latest["judgement"]) == ["Outstanding"] and list(latest["official"]) == ["not yet"]
    # the type in Ofsted's words is given a width: "Review of the Local Safeguarding Children Board" whole had pushed the mark
    # past the edge again (seen at 1,400 px)
    config = json.loads(next(d for d in at.dataframe if "visit_theme" in d.value.columns).proto.columns)
    assert config["inspection_type"]["width"] < widgets.text_px("Review of the Local Safeguarding Children Board")


def test_a_link_to_one_authoritys_inspections_opens_as_that_authority():
    """A director following a link to Leeds' inspections (no `area`) read "Haringey is shown until you choose your own
    authority" and Haringey's judgement above Leeds' table."""
    at = open_page("pages/ofsted.py", tab="Every inspection", of="E08000035")
    said = " ".join(m.value.replace("\\", "") for m in [*at.markdown, *at.info])
    assert "is shown until you choose your own authority" not in said
    assert "Leeds: Outstanding" in said and "Haringey:" not in said
    assert at.sidebar.selectbox(key="my_area_sidebar").value == "E08000035"
    # the link's own area wins, and the page's choice of inspections then leaves "my authority" alone
    at = open_page("pages/ofsted.py", tab="Every inspection", of="E08000035", area="E09000014")
    assert at.sidebar.selectbox(key="my_area_sidebar").value == "E09000014"
    at.selectbox(key="inspections-of").set_value("E06000027").run()
    assert at.session_state["my_area"] == "E09000014" and at.query_params["of"] == "E06000027"


def test_inspections_without_a_date_are_said():
    """The frameworks before 2018 give no inspection date: the profile's table writes "not given", and this
    table's blank Inspected cells had said nothing. Nottingham's SLAC of 2011, LSCB review and SIF of 2014."""
    at = open_page("pages/ofsted.py", tab="Every inspection", of="E06000018")
    assert _table(at)["inspection_date"].isna().sum() == 3
    assert any("3 of these inspections, under frameworks before 2018, have no inspection date in Ofsted's data: "
               "Inspected is blank, and Published dates them." in c.value.replace("\\", "") for c in at.caption)
    at = open_page("pages/ofsted.py", tab="Every inspection", of="E06000061")  # North Northamptonshire, formed in 2021: none undated, nothing said
    assert _table(at)["inspection_date"].isna().sum() == 0 and all("no inspection date" not in c.value for c in at.caption)
