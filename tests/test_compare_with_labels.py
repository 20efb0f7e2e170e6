"""The trends page's "Compare with" choices say everything each one draws beside the chosen areas:
"Statistical neighbours" drew the region and England too, and a reader took the choice between it
and "Region" for one that did nothing."""

from __future__ import annotations

import pytest

from oversight import charts
from oversight import page_state as ps
from oversight import queries as q

# the series each choice draws beside the chosen area (their roles), and how a label names each
DRAWN = {"sn": {"SN average", "Region", "England"}, "region": {"Region", "England"}, "england": {"England"}}
WORDS = {"SN average": "sn average", "Region": "region", "England": "england"}


@pytest.mark.parametrize("choice", list(ps.COMPARE_TO))
def test_each_choice_names_every_series_it_draws(con, choice):
    series = q.trend_frame(con, "cla_rate_per_10k", ["E08000007"], choice)["series"].unique().to_list()
    roles = set(charts.series_roles(series, ["Stockport"], "North West").values()) - {"Selected authority"}
    assert roles == DRAWN[choice]
    label = ps.COMPARE_TO[choice].lower()
    assert all(WORDS[r] in label for r in roles)
    assert (choice == "england") == ("only" in label)  # England alone is said to be alone


@pytest.mark.usefixtures("on_warehouse")
def test_the_trends_page_offers_the_choices_in_those_words():
    from tests.apptest import open_page

    at = open_page("pages/trends.py", area="E08000007", indicator="cla_rate_per_10k", compare_to="region")
    assert at.radio[0].value == "region"
    assert at.radio[0].options == list(ps.COMPARE_TO.values())  # the words shown
