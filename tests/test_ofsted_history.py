"""The 2009 to 2023 inspection history, read from Ofsted's 2023 workbook (found by content)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from etl.areas import UnknownArea, registry
from etl.errors import InputError, Warnings
from etl.publications import contract as c
from etl.publications import ofsted_history
from etl.recognise import recognise
from tests.conftest import find


@pytest.fixture(scope="module")
def history() -> pl.DataFrame:
    path = find("ofsted_history")
    found = recognise(path)
    return found.loader(path, found.contract, registry(), Warnings())


def overall(df: pl.DataFrame, framework: str) -> pl.DataFrame:
    return df.filter((pl.col("framework") == framework) & (pl.col("judgement") == "overall_effectiveness"))


def test_counts_per_framework(history):
    las = {f: overall(history, f)["area_code"].n_unique() for f in ("SIF", "SLAC", "CPI", "SIF re-inspection", "LSCB review", "TLAC", "CPRI")}
    assert las == {"SIF": 152, "SLAC": 152, "CPI": 50, "SIF re-inspection": 21, "LSCB review": 152, "TLAC": 5, "CPRI": 1}
    slac = history.filter(pl.col("inspection_type") == "SLAC inspection")
    assert slac["publication_date"].min().isoformat() == "2009-08-07"
    assert slac["publication_date"].max().isoformat() == "2012-08-24"


def test_predecessors_keep_their_history(history):
    reg = registry()
    old_dorset, new_dorset = reg.by_ons_code("E10000009"), reg.by_ons_code("E06000059")
    sif = overall(history, "SIF")
    for code in (old_dorset, reg.by_ons_code("E06000028"), reg.by_ons_code("E06000029"), reg.by_ons_code("E10000021"), reg.by_ons_code("E10000006")):
        assert sif.filter(pl.col("area_code") == code).height == 1, code
    assert sif.filter(pl.col("area_code") == new_dorset).height == 0
    # Northamptonshire: CPI inadequate in 2013, as published
    cpi = overall(history, "CPI").filter(pl.col("area_code") == "E10000021").row(0, named=True)
    assert (cpi["publication_date"].isoformat(), cpi["grade"], cpi["grade_label"]) == ("2013-03-20", 4, "Inadequate")


def test_grade_wording_keeps_the_framework(history):
    slac = overall(history, "SLAC").filter(pl.col("grade") == 3)
    sif = overall(history, "SIF").filter(pl.col("grade") == 3)
    assert slac.height and sif.height
    assert "adequate" in slac["scale_note"][0] and "not the SIF or ILACS" in slac["scale_note"][0]
    assert "replaced adequate" in sif["scale_note"][0]


def test_history_sheet_is_found_by_content_not_name(tmp_path):
    contract = c.contracts()["ofsted_history"]
    header = ["Web link", *(f.aliases[0] for f in contract.fields)]
    header[header.index("First SIF Overall Judgement (OE)")] = " First SIF Overall Judgement\n(OE)"
    dates = {i for i, h in enumerate(header) if h.endswith("date")}

    def row(name: str) -> list[str]:
        return ["link", name] + ["2011-01-01" if i in dates else " -" for i in range(2, len(header))]

    wb = Workbook()
    wb.active.title = "Something else"
    ws = wb.create_sheet("renamed sheet")
    ws.append(["title"])
    ws.append(header)
    ws.append(row("Richmond Upon Thames"))
    ws.append(row("Atlantis"))
    path = tmp_path / "history.xlsx"
    wb.save(path)
    assert recognise(path).contract.publication == "ofsted_history"
    with pytest.raises(InputError) as e:
        ofsted_history.load(path, contract, registry(), Warnings())
    msg = str(e.value)
    assert "history.xlsx" in msg and "row 4" in msg and "'Atlantis'" in msg and "area_name_aliases.csv" in msg


def test_name_normalisation_places_ofsted_spellings():
    reg = registry()
    expected = {
        "Bristol": "E06000023", "Durham": "E06000047", "Herefordshire": "E06000019", "Kingston Upon Hull": "E06000010",
        "Richmond Upon Thames": "E09000027", "richmond upon thames": "E09000027", "St Helens": "E08000013",
        "Bedford Borough": "E06000055", "Newcastle upon Tyne": "E08000021", "Bournemouth, Christchurch and Poole": "E06000058",
    }
    assert {n: reg.by_name(n) for n in expected} == expected
    assert reg.by_name("Dorset") == "E06000059"
    assert reg.by_name("Dorset", predecessor=True) == "E10000009"
    with pytest.raises(UnknownArea, match="no local authority is called 'Northern Bristol'"):
        reg.by_name("Northern Bristol")


def test_the_history_loads_only_pre_ilacs_frameworks(history):
    from etl.publications.ofsted_at_31_march import COUNTED

    inspections = history.filter(pl.col("framework") != COUNTED)
    assert not inspections["framework"].str.starts_with("ILACS").any()
    assert inspections["official"].all() and inspections["inspection_date"].is_null().all()
    assert Path(history["source_file"][0]).suffix == ".ods"


def test_the_workbooks_table_of_judgements_at_31_march_comes_with_it(history):
    """Its sheet 'LA_level_at_31_Mar_2023' is what Ofsted's 2023 statistics count: 25 Outstanding, 65 Good, 48 Requires
    improvement and 14 Inadequate, with Liverpool's judgement of 2018 (its inspection of 13 March 2023 was published in May)."""
    from etl.publications.ofsted_at_31_march import COUNTED

    counted = history.filter(pl.col("framework") == COUNTED)
    assert set(counted["publication_date"].cast(pl.String)) == {"2023-03-31"} and counted.height == 152
    assert dict(counted.group_by("grade").len().iter_rows()) == {1: 25, 2: 65, 3: 48, 4: 14}
    liverpool = counted.filter(pl.col("area_code") == "E08000012").row(0, named=True)
    assert (str(liverpool["inspection_date"]), liverpool["grade_label"]) == ("2018-05-14", "Requires improvement to be good")


def test_the_profile_gives_a_2013_grade_in_its_framework_s_words(on_warehouse):
    """Kent's child protection inspection of January 2013 was graded 'adequate'; Ofsted's data restate
    it as 'Requires improvement to be good', a judgement that did not exist until November 2013."""
    from tests.apptest import open_page, plain_tables

    at = open_page("pages/profile.py", area="E10000016", tab="Ofsted inspections")
    described = next(m.value for m in at.markdown if "Timeline of" in m.value).replace("\\", "")
    assert "CPI published 15 January 2013: Adequate (restated by Ofsted as requires improvement to be good)" in described
    assert "SIF published 13 June 2017: Good" in described
    table = next(t for t in plain_tables(at) if "Overall judgement" in t.columns)  # the plain table under the timeline
    assert set(table.filter(pl.col("Inspection") == "TLAC")["Overall judgement"]) == {"Adequate (restated by Ofsted as requires improvement to be good)"}


def test_sub_judgements_are_in_their_frameworks_words(con):
    """SLAC's looked after children judgement, like its overall one, graded 'adequate': 69 of them
    read 'Requires improvement to be good' in Ofsted's data, a judgement that did not exist until
    November 2013. The macro in_own_words, the profile's timeline and the scrutiny pack say adequate."""
    from etl.publications.ofsted_grades import ADEQUATE
    from oversight import ofsted_queries as oq

    words = con.execute(
        "SELECT in_own_words(framework, grade, grade_label), count(*) FROM ofsted_judgements "
        "WHERE framework = 'SLAC' AND judgement = 'looked_after_children' AND grade = 3 GROUP BY ALL"
    ).fetchall()
    assert words == [(ADEQUATE, 69)]
    assert con.execute("SELECT in_own_words('SIF', 3, 'Requires improvement to be good')").fetchall()[0][0] == "Requires improvement to be good"
    slac = oq.timeline(con, "E08000025").filter(pl.col("framework") == "SLAC").row(0, named=True)  # Birmingham, 2010
    assert slac["sub_judgements"] == f"looked after children: {ADEQUATE}"
    assert oq.earlier_judgements(con, "E08000025").filter(pl.col("framework") == "SLAC")["judgement"].to_list() == [ADEQUATE]


@pytest.mark.usefixtures("on_warehouse")
def test_frameworks_with_one_scale_share_one_note_under_the_timeline():
    """Kent was inspected under SLAC, CPI and TLAC, which graded alike: their three notes, the same
    words after each name, are one note naming all three; each is shown as written (escaped)."""
    from tests.apptest import open_page

    at = open_page("pages/profile.py", area="E10000016", tab="Ofsted inspections")
    notes = [c.value.replace("\\", "") for c in at.caption if " graded " in c.value or c.value.split("\\:")[0].startswith(("SIF", "ILACS", "LSCB"))]
    assert notes[0].startswith("SLAC, CPI and TLAC graded outstanding, good, adequate or inadequate;")
    assert sum("adequate or inadequate" in n for n in notes) == 1
    assert "ILACS standard and ILACS short: outstanding, good, requires improvement to be good or inadequate (ILACS, 2018 on); the wording of SIF." in notes
    assert all("\\:" in c.value for c in at.caption if c.value.startswith("SIF"))  # plain: markdown characters escaped


@pytest.mark.usefixtures("on_warehouse")
def test_the_timelines_description_names_the_visits_it_draws_as_ticks(con):
    """Birmingham's focused visit of October 2024 is a tick on its timeline and a row of its table,
    and was missing from the description that names the chart for screen readers."""
    from tests.apptest import open_page, plain_tables

    at = open_page("pages/profile.py", area="E08000025", tab="Ofsted inspections")
    described = next(m.value for m in at.markdown if "Timeline of" in m.value).replace("\\", "")
    assert ("ILACS standard published 18 April 2023: Good; and 1 without an overall judgement, drawn as a tick: focused visit published 24 October 2024. "
            "The time axis runs to 18 June 2026, the latest Ofsted publication loaded.") in described
    # Cornwall's SLAC re-inspection of February 2011 has no grade in the source: a tick, said so in its table
    at = open_page("pages/profile.py", area="E06000052", tab="Ofsted inspections")
    described = next(m.value for m in at.markdown if "Timeline of" in m.value).replace("\\", "")
    assert "without an overall judgement, drawn as" in described and "SLAC re-inspection of services for looked after children published 25 February 2011" in described.split("without an overall judgement")[1]
    from oversight import charts
    from oversight import ofsted_queries as oq

    title = charts.ofsted_timeline(oq.timeline(con, "E06000052"), ["Outstanding", "Good", "Requires improvement to be good", "Inadequate", "Not yet inspected"]).title
    assert "inspections and visits without a grade" in str(title)  # the SLAC re-inspection is a tick, not a visit
    table = next(t for t in plain_tables(at) if "Overall judgement" in t.columns)
    assert table.filter(pl.col("Published") == "25 February 2011")["Overall judgement"].to_list().count("no grade in the source") >= 1


@pytest.mark.usefixtures("on_warehouse")
def test_the_timeline_runs_to_the_latest_publication_loaded():
    """Nottingham's timeline stopped at its last visit, December 2024, and its last judgement (Inadequate,
    September 2022) read as recent: the axis runs to the latest Ofsted publication loaded, 18 June 2026."""
    import json

    from tests.apptest import open_page

    at = open_page("pages/profile.py", area="E06000018", tab="Ofsted inspections")
    spec = next(json.loads(c.proto.spec) for c in at.get("vega_lite_chart") if "Ofsted overall judgements" in str(json.loads(c.proto.spec).get("title")))
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domainMax"] == {"year": 2026, "month": 6, "date": 18}
    # ticked on the years it spans, to 2026: on a phone the padded axis had ticked "Jan 2030"
    ticks = [v["year"] for v in spec["layer"][0]["encoding"]["x"]["axis"]["values"]]
    assert ticks == list(range(2011, 2027))
    # from 1 January of its first judgement's year: Sandwell's of 13 January 2010 had sat left of a first tick of 2011
    at = open_page("pages/profile.py", area="E08000028", tab="Ofsted inspections")
    spec = next(json.loads(c.proto.spec) for c in at.get("vega_lite_chart") if "Ofsted overall judgements" in str(json.loads(c.proto.spec).get("title")))
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domainMin"] == {"year": 2010, "month": 1, "date": 1}
    assert spec["layer"][0]["encoding"]["x"]["axis"]["values"][0]["year"] == 2010


@pytest.mark.usefixtures("on_warehouse")
def test_the_ofsted_page_names_the_authorities_good_now_after_inadequate(con):
    """A report writer asked which authorities moved from inadequate to good or better, and worked it out from the
    920 rows of every inspection: the page names them, and the tiles' data gives every judgement before."""
    from oversight import queries as q
    from tests.apptest import open_page

    cur = q.ofsted_current(con)
    risen = sorted(cur.filter((pl.col("previous_grade") == 4) & (pl.col("grade") <= 2))["area_name"].to_list())
    assert {"Bournemouth, Christchurch and Poole", "Medway"} <= set(risen)
    at = open_page("pages/ofsted.py")
    [said] = [t.value for t in at.text if t.value.startswith("Good or outstanding now, inadequate at the inspection before:")]
    assert f": {len(risen)} authorities: " in said  # the list after a colon, its names split by semicolons and all(name in said for name in risen)
    at.session_state["data-ofsted-tiles"] = True
    at.run()
    behind = next(d.value for d in at.dataframe if "judgement_before" in d.value.columns)
    assert behind[behind["area_name"] == "Medway"]["judgement_before"].iloc[0] == "Inadequate"
