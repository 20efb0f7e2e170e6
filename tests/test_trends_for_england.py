"""Trends with England as the subject: England has no statistical neighbours or region, so the page
names no comparison it does not draw, and shows England's figures once."""

from __future__ import annotations

import re

import polars as pl
import pytest

from oversight.formatting import listing
from tests.apptest import open_page, plain_tables

pytestmark = pytest.mark.usefixtures("on_warehouse")


def description(at) -> str:
    return next(re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown if m.value.startswith("Chart description"))


def test_listing_joins_names_as_a_sentence():
    assert [listing(x) for x in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == ["", "a", "a and b", "a, b and c"]


def test_england_trend_names_no_comparison():
    at = open_page("pages/trends.py", area="E92000001", indicator="cla_rate_per_10k", compare_to="sn")
    desc = description(at)
    assert "for England. " in desc and "comparison" not in desc and "neighbour" not in desc.lower(), desc


def test_an_authority_trend_names_the_comparisons_it_draws():
    at = open_page("pages/trends.py", area="E09000014", indicator="cla_rate_per_10k", compare_to="sn")
    assert "for Haringey, with England, Haringey SN average and Inner London for comparison. " in description(at)


def test_england_headline_table_shows_england_once():
    at = open_page("pages/trends.py", area="E92000001")
    table = plain_tables(at)[-1]
    assert table.columns == ["Indicator", "From", "To", "Latest", "Trend"]
    assert "for England, as sparklines" in next(c.value for c in at.caption if c.value.startswith("Every year"))


def test_an_authority_headline_table_keeps_england_beside_it():
    table = plain_tables(open_page("pages/trends.py", area="E09000014"))[-1]
    assert table.columns == ["Indicator", "From", "To", "Latest", "Trend", "England, same year", "England's trend"]
    cla = table.filter(pl.col("Indicator") == "Children looked after per 10,000 children").row(0, named=True)
    # each sparkline reads as its years, its ends, its lowest and its highest, at the indicator's decimals
    assert (cla["From"], cla["To"], cla["Latest"], cla["England, same year"]) == ("2016", "2025", "61", "67")
    assert cla["Trend"] == "Haringey, 2016 to 2025: from 67 to 61; lowest 61, highest 74"  # DfE's rates as published
    assert cla["England's trend"] == "England, 2016 to 2025: from 60 to 67; lowest 60, highest 70"


def test_englands_figure_beside_an_authoritys_latest_is_of_the_same_year():
    """Rutland's latest 3+ placements, 14% in 2020, stood beside England's 10% of 2025: England's is now of
    2020 (11%), and its 0% of children who went missing, of 2017, beside England's 10% of 2017 (11% in 2025)."""
    table = plain_tables(open_page("pages/trends.py", area="E06000017"))[-1]
    rows = {r["Indicator"]: r for r in table.iter_rows(named=True)}
    placements = rows["Children looked after with 3 or more placements"]
    assert (placements["To"], placements["Latest"], placements["England, same year"]) == ("2020", "14%", "11%")
    missing = rows["Children looked after who went missing"]
    assert (missing["To"], missing["Latest"], missing["England, same year"]) == ("2017", "0%", "10%")


def test_englands_latest_stands_beside_an_authority_with_no_figure_with_its_year():
    """Cumberland has no Cafcass figure (Cumbria's area is Cafcass's): its row read "not available" beside
    England's 9.1 of 2025 for want of a year of its own to match."""
    table = plain_tables(open_page("pages/trends.py", area="E06000063"))[-1]
    cafcass = table.filter(pl.col("Indicator") == "Cafcass care applications per 10,000 children").row(0, named=True)
    assert (cafcass["To"], cafcass["Latest"], cafcass["England, same year"]) == ("", "not available", "9.1 (2025)")


def test_a_latest_figure_marked_provisional_says_so():
    """Leeds's phonics, 80% in the 2024/25 academic year, is provisional (LAIT's "2025 (prov)"): the profile and compare said
    so and trends did not."""
    at = open_page("pages/trends.py", area="E08000035", indicator="lait_ks1p_all")
    said = "Leeds's figure for the 2024/25 academic year is provisional, as its publisher marks it."
    assert [c.value.replace("\\", "") for c in at.caption if "as its publisher marks it" in c.value] == [said]
    assert said in description(at)
    final = open_page("pages/trends.py", area="E08000035", indicator="cla_rate_per_10k")
    assert not [c for c in final.caption if "as its publisher marks it" in c.value]
