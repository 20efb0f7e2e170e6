"""A figure shows as many decimals as its publisher gives: LAIT gives care leavers in education,
employment or training as whole percentages (England 2025: 54), which read "54.0%" when the
catalogue said 1 decimal."""

from __future__ import annotations


def test_no_headline_indicator_shows_a_decimal_its_publisher_never_gives(con):
    rows = con.execute(
        """
        SELECT i.indicator_id, i.decimals
        FROM indicators i JOIN indicator_values v USING (indicator_id)
        WHERE i.headline AND v.value IS NOT NULL
        GROUP BY ALL
        HAVING i.decimals > 0 AND bool_and(v.value = round(v.value)) AND count(*) > 100
        """
    ).fetchall()
    assert rows == []


def test_care_leavers_in_education_read_as_published(con):
    from oversight.formatting import value_text

    value, decimals, unit = con.execute(
        "SELECT v.value, i.decimals, i.unit FROM indicator_values v JOIN indicators i USING (indicator_id) "
        "WHERE indicator_id = 'care_leavers_eet_pct' AND area_code = 'E92000001' AND time_period = 2025"
    ).fetchall()[0]
    assert value_text(value, decimals, unit) == "54%"
