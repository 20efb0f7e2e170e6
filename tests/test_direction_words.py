"""A change reads the same way on every page: its arrow follows the sign of the change and its word
follows polarity, so a rise in a figure where lower is better is "▲ worse", never "▼ worse"."""

from __future__ import annotations

import polars as pl
import pytest

from oversight.formatting import direction_text
from tests.apptest import open_page


@pytest.mark.parametrize(("change", "direction", "shown"), [
    (0.2, "declining", "▲ worse"),    # re-referrals rose: lower is better
    (-0.2, "improving", "▼ better"),  # re-referrals fell
    (1.2, "improving", "▲ better"),   # assessments on time rose: higher is better
    (-3.0, "declining", "▼ worse"),
    (3.8, "up", "▲ up"),              # a neutral indicator
    (-0.9, "down", "▼ down"),
    (0.01, "no change", "= same"),    # rounds to 0 at the indicator's decimals
    (None, None, "–"),
])
def test_direction_text(change, direction, shown):
    assert direction_text(change, direction) == shown


@pytest.mark.usefixtures("on_warehouse")
def test_the_profile_shows_englands_rise_in_rereferrals_as_worse_with_an_up_arrow(con):
    change, direction = con.execute(
        "SELECT change, direction FROM indicator_comparison WHERE indicator_id = 'rereferrals_pct' AND area_code = 'E92000001' "
        "AND time_period = (SELECT max(time_period) FROM indicator_comparison WHERE indicator_id = 'rereferrals_pct')"
    ).fetchone()
    assert change > 0 and direction == "declining"  # 22.4% to 22.6% in the published files
    at = open_page("pages/profile.py", area="E92000001")
    rows = pl.concat([pl.from_pandas(t.value) for t in at.table])
    assert rows.filter(pl.col("Indicator") == "Re-referrals within 12 months")["Direction"].to_list() == ["▲ worse"]
