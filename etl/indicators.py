"""Typed publication frames -> the long `indicator_values` table, driven by the catalogue."""

from __future__ import annotations

from collections import Counter
from graphlib import TopologicalSorter
from typing import Any

import polars as pl

from etl.areas import ENGLAND, registry
from etl.catalogue import Indicator
from etl.errors import Warnings

VALUE_SCHEMA = {
    "indicator_id": pl.String,
    "time_period": pl.Int32,
    "area_code": pl.String,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "suppression": pl.String,
    "source_file": pl.String,
    "shared_with": pl.String,  # the other authorities a published figure also covers (a row given to two)
}
KEY = ["time_period", "area_code"]


def dependency_order(indicators: list[Indicator] | tuple[Indicator, ...]) -> list[Indicator]:
    by_id = {i.id: i for i in indicators}
    graph = {i.id: {s[k] for s in i.sources for k in ("rate_of", "ratio_of", "over") if k in s} for i in indicators}
    return [by_id[i] for i in TopologicalSorter(graph).static_order()]


def _column(df: pl.DataFrame, name: str | list[str] | None) -> pl.Expr:
    """A field as a number; a list of fields is their sum, null where any is (an agency rate's base is
    agency and in-post social workers together)."""
    if not name:
        return pl.lit(None, dtype=pl.Float64)
    fields = [name] if isinstance(name, str) else name
    total = pl.col(fields[0]).cast(pl.Float64)
    for field in fields[1:]:
        total = total + pl.col(field).cast(pl.Float64)
    return total


def _from_publication(src: dict[str, Any], frames: dict[str, pl.DataFrame]) -> pl.DataFrame | None:
    df = frames.get(src["publication"])
    if df is None:
        return None
    for column, wanted in src.get("where", {}).items():
        df = df.filter(pl.col(column) == wanted)
    value = src["value"]
    return df.select(
        pl.col("time_period").cast(pl.Int32),
        "area_code",
        pl.col(value).alias("value"),
        _column(df, src.get("numerator")).alias("numerator"),
        _column(df, src.get("denominator")).alias("denominator"),
        pl.col(f"{value}__sym").alias("suppression"),
        "source_file",
        pl.col("shared_with") if "shared_with" in df.columns else pl.lit(None, dtype=pl.String).alias("shared_with"),
    )


def _from_lait(src: dict[str, Any], lait: dict[str, pl.DataFrame] | None) -> pl.DataFrame | None:
    if lait is None:
        return None
    rows = lait[src["lait"]]
    if src.get("figures_only"):  # a row without a figure ("-": nothing published) leaves its year to the next source
        rows = rows.filter(pl.col("value").is_not_null())
    return rows.select(
        pl.col("time_period").cast(pl.Int32),
        "area_code",
        "value",
        pl.lit(None, dtype=pl.Float64).alias("numerator"),
        pl.lit(None, dtype=pl.Float64).alias("denominator"),
        "suppression",
        "source_file",
    )


def _members() -> pl.DataFrame:
    """Each local authority (area_code) with every total it is counted in (total_code): its region,
    the region that holds it (London holds Inner and Outer London) and England."""
    reg = registry()
    rows = []
    for code, a in reg.areas.items():
        if a.geographic_level != "Local authority":
            continue
        parent = reg.areas[a.region_code].region_code if a.region_code in reg.areas else None
        rows += [(code, total) for total in (a.region_code, parent, ENGLAND) if total]
    return pl.DataFrame(rows, schema={"area_code": pl.String, "total_code": pl.String}, orient="row")


def _rate(src: dict[str, Any], done: dict[str, pl.DataFrame], population: pl.DataFrame | None) -> pl.DataFrame | None:
    """Numerator indicator per `per` children; the denominator is the mid-year estimate for year - 1.
    With `totals_over = "authorities_with_figures"`, a region's or England's denominator leaves out
    the children of its authorities without a figure that year, as its published total is the sum of
    the others': DfE's 2024-25 section 251 totals leave out Wandsworth and Middlesbrough, and divided
    by every child, Inner London's spending on safeguarding read £452 a child where its authorities'
    is £497."""
    base = done.get(src["rate_of"])
    if base is None or base.is_empty() or population is None:
        return None
    pop = population.select(
        (pl.col("time_period") + 1).cast(pl.Int32).alias("time_period"),
        "area_code",
        pl.col("population_estimate").alias("denominator"),
        pl.col("source_file").alias("_pop_file"),
        pl.col("population_estimate__sym").alias("_pop_sym"),
    )
    joined = base.drop("numerator", "denominator").join(pop, on=KEY, how="inner")
    if src.get("totals_over") == "authorities_with_figures":
        # less the children of its authorities without a figure (in a year they existed, one with figures from others)
        has = joined.filter(pl.col("value").is_not_null()).select(KEY)
        lacking = (pop.select(*KEY, "denominator").join(_members(), on="area_code").join(registry().lifetimes(), on="area_code", how="left")
                   .filter(~_outside_its_life() & pl.col("time_period").is_in(has["time_period"].unique().implode()))
                   .join(has, on=KEY, how="anti")
                   .group_by("time_period", pl.col("total_code").alias("area_code")).agg(pl.col("denominator").sum().alias("_lacking")))
        joined = joined.join(lacking, on=KEY, how="left").with_columns((pl.col("denominator") - pl.col("_lacking").fill_null(0)).alias("denominator")).drop("_lacking")
    return joined.select(
        "time_period",
        "area_code",
        (pl.col("value") / pl.col("denominator") * src["per"]).alias("value"),
        pl.col("value").alias("numerator"),
        "denominator",
        pl.coalesce("suppression", pl.when(pl.col("value").is_not_null()).then(pl.col("_pop_sym"))).alias("suppression"),
        pl.concat_str([pl.col("source_file"), pl.col("_pop_file")], separator=" + ").alias("source_file"),
    )


def _ratio(src: dict[str, Any], done: dict[str, pl.DataFrame]) -> pl.DataFrame | None:
    """One indicator divided by another for the same year and area, times `per` (e.g. 100 for a
    percentage); null with the symbol kept when either is suppressed, null when the base is 0."""
    top, base = done.get(src["ratio_of"]), done.get(src["over"])
    if top is None or base is None or top.is_empty() or base.is_empty():
        return None
    b = base.select(*KEY, pl.col("value").alias("_base"), pl.col("suppression").alias("_base_sym"), pl.col("source_file").alias("_base_file"))
    joined = top.join(b, on=KEY, how="inner")
    ok = pl.col("value").is_not_null() & pl.col("_base").is_not_null() & (pl.col("_base") != 0)
    return joined.select(
        *KEY,
        pl.when(ok).then(pl.col("value") / pl.col("_base") * src.get("per", 1)).alias("value"),
        pl.col("value").alias("numerator"),
        pl.col("_base").alias("denominator"),
        pl.when(~ok).then(pl.coalesce("suppression", "_base_sym")).alias("suppression"),
        pl.when(pl.col("source_file") == pl.col("_base_file")).then(pl.col("source_file"))
        .otherwise(pl.concat_str([pl.col("source_file"), pl.col("_base_file")], separator=" + ")).alias("source_file"),
    )


def build_values(
    indicators: list[Indicator] | tuple[Indicator, ...],
    frames: dict[str, pl.DataFrame],
    lait: pl.DataFrame | None,
    warnings: Warnings,
) -> pl.DataFrame:
    population = frames.get("population")
    by_measure = None  # the LAIT rows of each measure the catalogue reads, split once
    if lait is not None:
        wanted = [src["lait"] for ind in indicators for src in ind.sources if "lait" in src]
        split = {m: part for (m,), part in lait.filter(pl.col("measure").is_in(wanted)).partition_by("measure", as_dict=True).items()}
        by_measure = {m: split.get(m, lait.clear()) for m in wanted}
    done: dict[str, pl.DataFrame] = {}
    for ind in dependency_order(indicators):
        parts = []
        for priority, src in enumerate(ind.sources):
            if "publication" in src:
                part = _from_publication(src, frames)
            elif "lait" in src:
                part = _from_lait(src, by_measure)
            elif "ratio_of" in src:
                part = _ratio(src, done)
            else:
                part = _rate(src, done, population)
            if part is not None:
                parts.append(part.with_columns(pl.lit(priority).alias("_priority")))
        if not parts:
            warnings.add("catalogue", f"no source file provides indicator '{ind.id}'")
            done[ind.id] = pl.DataFrame(schema={k: v for k, v in VALUE_SCHEMA.items() if k != "indicator_id"})
            continue
        combined = (
            pl.concat(parts, how="diagonal_relaxed")  # a LAIT part has no shared_with
            .sort("_priority")
            .unique(KEY, keep="first", maintain_order=True)
            .drop("_priority")
        )
        done[ind.id] = combined
    frames_out = [df.with_columns(pl.lit(i).alias("indicator_id")) for i, df in done.items()]
    values = pl.concat(frames_out, how="diagonal_relaxed").select(
        [pl.col(k).cast(t) for k, t in VALUE_SCHEMA.items()]
    )
    return existing_areas_only(values).sort("indicator_id", "time_period", "area_code")


def existing_areas_only(values: pl.DataFrame) -> pl.DataFrame:
    """No row for an area in a year it did not exist (before its predecessors ended, or after it
    ended itself): such a figure is not suppressed, there is none. A published figure is kept."""
    joined = values.join(registry().lifetimes(), on="area_code", how="left")
    return joined.filter(~(_outside_its_life() & pl.col("value").is_null())).drop("first_year", "last_year")


def _outside_its_life() -> pl.Expr:
    """A row's year is before its area began or after it ended (on a frame joined to the lifetimes)."""
    return (pl.col("time_period") < pl.col("first_year")).fill_null(False) | (pl.col("time_period") > pl.col("last_year")).fill_null(False)


def borrowed_figures(values: pl.DataFrame, keys: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Figures given to an area for a year it did not exist that are not its own: a copy of the figure
    of an authority it replaced or that replaced it (same `keys`, same value), or 0. LAIT gives
    Cumberland Cumbria's 12% for 2018 and a chlamydia rate of 0 for 2016. They are left out, as an
    area gets no row for a year it did not exist (the caller warns, naming them); figures re-cut to
    the new boundary (different from every related authority's, not 0) are kept. Returns (values,
    the figures left out: area_code, time_period, kind)."""
    reg = registry()
    pairs = [(a, s) for a in reg.areas for s in reg.successors_of(a)]
    related = pl.DataFrame([*pairs, *((s, a) for a, s in pairs)], schema={"area_code": pl.String, "other_code": pl.String}, orient="row")
    v = values.with_row_index("_i")
    outside = v.join(reg.lifetimes(), on="area_code").filter(_outside_its_life() & pl.col("value").is_not_null())
    others = v.select(*keys, pl.col("area_code").alias("other_code"), pl.col("value").alias("other_value"))
    copies = outside.join(related, on="area_code").join(others, on=[*keys, "other_code"]).filter(pl.col("value") == pl.col("other_value"))
    changed = pl.concat([
        copies.select("_i", "area_code", "time_period", pl.lit("copy").alias("kind")),
        outside.filter(pl.col("value") == 0).select("_i", "area_code", "time_period", pl.lit("zero").alias("kind")),
    ]).unique("_i", keep="first")
    return v.filter(~pl.col("_i").is_in(changed["_i"].implode())).drop("_i"), changed.drop("_i")


def borrowed_warning(changed: pl.DataFrame) -> str:
    """What borrowed_figures changed, in one sentence naming the authorities and years."""
    areas = registry().areas.values()
    uses = Counter(a.area_name for a in areas)  # Dorset names two authorities, before and after 2019
    names = {a.area_code: a.area_name + (f" ({a.area_code})" if uses[a.area_name] > 1 else "") for a in areas}
    spans = changed.group_by("area_code").agg(pl.col("time_period").min().alias("lo"), pl.col("time_period").max().alias("hi")).sort("area_code")
    where = "; ".join(f"{names.get(a, a)} {lo}" + (f"-{hi}" if hi != lo else "") for a, lo, hi in spans.iter_rows())
    copies = changed.filter(pl.col("kind") == "copy").height
    return (f"{changed.height:,} figures for authorities in years they did not exist are not their own "
            f"({copies:,} repeat the figure of the authority they replaced or that replaced them, {changed.height - copies:,} are 0); "
            f"they are left out: {where}")


REVISIONS_SCHEMA = {
    "indicator_id": pl.String,
    "time_period": pl.Int32,
    "area_code": pl.String,
    "old_value": pl.Float64,
    "new_value": pl.Float64,
    "old_release": pl.String,
    "new_release": pl.String,
}


def revisions(
    indicators: list[Indicator] | tuple[Indicator, ...],
    frames: dict[str, pl.DataFrame],
    lait: pl.DataFrame | None,
    values: pl.DataFrame,
    older: dict[str, list[tuple[str, str, pl.DataFrame]]],
    annual: Any = None,
) -> pl.DataFrame:
    """Figures that an older release gives differently for a year a newer release also covers.

    Each older release is put in place of the newest one and the catalogue is computed again;
    every figure that came from the older file and differs from the published one is a revision."""
    parts = []
    for pub, releases in older.items():
        for old_name, _newer, frame in releases:
            swapped = {**frames, pub: frame}
            old_lait = annual(frame, frame["measure"].unique().to_list()) if pub == "lait" and annual else lait
            old = build_values(indicators, swapped, old_lait, Warnings())
            old = old.filter(pl.col("source_file").str.contains(old_name, literal=True) & pl.col("value").is_not_null())
            joined = old.select(*KEY, "indicator_id", pl.col("value").alias("old_value"), pl.col("source_file").alias("old_release")).join(
                values.filter(pl.col("value").is_not_null()).select(*KEY, "indicator_id", pl.col("value").alias("new_value"), pl.col("source_file").alias("new_release")),
                on=["indicator_id", *KEY],
            )
            parts.append(joined.filter((pl.col("old_value") - pl.col("new_value")).abs() > 1e-9))
    if not parts:
        return pl.DataFrame(schema=REVISIONS_SCHEMA)
    return pl.concat(parts).select([pl.col(k).cast(t) for k, t in REVISIONS_SCHEMA.items()]).sort("indicator_id", "time_period", "area_code", "old_release")
