"""Where a table or tile gives a change on the year before, worked out from the unrounded figures as the
publisher does, the page says so: England's referrals, 519.4 against 515.7, rose by 3.8 (519.44 less
515.65), and the national page and its CSV gave the three figures without a word."""

from __future__ import annotations

import pytest

from oversight.formatting import UNROUNDED_KEY, rounded
from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the pages read the test warehouse, not a developer's


def test_englands_referrals_change_differs_from_its_rounded_figures(con):
    """The case the note is for, in the published figures: were they to agree, the note would say nothing true."""
    [(now, before)] = con.execute("SELECT value, previous_value FROM indicator_comparison WHERE indicator_id = 'referrals_rate_per_10k' "
                                  "AND area_code = 'E92000001' AND time_period = 2025").fetchall()
    assert rounded(now - before, 1) != round(rounded(now, 1) - rounded(before, 1), 1)


@pytest.mark.parametrize(("page", "params"), [("pages/national.py", {}), ("pages/profile.py", {"area": "E08000035"})])
def test_the_pages_with_changes_say_how_they_are_worked_out(page, params):
    at = open_page(page, **params)
    assert any(UNROUNDED_KEY in c.value.replace("\\", "") for c in at.caption)
