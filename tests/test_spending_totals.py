"""Spending per child for a region and England. DfE's section 251 totals for 2024-25 leave out
Wandsworth and Middlesbrough (LAIT's dictionary says so for SafeguardingFinance), and LAIT has no
figures for Cumberland and Westmorland and Furness in 2023-24; divided by every child of the region,
Inner London's spending on safeguarding read £452 a child against its authorities' £497, and Hackney's
spending on children looked after read level with its region's £831 where the region's is £915."""

from __future__ import annotations

import pytest

PER_CHILD = {"safeguarding_spend_per_child": "safeguarding_spend", "cla_spend_per_child": "cla_spend", "care_leavers_spend_per_child": "care_leavers_spend"}
TOTAL_OF = """
    SELECT t.area_code, a.area_code AS la FROM areas a
    JOIN areas t ON t.area_code IN (a.region_code, (SELECT r.region_code FROM areas r WHERE r.area_code = a.region_code), 'E92000001')
    WHERE a.geographic_level = 'Local authority'
"""


@pytest.mark.parametrize("indicator", PER_CHILD)
def test_a_totals_figure_is_its_authorities_spending_over_their_children(con, indicator):
    """Every region's and England's figure, every year: its published total over the children of the
    authorities whose spending that total sums (the total equals their sum, bar LAIT's North East
    children looked after in 2017-18), and over all its children where every authority has a figure."""
    rows = con.execute(f"""
        WITH members AS ({TOTAL_OF}),
        la AS (SELECT m.area_code AS total, v.time_period, sum(v.numerator) AS spend, sum(v.denominator) AS children
               FROM indicator_values v JOIN members m ON m.la = v.area_code
               WHERE v.indicator_id = ? AND v.value IS NOT NULL GROUP BY ALL)
        SELECT t.area_code, t.time_period, t.numerator, t.denominator, la.spend, la.children, p.denominator AS everyone
        FROM indicator_values t JOIN la ON la.total = t.area_code AND la.time_period = t.time_period
        JOIN indicator_values p ON p.indicator_id = 'cin_rate_per_10k' AND p.area_code = t.area_code AND p.time_period = t.time_period
        WHERE t.indicator_id = ?
    """, [indicator, indicator]).fetchall()
    assert len(rows) > 100
    fewer = 0
    for area, year, spend, children, their_spend, their_children, everyone in rows:
        if indicator == "cla_spend_per_child" and year == 2018 and area in ("E12000001", "E92000001"):
            continue
        assert spend == pytest.approx(their_spend, rel=1e-6), (area, year)
        if children != everyone:  # the years with an authority left out of the total
            fewer += 1
            assert children == pytest.approx(their_children, abs=1), (area, year)
    assert fewer == 6  # North West and England 2024; North East, London, Inner London and England 2025


def test_inner_londons_spending_per_child_in_2025(con):
    got = dict(con.execute("SELECT indicator_id, round(value) FROM indicator_values WHERE area_code = 'E13000001' AND time_period = 2025 "
                           "AND indicator_id IN ('safeguarding_spend_per_child', 'cla_spend_per_child')").fetchall())
    assert got == {"safeguarding_spend_per_child": 497, "cla_spend_per_child": 915}


def test_spending_per_child_says_which_children(con):
    """"Spending on children looked after per child (2025) £741" read, pasted from the national page, as spending per
    child looked after: it is per child aged 0 to 17 in the population, and the name and unit now say so, once in a heading."""
    from oversight.formatting import with_unit

    rows = con.execute("SELECT name, unit FROM indicators WHERE indicator_id LIKE '%spend_per_child' ORDER BY 1").fetchall()
    assert len(rows) == 3 and all(name.endswith(" per child aged 0 to 17") and unit == "£ per child aged 0 to 17" for name, unit in rows)
    assert with_unit(rows[0][0], rows[0][1]) == "Spending on children looked after per child aged 0 to 17 (£)"
