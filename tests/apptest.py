"""Opening the dashboard under Streamlit's AppTest, the way every page test does."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import polars as pl
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "dashboard.py")
# links that open a page's box of every authority's figures, drawn only when opened: compare's ranking, the Ofsted page's time since inspection
RANKED = {"data-compare-ranked": "true"}
TIME_SINCE = {"time-since": "true"}


def open_page(page: str | None = None, app: str = APP, **params: str) -> AppTest:
    """The dashboard (or another script, `app`) opened with `params` in its URL, then switched to
    `page` (a file under pages/) when given; fails on any exception the run raised."""
    at = AppTest.from_file(app, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shaded_rows(grid: object, names: str = "area_name") -> dict[str, str]:
    """A table's shaded rows (`widgets.table(tints=...)`): the row's `names` cell -> its background
    colour, from the styles the page sends."""
    rows = grid.value[names].tolist()  # type: ignore[attr-defined]
    colours: dict[str, str] = {}
    for selectors, colour in re.findall(r"([^{}]+)\{\s*background-color:\s*(#[0-9A-Fa-f]{6})\s*\}", grid.proto.arrow_data.styler.styles):  # type: ignore[attr-defined]
        for row in {int(n) for n in re.findall(r"_row(\d+)_col\d+", selectors)}:
            colours[rows[row]] = colour
    return colours


class _Tables(HTMLParser):
    """The tables of a block of HTML, as a reader sees them: a heading per column, the text of each cell."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "img" and self._cell is not None:  # a picture in a cell (a sparkline) reads as its text alternative
            self._cell.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def plain_tables(at: AppTest) -> list[pl.DataFrame]:
    """Every plain table the page drew as HTML (oversight.plain_html.table), as a frame of texts."""
    parser = _Tables()
    for block in at.get("html"):
        parser.feed(block.proto.body)
    return [pl.DataFrame(rows[1:], schema=rows[0], orient="row") for rows in parser.tables]
