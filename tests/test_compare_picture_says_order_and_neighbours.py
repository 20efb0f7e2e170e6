"""A compare chart pasted into a report said neither which way is better nor whom its blue bars are:
the picture's lines under its title, and the CSV beside it, now say both."""

from __future__ import annotations

import polars as pl
import pytest

from oversight import exports, widgets
from tests.apptest import RANKED, open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the pages read the test warehouse, not a developer's


def _compare(monkeypatch, **params: str) -> tuple[list[str], pl.DataFrame]:
    written: list[pl.DataFrame] = []
    subtitles: list[list[str]] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    monkeypatch.setattr(widgets, "picture", lambda chart, subtitle=None, heading=None: subtitles.append(subtitle) or (b"", b""))
    open_page("pages/compare.py", **params, **RANKED)  # the pictures are made when the box is opened
    return subtitles[0], next(f for f in written if f.columns[0] == "Indicator")


def test_the_picture_says_which_way_is_better_and_names_the_neighbours(monkeypatch, con):
    lines, csv = _compare(monkeypatch, area="E08000035", indicator="rereferrals_pct", year="2025")
    names = sorted(n for (n,) in con.execute("SELECT a.area_name FROM statistical_neighbours s JOIN areas a ON a.area_code = s.neighbour_code "
                                             "WHERE s.area_code = 'E08000035'").fetchall())
    assert "Order: best first, lower is better" in lines
    said = "".join(line for line in lines if line.startswith("Statistical neighbours: "))
    # each name whole between semicolons: "Bristol, City of" among commas read as two authorities
    assert said.removeprefix("Statistical neighbours: ").split("; ") == names and len(names) == 10
    assert csv["Order"][0] == "best first, lower is better" and csv["Statistical neighbours"][0] == "; ".join(names)


def test_a_neutral_indicator_and_no_authority_chosen(monkeypatch):
    lines, csv = _compare(monkeypatch, area="E92000001", indicator="referrals_rate_per_10k", year="2025")
    assert "Order: lowest first (neither higher nor lower is better)" in lines
    assert not [line for line in lines if line.startswith("Statistical neighbours")] and "Statistical neighbours" not in csv.columns
