"""A unit LAIT's data dictionary gets wrong is corrected in one place (etl/reference/
lait_unit_corrections.csv), said in the indicator's definition and kept in `published_unit`; a
correction the dictionary no longer needs is not applied; and a measure in per cent whose England
figure is over 100 is warned about, since a share cannot be."""

from __future__ import annotations

import duckdb
import polars as pl

from etl import lait_measures
from etl.errors import Warnings
from tests.conftest import find

ENGLAND = "E92000001"


def test_child_deaths_with_modifiable_factors_are_numbers_not_per_cent(con):
    # the real parquet and dictionary, read by DuckDB alone: England's figures are far over 100
    raw = duckdb.connect()
    published = raw.execute(f"SELECT y_axis_name FROM read_csv('{find('lait_dictionary')}', all_varchar=true) WHERE Measure_short = 'PreChildDea'").fetchall()
    england = dict(raw.execute(f"SELECT \"Years\", \"Values\" FROM read_parquet('{find('lait')}') "
                               "WHERE \"Short Desc\" = 'PreChildDea' AND \"LA and Regions\" = 'England'").fetchall())
    raw.close()
    assert published == [("% of deaths",)]
    assert england["2018"] == "1015" and min(int(v) for v in england.values()) == 859
    unit, before, definition = con.execute(
        "SELECT unit, published_unit, definition FROM indicators WHERE indicator_id = 'lait_prechilddea'"
    ).fetchall()[0]
    assert (unit, before) == ("deaths", "% of deaths")
    assert "LAIT's data dictionary gives the unit as '% of deaths', but the figures are numbers of completed child death reviews" in definition
    assert con.execute("SELECT value FROM indicator_values WHERE indicator_id = 'lait_prechilddea' AND area_code = ? AND time_period = 2021", [ENGLAND]).fetchall() == [(882.0,)]
    # every other indicator keeps its dictionary's unit but the spending measures, which LAIT gives as "Spend" and "Unit Cost",
    # and social workers' absence, "Absence Rate"
    assert con.execute("SELECT count(*) FROM indicators WHERE published_unit IS NOT NULL").fetchall()[0][0] == 14


def test_spending_measures_are_in_pounds(con):
    """LAIT's dictionary gives the spending measures the units "Spend" and "Unit Cost": the profile showed Croydon's children
    and young people's budget as "148,890,286", with no £, and each weekly unit cost as a bare number."""
    from oversight.formatting import number

    units = dict(con.execute("SELECT indicator_id, unit FROM indicators WHERE published_unit IN ('Spend', 'Unit Cost')").fetchall())
    assert len(units) == 12 and units["lait_c_and_ypexpenditure"] == "£" and units["lait_lacfinance"] == "£ per week"
    croydon = con.execute("SELECT value FROM indicator_values WHERE indicator_id = 'lait_c_and_ypexpenditure' AND area_code = 'E09000008' "
                          "ORDER BY time_period DESC LIMIT 1").fetchall()[0][0]
    assert number(croydon, 0, units["lait_c_and_ypexpenditure"]).startswith("£")


def test_social_workers_absence_is_a_percentage_of_working_days(con):
    """LAIT's dictionary gives the unit "Absence Rate": the profile showed England's 3.5 with no unit. DfE's methodology
    divides the days lost by the working days of the social workers in post, so it is in per cent, as DfE publishes it."""
    from oversight.formatting import change_text, number

    unit, before, definition = con.execute("SELECT unit, published_unit, definition FROM indicators WHERE indicator_id = 'lait_work_force_swabsence'").fetchall()[0]
    assert (unit, before) == ("% of working days", "Absence Rate")
    assert "multiplied by 253 days" in con.execute("SELECT methodology FROM indicators WHERE indicator_id = 'lait_work_force_swabsence'").fetchall()[0][0]
    assert "LAIT's data dictionary gives the unit as 'Absence Rate'" in definition
    england = con.execute("SELECT value FROM indicator_values WHERE indicator_id = 'lait_work_force_swabsence' AND area_code = ? AND time_period = 2025",
                          [ENGLAND]).fetchall()[0][0]
    assert (number(england, 1, unit), change_text(0.4, 1, unit)) == ("3.5%", "+0.4 pp")


def test_the_real_build_warns_about_no_share_over_100_for_england(con):
    warned = con.execute("SELECT message FROM build_warnings WHERE message LIKE '%a share cannot be over 100%'").fetchall()
    assert warned == []


def test_a_correction_applies_only_while_the_dictionary_gives_the_unit_it_corrects():
    fixes = {"PreChildDea": {"published_unit": "% of deaths", "unit": "deaths", "reason": "the figures are numbers"}}
    warnings = Warnings()
    assert lait_measures.unit_of("PreChildDea", "% of deaths", fixes, warnings)[0] == "deaths"
    assert lait_measures.unit_of("Other", "%", fixes, warnings) == ("%", "")
    assert warnings.items == []
    # the dictionary mended: its unit is taken, and the correction is named for a look
    assert lait_measures.unit_of("PreChildDea", "Number of deaths", fixes, warnings) == ("Number of deaths", "")
    assert len(warnings.items) == 1 and "now gives the unit 'Number of deaths'" in warnings.items[0][1]


def test_the_reference_file_names_each_correction_with_a_reason():
    fixes = lait_measures.corrections(lait_measures.UNIT_CORRECTIONS)
    assert fixes and all(f["published_unit"] and f["unit"] and f["reason"] for f in fixes.values())


def test_a_share_over_100_for_england_is_named():
    lait = pl.DataFrame(
        {
            "measure": ["Share", "Share", "Share", "Count", "LocalOnly"],
            "area_code": [ENGLAND, ENGLAND, "E06000001", ENGLAND, "E06000001"],
            "time_period": [2020, 2021, 2021, 2021, 2021],
            "value": [99.0, 140.5, 300.0, 5000.0, 150.0],
            "chosen": [True, True, True, True, True],
        }
    )
    units = {"Share": "% of children", "Count": "deaths", "LocalOnly": "%"}
    assert lait_measures.england_percentages_over_100(lait, units) == ["Share is given in '% of children' but England's figure for 2021 is 140.5"]
    superseded = lait.with_columns(pl.col("chosen") & (pl.col("value") != 140.5))
    assert lait_measures.england_percentages_over_100(superseded, units) == []
