"""Every table of the data page downloads as CSV, headed on every row by when the warehouse was built:
an analyst citing the files behind a figure, or listing the percentages over 100, had a grid to copy
from, where the catalogue and the suppression counts had a download."""

from __future__ import annotations

import json

import pytest

from oversight.formatting import column_label
from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")


@pytest.mark.parametrize(("tab", "button"), [("Catalogue", "Download catalogue CSV"), ("Sources and load log", "Download sources CSV"),
                                              ("Reconciliation", "Download reconciliation CSV"),
                                              ("Percentages over 100", "Download percentages over 100 CSV"),
                                              ("Suppressed values", "Download suppression counts CSV")])
def test_each_tabs_table_downloads_whole(tab, button, monkeypatch):
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/data.py", tab=tab)
    assert button in [b.proto.label for b in at.get("download_button")]
    [grid] = [d.value for d in at.dataframe][:1]
    csv = written[-1]  # the tab's: the national page, opened first, makes its own
    assert csv.height == len(grid)  # every row the grid shows
    if tab not in ("Catalogue", "Suppressed values"):
        assert csv.columns[0] == "Warehouse built" and csv["Warehouse built"].n_unique() == 1
        # headed as the table on screen: the files had said title, published_release, figures_over_100
        on_screen = at.dataframe[0]
        config = json.loads(on_screen.proto.columns or "{}")
        assert [config.get(c, {}).get("label") or column_label(c) for c in on_screen.value.columns] == csv.columns[1:]


def test_the_sources_csv_names_every_file_read_with_its_sha256(con, monkeypatch):
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    open_page("pages/data.py", tab="Sources and load log")
    csv = written[-1]
    files = {r[0] for r in con.execute("SELECT sha256 FROM load_log").fetchall()}
    assert set(csv["SHA-256"].to_list()) == files and len(files) > 10
