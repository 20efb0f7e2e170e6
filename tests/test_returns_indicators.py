"""Local indicators from returns with answers counted by hand: generated CIN census and SSDA903
returns, and the fake SSDA903 tables (1,201 children looked after at 31 March 2018)."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import duckdb
import numpy as np
import pytest

from tests import returns_gen as gen

FIXTURES = Path(__file__).parent / "fixtures" / "returns"


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory, warehouse: Path) -> Path:
    tmp = tmp_path_factory.mktemp("local")
    gen.write_cin(tmp / "src" / "cin.xml", 2024, "202", gen.cin_2024())
    gen.write_903(tmp / "src" / "903", gen.episodes_2025(), gen.MISSING_2025, gen.OC3_2025)
    db = tmp / "local.duckdb"
    assert gen.load([tmp / "src"], db, warehouse=warehouse) == 0
    return db


@pytest.mark.parametrize("indicator", sorted(gen.CIN_2024_ANSWERS))
def test_cin_indicator_matches_the_hand_count(local: Path, indicator: str) -> None:
    assert gen.figures(local)[indicator] == gen.CIN_2024_ANSWERS[indicator]


@pytest.mark.parametrize("indicator", sorted(gen.SSDA903_2025_ANSWERS))
def test_903_indicator_matches_the_hand_count(local: Path, indicator: str) -> None:
    assert gen.figures(local)[indicator] == gen.SSDA903_2025_ANSWERS[indicator]


def test_rates_use_the_las_ons_estimate_for_the_middle_of_the_year(local: Path, warehouse: Path) -> None:
    wh = duckdb.connect(str(warehouse), read_only=True)
    camden = wh.execute("SELECT area_code FROM areas WHERE old_la_code = '202'").fetchone()[0]
    pop = dict(wh.execute("SELECT mid_year, population_estimate FROM population WHERE area_code = ?", [camden]).fetchall())
    wh.close()
    con = duckdb.connect(str(local), read_only=True)
    rows = {i: (v, d, a, t) for i, v, d, a, t in con.execute("SELECT indicator_id, value, denominator, area_code, time_period FROM local_indicator_values").fetchall()}
    con.close()
    value, denominator, area, year = rows["referrals_rate_per_10k"]
    assert (area, year, denominator) == (camden, 2024, pop[2023])
    assert value == pytest.approx(9 * 10000 / pop[2023])
    assert rows["cla_rate_per_10k"][0] == pytest.approx(5 * 10000 / pop[2024])


def test_small_counts_are_suppressed_and_percentages_are_shown(local: Path) -> None:
    con = duckdb.connect(str(local), read_only=True)
    rows = {i: (v, n, s) for i, v, n, s in con.execute("SELECT indicator_id, value, numerator, suppression FROM local_indicator_values").fetchall()}
    con.close()
    assert rows["cpp_count"] == (None, None, "c")
    assert rows["cla_started_rate_per_10k"] == (None, None, "c")  # built on 3 children
    assert rows["cla_count"][0] == 5 and rows["cla_count"][2] is None
    assert rows["referrals_count"] == (9, 9, None)


def test_monthly_view_counts_referrals_by_month(local: Path) -> None:
    con = duckdb.connect(str(local), read_only=True)
    rows = con.execute("SELECT month, count, suppression FROM local_monthly WHERE measure = 'referrals' ORDER BY month").fetchall()
    con.close()
    assert len(rows) == 12 and rows[0][0] == dt.date(2023, 4, 1)
    # Apr C; May A H; Jun B; Jul F; Aug I; Oct F K; Mar D: each month under 5, so suppressed
    assert [s for _, _, s in rows].count("c") == 7
    assert all(c == 0 for _, c, s in rows if s is None)


def test_working_days_agree_with_numpy_over_the_bank_holiday_list() -> None:
    raw = tomllib.loads((Path(__file__).parent.parent / "etl" / "returns" / "bank_holidays.toml").read_text())
    holidays = [dt.date.fromisoformat(d) for d in raw["dates"]]
    assert {d.year for d in holidays} == set(range(2019, 2028)) and all(d.weekday() < 5 for d in holidays)
    con = duckdb.connect()
    from etl.returns.store import calendar

    con.register("cal", calendar().to_arrow())
    con.execute("CREATE SCHEMA returns; CREATE TABLE returns.calendar AS SELECT * FROM cal")
    con.execute("CREATE MACRO wd(a, b) AS (SELECT max(n) FROM returns.calendar WHERE day <= b) - (SELECT max(n) FROM returns.calendar WHERE day <= a)")
    for a, b in [(dt.date(2023, 5, 10), dt.date(2023, 7, 13)), (dt.date(2023, 5, 3), dt.date(2023, 5, 25)), (dt.date(2022, 12, 20), dt.date(2023, 1, 10))]:
        ours = con.execute("SELECT wd(?::DATE, ?::DATE)", [a, b]).fetchone()[0]
        assert ours == np.busday_count(a + dt.timedelta(days=1), b + dt.timedelta(days=1), holidays=holidays)
    assert con.execute("SELECT wd(DATE '2023-05-10', DATE '2023-07-13')").fetchone()[0] == 45


def test_fake_903_tables_give_1201_children_looked_after_at_31_march_2018(tmp_path: Path) -> None:
    src = tmp_path / "903"
    src.mkdir()
    for name in ("episodes.csv", "header.csv", "missing.csv"):
        shutil.copy(FIXTURES / "ssda903" / name, src / name)
    db = tmp_path / "local.duckdb"
    assert gen.load([src], db, la="201") == 0
    got = gen.figures(db)
    assert got["cla_count"] == (1201, None)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT time_period, spec_year, kind FROM local_returns").fetchone() == (2018, 2018, "ssda903")
    con.close()


def test_fake_903_xml_counts_the_same_way_as_its_episodes(tmp_path: Path) -> None:
    import csv

    # the same definition counted in plain Python over the generated tables
    gen.write_903(tmp_path / "903", gen.episodes_2025())
    end = dt.date(2025, 3, 31)
    with (tmp_path / "903" / "episodes.csv").open() as f:
        rows = list(csv.DictReader(f))
    hand = {r["CHILD"] for r in rows if r["LS"] not in ("V3", "V4") and dt.datetime.strptime(r["DECOM"], "%d/%m/%Y").date() <= end
            and (not r["DEC"] or dt.datetime.strptime(r["DEC"], "%d/%m/%Y").date() > end)}
    xml = ["<?xml version='1.0' encoding='us-ascii'?>", "<EXPSSDA903>"]
    for child in sorted({r["CHILD"] for r in rows}):
        xml.append(f"<CHILD><HEADER><CHILDID>{child}</CHILDID><UPN>A000000000001</UPN><SEX>1</SEX><DOB>01/06/2010</DOB></HEADER>")
        for r in (r for r in rows if r["CHILD"] == child):
            xml.append(f"<EPISODE><DECOM>{r['DECOM']}</DECOM><RNE>{r['RNE']}</RNE><LS>{r['LS']}</LS><CIN>N1</CIN><PL>{r['PLACE']}</PL><DEC>{r['DEC']}</DEC><REC>{r['REC']}</REC></EPISODE>")
        xml.append("</CHILD>")
    xml.append("</EXPSSDA903>")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "return.xml").write_text("\n".join(xml))
    db = tmp_path / "local.duckdb"
    assert gen.load([tmp_path / "x"], db, la="202") == 0
    assert gen.figures(db)["cla_count"] == (len(hand), None) == (5, None)


def test_every_local_indicator_has_a_hand_count_and_shared_ids_mean_the_same() -> None:
    from etl import catalogue
    from etl.returns.store import indicators

    local = indicators()
    published = {i.id: i for i in catalogue.load()}
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for r in local.iter_rows(named=True):
        assert r["indicator_id"] in gen.CIN_2024_ANSWERS or r["indicator_id"] in gen.SSDA903_2025_ANSWERS or r["rate_of"], r["indicator_id"]
        assert f"`{r['indicator_id']}`" in readme
        if r["indicator_id"] in published:
            p = published[r["indicator_id"]]
            assert (r["unit"], r["polarity"], r["decimals"]) == (p.unit, p.polarity, p.decimals), r["indicator_id"]
    assert local.filter(local["published"]).height == 21  # with the published headline indicators for care leavers, placements, missing, conferences and plans
