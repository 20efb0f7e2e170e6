"""The year a reader chose stays when she changes the indicator, where the new indicator has it:
re-referrals in 2022, then children looked after per 10,000, had opened on 2025 on compare and the map
(and kept 2022 only when the two indicators had the same years)."""

from __future__ import annotations

import pytest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")


@pytest.mark.parametrize("page", ["pages/compare.py", "pages/map.py"])
def test_the_year_stays_when_the_indicator_changes(page, con):
    years = {i: {y for (y,) in con.execute("SELECT DISTINCT time_period FROM indicator_values WHERE indicator_id = ?", [i]).fetchall()}
             for i in ("rereferrals_pct", "cla_rate_per_10k", "sw_turnover_pct")}
    assert 2022 in years["rereferrals_pct"] & years["cla_rate_per_10k"] and years["rereferrals_pct"] != years["cla_rate_per_10k"]
    at = open_page(page, area="E08000035", indicator="rereferrals_pct", year="2022", show="indicator")
    [indicator] = [s for s in at.selectbox if s.label == "Indicator"]
    indicator.set_value("cla_rate_per_10k").run()
    [year] = [s for s in at.selectbox if s.label == "Year"]
    assert year.value == 2022 and at.query_params["year"] in ("2022", ["2022"])
    # where the new indicator has no such year, its latest
    at = open_page(page, area="E08000035", indicator="rereferrals_pct", year="2013", show="indicator")
    [indicator] = [s for s in at.selectbox if s.label == "Indicator"]
    indicator.set_value("sw_turnover_pct").run()
    [year] = [s for s in at.selectbox if s.label == "Year"]
    assert 2013 not in years["sw_turnover_pct"] and year.value == max(years["sw_turnover_pct"])
