"""The Ofsted page's table of every authority's time since inspection shades the reader's authority,
as the tiles above it outline it, and says which row it is: the table runs longest first, and
Bradford's director had looked for row 141 of 153 with nothing to pick it out."""

from __future__ import annotations

import pytest

from oversight import charts
from tests.apptest import TIME_SINCE, open_page, shaded_rows

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the pages read the test warehouse, not a developer's


def _grid(at):
    return next(d for d in at.dataframe if "years_since_inspection" in d.value.columns)


def test_the_chosen_authority_is_shaded_and_its_row_said():
    at = open_page("pages/ofsted.py", area="E08000032", **TIME_SINCE)
    grid = _grid(at)
    assert shaded_rows(grid) == {"Bradford": charts.ROW_TINT["Selected LA"]}
    row = grid.value["area_name"].tolist().index("Bradford") + 1
    [said] = [c for c in (c.value.replace("\\", "") for c in at.caption) if c.startswith("Shaded:")]
    assert said == f"Shaded: Bradford, as outlined on the tiles above, row {row} of {len(grid.value)}."


def test_without_an_authority_none_is_shaded():
    at = open_page("pages/ofsted.py", **TIME_SINCE)
    assert shaded_rows(_grid(at)) == {}
    assert not any(c.value.replace("\\", "").startswith("Shaded:") for c in at.caption)
