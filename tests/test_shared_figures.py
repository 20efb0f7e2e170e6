"""A row the workforce release gives two authorities together (Kingston upon Thames and Richmond
upon Thames; North and West Northamptonshire) counts for each, as LAIT does, records the partner in
`shared_with`, and is never in the partner's statistical-neighbour summary."""

from __future__ import annotations


def test_a_shared_figure_names_its_partner_and_stays_out_of_its_neighbour_summary(con):
    kingston, richmond = "E09000021", "E09000027"
    rows = con.execute("SELECT area_code, value, shared_with FROM indicator_values WHERE indicator_id = 'sw_turnover_pct' AND time_period = 2025 "
                       "AND area_code IN (?, ?) ORDER BY 1", [kingston, richmond]).fetchall()
    assert rows == [(kingston, 28.0, richmond), (richmond, 28.0, kingston)]  # csww 2025: one row, 28.0% turnover
    assert con.execute("SELECT count(*) FROM statistical_neighbours WHERE area_code = ? AND neighbour_code = ?", [kingston, richmond]).fetchall() == [(1,)]
    with_figure = con.execute(
        "SELECT count(*) FROM statistical_neighbours s JOIN indicator_values v ON v.area_code = s.neighbour_code "
        "WHERE s.area_code = ? AND v.indicator_id = 'sw_turnover_pct' AND v.time_period = 2025 AND v.value IS NOT NULL", [kingston]).fetchall()[0][0]
    sn_count = con.execute("SELECT sn_count FROM indicator_comparison WHERE indicator_id = 'sw_turnover_pct' AND time_period = 2025 AND area_code = ?",
                           [kingston]).fetchall()[0][0]
    assert sn_count == with_figure - 1  # every neighbour with a figure but Richmond, whose figure is Kingston's own
    assert con.execute("SELECT count(*) FROM indicator_values WHERE shared_with IS NOT NULL").fetchall()[0][0] > 0
    assert con.execute("SELECT count(DISTINCT indicator_id) FROM indicator_values WHERE shared_with IS NOT NULL").fetchall()[0][0] == 4  # the four workforce rates


def test_the_profile_says_a_figure_is_shared(on_warehouse):
    from tests.apptest import open_page

    at = open_page("pages/profile.py", area="E09000027")
    said = [c.value.replace("\\", "") for c in at.caption if "together" in c.value]
    assert said == ["Average caseload of children and family social workers, social worker turnover, agency social workers and social worker vacancies: "
                    "each is one figure published for Richmond upon Thames and Kingston upon Thames together. It counts for each authority, as LAIT does, "
                    "and is left out of each one's statistical-neighbour average."]
    assert not [c for c in open_page("pages/profile.py", area="E08000007").caption if "together" in c.value]
