"""Population bases that the current estimates lack, implied by a release's own count and rate.

The current population file has `x` for Bournemouth, Poole and the old Dorset county, although
their counts are published for 2013 to 2019. Earlier releases of the children in need tables
publish, beside each count, a rate per 10,000 rounded to one decimal: each pair bounds the base
(count / (rate + 0.05) to count / (rate - 0.05), times 10,000). The bounds of every pair a
release gives for an area and year are intersected and the middle, rounded, is the base, recorded
with the file it came from. It is used only where the population file has no figure.

`reference/population_bases.csv` holds the bases found this way in the 2013 to 2023 releases (they
fit within 2 to 12 children), for builds whose sources hold no such release; a release in the
sources takes precedence.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

REFERENCE = Path(__file__).parent / "reference" / "population_bases.csv"
REFERENCE_LABEL = "population_bases.csv (implied by the b1 and c1 2013 to 2023 releases' counts and rates)"

# publication -> (count field, rate field) pairs published side by side
PAIRS: dict[str, tuple[tuple[str, str], ...]] = {
    "cin_children_in_need": (("At31_episodes", "At31_episodes_rate"), ("Anypoint_episodes", "Anypoint_episodes_rate")),
    "cin_referrals": (("referral_count", "referral_rate"),),
}
HALF_STEP = 0.05  # published rates have one decimal place


def implied_bases(releases: list[pl.DataFrame]) -> pl.DataFrame:
    """mid-year (time_period - 1), area_code, population_estimate, source_file."""
    bounds = []
    for df in releases:
        for pub, pairs in PAIRS.items():
            if df.height == 0 or df["_publication"][0] != pub:
                continue
            for count, rate in pairs:
                if count not in df.columns or rate not in df.columns:
                    continue
                ok = df.filter(pl.col(count).is_not_null() & (pl.col(rate) > HALF_STEP) & (pl.col(count) > 0))
                bounds.append(
                    ok.select(
                        (pl.col("time_period") - 1).cast(pl.Int32).alias("time_period"),
                        "area_code",
                        (pl.col(count) / (pl.col(rate) + HALF_STEP) * 10000).alias("lo"),
                        (pl.col(count) / (pl.col(rate) - HALF_STEP) * 10000).alias("hi"),
                        pl.format("implied by {} ÷ {} in {}", pl.lit(count), pl.lit(rate), pl.col("source_file")).alias("how"),
                    )
                )
    if not bounds:
        return pl.DataFrame(schema={"time_period": pl.Int32, "area_code": pl.String, "population_estimate": pl.Float64, "source_file": pl.String})
    return (
        pl.concat(bounds)
        .group_by("time_period", "area_code")
        .agg(pl.col("lo").max(), pl.col("hi").min(), pl.col("how").unique().sort().str.join("; "))
        .filter(pl.col("lo") <= pl.col("hi"))
        .select(
            "time_period",
            "area_code",
            ((pl.col("lo") + pl.col("hi")) / 2).round(0).alias("population_estimate"),
            pl.col("how").alias("source_file"),
        )
    )


def fill_gaps(population: pl.DataFrame, releases: list[pl.DataFrame]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The population frame with its missing bases filled where a release implies them; and the rows filled."""
    implied = implied_bases(releases)
    reference = pl.read_csv(REFERENCE, schema_overrides={"mid_year": pl.Int32, "population_estimate": pl.Float64}).select(
        pl.col("mid_year").alias("time_period"), "area_code", "population_estimate", pl.lit(REFERENCE_LABEL).alias("source_file")
    )
    implied = pl.concat([implied, reference.join(implied, on=["time_period", "area_code"], how="anti")])
    missing = population.filter(pl.col("population_estimate").is_null()).select("time_period", "area_code")
    filled = implied.join(missing, on=["time_period", "area_code"], how="inner")
    if filled.height == 0:
        return population, filled
    rows = filled.with_columns(pl.lit(None, dtype=pl.String).alias("population_estimate__sym"))
    kept = population.join(filled.select("time_period", "area_code"), on=["time_period", "area_code"], how="anti")
    return pl.concat([kept, rows], how="diagonal_relaxed").sort("time_period", "area_code"), filled
