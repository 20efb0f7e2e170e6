"""The catalogue drives the ETL and the pages; every entry and every view must be documented."""

from __future__ import annotations

import re

import pytest

from etl import catalogue
from etl.checks import PUBLIC_VIEWS
from etl.publications.contract import contracts
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_catalogue_ids_required_by_the_contract():
    ids = {i.id for i in catalogue.load()}
    assert {
        "referrals_rate_per_10k", "rereferrals_pct", "assessments_45_days_pct", "cin_rate_per_10k",
        "s47_rate_per_10k", "cpp_rate_per_10k", "cpp_subsequent_pct", "cla_rate_per_10k",
        "cla_started_rate_per_10k", "sw_caseload", "sw_turnover_pct", "sw_agency_pct", "sw_vacancy_pct",
    } <= ids


@pytest.mark.parametrize("indicator", [i.id for i in catalogue.load()])
def test_every_indicator_is_documented_in_readme(indicator):
    assert f"`{indicator}`" in README


@pytest.mark.parametrize("view", PUBLIC_VIEWS)
def test_every_view_is_documented_column_by_column(view, con):
    assert f"### `{view}`" in README
    section = README.split(f"### `{view}`", 1)[1].split("\n### ", 1)[0]
    for (column,) in con.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ?", [view]).fetchall():
        assert re.search(rf"`{column}`", section), f"{view}.{column} is not documented"


@pytest.mark.parametrize("publication", sorted(contracts()))
def test_every_publication_is_listed_in_readme(publication):
    assert f"`{publication}`" in README


ENTRY = """[[indicator]]
id="x"
name="x"
topic="t"
unit="%"
polarity="{polarity}"
decimals=1
source="s"
definition="d"
from=[{source}]
"""


@pytest.mark.parametrize(("polarity", "source", "said"), [
    ("sideways", '{lait="X"}', "polarity"),
    ("lower", '{rate_of="nope", per=10000}', "unknown indicator nope"),
    ("lower", '{rate_of="x", per=1, totals_over="everyone"}', "totals_over can only be 'authorities_with_figures'"),
])
def test_a_bad_entry_is_refused_with_its_reason(polarity, source, said):
    with pytest.raises(catalogue.CatalogueError, match=said):
        catalogue.parse(ENTRY.format(polarity=polarity, source=source))


def test_the_conference_ratio_is_named_for_what_it_is_and_says_it_can_pass_100(con):
    """"Section 47 enquiries leading to an initial child protection conference" ranked Herefordshire's 103.6% of
    2017 as a share: it is the year's conferences over the year's enquiries, and its definition now says so."""
    name, definition = con.execute("SELECT name, definition FROM indicators WHERE indicator_id = 's47_to_icpc_pct'").fetchall()[0]
    oldham = con.execute("SELECT value FROM indicator_values WHERE indicator_id = 's47_to_icpc_pct' AND area_code = 'E08000004' "
                         "AND time_period = 2013").fetchall()[0][0]
    assert name == "Initial child protection conferences per 100 section 47 enquiries"
    assert f"can pass 100 (Oldham {oldham:.1f} in 2013)" in definition and oldham > 100


def test_the_conference_ratio_is_per_100_enquiries_not_a_percentage(con):
    """Shown in per cent, Oldham's 2013 conferences read "184.0%" and a change "+3.1 pp", a share of more
    than all its enquiries. Its unit is now what it counts: 184.0 per 100 enquiries, a change of +3.1, marked
    on a small base under 100 enquiries as a percentage is."""
    from oversight import formatting
    unit = con.execute("SELECT unit FROM indicators WHERE indicator_id = 's47_to_icpc_pct'").fetchall()[0][0]
    assert unit == "per 100 section 47 enquiries"
    assert formatting.number(184.009, 1, unit) == "184.0"
    assert formatting.change_text(3.1, 1, unit) == "+3.1"
    assert formatting.small_base(unit) == formatting.small_base("%") == 100
    assert formatting.with_unit("Initial child protection conferences per 100 section 47 enquiries", unit).endswith("enquiries")


def test_plans_reviewed_are_defined_as_laits_methodology_counts_them(con):
    """The definition said "a child protection plan for at least three months in the year"; LAIT's denominator is the
    children on a plan at 31 March who had been on it for at least three months."""
    import duckdb

    from tests.conftest import find

    raw = duckdb.connect()
    [(method,)] = raw.execute(f"SELECT methodology FROM read_csv('{find('lait_dictionary')}', all_varchar=true) WHERE Measure_short = 'RevCP'").fetchall()
    raw.close()
    assert "subject of a child protection plan at 31 March that had been on a plan for at least three months" in method
    [(definition,)] = con.execute("SELECT definition FROM indicators WHERE indicator_id = 'cpp_reviewed_pct'").fetchall()
    assert "subject of a child protection plan at 31 March and had been on it for at least three months" in definition
    assert "in the year" not in definition
