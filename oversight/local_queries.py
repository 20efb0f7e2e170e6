"""Reads for the "This year, locally" page: the authority's own in-year figures from the local
database (data/local.duckdb, written by `returns`) and the published benchmarks beside them from
the warehouse. Every query is one parameterised SELECT on the public views; no Streamlit here.

Where the indicator_comparison mart (sn_mean, band, england_value per indicator, year and area)
lands, `published_benchmarks` becomes one SELECT from it and `la_values` is no longer needed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from etl.areas import ENGLAND
from etl.returns.command import local_db_path
from oversight.analysis import direction, is_worse, rank_and_band

Con = duckdb.DuckDBPyConnection
MIN_SHOWN = 5  # counts of 1 to 4 are shown as c, as DfE suppresses them


def _df(con: Con, sql: str, params: list | None = None) -> pl.DataFrame:
    return con.sql(sql, params=params or None).pl()


def local_path() -> Path:
    return local_db_path()


def has_local() -> bool:
    return local_path().exists()


# --- the local database -------------------------------------------------------------------

def local_returns(lcon: Con) -> pl.DataFrame:
    return _df(lcon, "SELECT kind, source_file, area_code, time_period, spec_year, loaded_at FROM local_returns ORDER BY time_period DESC, kind")


def local_years(lcon: Con) -> list[int]:
    return [r[0] for r in lcon.execute("SELECT DISTINCT time_period FROM local_indicator_values ORDER BY 1 DESC").fetchall()]


def local_values(lcon: Con, year: int) -> pl.DataFrame:
    """The local figures for one collection year (already suppressed), with their definitions."""
    return _df(
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
    return _df(lcon, "SELECT measure, month, count, suppression FROM local_monthly WHERE time_period = ? ORDER BY measure, month", [year])


# --- the published warehouse (read-only) --------------------------------------------------

def area(con: Con, area_code: str) -> dict | None:
    rows = _df(con, "SELECT area_code, area_name, region_code, region_name FROM areas WHERE area_code = ?", [area_code])
    return rows.row(0, named=True) if rows.height else None


def published_benchmarks(con: Con, area_code: str, indicator_ids: list[str]) -> pl.DataFrame:
    """For each indicator: the LA's latest published year and value, its statistical neighbours'
    mean and standard deviation, its region's and England's values that year."""
    return _df(
        con,
        """
        WITH me AS (SELECT area_code, region_code FROM areas WHERE area_code = ?),
        latest AS (
            SELECT v.indicator_id, max(v.time_period) AS year FROM indicator_values v, me
            WHERE v.area_code = me.area_code AND v.value IS NOT NULL AND list_contains(?, v.indicator_id) GROUP BY 1
        ),
        nb AS (
            SELECT l.indicator_id, avg(v.value) AS sn_mean, stddev_samp(v.value) AS sn_sd, count(v.value) AS sn_count
            FROM latest l, me JOIN statistical_neighbours s ON s.area_code = me.area_code
            JOIN indicator_values v ON v.area_code = s.neighbour_code AND v.indicator_id = l.indicator_id AND v.time_period = l.year
            GROUP BY 1
        )
        SELECT l.indicator_id, l.year AS published_year, own.value AS published_value, nb.sn_mean, nb.sn_sd, nb.sn_count,
               reg.value AS region_value, eng.value AS england_value
        FROM latest l CROSS JOIN me
        LEFT JOIN indicator_values own ON own.indicator_id = l.indicator_id AND own.time_period = l.year AND own.area_code = me.area_code
        LEFT JOIN nb ON nb.indicator_id = l.indicator_id
        LEFT JOIN indicator_values reg ON reg.indicator_id = l.indicator_id AND reg.time_period = l.year AND reg.area_code = me.region_code
        LEFT JOIN indicator_values eng ON eng.indicator_id = l.indicator_id AND eng.time_period = l.year AND eng.area_code = ?
        """,
        [area_code, indicator_ids, ENGLAND],
    )


def la_values(con: Con, indicator_ids: list[str], years: list[int]) -> pl.DataFrame:
    """Every current LA's published value for each (indicator, year) pair, to band a local figure."""
    return _df(
        con,
        """
        SELECT v.indicator_id, v.time_period, v.area_code, v.value
        FROM indicator_values v JOIN areas a USING (area_code)
        JOIN (SELECT unnest(?) AS indicator_id, unnest(?) AS time_period) k USING (indicator_id, time_period)
        WHERE a.geographic_level = 'Local authority' AND a.is_current AND v.value IS NOT NULL
        """,
        [indicator_ids, years],
    )


# --- the comparison the page shows (pure) -------------------------------------------------

def comparison(local: pl.DataFrame, published: pl.DataFrame | None, las: pl.DataFrame | None) -> pl.DataFrame:
    """One row per local indicator: the local figure, the LA's last published figure, the change
    and its direction, SN mean, region, England, the band the local figure would have among every
    LA's last published figures, and a flag when it is worse than the SN mean by more than one SD."""
    rows = []
    pub = {r["indicator_id"]: r for r in published.iter_rows(named=True)} if published is not None else {}
    for r in local.iter_rows(named=True):
        p = pub.get(r["indicator_id"], {})
        value, polarity = r["value"], r["polarity"]
        band = None
        if value is not None and las is not None and p:
            pool = las.filter((pl.col("indicator_id") == r["indicator_id"]) & (pl.col("time_period") == p["published_year"])).select("area_code", "value")
            if pool.height:
                ranked = rank_and_band(pl.concat([pool, pl.DataFrame({"area_code": ["local"], "value": [value]})]), polarity)
                band = ranked.filter(pl.col("area_code") == "local")["quartile"][0]
        last = p.get("published_value")
        change = value - last if value is not None and last is not None else None
        flag = None
        mean, sd = p.get("sn_mean"), p.get("sn_sd")
        if value is not None and mean is not None and sd and is_worse(value, mean, polarity) and abs(value - mean) > sd:
            flag = "worse than statistical neighbours by more than 1 SD"
        rows.append({
            "indicator_id": r["indicator_id"], "indicator": r["name"], "unit": r["unit"], "decimals": r["decimals"], "polarity": polarity,
            "local": value, "suppression": r["suppression"], "published_year": p.get("published_year"), "published": last,
            "change": change, "direction": direction(change, polarity) if change is not None else "n/a",
            "sn_mean": mean, "region": p.get("region_value"), "england": p.get("england_value"), "band": band, "flag": flag,
        })
    schema = {"indicator_id": pl.String, "indicator": pl.String, "unit": pl.String, "decimals": pl.Int32, "polarity": pl.String, "local": pl.Float64,
              "suppression": pl.String, "published_year": pl.Int32, "published": pl.Float64, "change": pl.Float64, "direction": pl.String,
              "sn_mean": pl.Float64, "region": pl.Float64, "england": pl.Float64, "band": pl.String, "flag": pl.String}
    return pl.DataFrame(rows, schema=schema)
