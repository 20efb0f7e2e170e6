"""The "This year, locally" page: listed only when a local database exists; shows the local
figures (small counts suppressed) beside the published ones, and the month-by-month view."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import returns_gen as gen
from tests.conftest import ROOT

APP = str(ROOT / "dashboard.py")


@pytest.fixture(scope="module")
def local_db(tmp_path_factory: pytest.TempPathFactory, warehouse: Path) -> Path:
    tmp = tmp_path_factory.mktemp("localpage")
    gen.write_cin(tmp / "src" / "cin.xml", 2024, "202", gen.cin_2024())
    gen.write_903(tmp / "src" / "903", gen.episodes_2025(), gen.MISSING_2025, gen.OC3_2025)
    db = tmp / "local.duckdb"
    assert gen.load([tmp / "src"], db, warehouse=warehouse) == 0
    return db


def _run(monkeypatch: pytest.MonkeyPatch, warehouse: Path, local: Path, **params: str) -> AppTest:
    monkeypatch.setenv("OVERSIGHT_DB", str(warehouse))
    monkeypatch.setenv("OVERSIGHT_LOCAL_DB", str(local))
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page("pages/local.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_local_page_shows_local_figures_beside_published(monkeypatch: pytest.MonkeyPatch, warehouse: Path, local_db: Path) -> None:
    at = _run(monkeypatch, warehouse, local_db, year="2024")
    assert at.title[0].value == "This year, locally"
    assert at.subheader[0].value == "Camden"
    table = at.dataframe[0].value
    rows = {r["Indicator"]: r for r in table.to_dict("records")}
    assert rows["Referrals"]["This year (local)"] == "9"
    assert rows["Child protection plans at 31 March"]["This year (local)"] == "suppressed (c)"
    assert rows["Referrals"]["Last published"] == "2,086" and rows["Referrals"]["Published year"] == 2025
    assert rows["Children in need at 31 March"]["Band among LAs"] == "Q1 (lowest)"
    assert "Month by month" in [s.value for s in at.subheader]
    assert any("Events each month from April 2023 to March 2024" in c.value for c in at.markdown)


def test_local_page_other_year_and_bad_year(monkeypatch: pytest.MonkeyPatch, warehouse: Path, local_db: Path) -> None:
    at = _run(monkeypatch, warehouse, local_db, year="1999")
    assert any("No local figures for the year in the link" in w.value for w in at.warning)
    rows = {r["Indicator"]: r for r in at.dataframe[0].value.to_dict("records")}
    assert rows["Children looked after at 31 March"]["This year (local)"] == "5"


def test_local_page_is_listed_only_with_a_local_database(monkeypatch: pytest.MonkeyPatch, warehouse: Path, tmp_path: Path) -> None:
    from oversight import local_queries as lq

    monkeypatch.setenv("OVERSIGHT_LOCAL_DB", str(tmp_path / "none.duckdb"))
    assert not lq.has_local()
    monkeypatch.setenv("OVERSIGHT_DB", str(warehouse))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/local.py")
