"""A figure its publisher marks provisional or revised ("2025 (prov)", "2025 (Rev)" in LAIT) says so
where a reader takes it: the warehouse kept the mark (`indicator_values.revision`), but no page and no
download carried it, so a provisional key stage 1 figure was quoted as final."""

from __future__ import annotations

import polars as pl
import pytest

from oversight import exports
from tests.apptest import open_page, plain_tables

pytestmark = pytest.mark.usefixtures("on_warehouse")


def test_the_profile_and_its_csv_say_a_figure_is_provisional(con, monkeypatch):
    (name, label), = con.execute("SELECT i.name, v.period_label FROM indicator_values v JOIN indicators i USING (indicator_id) "
                                 "WHERE v.indicator_id = 'lait_ks1p_all' AND v.area_code = 'E08000035' AND v.time_period = 2025").fetchall()
    assert label == "2025 (prov)"
    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/profile.py", area="E08000035")
    for box in (e for e in at.expander if e.label.endswith(" indicators")):
        at.session_state[f"more-{box.label.rsplit(': ', 1)[0]}"] = True
    at.run()
    [latest] = [t.filter(pl.col("Indicator") == name)["Latest"][0] for t in plain_tables(at) if "Latest" in t.columns and name in t["Indicator"].to_list()]
    assert latest.endswith(", provisional)"), latest
    csv = [df for df in written if "ONS code" in df.columns][-1]  # the page's last run, its groups open
    row = csv.filter(pl.col("indicator_id") == "lait_ks1p_all").row(0, named=True)
    assert (row["period_label"], row["revision"]) == ("2025 (prov)", "provisional")
    # a figure with no mark says nothing more
    rereferrals = csv.filter(pl.col("indicator_id") == "rereferrals_pct").row(0, named=True)
    assert rereferrals["revision"] is None
