"""No two columns of a table share a heading: the data page's catalogue headed both the next update's
date and whether it has passed "Next update". A column given a width is wide enough for its heading:
"In the official statistics" on the watchlist, in 90 px, read "In the official stati", and the data
page's "Next update passed" read "Next upd...". Every page under pages/ is opened, every grid read."""

from __future__ import annotations

import collections
import json

import pytest

from oversight import widgets
from tests.apptest import open_page
from tests.conftest import ROOT
from tests.test_local_page import local_db  # noqa: F401  (the local page is listed only with a local database)

PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_no_two_columns_of_a_table_share_a_heading(page, on_warehouse, local_db, monkeypatch):  # noqa: F811
    monkeypatch.setenv("OVERSIGHT_LOCAL_DB", str(local_db))
    at = open_page(page, area="E09000014")
    for grid in at.dataframe:
        shown = [c for c in grid.value.columns if not str(c).startswith("_")]
        config = json.loads(grid.proto.columns or "{}")
        labels = [(config.get(str(c)) or {}).get("label") or str(c) for c in shown]
        twice = [label for label, n in collections.Counter(labels).items() if n > 1]
        assert twice == [], f"{page}: columns headed alike: {twice}"


# Streamlit's named widths in px; a heading's, as the widgets size columns (widgets.text_px: "LAs flagged (%)" took 92 px
# of the 114 it gives, with its padding)
NAMED_WIDTHS = {"small": 75, "medium": 200, "large": 400}


@pytest.mark.parametrize("page", PAGES)
def test_a_column_given_a_width_is_wide_enough_for_its_heading(page, on_warehouse, local_db, monkeypatch):  # noqa: F811
    monkeypatch.setenv("OVERSIGHT_LOCAL_DB", str(local_db))
    at = open_page(page, area="E09000014")
    narrow = []
    for grid in at.dataframe:
        for column, config in json.loads(grid.proto.columns or "{}").items():
            width = (config or {}).get("width")
            label = (config or {}).get("label") or column
            if width is not None and NAMED_WIDTHS.get(width, width) < widgets.text_px(label):
                narrow.append((label, width))
    assert narrow == [], f"{page}: headings wider than their columns: {narrow}"


@pytest.mark.parametrize(("page", "params"), [*((p, {"area": "E09000014"}) for p in PAGES),
                                              ("pages/ofsted.py", {"of": "E08000031", "tab": "Every inspection"})])
def test_a_date_column_is_wide_enough_for_a_date(page, params, on_warehouse, local_db, monkeypatch):  # noqa: F811
    """Every inspection's dates, left to Streamlit's own width, read "20 Sep 202" at 1,400 px."""
    monkeypatch.setenv("OVERSIGHT_LOCAL_DB", str(local_db))
    at = open_page(page, **params)
    dates = []
    for grid in at.dataframe:
        for column, config in json.loads(grid.proto.columns or "{}").items():
            if ((config or {}).get("type_config") or {}).get("type") in ("date", "datetime"):
                dates.append((column, config.get("width")))
    assert all(width is not None and width >= widgets.text_px(widgets.WIDEST_DATE) for _, width in dates), f"{page}: {dates}"
    if params.get("tab") == "Every inspection":
        assert {c for c, _ in dates} == {"inspection_date", "publication_date"}
