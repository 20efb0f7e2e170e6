"""The Ofsted page's first line about the reader's own authority says what the tables below say:
Leeds' Outstanding of August 2025 is not yet in Ofsted's official statistics, and Brent was inspected
again on 27 April 2026 with no overall grade in the source yet (Somerset's three Requires improvement
said with it). In the table of time since the last graded
inspection, that note stands beside the years (Somerset's 3.9 had it past the right edge)."""

from __future__ import annotations

import pytest

from tests.apptest import TIME_SINCE, open_page


def _own_line(area: str, name: str) -> str:
    at = open_page("pages/ofsted.py", area=area)
    return next(t for t in (m.value.replace("\\", "") for m in at.markdown) if t.startswith(f"{name}: "))


@pytest.mark.usefixtures("on_warehouse")
def test_a_judgement_not_yet_official_says_so_in_the_readers_own_line():
    line = _own_line("E08000035", "Leeds")
    assert line.startswith("Leeds: Outstanding (ILACS short, inspected 30 June 2025, published 12 August 2025)")
    assert line.endswith("Not yet in Ofsted's official statistics: from the third-party overview of its reports.")
    assert "official statistics" not in _own_line("E09000003", "Barnet")  # Barnet's judgement is in them


@pytest.mark.usefixtures("on_warehouse")
def test_an_ungraded_later_inspection_is_said_in_the_own_line_and_beside_the_years():
    assert _own_line("E09000005", "Brent").endswith("Inspected again on 27 April 2026, with no overall effectiveness grade in the source yet; "
                                                    "its other judgements: Good (help and protection, children in care, care leavers, impact of leaders).")
    # the overview gives every judgement but the overall one: Somerset's "no grade" had hidden three Requires improvement
    assert _own_line("E06000066", "Somerset").endswith(
        "Inspected again on 27 April 2026, with no overall effectiveness grade in the source yet; its other judgements: "
        "Requires improvement to be good (help and protection, children in care, impact of leaders), Good (care leavers).")
    at = open_page("pages/ofsted.py", **TIME_SINCE)  # the table of every authority, opened by the link
    table = next(d.value for d in at.dataframe if "years_since_inspection" in d.value.columns)
    assert list(table.columns)[:3] == ["area_name", "years_since_inspection", "status_note"]
    somerset = table[table["area_name"] == "Somerset"].iloc[0]
    assert somerset["years_since_inspection"] == 3.9 and somerset["status_note"] == "inspected again 27 April 2026, no overall grade yet"
    # and in the sentence above it, which names the longest since
    assert "Somerset 3.9 years (Good, inspected 18 July 2022, inspected again 27 April 2026 with no overall grade yet)" in " ".join(t.value for t in at.text)


@pytest.mark.usefixtures("on_warehouse")
def test_the_readers_authority_is_in_the_link_and_outlined_on_the_map():
    """A director's Ofsted page kept /ofsted as its link: a colleague opening it read Haringey's line.
    Once chosen, the authority is in the link, and the Map tab outlines it."""
    import json

    chosen = open_page("pages/ofsted.py", area="E08000007", tab="Map")
    assert chosen.query_params["area"] == "E08000007"
    [spec] = [json.loads(c.proto.spec) for c in chosen.get("vega_lite_chart")]
    rings = [layer for layer in spec["layer"] if layer.get("mark", {}).get("strokeWidth") == 3]  # the outline over the regions'
    assert len(rings) == 1 and "E08000007" in json.dumps(spec["datasets"][rings[0]["data"]["name"]] if "name" in rings[0]["data"] else rings[0]["data"])
    assert any("with region outlines and Stockport outlined:" in m.value.replace("\\", "") for m in chosen.markdown)
    starting = open_page("pages/ofsted.py", tab="Map")  # the starting choice is not put in the link, nor outlined
    assert "area" not in starting.query_params
    [plain] = [json.loads(c.proto.spec) for c in starting.get("vega_lite_chart")]
    assert not [layer for layer in plain["layer"] if layer.get("mark", {}).get("strokeWidth") == 3]
    assert not any("Haringey outlined" in m.value.replace("\\", "") for m in starting.markdown)


@pytest.mark.usefixtures("on_warehouse")
def test_the_readers_authority_is_outlined_on_the_tiles():
    """A director looked for her square among 153 on the tile chart: once chosen, it is outlined in black, as on the map."""
    import json

    at = open_page("pages/ofsted.py", area="E09000008")
    tiles = next(json.loads(c.proto.spec) for c in at.get("vega_lite_chart") if "Tile chart" in c.proto.alt)
    assert "E09000008" in json.dumps(tiles["encoding"]["stroke"]) and tiles["encoding"]["strokeWidth"]["condition"]["value"] == 3
    assert any(m.value.replace("\\", "").endswith("Croydon is outlined.") for m in at.markdown)
    plain = next(json.loads(c.proto.spec) for c in open_page("pages/ofsted.py").get("vega_lite_chart") if "Tile chart" in c.proto.alt)
    assert "E09000008" not in json.dumps(plain["encoding"]["stroke"])  # the starting choice is not outlined
