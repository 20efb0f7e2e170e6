"""Every download's bytes (CSV and XLSX) and the report workbook's cells go through here, so text
that a spreadsheet would run as a formula (starting with =, +, -, @, or a tab or carriage return)
is neutralised with a leading apostrophe. Numbers stay numbers (a negative number is not text, nor is one
written as text, "-3"), and
a lone "-", LAIT's mark for no figure, stays as published: a spreadsheet reads it as text."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from oversight.formatting import column_label, direction_words, period_text, rounded, suppressed

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NOT_A_FORMULA = "-"  # LAIT's dash alone
NEGATIVE_NUMBER = r"^-\d+(\.\d+)?$"  # a figure written as printed ("-3", "-0.5"): a spreadsheet reads a number, never a formula


def safe_cell(value: object) -> object:
    """A text value that would start a formula gets a leading apostrophe; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and value != NOT_A_FORMULA and not re.fullmatch(NEGATIVE_NUMBER, value):
        return "'" + value
    return value


def neutralise(df: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell made safe (numeric, date and boolean columns untouched)."""
    text = [c for c, t in df.schema.items() if t == pl.String or t == pl.Categorical or t == pl.Enum]
    if not text:
        return df
    return df.with_columns(
        pl.when(pl.col(c).cast(pl.String).str.contains(r"^[=+\-@\t\r]") & (pl.col(c).cast(pl.String) != NOT_A_FORMULA)
                & ~pl.col(c).cast(pl.String).str.contains(NEGATIVE_NUMBER))
        .then(pl.lit("'") + pl.col(c).cast(pl.String))
        .otherwise(pl.col(c).cast(pl.String))
        .alias(c)
        for c in text
    )


def _flat(df: pl.DataFrame) -> pl.DataFrame:
    """Nested columns (lists, structs: sparklines) do not go into a flat file, and numbers go without
    binary residue (an SN average of 20.860000000000003 is 20.86; ten decimals keep every computed
    rate's precision)."""
    return df.select([c for c, t in df.schema.items() if not t.is_nested()]).with_columns(pl.col(pl.Float32, pl.Float64).round(10))


def profile_figures(rows: pl.DataFrame) -> pl.DataFrame:
    """The profile's download (rows from queries.latest_for_area): each indicator's figures as
    numbers, with their year and the publisher's mark where there is no figure, for a spreadsheet
    to sort and sum; the page shows them as text ("5 (2021)", "+15.5"). The figures are whole (a rate
    worked out here has all its digits: England's referrals 519.4362...); `decimals` says how many the
    publisher gives and the page shows, so a spreadsheet can round them as printed. `outcome_or_topic`
    is the group the page lists it under: its National Framework outcome or enabler, or else LAIT's topic
    (the column had been headed `topic` while it held "Family help"). Beside the whole figures,
    `value_as_shown`, `previous_value_as_shown` and `change_as_shown` are rounded to `decimals` and written as the
    page prints the number ("67", "22.6"; no unit), for a report's table (a report writer found 519.4362381203 beside LAIT's 22.6),
    `sn_median` and `sn_count` (the neighbours with a figure) beside the SN average, `direction` as the tiles word it
    ("up, worse": `formatting.direction_words`), `period` the period in words
    ("the year to 31 March 2025", "30 September 2025"), and `source` says where each indicator comes from."""
    # written as printed, "67" and "22.6": as floats a whole-number rate read "67.0" in the file beside 67 on the page
    shown = {f"{c}_as_shown": [None if v is None else str(rounded(v, d)) for v, d in zip(rows[c], rows["decimals"], strict=True)]
             for c in ("value", "previous_value", "change")}
    # the period in words beside LAIT's year type: "Annual" did not say the figure is at 31 March
    period = [None if y is None else period_text(t, y, preposition=False) for t, y in zip(rows["year_type"], rows["time_period"], strict=True)]
    return rows.with_columns(*(pl.Series(k, v, dtype=pl.String) for k, v in shown.items()), pl.Series("period", period, dtype=pl.String)).select(
        "indicator_id", "name", pl.col("topic").alias("outcome_or_topic"), "unit", "decimals", "year_type", "time_period", "period", "period_label", "revision",
        "value", "value_as_shown",
        "suppression", "previous_year", "previous_value", "previous_value_as_shown", "previous_suppression", "change", "change_as_shown",
        direction_words(), "rank", "ranked_of", "band", "sn_mean", "sn_median", "sn_count", "region_value", "england_value", "source",
    )


def england_figures(rows: pl.DataFrame) -> pl.DataFrame:
    """The national page's download: England's headline figures as the profile's download gives an
    authority's, without the columns that compare authorities (rank, band, neighbours, region)."""
    return profile_figures(rows).drop("rank", "ranked_of", "band", "sn_mean", "sn_median", "sn_count", "region_value", "england_value")


NOTHING_PUBLISHED = "nothing published for this year"


def by_series(data: pl.DataFrame, order: list[str] | None = None, absent: Callable[[str, int], str] | None = None) -> pl.DataFrame:
    """A tidy (time_period, series, value, suppression) frame as a report takes it: a row per Year, a
    column of figures per series (in `order`, then the frame's), and after the figures of a series with a
    year without a figure, a note saying why ("Stockport: note": "no figure (-)", "suppressed (c)", or
    "not available" where the publisher gave no symbol), so an empty cell is never left unexplained. A
    year another series has and this one has no row for at all is said by `absent(series, year)`
    ("West Northamptonshire did not exist yet"), else NOTHING_PUBLISHED."""
    if data.is_empty():
        return data.select(pl.col("time_period").alias("Year"))
    wide = data.pivot(on="series", index="time_period", values="value", aggregate_function="first").sort("time_period")
    # a year with no row for a series: West Northamptonshire's 2013 to 2021 had been blank cells without a note
    grid = data.select("series").unique().join(data.select("time_period").unique(), how="cross")
    missing = grid.join(data.select("series", "time_period"), on=["series", "time_period"], how="anti").with_columns(
        pl.struct("series", "time_period").map_elements(lambda r: absent(r["series"], r["time_period"]) if absent else NOTHING_PUBLISHED,
                                                        return_dtype=pl.String).alias("_absent"), pl.lit(None, pl.Float64).alias("value"))
    data = pl.concat([data.with_columns(pl.lit(None, pl.String).alias("_absent")), missing], how="diagonal_relaxed")
    reasons = data.filter(pl.col("value").is_null())
    columns = ["time_period"]
    present = data["series"].unique(maintain_order=True).to_list()
    for series in [s for s in order or [] if s in present] + [s for s in present if s not in (order or [])]:
        columns.append(series)
        if (why := reasons.filter(pl.col("series") == series)).height:
            columns.append(f"{series}: note")
            words = {s: suppressed(s) for s in why["suppression"].unique().to_list()}  # None too: "not available"
            said = pl.coalesce("_absent", pl.col("suppression").replace_strict(words, default=suppressed(None)))
            wide = wide.join(why.select("time_period", said.alias(columns[-1])), on="time_period", how="left")
    return wide.select(columns).rename({"time_period": "Year"})


def headed(df: pl.DataFrame, headings: dict[str, str] | None = None) -> pl.DataFrame:
    """The frame's columns headed as its table on screen heads them: `headings` (the page's own words),
    else formatting.column_label's, where that leaves no two columns alike (the map's CSV had said
    "area_name", "value" and "suppression" under a table of "Area", "Value", "Note")."""
    labels = [(headings or {}).get(c, column_label(c)) for c in df.columns]
    return df.rename({c: h for c, h in zip(df.columns, labels, strict=True) if labels.count(h) == 1 and (h == c or h not in df.columns)})


def with_context(df: pl.DataFrame, context: dict[str, object] | None) -> pl.DataFrame:
    """The frame with what it is about as its first columns, the same on every row (Indicator,
    Unit, Year...): a CSV pasted into a report, or opened a month later, still says what its figures are."""
    if not context:
        return df
    return df.select(*(pl.lit(v).alias(k) for k, v in context.items()), pl.all())


def csv_bytes(df: pl.DataFrame) -> bytes:
    """A CSV download, safe to open in a spreadsheet: formulas neutralised, and UTF-8 marked as such
    by a byte order mark, which Excel needs to read it so ("£ per child" had opened as "Â£ per child")."""
    return neutralise(_flat(df)).write_csv().encode("utf-8-sig")


def fit_column(ws: object, j: int, heading: str, values: list) -> int:
    """A sheet's column j as wide as its heading or longest value, at least 10 and at most 60
    characters (a longer text is cut in view, whole in its cell); returns that longest length."""
    width = max([len(str(heading))] + [len(str(v)) for v in values if v is not None])
    ws.column_dimensions[ws.cell(1, j).column_letter].width = min(60, max(10, width + 2))  # type: ignore[attr-defined]
    return width


def xlsx_bytes(sheets: pl.DataFrame | dict[str, pl.DataFrame], sheet: str = "data") -> bytes:
    """An XLSX download, one sheet per frame: bold header row, frozen; numbers as numbers; text neutralised."""
    frames = sheets if isinstance(sheets, dict) else {sheet: sheets}
    wb = Workbook()
    wb.remove(wb.active)
    for name, df in frames.items():
        ws = wb.create_sheet(name[:31])
        flat = _flat(df)
        ws.append([safe_cell(str(c)) for c in flat.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in flat.iter_rows():
            ws.append([safe_cell(v) for v in row])
        for j, col in enumerate(flat.columns, start=1):  # names whole
            if fit_column(ws, j, col, flat[col].head(500).to_list()) > 60:  # a note wraps in its cell rather than running past the window
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "B2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
