"""A pack for an earlier year gives every authority by today's ONS code: North Yorkshire's 2019 figures stood
beside E06000065, a code of 2023, and a reader joining them to ONS's or DfE's files of 2019 (E10000023) found
no match. The Notes sheet names each recoded authority's earlier code, from the areas' reference."""

from __future__ import annotations

from oversight import report


def test_the_notes_name_each_recoded_authoritys_earlier_code(con):
    [said] = [n for n in report.build(con, 2019).tables["Notes"].to_series(0).to_list() if n.startswith("ONS codes")]
    recoded = con.execute("SELECT area_name, area_code, earlier_codes FROM areas WHERE is_current AND earlier_codes IS NOT NULL ORDER BY 1").fetchall()
    assert len(recoded) >= 4
    for name, code, earlier in recoded:
        assert f"{name} {code}, earlier {earlier.replace(';', ', ')}" in said
    assert "North Yorkshire E06000065, earlier E10000023" in said and "Sheffield E08000039, earlier E08000019" in said
