"""The watchlist's flags CSV says what each flag adds to its authority's severity score, so an analyst
summing an authority's rows gets the score the watchlist shows. Its one Score column had given each
flag's own points: Hampshire's rows added to 18 against its score of 8, and 31 of the 69 flagged
authorities disagreed so, because a figure several statistical rules flag counts once."""

from __future__ import annotations

import polars as pl
import pytest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the page reads the test warehouse, not a developer's


def test_the_flags_rows_sum_to_each_authoritys_severity_score(monkeypatch):
    from oversight import exports

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    open_page("pages/watchlist.py")
    [watchlist] = [w for w in written if "Severity score" in w.columns]
    [each] = [w for w in written if "Explanation" in w.columns]
    assert {"Severity points", "Points in the severity score"} <= set(each.columns)
    summed = each.group_by("Local authority").agg(pl.col("Points in the severity score").sum().alias("summed"))
    both = watchlist.filter(pl.col("Severity score") > 0).join(summed, on="Local authority", how="left")
    assert both.height > 20
    assert both["summed"].to_list() == both["Severity score"].to_list()
    # and some authority's flags' own points add to more: the column the CSV had is not the one that sums
    own = each.group_by("Local authority").agg(pl.col("Severity points").sum().alias("own"))
    assert (own.join(summed, on="Local authority")["own"] > own.join(summed, on="Local authority")["summed"]).any()
