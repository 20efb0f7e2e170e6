"""Before April 2019 the Ofsted map drew Bournemouth, Christchurch and Poole in Bournemouth's judgement
alone, the first of its three predecessors by name: at 31 March 2015 Bournemouth required improvement
while Poole and Dorset (whose county held Christchurch) were good. A shape formed from authorities
judged differently now takes none of their judgements, is white and keyed so, and says each one's; one
formed from authorities judged alike names them all."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from oversight import maps
from oversight import ofsted_queries as oq
from tests.test_map_page import captions, run

BCP, BOURNEMOUTH, POOLE, DORSET_COUNTY = "E06000058", "E06000028", "E06000029", "E10000009"
APART = ("formed from authorities judged differently, Bournemouth (until 2019): Requires improvement to be good; "
         "Dorset (until 2019): Good; Poole (until 2019): Good")


def test_the_predecessors_judgements_as_published(con):
    judged = oq.as_at(con, dt.date(2015, 3, 31), False).filter(pl.col("area_code").is_in([BOURNEMOUTH, POOLE, DORSET_COUNTY]))
    assert dict(judged.select("area_code", "grade_label").iter_rows()) == {
        BOURNEMOUTH: "Requires improvement to be good", POOLE: "Good", DORSET_COUNTY: "Good"}


def test_a_shape_judged_apart_takes_none_of_their_judgements(con):
    bcp = maps.ofsted_frame(con, dt.date(2015, 3, 31)).filter(pl.col("area_code") == BCP).row(0, named=True)
    assert (bcp["judgement"], bcp["grade_label"], bcp["predecessor"], bcp["framework"]) == (maps.JUDGED_APART, maps.JUDGED_APART, None, None)
    assert bcp["record"] == "Did not exist yet: " + APART
    spec = json.dumps(maps.ofsted_spec(con, dt.date(2015, 3, 31), BCP))
    scale = next(c["scale"] for c in _colours(json.loads(spec)) if c.get("field") == "properties.judgement")
    assert scale["range"][scale["domain"].index(maps.JUDGED_APART)] == "#FFFFFF"


def test_a_shape_judged_alike_names_every_predecessor(con):
    bcp = maps.ofsted_frame(con, dt.date(2018, 3, 31)).filter(pl.col("area_code") == BCP).row(0, named=True)
    assert bcp["judgement"] == "Requires improvement to be good"
    assert bcp["record"] == "Judgement of each predecessor authority, Bournemouth (until 2019), Dorset (until 2019) and Poole (until 2019)"
    # its dates are not one predecessor's: Bournemouth's 30 June 2014 had stood for all three
    assert (bcp["publication_date"], bcp["inspection_date"], bcp["framework"]) == (None, None, None)
    # an authority that replaced one keeps its own word, and nothing is judged apart where every predecessor agrees
    today = maps.ofsted_frame(con, dt.date(2018, 3, 31))
    assert today.filter(pl.col("area_name") == "Cumberland")["record"].to_list() == ["Judgement of the predecessor authority, Cumbria (until 2023)"]
    assert maps.JUDGED_APART not in today["judgement"].to_list() and maps.judged_apart_text(today) == ""


@pytest.mark.usefixtures("on_warehouse")
def test_the_map_and_the_report_packs_map_say_so(con):
    text = captions(run(show="ofsted", as_at="2015-03-31", area=BCP))
    assert f"Bournemouth, Christchurch and Poole did not exist yet and is white: {APART}." in text
    assert maps.report_map(con, 2015)[1].endswith(f"Bournemouth, Christchurch and Poole did not exist yet and is white: {APART}.")


def _colours(spec: dict) -> list[dict]:
    """Every colour channel in a layered spec."""
    found = []
    for layer in spec.get("layer", []):
        found += _colours(layer)
        if colour := layer.get("encoding", {}).get("color"):
            found.append(colour)
    return found
