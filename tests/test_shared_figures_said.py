"""A figure the publisher gives two authorities together (the workforce release's one row for North
and West Northamptonshire, and for Kingston upon Thames and Richmond upon Thames) is said wherever
it is drawn: the profile and the scrutiny pack said it, while trends, compare and the neighbour
table showed North Northamptonshire's agency workers (19.5% in 2025) as its own."""

from __future__ import annotations

import pytest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")
TAIL = ", as the publisher gives it. It counts for each authority, as LAIT does, and is left out of each one's statistical-neighbour average."


def _said(page: str, **params: str) -> list[str]:
    return [i.value.replace("\\", "") for i in open_page(page, **params).info if "together" in i.value]


def test_the_shared_years_are_the_published_ones(con):
    years = con.execute("SELECT min(time_period), max(time_period) FROM indicator_values WHERE indicator_id = 'sw_agency_pct' "
                        "AND area_code = 'E06000061' AND shared_with = 'E06000062'").fetchall()[0]
    assert years == (2021, 2025)


@pytest.mark.parametrize(("page", "params", "said"), [
    ("pages/compare.py", {"area": "E06000061", "indicator": "sw_agency_pct", "year": "2025"},
     "Agency social workers: North Northamptonshire's figure for 2025 is one figure for North Northamptonshire and West Northamptonshire together"),
    ("pages/trends.py", {"area": "E06000061", "indicator": "sw_agency_pct"},
     "Agency social workers: North Northamptonshire's figure for 2021 to 2025 is one figure for North Northamptonshire and West Northamptonshire together"),
    # both partners in the table: said once
    ("pages/neighbours.py", {"area": "E09000021", "indicator": "sw_agency_pct"},
     "Agency social workers: Kingston upon Thames's and Richmond upon Thames's figures for 2017 to 2025 are one figure for "
     "Kingston upon Thames and Richmond upon Thames together"),
])
def test_a_shared_figure_is_said_where_it_is_drawn(page, params, said):
    assert _said(page, **params) == [said + TAIL]


def test_nothing_is_said_of_a_figure_an_authority_has_alone():
    assert not _said("pages/compare.py", area="E08000035", indicator="sw_agency_pct", year="2025")
    assert not _said("pages/trends.py", area="E06000061", indicator="rereferrals_pct")
