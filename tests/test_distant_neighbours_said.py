"""Compare quoted the Isles of Scilly's "statistical neighbours' average 16.2%" as if it were as good a
comparison as any other authority's, though all ten of its neighbours are "not close" in the model
that chose them: where at least half are, each page that compares with their average says so."""

from __future__ import annotations

import pytest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")  # the pages read the test warehouse, not a developer's

SCILLY = 'All of the 10 statistical neighbours of Isles of Scilly are "not close" in the model that chose them: their average is a weak comparison for it.'


def _said(at) -> list[str]:
    return [i.value.replace("\\", "") for i in at.info if "not close" in i.value]


@pytest.mark.parametrize(("page", "params"), [
    ("pages/compare.py", {"indicator": "sw_agency_pct", "year": "2025"}),
    ("pages/neighbours.py", {"indicator": "sw_agency_pct"}),
    ("pages/trends.py", {"indicator": "sw_agency_pct", "compare_to": "sn"}),
    ("pages/profile.py", {}),
])
def test_each_page_comparing_with_the_neighbours_says_they_are_not_close(page, params):
    assert _said(open_page(page, area="E06000053", **params)) == [SCILLY]


def test_nine_of_ten_and_none():
    assert _said(open_page("pages/compare.py", area="E09000030", indicator="rereferrals_pct", year="2025")) == [
        '9 of the 10 statistical neighbours of Tower Hamlets are "not close" in the model that chose them: their average is a weak comparison for it.'
    ]
    assert _said(open_page("pages/compare.py", area="E08000035", indicator="rereferrals_pct", year="2025")) == []  # Leeds
    assert _said(open_page("pages/trends.py", area="E06000053", indicator="sw_agency_pct", compare_to="region")) == []  # not against them


def test_the_scrutiny_pack_says_it_too(con):
    from oversight import scrutiny

    said = [s.text for s in scrutiny.build(con, 2025, "E06000053").narrative if "not close" in s.text]
    assert said == [SCILLY]
    assert not [s.text for s in scrutiny.build(con, 2025, "E08000035").narrative if "not close" in s.text]  # Leeds
