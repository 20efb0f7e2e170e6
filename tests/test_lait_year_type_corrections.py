"""A year type LAIT's data dictionary gets wrong is corrected in one place (etl/reference/
lait_year_type_corrections.csv) and said in the indicator's definition: social workers starting and
leaving, and their absence, are counted over the year to 30 September, which "Annual (end of Sept)"
worded as "at 30 September 2025"; a correction the dictionary no longer needs is not applied."""

from __future__ import annotations

import duckdb

from etl import lait_measures
from etl.errors import Warnings
from tests.conftest import find

FLOWS = {"Social_Work_Starters": "lait_social_work_starters", "Social_Work_Leavers": "lait_social_work_leavers",
         "Work_Force_SWAbsence": "lait_work_force_swabsence"}


def test_starters_leavers_and_absence_are_over_the_year(con):
    raw = duckdb.connect()
    published = dict(raw.execute(f"SELECT Measure_short, Year_Type FROM read_csv('{find('lait_dictionary')}', all_varchar=true) "
                                 f"WHERE Measure_short IN {tuple(FLOWS)}").fetchall())
    raw.close()
    assert published == dict.fromkeys(FLOWS, "Annual (end of Sept)")
    for measure, indicator in FLOWS.items():
        year_type, definition = con.execute("SELECT year_type, definition FROM indicators WHERE indicator_id = ?", [indicator]).fetchall()[0]
        assert year_type == "Year to 30 September", measure
        assert "LAIT's data dictionary gives the year type 'Annual (end of Sept)', but " in definition, measure
    # the stock measures keep LAIT's: social workers in post are counted at 30 September
    assert con.execute("SELECT year_type FROM indicators WHERE lait_measure = 'Work_Force_NoSW'").fetchall() == [("Annual (end of Sept)",)]


def test_compare_says_starters_are_over_the_year(con, on_warehouse):
    from tests.apptest import open_page

    year = con.execute("SELECT max(time_period) FROM indicator_values WHERE indicator_id = 'lait_social_work_starters'").fetchall()[0][0]
    at = open_page("pages/compare.py", area="E08000035", indicator="lait_social_work_starters", year=str(year))
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert f"in the year to 30 September {year} (" in text and f"at 30 September {year}" not in text


def test_a_correction_the_dictionary_no_longer_needs_is_not_applied():
    fixes = lait_measures.corrections(lait_measures.YEAR_TYPE_CORRECTIONS)
    warnings = Warnings()
    assert lait_measures.year_type_of("Social_Work_Starters", "Financial Year", fixes, warnings) == ("Financial Year", "")
    assert "now gives the year type 'Financial Year'" in warnings.items[0][1]
    assert lait_measures.year_type_of("CPP_Num", "Annual", fixes, Warnings()) == ("Annual", "")
