"""Reads for the "This year, locally" page: the authority's own in-year figures from the local
database (data/local.duckdb, written by `returns`) and the published benchmarks beside them from
the warehouse. Every query is one parameterised SELECT on the public views; no Streamlit here.

The published benchmarks are one SELECT on the indicator_comparison mart; the local figures are
placed against them with the mart's own rules (the macros direction_of, band_of and sn_gap_of in
etl/sql/marts.sql), so nothing here decides polarity, ranks or bands."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from etl.returns.command import local_db_path
from oversight.db import frame

Con = duckdb.DuckDBPyConnection
MIN_SHOWN = 5  # counts of 1 to 4 are shown as c, as DfE suppresses them


def local_path() -> Path:
    return local_db_path()


def has_local() -> bool:
    return local_path().exists()


# --- the local database -------------------------------------------------------------------

def local_returns(lcon: Con) -> pl.DataFrame:
    return frame(lcon, "SELECT kind, source_file, area_code, time_period, spec_year, loaded_at FROM local_returns ORDER BY time_period DESC, kind")


def local_years(lcon: Con) -> list[int]:
    return [r[0] for r in lcon.execute("SELECT DISTINCT time_period FROM local_indicator_values ORDER BY 1 DESC").fetchall()]


def local_values(lcon: Con, year: int) -> pl.DataFrame:
    """The local figures for one collection year (already suppressed), with their definitions."""
    return frame(
        lcon,
        """
        SELECT v.indicator_id, i.name, i.unit, i.polarity, i.decimals, i.definition, i.published, i.sort_order,
               v.time_period, v.area_code, v.value, v.numerator, v.denominator, v.suppression, v.source_file
        FROM local_indicator_values v JOIN local_indicators i USING (indicator_id)
        WHERE v.time_period = ? ORDER BY i.sort_order
        """,
        [year],
    )


def local_monthly(lcon: Con, year: int) -> pl.DataFrame:
    return frame(lcon, "SELECT measure, month, count, suppression FROM local_monthly WHERE time_period = ? ORDER BY measure, month", [year])


# --- the published warehouse (read-only) --------------------------------------------------

def area(con: Con, area_code: str) -> dict | None:
    rows = frame(con, "SELECT area_code, area_name, region_code, region_name FROM areas WHERE area_code = ?", [area_code])
    return rows.row(0, named=True) if rows.height else None


def published_benchmarks(con: Con, area_code: str, year: int, indicator_ids: list[str], local_values: list[float | None]) -> pl.DataFrame:
    """For each local figure of collection year `year`: the LA's latest published year before it
    and its value, the change and its direction, the band the local figure falls in among that
    year's published LA figures (the mart's cut-offs), its neighbours' mean and standard deviation,
    its region's and England's values that year, and how many neighbour SDs the local figure is
    worse than their mean. A return of an earlier year is set against the figures published
    before it, never against later ones."""
    return frame(
        con,
        """
        WITH loc AS (SELECT unnest($2::VARCHAR[]) AS indicator_id, unnest($3::DOUBLE[]) AS local),
        latest AS (
            SELECT c.*, better_of(i.polarity) AS better, i.decimals
            FROM indicator_comparison c JOIN indicators i USING (indicator_id)
            WHERE c.area_code = $1 AND c.value IS NOT NULL AND list_contains($2, c.indicator_id) AND c.time_period < $4
            QUALIFY row_number() OVER (PARTITION BY c.indicator_id ORDER BY c.time_period DESC) = 1
        )
        SELECT l.indicator_id, l.time_period AS published_year, l.value AS published_value,
               loc.local - l.value AS change, direction_of(loc.local - l.value, l.better, l.decimals) AS direction,
               band_of(loc.local, [l.band_q1, l.band_q2, l.band_q3], l.better) AS band,
               l.sn_mean, l.sn_sd, l.sn_count, sn_gap_of(loc.local, l.sn_mean, l.sn_sd, l.better) AS sn_gap_sd,
               l.region_value, l.england_value
        FROM latest l JOIN loc USING (indicator_id)
        """,
        [area_code, indicator_ids, local_values, year],
    )


# --- the comparison the page shows (pure) -------------------------------------------------

FAR_BELOW = 4  # a count under a quarter of the last published one: is the return whole?


def far_below_published(table: pl.DataFrame) -> pl.DataFrame:
    """The rows of `comparison` whose local count is under a quarter of the authority's last
    published count: a return that holds part of the year, or some of the children, says so here
    before its figures are set against the published ones (Camden's 9 referrals against 2,015)."""
    return table.filter((pl.col("unit") == "count") & (pl.col("local") * FAR_BELOW < pl.col("published")))


def comparison(local: pl.DataFrame, published: pl.DataFrame | None) -> pl.DataFrame:
    """One row per local indicator: the local figure beside what published_benchmarks worked out
    for it (nothing is computed here), and a flag when it is worse than the SN mean by more than one SD."""
    rows = []
    pub = {r["indicator_id"]: r for r in published.iter_rows(named=True)} if published is not None else {}
    for r in local.iter_rows(named=True):
        p = pub.get(r["indicator_id"], {})
        gap = p.get("sn_gap_sd")
        rows.append({
            "indicator_id": r["indicator_id"], "indicator": r["name"], "unit": r["unit"], "decimals": r["decimals"], "polarity": r["polarity"],
            "local": r["value"], "suppression": r["suppression"], "published_year": p.get("published_year"), "published": p.get("published_value"),
            "change": p.get("change"), "direction": p.get("direction") or "n/a",
            "sn_mean": p.get("sn_mean"), "region": p.get("region_value"), "england": p.get("england_value"), "band": p.get("band"),
            "flag": "worse than statistical neighbours by more than 1 SD" if gap is not None and gap > 1 else None,
        })
    schema = {"indicator_id": pl.String, "indicator": pl.String, "unit": pl.String, "decimals": pl.Int32, "polarity": pl.String, "local": pl.Float64,
              "suppression": pl.String, "published_year": pl.Int32, "published": pl.Float64, "change": pl.Float64, "direction": pl.String,
              "sn_mean": pl.Float64, "region": pl.Float64, "england": pl.Float64, "band": pl.String, "flag": pl.String}
    return pl.DataFrame(rows, schema=schema)
