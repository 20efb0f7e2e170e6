"""The LA's ONS estimates of children aged 0 to 17, read from the published warehouse (read-only)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from etl import publish

SCHEMA = {"mid_year": pl.Int32, "area_code": pl.String, "population_estimate": pl.Float64, "source_file": pl.String}


def read(warehouse: Path | None, area_code: str) -> tuple[pl.DataFrame, str | None]:
    """(the LA's estimates, a warning if there are none)."""
    if warehouse is None or not warehouse.exists():
        return pl.DataFrame(schema=SCHEMA), f"no published warehouse at {warehouse}: rates per 10,000 are left blank (x)"
    try:
        con = publish.attach(warehouse)
        try:
            df = con.sql("SELECT mid_year::INTEGER AS mid_year, area_code, population_estimate, source_file FROM population WHERE area_code = ?", params=[area_code]).pl()
        finally:
            con.close()
    except duckdb.Error as e:
        return pl.DataFrame(schema=SCHEMA), f"the published warehouse {warehouse} cannot be read ({publish.first_line(e)}): rates per 10,000 are left blank (x)"
    df = df.cast(SCHEMA)  # type: ignore[arg-type]
    return df, None if df.height else f"the published warehouse has no population estimate for {area_code}: rates per 10,000 are left blank (x)"
