"""Trends says which authorities an SN average averages, on the page and in its downloads: a director's
CSV and picture of "Sandwell SN average" had not said which ten authorities it was, nor that today's
neighbours stand for every year drawn."""

from __future__ import annotations

import polars as pl
import pytest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the pages read the test warehouse, not a developer's


def _neighbours(con, code: str) -> list[str]:
    return [n for (n,) in con.execute("SELECT a.area_name FROM statistical_neighbours s JOIN areas a ON a.area_code = s.neighbour_code "
                                      "WHERE s.area_code = ? ORDER BY s.neighbour_rank", [code]).fetchall()]


def test_the_sn_average_names_its_neighbours_on_the_page_and_in_the_csv(con, monkeypatch):
    from oversight import exports

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/trends.py", area="E08000028", indicator="cla_rate_per_10k")
    at.session_state["data-trend"] = True
    at.run()
    names = _neighbours(con, "E08000028")
    assert len(names) == 10 and "Kingston upon Hull, City of" in names
    [said] = [c.value.replace("\\", "") for c in at.caption if c.value.replace("\\", "").startswith("Sandwell SN average is")]
    assert said.startswith(f"Sandwell SN average is the average of its 10 statistical neighbours: {names[0]}; {names[1]}; ")
    assert said.endswith("the same for every year shown.")
    [csv] = [w for w in written if "Sandwell's statistical neighbours" in w.columns]
    assert csv["Sandwell's statistical neighbours"][0] == "; ".join(names)


def test_against_region_and_england_no_neighbours_are_named(monkeypatch):
    from oversight import exports

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/trends.py", area="E08000028", indicator="cla_rate_per_10k", compare_to="region")
    at.session_state["data-trend"] = True
    at.run()
    assert not any(c.value.replace("\\", "").startswith("Sandwell SN average is") for c in at.caption)
    assert written and not any("Sandwell's statistical neighbours" in w.columns for w in written)


def test_only_the_sn_average_drawn_is_named(monkeypatch):
    """The chart draws the first area's SN average alone: with Leeds added to Sandwell, Leeds' ten neighbours had
    been named, on the page and in the CSV, for an "SN average" line that is not on the chart."""
    from oversight import exports

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/trends.py", area="E08000028,E08000035", indicator="cla_rate_per_10k")
    at.session_state["data-trend"] = True
    at.run()
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any(c.startswith("Sandwell SN average is") for c in captions)
    assert not any("Leeds SN average" in c for c in captions), captions
    [csv] = [w for w in written if "Sandwell's statistical neighbours" in w.columns]
    assert not any("neighbours" in c and c.startswith("Leeds") for c in csv.columns), csv.columns
