"""The profile says how many of an authority's children looked after are unaccompanied asylum-seeking
children, under the rates that count them: Kent's children starting to be looked after were 91 per
10,000 against a neighbour average of 21, with nothing to say that 83% of them were unaccompanied
asylum-seeking children (LAIT's UASC_%_Starting, 2025; England 22%)."""

from __future__ import annotations

import pytest

from tests.apptest import open_page


def _note(area: str) -> list[str]:
    at = open_page("pages/profile.py", area=area)
    return [t for t in (c.value.replace("\\", "") for c in at.caption) if "asylum-seeking" in t]


@pytest.mark.usefixtures("on_warehouse")
def test_kents_profile_says_most_children_starting_to_be_looked_after_were_unaccompanied():
    assert _note("E10000016") == [
        "In Kent, unaccompanied asylum-seeking children were 83.0% of the children who started to be looked after in the year to 31 March 2025 "
        "(England 22.0%) and 24.0% of the children looked after (England 8.0%); "
        "the rates of children looked after and starting to be looked after above include them. Source: LAIT."]


@pytest.mark.usefixtures("on_warehouse")
def test_englands_profile_gives_its_own_shares_without_comparing_with_itself():
    [note] = _note("E92000001")
    assert note.startswith("In England, unaccompanied asylum-seeking children were 22.0% of the children who started") and "(England" not in note
