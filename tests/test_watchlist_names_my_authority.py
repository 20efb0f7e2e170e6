"""The watchlist says where the reader's own authority stands before its 153 rows: BCP, with no flag, could
be found only by scrolling, under Hampshire's score of 16."""

from __future__ import annotations

import polars as pl
import pytest

from oversight import flags
from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")


def _said(at) -> list[str]:
    return [i.value.replace("\\", "") for i in at.info if "severity score" in i.value or "no early-warning flag" in i.value.replace("\\", "")]


def test_an_authority_with_flags_is_told_its_score_and_rank(con):
    found = flags.flagged(con)
    from oversight import queries as q

    mat = flags.matrix(found, q.current_las(con).select("area_code", "area_name", "region_name"))
    top = mat.row(0, named=True)
    raised = found.filter(pl.col("area_code") == top["area_code"]).height
    [line] = _said(open_page("pages/watchlist.py", area=top["area_code"]))
    assert line.startswith(f"{top['area_name']}: severity score {top['severity_score']}, ranked 1 of {mat.height}")
    assert f"; {raised} flags (" in line and line.endswith("why, below.")


def test_an_authority_without_flags_is_told_so_and_the_starting_choice_is_not():
    [line] = _said(open_page("pages/watchlist.py", area="E06000058"))
    assert line == "Bournemouth, Christchurch and Poole: no early-warning flag."
    assert not _said(open_page("pages/watchlist.py"))  # Haringey only as the starting choice: nothing said of it
