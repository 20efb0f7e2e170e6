"""An indicator's methodology describes that figure: the catalogue's own where LAIT's dictionary note
for the measure describes another (its note for the assessments within 45 working days describes a
count of assessments, and one workforce note stood for all four workforce rates), LAIT's note
otherwise, and none where LAIT's note is its "-"."""

from __future__ import annotations

import duckdb
import pytest

from etl import catalogue
from tests.conftest import find


@pytest.fixture(scope="module")
def dictionary():
    raw = duckdb.connect()
    notes = dict(raw.execute(f"SELECT Measure_short, methodology FROM read_csv('{find('lait_dictionary')}', all_varchar=true)").fetchall())
    raw.close()
    return notes


def test_the_catalogues_own_methodology_is_the_warehouses(con):
    own = {i.id: i.methodology for i in catalogue.load() if i.methodology}
    assert {"assessments_45_days_pct", "sw_turnover_pct", "sw_agency_pct", "sw_vacancy_pct", "sw_caseload"} <= set(own)
    stored = dict(con.execute("SELECT indicator_id, methodology FROM indicators WHERE indicator_id IN (SELECT unnest(?))", [list(own)]).fetchall())
    assert stored == own


def test_laits_note_that_describes_another_figure_is_not_the_indicators(con, dictionary):
    assert dictionary["Continue_Assess_Comp"].startswith("Number of continuous assessments completed")  # LAIT's, for its percentage
    [(method,)] = con.execute("SELECT methodology FROM indicators WHERE indicator_id = 'assessments_45_days_pct'").fetchall()
    assert not method.startswith("Number of") and "divided by all assessments completed" in method
    workforce = [m for (m,) in con.execute("SELECT methodology FROM indicators WHERE indicator_id LIKE 'sw_%' AND headline").fetchall()]
    assert len(workforce) == 4 and len(set(workforce)) == 4  # one shared note had stood for all four


def test_laits_note_stays_where_the_catalogue_gives_none(con, dictionary):
    [(method,)] = con.execute("SELECT methodology FROM indicators WHERE indicator_id = 'cpp_reviewed_pct'").fetchall()
    assert method.split() == dictionary["RevCP"].split()  # as the dictionary gives it, its line ends aside


def test_laits_dash_is_no_methodology(con, dictionary):
    dashed = [m for m, note in dictionary.items() if (note or "").strip() == "-"]
    assert dashed  # LAIT gives "-" for some measures' notes
    assert con.execute("SELECT count(*) FROM indicators WHERE trim(methodology) = '-'").fetchall() == [(0,)]
