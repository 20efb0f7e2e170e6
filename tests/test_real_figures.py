"""Published figures, read back from a warehouse built from the real files."""

import pytest


def value(con, indicator, year, area):
    row = con.execute(
        "SELECT value, suppression FROM indicator_values WHERE indicator_id=? AND time_period=? AND area_code=?",
        [indicator, year, area],
    ).fetchall()[0]
    assert row is not None, (indicator, year, area)
    return row[0]


def test_england_referrals_2025(con):
    assert value(con, "referrals_count", 2025, "E92000001") == 632830


def test_england_rereferrals_2025(con):
    assert value(con, "rereferrals_pct", 2025, "E92000001") == 22.6


def test_england_cla_rate_2025(con):
    assert round(value(con, "cla_rate_per_10k", 2025, "E92000001")) == 67


def test_haringey_cla_rate_2025(con):
    assert round(value(con, "cla_rate_per_10k", 2025, "E09000014")) == 61


def test_england_referral_rate_uses_mid_year_before(con):
    # 632,830 referrals / 12,183,016 children (mid-2024) * 10,000
    assert value(con, "referrals_rate_per_10k", 2025, "E92000001") == pytest.approx(519.44, abs=0.01)
    row = con.execute(
        "SELECT denominator FROM indicator_values WHERE indicator_id='referrals_rate_per_10k' AND time_period=2025 AND area_code='E92000001'"
    ).fetchall()[0]
    assert row[0] == 12183016


@pytest.mark.parametrize(
    ("indicator", "lait"),
    [("referrals_rate_per_10k", "CPP_Total_Rateper10,000"), ("cin_rate_per_10k", "CIN"), ("cpp_rate_per_10k", "CPP_rate")],
)
def test_computed_rates_match_lait_within_a_tenth(con, indicator, lait):
    n, worst = con.execute(
        """SELECT count(*), max(abs(v.value - l.value)) FROM indicator_values v
           JOIN lait_values l ON l.measure = ? AND l.time_period = v.time_period AND l.area_code = v.area_code
           WHERE v.indicator_id = ? AND v.value IS NOT NULL AND l.value IS NOT NULL""",
        [lait, indicator],
    ).fetchall()[0]
    assert n > 1500
    assert worst <= 0.1 + 1e-9


def test_reconciliation_has_no_disagreement_beyond_rounding(con):
    total, bad = con.execute("SELECT count(*), count(*) FILTER (WHERE NOT within_tolerance) FROM reconciliation").fetchall()[0]
    assert total > 10000
    # the only disagreements: LAIT's CLA rates for years it computed on an older population base
    odd = con.execute(
        "SELECT DISTINCT other_source FROM reconciliation WHERE NOT within_tolerance"
    ).fetchall()
    assert {r[0] for r in odd} <= {"LAIT LAC", "LAIT LAC_Start_Rate"}
    assert bad < 200


def test_cla_counts_before_2021_from_lait(con):
    rows = con.execute(
        "SELECT time_period, value, source_file FROM indicator_values WHERE indicator_id='cla_rate_per_10k' AND area_code='E09000014' ORDER BY 1"
    ).fetchall()
    years = [r[0] for r in rows]
    assert years[0] == 2016 and years[-1] == 2025
    # the rates as published: LAIT's before the 2025 release's first year, then the release's own
    assert all(r[2] == "bds_long_0.parquet" for r in rows if r[0] < 2021)
    assert all(r[2] == "cla_number_and_rate_per_10k_children.csv" for r in rows if r[0] >= 2021)
    assert [r[1] for r in rows if r[0] in (2016, 2025)] == [67, 61]


def test_assessment_timeliness_england_2025(con):
    assert value(con, "assessments_45_days_pct", 2025, "E92000001") == 85.7


def test_suppressed_values_keep_their_symbol(con):
    rows = con.execute("SELECT DISTINCT suppression FROM indicator_values WHERE value IS NULL").fetchall()
    symbols = {r[0] for r in rows}
    assert {"c", "x", "z"} <= symbols
    assert con.execute("SELECT count(*) FROM indicator_values WHERE value IS NOT NULL AND suppression IS NOT NULL").fetchall()[0][0] == 0
    # the catalogue's indicators are never negative (LAIT's progress scores and gaps can be)
    assert con.execute("SELECT count(*) FROM indicator_values JOIN indicators USING (indicator_id) WHERE value < 0 AND NOT starts_with(indicator_id, 'lait_')").fetchall()[0][0] == 0


def test_every_sn_model_la_is_an_area(con):
    missing = con.execute(
        "SELECT DISTINCT area_code FROM statistical_neighbour_models ANTI JOIN areas USING (area_code)"
    ).fetchall()
    assert missing == []
    # every current LA's from DfE's 2025 model, and each of the five former authorities' from LAIT's list
    models = dict(con.execute("SELECT a.is_current, list(DISTINCT s.model) FROM statistical_neighbours s JOIN areas a USING (area_code) GROUP BY 1").fetchall())
    counts = dict(con.execute("SELECT a.is_current, count(DISTINCT area_code) FROM statistical_neighbours s JOIN areas a USING (area_code) GROUP BY 1").fetchall())
    assert counts == {True: 153, False: 5}
    # named with their releases as the manifest gives them: "(sn_model_2025_wide)", the file's name, had stood as the model's
    assert models[True] == ["DfE statistical neighbours, 2025 model"] and models[False] == ["LAIT statistical neighbours, May 2025"]


def test_a_model_no_manifest_lists_is_named_with_its_file(tmp_path):
    """A model read from a folder without a manifest (an analyst's own copy of the files) has no release to name it by."""
    import duckdb

    from tests.tiny_warehouse import LAS, build, indicator

    db = build(tmp_path / "w.duckdb", [indicator("x", "neutral")], [("x", 2025, LAS[0], 1.0, None)], {LAS[0]: [LAS[1]]})
    with duckdb.connect(str(db), read_only=True) as c:
        assert c.execute("SELECT DISTINCT model FROM statistical_neighbours").fetchall() == [("tiny (tiny)",)]


def test_areas_hold_current_las_and_marked_predecessors(con):
    current = con.execute("SELECT count(*) FROM areas WHERE geographic_level='Local authority' AND is_current").fetchall()[0][0]
    assert current == 153
    pred = dict(con.execute("SELECT old_la_code, successor_codes FROM areas WHERE NOT is_current").fetchall())
    assert pred["909"] == "E06000063;E06000064"  # Cumbria -> Cumberland, Westmorland and Furness
    assert pred["928"] == "E06000061;E06000062"  # Northamptonshire -> North and West
    assert pred["837"] == "E06000058"  # Bournemouth -> BCP


def test_recoded_ons_codes_resolve_to_one_area(con):
    # CSWW 2025 names Barnsley E08000038, the CIN files E08000016: one area, on its current code
    assert value(con, "sw_caseload", 2025, "E08000038") is not None
    assert value(con, "referrals_count", 2025, "E08000038") is not None
    assert con.execute("SELECT count(*) FROM areas WHERE area_code IN ('E08000016', 'E08000019')").fetchall()[0][0] == 0


def test_shared_workforce_rows_apply_to_each_la(con):
    kingston = value(con, "sw_turnover_pct", 2025, "E09000021")
    richmond = value(con, "sw_turnover_pct", 2025, "E09000027")
    assert kingston == richmond == 28


def test_ofsted_history_and_grades(con):
    n, areas = con.execute("SELECT count(*), count(DISTINCT area_code) FROM ofsted_judgements WHERE judgement='overall_effectiveness' AND official AND framework LIKE 'ILACS%'").fetchall()[0]
    assert n == 271 and areas == 156
    latest = con.execute(
        """SELECT grade_label, count(*) FROM (
             SELECT area_code, arg_max(grade_label, inspection_date) AS grade_label FROM ofsted_judgements
             WHERE judgement='overall_effectiveness' AND official AND framework LIKE 'ILACS%'
               AND area_code IN (SELECT area_code FROM areas WHERE is_current) GROUP BY 1)
           GROUP BY 1"""
    ).fetchall()
    assert dict(latest) == {"Good": 67, "Outstanding": 36, "Requires improvement to be good": 31, "Inadequate": 19}
    assert con.execute("SELECT DISTINCT grade FROM ofsted_judgements WHERE grade_label='Inadequate'").fetchall() == [(4,)]


def test_load_log_records_every_file(con, data_sources):
    rows = con.execute("SELECT path, sha256, publication, rows, status FROM load_log").fetchall()
    files = [p for src in data_sources for p in src.rglob("*") if p.is_file()]
    assert len(rows) == len(files)
    loaded = {r[2] for r in rows if r[4] == "loaded"}
    assert {"cin_referrals", "cla_numbers", "csww", "population", "lait", "ofsted_outcomes", "sn_model_2025"} <= loaded
    assert all(len(r[1]) == 64 for r in rows)


def test_every_headline_indicator_covers_every_year_a_file_holds(con):
    gaps = con.execute(
        """SELECT indicator_id, min(time_period), max(time_period), count(DISTINCT time_period)
           FROM indicator_values JOIN indicators USING (indicator_id)
           WHERE headline AND area_code='E92000001' AND value IS NOT NULL GROUP BY 1"""
    ).fetchall()
    for ind, first, last, n in gaps:
        assert n == last - first + 1, ind
        assert last == 2025, ind


def test_cla_rates_carry_the_published_count_and_population(con):
    """The rates of children looked after and starting to be looked after had no numerator or denominator, though
    DfE's file publishes both beside each rate (Sandwell 2025: 816 children, 88,593 aged 0 to 17, rate 92): an
    analyst could not weight or add them up. Read back against the file itself."""
    import polars as pl

    from tests.conftest import find

    published = pl.read_csv(find("cla_numbers"), infer_schema=False).filter(
        (pl.col("geographic_level") == "Local authority") & (pl.col("time_period") == "2025") & (pl.col("new_la_code") == "E08000028"))
    for indicator, label in (("cla_rate_per_10k", "Children looked after on 31 March each year"),
                             ("cla_started_rate_per_10k", "Children starting to be looked after each year")):
        row = published.filter(pl.col("population_type") == label).row(0, named=True)
        got = con.execute("SELECT value, numerator, denominator FROM indicator_values WHERE indicator_id = ? AND time_period = 2025 "
                          "AND area_code = 'E08000028'", [indicator]).fetchall()[0]
        assert got == (float(row["rate_per_10000"]), float(row["children_count"]), float(row["population_estimate"]))
    assert got[1:] == (265.0, 88593.0)  # starting to be looked after in the year
