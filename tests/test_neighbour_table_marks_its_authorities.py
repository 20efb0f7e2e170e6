"""The neighbour table shades the authority and its statistical neighbours as compare colours them,
and its Role column is wide enough for its longest role: sized to its other cells, it read
"Selected au" at 1,280 px."""

from __future__ import annotations

import json

import pytest

from oversight import charts
from oversight.widgets import text_px
from tests.apptest import open_page, shaded_rows

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the pages read the test warehouse, not a developer's


def test_the_authority_and_its_neighbours_are_shaded_and_the_role_whole(con):
    at = open_page("pages/neighbours.py", area="E08000028", indicator="cla_rate_per_10k")
    grid = next(d for d in at.dataframe if "Role" in d.value.columns)
    neighbours = {n for (n,) in con.execute("SELECT a.area_name FROM statistical_neighbours s JOIN areas a ON a.area_code = s.neighbour_code "
                                            "WHERE s.area_code = 'E08000028'").fetchall()}
    shaded = shaded_rows(grid, "Area")
    assert {k for k, v in shaded.items() if v == charts.ROW_TINT["Selected LA"]} == {"Sandwell"}
    assert {k for k, v in shaded.items() if v == charts.ROW_TINT["Statistical neighbour"]} == neighbours and len(neighbours) == 10
    assert len(shaded) == 11  # the averages, region, England, rank and band rows are not
    role = json.loads(grid.proto.columns)["Role"]
    assert role["width"] >= text_px("Selected authority")
    assert any(c.value.replace("\\", "").startswith("Shaded: Sandwell (orange) and its statistical neighbours (blue)") for c in at.caption)
