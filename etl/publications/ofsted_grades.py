"""Ofsted's grade wording under each framework -> one 1 to 4 scale (etl/reference/ofsted_grades.csv).

Every Ofsted reader grades through here, so the wording has one home. The framework stays beside
the grade: SLAC's 'adequate' (restated by Ofsted as 'Requires improvement to be good') and SIF's
'requires improvement' share grade 3 but not a meaning, and `scale_note` says so.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import polars as pl

from etl.errors import InputError

REFERENCE = Path(__file__).parent.parent / "reference" / "ofsted_grades.csv"
FRAMEWORKS = (
    "SLAC", "CPI", "CPRI", "TLAC", "SIF", "SIF re-inspection", "LSCB review",
    "ILACS standard", "ILACS short", "focused visit", "monitoring visit",
)


@lru_cache(maxsize=1)
def table() -> pl.DataFrame:
    with REFERENCE.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return pl.DataFrame(rows).with_columns(
        pl.col("wording").str.to_lowercase().str.strip_chars().alias("_key"), pl.col("grade").cast(pl.Int8)
    )


def adequate_frameworks() -> tuple[str, ...]:
    """The frameworks whose grade 3 was 'adequate' (before November 2013): those the reference file
    gives an 'Adequate' wording."""
    return tuple(table().filter(pl.col("_key") == "adequate")["framework"].unique(maintain_order=True).to_list())


# grade 3 of those frameworks in their own words (the warehouse's ofsted_grade_scales.grade_3_words)
ADEQUATE = "Adequate (restated by Ofsted as requires improvement to be good)"


def notes() -> pl.DataFrame:
    """One scale note per framework, and grade 3 in its own words where that was "adequate" (the
    warehouse's `ofsted_grade_scales`)."""
    return table().group_by("framework", maintain_order=True).agg(pl.col("scale_note").first()).with_columns(
        pl.when(pl.col("framework").is_in(adequate_frameworks())).then(pl.lit(ADEQUATE)).alias("grade_3_words")
    )


def grade(long: pl.DataFrame, where: Path | str, column: str = "grade_label") -> pl.DataFrame:
    """Add `grade`, `grade_label` (Ofsted's wording) and `scale_note` to rows with `framework` and a wording in `column`.

    Rows whose wording is null keep null grades (visits); an unknown wording is an error
    naming the row, the framework and the words the framework uses.
    """
    ref = table().select("framework", "_key", "grade", pl.col("grade_label").alias("_label"), "scale_note")
    keyed = long.with_columns(pl.col(column).str.to_lowercase().str.strip_chars().alias("_key"))
    out = keyed.join(ref, on=["framework", "_key"], how="left")
    bad = out.filter(pl.col("_key").is_not_null() & pl.col("grade").is_null())
    if bad.height:
        first = bad.sort("_row").row(0, named=True)
        allowed = table().filter(pl.col("framework") == first["framework"])["wording"].to_list()
        raise InputError(
            where,
            f"unknown grade '{first[column]}' for {first['framework']} (expected one of: {', '.join(allowed) or 'no grades for this framework'})",
            row=first["_row"],
            column=first.get("judgement") or column,
        )
    return out.drop("_key", column, strict=False).rename({"_label": "grade_label"})
