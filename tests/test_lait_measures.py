"""Every LAIT measure is in the warehouse, with LAIT's metadata, read back from the real parquet
and data dictionary."""

from __future__ import annotations

import duckdb
import pytest

from etl import catalogue, lait_measures
from tests.conftest import find

ENGLAND = "E92000001"


@pytest.fixture(scope="module")
def raw():
    """The real parquet and dictionary, read by DuckDB alone (not through the ETL)."""
    c = duckdb.connect()
    c.execute(f"CREATE VIEW raw AS SELECT * FROM read_parquet('{find('lait')}')")
    c.execute(f"CREATE VIEW dict AS SELECT * FROM read_csv('{find('lait_dictionary')}', all_varchar=true)")
    yield c
    c.close()


def value(con, indicator, year, area=ENGLAND):
    rows = con.execute(
        "SELECT value, period_label FROM indicator_values WHERE indicator_id=? AND time_period=? AND area_code=?", [indicator, year, area]
    ).fetchall()
    assert len(rows) == 1, (indicator, year, area, rows)
    return rows[0]


def test_every_measure_in_the_file_is_in_the_warehouse(con, raw):
    measures = {m for (m,) in raw.execute('SELECT DISTINCT trim("Short Desc") FROM raw').fetchall()}
    assert len(measures) == 434
    own = {m for (m,) in con.execute("SELECT lait_measure FROM indicators WHERE starts_with(indicator_id, 'lait_')").fetchall()}
    taken = set(lait_measures.carried(catalogue.load()))
    assert own | taken == measures
    assert not own & taken  # never twice under two ids
    # every measure has figures in indicator_values, under its own id or the catalogue's
    with_values = {m for (m,) in con.execute(
        """SELECT DISTINCT i.lait_measure FROM indicators i WHERE EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.indicator_id)"""
    ).fetchall()}
    assert own <= with_values
    # every row of the file is kept in lait_values but the 170 labelled '0', the empty cells of areas
    # in years they did not exist and the figures for those years that are not the area's own (a
    # copy of a predecessor's, or 0), each counted in a warning
    n_file = raw.execute("SELECT count(*) FROM raw").fetchall()[0][0]
    warned = con.execute("SELECT message FROM build_warnings WHERE message LIKE '%names no period%'").fetchall()
    assert len(warned) == 1 and "CINPermExclusion '0': 170 rows" in warned[0][0]
    absent = con.execute("SELECT message FROM build_warnings WHERE message LIKE '%did not exist are left out'").fetchall()
    n_absent = int(absent[0][0].split()[0].replace(",", "")) if absent else 0
    borrowed = con.execute("SELECT message FROM build_warnings WHERE message LIKE '%did not exist are not their own%'").fetchall()
    n_borrowed = int(borrowed[0][0].split()[0].replace(",", "")) if borrowed else 0
    assert n_borrowed == 61
    assert con.execute("SELECT count(*) FROM lait_values").fetchall()[0][0] == n_file - 170 - n_absent - n_borrowed
    assert con.execute("SELECT count(*) FROM lait_values WHERE value IS NULL AND suppression IS NULL").fetchall()[0][0] == 0


def test_every_area_and_year_of_a_measure_is_there(con, raw):
    n_raw = raw.execute("""SELECT count(*) FROM raw WHERE "Short Desc" = 'Social_Work_Starters' AND "Values" <> '-'""").fetchall()[0][0]
    n = con.execute(
        "SELECT count(value), count(DISTINCT area_code), count(DISTINCT time_period) FROM indicator_values WHERE indicator_id='lait_social_work_starters'"
    ).fetchall()[0]
    assert n[0] == n_raw and n[1] >= 160 and n[2] >= 8


def test_headline_figures_from_lait(con):
    assert value(con, "care_leavers_eet_pct", 2025) == (54, "2025")
    assert value(con, "icpc_15_days_pct", 2025) == (81.4, "2025")
    assert value(con, "safeguarding_spend", 2025) == (3_586_900_940, "2024-25 (OT)")


def test_spend_per_child_divides_by_mid_year_population(con):
    # 3,586,900,940 / 12,088,669 children aged 0 to 17 (mid-2024): England's 12,183,016 less Wandsworth's
    # 58,730 and Middlesbrough's 35,617, whose spending DfE's 2024-25 total leaves out (test_spending_totals)
    row = con.execute(
        "SELECT value, numerator, denominator, revision FROM indicator_values WHERE indicator_id='safeguarding_spend_per_child' AND time_period=2025 AND area_code=?", [ENGLAND]
    ).fetchall()[0]
    assert row[1:] == (3_586_900_940, 12_183_016 - 58_730 - 35_617, "outturn")
    assert row[0] == pytest.approx(296.71, abs=0.01)


def test_section_47_enquiries_leading_to_a_conference(con):
    # table C4, England 2025: 72,100 initial conferences, 230,590 section 47 enquiries
    row = con.execute(
        "SELECT value, numerator, denominator FROM indicator_values WHERE indicator_id='s47_to_icpc_pct' AND time_period=2025 AND area_code=?", [ENGLAND]
    ).fetchall()[0]
    assert row[1:] == (72100, 230590)
    assert row[0] == pytest.approx(31.27, abs=0.01)


@pytest.mark.parametrize(
    ("measure", "year_type"),
    [
        ("LAC_KS4_AVG_Prog8", "Academic Year"),
        ("FamilySupportFinance", "Financial Year"),
        ("RTA", "Calendar Year"),
        ("Social_Work_Starters", "Annual (end of Sept)"),
        ("PriFSM", "Annual - January"),
        ("CPP_Num", "Annual"),
        ("TotPermEx", "Academic Year"),
        ("Hosp_Adm_Alc_<18yrs", "Financial Year"),
        ("APSE_Alevel", "Academic Year"),
    ],
)
def test_figures_read_back_for_each_year_type(con, raw, measure, year_type):
    """Every figure of the measure, England and each LA, as the file gives it (at its published
    decimals), from lait_values: whether the measure is its own indicator or a catalogue one's."""
    dps, yt = raw.execute("SELECT first(dps), first(Year_Type) FROM dict WHERE Measure_short = ?", [measure]).fetchall()[0]
    assert yt == year_type
    own = con.execute("SELECT year_type FROM indicators WHERE lait_measure = ?", [measure]).fetchall()
    # LAIT's, but for a measure whose every figure pools three years, which the build words as three (RTA, Hosp_Adm), and a
    # flow LAIT dates at a day (Social_Work_Starters: over the year to 30 September, lait_year_type_corrections.csv)
    fixed = lait_measures.corrections(lait_measures.YEAR_TYPE_CORRECTIONS).get(measure, {}).get("year_type")
    assert own in ([], [(fixed or year_type,)], [(lait_measures.POOLED.get(year_type),)])
    dp = int(dps) if dps and dps.isdigit() else 2
    file_rows = raw.execute(
        """SELECT "Years", "LA Number", "Values" FROM raw WHERE "Short Desc" = ? AND "Values" <> '-'""", [measure]
    ).fetchall()
    rows = con.execute(
        "SELECT v.years, a.old_la_code, v.area_code, v.value FROM lait_values v JOIN areas a USING (area_code) WHERE measure = ? AND chosen", [measure]
    ).fetchall()
    ours = {(label, code): v for label, code, _, v in rows if code is not None}
    england = {label: v for label, _, area, v in rows if area == ENGLAND}
    checked = 0
    half = 0.5 * 10**-dp + 1e-9  # a half in the last published place (0.155 may round either way)
    for label, number, text in file_rows:
        expected = float(text)
        if number == 970:
            assert england[label] == pytest.approx(expected, abs=half), (label, text)
            assert england[label] == round(england[label], dp)
            checked += 1
        elif number < 900:  # LAs (3-digit DfE numbers)
            assert ours[(label, str(int(number)))] == pytest.approx(expected, abs=half), (label, number, text)
            checked += 1
    assert checked > 100


def test_three_year_figures_are_labelled(con):
    name, = con.execute("SELECT name FROM indicators WHERE lait_measure='RTA'").fetchall()[0]
    assert name.endswith("(3-year average)")
    rows = con.execute("SELECT DISTINCT period_label, time_period, period_years FROM indicator_values WHERE indicator_id='lait_rta' ORDER BY 2").fetchall()
    assert rows[0] == ("2014-16", 2016, 3)
    alc = con.execute("SELECT max(period_label), max(time_period), min(period_years) FROM indicator_values WHERE indicator_id='lait_hosp_adm_alc_lt_18yrs'").fetchall()[0]
    assert alc == ("2021/22-23/24", 2024, 3)


def test_revision_markers_are_kept(con):
    got = dict(con.execute("SELECT revision, count(*) FROM indicator_values WHERE revision IS NOT NULL GROUP BY 1").fetchall())
    assert set(got) == {"provisional", "revised", "final", "outturn"}
    assert value(con, "lait_apse_alevel", 2020)[1] == "2020 (Final)"


@pytest.mark.parametrize(
    ("measure", "lait_polarity", "ours"),
    [("LACDental%", "High", "higher"), ("LACDistance", "Low", "lower"), ("CINTime1-2", "-", "neutral"), ("LAC_ceased_SGO", "NA", "neutral")],
)
def test_polarity_follows_the_dictionary(con, raw, measure, lait_polarity, ours):
    assert raw.execute("SELECT first(Polarity) FROM dict WHERE Measure_short = ?", [measure]).fetchall()[0][0] == lait_polarity
    assert con.execute("SELECT polarity FROM indicators WHERE lait_measure = ?", [measure]).fetchall()[0][0] == ours


def test_our_indicators_read_from_lait_take_its_polarity(raw):
    """Children looked after who went missing was "lower is better" in the catalogue where DfE's
    dictionary gives "-" (better recording raises it too): Bromley's 21% was flagged far worse than
    England's median. Every catalogue indicator read from a LAIT measure now takes its polarity."""
    from etl import catalogue

    words = {"High": "higher", "Low": "lower", "-": "neutral", "NA": "neutral"}
    read = [(ind.id, ind.polarity, src["lait"]) for ind in catalogue.load() for src in ind.sources if "lait" in src]
    assert len(read) > 15
    for indicator, polarity, measure in read:
        assert words[raw.execute("SELECT first(Polarity) FROM dict WHERE Measure_short = ?", [measure]).fetchall()[0][0]] == polarity, indicator


def test_metadata_comes_from_the_dictionary(con):
    row = con.execute(
        "SELECT name, unit, decimals, no_quartile, last_update, next_update, source_url, outcome FROM indicators WHERE lait_measure='Social_Work_Starters'"
    ).fetchall()[0]
    assert row[0] == "FTE social workers starting during the year"
    assert row[3] is True  # LAIT's No_Quartile = N
    assert row[4] is not None and row[4].year >= 2024
    assert row[7] == "Workforce"
    assert con.execute("SELECT count(*) FROM indicators WHERE no_quartile").fetchall()[0][0] == 21
    discontinued = con.execute("SELECT next_update, update_note FROM indicators WHERE lait_measure='RTA'").fetchall()[0]
    assert discontinued == (None, "Discontinued")
    # the catalogue's indicators computed from other publications have no LAIT measure
    assert con.execute("SELECT lait_measure FROM indicators WHERE indicator_id='referrals_rate_per_10k'").fetchall()[0][0] is None
    assert con.execute("SELECT lait_measure FROM indicators WHERE indicator_id='care_leavers_eet_pct'").fetchall()[0][0] == "CareLeaverEET"


def test_negative_lait_scores_are_kept(con):
    assert con.execute("SELECT min(value) FROM indicator_values WHERE indicator_id='lait_lac_ks4_avg_prog8'").fetchall()[0][0] < 0


def test_every_headline_indicator_says_when_it_was_and_will_next_be_published(con):
    """Five headline indicators had no last or next update, so the data page's note of releases due
    could not cover them: rates of another indicator (spending per child) now take its dates, a
    share worked out from a table (section 47 enquiries leading to a conference) those of another
    indicator from that table, and second or subsequent plans are reconciled with LAIT's PrevRegCPR,
    the same figure, whose dictionary entry gives them."""
    undated = con.execute("SELECT indicator_id FROM indicators WHERE headline AND (last_update IS NULL OR next_update IS NULL)").fetchall()
    assert undated == []
    dates = dict(con.execute("SELECT indicator_id, (last_update, next_update) FROM indicators WHERE indicator_id IN "
                             "('safeguarding_spend', 'safeguarding_spend_per_child', 's47_rate_per_10k', 's47_to_icpc_pct')").fetchall())
    assert dates["safeguarding_spend_per_child"] == dates["safeguarding_spend"] and dates["s47_to_icpc_pct"] == dates["s47_rate_per_10k"]
    compared, beyond = con.execute("SELECT count(*), count(*) FILTER (WHERE NOT within_tolerance) FROM reconciliation "
                                   "WHERE indicator_id = 'cpp_subsequent_pct' AND other_source LIKE '%PrevRegCPR%'").fetchall()[0]
    assert compared > 1000 and beyond == 0
