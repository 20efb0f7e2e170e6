"""An authority a boundary change formed is aged from the day it began: BCP, formed on 1 April 2019,
was flagged at 31 March 2020 and 2021 for "no graded inspection is recorded", under two years old."""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight import flags
from oversight import queries as q


def _overdue(con, year: int) -> dict[str, str]:
    found = flags.flagged(con, year).filter(pl.col("rule_id") == "no_recent_inspection")
    return dict(found.select("area_code", "message").iter_rows())


def test_the_day_each_authority_began_is_read_from_the_boundary_changes(con):
    formed = dict(q.formed_on(con).iter_rows())
    assert formed["E06000058"] == dt.date(2019, 4, 1)  # BCP
    assert formed["E06000063"] == dt.date(2023, 4, 1)  # Cumberland
    assert "E08000007" not in formed  # Stockport: no boundary change


def test_a_new_authority_is_not_overdue_within_the_limit_of_its_start(con):
    first_inspected = con.execute("SELECT min(inspection_date) FROM ofsted_inspections WHERE area_code = 'E06000058' "
                                  "AND overall_grade IS NOT NULL").fetchall()[0][0]
    assert first_inspected > dt.date(2021, 3, 31)  # BCP's first graded inspection came after both dates below
    for year in (2020, 2021):
        assert "E06000058" not in _overdue(con, year), year


def test_a_new_authority_past_the_limit_is_flagged_from_its_start(con):
    """Aged from its start, not "no graded inspection is recorded": a rule of one year finds BCP, uninspected
    at 31 March 2021, two years after it began."""
    rule = next(r for r in flags.rules() if r.id == "no_recent_inspection")
    short = flags.Rule(rule.id, rule.severity, rule.check, rule.title, {"years": 1}, rule.short)
    data = flags.load(con, year=2021)
    found = flags.inspection_overdue(short, data)
    [bcp] = [f.message for f in found if f.area_code == "E06000058"]
    assert bcp == "No graded inspection in the 2.0 years since it was formed on 1 April 2019 (limit 1 years)."
