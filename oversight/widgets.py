"""Streamlit blocks the pages share: a chart with its text alternative and its data."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import altair as alt
import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from oversight import charts, exports
from oversight.formatting import EMPTY_CELL, as_shown, change_text, column_label, listing, number, plain, printf, rounded, turning_points
from oversight.queries import Con


def table(data: object, where: object = None, decimals: int | None = None, tints: list[str | None] | None = None, **options: object) -> None:
    """st.dataframe as every page draws it: no index, the page's width, an empty cell where a figure
    or a date is missing (Streamlit would print "None"; a reason, where there is one, is in the
    column beside it), dates as "10 Jul 2023", headings in words for columns the page does not name,
    and, given `decimals`, every figure at those decimals (a download keeps them whole). `tints`, one
    per row of a polars frame: a background colour for the row (None for none), as the chart beside
    it marks its authorities (`charts.ROW_TINT`)."""
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    config = dict(options.pop("column_config", None) or {})  # type: ignore[call-overload]
    if isinstance(data, pl.DataFrame) and decimals is not None:
        data = as_shown(data, decimals)  # as every text rounds them (formatting.rounded)
    if isinstance(data, pl.DataFrame):
        for column, dtype in data.schema.items():
            if column in config:
                continue
            label = column_label(column)
            if dtype == pl.Date:  # wide enough for the date and its heading (the inspections' "20 Sep 2025" had read "20 Sep 202")
                config[column] = st.column_config.DateColumn(label, format="D MMM YYYY", width=max(text_px(WIDEST_DATE), text_px(label)))
            elif isinstance(dtype, pl.Datetime):
                config[column] = st.column_config.DatetimeColumn(label, format="D MMM YYYY, HH:mm", width=max(text_px(WIDEST_DATE + ", 00:00"), text_px(label)))
            elif decimals is not None and dtype in (pl.Float64, pl.Float32):  # figures of one indicator, at its decimals
                config[column] = st.column_config.NumberColumn(label, format=printf(decimals))
            elif label != column:
                config[column] = label
    if tints is not None and any(tints) and isinstance(data, pl.DataFrame):  # none shaded: the table as any other
        shown = data.to_pandas(use_pyarrow_extension_array=True)
        data = shown.style.apply(lambda row: [f"background-color: {tints[row.name]}" if tints[row.name] else ""] * len(row), axis=1)
    (where or st).dataframe(data, placeholder=EMPTY_CELL, column_config=config, **options)  # type: ignore[attr-defined]


# a table's 14 px font: about 6.5 px a character, and 16 of padding
CHARACTER_PX, PADDING_PX = 6.5, 16


def text_px(text: str) -> int:
    """The pixels a table's column needs to show `text` whole."""
    return math.ceil(CHARACTER_PX * len(text) + PADDING_PX)


WIDEST_DATE = "30 Sep 2025"  # a date as tables show it ("D MMM YYYY"), at its longest
JUDGEMENT_WIDTH = 220  # "Requires improvement to be good" whole
NAME_WIDTH = 245  # the longest LA name whole ("Bournemouth, Christchurch and Poole")
# the heading "In the official statistics" whole (170 px, the watchlist's 90, had cut it to "In the official stati")
OFFICIAL_WIDTH = text_px("In the official statistics")


def describe(description: str) -> None:
    """A chart's or map's description, normal text right below it (and its alt text), not a faint caption."""
    st.markdown(plain(f"Chart description: {description}"))


def heading(text: str, level: int = 2) -> None:
    """A page's title (1), a section's heading (2) or a sub-section's (3), without the link Streamlit
    puts beside each: every one was a tab stop, all named "Link to heading" (13 of them on a profile,
    between its picker and its first table)."""
    {1: st.title, 2: st.header, 3: st.subheader}[level](text, anchor=False)


def definition(ind: dict) -> None:
    """An indicator's definition and source from the catalogue, under the figure a page gives for it
    (they were on the data page only: a report writer quoting a chart had to look them up there)."""
    parts = [f"Definition: {ind['definition'].strip()}" if ind.get("definition") else "", f"Source: {ind['source']}." if ind.get("source") else ""]
    if said := " ".join(p for p in parts if p):
        st.caption(plain(said))


def table_when_opened(label: str, key: str, data: pl.DataFrame | None, draw: Callable[[DeltaGenerator], None] | None = None, linked: bool = False,
                      **options: object) -> DeltaGenerator:
    """A table drawn only when the reader opens its expander (state kept under `key` in the session,
    and in the link as `?<key>=true` where `linked`), so a page opens with its sentences and draws a
    long table on request: `data` as `table` draws it, or, where the page configures its own, the
    table `draw` draws into the box. Returns the expander."""
    box = st.expander(label, key=key, on_change="rerun", bind="query-params" if linked else None)
    if box.open and draw:
        draw(box)
    elif box.open:
        table(data, where=box, **options)
    return box


def tabs(drawn: dict[str, Callable[[], None]], default: str | None = None) -> None:
    """The page's sections as tabs, each drawn by its function only when chosen (the others run
    nothing, so a page opens with one section's charts and tables), and the chosen tab in the
    link (`?tab=Map`; the first tab's link has none). A link naming no tab of the page says so, as a
    link naming an unknown area does, and opens the first; `default`, a tab to open where the link names none."""
    asked = st.query_params.get("tab")
    if asked is not None and asked not in drawn:
        st.warning(plain(f"Unknown tab '{asked}' in the link; showing '{next(iter(drawn))}'."))
    for tab, draw in zip(st.tabs(list(drawn), default=default, key="tab", bind="query-params"), drawn.values(), strict=True):
        if tab.open:
            with tab:
                draw()


def map_chart(spec_: dict, description: str) -> None:
    """A prepared map spec (maps.chart_spec: its shapes out of the accessibility tree) named by its
    description, which is printed beneath it as every chart's is (normal text, shown as written)."""
    drawn = dict(spec_)
    # as wide as the page allows: the projection fits England into the width and the height, so on a
    # phone the map narrows with the screen (at its own 520 px Norfolk was cut off at 420)
    drawn["width"] = "container"
    st.vega_lite_chart(drawn, width="stretch", alt=description)
    describe(description)


def chart_block(chart: alt.TopLevelMixin, data: pl.DataFrame, alt_text: str, key: str, decimals: int | None = None, file: str | None = None,
                context: dict[str, object] | None = None, heading: str | None = None, what: str = "chart", label: str | None = None,
                draw: Callable[[DeltaGenerator], None] | None = None) -> None:
    """A chart, its text alternative, and its data as a table with a CSV download; the downloads
    are named `file` (what they hold: "compare-cla_rate_per_10k-2025"), or `key`. `context`: what
    the figures are ({"Indicator": ..., "Unit": ..., "Year": ...}), the CSV's first columns; `heading`,
    the pictures' title for a chart without one of its own (the heading the page puts above it);
    `what` names the chart in its box and buttons where a page has two ("scatter", "bar chart"), so
    no two controls on a page share a name.

    The table and the download are drawn only when the reader opens "Data behind this chart"
    (the expander's state is kept under `data-<key>` in the session): a page opens with charts
    only, which is what makes it quick to draw. A page whose table is its own (compare's ranking,
    with its column settings) gives the box's `label` and `draw`s the table into it; that box's state
    is in the link too (`?data-<key>=true`), so a link can open on the table.
    """
    st.vega_lite_chart(charts.vega_spec(chart), width="stretch", alt=alt_text)
    describe(alt_text)
    box = table_when_opened(label or f"Data behind this {what}", f"data-{key}", data, draw=draw, linked=draw is not None, decimals=decimals)
    if box.open:
        downloads(box, chart, data, file or key, key, context, what=what, heading=heading)


def downloads(box: DeltaGenerator, chart: alt.TopLevelMixin | dict, data: pl.DataFrame, name: str, key: str, context: dict[str, object] | None,
              what: str = "chart", heading: str | None = None) -> None:
    """A chart's (or a map's spec's) three downloads in a row of `box`: its data as CSV, with
    `context` as the first columns, and the picture as PNG and SVG, with `context` under its title
    (`heading` where the chart has none), but for the indicator (the title's) and when the warehouse was built."""
    c1, c2, c3 = box.columns(3)
    download(c1, f"Download {what} data as CSV", exports.csv_bytes(exports.with_context(exports.headed(data), context)), file_name=f"{name}.csv", mime="text/csv", key=f"dl-{key}")
    # the title names the indicator; when the warehouse was built is for the CSV's reader, not a picture's
    png, svg = picture(chart, [f"{k}: {v}" for k, v in (context or {}).items() if k not in ("Indicator", "Warehouse built")], heading)
    download(c2, f"Download {what} as PNG", png, file_name=f"{name}.png", mime="image/png", key=f"png-{key}")
    download(c3, f"Download {what} as SVG", svg, file_name=f"{name}.svg", mime="image/svg+xml", key=f"svg-{key}")


def download(where: Any, label: str, data: bytes | str, file_name: str, mime: str, **options: Any) -> None:
    """A download button in `where` (st, a column or a box) that leaves the page as it is: the file
    is saved without the page running again, so a second download straight after the first is not
    lost while the page redraws. Every download of the dashboard is one of these."""
    where.download_button(label, data, file_name=file_name, mime=mime, on_click="ignore", **options)


def picture(chart: alt.TopLevelMixin | dict, subtitle: list[str] | None = None, heading: str | None = None) -> tuple[bytes, bytes]:
    """The chart as PNG and SVG for download, 600 px wide so a fitted width still has a size, with
    `subtitle` lines (its unit, period, source...) under its title, and `heading` as the title of a chart without one."""
    png, svg = charts.pictures(chart, width=600, subtitle=subtitle, heading=heading)
    return png, svg.encode("utf-8")


def series_summary(data: pl.DataFrame, decimals: int, unit: str, explained: frozenset[tuple[str, int]] = frozenset()) -> str:
    """What rose and fell, by how much, for each series of a tidy (series, time_period, value) frame:
    "Haringey rose from 52 in 2016 to 61 in 2025 (+9); England ...", a change in a percentage in
    percentage points ("fell from 15.8% in 2017 to 13.0% in 2025 (-2.8 pp)"), or "Cumberland was 14% in 2024"
    for a series of one figure. The years between with no figure for the series, of those the frame holds (a row
    with no value counts), are named: "was unchanged from 100% in 2022 to 100% in 2025" had read as 100% throughout,
    with 2023 and 2024 unpublished. `explained`: (series, year) pairs whose missing figure the caller says
    with its reason, so not named twice."""
    parts = []
    years = sorted(set(data["time_period"].to_list()))
    for (name,), rows in data.filter(pl.col("value").is_not_null()).sort("time_period").group_by("series", maintain_order=True):
        a, b = rows.row(0, named=True), rows.row(-1, named=True)
        if rows.height < 2:  # one figure (an authority's first year): said, not left out
            parts.append(f"{name} was {number(a['value'], decimals, unit)} in {a['time_period']}")
            continue
        # the change between the figures as printed, so the words agree with them ("from 60 to 59" is a fall)
        change = float(rounded(b["value"], decimals) - rounded(a["value"], decimals))
        verb = "rose" if change > 0 else "fell" if change < 0 else "was unchanged"
        by = "" if verb == "was unchanged" else f" ({change_text(change, decimals, unit)})"
        had = set(rows["time_period"].to_list())
        gaps = [str(y) for y in years if a["time_period"] < y < b["time_period"] and y not in had and (name, y) not in explained]
        parts.append(f"{name} {verb} from {number(a['value'], decimals, unit)} in {a['time_period']} to {number(b['value'], decimals, unit)} in {b['time_period']}{by}"
                     + turning_points(rows, decimals, unit) + (f", with no figure for {listing(gaps)}" if gaps else ""))
    return "; ".join(parts) + "." if parts else ""


def build_then_download(what: str, made_for: Hashable, build: Callable[[Path], bytes], file_name: str, key: str, primary: bool = True) -> None:
    """A pack made on request (in a temporary folder) and kept in the session under `key` for the
    request it answers (`made_for`: a year, an authority, with or without a PDF). One primary button
    at a time: "Build <what>" until such a pack is held, then its download, the build button
    reading "Build <what> again". `primary=False` for a page's second pack: its buttons stay secondary."""
    built = st.session_state.get(key, (None,))[0] == made_for
    if st.button(f"Build {what} again" if built else f"Build {what}", key=f"build-{key}", type="primary" if primary and not built else "secondary"):
        with st.spinner(f"Building the {what}"), tempfile.TemporaryDirectory() as tmp:
            st.session_state[key] = (made_for, build(Path(tmp)))
        if not built:
            st.rerun()  # drawn again as built: the download is the one primary button
    if built:
        download(st, f"Download {what} (zip)", st.session_state[key][1], file_name=file_name, mime="application/zip", type="primary" if primary else "secondary")


def scrutiny_pack(con: Con, area: str, area_name: str, year: int, primary: bool = True) -> None:
    """What an authority's scrutiny pack holds, and the button that builds it: on its profile and on
    the report page (where the annual pack's buttons are the primary ones), one control under one session key."""
    from oversight import scrutiny  # its report and flag code is loaded only where a pack is offered

    if before := scrutiny.not_yet_formed(con, area, year):
        st.info(before)
        return
    st.text(f"{area_name} against its statistical neighbours, region and England for every headline indicator in the year to 31 March {year}, "
            "with its early-warning flags, Ofsted history and sources: a PDF (A4 landscape), an Excel workbook and an HTML page, in one zip.")
    build_then_download(
        "scrutiny pack", (area, year), lambda folder: scrutiny.zip_scrutiny(con, year, area, folder), f"{scrutiny.file_stem(area_name, area, year)}.zip", "scrutiny", primary,
    )
