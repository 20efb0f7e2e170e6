"""Compare figures that two publications both carry; disagreements beyond rounding are reported."""

from __future__ import annotations

import polars as pl

from etl.catalogue import Indicator

SCHEMA = {
    "indicator_id": pl.String,
    "time_period": pl.Int32,
    "area_code": pl.String,
    "value": pl.Float64,
    "other_source": pl.String,
    "other_value": pl.Float64,
    "difference": pl.Float64,
    "tolerance": pl.Float64,
    "within_tolerance": pl.Boolean,
}


def reconcile(indicators: list[Indicator] | tuple[Indicator, ...], values: pl.DataFrame, lait: pl.DataFrame | None) -> pl.DataFrame:
    parts = []
    for ind in indicators:
        for check in ind.reconcile:
            if "lait" not in check or lait is None:
                continue
            lait_files = lait["source_file"].unique().to_list()
            ours = values.filter(
                (pl.col("indicator_id") == ind.id) & pl.col("value").is_not_null() & ~pl.col("source_file").is_in(lait_files)
            )
            theirs = lait.filter((pl.col("measure") == check["lait"]) & pl.col("value").is_not_null()).select(
                "time_period", "area_code", pl.col("value").alias("other_value")
            )
            joined = ours.join(theirs, on=["time_period", "area_code"], how="inner")
            # compare what the other file could have published from the same figure
            diff = (pl.col("value").round(ind.decimals) - pl.col("other_value")).abs().round(6)
            parts.append(
                joined.select(
                    "indicator_id",
                    "time_period",
                    "area_code",
                    "value",
                    pl.lit(f"LAIT {check['lait']}").alias("other_source"),
                    "other_value",
                    diff.alias("difference"),
                    pl.lit(float(check["tolerance"])).alias("tolerance"),
                    (diff <= check["tolerance"]).alias("within_tolerance"),
                )
            )
    if not parts:
        return pl.DataFrame(schema=SCHEMA)
    return pl.concat(parts).select([pl.col(k).cast(t) for k, t in SCHEMA.items()])
