"""The profile's Ofsted table names two inspections of one framework published the same day by their
types, each with its own sub-judgements, and says why an LSCB review is not on the timeline: Cornwall's
SLAC re-inspections of safeguarding and of services for looked after children (25 February 2011) had
read as one inspection listed twice, "no grade in the source" and "Inadequate", both with the
looked-after children's sub-judgement; and Sandwell's description counted 8 graded inspections over a
table of 9 judgements."""

from __future__ import annotations

import polars as pl
import pytest

from oversight import ofsted_queries as oq
from tests.apptest import open_page, plain_tables

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the pages read the test warehouse, not a developer's


def _table(at) -> pl.DataFrame:
    return next(t for t in plain_tables(at) if "Inspection" in t.columns and "Sub-judgements" in t.columns)


def test_two_inspections_published_the_same_day_are_told_apart(con):
    at = open_page("pages/profile.py", area="E06000052", tab="Ofsted inspections")
    same_day = _table(at).filter(pl.col("Published") == "25 February 2011")
    assert same_day.height == 2
    rows = {r["Inspection"]: r for r in same_day.iter_rows(named=True)}
    assert set(rows) == {"SLAC re-inspection of safeguarding", "SLAC re-inspection of services for looked after children"}
    assert rows["SLAC re-inspection of safeguarding"]["Overall judgement"] == "Inadequate"
    assert rows["SLAC re-inspection of safeguarding"]["Sub-judgements"] == ""  # the looked-after children's is the other's
    assert rows["SLAC re-inspection of services for looked after children"]["Sub-judgements"].startswith("looked after children: ")
    [said] = [m.value.replace("\\", "") for m in at.markdown if m.value.replace("\\", "").startswith("Chart description: Timeline")]
    assert "SLAC re-inspection of safeguarding published 25 February 2011: Inadequate" in said
    assert "a tick: SLAC re-inspection of services for looked after children published 25 February 2011" in said
    # every one of the file's inspections listed once: the join of sub-judgements gives no row twice
    assert oq.timeline(con, "E06000052").height == con.execute("SELECT count(*) FROM ofsted_inspections WHERE area_code = 'E06000052'").fetchall()[0][0]


def test_an_lscb_review_is_listed_and_said_not_drawn():
    at = open_page("pages/profile.py", area="E08000028", tab="Ofsted inspections")
    review = _table(at).filter(pl.col("Inspection") == "LSCB review")
    assert review.height == 1 and review["Note"][0] == "Of the board, not the authority's services: not on the timeline"
    [said] = [m.value.replace("\\", "") for m in at.markdown if m.value.replace("\\", "").startswith("Chart description: Timeline")]
    assert said.endswith("The table below lists 1 review of the Local Safeguarding Children Board too, not drawn: it judged the board, not the authority's services.")
