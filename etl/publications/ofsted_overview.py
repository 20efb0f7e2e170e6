"""The data-to-insight ILACS overview: each LA's latest ILACS inspection, scraped from Ofsted's reports.

Third-party (MIT), not official statistics: every row carries `official = false`. Its quirks:
grades in lower case and shortened ('requires improvement'), 'nan'/'None' for no grade,
inspection dates as dd/mm/yyyy text and publication dates as dd/mm/yy, names in lower case, and
an `ltla23cd` that is not always a valid code, so LAs are placed by the 3-digit `la_code`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl.areas import AreaRegistry, UnknownArea
from etl.errors import InputError, Warnings
from etl.publications import contract as c
from etl.publications import ofsted_grades
from etl.publications.sheets import body_below, find_sheet, frame

JUDGEMENTS = ("overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care", "care_leavers")
FRAMEWORKS = {"standard": "ILACS standard", "short": "ILACS short"}
# each type as Ofsted's official tables name it, so one inspection table does not read "ILACS short" for
# some authorities and "ILACS Short Inspection" for the rest
TYPES = {"standard": "ILACS Standard Inspection", "short": "ILACS Short Inspection"}
NO_GRADE = ("nan", "none", "inspection_pre_dates_judgement")


def load(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    found = find_sheet(path, contract)
    if found is None:
        raise InputError(path, "no sheet with the ILACS overview columns (la_code, overall_effectiveness_grade, ...)")
    sheet, rows, at = found
    where = Path(f"{path} [{sheet}]")
    body = body_below(rows, at)
    df = frame(where, contract, rows[at], body)
    df = df.with_columns(pl.col(pl.String).exclude("_row").replace({"nan": None, "None": None}))
    codes = []
    for row, code in zip(df["_row"], df["la_code"], strict=True):
        try:
            codes.append(registry.by_old_code(code or ""))
        except UnknownArea as e:
            raise InputError(where, f"{e.args[0]}; add new authorities to etl/reference/areas.csv", row=row, column="la_code") from None
    df = df.with_columns(
        pl.Series("area_code", codes),
        c.parse_dates(df, "inspection_date", where, "%d/%m/%Y"),
        c.parse_dates(df, "publication_date", where, "%d/%m/%y"),
        pl.col("inspection_framework").str.to_lowercase().replace_strict(FRAMEWORKS, default=None).alias("framework"),
    )
    def named(rows: pl.DataFrame) -> str:
        """The authorities as the warehouse names them: the overview's own are in lower case ("brighton and hove")."""
        return ", ".join(registry.areas[code].area_name for code in rows["area_code"].to_list())

    ungraded = df.filter(pl.col("overall_effectiveness").is_null())
    if ungraded.height:
        warnings.add(path, f"{ungraded.height} inspections in the overview have no overall effectiveness grade ({named(ungraded)}); kept with their other judgements")
    unknown = df.filter(pl.col("inspection_framework").is_not_null() & pl.col("framework").is_null())
    if unknown.height:
        raise InputError(where, f"unknown inspection framework '{unknown['inspection_framework'][0]}' (expected standard or short)", row=unknown["_row"][0], column="inspection_framework")
    untyped = df.filter(pl.col("framework").is_null())
    if untyped.height:
        warnings.add(path, f"{untyped.height} inspections in the overview do not say whether they were standard or short ({named(untyped)}); graded on the ILACS scale and typed 'ILACS (type not given)'")
    df = df.with_columns(
        pl.col("inspection_framework").str.to_lowercase().replace_strict(TYPES, default="ILACS (type not given)").alias("inspection_type"),
        pl.col("framework").fill_null("ILACS standard"),
    )
    long = df.unpivot(index=["_row", "area_code", "framework", "inspection_type", "inspection_date", "publication_date"], on=list(JUDGEMENTS), variable_name="judgement", value_name="grade_label")
    long = long.filter(pl.col("grade_label").is_not_null() & ~pl.col("grade_label").str.to_lowercase().is_in(NO_GRADE))
    long = ofsted_grades.grade(long, where)
    c.check_unique(long, ["area_code", "publication_date", "judgement"], where)
    return long.with_columns(
        pl.lit(path.name).alias("source_file"),
        pl.lit(False).alias("official"),
        pl.lit(None, pl.String).alias("visit_theme"),
    )
