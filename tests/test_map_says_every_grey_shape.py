"""An indicator's map draws an authority formed after the year in the figure of the one authority it
replaced (a rate, not a count), says every grey shape and why, and says which figures two authorities
share. In 2023 Cumberland and Westmorland and Furness had been grey and uncounted ("3 authorities have
no figure" under 5 grey shapes) while Cumbria's 22.0% stood in the table only; Sunderland's agency
workers, rounding to zero, were counted as having no figure; North Northamptonshire's 19.5% read as its own."""

from __future__ import annotations

import polars as pl
import pytest

from tests.test_map_page import captions, run

pytestmark = pytest.mark.usefixtures("on_warehouse")
CUMBERLAND, WESTMORLAND, BCP, DORSET = "E06000063", "E06000064", "E06000058", "E06000059"


def drawn(spec: dict, area_code: str) -> dict:
    """A shape's properties as the map's coloured layer carries them."""
    features = spec["layer"][0]["data"]["values"]
    return next(f["properties"] for f in features if f["properties"]["area_code"] == area_code)


def test_a_new_authority_is_drawn_in_the_rate_of_the_authority_it_replaced(con):
    from oversight import maps

    table = maps.indicator_frame(con, "rereferrals_pct", 2023, None)
    cumbria = table.filter(pl.col("area_name") == "Cumbria (until 2023)").row(0, named=True)  # as the pickers name it
    assert cumbria["value"] == 22.0 and cumbria["band"] == "C"
    for code in (CUMBERLAND, WESTMORLAND):
        row = table.filter(pl.col("area_code") == code).row(0, named=True)
        assert (row["value"], row["band"], row["rank"], row["predecessor"]) == (22.0, "C", None, "Cumbria (until 2023)")
        shape = drawn(maps.indicator_spec(con, "rereferrals_pct", 2023, "band", None), code)
        assert shape["value"] == 22.0 and shape["record"] == "Did not exist yet: the figure of Cumbria (until 2023), which it replaced"
    # the borrowed copies count once: bands and the range are over the figures published
    text = captions(run(show="indicator", indicator="rereferrals_pct", year="2023", colour="band"))
    assert "Cumberland, and Westmorland and Furness did not exist yet and are drawn in the figure of Cumbria (until 2023), which they replaced." in text
    assert "3 authorities are grey: City of London and Isles of Scilly: suppressed (c); Herefordshire, County of: low reliability (u)." in text


def test_an_authority_formed_from_several_is_grey_and_says_from_which(con):
    from oversight import maps

    table = maps.indicator_frame(con, "rereferrals_pct", 2019, BCP)
    bcp = table.filter(pl.col("area_code") == BCP).row(0, named=True)
    assert bcp["value"] is None
    assert bcp["record"] == ("Did not exist yet: formed 1 April 2019 from Bournemouth (until 2019), Dorset (until 2019) and Poole (until 2019), "
                             "whose figures are in the table")
    assert table.filter(pl.col("area_code") == DORSET)["value"].to_list() == [27.3]  # Dorset's county council alone
    # named as the pickers and the record name it: the county council and today's Dorset had both read "Dorset"
    assert table.filter(pl.col("area_code") == "E10000009")["area_name"].to_list() == ["Dorset (until 2019)"]
    text = captions(run(show="indicator", indicator="rereferrals_pct", year="2019", colour="band", area=BCP))
    assert "2 authorities are grey: Bournemouth, Christchurch and Poole: did not exist yet: formed 1 April 2019" in text


def test_a_count_is_not_given_to_each_part_of_the_authority_it_belonged_to(con):
    from oversight import maps

    table = maps.indicator_frame(con, "cla_count", 2023, None)
    assert table.filter(pl.col("area_name") == "Cumbria (until 2023)")["value"].to_list() == [740.0]  # as its record names it
    parts = table.filter(pl.col("area_code").is_in([CUMBERLAND, WESTMORLAND]))
    assert parts["value"].null_count() == 2
    assert set(parts["record"]) == {"Did not exist yet: formed 1 April 2023 from Cumbria (until 2023), whose figure is in the table"}


def test_a_figure_rounding_to_zero_and_a_shared_figure_are_said(con):
    from oversight import maps

    text = captions(run(show="indicator", indicator="sw_agency_pct", year="2025", colour="value", area="E06000061")).replace("\\", "")
    assert "3 authorities are grey: Kensington and Chelsea, and Westminster: not available (x); Sunderland: rounds to zero (low)." in text
    assert "(19.5%, band C; one figure with West Northamptonshire, as published)" in text
    assert "figures for 2025 are one figure for North Northamptonshire and West Northamptonshire together" in text
    assert "Kingston upon Thames and Richmond upon Thames together" in text
    shape = drawn(maps.indicator_spec(con, "sw_agency_pct", 2025, "value", None), "E08000024")
    assert shape["value"] is None and shape["record"] == "rounds to zero (low)"  # its tooltip says why it is grey
