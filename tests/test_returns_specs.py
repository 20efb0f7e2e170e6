"""Each specification year loads with its own fields and codes; years before the first
specification held are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from etl.returns import spec
from tests import returns_gen as gen

D = dt.date


def _shift(children: list[gen.Child], years: int) -> list[gen.Child]:
    def s(d: D | None) -> D | None:
        return d.replace(year=d.year + years) if d else None

    for c in children:
        for r in c.referrals:
            r.date, r.closure = s(r.date), s(r.closure)
            r.assessments = [(s(a), s(b)) for a, b in r.assessments]
            r.s47 = [(s(a), s(b)) for a, b in r.s47]
            r.plans = [(s(a), s(b), n) for a, b, n in r.plans]
    return children


@pytest.mark.parametrize("year", range(2021, 2027))
def test_each_cin_census_year_loads_with_its_specification(tmp_path: Path, year: int) -> None:
    children = _shift(gen.cin_2024(), year - 2024)
    path = gen.write_cin(tmp_path / "c" / "cin.xml", year, "202", children)
    if year < 2024:  # RC10 and referral source 1Z joined the code set in 2023-24
        assert "<ReasonForClosure>RC10" not in path.read_text()
    db = tmp_path / "local.duckdb"
    assert gen.load([path], db) == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT time_period, spec_year FROM local_returns").fetchone() == (year, max(y for y in (2021, 2022, 2024, 2025, 2026) if y <= year))
    con.close()
    assert gen.figures(db)["referrals_count"] == (9, None)


def test_cin_codes_follow_the_year(tmp_path: Path) -> None:
    children = gen.cin_2024()
    children[1].referrals[1].reason = "RC10"
    assert gen.load([gen.write_cin(tmp_path / "a" / "cin.xml", 2024, "202", children)], tmp_path / "a.duckdb") == 0
    children = _shift(children, -1)
    assert gen.load([gen.write_cin(tmp_path / "b" / "cin.xml", 2023, "202", children)], tmp_path / "b.duckdb") == 2


def test_cin_child_id_length_limit_from_2024_25(tmp_path: Path) -> None:
    children = gen.cin_2024()
    children[0].id = "X" * 21
    assert gen.load([gen.write_cin(tmp_path / "a" / "cin.xml", 2024, "202", children)], tmp_path / "a.duckdb") == 0
    children = _shift(children, 1)
    assert gen.load([gen.write_cin(tmp_path / "b" / "cin.xml", 2025, "202", children)], tmp_path / "b.duckdb") == 2


def _eps(year: int, place: str) -> list[tuple]:
    eps = [(c, *(d.replace(year=d.year + year - 2025) if isinstance(d, D) else d for d in rest)) for c, *rest in gen.episodes_2025()]
    eps[0] = (eps[0][0], eps[0][1], eps[0][2], eps[0][3], place, eps[0][5], eps[0][6])
    if year < 2025:  # K3 is a 2024-25 code
        eps[1] = (*eps[1][:4], "K2", *eps[1][5:])
    return eps


@pytest.mark.parametrize(("year", "place", "ok"), [
    (2021, "H5", True), (2024, "K3", False), (2025, "K3", True), (2025, "Z1", True), (2026, "Z1", False), (2026, "Z11", True), (2027, "Z12", True),
])
def test_903_placement_codes_follow_the_year(tmp_path: Path, year: int, place: str, ok: bool, capsys: pytest.CaptureFixture[str]) -> None:
    src = gen.write_903(tmp_path / "903", _eps(year, place))
    assert gen.load([src], tmp_path / "l.duckdb", la="202") == (0 if ok else 2)
    if not ok:
        assert f"'{place}' is not one of the PLACE codes in the {year - 1}-{str(year)[2:]} specification" in capsys.readouterr().err
    else:
        assert gen.figures(tmp_path / "l.duckdb")["cla_count"] == (5, None)


def test_years_before_the_first_specification_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = gen.write_cin(tmp_path / "c" / "cin.xml", 2020, "202", _shift(gen.cin_2024(), -4))
    assert gen.load([path], tmp_path / "l.duckdb") == 2
    assert "older than the first CIN census specification held (2020-21)" in capsys.readouterr().err
    assert spec.first_year("ssda903") == 2018 and spec.first_year("cin") == 2021


def test_specification_files_inherit_forward() -> None:
    assert "K3" not in spec.for_year("ssda903", 2024)["tables"]["Episodes"]["codes"]["PLACE"]
    assert "K3" in spec.for_year("ssda903", 2025)["tables"]["Episodes"]["codes"]["PLACE"]
    assert spec.for_year("ssda903", 2030)["tables"]["DoLo"]["columns"][0] == "CHILD"
    assert spec.for_year("ssda903", 2030)["tables"]["Episodes"]["codes"]["LS"] == spec.for_year("ssda903", 2018)["tables"]["Episodes"]["codes"]["LS"]
