"""Compare figures that two publications both carry; disagreements beyond rounding are reported.

Every year both carry is compared. A figure is never compared with itself: our values that came
from the other publication (e.g. earlier years taken from LAIT) are left out."""

from __future__ import annotations

from typing import Any

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


def _theirs(check: dict[str, Any], lait: pl.DataFrame | None, releases: dict[str, list[pl.DataFrame]]) -> list[tuple[str, pl.DataFrame, list[str]]]:
    """For each release of the other publication: (label, time_period/area_code/other_value rows,
    the files those rows came from)."""
    out = []
    if "lait" in check:
        if lait is not None:
            out.append((f"LAIT {check['lait']}", lait.filter(pl.col("measure") == check["lait"])))
    else:
        for rows in releases.get(check["publication"], []):
            if check["value"] not in rows.columns or rows.height == 0:
                continue  # this release does not publish the figure
            for column, wanted in check.get("where", {}).items():
                rows = rows.filter(pl.col(column) == wanted)
            label = f"{check['publication']} {check['value']} as published in {rows['source_file'][0] if rows.height else ''}"
            out.append((label, rows.with_columns(pl.col(check["value"]).alias("value"))))
    return [
        (label, rows.filter(pl.col("value").is_not_null()).select("time_period", "area_code", pl.col("value").cast(pl.Float64).alias("other_value")), rows["source_file"].unique().to_list())
        for label, rows in out
    ]


def reconcile(
    indicators: list[Indicator] | tuple[Indicator, ...],
    values: pl.DataFrame,
    lait: pl.DataFrame | None,
    releases: dict[str, list[pl.DataFrame]] | None = None,
) -> pl.DataFrame:
    """`releases`: publication -> every release loaded (each is compared on its own)."""
    parts = []
    for ind in indicators:
        for check in ind.reconcile:
            for label, theirs, files in _theirs(check, lait, releases or {}):
                ours = values.filter(
                    (pl.col("indicator_id") == ind.id)
                    & pl.col("value").is_not_null()
                    & ~pl.col("source_file").is_in(files)
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
                        pl.lit(label).alias("other_source"),
                        "other_value",
                        diff.alias("difference"),
                        pl.lit(float(check["tolerance"])).alias("tolerance"),
                        (diff <= check["tolerance"]).alias("within_tolerance"),
                    )
                )
    if not parts:
        return pl.DataFrame(schema=SCHEMA)
    return pl.concat(parts).select([pl.col(k).cast(t) for k, t in SCHEMA.items()])
