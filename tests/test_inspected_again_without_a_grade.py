"""A later inspection whose overall grade the source does not give (Brent's and Somerset's ILACS short
inspections of 27 April 2026, in the data-to-insight overview without one) may have replaced the judgement
counted. The Ofsted page said so; the map, its table and CSV and the watchlist gave Brent's Good of
February 2023 as in force with nothing beside it."""

from __future__ import annotations

import pytest

from oversight import exports
from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")

AGAIN = "inspected again 27 April 2026, no overall grade yet"


def _again(con) -> dict[str, str]:
    """The authorities the warehouse has a later inspection without a grade for, by name, with the grade counted."""
    return dict(con.execute("SELECT a.area_name, o.grade_label FROM ofsted_as_at((SELECT max(publication_date) FROM ofsted_inspections)) o "
                            "JOIN areas a USING (area_code) WHERE o.ungraded_since = DATE '2026-04-27' ORDER BY 1").fetchall())


def test_the_macro_gives_the_later_inspection_beside_the_judgement_counted(con):
    assert _again(con) == {"Brent": "Good", "Somerset": "Good"}
    # counted as Ofsted's statistics count, at a date before it, there is none
    assert con.execute("SELECT count(*) FROM ofsted_as_at(DATE '2026-03-31', inspected := true) WHERE ungraded_since IS NOT NULL").fetchall() == [(0,)]


def test_the_map_says_it_in_the_tooltips_record_the_table_the_csv_and_a_note(con, monkeypatch):
    saved: list = []
    real = exports.csv_bytes
    monkeypatch.setattr(exports, "csv_bytes", lambda df, *a, **k: saved.append(df) or real(df, *a, **k))
    at = open_page("pages/map.py", show="ofsted")
    at.session_state["data-map"] = True
    at.run()
    table = at.dataframe[0].value
    records = dict(zip(table["area_name"], table["record"], strict=True))
    assert records["Brent"] == records["Somerset"] == f"Official statistics; {AGAIN}"  # the tooltip's "Record"
    assert sum(AGAIN in r for r in records.values()) == 2
    notes = [c.value.replace("\\", "") for c in at.caption if "inspected again" in c.value]
    assert notes == ["2 authorities were inspected again with no overall effectiveness grade in the source yet, and are counted by the judgement "
                     "before: Brent (Good, inspected again 27 April 2026) and Somerset (Good, inspected again 27 April 2026)."]
    [csv] = [df for df in saved if "Record" in df.columns or "record" in df.columns]
    column = "Record" if "Record" in csv.columns else "record"
    assert sum(AGAIN in r for r in csv[column].to_list()) == 2
    assert set(csv[CONTEXT].to_list()) == {SAID}  # the downloads' context says it, as the map's picture does under its title


CONTEXT = "Inspected again, no overall grade yet"
SAID = "Brent (27 April 2026) and Somerset (27 April 2026), counted by their judgements before"


def test_the_national_charts_downloads_say_it(monkeypatch):
    """The national page said it above its chart of judgements; the chart's CSV and picture, quoted alone, did not."""
    saved: list = []
    real = exports.csv_bytes
    monkeypatch.setattr(exports, "csv_bytes", lambda df, *a, **k: saved.append(df) or real(df, *a, **k))
    at = open_page("pages/national.py")
    at.session_state["data-ofsted-counts"] = True
    at.run()
    [csv] = [df for df in saved if "Ofsted overall" in df.columns]
    assert set(csv[CONTEXT].to_list()) == {SAID}


def test_the_watchlist_gives_the_date_beside_the_judgement(con):
    at = open_page("pages/watchlist.py")
    table = next(d.value for d in at.dataframe if "ungraded_since" in d.value.columns)
    again = table[table["ungraded_since"].notna()]
    assert sorted(again["area_name"]) == sorted(_again(con)) == ["Brent", "Somerset"]
    assert {str(d)[:10] for d in again["ungraded_since"]} == {"2026-04-27"}
    assert list(table.columns).index("ungraded_since") == list(table.columns).index("inspection_date") + 1
