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
    assert at.header[0].value == "Camden"  # under the page's title: h1 then h2, never h3
    # a return far smaller than the last published year is questioned before its figures are read
    [low] = [w.value for w in at.warning if "under a quarter" in w.value]
    assert low.startswith("This year's referrals (9 against 2,015 published for 2023)") and "check that the returns hold the whole year" in low
    # the page is about the returns' authority: no note that Haringey is only the starting choice
    assert not any("is shown until you choose" in i.value for i in at.info)
    table = at.dataframe[0].value
    rows = {r["Indicator"]: r for r in table.to_dict("records")}
    assert rows["Referrals"]["This year (local)"] == "9"
    assert rows["Child protection plans at 31 March"]["This year (local)"] == "suppressed (c)"
    # the 2023-24 return against the year before it (Camden's 2,015 referrals in 2023), not a later year (2,086 in 2025)
    assert rows["Referrals"]["Last published"] == "2,015" and rows["Referrals"]["Published year"] == 2023
    published = [y for y in (r["Published year"] for r in rows.values()) if y is not None and y == y]  # NaN where none
    assert published and max(published) <= 2023
    assert rows["Children in need at 31 March"]["Band among LAs"] == "Q1 (lowest)"
    assert "Month by month" in [s.value for s in at.header]
    assert any("Events each month from April 2023 to March 2024" in c.value for c in at.markdown)


def test_the_local_page_says_whose_returns_it_shows_when_another_authority_is_chosen(monkeypatch: pytest.MonkeyPatch, warehouse: Path,
                                                                                      local_db: Path) -> None:
    """Bradford's director, with Bradford chosen, saw Camden's figures under "This year, locally" with
    nothing to say that Bradford has no returns loaded here."""
    at = _run(monkeypatch, warehouse, local_db, year="2024", area="E08000032")
    assert at.header[0].value == "Camden"
    said = "The returns loaded on this machine are Camden's, so this page shows Camden, not Bradford, your chosen authority."
    assert said in [i.value.replace("\\", "") for i in at.info], [i.value for i in at.info]
    assert not any("returns loaded on this machine" in i.value for i in _run(monkeypatch, warehouse, local_db, year="2024", area="E09000007").info)


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


def test_local_values_have_the_columns_of_the_published_ones(warehouse: Path, local_db: Path) -> None:
    """As the README says: local_indicator_values has indicator_values' columns, in the same order."""
    import duckdb

    def columns(path: Path, view: str) -> list[str]:
        con = duckdb.connect(str(path), read_only=True)
        try:
            return [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]
        finally:
            con.close()

    assert columns(local_db, "local_indicator_values") == columns(warehouse, "indicator_values")
    con = duckdb.connect(str(local_db), read_only=True)
    assert con.execute("SELECT DISTINCT period_label, revision, period_years FROM local_indicator_values WHERE time_period = 2024").fetchall() == [("2023-24", None, 1)]
    con.close()


def test_a_suppressed_month_keeps_its_place_as_a_gap_and_is_named(monkeypatch: pytest.MonkeyPatch, warehouse: Path, local_db: Path) -> None:
    """A monthly count of 1 to 4 is suppressed: its month stays on the axis, as a gap in its line,
    and the description names it (October had dropped off the axis, September joined to November)."""
    import json

    at = _run(monkeypatch, warehouse, local_db, year="2024")
    import pyarrow as pa

    chart = at.get("vega_lite_chart")[0].proto
    spec = json.loads(chart.spec)
    data = chart.datasets[0].data.data if chart.datasets else chart.data.data  # the chart's rows, as Streamlit sends them (Arrow)
    rows = pa.ipc.open_stream(data).read_all().to_pylist()
    hidden = [r for r in rows if r["count"] is None]  # the suppressed months: the chart carries only the columns it draws, the description says why
    assert hidden
    assert spec["mark"]["invalid"] == "break-paths-show-domains"
    text = next(m.value for m in at.markdown if "Events each month" in m.value).replace("\\", "")  # shown as plain text: markdown escaped
    first = sorted(hidden, key=lambda r: (r["month"], r["measure"]))[0]
    assert f"{first['measure']} in {first['month']}" in text and "suppressed, left as" in text


def test_without_a_local_database_the_data_page_says_how_to_load_returns(monkeypatch: pytest.MonkeyPatch, warehouse: Path, tmp_path: Path) -> None:
    """/local is listed only once a local database exists, so a director opening it read "Page not found"
    and nothing said how her returns get loaded: the data page's sources say so until one exists."""
    from tests.apptest import open_page

    monkeypatch.setenv("OVERSIGHT_LOCAL_DB", str(tmp_path / "none.duckdb"))
    monkeypatch.setenv("OVERSIGHT_DB", str(warehouse))
    said = [c.value for c in open_page("pages/data.py", tab="Sources and load log").caption]
    assert any("`oversight returns --source DIR`" in c and "This year, locally" in c for c in said), said
