"""England's LAs as a map (Altair geoshape over the prepared boundaries in data/boundaries/).

Values are merged into the features' properties in Python, so the chart carries one small
inline dataset; regions are outlined and the selected LA is drawn on top with a thick outline.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import duckdb
import polars as pl

from etl.areas import UnknownArea, registry
from oversight import charts
from oversight import ofsted_queries as oq
from oversight import queries as q
from oversight.formatting import (
    POLARITY,
    as_shown,
    band_ranges,
    base_text,
    d3,
    in_sentence,
    listing,
    looks_back_text,
    number,
    period_text,
    small_base,
    suppressed,
    value_text,
    year_label,
)

BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "boundaries"
BAND_COLOURS = {"A": charts.BLUE, "B": charts.SKY, "C": charts.ORANGE, "D": charts.VERMILLION}
# neutral indicators: purples (ColorBrewer), the lightest far enough from white and from the grey of
# an authority with no figure that neither is taken for the lowest quarter
NEUTRAL_COLOURS = ["#DADAEB", "#9E9AC8", "#6A51A3", "#3F007D"]
NEUTRAL_SCHEME = {"name": "purples", "extent": [0.25, 1.0]}
# a map key's swatches: squares with a thin dark edge, as the shapes are filled; the lightest colour
# was a near-white dot on white
SWATCH = {"symbolType": "square", "symbolSize": 140, "symbolStrokeColor": "#505a5f", "symbolStrokeWidth": 0.6}
NO_FIGURE = "No figure"  # an authority with no value (suppressed or not published)
NO_BAND = "No figure or no band"  # on a map of bands: no value, or a value LAIT gives no quartiles
NOT_OFFICIAL = "Published by Ofsted, not yet in the official statistics"
# an Ofsted map's shape before its authority existed, formed from authorities judged differently (BCP before April 2019),
# and its record's first words, before each one's judgement
JUDGED_APART = "Formed later from authorities judged differently"
APART_RECORD = "Did not exist yet: "
# the whole chart, its key under the map: 760 px tall lets England fill about 480 px of a desktop's
# width (at 620, with its key in one column, it was drawn about 330 px wide in an 820 px column)
WIDTH, HEIGHT = 520, 760


@lru_cache(maxsize=1)
def _features() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """LA features keyed by the registry's current code (so recoded areas still join), and region features."""
    las = json.loads((BOUNDARIES / "england_las.geojson").read_text(encoding="utf-8"))["features"]
    regions = json.loads((BOUNDARIES / "england_regions.geojson").read_text(encoding="utf-8"))["features"]
    reg = registry()
    for f in las:
        with contextlib.suppress(UnknownArea):
            f["properties"]["area_code"] = reg.by_ons_code(f["properties"]["area_code"])
    return las, regions


def boundary_codes() -> list[str]:
    return [f["properties"]["area_code"] for f in _features()[0]]


def _with_values(values: pl.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    by_code = {r["area_code"]: r for r in values.select("area_code", *columns).iter_rows(named=True)}
    out = []
    for f in _features()[0]:
        g = copy.copy(f)
        row = by_code.get(f["properties"]["area_code"], {})
        props = dict(f["properties"])
        for c in columns:
            v = row.get(c)
            props[c] = v.isoformat() if isinstance(v, dt.date) else v
        g["properties"] = props
        out.append(g)
    return out


def map_chart(values: pl.DataFrame, colour: alt.Color, tooltip: list[alt.Tooltip], columns: list[str], selected: str | None = None,
              title: str | alt.TitleParams = "",
              no_figure: str | None = None) -> alt.LayerChart:
    """A choropleth of England's LAs: values has area_code and the columns named; colour encodes one of them.
    no_figure: every LA is first drawn in grey, keyed with this label ("No figure"), so one the
    colour leaves out (no value, or no band) is not taken for a pale colour of the scale or for the sea."""
    las, regions = _features()
    projection = "mercator"
    features = alt.Data(values=_with_values(values, columns))
    name = alt.Tooltip("properties.area_name:N", title="Local authority")
    base = alt.Chart().mark_geoshape(stroke="white", strokeWidth=0.4).encode(color=colour, tooltip=[name, *tooltip]).project(projection)
    if no_figure:  # one copy of the shapes, drawn twice: grey underneath, then in the colours
        under = (
            alt.Chart().transform_calculate(no_figure=f"'{no_figure}'")
            .mark_geoshape(stroke="white", strokeWidth=0.4)
            .encode(fill=alt.Fill("no_figure:N", scale=alt.Scale(domain=[no_figure], range=[charts.GREY]), title=None, legend=alt.Legend(orient="bottom", **SWATCH)),
                    tooltip=[name, alt.Tooltip("no_figure:N", title="Value"), alt.Tooltip("properties.record:N", title="Record")])
            .project(projection)
        )
        coloured: alt.TopLevelMixin = alt.layer(under, base, data=features, title=title).resolve_scale(color="independent", fill="independent")
    else:
        coloured = base.properties(data=features, title=title)
    outline = alt.Chart(alt.Data(values=regions)).mark_geoshape(filled=False, stroke=charts.BLACK, strokeWidth=1.1).project(projection)
    layers = [coloured, outline]
    if selected:
        chosen = [f for f in las if f["properties"]["area_code"] == selected]
        if chosen:
            layers.append(alt.Chart(alt.Data(values=chosen)).mark_geoshape(filled=False, stroke=charts.PURPLE, strokeWidth=3).project(projection))
    return alt.layer(*layers).properties(width=WIDTH, height=HEIGHT)


def grade_colour(labels: list[str], drawn: list[str], title: str = "Overall effectiveness") -> alt.Color:
    """labels: the judgement wording in grade order, from the warehouse (queries.grade_labels);
    drawn: the map's judgements in their frameworks' own words (`judgement`), which it is coloured
    by: an adequate of 2012 is keyed as such, in grade 3's colour (charts.judgement_scale)."""
    colours = [*charts.GRADE_COLOURS[: len(labels) - 1], charts.GREY, "#FFFFFF"]  # then a shape judged apart, white in its outline
    return alt.Color("properties.judgement:N", scale=charts.judgement_scale([*labels, JUDGED_APART], colours, drawn), title=title,
                     legend=alt.Legend(orient="bottom", columns=alt.ExprRef(charts.LEGEND_COLUMNS), labelLimit=0, **SWATCH))  # two columns but on a phone


def current_and_replaced(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Today's LAs (area_code, area_name, region_name), and each former LA beside each authority that
    replaced it (predecessor: its label, "Cumbria (until 2023)"; predecessor_code; area_code), from the
    query layer's areas: what both maps draw in a shape before its authority existed."""
    areas = q.areas(con).filter(pl.col("geographic_level") == "Local authority")
    links = (
        areas.filter(pl.col("successor_codes").is_not_null())
        .select(pl.col("area_label").alias("predecessor"), pl.col("area_code").alias("predecessor_code"), pl.col("successor_codes").str.split(";").alias("area_code"))
        .explode("area_code")
    )
    return areas.filter(pl.col("is_current")).select("area_code", "area_name", "region_name"), links


def ofsted_frame(con: duckdb.DuckDBPyConnection, on: dt.date, inspected: bool = False) -> pl.DataFrame:
    """The table behind the Ofsted map: every current LA with its judgement in force on the date, and the date of a
    later inspection with no overall grade in the source (`ungraded_since`, said in `record` too).

    Before a merger or split the current shape takes its predecessors' judgement (Northamptonshire
    for North and West Northamptonshire, Cumbria for Cumberland and Westmorland and Furness):
    `predecessor` names them and `record` says so. Where they were judged differently, it takes none
    (JUDGED_APART, with each one's judgement in `record`): at 31 March 2015 Bournemouth required
    improvement and Poole and Dorset were good, and BCP had been drawn in Bournemouth's alone.
    """
    cur = oq.as_at(con, on, inspected).drop("area_name", "region_name", "region_code")
    las, links = current_and_replaced(con)
    judged = links.join(cur.rename({"area_code": "predecessor_code"}), on="predecessor_code").sort("predecessor")
    alike = pl.col("judgement").n_unique().over("area_code") == 1
    inherited = (
        judged.filter(alike)
        .with_columns(pl.col("predecessor").implode().over("area_code").alias("predecessors"))
        .unique("area_code", keep="first", maintain_order=True)
        .with_columns(pl.col("predecessors").map_elements(lambda names: listing(list(names)), return_dtype=pl.String).alias("predecessor"),
                      pl.col("predecessors").list.len().alias("predecessors"))
        # several judged alike: the judgement is theirs, its dates and framework the first one's only (BCP's had read Bournemouth's 30 June 2014)
        .with_columns(*(pl.when(pl.col("predecessors") > 1).then(None).otherwise(pl.col(c)).alias(c)
                        for c in ("framework", "inspection_type", "inspection_date", "publication_date", "status_note", "source_file")))
    )
    apart = (judged.filter(~alike).group_by("area_code", maintain_order=True)
             .agg(pl.concat_str("predecessor", pl.lit(": "), "judgement").str.join("; ").alias("apart"))
             .with_columns(pl.lit(JUDGED_APART).alias("grade_label"), pl.lit(JUDGED_APART).alias("judgement")))
    own = las.join(cur, on="area_code", how="inner").with_columns(pl.lit(None, pl.String).alias("predecessor"))
    before = las.join(own.select("area_code"), on="area_code", how="anti").join(inherited.drop("predecessor_code"), on="area_code", how="inner")
    parted = las.join(apart, on="area_code", how="inner")
    rest = las.join(pl.concat([own.select("area_code"), before.select("area_code"), parted.select("area_code")]), on="area_code", how="anti")
    df = pl.concat([own, before.select(*own.columns, "predecessors"), parted, rest], how="diagonal_relaxed").sort("area_name")
    record = (
        pl.when(pl.col("apart").is_not_null()).then(pl.concat_str(pl.lit(APART_RECORD + "formed from authorities judged differently, "), pl.col("apart")))
        .when(pl.col("predecessors") > 1).then(pl.concat_str(pl.lit("Judgement of each predecessor authority, "), pl.col("predecessor")))
        .when(pl.col("predecessor").is_not_null()).then(pl.concat_str(pl.lit("Judgement of the predecessor authority, "), pl.col("predecessor")))
        .when(pl.col("official").not_()).then(pl.lit(NOT_OFFICIAL))
        .when(pl.col("official")).then(pl.lit("Official statistics"))
    )
    # a later inspection with no overall grade in the source may have replaced the judgement shown: said in the record, which the
    # tooltip and the table give (Brent's Good of 2023 had stood on the map as in force, its inspection of 27 April 2026 unsaid)
    again = pl.col("ungraded_since").dt.strftime(f"inspected again %-d %B %Y, {oq.NO_GRADE_YET}")
    return df.with_columns(pl.col("grade_label").fill_null(q.NOT_INSPECTED), pl.col("judgement").fill_null(q.NOT_INSPECTED),
                           pl.concat_str([record, again], separator="; ", ignore_nulls=True).alias("record")).select(
        "area_code", "area_name", "region_name", "grade_label", "judgement", "overall_grade", "framework", "inspection_type",
        "inspection_date", "publication_date", "record", "predecessor", "status_note", "source_file", "ungraded_since",
    )


def ofsted_map(con: duckdb.DuckDBPyConnection, on: dt.date | None = None, selected: str | None = None, inspected: bool = False,
               df: pl.DataFrame | None = None) -> alt.LayerChart:
    """England's LAs coloured by the overall Ofsted judgement in force on a date (today by default);
    with `inspected`, the latest inspection carried out by the date, as Ofsted's statistics count.
    `df`: that date's `ofsted_frame`, where the caller has it already."""
    on = on or q.ofsted_as_of(con) or dt.date.today()  # by default the Ofsted data's latest publication loaded
    df = ofsted_frame(con, on, inspected) if df is None else df
    when = on.strftime("%-d %B %Y")
    # two counts of one date, each titled as what it is: the map page's 31 March 2025 (published by then: 33 outstanding)
    # and the report pack's (Ofsted's own table: 36) had the same title and source
    # short lines: a title wider than a phone's 358 px shrank the map to 95 px ("... in force on 18 June 2026, a")
    title = alt.TitleParams(f"Ofsted overall judgement, {when}", subtitle="latest inspection carried out by then" if inspected else "in force, as published by then")
    return map_chart(
        df,
        grade_colour(q.grade_labels(con), df["judgement"].to_list()),
        [alt.Tooltip("properties.judgement:N", title="Judgement"), alt.Tooltip("properties.framework:N", title="Framework"),
         alt.Tooltip("properties.publication_date:N", title="Published"), alt.Tooltip("properties.record:N", title="Record")],
        ["grade_label", "judgement", "framework", "publication_date", "record"],
        selected,
        title,
    )


def colour_turn(df: pl.DataFrame, polarity: str) -> float | None:
    """Where a value map's colours turn from blue (better) to orange (worse): England's figure, for an
    indicator where higher or lower is better and England's figure is not the authorities' sum; else
    None (one scale). df: queries.compare_table's rows. At the middle of the range, the Isles of
    Scilly's 100% agency workers had put every other authority, 0 to 42%, in the blues."""
    if "predecessor" in df.columns:  # a figure borrowed by the authority that replaced its owner counts once
        df = df.filter(pl.col("predecessor").is_null())
    england = df["england_value"].drop_nulls().first() if "england_value" in df.columns else None
    return england if polarity in ("higher", "lower") and england is not None and not charts.is_total(england, df["value"]) else None


def indicator_frame(con: duckdb.DuckDBPyConnection, indicator: str, year: int, selected: str | None) -> pl.DataFrame:
    """The table behind an indicator's map: queries.compare_table's authorities for the year, each with a
    `record` where its figure needs a word: a symbol's meaning where it has no figure ("rounds to zero
    (low)": Sunderland's agency workers), a figure the publisher gives two authorities together, a new
    authority's figure that looks back to before it was formed (not ranked or banded), and for
    a current authority that did not exist yet, the figure of the one authority it replaced, borrowed as
    the Ofsted map borrows a judgement (`predecessor` names it; not ranked), or, formed from several with
    figures (BCP in 2019), none. Before, Cumberland and Westmorland and Furness had been grey in 2023 and
    uncounted among the shapes with no figure, while Cumbria's 22.0% stood in the table only."""
    table = q.compare_table(con, indicator, year, selected)
    las, links = current_and_replaced(con)
    missing = las.join(table.select("area_code"), on="area_code", how="anti").join(links, on="area_code", how="left")
    figures = table.filter(pl.col("value").is_not_null()).select(pl.col("area_code").alias("predecessor_code"), "value", "band")
    # a count is the whole former authority's: not borrowed (Cumbria's 740 children looked after were not each part's)
    whole = charts.is_total(table["england_value"].drop_nulls().first(), table["value"])
    with_figure = missing.join(figures, on="predecessor_code", how="inner")
    single = with_figure.filter(pl.len().over("area_code") == 1) if not whole else with_figure.clear()
    borrowed = single.with_columns(pl.concat_str(pl.lit("Did not exist yet: the figure of "), pl.col("predecessor"), pl.lit(", which it replaced")).alias("record"))
    counted = with_figure.group_by("area_code").len("figures")
    unborrowed = (
        missing.join(single.select("area_code"), on="area_code", how="anti").sort("predecessor")
        .group_by("area_code", "area_name", "region_name", maintain_order=True).agg(pl.col("predecessor").drop_nulls())
        .join(q.formed_on(con), on="area_code", how="left").join(counted, on="area_code", how="left")
        .with_columns(
            pl.when(pl.col("formed").is_null()).then(pl.lit("No figure")).otherwise(pl.concat_str(
                pl.lit("Did not exist yet: formed "), pl.col("formed").dt.strftime("%-d %B %Y"), pl.lit(" from "),
                pl.col("predecessor").map_elements(lambda names: listing(list(names)), return_dtype=pl.String),
                pl.when(pl.col("figures") == 1).then(pl.lit(", whose figure is in the table"))
                .when(pl.col("figures") > 1).then(pl.lit(", whose figures are in the table")).otherwise(pl.lit("")))).alias("record"))
        .drop("predecessor", "formed", "figures")
    )
    partners = q.shared_figures(con, indicator, table["area_code"].to_list(), year)
    shared = dict(zip(partners["area_code"], partners["partners"], strict=True))
    months = q.indicator(con, indicator)["looks_back_months"]
    own = table.with_columns(
        pl.when(pl.col("area_code").is_in(list(shared)))
        .then(pl.concat_str(pl.lit("One figure with "), pl.col("area_code").replace_strict(shared, default=None), pl.lit(", as published")))
        # a new authority's first re-referral rate: not ranked or banded, and said (Westmorland and Furness's 7.4% in 2024)
        .when(pl.col("looks_back_only_to").is_not_null() & pl.col("value").is_not_null())
        .then(pl.col("looks_back_only_to").map_elements(lambda since: looks_back_text(since, months), return_dtype=pl.String))
        .alias("record"),
        pl.lit(None, pl.String).alias("predecessor"),
    )
    return pl.concat([own, borrowed.drop("predecessor_code"), unborrowed], how="diagonal_relaxed").select(
        "area_code", "area_name", "region_name", "value", "suppression", "rank", "band", "record", "predecessor", "england_value",
        "band_q1", "band_q2", "band_q3", "numerator", "denominator", "looks_back_only_to")


def symbol_words() -> pl.Expr:
    """A figure's symbol in words ("rounds to zero (low)"), for a shape's tooltip and the description."""
    return pl.col("suppression").map_elements(suppressed, return_dtype=pl.String, skip_nulls=False)


def indicator_description(table: pl.DataFrame, ind: dict, year: int, by: str, outline: str | None, with_outline: str) -> str:
    """What an indicator's map shows, for a reader who cannot see its colours: the outlined authority's
    figure, the range and England's figure, where the colours turn, the bands' counts, the shapes drawn
    in a predecessor's figure, and every grey shape with its reason. table: `indicator_frame`'s rows."""
    d, unit = ind["decimals"], ind["unit"]
    own = table.filter(pl.col("predecessor").is_null())  # each published figure once
    text = (f"Map of England's local authorities coloured by {in_sentence(ind['name'])} {period_text(ind['year_type'], year)} "
            f"({'quartile band' if by == 'band' else 'value'}; {POLARITY[ind['polarity']]}), with region outlines and {with_outline}")
    mine = next(iter(table.filter(pl.col("area_code") == outline).iter_rows(named=True)), None) if outline else None
    if mine:
        said = value_text(mine["value"], d, unit, mine["suppression"]) + (f", band {mine['band']}" if mine["band"] else "")
        record = mine["record"] if mine["record"] and mine["value"] is not None else ""
        text += f" ({said}{'; ' + record[:1].lower() + record[1:] if record else ''}). "
    else:
        text += ". "
    # the figures compared: a new authority's first that looks back to before it was formed had been "From 7.4% (Westmorland and Furness)"
    ranged = own.drop_nulls("value").filter(pl.col("looks_back_only_to").is_null()).sort("value", "area_name")
    if ranged.height:
        low, high = ranged.row(0, named=True), ranged.row(-1, named=True)
        text += (f"From {value_text(low['value'], d, unit)} ({low['area_name']}) to {value_text(high['value'], d, unit)} ({high['area_name']}); "
                 f"England {value_text(table['england_value'].max(), d, unit)}. ")
    if by == "value" and (turn := colour_turn(table, ind["polarity"])) is not None:
        text += f"Blue is better than England's {value_text(turn, d, unit)}, orange worse. "
    if by == "value" and (span := beyond_scale(own, unit))[2].height:
        low, high, beyond = span
        text += (f"The colour scale runs from {value_text(low, d, unit)} to {value_text(high, d, unit)}; on a base of fewer than {small_base(unit)}, "
                 "beyond it and drawn in its end colour: "
                 + "; ".join(f"{r['area_name']} {value_text(r['value'], d, unit)} ({base_text(r['numerator'], r['denominator'], unit)})"
                             for r in beyond.iter_rows(named=True)) + ". ")
    if by == "band":
        counts = dict(own["band"].drop_nulls().value_counts().iter_rows())
        ranges = cut_offs(table, ind["polarity"], d, unit)
        # each band with its figures: the map had named its bands with no figure (re-referrals 2025: cut at 16.9%, 20.0% and 23.0%)
        text += "By band: " + ", ".join(f"{b} {counts[b]}" + (f" ({ranges[b]})" if b in ranges else "") for b in sorted(counts)) + ". "
    borrowed = table.filter(pl.col("predecessor").is_not_null())
    for (name,), part in borrowed.group_by("predecessor", maintain_order=True):
        names = part["area_name"].to_list()
        text += f"{listing(names)} did not exist yet and {'is' if len(names) == 1 else 'are'} drawn in the figure of {name}, which {'it' if len(names) == 1 else 'they'} replaced. "
    # every grey shape and why: the count had left out the shapes of authorities formed after the year (5 grey, "3 have no figure")
    drawn = table.filter(pl.col("area_code").is_in(boundary_codes()))
    grey = drawn.filter(pl.col("band" if by == "band" else "value").is_null()).with_columns(
        pl.when(pl.col("value").is_null()).then(pl.coalesce("record", symbol_words())).otherwise(pl.coalesce("record", pl.lit("no quartile band"))).alias("why"))
    if grey.is_empty():
        return text + "Every authority has a figure."
    text += f"{grey.height} authorit{'y is' if grey.height == 1 else 'ies are'} grey: "
    why_lower = pl.col("why").str.slice(0, 1).str.to_lowercase() + pl.col("why").str.slice(1)
    text += "; ".join(f"{listing(part['area_name'].to_list())}: {why}" if part.height <= 12 else f"{why} for {part.height}"
                      for (why,), part in grey.with_columns(why_lower).sort("area_name").group_by("why", maintain_order=True)) + "."
    if by == "band":
        text += (" Bands are cut at LAIT's quartiles; authorities whose figure equals a cut-off all fall in the band of the figures below it, so a band "
                 "can hold more or fewer than a quarter of them.")
    return text


def beyond_scale(df: pl.DataFrame, unit: str) -> tuple[float | None, float | None, pl.DataFrame]:
    """A value map's colour scale ends at the lowest and highest figures on a base of at least
    formatting.small_base (or with no base given), and the figures on a smaller base beyond them,
    which are drawn in the scale's end colour: the Isles of Scilly's 100% agency social workers (2 of
    2 FTE) had stretched the scale so that every other authority, 0% to 42%, was pale. df: rows with
    value and denominator; (low, high, the figures beyond)."""
    figures = df.filter(pl.col("value").is_not_null())
    sound = figures.filter(pl.col("denominator").is_null() | (pl.col("denominator") >= small_base(unit))) if "denominator" in df.columns else figures
    if sound.is_empty():
        return None, None, figures.clear()
    low, high = sound["value"].min(), sound["value"].max()
    return low, high, figures.filter((pl.col("value") < low) | (pl.col("value") > high)).sort("value", descending=True)


def cut_offs(df: pl.DataFrame, polarity: str, decimals: int, unit: str) -> dict[str, str]:
    """Each band's figures (formatting.band_ranges) from the year's cut-offs on `indicator_frame`'s
    ranked rows; {} where there are none (a measure with no quartile band)."""
    cuts = [df[c].drop_nulls().first() if c in df.columns else None for c in ("band_q1", "band_q2", "band_q3")]
    return band_ranges(polarity, (cuts[0], cuts[1], cuts[2]), decimals, unit) if None not in cuts else {}


def indicator_map(df: pl.DataFrame, polarity: str, unit: str, decimals: int, by: str, selected: str | None, title: str) -> alt.LayerChart:
    """df from queries.compare_table (the mart's bands and ranks): colour by quartile band (by='band') or value."""
    df = as_shown(df, decimals, ["value"])  # tooltips read as the text does
    if "record" in df.columns:  # a grey shape's tooltip says why: "rounds to zero (low)" had read "No figure"
        df = df.with_columns(pl.when(pl.col("value").is_null()).then(pl.coalesce("record", symbol_words())).otherwise(pl.col("record")).alias("record"))
    if by == "band":
        bands = [b for b in df["band"].drop_nulls().unique().sort().to_list()]
        if set(bands) <= set(BAND_COLOURS):  # A to D: the mart named them by polarity
            domain, rng, legend = list(BAND_COLOURS), list(BAND_COLOURS.values()), "Quartile band (A best, D worst)"
        else:
            domain, rng, legend = sorted(bands), NEUTRAL_COLOURS[: len(bands)], ["Quartile, lowest to highest", "(neither is better)"]  # two lines: it fits a phone
        # each band's figures beside its letter in the key, as the description gives them ("A: 16.9% or below")
        ranges = cut_offs(df, polarity, decimals, unit)
        labels = "".join(f"datum.label === {json.dumps(b)} ? {json.dumps(f'{b}: {r}')} : " for b, r in ranges.items()) + "datum.label"
        # its title whole and its bands in one column on a phone ("Quartile (lowest to highest; neither is…" had lost Q4 at 420 px)
        colour = alt.Color("properties.band:N", scale=alt.Scale(domain=domain, range=rng), title=legend,
                           legend=alt.Legend(orient="bottom", columns=alt.ExprRef(charts.LEGEND_COLUMNS), labelLimit=0, titleLimit=0,
                                             labelExpr=labels, **SWATCH))
    else:
        scheme: tuple[object, bool] = {"higher": ("blueorange", True), "lower": ("blueorange", False)}.get(polarity, (NEUTRAL_SCHEME, False))
        better = POLARITY.get(polarity, POLARITY["neutral"])
        turn = colour_turn(df, polarity)
        key = f"{unit} ({better})" if turn is None else [f"{unit} ({better})", f"blue better than England ({number(turn, decimals, unit)}), orange worse"]
        low, high, beyond = beyond_scale(df.filter(pl.col("predecessor").is_null()) if "predecessor" in df.columns else df, unit)
        span = {"domain": [low, high], "clamp": True} if beyond.height else {}
        colour = alt.Color("properties.value:Q", scale=alt.Scale(scheme=scheme[0], reverse=scheme[1], **span,
                                                                 **({"domainMid": turn} if turn is not None and (not span or low < turn < high) else {})),
                           title=key, legend=alt.Legend(orient="bottom", gradientLength=300, titleLimit=0))
    # the grey beneath, and its key, only where a shape has no figure (or no band): the key said "No figure or
    # no band" under a map whose description said every authority had a figure
    coloured = set(df.filter(pl.col("band" if by == "band" else "value").is_not_null())["area_code"].to_list())
    blank = any(f["properties"]["area_code"] not in coloured for f in _features()[0])
    return map_chart(
        df,
        colour,
        [alt.Tooltip("properties.value:Q", title=unit, format=d3(decimals)), alt.Tooltip("properties.band:N", title="Quartile band"),
         alt.Tooltip("properties.rank:Q", title="Rank"), alt.Tooltip("properties.record:N", title="Record")],
        ["value", "band", "rank", "record"],
        selected,
        title,
        no_figure=(NO_BAND if by == "band" else NO_FIGURE) if blank else None,
    )


def series_chart(series: pl.DataFrame, breaks: pl.DataFrame) -> alt.LayerChart:
    """Share of LAs good or outstanding at each month end since 2009, with the framework changes
    marked; the line starts when at least half the LAs had been judged (the data table has every month)."""
    line = (
        alt.Chart(series.filter(pl.col("at_least_half_judged")))
        .mark_line(color=charts.BLUE)
        .encode(
            x=alt.X("on_date:T", title="As at"),
            y=alt.Y("pct_good_or_outstanding:Q", title="% of LAs judged good or outstanding", scale=alt.Scale(domain=[0, 100])),
            tooltip=[alt.Tooltip("on_date:T", title="As at", format="%-d %B %Y"), alt.Tooltip("judged:Q", title="LAs judged"),
                     alt.Tooltip("good_or_outstanding:Q", title="Good or outstanding"),
                     alt.Tooltip("pct_good_or_outstanding:Q", title="% good or outstanding", format=".1f"),
                     alt.Tooltip("main_framework:N", title="Framework of most judgements"),
                     alt.Tooltip("not_yet_official:Q", title="Not yet in official statistics")],
        )
    )
    framework = [alt.Tooltip("framework:N", title="Framework"), alt.Tooltip("first_published:T", title="First published", format="%-d %B %Y")]
    rules = alt.Chart(breaks).mark_rule(color=charts.GREY, strokeDash=[4, 3]).encode(x=alt.X("first_published:T"), tooltip=framework)
    labels = alt.Chart(breaks).mark_text(align="left", dx=4, dy=-6, color=charts.BLACK).encode(x=alt.X("first_published:T"), y=alt.YValue(10),
                                                                                               text=alt.Text("framework:N"), tooltip=framework)
    return alt.layer(line, rules, labels).properties(height=300)


def series_description(series: pl.DataFrame) -> str:
    """What the good-or-outstanding chart shows, with the month its line starts and ends."""
    shown = series.filter(pl.col("at_least_half_judged"))
    if shown.is_empty():
        return "Line chart of the share of local authorities judged good or outstanding: no Ofsted judgement is loaded."
    first, last = shown.row(0, named=True), shown.row(-1, named=True)
    return ("Line chart of the share of local authorities whose overall judgement in force was good or outstanding, at the end of each month "
            f"from {first['on_date']:%B %Y}, when {first['judged']} had been judged (at least half; the data table has every month from 2009), "
            f"to {last['on_date']:%-d %B %Y}, the latest Ofsted publication loaded ({last['pct_good_or_outstanding']:.1f}%); dashed lines mark the "
            "first reports of SLAC, SIF and ILACS, whose grades are not the same words (SLAC's third grade was adequate). "
            # the report pack's count for 31 March 2025 was 103 good or outstanding, this series' 100: both right, on different bases
            "Each month counts the judgements published by its end; the annual report pack counts each authority's latest inspection "
            "carried out by 31 March: as Ofsted's own table for that date counts them where one is loaded (reports published up to that "
            "table's release), else whenever its report was published, so its count for a year can differ.")


def judged_apart_text(table: pl.DataFrame) -> str:
    """The Ofsted map's shapes formed from authorities judged differently, for its description (""
    when there are none): " Bournemouth, Christchurch and Poole did not exist yet and is white: formed
    from authorities judged differently, Bournemouth (until 2019): Requires improvement to be good;
    Dorset (until 2019): Good; Poole (until 2019): Good." table: `ofsted_frame`'s rows."""
    return "".join(f" {r['area_name']} did not exist yet and is white: {r['record'].removeprefix(APART_RECORD)}."
                   for r in table.filter(pl.col("judgement") == JUDGED_APART).iter_rows(named=True))


def report_map(con: duckdb.DuckDBPyConnection, year: int) -> tuple[alt.LayerChart, str]:
    """The report pack's `ofsted_map` chart: each LA's latest inspection carried out by 31 March of the
    report year, as Ofsted's statistics count (the pack's table and sentence count the same way)."""
    on = dt.date(year, 3, 31)
    df = ofsted_frame(con, on, True)  # once, for the map and its description
    return ofsted_map(con, on, inspected=True, df=df), (f"Map of England's local authorities coloured by the Ofsted overall judgement on 31 March {year}, "
                                                        f"{oq.counted_basis(con, year)}, with region outlines." + judged_apart_text(df))


def chart_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec without re-validating the inline boundaries (validated when built).

    Drawn as SVG: 153 shapes are cheap, and each LA is then a path a reader's tools can reach.
    """
    spec = charts.vega_spec(chart)
    spec["usermeta"] = {"embedOptions": {"renderer": "svg"}}
    # the shapes have no axis to name them: out of the accessibility tree, on the page and in the
    # downloaded SVG (whose grey shapes beneath the colours each read "No figure or no band")
    spec["config"].setdefault("mark", {})["aria"] = False
    return spec


def ofsted_spec_today(con: duckdb.DuckDBPyConnection, selected: str | None = None) -> dict:
    """The Ofsted map at the latest publication loaded as a Vega-Lite spec (cacheable by the pages),
    `selected` outlined."""
    return chart_spec(ofsted_map(con, selected=selected))


def ofsted_spec(con: duckdb.DuckDBPyConnection, on: dt.date, selected: str | None, inspected: bool = False) -> dict:
    return chart_spec(ofsted_map(con, on, selected, inspected))


def indicator_spec(con: duckdb.DuckDBPyConnection, indicator: str, year: int, by: str, selected: str | None) -> dict:
    """The indicator map as a Vega-Lite spec: the compare table's values, bands and ranks for the year."""
    ind = q.indicator(con, indicator)
    table = indicator_frame(con, indicator, year, selected)
    # titled as compare's chart is, with the year as its type words it: a pooled measure's "..., 2024" was three years
    return chart_spec(indicator_map(table, ind["polarity"], ind["unit"], ind["decimals"], by, selected, f"{ind['name']}, {year_label(ind['year_type'], year)}"))
