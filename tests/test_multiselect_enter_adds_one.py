"""A multi-select picker's first choice while typing was "Select N matches", so a keyboard reader typing "Kent"
and pressing Enter added Kent, Kensington and Chelsea, Stoke-on-Trent and Yorkshire and The Humber to trends'
areas (and "London", both Inner and Outer London to the watchlist's regions). No picker offers it: Enter adds the
first match alone."""

from __future__ import annotations

import pytest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")

PICKERS = [("pages/trends.py", {"area": "E08000028"}, "trends-areas"), ("pages/watchlist.py", {}, "watchlist-region"),
           ("pages/watchlist.py", {}, "watchlist-grade"), ("pages/watchlist.py", {}, "watchlist-flag"), ("pages/data.py", {}, "outcome")]


@pytest.mark.parametrize(("page", "params", "key"), PICKERS, ids=[k for _, _, k in PICKERS])
def test_no_select_all(page, params, key):
    at = open_page(page, **params)
    assert at.multiselect(key=key).proto.select_all == 0  # Streamlit's "never" (its default shows it for 1,000 or fewer)


def test_every_multiselect_is_listed_and_offers_no_select_all():
    """A page's new multi-select picker says select_all=False, and is added to PICKERS to be checked running."""
    from tests.conftest import ROOT

    calls = [line for p in sorted((ROOT / "pages").glob("*.py")) for line in p.read_text(encoding="utf-8").splitlines() if "multiselect" in line and not line.lstrip().startswith("#")]
    assert len(calls) == len(PICKERS) and all("select_all=False" in line for line in calls), calls
