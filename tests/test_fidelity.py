"""Figures the audit found wrong, read back from a warehouse built from the real files: CLA
rates computed the same way for every year, published rates reconciled, bases the population
file lacks, areas that did not exist, and current codes for Barnsley and Sheffield."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.__main__ import main
from etl.areas import registry
from tests.conftest import copy_real

FIXTURES = Path(__file__).parent / "fixtures" / "releases"


def row(con, indicator: str, year: int, area: str) -> tuple:
    return con.execute(
        "SELECT value, numerator, denominator, source_file FROM indicator_values WHERE indicator_id=? AND time_period=? AND area_code=?",
        [indicator, year, area],
    ).fetchall()[0]


def lait_check(con, indicator: str, year: int, area: str, measure: str) -> tuple:
    return con.execute(
        "SELECT other_value, within_tolerance FROM reconciliation WHERE indicator_id=? AND time_period=? AND area_code=? AND other_source=?",
        [indicator, year, area, f"LAIT {measure}"],
    ).fetchall()[0]


def test_westminster_2018_cla_rate_from_count_and_current_estimate(con):
    value, num, den, source = row(con, "cla_rate_per_10k", 2018, "E09000033")
    assert (num, den) == (204, 33782)
    assert value == pytest.approx(60.39, abs=0.01)
    assert source.startswith("bds_long_0.parquet + ons_mid-year")
    assert lait_check(con, "cla_rate_per_10k", 2018, "E09000033", "LAC") == (45, False)


def test_england_2016_cla_rate(con):
    value, num, den, _ = row(con, "cla_rate_per_10k", 2016, "E92000001")
    assert (num, den) == (70410, 11593891)
    assert round(value, 1) == 60.7
    assert lait_check(con, "cla_rate_per_10k", 2016, "E92000001", "LAC")[0] == 60


def test_city_of_london_2018_started_rate(con):
    value, *_ = row(con, "cla_started_rate_per_10k", 2018, "E09000001")
    assert round(value, 1) == 216.4
    assert lait_check(con, "cla_started_rate_per_10k", 2018, "E09000001", "LAC_Start_Rate") == (112, False)


def test_every_cla_rate_is_its_count_over_the_estimate(con):
    n, off = con.execute(
        """SELECT count(*), count(*) FILTER (WHERE abs(value - numerator / denominator * 10000) > 1e-9)
           FROM indicator_values WHERE indicator_id IN ('cla_rate_per_10k', 'cla_started_rate_per_10k') AND value IS NOT NULL"""
    ).fetchall()[0]
    assert n > 2500 and off == 0


def test_published_cla_rates_are_reconciled(con):
    n, bad = con.execute(
        """SELECT count(*), count(*) FILTER (WHERE NOT within_tolerance) FROM reconciliation
           WHERE other_source LIKE 'cla_numbers rate_per_10000 as published in %'"""
    ).fetchall()[0]
    assert n > 1500 and bad == 0
    counts = {r[0] for r in con.execute("SELECT DISTINCT other_source FROM reconciliation").fetchall()}
    assert {"LAIT LAC_Start_Rate", "LAIT LACnum_Start", "LAIT CPP_Total_NumRef", "LAIT CPP_Num", "LAIT Work_Force_AvgNumCase_SW"} <= counts


def test_barnsley_and_sheffield_on_their_current_codes(con):
    names = dict(con.execute("SELECT area_code, area_name FROM areas WHERE old_la_code IN ('370', '373')").fetchall())
    assert names == {"E08000038": "Barnsley", "E08000039": "Sheffield"}
    assert registry().by_ons_code("E08000016") == "E08000038"
    assert registry().by_ons_code("E08000019") == "E08000039"
    years = con.execute("SELECT min(time_period), max(time_period) FROM indicator_values WHERE area_code='E08000039' AND indicator_id='referrals_count'").fetchall()[0]
    assert years == (2013, 2025)


def test_old_dorset_successors_include_bcp(con):
    succ = con.execute("SELECT successor_codes FROM areas WHERE old_la_code='835'").fetchall()[0][0]
    assert set(succ.split(";")) == {"E06000058", "E06000059"}


@pytest.mark.parametrize(
    ("area", "years"),
    [
        ("E06000063", "time_period < 2024"),  # Cumberland
        ("E10000006", "time_period > 2023"),  # Cumbria
        ("E06000058", "time_period < 2020"),  # Bournemouth, Christchurch and Poole
        ("E06000028", "time_period > 2019"),  # Bournemouth
        ("E06000061", "time_period < 2022"),  # North Northamptonshire
    ],
)
def test_an_area_that_did_not_exist_has_no_row(con, area, years):
    # workforce figures are at 30 September, after the April a new authority began: published, kept;
    # so are the figures LAIT publishes for a new authority's area in earlier years (Cafcass, health)
    n = con.execute(f"SELECT count(*) FROM indicator_values WHERE area_code = ? AND {years} AND indicator_id NOT LIKE 'sw_%' AND source_file NOT LIKE '%.parquet%'", [area]).fetchall()[0][0]
    assert n == 0


def test_a_published_figure_in_a_boundary_year_is_kept(con):
    # BCP began in April 2019; the workforce census of September 2019 counts it
    assert row(con, "sw_caseload", 2019, "E06000058")[0] == 16.2


def test_no_suppressed_row_for_an_area_that_did_not_exist(con):
    n = con.execute(
        """SELECT count(*) FROM indicator_values v JOIN areas a USING (area_code)
           WHERE v.value IS NULL AND ((a.last_year IS NOT NULL AND v.time_period > a.last_year)
              OR (a.area_code IN ('E06000058', 'E06000059') AND v.time_period < 2020)
              OR (a.area_code IN ('E06000061', 'E06000062') AND v.time_period < 2022)
              OR (a.area_code IN ('E06000063', 'E06000064') AND v.time_period < 2024))"""
    ).fetchall()[0][0]
    assert n == 0
    # those that remain are published symbols: every null still carries one
    assert con.execute("SELECT count(*) FROM indicator_values WHERE value IS NULL AND suppression IS NULL").fetchall()[0][0] == 0


def test_bases_the_population_file_lacks_come_from_an_older_release(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    copy_real("cin_children_in_need", src)
    copy_real("population", src)
    shutil.copy(FIXTURES / "b1_children_in_need_2013_to_2023.csv", src / "b1_2013_to_2023.csv")
    db = tmp_path / "o.duckdb"
    assert main(["build", "--source", str(src), "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        base, where = con.execute("SELECT population_estimate, source_file FROM population WHERE mid_year = 2018 AND area_code = 'E06000028'").fetchall()[0]
        assert where == "implied by Anypoint_episodes ÷ Anypoint_episodes_rate in b1_2013_to_2023.csv; implied by At31_episodes ÷ At31_episodes_rate in b1_2013_to_2023.csv"
        assert 1351 / 371.45 * 10000 <= base <= 1351 / 371.35 * 10000
        value, num, den, _ = row(con, "cin_rate_per_10k", 2019, "E06000028")
        assert (num, den) == (1351, base) and round(value, 1) == 371.4
        # years this release does not cover come from the bases recorded in etl/reference
        assert con.execute("SELECT source_file FROM population WHERE mid_year = 2012 AND area_code = 'E06000028'").fetchall()[0][0].startswith("population_bases.csv")


def test_bournemouth_poole_and_old_dorset_rates_have_a_base(con):
    n = con.execute(
        "SELECT count(*) FROM indicator_values WHERE area_code IN ('E06000028', 'E06000029', 'E10000009') AND value IS NULL AND source_file NOT LIKE '%.parquet%'"
    ).fetchall()[0][0]
    assert n == 0
    value, num, _den, source = row(con, "cin_rate_per_10k", 2019, "E06000028")
    assert num == 1351 and round(value, 1) == 371.4  # as the 2023 release published it
    assert "population_bases.csv (implied by" in source
