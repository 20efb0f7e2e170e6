"""Static blocks written as one piece of HTML with every text escaped: the national page's headline
tiles and plain tables (the profile's indicator and Ofsted tables, and the tables of the HTML packs).

A page draws such a block with one st.html element, where Streamlit's own tiles and tables take an
element, a container or a styled cell each: the national page sends one element where it sent
about 120, and the browser draws both pages in a fraction of the time. Every text (names, outcomes,
figures, notes) comes from the warehouse or the published files and is escaped here, so it is shown
as written, never as HTML or markdown. Better or worse is said in words as well as colour; an
arrow follows the sign of the change and is hidden from screen readers.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape

import polars as pl

from oversight.formatting import VERDICT, change_text, listing, number, rounded, value_text, year_label

# a figure's cell (class n) lines up by its units, in the pages and in every pack
FIGURES_CSS = "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
# an HTML pack opened on a phone: laid out at the phone's width, its text off the screen's edge, and a
# table wider than the screen scrolling on its own (the scrutiny pack's ran to 928 px, its text against the edge)
PACK_HEAD = "<meta name='viewport' content='width=device-width, initial-scale=1'>"
PACK_SCREEN_CSS = ("@media screen and (max-width:48rem){body{padding:0 0.75rem}table{display:block;overflow-x:auto}}"
                   # printed, a row stays on one page, and a table's heading row is repeated on each page it runs to:
                   # Kirklees's region read "Yorkshire and The" at the foot of page 25 and "Humber" alone atop page 26
                   # and its words are copied and searched as typed: DejaVu's "fi" ligature had printed "ﬁgure" (U+FB01),
                   # which a search of the PDF for "figure" does not find
                   "@media print{tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}"
                   "body{font-variant-ligatures:none}}")
# on white: text 21:1, green 5.9:1, red 6.3:1, grey 7.5:1 (WCAG AA asks 4.5:1)
TILES_CSS = """<style>
.tiles h3 {font-size: 1.125rem; font-weight: 600; margin: 1rem 0 0.5rem; padding: 0;}
.tiles ul {display: grid; grid-template-columns: repeat(auto-fill, minmax(max(11rem, calc((100% - 2.25rem) / 4)), 1fr)); gap: 0.75rem; list-style: none; margin: 0; padding: 0;}
.tiles li {border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.75rem 1rem; margin: 0;}
.tiles h4 {font-size: 1rem; font-weight: 600; line-height: 1.4; margin: 0 0 0.5rem; padding: 0;}
.tiles .value {font-size: 2.25rem; line-height: 1.2; margin: 0;}
.tiles .change {font-size: 0.875rem; margin: 0.25rem 0 0;}
.tiles .improving {color: #177233;} .tiles .declining {color: #b3261e;} .tiles .neutral {color: #555555;}
</style>"""
# where the keyboard is, on every page: Streamlit marks a focused link in the sidebar with the faint grey
# it uses for hover, a radio button with a paler grey still, and a chart's or table's toolbar button not
# at all (the toolbar stays hidden until a mouse is over it). A yellow ring inside a black one (GOV.UK's
# focus colours) shows on white, on the sidebar's grey and on a selected link; only for keyboard focus
# (focus-visible), not for a click. A text box's ring goes round its whole box (its own would be cut
# off by the box around it); the page's scrolling area, a tab stop of its own, has its ring inside it.
_RING = "outline:3px solid #ffdd00 !important;outline-offset:0 !important;box-shadow:0 0 0 6px #0b0c0c !important"
FOCUS_CSS = ("<style>a:focus-visible,button:focus-visible,summary:focus-visible,[role='tab']:focus-visible,[tabindex]:not(input):focus-visible,"
             "[data-testid='stRadioOption']:has(input:focus-visible),.react-aria-ComboBox [role='group']:has(input:focus-visible),"
             # a checkbox, a switch and a text box: a faint grey (1.1:1 on white) or a 1 px red border had been all that showed
             "[data-testid='stCheckbox'] label:has(input:focus-visible),[data-testid='stTextInputRootElement']:has(input:focus-visible)"
             f"{{{_RING}}}"
             # a tab's ring would be clipped by the tab list, which scrolls: GOV.UK's focus inside it, a yellow fill and a black bar
             "[role='tablist'] [role='tab']:focus-visible{outline:none !important;background:#ffdd00 !important;color:#0b0c0c !important;"
             "box-shadow:inset 0 -4px 0 #0b0c0c !important}"
             # over the chart or table it belongs to: drawn under it, a focused button showed the top of its ring and no icon
             "[data-testid='stElementToolbar']:focus-within{opacity:1 !important;z-index:1000 !important}"
             # a new page's heading, given the focus where a link within the old page took it away (keep_focus.js): a start, not a control
             "[data-testid='stMain'] h1[tabindex='-1']:focus{outline:none !important;box-shadow:none !important}"
             "main:focus-visible{outline:3px solid #ffdd00 !important;outline-offset:-9px !important;box-shadow:inset 0 0 0 9px #0b0c0c !important}</style>")
# as Streamlit draws a plain table; a table wider than the screen scrolls sideways (by keyboard too)
TABLE_CSS = ("<style>.plain{overflow-x:auto;margin:0 0 1rem}.plain table{border-collapse:collapse;width:100%;font-size:0.875rem}"
             ".plain th,.plain td{border-bottom:1px solid rgba(49,51,63,0.1);padding:0.25rem;text-align:left;vertical-align:top}"
             ".plain td,.plain tbody th{white-space:pre-line}.plain table.fixed{table-layout:fixed;min-width:48rem}.plain table.fixed td,.plain table.fixed tbody th{overflow-wrap:break-word}"
             # the first column (the names) stays in view while a table scrolls sideways on a narrow screen
             ".plain table.fixed th:first-child,.plain table.fixed td:first-child{position:sticky;left:0;background:#ffffff;z-index:1}"
             ".plain th{font-weight:600}.plain tbody th{font-weight:normal}.plain caption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
             # on a screen narrower than such a table, a line above it says there is more to the right (a phone had
             # shown the indicator, latest and previous figures, with nothing to say rank, band and England were there)
             ".plain .more{display:none;font-size:0.8rem;color:#505a5f;margin:0 0 0.25rem}@media (max-width:52rem){.plain .more{display:block}}"
             + FIGURES_CSS.replace("td.n", ".plain td.n").replace("th.n", ".plain th.n") + "</style>")
ARROWS = {1: "↑", -1: "↓"}


class Drawn(str):
    """Markup this module drew itself, from numbers and escaped texts (a sparkline): a cell holding it
    is written as it is; every other cell's text is escaped."""


def table_body(columns: Sequence[str], rows: Iterable[Sequence[tuple[str, bool]]], row_headers: bool = False) -> str:
    """A table's HTML: a heading per column (scope col) and each row's cells, given as (text, is a
    figure): a figure's cell has class n, which FIGURES_CSS lines up on the right, and so has the
    heading of a column whose every cell is a figure or empty. With `row_headers`, each row's first
    cell heads its row (scope row), so a screen reader moving down a column names the row's
    indicator with its figure ("110/153" had been read alone)."""
    rows = [list(row) for row in rows]
    figures = [any(row[i][1] for row in rows) and all(row[i][1] or not row[i][0] for row in rows) for i in range(len(columns))]
    head = "".join(f"<th scope='col'{' class=n' if figure else ''}>{escape(c)}</th>" for c, figure in zip(columns, figures, strict=True))
    def cell(i: int, text: str, figure: bool) -> str:
        tag = "th scope='row'" if row_headers and i == 0 else "td"
        return f"<{tag}{' class=n' if figure else ''}>{text if isinstance(text, Drawn) else escape(text)}</{tag.split()[0]}>"
    body = "".join("<tr>" + "".join(cell(i, text, figure) for i, (text, figure) in enumerate(row)) + "</tr>" for row in rows)
    return f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"


def table(df: pl.DataFrame, caption: str, figures: Iterable[str] = (), widths: Sequence[int] = ()) -> str:
    """A frame of texts as a plain table for st.html, named by `caption` for screen readers (the
    page's heading shows it); the columns named in `figures` line up on the right. Given `widths`
    (per cent of the table, one per column), every such table on a page lines its columns up with
    the others', and on a narrow screen keeps them readable and scrolls sideways with its first
    column (the names) kept in view. A line break in a cell's text starts a new line."""
    right = set(figures)
    rows = ([("" if v is None else str(v), c in right) for c, v in zip(df.columns, row, strict=True)] for row in df.iter_rows())
    cols = "<colgroup>" + "".join(f"<col style='width:{w}%'>" for w in widths) + "</colgroup>" if widths else ""
    fixed = " class='fixed'" if widths else ""
    more = f"<p class='more' aria-hidden='true'>Scroll sideways for {escape(listing(df.columns[3:]))} →</p>" if widths and df.width > 4 else ""
    return (f"{TABLE_CSS}<div class='plain' role='region' aria-label='{escape(caption)}' tabindex='0'>{more}<table{fixed}>"
            f"<caption>{escape(caption)}</caption>{cols}{table_body(df.columns, rows, row_headers=True)}</table></div>")


def title(tile: dict) -> str:
    """A tile's whole title: the indicator and its year ("Children looked after per 10,000 children (2025)")."""
    return f"{tile['name']} ({year_label(tile['year_type'], tile['time_period'])})"


def change(tile: dict) -> tuple[str, str, int] | None:
    """The change on the year before in words ("+0.2 pp on 2024, worse"), its colour class
    (improving, declining or neutral, by polarity) and the sign of the change as shown (an arrow only
    for a change that does not round to nothing); None when there is no earlier figure."""
    if tile["change"] is None:
        return None
    verdict = f", {VERDICT[tile['direction']]}" if tile["direction"] in VERDICT else ""
    shown = rounded(tile["change"], tile["decimals"])
    sign = (shown > 0) - (shown < 0)
    words = f"{change_text(tile['change'], tile['decimals'], tile['unit'])} on {tile['previous_year']}{verdict}"
    return words, tile["direction"] if tile["direction"] in VERDICT else "neutral", sign


def _tile(tile: dict) -> str:
    value = value_text(tile["value"], tile["decimals"], tile["unit"], tile["suppression"])
    parts = [f"<li><h4>{escape(title(tile))}</h4><p class=\"value\">{escape(value)}</p>"]
    if (delta := change(tile)) is not None:
        words, kind, sign = delta
        arrow = f'<span aria-hidden="true">{ARROWS[sign]} </span>' if sign else ""
        parts.append(f'<p class="change {kind}">{arrow}{escape(words)}</p>')
    return "".join(parts) + "</li>"


def tiles(frame: pl.DataFrame) -> str:
    """Headline tiles in the order given, under a heading per outcome ("Other" for none; level 3,
    under the page's section heading), four or fewer to a row as the width allows, one or two to a
    row on a phone."""
    out = [TILES_CSS, '<div class="tiles">']
    for (outcome,), group in frame.group_by("outcome", maintain_order=True):
        out.append(f"<h3>{escape(outcome or 'Other')}</h3><ul>")
        out.extend(_tile(t) for t in group.iter_rows(named=True))
        out.append("</ul>")
    return "".join(out) + "</div>"


SPARK_WIDTH, SPARK_HEIGHT = 100, 24  # pixels: a sparkline in a table row


def sparkline(values: Sequence[float], label: str, colour: str) -> Drawn:
    """Every year's values (oldest first) as a line on its own scale, a picture whose text alternative
    is `label`; the latest year's value is marked with a dot. A series that never moves is
    drawn across the middle, and a single year as its dot."""
    if not values:
        return Drawn("")
    low, high = min(values), max(values)
    step = (SPARK_WIDTH - 6) / max(len(values) - 1, 1)
    points = [(3 + i * step, SPARK_HEIGHT / 2 if high == low else SPARK_HEIGHT - 3 - (SPARK_HEIGHT - 6) * (v - low) / (high - low))
              for i, v in enumerate(values)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    x, y = points[-1]
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{SPARK_WIDTH}' height='{SPARK_HEIGHT}' viewBox='0 0 {SPARK_WIDTH} {SPARK_HEIGHT}'>"
           f"<polyline points='{line}' fill='none' stroke='{colour}' stroke-width='1.5'/><circle cx='{x:.1f}' cy='{y:.1f}' r='2' fill='{colour}'/></svg>")
    # a picture of its own: st.html keeps HTML only (its sanitiser drops inline SVG)
    return Drawn(f"<img alt='{escape(label)}' width='{SPARK_WIDTH}' height='{SPARK_HEIGHT}' "
                 f"src='data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}'>")


def _spoken(who: str, first: int | None, last: int | None, values: Sequence[float], decimals: int, unit: str) -> str:
    """A sparkline's name: "Haringey, 2013 to 2025: from 45.1 to 52.0; lowest 41.2, highest 52.0"."""
    if not values:
        return ""
    years = f"{first} to {last}" if first != last else f"{last}"
    return (f"{who}, {years}: from {number(values[0], decimals, unit)} to {number(values[-1], decimals, unit)}; "
            f"lowest {number(min(values), decimals, unit)}, highest {number(max(values), decimals, unit)}")


def trend_table(frame: pl.DataFrame, area: str, with_england: bool) -> str:
    """Every headline indicator's years, latest figure and sparkline for `area` (the rows of
    queries.headline_sparklines), with England's of the same year beside them unless the area is England: one block
    of HTML where a data grid drew its lines on a canvas that screen readers could not read."""
    # England's figure of the area's last year: Rutland's latest 3+ placements (14%, 2020) had stood beside England's of 2025
    columns = ["Indicator", "From", "To", "Latest", "Trend"] + (["England, same year", "England's trend"] if with_england else [])
    rows = []
    for r in frame.iter_rows(named=True):
        d, u = r["decimals"], r["unit"]
        row = [(r["indicator"], False), (str(r["first_year"] or ""), True), (str(r["last_year"] or ""), True),
               (value_text(r["latest"], d, u), True), (sparkline(r["trend"] or [], _spoken(area, r["first_year"], r["last_year"], r["trend"] or [], d, u), "#1d70b8"), False)]
        if with_england:
            # where the area has no figure at all, England's latest with its year: Cumberland's Cafcass row read "not available"
            # beside England's 9.1
            then = (value_text(r["england_then"], d, u) if r["last_year"] is not None or r["england"] is None
                    else f"{value_text(r['england'], d, u)} ({r['england_last_year']})")
            row += [(then, True),
                    (sparkline(r["england_trend"] or [], _spoken("England", r["england_first_year"], r["england_last_year"], r["england_trend"] or [], d, u),
                               "#505a5f"), False)]
        rows.append(row)
    caption = f"Every headline indicator for {area}"
    return (f"{TABLE_CSS}<div class='plain' role='region' aria-label='{escape(caption)}' tabindex='0'><table>"
            f"<caption>{escape(caption)}</caption>{table_body(columns, rows, row_headers=True)}</table></div>")
