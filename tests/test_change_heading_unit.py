"""Compare's ranking headed its changes "Change" whatever the unit: a re-referral rate's "0.1" read as a
tenth of a per cent where the page's sentence says "+0.1 pp". A percentage's change is headed in
percentage points, in the table and its CSV alike."""

from __future__ import annotations

import json

import pytest

from oversight.formatting import change_heading
from tests.apptest import RANKED, open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")


@pytest.mark.parametrize(("unit", "heading"), [("%", "Change (pp)"), ("per 10,000 children", "Change"), ("£ per child", "Change"), ("count", "Change")])
def test_a_percentages_change_is_headed_in_points(unit, heading):
    assert change_heading(unit) == heading


@pytest.mark.parametrize(("indicator", "heading"), [("rereferrals_pct", "Change (pp)"), ("cla_rate_per_10k", "Change")])
def test_compares_ranking_and_its_csv_head_the_change_with_its_unit(indicator, heading, monkeypatch):
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/compare.py", area="E08000032", indicator=indicator, year="2025", **RANKED)
    [grid] = [g for g in at.dataframe if "change" in g.value.columns]
    config = json.loads(grid.proto.columns)["change"]
    assert config["label"] == heading
    csv = next(df for df in written if "Direction" in df.columns)
    assert heading in csv.columns and ("Change" in csv.columns) == (heading == "Change")
