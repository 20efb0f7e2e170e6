"""Each build check (etl/checks.py) passes on a sound tiny warehouse and fails on one broken in
exactly the way it looks for."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from etl import checks
from tests.tiny_warehouse import LAS, build, indicator

BREAK = {  # check -> SQL that breaks a sound warehouse in the way that check must catch
    "views_present": "DROP VIEW population",
    "values_unique": "INSERT INTO warehouse.indicator_values SELECT * FROM warehouse.indicator_values LIMIT 1",
    "values_known_areas": "INSERT INTO warehouse.indicator_values BY NAME SELECT 'x' AS indicator_id, 2025 AS time_period, 'E99999999' AS area_code, 1.0 AS value",
    "values_known_indicators": f"INSERT INTO warehouse.indicator_values BY NAME SELECT 'not_in_catalogue' AS indicator_id, 2025 AS time_period, '{LAS[0]}' AS area_code, 1.0 AS value",
    "suppression_consistent": f"UPDATE warehouse.indicator_values SET suppression = 'c' WHERE area_code = '{LAS[0]}'",
    "values_not_negative": f"UPDATE warehouse.indicator_values SET value = -1 WHERE area_code = '{LAS[0]}'",
    "grades_valid": "UPDATE warehouse.ofsted_judgements SET grade = 5",
    "neighbours_known": "UPDATE warehouse.neighbours_in_use SET neighbour_code = 'E99999999'",  # what the statistical_neighbours view reads
    "comparison_complete": f"DELETE FROM warehouse.comparison_areas WHERE area_code = '{LAS[0]}'",
    "values_present": "UPDATE warehouse.indicator_values SET value = NULL, suppression = 'x'",
}


@pytest.fixture(scope="module")
def sound(tmp_path_factory):
    import datetime as dt

    path = tmp_path_factory.mktemp("checks") / "sound.duckdb"
    values = [("x", 2025, a, float(n), None) for n, a in enumerate(LAS)]
    return build(path, [indicator("x", "higher")], values, {LAS[0]: LAS[1:4]}, [(LAS[0], dt.date(2024, 1, 8), 2, "Good")])


def test_every_check_has_a_breaking_case():
    assert {c.__name__ for c in checks.CHECKS} == set(BREAK), "add a pass and a fail case here for every check in etl/checks.py"


@pytest.mark.parametrize("check", checks.CHECKS, ids=lambda c: c.__name__)
def test_check_passes_on_a_sound_warehouse(check, sound):
    with duckdb.connect(str(sound), read_only=True) as con:
        _name, passed, message = check(con)
    assert passed, message


@pytest.mark.parametrize("check", checks.CHECKS, ids=lambda c: c.__name__)
def test_check_fails_on_a_broken_warehouse(check, sound, tmp_path):
    broken = tmp_path / "broken.duckdb"
    shutil.copy(sound, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute(BREAK[check.__name__])
        name, passed, message = check(con)
    assert name == check.__name__
    assert not passed, message


def test_comparison_complete_fails_on_the_same_row_count_with_other_keys(sound, tmp_path):
    broken = tmp_path / "moved.duckdb"
    shutil.copy(sound, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute("UPDATE warehouse.comparison_areas SET time_period = time_period - 1 WHERE area_code = ?", [LAS[0]])
        _name, passed, message = checks.comparison_complete(con)
    assert not passed and "not the same" in message, message


def test_comparison_complete_fails_when_a_year_is_stored_twice(sound, tmp_path):
    """The public mart joins each row to its indicator's year (warehouse.comparison_years): a
    year held twice would show every row of it twice, and the check says so."""
    broken = tmp_path / "twice.duckdb"
    shutil.copy(sound, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute("INSERT INTO warehouse.comparison_years SELECT * FROM warehouse.comparison_years")
        _name, passed, message = checks.comparison_complete(con)
    assert not passed and "differs from indicator_values by" in message, message
