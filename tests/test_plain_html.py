"""Blocks drawn as one piece of escaped HTML: the national page's headline tiles (better or worse
in words as well as colour, the arrow following the sign of the change) and plain tables."""

from __future__ import annotations

from html.parser import HTMLParser

import polars as pl
import pytest

from oversight import plain_html
from oversight.formatting import suppressed
from tests.apptest import open_page as run
from tests.apptest import plain_tables


class Tiles(HTMLParser):
    """What a reader sees of the tiles: each group's heading and, per tile, its title, value,
    change in words, colour class and arrow."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[str] = []
        self.tiles: dict[str, dict[str, str]] = {}
        self._in: list[str] = []
        self._classes: list[str] = []
        self._tile: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
        self._classes.append(dict(attrs).get("class") or "")
        if tag == "li":
            self._tile = {"title": "", "value": "", "change": "", "kind": "", "arrow": ""}
        if tag == "span" and dict(attrs).get("aria-hidden") == "true":
            self._tile["arrow_hidden"] = "yes"

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self.tiles[self._tile["title"]] = self._tile
        self._in.pop()
        self._classes.pop()

    def handle_data(self, data: str) -> None:
        if not self._in:
            return
        tag, cls = self._in[-1], self._classes[-1]
        if tag == "h3":
            self.groups.append(data)
        elif tag == "h4":
            self._tile["title"] += data
        elif tag == "p" and cls == "value":
            self._tile["value"] += data
        elif tag == "p" and cls.startswith("change"):
            self._tile["change"] += data
            self._tile["kind"] = cls.split()[1]
        elif tag == "span" and len(self._classes) > 1 and self._classes[-2].startswith("change"):
            self._tile["arrow"] = data.strip()


def read(body: str) -> Tiles:
    parser = Tiles()
    parser.feed(body)
    return parser


@pytest.mark.usefixtures("on_warehouse")
def test_the_national_page_draws_englands_tiles_from_the_published_files():
    at = run()
    [block] = [h for h in at.get("html") if h.proto.body != plain_html.FOCUS_CSS]  # the tiles, beside the focus style every page has
    shown = read(block.proto.body)
    assert shown.groups[:2] == ["Family help", "Family network"] and "Workforce" in shown.groups
    assert len(shown.tiles) >= 20
    cla = shown.tiles["Children looked after per 10,000 children (2025)"]
    assert cla["value"] == "67"
    # neutral: neither better nor worse, grey, the arrow down for a fall
    assert not cla["change"].endswith(("better", "worse")) and cla["kind"] == "neutral" and cla["arrow"] == "↓"
    rereferrals = shown.tiles["Re-referrals within 12 months (2025)"]
    assert (rereferrals["change"], rereferrals["kind"], rereferrals["arrow"]) == ("+0.2 pp on 2024, worse", "declining", "↑")
    second = shown.tiles["Second or subsequent child protection plans (2025)"]
    # lower is better: a fall is better, green, with a down arrow
    assert (second["change"], second["kind"], second["arrow"]) == ("-0.2 pp on 2024, better", "improving", "↓")
    assert second.get("arrow_hidden") == "yes"  # the arrow is decoration: the words say it


def _one(**over: object) -> pl.DataFrame:
    row = {"outcome": "Family help", "name": "Referrals per 10,000 children", "year_type": None, "time_period": 2025, "value": 519.4,
           "suppression": None, "decimals": 1, "unit": "per 10,000 children", "change": 3.8, "direction": "up", "previous_year": 2024}
    return pl.DataFrame([{**row, **over}])


def test_text_from_the_warehouse_is_shown_as_written_never_as_html():
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> **bold** [link](http://evil.example)"
    body = plain_html.tiles(_one(name=hostile, outcome="<b>outcome</b>"))
    assert "<script>" not in body and "<img" not in body and "<b>" not in body
    shown = read(body)
    assert shown.groups == ["<b>outcome</b>"]
    assert list(shown.tiles) == [f"{hostile} (2025)"]


def test_a_missing_figure_shows_its_reason_and_no_change():
    shown = read(plain_html.tiles(_one(value=None, suppression="c", change=None, direction=None)))
    [tile] = shown.tiles.values()
    assert tile["value"] == suppressed("c") and tile["change"] == ""


def test_a_change_that_rounds_to_nothing_has_no_arrow():
    shown = read(plain_html.tiles(_one(change=0.04, direction="no change")))
    [tile] = shown.tiles.values()
    assert (tile["change"], tile["kind"], tile["arrow"]) == ("0.0 on 2024", "neutral", "")


def test_no_outcome_is_grouped_under_other():
    assert read(plain_html.tiles(_one(outcome=None))).groups == ["Other"]


def test_a_plain_table_escapes_every_cell_and_lines_figures_up_on_the_right():
    frame = pl.DataFrame({"Indicator": ["<img src=x onerror=alert(1)> & **b**", "Referrals"], "Latest": ["22.6%", None]})
    body = plain_html.table(frame, "Family help: <Haringey>", figures=["Latest"])
    assert "<img" not in body and "<Haringey>" not in body
    assert "<caption>Family help: &lt;Haringey&gt;</caption>" in body and "aria-label='Family help: &lt;Haringey&gt;'" in body
    assert "<th scope='col'>Indicator</th>" in body and "<th scope='col' class=n>Latest</th>" in body
    assert "<td class=n>22.6%</td>" in body and "<td class=n></td>" in body
    assert "<th scope='row'>&lt;img src=x onerror=alert(1)&gt; &amp; **b**</th>" in body


@pytest.mark.usefixtures("on_warehouse")
def test_the_profile_draws_its_tables_as_plain_html_with_every_headline_indicator(con):
    at = run("pages/profile.py", area="E09000014")
    [cla] = [r for t in plain_tables(at) if "SN average" in t.columns for r in t.to_dicts() if r["Indicator"] == "Children looked after per 10,000 children"]
    assert (cla["Latest"], cla["England"]) == ("61", "67")  # Haringey and England at 31 March 2025, as published
    inspections = run("pages/profile.py", area="E09000014", tab="Ofsted inspections")
    assert any(t.columns[:3] == ["Published", "Inspected", "Inspection"] for t in plain_tables(inspections))  # the Ofsted table under the timeline


def test_given_widths_every_table_lines_its_columns_up_and_a_line_break_starts_a_new_line():
    frame = pl.DataFrame({"Indicator": ["Social worker turnover"], "Latest": ["15.4%\n(30 September 2025)"]})
    body = plain_html.table(frame, "Workforce: Kent", ["Latest"], widths=(70, 30))
    assert "<table class='fixed'>" in body and "<colgroup><col style='width:70%'><col style='width:30%'></colgroup>" in body
    assert "table-layout:fixed" in body and "white-space:pre-line" in body
    assert "<table class='fixed'>" not in plain_html.table(frame, "Workforce: Kent")  # no widths: columns as wide as they need


def test_a_wide_table_says_on_a_narrow_screen_what_lies_to_the_right():
    """On a phone the profile's tables showed the indicator, latest and previous figures, with nothing
    to say that the change, rank, band, neighbours, region and England were a scroll away."""
    from oversight import plain_html

    frame = pl.DataFrame({c: ["x"] for c in ("Indicator", "Latest", "Previous", "Change", "Rank", "England")})
    html = plain_html.table(frame, "Family help", widths=[30, 14, 14, 14, 14, 14])
    assert "<p class='more' aria-hidden='true'>Scroll sideways for Change, Rank and England →</p>" in html
    assert ".plain .more{display:none;" in html and "@media (max-width:52rem){.plain .more{display:block}}" in html  # on a narrow screen only
    assert "class='more'" not in plain_html.table(frame, "no widths")  # a table that does not scroll sideways


def _drawn(img: str) -> str:
    """A sparkline's picture, as the browser reads it from its data URI."""
    import base64
    import re

    return base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)'", img).group(1)).decode()


def test_a_sparkline_is_a_picture_named_by_its_years_ends_lowest_and_highest():
    """The trends page's sparklines were drawn by a data grid on a canvas, with nothing for a screen
    reader. Each is now a picture (st.html drops inline SVG) whose text says what the line shows."""
    img = plain_html.sparkline([3.0, 1.0, 2.0], "Kent <b>'s & line", "#1d70b8")
    assert img.startswith("<img alt='Kent &lt;b&gt;&#x27;s &amp; line' width='100' height='24' src='data:image/svg+xml;base64,")
    drawn = _drawn(img)
    assert "<polyline points='3.0,3.0 50.0,21.0 97.0,12.0'" in drawn  # highest at the top, lowest at the foot
    assert "<circle cx='97.0' cy='12.0'" in drawn  # the latest year marked
    assert "points='3.0,12.0 50.0,12.0 97.0,12.0'" in _drawn(plain_html.sparkline([5.0, 5.0, 5.0], "flat", "#000"))  # across the middle
    assert "points='3.0,12.0'" in _drawn(plain_html.sparkline([5.0], "one year", "#000"))
    assert plain_html.sparkline([], "no figures", "#000") == ""
    assert "<img" not in plain_html.table(pl.DataFrame({"a": [plain_html.sparkline([1.0], "x", "#000")]}), "t")  # a frame's text is escaped, drawn or not


def test_each_row_of_a_pages_table_is_headed_by_its_first_cell():
    """A screen reader moving down the profile's Rank column heard "110/153" without the indicator's name."""
    import re

    import polars as pl

    from oversight import plain_html

    made = plain_html.table(pl.DataFrame({"Indicator": ["Referrals per 10,000 children"], "Rank": ["110/153"]}), "Family help: Essex", ["Rank"], (60, 40))
    assert "<th scope='row'>Referrals per 10,000 children</th><td class=n>110/153</td>" in made
    assert len(re.findall(r"<th scope='col'", made)) == 2 and "tbody th{font-weight:normal}" in made
