"""A figure that another publication gives differently beyond rounding is said where it is drawn:
Westminster's rate of children looked after for 2016 to 2018 is computed here as 48, 53 and 60
per 10,000, where LAIT's LAC gives DfE's 39, 41 and 45."""

from __future__ import annotations

import pytest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")


def test_trends_names_each_figure_that_differs_from_its_other_publication(con):
    rows = con.execute(
        "SELECT time_period, round(value), other_value FROM reconciliation WHERE indicator_id = 'cla_rate_per_10k' AND area_code = 'E09000033' "
        "AND NOT within_tolerance ORDER BY 1"
    ).fetchall()
    assert rows == [(2016, 48.0, 39.0), (2017, 53.0, 41.0), (2018, 60.0, 45.0)]
    at = open_page("pages/trends.py", area="E09000033", indicator="cla_rate_per_10k")
    note = next(w.value for w in at.warning).replace("\\", "")
    assert note.startswith("3 figures drawn here differ from another publication of the same figure by more than rounding: "
                           "Westminster 2016: 48 here, 39 in LAIT LAC; Westminster 2017: 53 here, 41 in LAIT LAC; Westminster 2018: 60 here, 45 in LAIT LAC. ")


def test_no_note_where_every_figure_agrees(con):
    (n,) = con.execute(
        "SELECT count(*) FROM reconciliation WHERE indicator_id = 'cla_rate_per_10k' AND area_code = 'E08000024' AND NOT within_tolerance"
    ).fetchall()[0]
    assert n == 0
    at = open_page("pages/trends.py", area="E08000024", indicator="cla_rate_per_10k")
    assert not [w.value for w in at.warning if "differ from another publication" in w.value]


def test_compare_names_the_year_s_figures_that_differ_the_chosen_authority_first(con):
    """Compare for 2018 ranked 44 authorities whose rate LAIT gives differently without a word: it
    now says so, the chosen authority first, then the largest differences."""
    (n,) = con.execute(
        "SELECT count(DISTINCT r.area_code) FROM reconciliation r JOIN areas a USING (area_code) WHERE r.indicator_id = 'cla_rate_per_10k' "
        "AND r.time_period = 2018 AND NOT r.within_tolerance AND a.geographic_level = 'Local authority'"
    ).fetchall()[0]
    at = open_page("pages/compare.py", area="E09000014", indicator="cla_rate_per_10k", year="2018")
    note = next(w.value for w in at.warning).replace("\\", "")
    assert note.startswith(f"{n} figures drawn here differ from another publication of the same figure by more than rounding: "
                           "Haringey 2018: 74 here, 71 in LAIT LAC; City of London 2018: 155 here, 80 in LAIT LAC; Westminster 2018: 60 here, 45 in LAIT LAC;")
    assert f"; and {n - 6} more." in note
    at = open_page("pages/compare.py", area="E09000014", indicator="cla_rate_per_10k", year="2025")
    assert not [w.value for w in at.warning if "differ from another publication" in w.value]
