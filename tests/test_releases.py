"""A downloads folder with several releases of one publication, and lookup files beside them:
the newest release wins for each year, older files are `superseded` in the load log, and
figures that differ between releases are listed in `revisions` (and on the data page)."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.__main__ import main
from tests.conftest import ROOT, copy_real
from tests.test_recognition import write_lookups

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
# the 2024 release's names for the 2025 release's columns (CSC data/c1_..._2013_to_2024.csv)
RENAMES_2024 = {
    "referral_count": "Referrals",
    "rereferral_count": "Re_referrals",
    "rereferral_percent": "Re_referrals_percent",
    "no_further_action_count": "No_Further_Action",
    "no_further_action_percent": "No_Further_Action_percent",
    "not_in_need_count": "Not_in_Need",
    "not_in_need_percent": "Not_in_Need_percent",
}


def older_referrals(current: Path, dest: Path) -> Path:
    """The current C1 as the 2024 release had it: no 2025, 2024 names, one figure different."""
    rows = list(csv.reader(io.StringIO(current.read_text(encoding="utf-8-sig"))))
    header = [RENAMES_2024.get(h, h) for h in rows[0]]
    at = {h: i for i, h in enumerate(header)}
    body = [r for r in rows[1:] if r[at["time_period"]] != "2025"]
    for r in body:
        if r[at["time_period"]] == "2024" and r[at["geographic_level"]] == "National":
            assert r[at["Referrals"]] == "621880"
            r[at["Referrals"]] = "620000"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    dest.write_text(out.getvalue(), encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory, data_dir) -> tuple[Path, str]:
    src = tmp_path_factory.mktemp("downloads")
    c1 = copy_real("cin_referrals", src)
    older_referrals(c1, src / "c1_children_in_need_referrals_and_rereferrals_2013_to_2024.csv")
    copy_real("cla_numbers", src)
    shutil.copy(FIXTURES / "cla_number_and_rate_per_10k_children_2019_to_2023.csv", src / "cla_2019_to_2023.csv")
    copy_real("population", src)
    copy_real("lait", src)
    write_lookups(src)
    db = tmp_path_factory.mktemp("wh") / "o.duckdb"
    import contextlib

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["build", "--source", str(src), "--db", str(db)]) == 0
    return db, out.getvalue()


def q(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_older_release_is_superseded(built):
    db, _ = built
    rows = dict(q(db, "SELECT regexp_extract(path, '[^/]+$'), status FROM load_log WHERE publication = 'cin_referrals'"))
    assert rows == {
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv": "loaded",
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2024.csv": "superseded",
    }


def test_newest_release_wins_each_year_and_older_fills_the_rest(built):
    db, _ = built
    value = "SELECT value, source_file FROM indicator_values WHERE indicator_id = ? AND time_period = ? AND area_code = 'E92000001'"
    assert q(db, value, ["referrals_count", 2024]) == [(621880.0, "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv")]
    assert q(db, value, ["cla_count", 2023])[0][0] == 83750  # the 2025 release, not the 2023 one (83,840)
    assert q(db, value, ["cla_count", 2019]) == [(78140.0, "cla_2019_to_2023.csv")]  # only the older release has 2019
    log = q(db, "SELECT status, message FROM load_log WHERE path LIKE '%cla_2019_to_2023.csv'")
    assert log == [("loaded", "years 2019 loaded; 2023 superseded by a newer release")]


def test_revisions_list_figures_that_changed(built):
    db, _ = built
    rows = q(
        db,
        "SELECT indicator_id, old_value, new_value, old_release, new_release FROM revisions WHERE time_period = 2024 AND area_code = 'E92000001' ORDER BY 1",
    )
    assert ("referrals_count", 620000.0, 621880.0, "c1_children_in_need_referrals_and_rereferrals_2013_to_2024.csv", "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv") in rows
    rate = next(r for r in rows if r[0] == "referrals_rate_per_10k")
    assert rate[2] == pytest.approx(621880 / 12059476 * 10000) and rate[1] == pytest.approx(620000 / 12059476 * 10000)
    cla = q(db, "SELECT old_value, new_value FROM revisions WHERE indicator_id = 'cla_count' AND time_period = 2023 AND area_code = 'E92000001'")
    assert cla == [(83840.0, 83750.0)]
    # nothing else in the older C1 differs: the only referral revisions are England 2024's
    assert q(db, "SELECT count(*) FROM revisions WHERE indicator_id = 'referrals_count'") == [(1,)]


def test_build_summary_counts_revisions(built):
    db, out = built
    n = q(db, "SELECT count(*) FROM revisions")[0][0]
    assert f"revisions: {n:,} figures differ between releases for the same year" in out
    assert "superseded by newer releases" in out


def test_data_page_lists_revisions(built):
    db, _ = built
    old = os.environ.get("OVERSIGHT_DB")
    os.environ["OVERSIGHT_DB"] = str(db)
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        at.switch_page("pages/data.py")
        at.query_params["tab"] = "Revisions"
        at.run()
        assert not at.exception
        assert any(s.value == "Revisions between releases" for s in at.header)
        assert any("figures differ between releases" in m.value for m in at.markdown)
    finally:
        if old is None:
            os.environ.pop("OVERSIGHT_DB", None)
        else:
            os.environ["OVERSIGHT_DB"] = old


def test_an_older_lait_release_supplies_its_earliest_year_and_its_revisions(tmp_path, data_dir):
    import polars as pl

    src = tmp_path / "src"
    src.mkdir()
    current = copy_real("lait", src)
    copy_real("population", src)
    raw = pl.read_parquet(current)
    # the release a year earlier: 2015 to 2024, with England's 2024 assessment timeliness different
    older = raw.filter(~pl.col("Years").str.starts_with("2025")).with_columns(
        pl.when(pl.col("Years") == "2016").then(pl.lit("2015")).otherwise(pl.col("Years")).alias("Years")
    )
    england_2024 = (pl.col("Short Desc") == "Continue_Assess_Comp") & (pl.col("Years") == "2024") & (pl.col("LA Number") == 970.0)
    older = pl.concat([older, raw.filter(pl.col("Years") == "2016")]).with_columns(
        pl.when(england_2024).then(pl.lit("50.5")).otherwise(pl.col("Values")).alias("Values")
    )
    older.write_parquet(src / "bds_long_0_january_2025.parquet")
    db = tmp_path / "o.duckdb"
    assert main(["build", "--source", str(src), "--db", str(db)]) == 0
    published = q(db, "SELECT value FROM indicator_values WHERE indicator_id='assessments_45_days_pct' AND time_period=2024 AND area_code='E92000001'")[0][0]
    assert published != 50.5
    assert q(db, "SELECT time_period, old_value, new_value, old_release FROM revisions WHERE indicator_id = 'assessments_45_days_pct'") == [
        (2024, 50.5, published, "bds_long_0_january_2025.parquet")
    ]
    first = q(db, "SELECT min(time_period) FROM indicator_values WHERE indicator_id = 'assessments_45_days_pct' AND value IS NOT NULL")[0][0]
    assert first == 2015
