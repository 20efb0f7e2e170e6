"""The warehouse's tables worked out from the typed frames (etl/writer.py writes them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from etl import catalogue, lait_measures, ofsted_tables, outcomes
from etl.areas import registry
from etl.extract import Extracted
from etl.indicators import borrowed_figures, borrowed_warning, build_values, existing_areas_only, revisions
from etl.publications.lait import annual
from etl.reconcile import reconcile

__all__ = ["Tables", "transform"]
SN_MODEL_RANK = {"sn_model_2025": 1, "lait_sn_groupings": 2, "sn_groupings": 3}


@dataclass
class Tables:
    tables: dict[str, pl.DataFrame]
    lait_rows: int = 0  # rows the LAIT measures add to the indicator_values view

    @property
    def values(self) -> pl.DataFrame:
        return self.tables["indicator_values"]

    @property
    def value_rows(self) -> int:
        """Rows of the public indicator_values view: the catalogue's and the LAIT measures' own."""
        return self.values.height + self.lait_rows

    @property
    def reconciliation(self) -> pl.DataFrame:
        return self.tables["reconciliation"]


def transform(ex: Extracted, hand_over: Callable[[dict[str, pl.DataFrame]], None] = lambda _tables: None) -> Tables:
    """Typed frames -> the warehouse tables (nothing is written here). hand_over(tables) is given
    tables as soon as they are final, in three batches (those that need nothing else, the LAIT
    values, the catalogue's), so that a writer stores them while the rest is worked out."""
    indicators = catalogue.load()
    # the tables that need nothing else first: stored while the LAIT measures are worked out
    tables: dict[str, pl.DataFrame] = {
        "areas": registry().frame(),
        "outcomes": outcomes.frame(),
        **ofsted_tables.build(ex.frames),
        "statistical_neighbours": _neighbours(ex.frames),
        "population": _population(ex.frames.get("population")),
        "assessment_factors": _factors(ex.frames.get("cin_assessment_factors")),
    }
    if "lait_dictionary" in ex.frames:
        tables["lait_dictionary"] = ex.frames["lait_dictionary"].drop("_row")
    hand_over(dict(tables))
    # every LAIT measure at published precision, each row marked chosen or superseded (issue 11)
    dictionary = ex.frames.get("lait_dictionary")
    lait_all, places = lait_measures.prepare(ex.frames["lait"], dictionary) if "lait" in ex.frames else (None, {})
    lait_file = next((f.path for f in ex.files if f.publication == "lait"), "lait")  # where LAIT's warnings point
    if lait_all is not None:  # no row for an area in a year it did not exist, as for every publication
        kept = existing_areas_only(lait_all)
        if kept.height < lait_all.height:
            ex.warnings.add(lait_file, f"{lait_all.height - kept.height:,} empty LAIT cells for areas in years they did not exist are left out")
        lait_all, borrowed = borrowed_figures(kept, ["measure", "years"])
        if borrowed.height:
            ex.warnings.add(lait_file, borrowed_warning(borrowed))
    lait_annual = annual(lait_all) if lait_all is not None else None
    lait_tables = lait_measures.values_tables(lait_all, indicators) if lait_all is not None else _no_lait()
    hand_over(lait_tables)

    def older_annual(frame: pl.DataFrame, measures: list[str]) -> pl.DataFrame:
        """An older LAIT release, at the same published precision, for the revisions view."""
        return annual(lait_measures.prepare(frame, dictionary)[0], measures)

    values = build_values(indicators, ex.frames, lait_annual, ex.warnings)
    values = lait_measures.period_columns(values, lait_all, indicators)
    hand_over({"indicator_values": values})
    recon = reconcile(indicators, values, lait_annual, ex.releases)
    lait_rows = lait_measures.own_rows(lait_tables)
    described = lait_measures.indicators_frame(
        catalogue.frame(indicators), indicators, dictionary, lait_rows, lait_measures.publication_urls(), places, ex.warnings
    )
    if lait_all is not None:  # a share over 100 for England: the unit is likely wrong, and is said
        units = dict(described.filter(pl.col("lait_measure").is_not_null()).select("lait_measure", "unit").iter_rows())
        for line in lait_measures.england_percentages_over_100(lait_all, units):
            ex.warnings.add(lait_file, f"{line}: a share cannot be over 100, so check its unit")
    tables.update({
        "indicators": described,
        "indicator_values": values,
        "reconciliation": recon,
        **lait_tables,
        "revisions": revisions(indicators, ex.frames, lait_annual, values, ex.older, older_annual),
    })
    if "lait_dictionary" in ex.frames:
        _check_polarity(indicators, ex)
    return Tables(tables, int(lait_rows["rows"].sum()))


def _check_polarity(indicators: tuple[catalogue.Indicator, ...], ex: Extracted) -> None:
    lait_pol = dict(ex.frames["lait_dictionary"].select("measure", "polarity").iter_rows())
    mapping = {"High": "higher", "Low": "lower"}
    for ind in indicators:
        for src in ind.sources:
            theirs = mapping.get(lait_pol.get(src.get("lait", ""), "") or "")
            if theirs and theirs != ind.polarity:
                ex.warnings.add("catalogue", f"{ind.id} has polarity {ind.polarity} but LAIT's dictionary says {theirs} for {src['lait']}")


def _neighbours(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    parts = [frames[k].with_columns(pl.lit(rank).alias("model_rank")) for k, rank in SN_MODEL_RANK.items() if k in frames]
    if not parts:
        return pl.DataFrame(schema={"area_code": pl.String, "neighbour_code": pl.String, "neighbour_rank": pl.Int32, "closeness": pl.String, "model": pl.String, "source_file": pl.String, "model_rank": pl.Int32})
    return pl.concat(parts, how="vertical_relaxed")


def _population(df: pl.DataFrame | None) -> pl.DataFrame:
    if df is None:
        return pl.DataFrame(schema={"time_period": pl.Int32, "area_code": pl.String, "population_estimate": pl.Float64, "source_file": pl.String})
    return df.select("time_period", "area_code", "population_estimate", "source_file")


def _factors(df: pl.DataFrame | None) -> pl.DataFrame:
    schema = {"time_period": pl.Int32, "area_code": pl.String, "factor": pl.String, "value": pl.Float64, "suppression": pl.String, "source_file": pl.String}
    if df is None:
        return pl.DataFrame(schema=schema)
    factors = [c[: -len("__sym")] for c in df.columns if c.endswith("__sym")]
    values = df.unpivot(index=["time_period", "area_code", "source_file"], on=factors, variable_name="factor", value_name="value")
    symbols = df.unpivot(index=["time_period", "area_code"], on=[f"{f}__sym" for f in factors], variable_name="factor", value_name="suppression").with_columns(pl.col("factor").str.replace("__sym$", ""))
    return values.join(symbols, on=["time_period", "area_code", "factor"]).select(list(schema))


def _no_lait() -> dict[str, pl.DataFrame]:
    return {
        "lait_values": pl.DataFrame(schema={"measure_no": pl.Int16, "period_no": pl.Int16, "area_code": pl.String, "value": pl.Float64, "suppression": pl.String, "chosen": pl.Boolean}),
        "lait_measures": pl.DataFrame(schema={"measure_no": pl.Int16, "measure": pl.String, "indicator_id": pl.String}),
        "lait_periods": pl.DataFrame(schema={"period_no": pl.Int16, "years": pl.String, "time_period": pl.Int32, "period_years": pl.Int8, "revision": pl.String, "source_file": pl.String}),
    }
