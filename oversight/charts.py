"""Altair charts with a colour-blind-safe palette (Okabe and Ito). Each takes a tidy frame."""

from __future__ import annotations

import altair as alt
import polars as pl

# Okabe-Ito palette
BLUE, SKY, GREEN, ORANGE, VERMILLION, PURPLE, GREY, BLACK = (
    "#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#999999", "#000000",
)
GRADE_ORDER = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate", "Not yet inspected"]
GRADE_COLOURS = [BLUE, SKY, ORANGE, VERMILLION, GREY]
SERIES_COLOURS = [BLACK, BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, GREY]


def ranked_bars(df: pl.DataFrame, title: str, unit: str, references: pl.DataFrame) -> alt.LayerChart:
    """One bar per LA, in rank order; `role` marks the selected LA and its neighbours.

    references: rows of (label, value) drawn as horizontal rules (England, region).
    """
    order = df.sort("rank")["area_name"].to_list()
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("area_name:N", sort=order, title=None, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("value:Q", title=unit),
            color=alt.Color(
                "role:N",
                scale=alt.Scale(domain=["Selected LA", "Statistical neighbour", "Other LA"], range=[VERMILLION, BLUE, "#C8C8C8"]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=["area_name:N", alt.Tooltip("value:Q", format=",.1f"), "rank:Q", "quartile:N", "role:N"],
        )
    )
    rules = (
        alt.Chart(references)
        .mark_rule(strokeDash=[6, 3], size=2)
        .encode(
            y="value:Q",
            color=alt.Color("label:N", scale=alt.Scale(range=[BLACK, GREEN]), legend=alt.Legend(title=None, orient="top")),
            tooltip=["label:N", alt.Tooltip("value:Q", format=",.1f")],
        )
    )
    return alt.layer(bars, rules).resolve_scale(color="independent").properties(title=title, height=360)


def trend(df: pl.DataFrame, title: str, unit: str, breaks: list[int] | None = None) -> alt.LayerChart:
    """Lines per `series` over `time_period`; vertical rules where a boundary change breaks a series."""
    lines = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("time_period:O", title="Year ending 31 March"),
            y=alt.Y("value:Q", title=unit),
            color=alt.Color("series:N", scale=alt.Scale(range=SERIES_COLOURS), legend=alt.Legend(title=None, orient="top")),
            strokeDash=alt.StrokeDash("series:N", legend=None),
            tooltip=["series:N", "time_period:O", alt.Tooltip("value:Q", format=",.1f")],
        )
    )
    layers = [lines]
    if breaks:
        marks = pl.DataFrame({"time_period": breaks, "label": ["boundary change"] * len(breaks)})
        layers.append(alt.Chart(marks).mark_rule(color=GREY, strokeDash=[2, 2]).encode(x="time_period:O", tooltip=["label:N"]))
    return alt.layer(*layers).properties(title=title, height=320)


def small_multiples(df: pl.DataFrame) -> alt.FacetChart:
    return (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("time_period:O", title=None),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color("series:N", scale=alt.Scale(range=SERIES_COLOURS), legend=alt.Legend(title=None, orient="top")),
            tooltip=["indicator:N", "series:N", "time_period:O", alt.Tooltip("value:Q", format=",.1f")],
        )
        .properties(width=220, height=130)
        .facet(facet=alt.Facet("indicator:N", title=None), columns=3)
        .resolve_scale(y="independent")
    )


def scatter(df: pl.DataFrame, x_title: str, y_title: str) -> alt.Chart:
    return (
        alt.Chart(df)
        .mark_circle(size=70, opacity=0.85)
        .encode(
            x=alt.X("x:Q", title=x_title, scale=alt.Scale(zero=False)),
            y=alt.Y("y:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color("grade_label:N", scale=alt.Scale(domain=GRADE_ORDER, range=GRADE_COLOURS), title="Ofsted overall"),
            tooltip=["area_name:N", alt.Tooltip("x:Q", title=x_title, format=",.1f"), alt.Tooltip("y:Q", title=y_title, format=",.1f"), "grade_label:N"],
        )
        .properties(height=400)
    )


def grade_tiles(df: pl.DataFrame) -> alt.Chart:
    """A tile grid: one square per LA, rows are regions, coloured by the latest overall grade."""
    return (
        alt.Chart(df)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("position:O", title=None, axis=None),
            y=alt.Y("region_name:N", title=None),
            color=alt.Color("grade_label:N", scale=alt.Scale(domain=GRADE_ORDER, range=GRADE_COLOURS), title="Overall effectiveness"),
            tooltip=["area_name:N", "region_name:N", "grade_label:N", "inspection_date:T"],
        )
        .properties(height=320)
    )


def grade_distribution(df: pl.DataFrame, x: str, x_title: str) -> alt.Chart:
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:O", title=x_title),
            y=alt.Y("count:Q", title="Local authorities", stack=True),
            color=alt.Color("grade_label:N", scale=alt.Scale(domain=GRADE_ORDER, range=GRADE_COLOURS), title="Judgement"),
            order=alt.Order("grade:Q"),
            tooltip=[f"{x}:O", "grade_label:N", "count:Q"],
        )
        .properties(height=300)
    )


def bar_counts(df: pl.DataFrame, category: str, title: str) -> alt.Chart:
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="Local authorities"),
            y=alt.Y(f"{category}:N", sort=GRADE_ORDER, title=None),
            color=alt.Color(f"{category}:N", scale=alt.Scale(domain=GRADE_ORDER, range=GRADE_COLOURS), legend=None),
            tooltip=[f"{category}:N", "count:Q"],
        )
        .properties(title=title, height=180)
    )
