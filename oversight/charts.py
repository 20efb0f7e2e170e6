"""Altair charts with a colour-blind-safe palette (Okabe and Ito). Each takes a tidy frame.

Tooltips show figures with the catalogue's decimals (oversight.formatting); Ofsted charts take
the judgement wording in grade order from the warehouse (queries.grade_labels).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import textwrap
from collections.abc import Callable

import altair as alt
import polars as pl

from oversight.formatting import as_shown, d3, period_axis, period_text, rounded, value_text

# Okabe-Ito palette
BLUE, SKY, GREEN, ORANGE, VERMILLION, PURPLE, GREY, BLACK = (
    "#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#999999", "#000000",
)
GRADE_COLOURS = [BLUE, SKY, ORANGE, VERMILLION, GREY]  # grades 1 to 4, then not inspected
SERIES_COLOURS = [BLACK, BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, GREY]
# One colour, dash and width per role on every chart: the selected authority strongest; its
# neighbours, their average, the region and England always drawn the same way.
ROLE_STYLE = {  # role: (colour, dash, width)
    "Selected authority": (VERMILLION, [1, 0], 4.0),
    "Statistical neighbour": (BLUE, [1, 0], 1.0),
    "SN average": (GREEN, [2, 2], 2.5),
    "Region": (ORANGE, [6, 3], 2.5),
    "England": (BLACK, [6, 3], 2.5),
}
OTHER_AREAS = [PURPLE, SKY, "#8C510A", "#117733", GREY]  # further areas chosen on the trends page
REF_DASH = 6  # pixels: a reference line's dash, and the gap in which the next line's dash falls
# a table's rows for the authorities a chart beside it marks: light tints of their colours, black text on them at 14:1 or more
ROW_TINT = {"Selected LA": "#F9DCCB", "Statistical neighbour": "#D5E6F3"}


def with_figures(df: pl.DataFrame) -> pl.DataFrame:
    """Add `figure`, each value as text with its own row's `decimals` and `unit` (for tooltips
    of charts that mix indicators)."""
    return df.with_columns(
        pl.struct("value", "decimals", "unit").map_elements(lambda r: value_text(r["value"], r["decimals"], r["unit"]), return_dtype=pl.String).alias("figure")
    )


# a trend's legend: one column on a phone, where "Newcastle upon Tyne SN average" beside another name
# is cut at the edge; two on a wider screen (`width`: the plot's width, which Streamlit sets to the page's)
LEGEND_COLUMNS = "width < 480 ? 1 : 2"
# a key under the plot, one column on a phone: beside it (Vega's default) it took a 420 px screen's
# whole width and left the Ofsted tiles and timeline no room at all
PHONE_LEGEND = alt.Legend(orient="bottom", columns=alt.ExprRef(LEGEND_COLUMNS), labelLimit=0)
TIMELINE_HEIGHT = 380  # the profile's Ofsted timeline, its key under it
KEYED_HEIGHT = 440  # a chart's whole height on a page with the key under it (Streamlit fits title, key and axes into it)
# a trend's whole height: Streamlit fits title, legend, plot and axes into it, so the plot keeps about
# 250 px under a legend of four rows (one column, on a phone)
TREND_HEIGHT = 400
TEXT = "#333333"  # axis, legend and title text at 12.6:1 on white (Vega's default grey is about 3.7:1)


def vega_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec as every page, map and report pack draws it: data inline, without
    Altair's schema validation on every run (tests/test_pages.py validates each chart once), without
    Altair's default view size, dark text, and labels and legends never cut short."""
    out = chart.to_dict(validate=False)
    config = out.setdefault("config", {})
    config.pop("view", None)
    for part in ("axis", "legend"):
        config.setdefault(part, {}).update({"labelColor": TEXT, "titleColor": TEXT, "labelLimit": 0})
    config["legend"]["titleLimit"] = 0
    config.setdefault("title", {}).update({"color": TEXT, "limit": 0})
    _spoken(out)
    _drawn_columns_only(out)
    return out


def _drawn_columns_only(spec: dict) -> None:
    """Each inline table of flat records keeps only the columns its chart names (in an encoding, a
    tooltip, a sort, a transform or an expression): compare's bars had carried all 20 columns of
    its table, 37 kB for the browser to read where 5 are drawn. A column is kept wherever its name
    appears in the spec, so one named only inside an expression stays; a table of nested records
    (a map's features, whose geometry no field names) is left whole."""
    datasets = spec.get("datasets")
    if not isinstance(datasets, dict):
        return
    named = json.dumps({k: v for k, v in spec.items() if k != "datasets"})
    for name, rows in datasets.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) and not any(isinstance(v, dict) for v in r.values()) for r in rows):
            continue
        keep = [c for c in dict.fromkeys(c for r in rows for c in r) if json.dumps(c)[1:-1] in named]
        datasets[name] = [{c: r[c] for c in keep if c in r} for r in rows]


SAID = "__said"  # the field holding a mark's spoken description


def _said_value(tip: dict) -> str | None:
    """An expression giving a tooltip entry's figure as its tooltip shows it; None for an entry
    that is not a plain field (an aggregate, a time unit, a bin, a fixed value)."""
    field = tip.get("field")
    if not isinstance(field, str) or not tip.get("title") or any(k in tip for k in ("aggregate", "timeUnit", "bin", "value")):
        return None
    parts = [part.replace("\0", ".") for part in field.replace("\\.", "\0").split(".")]  # "a.b" is nested, "a\\.b" one name
    ref = "datum" + "".join(f"[{json.dumps(part)}]" for part in parts)
    fmt = json.dumps(tip.get("format") or "")
    shown = {"quantitative": f"format({ref}, {fmt})", "temporal": f"timeFormat(toDate({ref}), {fmt if tip.get('format') else json.dumps('%-d %B %Y')})"}
    said = shown.get(tip.get("type", ""), f"{ref} + ''")
    return f"(isValid({ref}) ? {json.dumps('; ' + str(tip['title']) + ': ')} + {said} : '')"  # an empty figure is left unsaid, as its tooltip leaves it


def _spoken(spec: object) -> None:
    """What a screen reader says of each mark: its tooltip's titles and figures ("Local authority:
    Haringey; per 10,000 children: 61; Rank: 120"), where Vega-Lite read the encoding's column names
    as well ("area_name: Haringey; role: Other LA; Local authority: Haringey..."). A mark with no
    tooltip (a label beside a line, a reference rule) is left to the chart's description and table."""
    if isinstance(spec, list):
        for part in spec:
            _spoken(part)
        return
    if not isinstance(spec, dict):
        return
    for key, part in spec.items():
        if key not in ("data", "datasets", "encoding"):
            _spoken(part)
    encoding, mark = spec.get("encoding"), spec.get("mark")
    if not isinstance(encoding, dict) or mark is None or "description" in encoding:
        return
    tips = encoding.get("tooltip")
    tips = [tips] if isinstance(tips, dict) else tips if isinstance(tips, list) else []
    said = [_said_value(t) if isinstance(t, dict) else None for t in tips]
    grouped = any(isinstance(d, dict) and "aggregate" in d for d in encoding.values())  # a computed field would not survive the grouping
    if said and all(said) and not grouped:
        spec.setdefault("transform", []).append({"calculate": f"substring({' + '.join(said)}, 2)", "as": SAID})
        encoding["description"] = {"field": SAID, "type": "nominal"}
    elif not tips:
        spec["mark"] = {**(mark if isinstance(mark, dict) else {"type": mark}), "aria": False}


# Pictures drawn on the server (report packs, chart downloads): vl-convert sizes each picture
# by measuring its text in the font named here, and whatever later shows the SVG (a browser, the
# PDF printer) draws that text in a font of its own. vl-convert's default is narrower than the
# DejaVu Sans that Debian's Chromium falls back on, so titles and labels ran past the picture's
# edge ("…by region, 2"). Measured in DejaVu Sans, the text fits where DejaVu draws it and where
# a narrower Arial or Helvetica stands in.
PICTURE_FONT = "DejaVu Sans, sans-serif"
SUBTITLE_WIDTH = 95  # characters of a line under a picture's title: about 600 px in that font


PACK_SUBTITLE_WIDTH = 85  # the same, under a printed pack's 520 px charts


def wrapped(lines: list[str], width: int = SUBTITLE_WIDTH) -> list[str]:
    """Lines under a chart's title, each long one wrapped at `width` characters: a source naming
    two publishers made a picture wider than its chart, and a printed pack shrank the whole chart to fit."""
    return [part for line in lines for part in textwrap.wrap(line, width, break_on_hyphens=False) or [""]]


def pictures(chart: alt.TopLevelMixin | dict, width: int | None = None, subtitle: list[str] | None = None,
             heading: str | None = None) -> tuple[bytes, str]:
    """The chart (or a map's prepared spec, left as it is) as PNG (twice the screen resolution) and
    as SVG text, drawn by vl-convert; `width` for a chart whose width fits its container, which a
    picture does not have; `subtitle`, lines under its title in the picture alone (what the page
    says around the chart: its period and source), so a picture pasted into a report still says them;
    `heading`, the title of a chart that has none of its own (the page's heading above it)."""
    import vl_convert as vlc

    spec = copy.deepcopy(chart) if isinstance(chart, dict) else vega_spec(chart)
    if width and spec.get("width") in (None, "container"):
        spec["width"] = width
    if subtitle or heading:
        title = spec.get("title")
        if title is None:  # a chart titled on one of its layers (the maps): the title lifted, so the lines go under it
            title = next((layer.pop("title") for layer in spec.get("layer", []) if layer.get("title")), None)
        title = dict(title) if isinstance(title, dict) else {"text": title or heading or ""}
        subtitle = wrapped(subtitle or [])
        title["subtitle"] = [*([title["subtitle"]] if isinstance(title.get("subtitle"), str) else title.get("subtitle", [])), *subtitle]
        spec["title"] = {"anchor": "start", **title}
    spec.setdefault("config", {})["font"] = PICTURE_FONT
    return vlc.vegalite_to_png(spec, scale=2), vlc.vegalite_to_svg(spec)


def _grades(labels: list[str], inspected_only: bool = False) -> alt.Scale:
    """Colours of the judgements in grade order, then grey for the last label (not yet inspected);
    inspected_only: the judgements alone, for a chart of inspections, which never holds that label."""
    if inspected_only:
        return alt.Scale(domain=labels[:-1], range=GRADE_COLOURS[: len(labels) - 1])
    return alt.Scale(domain=labels, range=[*GRADE_COLOURS[: len(labels) - 1], GREY])


def is_total(england: float | None, values: pl.Series) -> bool:
    """Whether England's figure is the authorities' total (a count) rather than an average (a rate, a
    share): figures none of them negative, at least three of them, and England's at least nine tenths
    of their sum (all of it, less rounding, where some have no figure; an average of three or more
    comes near only when one authority holds nearly all). England's and a region's totals drawn as
    lines among the authorities would flatten every bar (England's 882 child deaths with modifiable
    factors against authorities' 5 to 31), so they are said instead."""
    shown = values.drop_nulls()
    return england is not None and shown.len() >= 3 and shown.min() >= 0 and england >= 0.9 * shown.sum()  # type: ignore[operator]


def drawn_as_zero(df: pl.DataFrame, decimals: int) -> pl.DataFrame:
    """The ranked bars with no height, their figure 0 as shown at `decimals` (0.4 at none): the chart marks
    each by a short line on the axis, and compare's description counts them."""
    return as_shown(df, decimals, ["value"]).filter(pl.col("value") == 0)


BAR_ROLES = {"Selected LA": ROLE_STYLE["Selected authority"][0], "Statistical neighbour": ROLE_STYLE["Statistical neighbour"][0], "Other LA": "#C8C8C8"}


def ranked_bars(df: pl.DataFrame, title: str, unit: str, decimals: int, references: pl.DataFrame) -> alt.LayerChart:
    """One bar per LA, in rank order; `role` marks the selected LA and its neighbours.

    references: rows of (label, value) drawn as horizontal rules (England, region).
    """
    df, references = as_shown(df, decimals, ["value"]), as_shown(references, decimals, ["value"])  # tooltips read as the text does
    order = df.sort("rank")["area_name"].to_list()
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("area_name:N", sort=order, title=None, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("value:Q", title=unit),
            color=alt.Color(
                "role:N",
                # the roles drawn: a selected LA whose figure is not drawn (a new authority's first re-referral rate) had its
                # orange key over no orange bar
                scale=alt.Scale(domain=[r for r in BAR_ROLES if r in set(df["role"])],
                                range=[c for r, c in BAR_ROLES.items() if r in set(df["role"])]),
                # no key where no authority is singled out (England's spread): it named a selected LA and neighbours not drawn
                # whole labels, in a column on a phone: at 390 px "Other LA" was cut to "Other"
                legend=alt.Legend(title=None, orient="top", labelLimit=0, columns=alt.ExprRef(LEGEND_COLUMNS), symbolType="square")
                if df["role"].is_in(["Selected LA", "Statistical neighbour"]).any() else None,
            ),
            tooltip=[alt.Tooltip("area_name:N", title="Local authority"), alt.Tooltip("value:Q", title=unit, format=d3(decimals)),
                     alt.Tooltip("rank:Q", title="Rank"), alt.Tooltip("band:N", title="Band"), alt.Tooltip("role:N", title="Role")],
        )
    )
    # a figure of 0 has no height: each is marked by a short line on the axis in its role's colour, as wide as a bar
    # (Sandwell's care leavers not in touch, 2025: the 22 authorities at 0% had read as a gap, beside "77 have no figure")
    zeros = drawn_as_zero(df, decimals)
    if zeros.height:
        bars = alt.layer(bars, bars.properties(data=zeros).mark_tick(orient="horizontal", thickness=3, opacity=1))
    # England's and the region's lines dashed alike, each starting a dash later than the one before, so that where the two
    # nearly agree they alternate along one line: Sandwell's West Midlands (40.3) had hidden England (40.6) under it
    rules = [
        alt.Chart(references.slice(i, 1))
        .mark_rule(strokeDash=[REF_DASH, REF_DASH * (references.height - 1) or REF_DASH], strokeDashOffset=REF_DASH * i, size=2)
        .encode(
            y=alt.Y("value:Q"),
            color=alt.Color("label:N", scale=alt.Scale(domain=references["label"].to_list(), range=[BLACK, ORANGE][: references.height]),
                            legend=alt.Legend(title=None, orient="bottom", labelLimit=0)),  # its own row: beside the roles' it is cut on a phone
            tooltip=[alt.Tooltip("label:N", title="Area"), alt.Tooltip("value:Q", title=unit, format=d3(decimals))],
        )
        for i in range(references.height)
    ]
    # the lines in a layer of their own, one key between them (independent of the bars' roles)
    return alt.layer(bars, *([alt.layer(*rules)] if rules else [])).resolve_scale(color="independent").properties(title=title, height=360)


def series_roles(series: list[str], chosen: list[str], region: str | None) -> dict[str, str]:
    """Each trend series' role: the first chosen area is the selected authority, further chosen areas
    are "Other area N", "... SN average" the SN average, the region and England theirs."""
    roles = {}
    for name in series:
        if chosen and name == chosen[0]:
            roles[name] = "Selected authority"
        elif name in chosen:
            roles[name] = f"Other area {chosen.index(name)}"
        elif name.endswith(" SN average"):
            roles[name] = "SN average"
        elif name == "England":
            roles[name] = "England"
        elif name == region:
            roles[name] = "Region"
        else:
            roles[name] = f"Other area {len(roles)}"
    return roles


def with_gaps(df: pl.DataFrame) -> pl.DataFrame:
    """A (series, time_period, value) frame with a null row for every year another series has
    between a series' first and last figure, so its line breaks there instead of joining across
    the missing years (Stockport's care leavers not in touch: 0% in 2019 and 2025, nothing
    between, drawn as a flat line it is not). A year no series has adds nothing, so a measure
    published every other year keeps its lines."""
    if df.is_empty():
        return df
    spans = df.group_by("series").agg(pl.col("time_period").min().alias("_first"), pl.col("time_period").max().alias("_last"))
    years = df.select(pl.col("time_period").unique())
    grid = spans.join(years, how="cross").filter(pl.col("time_period").is_between(pl.col("_first"), pl.col("_last"))).select("series", "time_period")
    return grid.join(df, on=["series", "time_period"], how="left").sort("series", "time_period").select(df.columns)


def role_order(roles: dict[str, str]) -> Callable[[str], tuple[int, str]]:
    """A sort key putting series in the key's order: the selected authority, SN average, region and
    England (ROLE_STYLE's order), then further areas by name."""
    return lambda name: (list(ROLE_STYLE).index(roles[name]) if roles.get(name) in ROLE_STYLE else 9, name)


def trend(df: pl.DataFrame, title: str, unit: str, decimals: int, breaks: list[int] | None = None,
          roles: dict[str, str] | None = None, *, period: str) -> alt.LayerChart:
    """Lines per `series` over `time_period`, each drawn in its role's colour, dash and width
    (ROLE_STYLE; `roles` maps series to role); vertical rules where a boundary change breaks a series.
    `period` titles the year axis (formatting.period_axis of the indicator's year type)."""
    df = as_shown(df, decimals, ["value"])  # tooltips read as the text does
    names = sorted(set(df["series"].to_list()), key=role_order(roles or {})) if df.height else []
    styles = []
    for i, n in enumerate(names):
        role = (roles or {}).get(n)
        styles.append(ROLE_STYLE.get(role, (OTHER_AREAS[i % len(OTHER_AREAS)], [1, 0], 2.5)))
    scale = {"domain": names}
    lines = (
        alt.Chart(with_gaps(df))
        .mark_line(point=True, invalid="break-paths-show-domains")  # a line stops where a year has no figure
        .encode(
            x=alt.X("time_period:O", title=period, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=True)),
            color=alt.Color("series:N", scale=alt.Scale(**scale, range=[c for c, _, _ in styles]), legend=alt.Legend(title=None, orient="top", labelLimit=0, columns=alt.ExprRef(LEGEND_COLUMNS))),
            strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(**scale, range=[d for _, d, _ in styles]), legend=None),
            # ordinal, each series its own width: Vega's default point scale spreads the first two widths over the series,
            # and with one series (England alone) gave none, so the key drew its dot over the "E" of its name
            strokeWidth=alt.StrokeWidth("series:N", scale=alt.Scale(type="ordinal", **scale, range=[w for _, _, w in styles]), legend=None),
            tooltip=[alt.Tooltip("series:N", title="Area"), alt.Tooltip("time_period:O", title="Year"), alt.Tooltip("value:Q", title=unit, format=d3(decimals))],
        )
    )
    layers = [lines]
    if breaks:
        marks = pl.DataFrame({"time_period": breaks, "label": ["boundary change"] * len(breaks)})
        layers.append(alt.Chart(marks).mark_rule(color=GREY, strokeDash=[2, 2]).encode(x=alt.X("time_period:O"), tooltip=[alt.Tooltip("label:N")]))
    return alt.layer(*layers).properties(title=title, height=TREND_HEIGHT)


def indicator_trend(df: pl.DataFrame, ind: dict) -> alt.LayerChart:
    """One indicator's England series for a printed report: its name as title, its unit on the axis,
    the axis from zero, every point labelled with the catalogue's decimals, and the source and the
    latest figure's period (its year type: the year to 31 March, 30 September...) as a subtitle.
    df: time_period, value."""
    df = as_shown(df, ind["decimals"], ["value"])  # labels read as the text does
    latest = period_text(ind.get("year_type"), int(df["time_period"].max()), preposition=False) if df.height else ""
    base = alt.Chart(df.with_columns(pl.col("time_period").cast(pl.String).alias("year"))).encode(
        x=alt.X("year:O", title=period_axis(ind.get("year_type")), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=ind["unit"], scale=alt.Scale(zero=True)),
    )
    line = base.mark_line(point=alt.OverlayMarkDef(color=ROLE_STYLE["England"][0]), color=ROLE_STYLE["England"][0], strokeWidth=2.5)
    labels = base.mark_text(dy=-10, fontSize=10).encode(text=alt.Text("value:Q", format=d3(ind["decimals"])))
    return alt.layer(line, labels).properties(
        title=alt.TitleParams(f"{ind['name']}, England", subtitle=wrapped([f"Source: {ind['source']}. Latest figure: {latest}."], PACK_SUBTITLE_WIDTH), anchor="start"),
        width=520, height=220,
    )


def region_bars(df: pl.DataFrame, ind: dict, england: float | None, year: int) -> alt.LayerChart:
    """One indicator across England's nine regions for a printed report: bars highest first, each
    labelled with its figure at the catalogue's decimals, England's figure as a dashed line, and the
    source and period as a subtitle, so the picture pasted alone still says what it shows. df:
    area_name, value (the regions with a figure)."""
    df = as_shown(df, ind["decimals"], ["value"])
    when = period_text(ind.get("year_type"), year, preposition=False)
    said = f". England {value_text(england, ind['decimals'], ind['unit'])} (dashed line)" if england is not None else ""
    # highest first, named in order: "-x" was dropped where the bars, their figures and England's line share one axis (drawn A to Z)
    order = df.sort(["value", "area_name"], descending=[True, False])["area_name"].to_list()
    base = alt.Chart(df).encode(x=alt.X("value:Q", title=ind["unit"], scale=alt.Scale(zero=True)), y=alt.Y("area_name:N", sort=order, title=None))
    bars = base.mark_bar(color=BLUE).encode(tooltip=[alt.Tooltip("area_name:N", title="Region"), alt.Tooltip("value:Q", title=ind["unit"], format=d3(ind["decimals"]))])
    # inside the bar's end, in white: outside it, a figure near England's could sit under the dashed line
    labels = base.mark_text(align="right", dx=-4, fontSize=10, color="#FFFFFF").encode(text=alt.Text("value:Q", format=d3(ind["decimals"])))
    layers = [bars, labels]
    if england is not None:  # behind the bars: it shows between them and past their ends, never across a figure
        layers.insert(0, alt.Chart(pl.DataFrame({"value": [float(rounded(england, ind["decimals"]))]}))
                      .mark_rule(color=BLACK, strokeDash=[5, 3], strokeWidth=1.5).encode(x=alt.X("value:Q")))
    return alt.layer(*layers).properties(
        title=alt.TitleParams(f"{ind['name']} by region", subtitle=wrapped([f"{when[:1].upper()}{when[1:]}{said}.", f"Source: {ind['source']}."], PACK_SUBTITLE_WIDTH), anchor="start"),
        width=520, height=280,
    )


def small_multiples(df: pl.DataFrame) -> alt.FacetChart:
    """Lines per indicator; df has indicator, series, time_period, value and figure (with_figures)."""
    return (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("time_period:O", title=None),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color("series:N", scale=alt.Scale(range=SERIES_COLOURS), legend=alt.Legend(title=None, orient="top")),
            tooltip=["indicator:N", "series:N", "time_period:O", alt.Tooltip("figure:N", title="value")],
        )
        .properties(width=220, height=130)
        .facet(facet=alt.Facet("indicator:N", title=None), columns=3)
        .resolve_scale(y="independent")
    )


def two_lines(title: str, longest: int = 40) -> str | list[str]:
    """A long axis title on two lines, split at the space nearest its middle: at one line the vertical
    axis cut "Care leavers in education, employment or training" short."""
    if len(title) <= longest or " " not in title:
        return title
    at = min((i for i, ch in enumerate(title) if ch == " "), key=lambda i: abs(i - len(title) / 2))
    return [title[:at], title[at + 1:]]


def scatter(df: pl.DataFrame, x: dict, y: dict, grades: list[str], highlight: str | None = None) -> alt.Chart | alt.LayerChart:
    """x and y are catalogue rows (name, decimals) of the two indicators; `highlight` (an area code)
    is ringed and named; an `official` column, as ofsted_queries.official_shown words it, is in the tooltips."""
    x_title, y_title = x["name"], y["name"]
    df = as_shown(as_shown(df, x["decimals"], ["x"]), y["decimals"], ["y"])  # tooltips read as the text does
    # each axis names its unit, as every other chart's does ("Re-referrals within 12 months (%)")
    x_axis, y_axis = (f"{i['name']} ({i['unit']})" if i.get("unit") else i["name"] for i in (x, y))
    xs, ys = alt.X("x:Q", title=two_lines(x_axis), scale=alt.Scale(zero=False)), alt.Y("y:Q", title=two_lines(y_axis), scale=alt.Scale(zero=False))
    tips = [alt.Tooltip("area_name:N", title="Local authority"), alt.Tooltip("x:Q", title=x_title, format=d3(x["decimals"])),
            alt.Tooltip("y:Q", title=y_title, format=d3(y["decimals"])), alt.Tooltip("grade_label:N", title="Ofsted overall"),
            *([alt.Tooltip("official:N", title="In the official statistics")] if "official" in df.columns else [])]
    points = (
        alt.Chart(df)
        .mark_circle(size=70, opacity=0.85)
        .encode(
            x=xs, y=ys,
            # "not yet inspected" keyed only when a point is grey
            color=alt.Color("grade_label:N", scale=_grades(grades, inspected_only=grades[-1] not in set(df["grade_label"].to_list())), title="Ofsted overall"),
            tooltip=tips,
        )
        .properties(height=400)
    )
    mine = df.filter(pl.col("area_code") == highlight) if highlight else df.clear()
    if mine.is_empty():
        return points
    # the ring lies over the point: it carries the point's tooltip, or the one highlighted authority would be the one whose figures a hover cannot read
    ring = alt.Chart(mine).mark_point(size=260, shape="circle", filled=False, stroke=BLACK, strokeWidth=2).encode(x=xs, y=ys, tooltip=tips)
    name = alt.Chart(mine).mark_text(align="left", dx=12, fontSize=12, fontWeight="bold", color=BLACK).encode(x=xs, y=ys, text=alt.Text("area_name:N"))
    return alt.layer(points, ring, name).properties(height=400)


def grade_tiles(df: pl.DataFrame, grades: list[str], chosen: str | None = None) -> alt.Chart:
    """A tile grid: one square per LA, rows are regions, coloured by the latest overall grade; the
    reader's authority (`chosen`), once chosen, outlined in black, as the map outlines it."""
    mine = f"datum.area_code === {json.dumps(chosen or '')}"
    return (
        alt.Chart(df.sort(pl.col("area_code") == (chosen or ""), maintain_order=True))  # drawn last: its outline over its neighbours' white edges
        .mark_rect()
        .encode(
            stroke=alt.StrokeValue("white", condition={"test": mine, "value": BLACK}),
            strokeWidth=alt.StrokeWidthValue(1, condition={"test": mine, "value": 3}),
            x=alt.X("position:O", title=None, axis=None),
            y=alt.Y("region_name:N", title=None),
            # "not yet inspected" is keyed only when a tile is grey
            color=alt.Color("grade_label:N", scale=_grades(grades, inspected_only=grades[-1] not in set(df["grade_label"].to_list())), title="Overall effectiveness",
                            legend=PHONE_LEGEND),
            tooltip=[alt.Tooltip("area_name:N", title="Local authority"), alt.Tooltip("region_name:N", title="Region"),
                     alt.Tooltip("grade_label:N", title="Overall effectiveness"), alt.Tooltip("inspection_date:T", title="Inspected", format="%-d %B %Y")],
        )
        .properties(height=KEYED_HEIGHT)
    )


PART_YEAR_LABEL = ("indexof(datum.label, ' (') > 0 ? [substring(datum.label, 0, indexof(datum.label, ' (')), "
                   "substring(datum.label, indexof(datum.label, ' (') + 1)] : datum.label")


def grade_distribution(df: pl.DataFrame, x: str, x_title: str, grades: list[str],
                       title: str | tuple[str, ...] = ("ILACS overall effectiveness judgements", "by calendar year of inspection, in Ofsted's official statistics")
                       ) -> alt.Chart:
    """Stacked bars of inspections' judgements by `x`; `x` may be a label (a partial year "2025 (to 24 Mar)") kept
    in the order of the frame's `year` column. The bars count inspections (an authority inspected twice in a year
    counts twice), and a year is a calendar year: the axis said "Local authorities", and the pack's picture, pasted
    alone beside its years to 31 March, did not say which year."""
    order = df.unique(x, maintain_order=True)[x].to_list()
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            # a part year's label on two lines ("2025" over "(to 31 Mar)"), so it does not run into its neighbours
            x=alt.X(f"{x}:O", title=x_title, sort=order, axis=alt.Axis(labelAngle=0, labelLimit=0, labelExpr=PART_YEAR_LABEL)),
            y=alt.Y("count:Q", title="Inspections", stack=True),
            color=alt.Color("grade_label:N", scale=_grades(grades, inspected_only=True), title="Judgement", legend=PHONE_LEGEND),  # inspections: all judged
            order=alt.Order("grade:Q"),
            tooltip=[alt.Tooltip(f"{x}:O", title=x_title), alt.Tooltip("grade_label:N", title="Judgement"), alt.Tooltip("count:Q", title="Inspections")],
        )
        .properties(title=list(title) if isinstance(title, tuple) else title, height=300, width=alt.Step(60))  # titled: the pack's pictures stand alone; two lines fit a phone
    )


def bar_counts(df: pl.DataFrame, category: str, title: str, grades: list[str]) -> alt.Chart:
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="Local authorities"),
            y=alt.Y(f"{category}:N", sort=grades, title=None, axis=alt.Axis(labelLimit=0, labelOverlap=False)),
            color=alt.Color(f"{category}:N", scale=_grades(grades), legend=None),
            tooltip=[alt.Tooltip(f"{category}:N", title="Judgement"), alt.Tooltip("count:Q", title="Local authorities")],
        )
        .properties(title=title, height=alt.Step(32))  # a full label on every bar
    )


def timeline_marks(df: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """What the Ofsted timeline draws, as the profile's description says it: the graded inspections
    (points) and those without a grade (ticks); an LSCB review, which judged the board, not the LA, is neither."""
    drawn = df.filter(pl.col("framework") != "LSCB review")
    return drawn.filter(pl.col("overall_grade").is_not_null()), drawn.filter(pl.col("overall_grade").is_null())


def judgement_scale(labels: list[str], colours: list[str], drawn: list[str]) -> alt.Scale:
    """Colours of the judgements a chart or map draws, in their frameworks' own words and in grade
    order: `labels` (the grades' words, grade order) in `colours`, and an older framework's grade 3
    (SLAC's, CPI's and TLAC's "adequate", before November 2013: a word not among `labels`) keyed on
    its own in grade 3's colour. Only what is drawn is keyed: a key of grades not drawn beside their
    older words read as two entries in one colour."""
    adequate = sorted(set(drawn) - set(labels))
    order = dict(zip([*labels[:3], *adequate, *labels[3:]], [*colours[:3], *(colours[2:3] * len(adequate)), *colours[3:]], strict=True))
    keyed = [w for w in order if w in set(drawn)] or list(order)
    return alt.Scale(domain=keyed, range=[order[w] for w in keyed])


def ofsted_timeline(df: pl.DataFrame, grades: list[str], since: str = "2009", until: dt.date | None = None) -> alt.LayerChart:
    """One LA's graded inspections on a time axis (publication date), grade 1 at the top, shaped by
    framework; inspections and visits without a grade, if any, are ticks along the top. df: oq.timeline (`judgement`: the grade in
    its framework's words, for the tooltip). `since`: when the record starts ("April 2021" for an
    authority a boundary change formed then). The title is short and the ticks are explained on a
    line of their own: at 420 px the one-line title was cut. `until`: where the time axis ends (the
    latest Ofsted publication loaded), so the years since the last inspection are drawn: Nottingham's
    axis stopped at its inspection of September 2022."""
    df = df.with_columns(pl.col("status_note").fill_null("In Ofsted's official statistics"))  # a tooltip would print "null"
    graded, ungraded = timeline_marks(df)
    judged = [alt.Tooltip("publication_date:T", title="Published", format="%-d %B %Y"), alt.Tooltip("framework:N", title="Framework"),
              alt.Tooltip("judgement:N", title="Judgement"), alt.Tooltip("status_note:N", title="Note")]
    # grade 3's axis label says both words when an older framework's adequate is drawn
    adequate = set(graded["judgement"].to_list()) - set(grades)
    third = "['Requires improvement', 'or adequate']" if adequate else "'Requires improvement'"  # two lines: room for the plot on a phone
    words = judgement_scale(grades[:4], _grades(grades).range[:4], graded["judgement"].to_list())  # never the label for no inspection
    # ticks on the years the record spans, from 1 January of its first to `until`: on a phone the padded axis ticked
    # "Jan 2030"; starting at its first judgement, Sandwell's of January 2010 sat left of a first tick of 2011
    first = graded["publication_date"].min() if graded.height else None
    ends = {"domainMax": alt.DateTime(year=until.year, month=until.month, date=until.day)} if until else {}
    time_scale = alt.Scale(padding=48, **ends, **({"domainMin": alt.DateTime(year=first.year, month=1, date=1)} if until and first else {}))
    time_axis = (alt.Axis(format="%Y", labelOverlap=True, values=[alt.DateTime(year=y, month=1, date=1) for y in range(first.year, until.year + 1)])
                 if until and first else alt.Axis(format="%b %Y"))
    grade_scale = alt.Scale(domain=[0.5, 4.5], reverse=True)
    grade_axis = alt.Axis(values=[1, 2, 3, 4], labelLimit=0, labelOverlap=False, labelExpr=f"['', 'Outstanding', 'Good', {third}, 'Inadequate'][datum.value]")
    base = alt.Chart(graded).encode(
        # padding: room at both ends for the framework names written over the first and last points, clear of the legend
        x=alt.X("publication_date:T", title="Published", axis=time_axis, scale=time_scale),
        y=alt.Y("overall_grade:Q", title="Overall judgement", scale=grade_scale, axis=grade_axis),
    )
    line = base.mark_line(color=GREY, strokeDash=[4, 3])
    points = base.mark_point(size=140, filled=True).encode(
        # the legend names the grade; the tooltip gives Ofsted's restatement in full
        color=alt.Color("judgement:N", scale=words, title="Judgement", legend=alt.Legend(
            orient="bottom", columns=alt.ExprRef(LEGEND_COLUMNS), labelLimit=0,
            labelExpr="indexof(datum.label, ' (restated') > 0 ? substring(datum.label, 0, indexof(datum.label, ' (restated')) : datum.label")),
        shape=alt.Shape("framework:N", legend=None),
        tooltip=judged,
    )
    labels = alt.Chart(_label_places(graded)).mark_text(fontSize=11, color=BLACK).encode(  # tooltips: not the bare axis fields
        x=alt.X("publication_date:T", scale=time_scale), y=alt.Y("label_at:Q", title="Overall judgement", scale=grade_scale, axis=grade_axis), text=alt.Text("framework:N"), tooltip=judged,
    )
    visits = alt.Chart(ungraded).mark_tick(color=BLACK, thickness=2, size=14).encode(
        x=alt.X("publication_date:T"), y=alt.YValue(0),
        tooltip=[alt.Tooltip("publication_date:T", title="Published", format="%-d %B %Y"), alt.Tooltip("framework:N", title="Framework"), alt.Tooltip("grade_label:N", title="Theme")],
    )
    title = f"Ofsted overall judgements since {since}"
    if ungraded.is_empty():  # no empty layer: screen readers met an unnamed graphic (axe: svg-img-alt)
        return (line + points + labels).properties(height=TIMELINE_HEIGHT, title=title)
    return (line + points + labels + visits).properties(
        height=TIMELINE_HEIGHT, title=alt.TitleParams(title, subtitle="Ticks at the top: inspections and visits without a grade", anchor="start"))


def _label_places(graded: pl.DataFrame, near_days: int = 365) -> pl.DataFrame:
    """Where each framework's name sits on the timeline (`label_at`, in grade units): above its point,
    or below it when the name before it at the same grade is above and within `near_days`
    (Kent's CPI and TLAC, both graded in 2013, printed as one word, "CPITLAC")."""
    graded = graded.sort("publication_date")
    above: dict[int, object] = {}  # grade -> publication date of the last name placed above it
    places = []
    for grade, published in graded.select("overall_grade", "publication_date").iter_rows():
        last = above.get(grade)
        if last is not None and (published - last).days < near_days:
            places.append(grade + 0.32)
            above.pop(grade)
        else:
            places.append(grade - 0.32)
            above[grade] = published
    return graded.with_columns(pl.Series("label_at", places, dtype=pl.Float64))


def _spread(last: pl.DataFrame, height: int, line: int, top: float | None = None) -> pl.DataFrame:
    """End labels moved apart so that none prints over another: from the lowest up, each label at
    least one text line above the one below it (`label_at`, in the chart's units; axis from zero to
    about `top`, the largest figure drawn, which may be an earlier year's: North Northamptonshire's
    neighbours reached 68% in 2016 and their 2025 labels, spaced for a scale to 25, printed over each
    other; a nice axis ends above it, so a fifth more)."""
    if last.is_empty():
        return last.with_columns(pl.lit(None, dtype=pl.Float64).alias("label_at"))
    ordered = last.sort("value")
    gap = max(float(ordered["value"].max() or 0), (top or 0) * 1.2) * line / height
    placed: list[float] = []
    for v in ordered["value"].to_list():
        placed.append(max(v, placed[-1] + gap) if placed else v)
    return ordered.with_columns(pl.Series("label_at", placed, dtype=pl.Float64))


NEIGHBOUR_HEIGHT = 460  # pixels: the neighbour chart, its title, legend and axes fitted inside (autosize fit)
NEIGHBOUR_PLOT = 280  # pixels of that the plot itself takes, measured in Chromium at 1,280 px: the end labels' spacing
LEADER = 0.25  # years past the last one at which the end labels are printed, their leaders running there


def neighbour_lines(df: pl.DataFrame, title: str | list[str], unit: str, decimals: int, *, period: str) -> alt.LayerChart:
    """The neighbour table as lines, every series named: the selected LA strongest, its neighbours
    thin grey, SN average, region and England in their fixed colours and dashes; each line labelled
    with its name past its last year, a thin leader joining a label moved clear of the others to its
    line's end; `period` titles the year axis. df: series, role, time_period, value.

    Years are a number axis, so a narrow chart shows every other year rather than printing ten over
    each other (at 420 px "2016" and "2025" read "2026"), and the leaders can run from one year to
    a quarter of a year past it; `title` may be a list, one line each."""
    roles = list(ROLE_STYLE)
    colours = [c for c, _, _ in ROLE_STYLE.values()]
    dashes = [d for _, d, _ in ROLE_STYLE.values()]
    widths = [w for _, _, w in ROLE_STYLE.values()]
    data = as_shown(df, decimals, ["value"])  # tooltips read as the text does
    years = sorted(set(data["time_period"].to_list()))
    x_scale = alt.Scale(domain=[years[0], years[-1] + LEADER], nice=False) if years else alt.Scale()
    x = alt.X("time_period:Q", title=period, scale=x_scale, axis=alt.Axis(format="d", values=years, labelOverlap=True, labelAngle=0))
    colour = alt.Color("role:N", scale=alt.Scale(domain=roles, range=colours), legend=None)
    tips = [alt.Tooltip("series:N", title="Area"), alt.Tooltip("time_period:Q", title="Year", format="d"), alt.Tooltip("value:Q", title=unit, format=d3(decimals))]
    lines = alt.Chart(data).mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=True)), detail=alt.Detail("series:N"),
        # its five keys in a row, one a row on a phone: in one row (or two) they were wider than a 420 px screen,
        # and the plot was shrunk to nothing to fit them
        color=alt.Color("role:N", scale=alt.Scale(domain=roles, range=colours),
                        legend=alt.Legend(title=None, orient="top", labelLimit=0, columns=alt.ExprRef("width < 480 ? 1 : 5"))),
        strokeDash=alt.StrokeDash("role:N", scale=alt.Scale(domain=roles, range=dashes), legend=None),
        strokeWidth=alt.StrokeWidth("role:N", scale=alt.Scale(type="ordinal", domain=roles, range=widths), legend=None),  # each role its width
        tooltip=tips,
    )
    last = _spread(data.filter(pl.col("value").is_not_null()).sort("time_period").group_by("series", maintain_order=True).last(),
                   NEIGHBOUR_PLOT, 13, data["value"].max())
    # every name past the last year, a line ending earlier saying its year ("Bury (2021)"): printed at their own last
    # points, Cornwall's, Norfolk's and Nottinghamshire's 2024 names had lain over the lines, Derbyshire's and Bury's inside the plot
    end = years[-1] if years else 0
    early = pl.col("time_period") < end
    last = last.with_columns(pl.lit(end + LEADER).alias("placed"), early.alias("early"),
                             pl.when(early).then(pl.format("{} ({})", "series", "time_period")).otherwise(pl.col("series")).alias("label"))
    # each label's leader: from its line's last point to where its name is printed
    ends = pl.concat([last.select("series", "role", "early", "time_period", pl.col("value").alias("at")),
                      last.select("series", "role", "early", pl.col("placed").alias("time_period"), pl.col("label_at").alias("at"))],
                     how="vertical_relaxed")
    # a leader from a line that ends early, dotted: drawn solid along 0% from 2021, Bury's had read as its figures to 2025
    leaders = alt.Chart(ends).mark_line(strokeWidth=0.8, opacity=0.6).encode(
        x=alt.X("time_period:Q", scale=x_scale), y=alt.Y("at:Q"), detail=alt.Detail("series:N"), color=colour,
        strokeDash=alt.StrokeDashValue([1, 0], condition={"test": "datum.early", "value": [1, 3]}))
    labels = alt.Chart(last).mark_text(align="left", dx=3, fontSize=11).encode(
        x=alt.X("placed:Q", scale=x_scale), y=alt.Y("label_at:Q"), text=alt.Text("label:N"), tooltip=tips, color=colour,
    )
    # no padding kept for the names: the fitted size already takes in the text past the plot (a padding
    # for them was counted twice, and at 420 px left the plot no width at all)
    return alt.layer(lines, leaders, labels).properties(title=title, height=NEIGHBOUR_HEIGHT, padding={"right": 8})
