"""A pack for a year counts the Ofsted judgements at 31 March as Ofsted's own table for that date does.
The 2023 pack gave 25, 65, 49 and 13 where Ofsted's 2023 statistics give 25, 65, 48 and 14: it counted
Liverpool's, Middlesbrough's and West Sussex's inspections of 13 March 2023, published in May, which
Ofsted's 2023 table leaves out (its 2025 table counts inspections published up to 14 May 2025)."""

from __future__ import annotations

import duckdb
import pytest

from oversight import ofsted_queries as oq
from oversight import report


def _counts(con, day: str) -> dict[int, int]:
    return dict(con.execute("SELECT overall_grade, count(*) FROM ofsted_as_at(?::DATE, inspected := true) GROUP BY 1", [day]).fetchall())


def test_the_2023_pack_counts_as_ofsteds_2023_table(con):
    assert _counts(con, "2023-03-31") == {1: 25, 2: 65, 3: 48, 4: 14}
    liverpool = con.execute("SELECT inspection_date, grade_label FROM ofsted_as_at(DATE '2023-03-31', inspected := true) WHERE area_code = 'E08000012'").fetchall()
    assert [(str(d), g) for d, g in liverpool] == [("2018-05-14", "Requires improvement to be good")]
    said = next(s.text for s in report.build(con, 2023).narrative if "Ofsted" in s.text and s.text.startswith("On 31 March 2023"))
    assert said.startswith("On 31 March 2023, as Ofsted's own table for that date counts them, 152 local authorities")
    assert "90 were judged good or outstanding overall (25 outstanding, 65 good), 48 were judged requires improvement to be good and 14 inadequate" in said


def test_every_authority_agrees_with_ofsteds_tables(con):
    """Authority by authority, the judgement and the inspection it came from, for each table loaded (2023 and 2025)."""
    tables = [d for (d,) in con.execute("SELECT DISTINCT as_at FROM ofsted_counted_at_31_march ORDER BY 1").fetchall()]
    assert [str(d) for d in tables] == ["2023-03-31", "2025-03-31"]
    for day in tables:
        differ = con.execute(
            "SELECT count(*) FROM ofsted_counted_at_31_march k LEFT JOIN ofsted_as_at(?::DATE, inspected := true) g USING (area_code) "
            "WHERE k.as_at = ? AND (g.overall_grade IS DISTINCT FROM k.overall_grade OR g.inspection_date IS DISTINCT FROM k.inspection_date)",
            [day, day],
        ).fetchall()[0][0]
        assert differ == 0, day
    assert _counts(con, "2025-03-31") == {1: 36, 2: 67, 3: 31, 4: 19}


def test_a_year_without_ofsteds_table_says_how_it_counts(con):
    assert oq.counted_basis(con, 2024).startswith("counting each authority's latest inspection carried out by then, whenever published (Ofsted's own table")


@pytest.fixture
def tiny() -> duckdb.DuckDBPyConnection:
    """Two inspections of one authority, the second carried out before 31 March and published after."""
    from pathlib import Path

    db = duckdb.connect()
    db.execute("CREATE TABLE ofsted_inspections (area_code VARCHAR, framework VARCHAR, inspection_type VARCHAR, inspection_date DATE, publication_date DATE, "
               "overall_grade TINYINT, grade_label VARCHAR, scale_note VARCHAR, visit_theme VARCHAR, source_file VARCHAR, official BOOLEAN, status_note VARCHAR)")
    db.execute("INSERT INTO ofsted_inspections VALUES ('E1', 'ILACS standard', NULL, DATE '2019-01-07', DATE '2019-03-01', 3, 'RI', NULL, NULL, 'f', true, NULL), "
               "('E1', 'ILACS standard', NULL, DATE '2023-03-13', DATE '2023-05-25', 4, 'Inadequate', NULL, NULL, 'f', true, NULL)")
    db.execute("CREATE TABLE ofsted_counted_at_31_march (as_at DATE, area_code VARCHAR, inspection_date DATE, overall_grade TINYINT, grade_label VARCHAR, source_file VARCHAR)")
    db.execute("CREATE TABLE areas (area_code VARCHAR, area_name VARCHAR, region_code VARCHAR, region_name VARCHAR)")
    db.execute("INSERT INTO areas VALUES ('E1', 'One', 'R', 'Region')")
    db.execute("CREATE MACRO local_authorities_on(d) AS TABLE SELECT * FROM areas")
    sql = (Path(__file__).parent.parent / "etl" / "sql" / "views.sql").read_text(encoding="utf-8")
    start = sql.index("CREATE OR REPLACE MACRO ofsted_as_at")
    db.execute(sql[start : sql.index(";", start)])
    return db


def _grade(db, day: str) -> int:
    return db.execute("SELECT overall_grade FROM ofsted_as_at(?::DATE, inspected := true)", [day]).fetchall()[0][0]


def test_without_ofsteds_table_the_inspection_carried_out_by_then_counts(tiny):
    assert _grade(tiny, "2023-03-31") == 4


def test_ofsteds_table_caps_each_authority_at_the_inspection_it_gives(tiny):
    tiny.execute("INSERT INTO ofsted_counted_at_31_march VALUES (DATE '2023-03-31', 'E1', DATE '2019-01-07', 3, 'RI', 'f')")
    assert _grade(tiny, "2023-03-31") == 3
    assert _grade(tiny, "2024-03-31") == 4  # another date: no table, the rule


def test_an_inspection_ofsteds_table_leaves_out_is_said_and_ages_the_authority(con):
    """Counting as Ofsted's 2023 table does left Liverpool flagged "no graded inspection for 4.9 years" as at 31 March 2023,
    though it was inspected on 13 March 2023, and West Sussex's Inadequate with nothing to say it had been inspected again."""
    import polars as pl

    from oversight import flags

    found = flags.flagged(con, 2023)
    assert found.filter((pl.col("area_name") == "Liverpool") & (pl.col("rule_id") == "no_recent_inspection")).is_empty()
    [sussex] = found.filter((pl.col("area_name") == "West Sussex") & (pl.col("rule_id") == "ofsted_inadequate"))["message"].to_list()
    assert sussex.endswith("is Inadequate; inspected again on 13 March 2023 (Requires improvement to be good, published 11 May 2023, after Ofsted's table for that date).")
    said = next(s.text for s in report.build(con, 2023).narrative if "Ofsted" in s.text and s.text.startswith("On 31 March 2023"))
    assert "; 6 inspections carried out by then, published after Ofsted's table, are not counted: Liverpool (Inadequate, published 25 May 2023); " in said  # semicolons: each name has commas of its own


def test_the_macro_gives_the_inspection_the_table_leaves_out(tiny):
    tiny.execute("INSERT INTO ofsted_counted_at_31_march VALUES (DATE '2023-03-31', 'E1', DATE '2019-01-07', 3, 'RI', 'f')")
    row = tiny.execute("SELECT overall_grade, later_inspection_date, later_publication_date, later_grade_label "
                       "FROM ofsted_as_at(DATE '2023-03-31', inspected := true)").fetchall()[0]
    assert [str(v) for v in row] == ["3", "2023-03-13", "2023-05-25", "Inadequate"]
    assert tiny.execute("SELECT later_inspection_date FROM ofsted_as_at(DATE '2024-03-31', inspected := true)").fetchall() == [(None,)]


def test_the_packs_map_names_the_overview_only_when_it_draws_from_it(con):
    """The 2023 and 2025 packs' maps cited the data-to-insight overview for "inspections published since", though
    every judgement they draw is Ofsted's own table's."""
    for year in (2023, 2025):
        assert report.build(con, year).subtitles["ofsted_map"] == [f"Source: {oq.OFFICIAL_SOURCE}."]
