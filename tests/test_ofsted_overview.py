"""The third-party ILACS overview against the official files, and the judgements in force on a date."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from oversight import ofsted_queries as oq
from tests.apptest import open_page


def test_overview_reconciles_with_the_official_file(con):
    recon = oq.reconciliation(con)
    counts = dict(recon.group_by("status").len().iter_rows())
    assert recon.height == 153
    assert counts.get("agree", 0) >= 109
    assert counts.get("differ", 0) == 0
    assert counts["only in overview"] == 44
    # the same figures are in the reconciliation view, beside the indicator reconciliation
    n = con.execute("SELECT count(*) FROM reconciliation WHERE indicator_id = 'ofsted_overall_effectiveness' AND within_tolerance").fetchall()[0][0]
    assert n == counts["agree"]


def test_official_record_wins_and_newer_judgements_are_labelled(con):
    rows = con.execute(
        "SELECT official, count(*) FROM ofsted_inspections WHERE framework LIKE 'ILACS%' AND source_file LIKE '%overview%' GROUP BY 1"
    ).fetchall()
    assert rows == [(False, 44)]
    notes = con.execute("SELECT DISTINCT status_note FROM ofsted_judgements WHERE NOT official").fetchall()
    assert len(notes) == 1 and notes[0][0].startswith("published by Ofsted, not yet in the official statistics")
    assert "data-to-insight" in notes[0][0]


def test_as_at_three_dates(con):
    cases = {
        # SLAC under way: 106 LAs judged, none yet by SIF
        dt.date(2012, 3, 31): (106, 39, {"SLAC"}),
        # the judgements in force for a 2019 report: SIF and the first ILACS inspections
        dt.date(2019, 3, 31): (152, 70, {"SIF", "SIF re-inspection", "ILACS standard", "ILACS short"}),
        # the official file's date: 153 LAs, all ILACS, none from the overview
        dt.date(2025, 3, 31): (153, 100, {"ILACS standard", "ILACS short"}),
    }
    for on, (judged, good, frameworks) in cases.items():
        df = oq.as_at(con, on)
        assert (df.height, df.filter(pl.col("overall_grade") <= 2).height) == (judged, good), on
        assert set(df["framework"]) == frameworks, on
        assert (df["publication_date"] <= on).all()
    march_2025 = oq.as_at(con, dt.date(2025, 3, 31))
    assert march_2025["official"].all()
    assert march_2025.filter(pl.col("overall_grade") == 4).height == 19


def test_newer_judgements_after_the_official_file(con):
    today = oq.as_at(con, dt.date(2026, 6, 30))
    by_name = {r["area_name"]: r for r in today.iter_rows(named=True)}
    for name, label in {"Sefton": "Good", "Solihull": "Good", "Bury": "Requires improvement to be good", "Kent": "Good"}.items():
        assert by_name[name]["grade_label"] == label and not by_name[name]["official"], name
    # predecessors are listed only while they existed
    assert "Northamptonshire" not in by_name
    assert "Northamptonshire (until 2021)" in set(oq.as_at(con, dt.date(2020, 3, 31))["area_name"])


def test_good_or_outstanding_series_marks_the_framework_breaks(con):
    series = oq.good_or_outstanding_series(con, end=dt.date(2025, 3, 31))
    assert series["on_date"].min() < dt.date(2009, 12, 31) and series["on_date"].max() == dt.date(2025, 3, 31)
    assert series.filter(pl.col("on_date") == dt.date(2025, 3, 31))["good_or_outstanding"][0] == 100
    breaks = dict(oq.framework_breaks(con).iter_rows())
    assert list(breaks) == ["SLAC", "SIF", "ILACS"]
    assert breaks["SIF"] == dt.date(2014, 2, 11) and breaks["ILACS"] == dt.date(2018, 3, 12)


def test_the_good_or_outstanding_line_starts_when_half_are_judged_and_ends_at_the_latest_publication(con):
    """It began at 0% in August 2009, when SLAC had judged 2 LAs, and ran on flat to today."""
    from oversight import maps

    series = oq.good_or_outstanding_series(con)
    latest = con.execute("SELECT max(publication_date) FROM ofsted_inspections").fetchall()[0][0]
    assert series["on_date"].max() == latest < dt.date.today()
    assert series.row(0, named=True)["judged"] == 2  # every month is in the data table
    spec = maps.series_chart(series, oq.framework_breaks(con)).to_dict()
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    drawn = spec["datasets"][line["data"]["name"]]
    shown = series.filter(pl.col("at_least_half_judged"))
    first = shown.row(0, named=True)
    assert (first["on_date"], first["judged"]) == (dt.date(2011, 10, 31), 79) and shown["pct_good_or_outstanding"].min() > 20
    assert len(drawn) == shown.height and drawn[0]["on_date"].startswith("2011-10-31")
    assert "from October 2011, when 79 had been judged" in maps.series_description(series)
    # the annual report pack counts by inspection date (103 good or outstanding on 31 March 2025, against this series' 100): said
    assert "the annual report pack counts each authority's latest inspection carried out by 31 March" in maps.series_description(series)


def test_focused_and_monitoring_visits_are_kept_without_a_grade(con):
    rows = dict(con.execute(
        "SELECT framework, count(*) FROM ofsted_inspections WHERE framework IN ('focused visit', 'monitoring visit') AND overall_grade IS NULL AND visit_theme IS NOT NULL GROUP BY 1"
    ).fetchall())
    assert rows == {"focused visit": 36, "monitoring visit": 24}
    assert con.execute("SELECT count(*) FROM ofsted_judgements WHERE framework LIKE '%visit'").fetchall()[0][0] == 0


def test_overview_dates_are_read_as_published_and_bad_ones_named(tmp_path):
    from openpyxl import Workbook

    from etl.areas import registry
    from etl.errors import InputError, Warnings
    from etl.publications import contract as c
    from etl.publications import ofsted_overview

    header = ["urn", "la_code", "local_authority", "overall_effectiveness_grade", "inspection_framework", "inspection_start_date",
              "inspection_end_date", "publication_date", "impact_of_leaders_grade", "help_and_protection_grade", "in_care_grade", "care_leavers_grade"]
    good = ["1", "370", "barnsley", "good", "short", "11/09/2023", "15/09/2023", "27/10/23", "good", "requires improvement", "good", "inspection_pre_dates_judgement"]
    bad = ["2", "373", "sheffield", "good", "short", "11/09/2023", "15/09/2023", "2023-10-27", "good", "good", "good", "good"]
    contract = c.contracts()["ofsted_overview"]
    for rows, expect in (([good], None), ([good, bad], "row 3")):
        wb = Workbook()
        ws = wb.active
        ws.append(header)
        for r in rows:
            ws.append(r)
        path = tmp_path / "overview.xlsx"
        wb.save(path)
        if expect is None:
            df = ofsted_overview.load(path, contract, registry(), Warnings())
            assert df["publication_date"][0] == dt.date(2023, 10, 27) and df["inspection_date"][0] == dt.date(2023, 9, 11)
            assert set(df["judgement"]) == {"overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care"}
            assert dict(zip(df["judgement"], df["grade_label"], strict=True))["help_and_protection"] == "Requires improvement to be good"
            assert not df["official"].any()
        else:
            try:
                ofsted_overview.load(path, contract, registry(), Warnings())
            except InputError as e:
                assert expect in str(e) and "publication_date" in str(e) and "2023-10-27" in str(e)
            else:
                raise AssertionError("a publication date in the wrong format was accepted")


@pytest.mark.usefixtures("on_warehouse")
@pytest.mark.parametrize("page", ["pages/ofsted.py", "pages/national.py"])
def test_the_counts_say_which_authorities_were_inspected_again_without_a_grade(con, page):
    """Brent's and Somerset's short inspections, published without a grade in the source, left both
    counted by their earlier Good with nothing said beside "65 Good": a count a report may quote."""
    again = con.execute("""
        SELECT a.area_name, max(coalesce(i.inspection_date, i.publication_date)) FROM ofsted_inspections i JOIN areas a USING (area_code)
        WHERE i.overall_grade IS NULL AND NOT ends_with(i.framework, 'visit') AND i.framework <> 'LSCB review' AND a.is_current
          AND coalesce(i.inspection_date, i.publication_date) > (SELECT max(coalesce(j.inspection_date, j.publication_date)) FROM ofsted_inspections j
                                                                 WHERE j.area_code = i.area_code AND j.overall_grade IS NOT NULL)
        GROUP BY 1 ORDER BY 1""").fetchall()
    assert [n for n, _ in again] == ["Brent", "Somerset"]
    said = [i.value.replace("\\", "") for i in open_page(page).info if "inspected again" in i.value]
    assert said == ["2 authorities were inspected again with no overall effectiveness grade in the source yet, and are counted by the judgement before: "
                    + " and ".join(f"{n} (Good, inspected again {d:%-d %B %Y})" for n, d in again) + "."]


def test_an_ilacs_inspection_is_named_as_ofsteds_tables_name_it_whatever_its_source(con):
    """The overview's inspections read "ILACS short" in the same table as the official files'
    "ILACS Short Inspection"."""
    rows = con.execute("SELECT framework, inspection_type, bool_or(official), bool_or(NOT official) FROM ofsted_inspections "
                       "WHERE framework LIKE 'ILACS%' GROUP BY ALL ORDER BY 1").fetchall()
    assert rows == [("ILACS short", "ILACS Short Inspection", True, True), ("ILACS standard", "ILACS Standard Inspection", True, True)]
