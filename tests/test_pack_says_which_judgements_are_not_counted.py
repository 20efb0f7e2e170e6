"""The annual pack's Ofsted sentence counts each authority's latest inspection carried out by 31 March. The
frameworks before 2018 give no inspection date, so their judgements count from publication: the 2016 pack
counted Northumberland's and County Durham's Outstanding of 2012, their SIF judgements of Requires improvement
to be good, published on 14 April and 16 May 2016, unsaid, under a title saying "carried out by then". And the
2024 pack's "151 local authorities had an Ofsted judgement" did not say England had 153."""

from __future__ import annotations

import datetime as dt

from oversight import ofsted_queries as oq
from oversight import report


def _ofsted_sentence(con, year: int) -> str:
    return next(s.text for s in report.build(con, year).narrative if "had an Ofsted judgement" in s.text)


def test_a_year_before_ilacs_says_judgements_count_from_publication_and_names_those_published_soon_after(con):
    said = _ofsted_sentence(con, 2016)
    assert "or published by then for a framework before 2018, which gives no inspection date" in said
    soon = oq.published_soon_after(con, dt.date(2016, 3, 31))
    assert soon.height == 11 and {"Northumberland", "County Durham"} <= set(soon["area_name"])
    assert ("; 11 judgements of those frameworks published in the 91 days after, of inspections that may have been carried out by then, "
            "are not counted: Dudley (Inadequate, published 5 April 2016); Northumberland (Requires improvement to be good, published 14 April 2016);") in said
    # LSCB reviews, published the same days, are not judgements of the authority's services and are not named
    assert said.count("Northumberland") == 1


def test_an_ilacs_year_says_nothing_of_publication(con):
    assert "framework before 2018" not in oq.counted_basis(con, 2024)
    assert oq.published_soon_after(con, dt.date(2024, 3, 31)).is_empty()


def test_authorities_without_a_judgement_are_counted_among_englands_and_named(con):
    said = _ofsted_sentence(con, 2024)
    assert "151 local authorities of the 153 in England had an Ofsted judgement" in said
    assert said.endswith("; Cumberland, and Westmorland and Furness had no judgement yet.")
    assert "of the 153 in England" not in _ofsted_sentence(con, 2025)  # every one judged: "153 local authorities had"


def test_the_ilacs_chart_counts_inspections_by_calendar_year_and_a_pack_before_ilacs_has_none(con):
    """The picture's axis said "Local authorities" for a count of inspections, by a year it did not say was a calendar
    year, and the 2016 pack, before ILACS's first inspection, had an empty chart and a sheet of grades with no figure."""
    before = report.build(con, 2016)
    assert "ofsted_over_time" not in before.charts and "ILACS inspections by year" not in before.tables
    assert not any(n.startswith("ILACS inspections by year") for n in before.tables["Notes"].to_series(0).to_list())
    pack = report.build(con, 2025)
    assert "ofsted_over_time" in pack.charts and "ILACS inspections by year" in pack.tables
    spec = pack.charts["ofsted_over_time"][0].to_dict()
    assert spec["encoding"]["y"]["title"] == "Inspections" and spec["encoding"]["x"]["title"] == "Calendar year of inspection"
    assert spec["title"] == ["ILACS overall effectiveness judgements", "by calendar year of inspection, in Ofsted's official statistics"]
