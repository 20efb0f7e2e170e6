"""LAIT long dataset (parquet) and its data dictionary (CSV)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from etl.areas import AreaRegistry
from etl.errors import InputError, Warnings, library_failure
from etl.publications import contract as c
from etl.publications.sheets import frame
from etl.publications.text import csv_rows

# How LAIT labels a period, e.g. 2025, 2025 (Rev), 2024-25 (OT), 2024/25, 2014-16, 2014/15-16/17:
# a first period (a year, or a year and the last two digits of the next), optionally the last
# period of a multi-year span, and optionally a revision marker in brackets.
PERIOD = re.compile(r"^(\d{4})(?:[-/](\d{2}))?(?:-(\d{2})(?:/(\d{2}))?)?(?: \((\w+)\))?$")
REVISIONS = {"prov": "provisional", "Rev": "revised", "Final": "final", "OT": "outturn"}
# Which of several labels of the same measure, period end and area is kept: a final figure, then a
# revised one or an outturn, then one published without a marker, then a provisional one.
REVISION_RANK = {"final": 0, "revised": 1, "outturn": 1, "": 2, "provisional": 3}


@dataclass(frozen=True)
class Period:
    label: str
    time_period: int  # the year in which the (last) period ends
    years: int  # how many years the figure covers (3 for a three-year average such as 2014-16)
    revision: str | None  # provisional, revised, final or outturn; None when the label has no marker


def parse_period(label: str) -> Period | None:
    """A LAIT `Years` label read, or None when it names no period (the stray `0`)."""
    m = PERIOD.match(label.strip())
    if not m:
        return None
    start, first_yy, last_yy, last_yy2, marker = m.groups()
    first_end = int(start)
    if first_yy is not None:  # 2024-25 or 2024/25: the year to (August or March) 2025
        first_end = _next_year(int(start), first_yy)
        if first_end is None:  # 2014-16: three calendar or reporting years, 2014 to 2016
            span_end = _century(int(start), first_yy)
            if span_end is None or span_end <= int(start) or last_yy is not None:
                return None
            return _period(label, span_end, span_end - int(start) + 1, marker)
    end = first_end
    if last_yy is not None:  # 2014/15-16/17: from the year ending 2015 to the year ending 2017
        if first_yy is None or last_yy2 is None:
            return None
        end = _next_year(_century(first_end, last_yy) or 0, last_yy2) or 0
        if end <= first_end:
            return None
    return _period(label, end, end - first_end + 1, marker)


def _century(near: int, yy: str) -> int | None:
    """The 4-digit year ending in yy that is closest above near (within a decade)."""
    year = near - near % 100 + int(yy)
    if year < near:
        year += 100
    return year if year - near < 10 else None


def _next_year(start: int, yy: str) -> int | None:
    end = _century(start, yy)
    return end if end == start + 1 else None


def _period(label: str, end: int, years: int, marker: str | None) -> Period | None:
    if marker is not None and marker not in REVISIONS:
        return None
    if not 1990 <= end <= dt.date.today().year + 2:
        return None
    return Period(label, end, years, REVISIONS.get(marker) if marker else None)


def parquet_columns(path: Path) -> list[str]:
    try:
        return list(pl.read_parquet_schema(path).keys())
    except BaseException as e:  # any failure to read the footer (a polars panic included) means it is not a usable parquet file
        if not library_failure(e):
            raise
        raise InputError(path, f"not a readable parquet file: {type(e).__name__}") from None


def load(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    columns = parquet_columns(path)
    mapping = c.column_map(contract, columns, path)
    # LAIT's area names are not needed: areas are resolved from the LA number. DuckDB reads the body:
    # on a damaged page polars' reader panicked, printing a Rust backtrace, where DuckDB reports an error
    wanted = ", ".join('"' + v.replace('"', '""') + '"' for k, v in mapping.items() if k != "area_name")
    con = duckdb.connect(":memory:", config={"python_enable_replacements": False})
    try:
        raw = con.sql(f"SELECT {wanted} FROM read_parquet($1)", params=[str(path)]).pl()  # noqa: S608  # nosec B608 (the file's own column names, quoted)
    except BaseException as e:  # a damaged body: name the file, not the library's internals
        if not library_failure(e):
            raise
        raise InputError(path, f"the parquet data cannot be read ({str(e).splitlines()[0][:160] if str(e) else type(e).__name__})") from None
    finally:
        con.close()
    df = raw.rename({v: k for k, v in mapping.items() if k != "area_name"}).with_columns((pl.int_range(pl.len()) + 2).alias("_row"))
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
    # every measure is typed and loaded; each distinct `Years` label is read once
    df = df.with_columns(pl.col("measure", "years").str.strip_chars())
    periods = {label: parse_period(label) for label in df["years"].drop_nulls().unique().to_list()}
    unread = df.filter(pl.col("years").is_null() | pl.col("years").is_in([k for k, v in periods.items() if v is None]))
    if unread.height:
        counts = unread.group_by("measure", "years").len().sort("measure", "years")
        detail = "; ".join(f"{m} '{y}': {n:,} rows" for m, y, n in counts.iter_rows())
        warnings.add(path, f"{unread.height:,} rows have a Years value that names no period and are left out ({detail})")
        df = df.filter(pl.col("years").is_not_null() & pl.col("years").is_in([k for k, v in periods.items() if v is not None]))
    read = sorted((v.time_period, k) for k, v in periods.items() if v is not None)
    ok = pl.DataFrame(
        [(n, k, periods[k].time_period, periods[k].years, periods[k].revision, REVISION_RANK[periods[k].revision or ""]) for n, (_, k) in enumerate(read)],  # type: ignore[union-attr]
        schema={"period_no": pl.Int16, "years": pl.String, "time_period": pl.Int32, "period_years": pl.Int8, "revision": pl.String, "_revision": pl.Int8},
        orient="row",
    )
    df = df.join(ok, on="years", how="left", maintain_order="left").with_columns(
        pl.col("la_number").replace_strict(lookup, default=None, return_dtype=pl.String).alias("area_code"),
    )
    no_area = df["area_code"].is_null()
    if no_area.any():
        raise InputError(path, "an LA number is required", row=c.first_row(df, no_area), column="LA Number")
    return _values(df, contract, path, warnings).drop("la_number").with_columns(pl.lit(path.name).alias("source_file"))


def _values(df: pl.DataFrame, contract: c.Contract, path: Path, warnings: Warnings) -> pl.DataFrame:
    """`value` as a number and `suppression` as the symbol. The file's 640,000 cells are plain
    numbers or symbols: one pass settles that; anything else goes through the common parser,
    which names the first bad row."""
    raw = pl.col("value")
    number = raw.cast(pl.Float64, strict=False)
    symbol = raw.str.strip_chars()
    quick = df.select(
        number.alias("_n"),
        pl.when(symbol.is_in(list(c.SUPPRESSION_SYMBOLS))).then(symbol).alias("_s"),
    )
    plain = (quick["_n"].is_not_null() ^ quick["_s"].is_not_null()) & ~quick["_n"].is_nan() & ~quick["_n"].is_infinite()
    if df.height and plain.all() and quick["_n"].is_not_null().any():
        return df.with_columns(quick["_n"].alias("value"), quick["_s"].alias("suppression"))
    numeric = c.Field("value", ("value",), "number")
    parsed = c.parse_numbers(df, _only(contract, numeric), path, warnings)
    return parsed.rename({"value__sym": "suppression"})


def _only(contract: c.Contract, field: c.Field) -> c.Contract:
    return c.Contract(contract.publication, contract.title, contract.publisher, contract.format, contract.url, (field,))


def choose(lait: pl.DataFrame) -> pl.DataFrame:
    """Every row, with `chosen` true on the one kept for each measure, period end and area.

    The choice follows REVISION_RANK (final, then revised or outturn, then unmarked, then
    provisional); among equals a single-year figure beats a multi-year one, then the label sorts.
    Only measure-years published under more than one label need ranking.
    """
    key = ["measure", "time_period", "area_code"]
    # the distinct labels of each measure first (a few thousand), then the measure-years with several
    labels = lait.select("measure", "period_no", "time_period").unique(["measure", "period_no"])
    several = labels.group_by("measure", "time_period").len().filter(pl.col("len") > 1).drop("len")
    if several.is_empty():
        return lait.with_columns(pl.lit(True).alias("chosen"))
    flagged = lait.with_columns(pl.int_range(pl.len()).alias("_i"))
    contested = flagged.join(several, on=["measure", "time_period"], how="semi")
    winners = contested.sort(["_revision", "period_years", "years"]).unique(key, keep="first")["_i"]
    lost = contested.filter(~pl.col("_i").is_in(winners.implode()))["_i"]
    return flagged.with_columns((~pl.col("_i").is_in(lost.implode())).alias("chosen")).drop("_i")


def annual(lait: pl.DataFrame, measures: list[str] | None = None) -> pl.DataFrame:
    """One row per measure, period end and area: the chosen revision (see `choose`)."""
    chosen = lait if "chosen" in lait.columns else choose(lait)
    if measures is not None:
        chosen = chosen.filter(pl.col("measure").is_in(measures))
    return chosen.filter(pl.col("chosen"))


def load_dictionary(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    header, rows = csv_rows(path)
    df = frame(path, contract, header, rows)
    # cells written with CR CR LF line ends read as plain newlines
    df = df.with_columns(pl.col(pl.String).str.replace_all(r"\r+\n?", "\n").str.strip_chars())
    df = df.filter(pl.col("measure").is_not_null() & (pl.col("measure") != ""))
    repeated = df.filter(pl.col("measure").is_duplicated())["measure"].unique().sort().to_list()
    if repeated:
        warnings.add(path, f"measures described more than once (for each column the first value that is not NA is kept): {', '.join(repeated)}")
    # "NA" and empty cells say nothing; a measure described twice keeps, column by column, the first value given
    blank = [c for c in df.columns if c not in ("measure", "_row") and df.schema[c] == pl.String]
    df = df.with_columns([pl.when(pl.col(c).is_in(["", "NA"])).then(None).otherwise(pl.col(c)).alias(c) for c in blank])
    merged = df.group_by("measure", maintain_order=True).agg([pl.col(c).drop_nulls().first() for c in df.columns if c != "measure"])
    return merged.with_columns(pl.lit(path.name).alias("source_file"))
