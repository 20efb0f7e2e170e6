"""A code in a lookup file that no area matches is named with its name, so a reader can tell a
retired code from a missing authority: the data page read "codes not in ...areas.csv: 1000"."""

from __future__ import annotations


def test_an_unmatched_code_is_warned_about_with_its_name(con):
    messages = [m for (m,) in con.execute("SELECT message FROM build_warnings WHERE file = 'la_code_list.xlsx'").fetchall()]
    assert "codes no area in etl/reference/areas.csv matches, not used: 1000 (England (discontinued))" in messages, messages
