"""LAIT long dataset (parquet) and its data dictionary (CSV)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl import catalogue
from etl.areas import AreaRegistry
from etl.errors import InputError, Warnings
from etl.publications import contract as c
from etl.publications.tables import frame
from etl.publications.text import csv_rows

YEAR = r"^(\d{4})(?: \((Rev|Final|prov)\))?$"
# A revised or final figure replaces the first published one, which replaces a provisional one.
REVISION_RANK = {"Rev": 0, "Final": 0, "": 1, "prov": 2}


def parquet_columns(path: Path) -> list[str]:
    try:
        return list(pl.read_parquet_schema(path).keys())
    except Exception as e:  # any failure to read the footer means it is not a usable parquet file
        raise InputError(path, f"not a readable parquet file: {type(e).__name__}") from None


def load(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    columns = parquet_columns(path)
    mapping = c.column_map(contract, columns, path)
    try:
        raw = pl.read_parquet(path, columns=list(mapping.values()))
    except Exception as e:  # a damaged body: name the file, not the library's internals
        raise InputError(path, f"the parquet data cannot be read: {type(e).__name__}") from None
    df = raw.rename({v: k for k, v in mapping.items()}).with_columns((pl.int_range(pl.len()) + 2).alias("_row"))
    if df.height == 0:
        raise InputError(path, "the dataset has no rows")
    missing_measure = df["measure"].is_null()
    if missing_measure.any():
        raise InputError(path, "a measure name is required", row=c.first_row(df, missing_measure), column="Short Desc")
    # every row's LA number is checked, on the distinct values only
    lookup = {}
    for code in df["la_number"].drop_nulls().unique().to_list():
        try:
            lookup[code] = registry.by_lait_code(str(code))
        except KeyError as e:
            row = c.first_row(df, (df["la_number"] == code).fill_null(False))
            raise InputError(path, f"{e.args[0]}; add new authorities to etl/reference/areas.csv", row=row, column="LA Number") from None
    # only the measures the catalogue uses are typed and loaded
    wanted = set(catalogue.lait_measures(catalogue.load()))
    keep = [m for m in df["measure"].unique().to_list() if m.strip() in wanted]
    df = df.filter(pl.col("measure").is_in(keep)).with_columns(pl.col(pl.String).str.strip_chars())
    parts = df["years"].str.extract_groups(YEAR)
    df = df.with_columns(
        pl.col("la_number").replace_strict(lookup, default=None, return_dtype=pl.String).alias("area_code"),
        pl.col("la_number").cast(pl.String).alias("la_number"),
        parts.struct.field("1").cast(pl.Int32).alias("time_period"),
        parts.struct.field("2").fill_null("").replace_strict(REVISION_RANK, default=3).alias("_revision"),
    )
    no_area = df["area_code"].is_null()
    if no_area.any():
        raise InputError(path, "an LA number is required", row=c.first_row(df, no_area), column="LA Number")
    numeric = c.Field("value", ("value",), "number")
    parsed = c.parse_numbers(df, _only(contract, numeric), path, warnings)
    return parsed.rename({"value__sym": "suppression"}).with_columns(pl.lit(path.name).alias("source_file"))


def _only(contract: c.Contract, field: c.Field) -> c.Contract:
    return c.Contract(contract.publication, contract.title, contract.publisher, contract.format, contract.url, (field,))


def annual(lait: pl.DataFrame, measures: list[str]) -> pl.DataFrame:
    """One row per measure, reporting year and area: the latest revision of an annual figure."""
    return (
        lait.filter(pl.col("measure").is_in(measures) & pl.col("time_period").is_not_null())
        .sort("_revision")
        .unique(["measure", "time_period", "area_code"], keep="first", maintain_order=True)
    )


def load_dictionary(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    header, rows = csv_rows(path)
    df = frame(path, contract, header, rows)
    df = df.filter(pl.col("measure").is_not_null())
    repeated = df.filter(pl.col("measure").is_duplicated())["measure"].unique().sort().to_list()
    if repeated:
        warnings.add(path, f"measures described more than once (the first description is kept): {', '.join(repeated)}")
    return df.unique("measure", keep="first", maintain_order=True).with_columns(pl.lit(path.name).alias("source_file"))
