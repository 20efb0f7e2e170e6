"""Every table of the data page downloads as CSV, headed on every row by when the warehouse was built:
an analyst citing the files behind a figure, or listing the percentages over 100, had a grid to copy
from, where the catalogue and the suppression counts had a download."""

from __future__ import annotations

import json

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from oversight.formatting import column_label
from tests.apptest import APP

pytestmark = pytest.mark.usefixtures("on_warehouse")


def data_page_csvs(tab: str, monkeypatch: pytest.MonkeyPatch) -> tuple[AppTest, list[pl.DataFrame]]:
    """The data page opened on `tab`, and the frames its CSV downloads hold, in the page's order
    (the national page, where the dashboard opens, makes its own before the switch: not kept)."""
    from oversight import exports

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tab"] = tab
    at.run()
    written.clear()
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, written


@pytest.mark.parametrize(("tab", "button"), [("Catalogue", "Download catalogue CSV"), ("Sources and load log", "Download sources CSV"),
                                              ("Reconciliation", "Download reconciliation CSV"),
                                              ("Percentages over 100", "Download percentages over 100 CSV"),
                                              ("Suppressed values", "Download suppression counts CSV")])
def test_each_tabs_table_downloads_whole(tab, button, monkeypatch):
    at, written = data_page_csvs(tab, monkeypatch)
    assert button in [b.proto.label for b in at.get("download_button")]
    [grid] = [d.value for d in at.dataframe][:1]
    csv = written[0]  # the tab's first table's
    assert csv.height == len(grid)  # every row the grid shows
    if tab != "Catalogue":
        assert csv.columns[0] == "Warehouse built" and csv["Warehouse built"].n_unique() == 1
        # headed as the table on screen: the files had said title, published_release, figures_over_100
        on_screen = at.dataframe[0]
        config = json.loads(on_screen.proto.columns or "{}")
        assert [config.get(c, {}).get("label") or column_label(c) for c in on_screen.value.columns] == csv.columns[1:]


def test_the_sources_csv_names_every_file_read_with_its_sha256(con, monkeypatch):
    _, written = data_page_csvs("Sources and load log", monkeypatch)
    csv = written[0]
    files = {r[0] for r in con.execute("SELECT sha256 FROM load_log").fetchall()}
    assert set(csv["SHA-256"].to_list()) == files and len(files) > 10


def test_the_load_warnings_download_whole(con, monkeypatch):
    """The warnings raised while loading (nine in the shipped build: rows covering several authorities,
    codes no area is known by) were the one table of the sources tab with no download."""
    at, written = data_page_csvs("Sources and load log", monkeypatch)
    assert "Download load warnings CSV" in [b.proto.label for b in at.get("download_button")]
    warned = con.execute("SELECT file, message FROM build_warnings ORDER BY ALL").fetchall()
    csv = written[-1]  # after the sources' (and any losses')
    assert warned and csv.columns == ["Warehouse built", "File", "Message"]
    assert sorted(csv.select("File", "Message").iter_rows()) == warned


def test_the_suppression_counts_say_what_each_symbol_means(monkeypatch):
    """suppression.csv gave the bare symbols (c, x, z, u, low, -) with ids for headings; its key was on screen only."""
    from oversight.formatting import SYMBOLS

    _, written = data_page_csvs("Suppressed values", monkeypatch)
    csv = written[0]
    assert csv.columns[:4] == ["Warehouse built", "Id", "Indicator", "Year"] and {"Symbol", "Meaning", "Figures", "Areas"} <= set(csv.columns)
    meanings = dict(csv.select("Symbol", "Meaning").unique().iter_rows())
    assert meanings.get("c") == "suppressed" and len(meanings) > 2
    assert all(meaning == SYMBOLS.get(symbol, "suppressed") for symbol, meaning in meanings.items())
