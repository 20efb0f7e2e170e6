"""The data page's table of figures with no value names the areas, not only how many: an analyst
asked which authority's 2022 child protection figure is missing had to search the warehouse."""

from __future__ import annotations

import polars as pl
import pytest

from oversight import provenance_queries as pq
from tests.apptest import open_page


def test_each_symbol_names_its_areas(con):
    supp = pq.suppression_counts(con).filter(pl.col("indicator_id") == "cpp_rate_per_10k")
    named = {(r["time_period"], r["suppression"]): r["areas"] for r in supp.iter_rows(named=True)}
    assert named[(2022, "x")] == "Hackney"  # not available: Hackney's 2022 return, after the cyber attack
    assert named[(2024, "u")] == "Hampshire"  # low reliability
    assert named[(2025, "c")] == "City of London; Isles of Scilly"
    assert all(r["values"] == len(r["areas"].split("; ")) for r in supp.iter_rows(named=True))
    assert set(supp["name"]) == {"Child protection plans per 10,000 children"}  # the indicator by name, not only its id
    cafcass = pq.suppression_counts(con).filter((pl.col("indicator_id") == "cafcass_care_applications_per_10k") & (pl.col("time_period") == 2017))
    assert "Bournemouth (until 2019)" in cafcass["areas"][0].split("; ")  # a former authority as the picker names it


@pytest.mark.usefixtures("on_warehouse")
def test_the_data_page_shows_and_labels_them():
    at = open_page("pages/data.py", tab="Suppressed values")
    table = next(d.value for d in at.dataframe if "areas" in d.value.columns)
    assert "Hackney" in set(table[(table["indicator_id"] == "cpp_rate_per_10k") & (table["time_period"] == 2022)]["areas"])
