"""Compare's scatter draws the year the page is set to (each indicator's latest figures to it) and the
Ofsted judgements in force then, and says which: under a page set to 2022 it had drawn 2025's figures
and today's judgements, so Sandwell's turnover read 28.0% in the text and sat at 11% on the chart."""

from __future__ import annotations

import pytest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the pages read the test warehouse, not a developer's
SANDWELL = "E08000028"


def _scatter(at, drawn: list) -> tuple[dict, str]:
    """The scatter's points by authority (x, y, judgement), as the chart was given them, and its description."""
    [said] = [m.value.replace("\\", "") for m in at.markdown if m.value.replace("\\", "").startswith("Chart description: Scatter")]
    return {r["area_name"]: r for r in drawn[-1].iter_rows(named=True)}, said


def _open(monkeypatch, **params: str):
    from oversight import charts

    drawn: list = []
    scatter = charts.scatter
    monkeypatch.setattr(charts, "scatter", lambda df, *args: drawn.append(df) or scatter(df, *args))
    return _scatter(open_page("pages/compare.py", area=SANDWELL, **params), drawn)


def _figure(con, indicator: str, year: int) -> float:
    return con.execute("SELECT value FROM indicator_values WHERE indicator_id = ? AND area_code = ? AND time_period = ?",
                       [indicator, SANDWELL, year]).fetchall()[0][0]


def test_a_past_year_draws_that_years_figures_and_judgements(con, monkeypatch):
    points, said = _open(monkeypatch, indicator="sw_turnover_pct", year="2022", x="sw_turnover_pct", y="sw_agency_pct")
    assert points["Sandwell"]["x"] == pytest.approx(_figure(con, "sw_turnover_pct", 2022), abs=0.05)
    assert points["Sandwell"]["y"] == pytest.approx(_figure(con, "sw_agency_pct", 2022), abs=0.05)
    assert _figure(con, "sw_turnover_pct", 2022) != pytest.approx(_figure(con, "sw_turnover_pct", 2025), abs=0.05)  # the years differ
    assert "social worker turnover in the year to 30 September 2022; agency social workers at 30 September 2022" in said
    assert "judgement in force on 31 March 2022;" in said
    [(grade,)] = con.execute("SELECT grade_label FROM ofsted_as_at(DATE '2022-03-31') WHERE area_code = ?", [SANDWELL]).fetchall()
    assert points["Sandwell"]["grade_label"] == grade


def test_the_newest_year_draws_the_latest_figures_and_judgements(con, monkeypatch):
    points, said = _open(monkeypatch, indicator="cla_rate_per_10k", year="2025", x="cla_rate_per_10k", y="sw_turnover_pct")
    assert points["Sandwell"]["x"] == pytest.approx(_figure(con, "cla_rate_per_10k", 2025), abs=0.5)
    assert "children looked after per 10,000 children at 31 March 2025; social worker turnover in the year to 30 September 2025" in said
    assert "the latest Ofsted publication loaded" in said
