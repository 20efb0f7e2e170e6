"""Ofsted frames from every reader -> the warehouse's inspection history, judgements and reconciliation.

Official records (the outcomes workbook for ILACS and visits, the 2023 history for 2009 to 2017)
always win. The third-party overview adds only inspections that no official file holds yet,
marked `official = false` with a note naming its source; every inspection both hold is compared.
"""

from __future__ import annotations

import polars as pl

from etl.publications import ofsted_grades
from etl.publications.ofsted_at_31_march import COUNTED

# a reader's words: the file it came from is in source_file, and its licence in the load log and README
OVERVIEW_NOTE = "published by Ofsted, not yet in the official statistics (source: data-to-insight's overview of Ofsted's reports, third party)"
MATCH_DAYS = 14  # an overview inspection is the official one when their dates are this close

JUDGEMENT_SCHEMA = {
    "area_code": pl.String, "framework": pl.String, "inspection_type": pl.String, "inspection_date": pl.Date,
    "publication_date": pl.Date, "judgement": pl.String, "grade": pl.Int8, "grade_label": pl.String,
    "scale_note": pl.String, "visit_theme": pl.String, "source_file": pl.String, "official": pl.Boolean, "status_note": pl.String,
}
RECON_SCHEMA = {
    "area_code": pl.String, "inspection_date": pl.Date, "publication_date": pl.Date, "overview_grade": pl.Int8,
    "overview_grade_label": pl.String, "official_inspection_date": pl.Date, "official_publication_date": pl.Date,
    "official_grade": pl.Int8, "official_grade_label": pl.String, "official_source": pl.String, "overview_source": pl.String, "status": pl.String,
}


def _rows(df: pl.DataFrame | None) -> pl.DataFrame:
    if df is None:
        return pl.DataFrame(schema=JUDGEMENT_SCHEMA)
    if "status_note" not in df.columns:
        df = df.with_columns(pl.lit(None, pl.String).alias("status_note"))
    return df.select([pl.col(k).cast(v) for k, v in JUDGEMENT_SCHEMA.items()])


def build(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    both = pl.concat([_rows(frames.get("ofsted_outcomes")), _rows(frames.get("ofsted_history"))])
    # Ofsted's own tables of the judgements at 31 March travel with the inspections: their own table
    counted = both.filter(pl.col("framework") == COUNTED)
    official = both.filter(pl.col("framework") != COUNTED)
    overview = _rows(frames.get("ofsted_overview"))
    recon = reconcile(official, overview)
    new_keys = recon.filter(pl.col("status") == "only in overview").select("area_code", "publication_date")
    extra = overview.join(new_keys, on=["area_code", "publication_date"], how="semi")
    extra = extra.with_columns(pl.lit(OVERVIEW_NOTE).alias("status_note"))
    rows = pl.concat([official, extra])
    return {
        "ofsted_judgements": rows.filter(pl.col("judgement").is_not_null()),
        "ofsted_inspections": inspections(rows),
        "ofsted_reconciliation": recon,
        "ofsted_grade_scales": ofsted_grades.notes(),
        "ofsted_counted_at_31_march": counted.select(
            pl.col("publication_date").alias("as_at"), "area_code", "inspection_date", pl.col("grade").alias("overall_grade"), "grade_label", "source_file",
        ).unique(["as_at", "area_code"], keep="first", maintain_order=True).sort("as_at", "area_code"),
    }


def inspections(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per inspection or visit, with its overall grade where the framework gives one."""
    keys = ["area_code", "framework", "inspection_type", "inspection_date", "publication_date", "visit_theme", "source_file", "official", "status_note"]
    overall = pl.col("judgement") == "overall_effectiveness"
    return (
        rows.group_by(keys, maintain_order=True)
        .agg(
            pl.col("grade").filter(overall).first().alias("overall_grade"),
            pl.col("grade_label").filter(overall).first().alias("grade_label"),
            pl.col("scale_note").drop_nulls().first().alias("scale_note"),
        )
        .sort("area_code", "publication_date", "framework")
    )


def reconcile(official: pl.DataFrame, overview: pl.DataFrame) -> pl.DataFrame:
    """Every overview inspection against the official ILACS inspection of the same LA and time."""
    if overview.height == 0:
        return pl.DataFrame(schema=RECON_SCHEMA)
    ov = inspections(overview).select(
        "area_code", "inspection_date", "publication_date",
        pl.col("overall_grade").alias("overview_grade"), pl.col("grade_label").alias("overview_grade_label"),
        pl.col("source_file").alias("overview_source"),
    )
    off = inspections(official.filter(pl.col("framework").str.starts_with("ILACS"))).select(
        "area_code", pl.col("inspection_date").alias("official_inspection_date"),
        pl.col("publication_date").alias("official_publication_date"),
        pl.col("overall_grade").alias("official_grade"), pl.col("grade_label").alias("official_grade_label"),
        pl.col("source_file").alias("official_source"),
    )
    near = (
        ((pl.col("inspection_date") - pl.col("official_inspection_date")).dt.total_days().abs() <= MATCH_DAYS).fill_null(False)
        | ((pl.col("publication_date") - pl.col("official_publication_date")).dt.total_days().abs() <= MATCH_DAYS).fill_null(False)
    )
    pairs = ov.join(off, on="area_code", how="left").filter(near).unique(["area_code", "publication_date"], keep="first", maintain_order=True)
    out = ov.join(pairs.select("area_code", "publication_date", *[c for c in off.columns if c != "area_code"]), on=["area_code", "publication_date"], how="left")
    status = (
        pl.when(pl.col("official_publication_date").is_null()).then(pl.lit("only in overview"))
        .when(pl.col("overview_grade").eq_missing(pl.col("official_grade"))).then(pl.lit("agree"))
        .otherwise(pl.lit("differ"))
    )
    return out.with_columns(status.alias("status")).select([pl.col(k).cast(v) for k, v in RECON_SCHEMA.items()]).sort("area_code")
