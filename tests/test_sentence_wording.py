"""Generated sentences read as a person would write them: names keep their acronyms, a change agrees
with the figures printed beside it, and LAIT's "-" is not called suppressed."""

from __future__ import annotations

import re

import polars as pl
import pytest

from oversight.formatting import in_sentence, number, suppressed
from oversight.widgets import series_summary


@pytest.mark.parametrize(("name", "shown"), [
    ("Care leavers - NEET (%)", "care leavers - NEET (%)"),
    ("Children looked after per 10,000 children", "children looked after per 10,000 children"),
    ("Ofsted judgement worse than at the inspection before", "Ofsted judgement worse than at the inspection before"),
    ("England", "England"),
    ("SN average", "SN average"),
    ("KS4 attainment", "KS4 attainment"),
    ("Cafcass care applications per 10,000 children", "Cafcass care applications per 10,000 children"),
    # LAIT's names in title case keep it: "long Term Placement Stability" lowered one letter of several; a name or an
    # acronym second is not title case
    ("Long Term Placement Stability (%)", "Long Term Placement Stability (%)"),
    ("Latest Ofsted judgement Inadequate", "latest Ofsted judgement Inadequate"),
    ("Percent CLA Adopted - consent dispensed with", "percent CLA Adopted - consent dispensed with"),
    ("Re-referrals within 12 months", "re-referrals within 12 months"),
    ("", ""),
])
def test_in_sentence_keeps_names_and_acronyms(name, shown):
    assert in_sentence(name) == shown


def test_a_change_agrees_with_the_printed_figures():
    """59.6 and 59.4 print as 60 and 59 at no decimals: a fall of 1. The unrounded change, -0.2,
    rounds to 0 and used to read 'was unchanged from 60 to 59'."""
    data = pl.DataFrame({"series": ["Haringey"] * 2, "time_period": [2016, 2025], "value": [52.0, 52.4]})
    text = series_summary(pl.DataFrame({"series": ["Inner London"] * 2, "time_period": [2016, 2025], "value": [59.6, 59.4]}), 0, "")
    assert text == "Inner London fell from 60 in 2016 to 59 in 2025 (-1)."
    same = series_summary(data, 0, "")
    assert same == "Haringey was unchanged from 52 in 2016 to 52 in 2025."


def test_lait_dash_is_no_figure_and_other_symbols_are_suppressed():
    assert suppressed("-") == "no figure (-)"
    assert suppressed("c") == "suppressed (c)"
    assert suppressed("z") == "not applicable (z)" and suppressed("x") == "not available (x)"
    assert suppressed(None) == "not available"


@pytest.mark.parametrize(("value", "decimals", "unit", "shown"), [
    (294.4, 0, "£ per child", "£294"), (-12.0, 0, "£", "-£12"), (12.34, 1, "% CIN", "12.3%"),
    (22.6, 1, "%", "22.6%"), (519.44, 1, "per 10,000 children", "519.4"), (3586900940, 0, "£", "£3,586,900,940"),
])
def test_numbers_carry_their_unit(value, decimals, unit, shown):
    assert number(value, decimals, unit) == shown


@pytest.mark.usefixtures("on_warehouse")
def test_one_authority_without_a_figure_is_counted_in_the_singular(con):
    """Compare said '1 authorities have no figure for 2022'."""
    from tests.apptest import open_page

    (year,) = con.execute(
        "SELECT time_period FROM indicator_comparison c JOIN areas a USING (area_code) WHERE c.indicator_id = 'assessments_45_days_pct' "
        "AND a.geographic_level = 'Local authority' AND a.is_current AND c.value IS NULL GROUP BY 1 HAVING count(*) = 1 ORDER BY 1 LIMIT 1"
    ).fetchall()[0]
    at = open_page("pages/compare.py", area="E09000014", indicator="assessments_45_days_pct", year=str(year))
    notes = [i.value.replace("\\", "") for i in at.info if "no figure for" in i.value]
    assert notes and notes[0].startswith(f"1 authority has no figure for {year}. "), notes


@pytest.mark.usefixtures("on_warehouse")
def test_the_authorities_without_a_figure_are_listed_by_reason(con):
    """Compare listed 77 authorities each followed by "(no figure (-))", hiding the few with another reason."""
    from tests.apptest import open_page

    at = open_page("pages/compare.py", area="E08000028", indicator="care_leavers_not_in_touch_pct", year="2025")
    [note] = [i.value.replace("\\", "") for i in at.info if "no figure for 2025" in i.value]
    reasons = con.execute("SELECT count(DISTINCT coalesce(suppression, '')), count(*) FROM indicator_comparison c JOIN areas a USING (area_code) "
                          "WHERE indicator_id = 'care_leavers_not_in_touch_pct' AND time_period = 2025 AND a.geographic_level = 'Local authority' "
                          "AND c.value IS NULL AND c.rank IS NULL AND coalesce(c.suppression, '') <> 'low'").fetchall()[0]
    # a sentence a reason, the names split by semicolons: "Bristol, City of" had read as two authorities in a list split by commas
    assert note.startswith(f"{reasons[1]} authorities have no figure for 2025. Published as - (no reason given): Barking and Dagenham; Barnsley; ")
    assert "; Bristol, City of; " in note
    assert "No figure (-)" not in note and len(re.findall(r"\([^()]+\): ", note)) == reasons[0], note  # never "no figure ... No figure (-)"


def test_a_series_of_one_figure_is_described_not_left_out():
    """Cumberland's school stability has one figure of its own (2024): the chart description named
    only England and its region, saying nothing of the authority the chart was drawn for."""
    data = pl.DataFrame({"series": ["Cumberland", "England", "England"], "time_period": [2024, 2018, 2024], "value": [14.0, 12.0, 8.0]})
    assert series_summary(data, 0, "%") == "England fell from 12% in 2018 to 8% in 2024 (-4 pp); Cumberland was 14% in 2024."


@pytest.mark.usefixtures("on_warehouse")
def test_a_figure_that_rounds_to_zero_is_not_called_missing_nor_dropped_silently():
    """Sunderland's agency workers are published as `low` (rounds to zero) from 2023: compare listed
    it among the authorities with no figure, and the trend's description stopped at 2022 unexplained."""
    from tests.apptest import open_page

    at = open_page("pages/compare.py", area="E08000024", indicator="sw_agency_pct", year="2025")
    notes = [i.value for i in at.info]
    assert not any("Sunderland" in n for n in notes if "no figure" in n), notes
    assert "Sunderland: the figure for 2025 rounds to zero (low). It is published without a number, so it is not drawn or ranked." in notes
    at = open_page("pages/trends.py", area="E08000024", indicator="sw_agency_pct")
    desc = next(m.value for m in at.markdown if m.value.startswith("Chart description")).replace("\\", "")
    assert "Sunderland fell from 28.8% in 2017 to 0.4% in 2022 (-28.4 pp)" in desc
    assert desc.endswith("Sunderland's figure for 2023, 2024 and 2025 rounds to zero (low) and is not drawn."), desc


@pytest.mark.usefixtures("on_warehouse")
def test_the_profile_says_why_a_region_column_is_empty(con):
    """Cafcass publishes figures for authorities and England only: Sunderland's profile showed "–"
    under the North East for its care applications, unexplained."""
    from tests.apptest import open_page

    (region,) = con.execute("SELECT region_value FROM indicator_comparison WHERE indicator_id = 'cafcass_care_applications_per_10k' "
                            "AND area_code = 'E08000024' ORDER BY time_period DESC LIMIT 1").fetchall()[0]
    assert region is None
    at = open_page("pages/profile.py", area="E08000024")
    assert "No regional figure is published for Cafcass care applications per 10,000 children, so its North East column shows –." in [c.value for c in at.caption]



def test_one_judgement_of_several_reads_in_the_singular_verb_and_plural_noun(con):
    """'1 of these judgement was published' read wrongly in the report: one of several judgements. (Since the 2025
    pack counts as Ofsted's own table does, no judgement of it is unofficial: one is made so here.)"""
    import datetime as dt

    import polars as pl

    from oversight import flags, report
    from oversight import queries as q

    judged = q.ofsted_current(con, dt.date(2025, 3, 31), inspected=True)
    one_unofficial = judged.with_columns(pl.when(pl.col("area_code") == "E08000036").then(False).otherwise(pl.col("official")).alias("official"))
    text = " ".join(s.text for s in report.narrative(con, 2025, flags.flagged(con, 2025), one_unofficial))
    assert "of these judgement " not in text
    assert "1 of these judgements was published by Ofsted later and is not yet in its official statistics" in text


def test_a_peak_or_trough_between_the_ends_is_said(con):
    """North Northamptonshire's re-referrals "rose from 21.4% in 2022 to 23.9% in 2025", and the
    29.3% of 2023 was nowhere in the description; a figure above (below) both ends is now named."""
    rows = pl.DataFrame(con.execute(
        "SELECT 'North Northamptonshire' AS series, time_period, value FROM indicator_values "
        "WHERE indicator_id = 'rereferrals_pct' AND area_code = 'E06000061' AND value IS NOT NULL ORDER BY time_period"
    ).fetchall(), schema=["series", "time_period", "value"], orient="row")
    assert series_summary(rows, 1, "%") == (
        "North Northamptonshire rose from 21.4% in 2022 to 23.9% in 2025 (+2.5 pp), highest 29.3% in 2023.")
    both = pl.DataFrame({"series": ["A"] * 5, "time_period": range(2021, 2026), "value": [50.0, 70.0, 40.0, 70.4, 55.0]})
    # 70.0 and 70.4 both print 70: each year is named ("highest 70 in 2022" had left out the other)
    assert series_summary(both, 0, "") == "A rose from 50 in 2021 to 55 in 2025 (+5), highest 70 in 2022 and 2024, lowest 40 in 2023."
    steady = pl.DataFrame({"series": ["B"] * 3, "time_period": [2023, 2024, 2025], "value": [1.0, 2.0, 3.0]})
    assert series_summary(steady, 0, "") == "B rose from 1 in 2023 to 3 in 2025 (+2)."


def test_the_packs_england_trend_descriptions_name_a_peak_between_the_ends(con):
    """The annual pack's chart descriptions gave only the two ends: referrals "from 520.4 to 519.4" hid the
    peak of 2014; England's children looked after per 10,000 tie at their highest in two years."""
    from oversight import report
    from oversight.formatting import number, rounded

    pack = report.build(con, 2025)
    rows = con.execute("SELECT time_period, value FROM indicator_values WHERE indicator_id = 'referrals_rate_per_10k' "
                       "AND area_code = 'E92000001' AND value IS NOT NULL ORDER BY time_period").fetchall()
    top = max(rows[1:-1], key=lambda r: r[1])
    assert top[1] > max(rows[0][1], rows[-1][1])
    assert f", highest {number(top[1], 1)} in {top[0]}" in pack.charts["england_referrals_rate_per_10k"][1]
    cla = con.execute("SELECT time_period, value FROM indicator_values WHERE indicator_id = 'cla_rate_per_10k' "
                      "AND area_code = 'E92000001' AND value IS NOT NULL ORDER BY time_period").fetchall()
    peak = max(rounded(v, 0) for _, v in cla[1:-1])
    years = [str(y) for y, v in cla[1:-1] if rounded(v, 0) == peak]
    assert len(years) > 1 and f"highest {peak} in {', '.join(years[:-1])} and {years[-1]}" in pack.charts["england_cla_rate_per_10k"][1]


def test_a_series_with_years_missing_between_says_so():
    """Isle of Wight's adoptions with consent dispensed with: 'was unchanged from 100% in 2022 to 100% in
    2025', with no figure for 2023 or 2024, read as 100% throughout."""
    data = pl.DataFrame({"series": ["Isle of Wight"] * 4 + ["England"] * 4, "time_period": [2022, 2023, 2024, 2025] * 2,
                         "value": [100.0, None, None, 100.0, 10.0, 11.0, 12.0, 13.0]})
    assert series_summary(data, 0, "%") == ("Isle of Wight was unchanged from 100% in 2022 to 100% in 2025, with no figure for 2023 and 2024; "
                                            "England rose from 10% in 2022 to 13% in 2025 (+3 pp).")


def test_a_list_with_a_name_of_its_own_and_takes_a_comma_before_the_last():
    """Compare said "2 authorities have no figure for 2025: not available (x): Kensington and Chelsea and Westminster",
    one authority or two."""
    from oversight.formatting import listing

    assert listing(["Kensington and Chelsea", "Westminster"]) == "Kensington and Chelsea, and Westminster"
    assert listing(["Leeds", "Bradford and Kirklees"]) == "Leeds, and Bradford and Kirklees"
    assert listing(["Leeds", "Bradford", "Kirklees"]) == "Leeds, Bradford and Kirklees"
    assert listing(["Leeds", "Bradford"]) == "Leeds and Bradford"
    # a name with a comma of its own read as two in a list split by commas ("…Bristol, City of, Buckinghamshire…")
    assert listing(["Wolverhampton", "Kingston upon Hull, City of", "Stoke-on-Trent"]) == "Wolverhampton; Kingston upon Hull, City of; and Stoke-on-Trent"
    assert listing(["Bristol, City of", "Leeds"]) == "Bristol, City of and Leeds"
    assert listing(["Leeds", "Bristol, City of"]) == "Leeds and Bristol, City of"


@pytest.mark.usefixtures("on_warehouse")
def test_the_profiles_neighbours_are_split_by_semicolons():
    """Sandwell's profile listed "Wolverhampton (Very close), Kingston upon Hull, City of (Very close), ...": eleven authorities or ten?"""
    from tests.apptest import open_page

    at = open_page("pages/profile.py", area="E08000028")
    [line] = [m.value.replace("\\", "") for m in at.markdown if "Kingston upon Hull, City of (" in m.value.replace("\\", "")]
    assert line.count("; ") == 9 and line.startswith("Wolverhampton (Very close); Kingston upon Hull, City of (Very close); ")
