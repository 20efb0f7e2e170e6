"""Every page runs under AppTest against the warehouse built from the real files."""

from __future__ import annotations

import json
import os
import re

import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from etl import catalogue
from tests.apptest import APP, RANKED, TIME_SINCE, plain_tables
from tests.apptest import open_page as run

pytestmark = pytest.mark.usefixtures("on_warehouse")


def text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.title]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    return "\n".join(parts)


def test_national_picture(con):
    at = run()
    assert "153 local authorities" in text(at)
    # how fresh: a sentence, and the table of every indicator's years drawn when opened
    latest = dict(con.execute(
        "SELECT latest, count(*) FROM (SELECT indicator_id, max(time_period) AS latest FROM indicator_values WHERE value IS NOT NULL GROUP BY 1) GROUP BY 1"
    ).fetchall())
    total, newest = sum(latest.values()), max(latest)
    recent = [f"{y} for {latest[y]}" for y in (newest, newest - 1, newest - 2) if y in latest]
    older = sum(n for y, n in latest.items() if y < newest - 2)
    assert f"Of {total} indicators, the latest year held is {'; '.join(recent)}; before {newest - 2} for {older}." in text(at)
    assert not at.dataframe
    at.session_state["freshness"] = True
    at.run()
    [table] = at.dataframe
    assert len(table.value) == total


def test_compare_deep_link_shows_haringey_at_61():
    at = run("pages/compare.py", area="E09000014", indicator="cla_rate_per_10k", year="2025", **RANKED)
    assert "**Haringey**: 61 at 31 March 2025 (per 10,000 children" in text(at)
    table = at.dataframe[0].value
    assert "Rank" in " ".join(map(str, table.columns)) or "rank" in table.columns
    assert at.query_params["year"] == ["2025"] or at.query_params["year"] == "2025"


def test_compare_says_the_figure_against_neighbours_region_and_england_and_how_it_moved(con):
    """A director reading the compare page for a committee had the rank and band only: the SN average,
    the region, England and the year before were in the table, one row among 153."""
    at = run("pages/compare.py", area="E10000015", indicator="rereferrals_pct", year="2025")
    r = con.execute("SELECT sn_mean, region_value, england_value, previous_value, change, direction FROM indicator_comparison "
                    "WHERE indicator_id = 'rereferrals_pct' AND area_code = 'E10000015' AND time_period = 2025").fetchall()[0]
    assert r[5] in ("improving", "declining")
    said = (f"Against its statistical neighbours' average {r[0]:.1f}%, East of England {r[1]:.1f}% and England {r[2]:.1f}%. "
            f"In the year to 31 March 2024: {r[3]:.1f}%, a change of {'+' if r[4] > 0 else '-'}{abs(r[4]):.1f} pp ({'better' if r[5] == 'improving' else 'worse'}).")
    assert said in text(at).replace("\\", "")


def test_compare_quartile_follows_polarity(con):
    """The band is said in words beside its letter: "quartile band A" had no key on the page."""
    at = run("pages/compare.py", area="E09000014", indicator="rereferrals_pct", year="2025")
    band = con.execute("SELECT band FROM indicator_comparison WHERE indicator_id = 'rereferrals_pct' AND area_code = 'E09000014' "
                       "AND time_period = 2025").fetchall()[0][0]
    words = {"A": "the best quarter", "B": "the second-best quarter", "C": "the second-worst quarter", "D": "the worst quarter"}[band]
    assert f"quartile band {band} ({words})." in text(at).replace("\\", "")
    neutral = run("pages/compare.py", area="E09000014", indicator="referrals_rate_per_10k", year="2025")
    assert any(f"quartile band {b}" in text(neutral).replace("\\", "") for b in ("Q1 (lowest).", "Q2 (the second-lowest quarter).", "Q3 (the second-highest quarter).",
                                                                 "Q4 (highest)."))


def test_bad_url_falls_back_with_messages():
    at = run("pages/compare.py", area="E99999999", indicator="'; DROP TABLE areas; --", year="1850")
    t = text(at)
    assert "Unknown area 'E99999999'" in t
    assert "Unknown indicator" in t
    assert "showing the latest year" in t
    assert "**Haringey**" in t


@pytest.mark.parametrize(("earlier", "current", "name"), [("E08000019", "E08000039", "Sheffield"), ("E10000023", "E06000065", "North Yorkshire")])
def test_an_earlier_ons_code_opens_the_authority_under_its_current_code(earlier, current, name):
    """A bookmark with Sheffield's code before ONS recoded it (2025) opened Haringey's figures, said
    "Unknown area": it opens Sheffield, says so, and the link takes the current code."""
    at = run("pages/profile.py", area=earlier)
    t = text(at).replace("\\", "")
    assert f"{earlier} in the link is the code {name} had before ONS recoded it: {name} ({current}) is shown." in t
    assert "Unknown area" not in t and "Haringey" not in t
    assert at.title[0].value == f"{name}: profile"
    assert f"ONS code {current} (earlier {earlier})" in t
    assert at.query_params["area"] in (current, [current])
    at = run("pages/trends.py", area=f"E09000014,{earlier}", indicator="cla_rate_per_10k")
    assert at.multiselect[0].value == ["E09000014", current]


def test_a_link_that_repeats_area_keeps_every_one():
    """area=E06000063&area=E10000006 kept Cumbria only, and made it "my authority"."""
    at = run("pages/trends.py", area=["E06000063", "E10000006"], indicator="cla_rate_per_10k")
    assert at.multiselect[0].value == ["E06000063", "E10000006"]
    assert at.sidebar.selectbox[0].value == "E06000063"


def test_a_year_not_held_is_said_with_the_indicators_name():
    """The message named the indicator by its id ("No cla_rate_per_10k figures for year '20x5'")."""
    t = text(run("pages/compare.py", area="E09000014", indicator="cla_rate_per_10k", year="20x5"))
    assert "No figures of children looked after per 10,000 children for year '20x5'" in t.replace("\\", "")
    assert "cla_rate_per_10k" not in t


def test_trends_notes_boundary_change():
    at = run("pages/trends.py", area="E06000063", indicator="cla_rate_per_10k")
    assert "Series break: Cumberland was formed from part of Cumbria (until 2023)" in text(at)
    assert "Add Cumbria (until 2023) to the areas to draw it." in text(at)
    # with Cumbria drawn, the note no longer asks for it
    t = text(run("pages/trends.py", area="E06000063,E10000006", indicator="cla_rate_per_10k"))
    assert "Cumbria (until 2023) is drawn beside it." in t and "Add Cumbria" not in t


@pytest.mark.parametrize(("indicator", "first"), [("cla_rate_per_10k", 2024), ("sw_turnover_pct", 2023)])
def test_the_boundary_line_stands_at_the_new_authoritys_first_year_of_that_kind(con, indicator, first):
    """Cumberland was formed on 1 April 2023: its first children looked after figure is at 31 March
    2024, its first workforce figure at 30 September 2023. The workforce chart's line stood at 2024,
    a year after Cumbria's series had ended and Cumberland's begun."""
    at = run("pages/trends.py", area="E06000063,E10000006", indicator=indicator)
    rule = [r["time_period"] for r in _layer_values(at, 1)]
    own = con.execute("SELECT min(time_period) FROM indicator_values WHERE indicator_id = ? AND area_code = 'E06000063' AND value IS NOT NULL",
                      [indicator]).fetchall()[0][0]
    assert rule == [first], rule
    assert own == first  # where Cumberland's own series begins


def test_profile_says_why_the_year_before_has_no_figure():
    """Hampshire's section 47 enquiries leading to a conference: 16.0% in 2025, and 2024's figure
    flagged low reliability (u). Previous showed '–', as for a first year."""
    at = run("pages/profile.py", area="E10000014")
    rows = {r["Indicator"]: r for t in plain_tables(at) if "SN average" in t.columns for r in t.to_dicts()}
    row = rows["Initial child protection conferences per 100 section 47 enquiries"]
    assert (row["Latest"], row["Previous"], row["Change"]) == ("16.0", "low reliability (u)", "–")
    # the count above the tables says how many it could not compare, rather than leaving them out
    line = next(m.value for m in at.markdown if m.value.startswith("Of the "))
    untold = sum(1 for r in rows.values() if r["Direction"] == "–" and r["Latest"] != "not available")
    assert untold and "have no figure for one year or both" in line, line


def test_profile_counts_an_indicator_with_no_figure_in_either_year_as_such(con):
    """Haringey's care leavers not in touch have no figure for 2024 or 2025: "1 has no figure for one of the two years"
    read as one missing year."""
    both = con.execute("SELECT count(*) FROM indicator_values WHERE indicator_id = 'care_leavers_not_in_touch_pct' AND area_code = 'E09000014' "
                       "AND time_period IN (2024, 2025) AND value IS NULL").fetchall()[0][0]
    assert both == 2
    line = next(m.value for m in run("pages/profile.py", area="E09000014").markdown if m.value.startswith("Of the "))
    assert "; 1 has no figure for one year or both." in line.replace("\\", ""), line



def test_profile_gives_the_neighbours_median_and_how_many_have_a_figure(con):
    """Hertfordshire's care leavers not in touch: SN average 10% beside England's 4%, from six of its ten
    neighbours, one of them at 47%; the median, 3%, was in the pack only."""
    at = run("pages/profile.py", area="E10000015")
    rows = {r["Indicator"]: r for t in plain_tables(at) if "SN average" in t.columns for r in t.to_dicts()}
    mean, median, n = con.execute("SELECT sn_mean, sn_median, sn_count FROM indicator_comparison WHERE indicator_id = 'care_leavers_not_in_touch_pct' "
                                  "AND area_code = 'E10000015' AND time_period = 2025").fetchall()[0]
    assert n < 10
    assert rows["Care leavers the local authority is not in touch with"]["SN average"] == f"{mean:.0f}%\nmedian {median:.0f}%\n{n} of 10"
    full = rows["Referrals per 10,000 children"]["SN average"].split("\n")  # all ten with a figure: no count
    assert len(full) == 2 and full[1].startswith("median ")

def test_profile_lists_every_indicator(con):
    at = run("pages/profile.py", area="E09000014")
    assert "Haringey: profile" in text(at)
    tables = [t for t in plain_tables(at) if "SN average" in t.columns]
    shown = {n for t in tables for n in t["Indicator"]}
    # the headline indicators in full, grouped by outcome, one heading per group, with region and
    # England beside the SN average
    headline = {n for (n,) in con.execute("SELECT name FROM indicators WHERE headline").fetchall()}
    assert shown == headline and len(tables) == len(at.subheader) > 1
    assert {"Inner London", "England", "SN average", "Direction", "Band"} <= set(tables[0].columns) and "unit" not in tables[0].columns
    # every other measure in a closed group per outcome or topic, each drawn when opened
    groups = [e for e in at.expander if e.label.endswith(" indicators")]
    assert len(groups) > 5
    for box in groups:
        at.session_state[f"more-{box.label.rsplit(': ', 1)[0]}"] = True
    at.run()
    names = {n for t in plain_tables(at) if "SN average" in t.columns for n in t["Indicator"]}
    # the catalogue's indicators and every LAIT measure it does not carry
    assert {i.name for i in catalogue.load()} < names
    assert names == {n for (n,) in con.execute("SELECT name FROM indicators").fetchall()}


def test_ofsted_page():
    at = run("pages/ofsted.py", **TIME_SINCE)
    # in force on the latest publication loaded (June 2026): six of March 2025's 19 inadequate LAs have improved since
    assert "65 Good" in text(at) and "13 Inadequate" in text(at) and "42 of these judgements" in text(at)
    # a judgement the source does not give says so: Brent's and Somerset's ILACS short inspections of
    # 27 April 2026 (published 17 June 2026) have no grade in the overview; visits give none
    every = next(t.value for t in run("pages/ofsted.py", tab="Every inspection").dataframe if "visit_theme" in t.value.columns)
    assert set(every.loc[every["area_name"].isin(["Brent", "Somerset"]) & (every["publication_date"].astype(str).str[:10] == "2026-06-17"), "judgement"]) == {"no grade in the source"}
    # worded as the scrutiny pack words it: the page's "none (a visit)" was the pack's "not graded (a visit)"
    assert set(every.loc[every["framework"] == "focused visit", "judgement"]) == {"not graded (a visit)"}
    assert every["judgement"].notna().all()
    # the time since inspection is dated by the Ofsted data alone, not the sidebar's line with the workforce's date
    # the longest since first, by date: Lancashire (28 November 2022) sat above Trafford (21 November 2022), both 3.6 years
    table = next(t.value for t in at.dataframe if "years_since_inspection" in t.value.columns)
    dated = table["inspection_date"].dropna().tolist()
    assert dated == sorted(dated) and table["years_since_inspection"].dropna().is_monotonic_decreasing
    # Somerset's 3.9 years and Brent's 3.3 are counted from their last graded inspections: each was inspected again on
    # 27 April 2026 with no overall grade in the source yet, which the note says, so the years are not read as overdue
    noted = table[table["status_note"].str.startswith("inspected again")]
    assert sorted(noted["area_name"]) == ["Brent", "Somerset"]
    assert set(noted["status_note"]) == {"inspected again 27 April 2026, no overall grade yet"}
    since = next(t.value for t in at.text if "graded inspection is" in t.value)
    assert since.startswith("Ofsted inspections begun by 27 April 2026, published to 18 June 2026. ") and "workforce" not in since
    # the tile chart's description gives each region, which is the chart's point, adding up to England's
    import re

    tiles = next(m.value.replace("\\", "") for m in at.markdown if "Tile chart" in m.value)
    regions = re.findall(r"([A-Z][A-Za-z ]+?) (\d+) of (\d+)", tiles.split("Good or outstanding, by region: ")[1])
    assert len(regions) >= 9 and sum(int(g) for _, g, _ in regions) == 46 + 65 and sum(int(n) for _, _, n in regions) == 153


def test_data_page():
    # the rates are DfE's as published: every figure published twice agrees (a disagreement's listing: test_disagreements_shown.py)
    assert "Every compared figure agrees within rounding." in text(run("pages/data.py", tab="Reconciliation"))
    assert "No figure differs between the releases loaded." in text(run("pages/data.py", tab="Revisions"))


def test_the_data_page_draws_one_tab_at_a_time_named_in_its_url(con):
    """Six sections of long tables were drawn at once; each is now a tab, run only when chosen and
    named in the link (?tab=Reconciliation). The build's line and any loss it was published with
    are above the tabs, whichever is open."""
    built = con.execute("SELECT build_id FROM build_info").fetchall()[0][0]
    tabs = ["Catalogue", "Sources and load log", "Reconciliation", "Percentages over 100", "Revisions", "Suppressed values"]
    headers = ["Indicator catalogue", "Sources and load log", "Reconciliation", "Percentages over 100", "Revisions between releases",
               "Suppressed values by indicator and year"]
    for i, (tab, header) in enumerate(zip(tabs, headers, strict=True)):
        at = run("pages/data.py", tab=tab)
        assert [t.label for t in at.tabs] == tabs
        assert [h.value for h in at.header] == [header], tab
        assert f"Build `{built}`" in text(at)
        assert i in (4,) or at.dataframe  # every tab but revisions (none between the releases loaded) has its table
    opened = run("pages/data.py")
    assert [h.value for h in opened.header] == ["Indicator catalogue"] and len(opened.dataframe) == 1


def test_data_page_names_files_not_server_paths(con, warehouse):
    """The page printed the server's folders (/work/.../data/published/...) in its build line, load log
    and warnings, and a column of empty 'Within tolerance' boxes under the disagreements."""
    import re

    at = run("pages/data.py", tab="Sources and load log")
    built, files = con.execute("SELECT built_at, files_loaded FROM build_info").fetchall()[0]
    assert f"{built:%-d %B %Y at %H:%M} UTC, from {files} files" in text(at)
    reconciled = run("pages/data.py", tab="Reconciliation")
    shown = "\n".join([text(at), text(reconciled)] + [df.value.to_csv() for df in [*at.dataframe, *reconciled.dataframe]])
    folder = str(warehouse.parent.parent)
    assert folder not in shown and not re.search(r"(^|[\s,(])/[a-z]+/", shown)
    log = next(df.value for df in at.dataframe if "sha256" in df.value.columns)
    assert "bds_long_0.parquet" in set(log["file"])
    assert reconciled.dataframe  # the summary of every comparison


def test_missing_database_shows_how_to_build(tmp_path, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_DB", str(tmp_path / "absent.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "No warehouse yet" in text(at)
    assert "python -m etl build" in text(at)


def test_watchlist_matrix_and_summary():
    at = run("pages/watchlist.py")
    t = text(at)
    assert "of 153 local authorities" in t and "By flag:" in t
    matrix = at.dataframe[0].value
    assert "severity_score" in matrix.columns and len(matrix) == 153
    assert matrix["profile"].iloc[0].startswith("/profile?area=E")
    reasons = at.dataframe[1].value
    assert any("fell from 95.6% to 71.1%" in m for m in reasons["message"])
    assert "Latest Ofsted judgement Inadequate" in set(reasons["flag"])  # the rule's title, not its id
    assert "latest Ofsted judgement Inadequate: 13" in t
    # every rule, one that flags none with 0: "9 in all" under it had listed 8 here
    by_flag = next(m.value for m in at.markdown if "By flag:" in m.value).split("By flag: ", 1)[1]
    from oversight import flags

    assert by_flag.count(": ") == len(flags.rules()), by_flag


def test_watchlist_now_says_which_figures():
    """A year chosen says when its figures are for; the default view, "now", had said nothing, so a report writer
    could not cite its 68 flagged authorities against the 2025 collection year's 70."""
    captions = [c.value.replace("\\", "") for c in run("pages/watchlist.py").caption]  # AppTest escapes markdown
    assert any(c.startswith("Each indicator's latest figures. Data as at 31 March 2025 (latest collection year); ") and
               "Ofsted inspections begun by 27 April 2026, published to 18 June 2026." in c for c in captions), captions


def test_watchlist_filters_by_region():
    at = run("pages/watchlist.py", region="Inner London")
    regions = at.dataframe[0].value["region_name"]
    assert set(regions) == {"Inner London"} and len(regions) == 14


def test_report_page_builds_a_zip():
    at = run("pages/report.py", year="2025")
    assert "632,830 referrals" in text(at)
    at.button[0].click().run()
    assert not at.exception
    assert len(at.get("download_button")) == 1


@pytest.fixture(scope="module")
def partial_warehouse(tmp_path_factory):
    """A warehouse from two files only: most indicators, Ofsted and neighbours are missing."""
    from etl.__main__ import main
    from tests.conftest import copy_real

    src = tmp_path_factory.mktemp("partial-src")
    copy_real("cin_referrals", src)
    copy_real("population", src)
    db = tmp_path_factory.mktemp("partial") / "oversight.duckdb"
    assert main(["build", "--source", str(src), "--db", str(db)]) == 0
    return db


@pytest.mark.parametrize("page", [None, "pages/compare.py", "pages/trends.py", "pages/profile.py", "pages/ofsted.py", "pages/watchlist.py", "pages/report.py", "pages/data.py"])
def test_every_page_runs_on_a_partial_warehouse(page, partial_warehouse, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_DB", str(partial_warehouse))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["indicator"] = "cla_rate_per_10k"
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_trends_link_with_several_areas_restores_them():
    at = run("pages/trends.py", area="E09000014,E08000025", indicator="cpp_rate_per_10k")
    assert not at.warning
    assert at.multiselect[0].value == ["E09000014", "E08000025"]
    shown = len(at.dataframe)  # the data behind each chart is drawn only when asked for
    at.session_state["data-trend"] = True
    at.run()
    assert len(at.dataframe) == shown + 1
    series = set(at.dataframe[0].value.columns)
    assert {"Haringey", "Birmingham", "England"} <= series


def test_trends_link_with_too_many_areas_is_clamped():
    codes = "E09000014,E08000025,E06000063,E10000016,E09000002,E09000003,E09000004,E09000005"
    at = run("pages/trends.py", area=codes, indicator="cpp_rate_per_10k")
    assert len(at.multiselect[0].value) == 6
    assert "first 6" in text(at)


def test_compare_scatter_axes_come_from_the_link():
    at = run("pages/compare.py", area="E09000014", indicator="cla_rate_per_10k", year="2025", x="cpp_rate_per_10k", y="sw_caseload")
    assert at.toggle(key="scatter").value
    assert at.selectbox(key="scatter-x").value == "cpp_rate_per_10k"
    assert at.selectbox(key="scatter-y").value == "sw_caseload"


def test_compare_scatter_is_drawn_when_asked_for():
    at = run("pages/compare.py", area="E09000014", indicator="cla_rate_per_10k", year="2025")
    charts = len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart"))
    at.toggle(key="scatter").set_value(True).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart")) == charts + 1


def test_every_chart_is_a_valid_vega_lite_spec():
    """Pages skip Altair's validation on each run (charts.vega_spec); the charts are validated here."""
    import altair as alt
    import duckdb
    import polars as pl

    from oversight import charts
    from oversight import queries as q

    con = duckdb.connect(os.environ["OVERSIGHT_DB"], read_only=True)
    grades = q.grade_labels(con)
    ind = q.indicator(con, "cla_rate_per_10k")
    table = q.compare_table(con, "cla_rate_per_10k", 2025, "E09000014")
    refs = pl.DataFrame({"label": ["England"], "value": [67.0]})
    built = [
        charts.ranked_bars(table.drop_nulls("value"), "t", ind["unit"], ind["decimals"], refs),
        charts.trend(q.trend_frame(con, "cla_rate_per_10k", ["E09000014"], "sn"), "t", ind["unit"], ind["decimals"], [2024], period="At 31 March"),
        charts.small_multiples(charts.with_figures(q.headline_trends(con, "E09000014"))),
        charts.scatter(q.scatter_points(con, "cla_rate_per_10k", "sw_caseload"), ind, q.indicator(con, "sw_caseload"), grades),
        charts.grade_tiles(q.ofsted_current(con), grades),
        charts.grade_distribution(q.ofsted_distribution(con), "year", "Year", grades),
        charts.bar_counts(q.judgement_counts(con), "grade_label", "t", grades),
    ]
    con.close()
    for chart in built:
        assert isinstance(chart.to_dict(validate=True), dict)
    assert alt.SCHEMA_VERSION


def test_watchlist_filters_come_from_the_link():
    inadequate = run("pages/watchlist.py", grade="Inadequate").dataframe[0].value
    assert set(inadequate["grade_label"]) == {"Inadequate"} and len(inadequate) == 13  # in force in June 2026
    dropped = run("pages/watchlist.py", flag="timeliness_drop").dataframe[0].value
    assert len(dropped) == 5 and (dropped["timeliness_drop"] > 0).all()


def test_watchlist_sorted_by_severity():
    scores = run("pages/watchlist.py").dataframe[0].value["severity_score"].tolist()
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


def test_data_page_catalogue_with_update_dates_and_search(con):
    at = run("pages/data.py")
    overdue = con.execute("SELECT count(*) FROM indicators WHERE next_update < current_date").fetchall()[0][0]
    assert f"For {overdue} the publisher's next update date has passed" in text(at)
    full = at.dataframe[0].value
    assert len(full) == con.execute("SELECT count(*) FROM indicators").fetchall()[0][0]
    assert {"methodology", "last_update", "next_update", "update_overdue"} <= set(full.columns)
    at.text_input(key="search").input("care leavers").run()
    found = at.dataframe[0].value
    assert 0 < len(found) < len(full) and found["name"].str.lower().str.contains("care leaver").any()
    at.multiselect(key="outcome").select("Care leavers").run()
    assert set(at.dataframe[0].value["outcome"]) == {"Care leavers"}



def test_a_narrow_catalogue_search_gives_each_definition_whole(con):
    """An analyst searching "care leavers education" could read no definition: the grid's cells cut them
    ("...(looked after for at leas…") with nothing on hover; the overdue mark was a grey tick on grey."""
    at = run("pages/data.py", search="care leavers education employment")
    found = at.dataframe[0].value
    assert 0 < len(found) <= 10 and set(found["update_overdue"]) <= {"passed", ""}
    definition, overdue = con.execute("SELECT definition, next_update < current_date FROM indicators WHERE indicator_id = 'care_leavers_eet_pct'").fetchall()[0]
    said = [t.value for t in at.text]
    whole = next(t for t in said if t.startswith(f"Definition: {definition}"))
    assert ("(passed)" in whole) == overdue
    assert any(h.value.endswith("found, in full") for h in at.subheader)
    at = run("pages/data.py")  # no search: the grid alone
    assert not any(h.value.endswith("found, in full") for h in at.subheader)
    # how far a figure looks back, as the grid's column gives it: re-referrals' 12 months had been left out of the text
    said = [t.value for t in run("pages/data.py", search="re-referrals within 12 months").text]
    assert any("Looks back 12 months for an earlier event, so a new authority's first year" in t for t in said), said
    assert not any("Looks back" in t for t in [t.value for t in run("pages/data.py", search="care leavers education employment").text])

def test_the_catalogue_search_is_in_the_link_and_kept_while_another_tab_is_open():
    """An analyst searched the catalogue for "care leavers", looked at the reconciliation and came back
    to all 442 indicators and an empty box: the search and the outcomes chosen are now kept, and in the link."""
    at = run("pages/data.py", search="care leavers")
    assert at.text_input(key="search").value == "care leavers"
    found = len(at.dataframe[0].value)
    named = at.dataframe[0].value["name"].str.lower().str.contains("care leavers")
    assert named.iloc[0] and not named.iloc[-1] and named.is_monotonic_decreasing  # those named by the words first, then by definition
    # how many were found, and how: "agency" had found 37 without a word on why most were key stage 2 measures
    assert f"{found} indicators found: {int(named.sum())} by name, listed first, and {found - int(named.sum())} by definition, methodology, source or id." in [
        t.value for t in at.text]
    at.multiselect(key="outcome").select("Care leavers").run()
    narrowed = len(at.dataframe[0].value)
    assert 0 < narrowed < found
    at.session_state["tab"] = "Reconciliation"
    at.run()
    assert [h.value for h in at.header] == ["Reconciliation"]
    at.session_state["tab"] = "Catalogue"
    at.run()
    assert at.text_input(key="search").value == "care leavers" and at.multiselect(key="outcome").value == ["Care leavers"]
    assert len(at.dataframe[0].value) == narrowed


def test_data_page_finds_an_indicator_by_its_id_or_lait_name_and_says_when_nothing_matches(con):
    """Searching "rereferrals_pct" or LAIT's "CareLeaverEET" gave an empty table and no word why."""
    at = run("pages/data.py")
    at.text_input(key="search").input("rereferrals_pct").run()
    assert at.dataframe[0].value["indicator_id"].tolist() == ["rereferrals_pct"]
    assert "1 indicator found by definition, methodology, source or id." in [t.value for t in at.text]  # it read "0 by their name, listed first, and 1 by its..."
    at.text_input(key="search").input("careleavereet").run()
    assert "CareLeaverEET" in set(at.dataframe[0].value["lait_measure"])
    at.text_input(key="search").input("no such words").run()
    assert len(at.dataframe[0].value) == 0 and any("No indicator's name, definition, methodology, source or id holds every word of 'no such words'." in i.value.replace("\\", "") for i in at.info)
    at.text_input(key="search").input("missing").run()  # the away-from-placement measure, by its methodology's note on recording missing
    assert "cla_away_pct" in set(at.dataframe[0].value["indicator_id"])
    at.text_input(key="search").input("   ").run()  # spaces alone are no search: every indicator
    assert len(at.dataframe[0].value) == con.execute("SELECT count(*) FROM indicators").fetchall()[0][0]
    # every word, anywhere, not the words as one phrase: "care leavers education" had found nothing
    at.text_input(key="search").input("care leavers education").run()
    found = at.dataframe[0].value["indicator_id"].tolist()
    whole = con.execute("SELECT name, definition, indicator_id, lait_measure FROM indicators WHERE list_contains(?, indicator_id)", [found]).fetchall()
    assert found[0] == "care_leavers_eet_pct" and len(whole) == len(found) and all(  # by the whole texts: the grid's are cut
        all(w in " ".join(str(c).lower() for c in r) for w in ("care", "leavers", "education")) for r in whole)


def test_indicator_picker_groups_every_measure_by_outcome(con):
    at = run("pages/compare.py")
    picker = next(s for s in at.selectbox if s.label == "Indicator")
    labels = picker.options
    with_data = con.execute("SELECT count(DISTINCT indicator_id) FROM indicator_values WHERE value IS NOT NULL").fetchall()[0][0]
    assert len(labels) == with_data > 400
    order = [o for (o,) in con.execute("SELECT outcome FROM outcomes ORDER BY sort_order").fetchall()]
    seen = [lab.split(" · ")[0] for lab in labels]
    firsts = list(dict.fromkeys(seen))
    assert firsts == [o for o in order if o in firsts]  # one block per outcome, in the framework's order
    assert "Family help · Re-referrals within 12 months" in labels and "Child protection · Section 47 enquiries per 10,000 children" in labels


def test_watchlist_two_flags_mean_and_unless_the_link_says_or():
    both = run("pages/watchlist.py", flag="rereferrals_rising,ofsted_worsened", year="2025").dataframe[0].value
    assert both["area_name"].tolist() == ["Solihull"]
    either = run("pages/watchlist.py", flag="rereferrals_rising,ofsted_worsened", match="or", year="2025").dataframe[0].value
    assert len(either) > 20


def test_watchlist_explains_most_severe_first_and_shows_each_rules_rate():
    at = run("pages/watchlist.py")
    reasons = at.dataframe[1].value
    order = {"high": 0, "medium": 1, "low": 2}
    ranks = [order[s] for s in reasons["severity"]]
    assert ranks == sorted(ranks)
    summary = at.dataframe[2].value
    far = summary[summary["rule_id"] == "far_from_neighbours"].iloc[0]
    assert 0 < far["expected_pct"] < 5 and 0 < far["las_flagged"] < 153 / 4


def test_my_authority_stays_when_the_page_changes():
    at = run("pages/compare.py", area="E08000025", indicator="cla_rate_per_10k", year="2025")  # Birmingham
    assert at.session_state["my_area"] == "E08000025"
    at.query_params.clear()  # a page chosen in the navigation opens without the old link's parameters
    at.switch_page("pages/profile.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Birmingham: profile"
    at.switch_page("pages/trends.py")
    at.run()
    assert at.multiselect[0].value[0] == "E08000025"


def test_my_authority_changed_on_one_page_is_used_by_the_next():
    at = run("pages/profile.py", area="E09000014")
    at.selectbox(key="profile-area").set_value("E06000063").run()  # Cumberland
    assert at.title[0].value == "Cumberland: profile"
    assert at.query_params["area"] in ("E06000063", ["E06000063"])
    at.query_params.clear()
    at.switch_page("pages/compare.py")
    at.run()
    assert not at.exception
    assert "**Cumberland**" in text(at)


def test_england_a_region_and_a_former_authority_can_be_the_subject():
    at = run("pages/trends.py", area="E92000001", indicator="cla_rate_per_10k")
    assert "Unknown area" not in text(at)
    assert at.multiselect[0].value == ["E92000001"]
    assert "Every headline indicator for England" in "\n".join(s.value for s in at.header)
    for code, title in (("E92000001", "England: profile"), ("E12000007", "London: profile"), ("E10000006", "Cumbria (until 2023): profile")):
        at = run("pages/profile.py", area=code)
        assert "Unknown area" not in text(at)
        assert at.title[0].value == title
        assert sum(t.height for t in plain_tables(at) if "SN average" in t.columns) > 10
    at = run("pages/compare.py", area="E92000001", indicator="cla_rate_per_10k", year="2025")
    assert "No authority is highlighted: every authority is drawn alike" in text(at)


def test_my_authority_from_the_sidebar():
    at = run()  # the national page, through dashboard.py, which draws the sidebar picker
    at.sidebar.selectbox(key="my_area_sidebar").set_value("E08000025").run()
    assert at.session_state["my_area"] == "E08000025"
    at.switch_page("pages/profile.py")
    at.run()
    assert at.title[0].value == "Birmingham: profile"


def test_a_starting_authority_is_said_to_be_one_until_the_user_chooses():
    """On a page showing an authority's figures the note is at the page's top: in the sidebar, which
    a phone keeps closed, a director read Haringey's figures unmarked as her own. Other pages keep it
    in the sidebar."""
    said = 'Haringey is shown until you choose your own authority under "My authority".'

    def note(infos) -> list[str]:
        return [i.value.replace("\\", "") for i in infos if "until you choose your own" in i.value]  # as drawn: unescaped

    for page in ("pages/compare.py", "pages/profile.py", "pages/ofsted.py"):
        at = run(page)  # no area in the link, none chosen: the starting choice
        assert note(at.main.info) == [said] and note(at.sidebar.info) == [], page
    at = run("pages/map.py")  # which outlines no authority until one is chosen: nothing is shown to be said
    assert note(at.main.info) == [] and note(at.sidebar.info) == [said]
    at.sidebar.selectbox(key="my_area_sidebar").set_value("E08000025").run()
    assert note(at.main.info) == note(at.sidebar.info) == []
    assert note(run("pages/compare.py", area="E08000025").main.info) == []  # a link that names one
    national = run()
    assert note(national.sidebar.info) == [said] and note(national.main.info) == []


def test_trend_description_gives_the_numbers():
    import re

    at = run("pages/trends.py", area="E92000001", indicator="cla_rate_per_10k")
    desc = next(re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown if m.value.startswith("Chart description"))
    assert re.search(r"England (rose|fell) from \d+ in \d{4} to 67 in 2025 \([+-]\d+\)", desc), desc


def test_data_as_at_line_in_the_sidebar():
    at = run()
    line = next(t.value for t in at.sidebar.text)
    assert line.startswith("Data as at 31 March 2025 (latest collection year); social work workforce in the year to 30 September 2025 or at 30 September 2025; Ofsted inspections begun by ")


def test_the_profile_opens_on_its_indicators_and_says_the_judgement_in_force_above_its_tabs():
    """The profile drew the Ofsted timeline, its one chart, under every indicator table: it is now a
    tab of its own (?tab=Ofsted+inspections), and the judgement in force is said above the tabs so a
    director sees it without opening one."""
    opened = run("pages/profile.py", area="E08000007")
    assert [t.label for t in opened.tabs] == ["Indicators and flags", "Ofsted inspections"]
    heads = [h.value for h in opened.header]
    assert heads[:1] == ["Headline indicators, by outcome"] and "Ofsted timeline" not in heads and heads[-1] == "Scrutiny pack"
    assert not opened.get("vega_lite_chart")
    said = "Ofsted, in force on 18 June 2026: Requires improvement to be good (ILACS standard, inspected 12 May 2025, published 15 July 2025), after Good."
    assert said in text(opened).replace("\\", "")
    timeline = run("pages/profile.py", area="E08000007", tab="Ofsted inspections")
    assert [h.value for h in timeline.header] == ["Ofsted timeline", "Scrutiny pack"] and len(timeline.get("vega_lite_chart")) == 1
    assert said in text(timeline).replace("\\", "")
    assert "Ofsted, in force" not in text(run("pages/profile.py", area="E92000001"))  # England: no judgement of its own


def test_the_ofsted_page_draws_one_tab_at_a_time_named_in_its_url():
    """The page drew four charts and two long tables at once; each tab now runs only when chosen, and
    the tab is in the link (?tab=Map), so a view of it can be shared."""
    opened = run("pages/ofsted.py")
    assert [t.label for t in opened.tabs] == ["In force now", "Map", "Since 2009", "Every inspection"]
    assert [h.value for h in opened.header] == ["Current overall judgement by region", "Time since the last graded inspection",
                                               "Sub-judgements at the latest inspection"]
    assert len(opened.get("vega_lite_chart")) == 1  # the tiles: the map and the two charts over time wait for their tabs
    on_map = run("pages/ofsted.py", tab="Map")
    assert [h.value for h in on_map.header] == ["Map of the judgements in force at the latest Ofsted publication loaded"]
    assert len(on_map.get("vega_lite_chart")) == 1 and not on_map.dataframe
    since = run("pages/ofsted.py", tab="Since 2009")
    assert [h.value for h in since.header] == ["Local authorities good or outstanding since 2009", "ILACS judgements by calendar year of inspection"]
    assert len(since.get("vega_lite_chart")) == 2 and not since.dataframe  # the other tabs' tables are not drawn
    every = run("pages/ofsted.py", tab="Every inspection")
    assert [h.value for h in every.header] == ["Every inspection since 2009"] and len(every.dataframe) == 1
    unknown = run("pages/ofsted.py", tab="No such tab")
    assert [h.value for h in unknown.header] == [h.value for h in opened.header]  # the first tab, and said
    assert [w.value.replace("\\", "") for w in unknown.warning] == ["Unknown tab 'No such tab' in the link; showing 'In force now'."]
    assert not opened.warning
    marked = run("pages/data.py", tab="**<b>x</b>**")  # said as written, never as markdown or HTML
    [said] = [w.value for w in marked.warning]
    assert "\\<b\\>" in said and "\\*\\*" in said  # escaped: shown as typed
    assert said.replace("\\", "") == "Unknown tab '**<b>x</b>**' in the link; showing 'Catalogue'."


def test_every_inspection_says_which_years_list_visits_and_its_csv_is_the_table_as_shown(monkeypatch):
    """A report writer read "every inspection since 2009" as every visit too: the 60 focused and
    monitoring visits are of 2024-25 only, from the March 2025 outcomes file, and the caption now says
    so (and names CPRI among the frameworks that graded adequate). The CSV had raw columns (true/false,
    a blank judgement) where the table shows "not yet" and why there is no judgement."""
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = run("pages/ofsted.py", tab="Every inspection")
    caption = next(c.value.replace("\\", "") for c in at.caption if "visits are listed" in c.value)
    assert ("Focused and monitoring visits are listed from 3 April 2024 to 26 March 2025 only: the other Ofsted files loaded list "
            "inspections, not visits; 60 in that time.") in caption and "SLAC, CPI, CPRI and TLAC" in caption
    [csv] = [df for df in written if "Visit theme" in df.columns]  # headed as the table on screen is
    assert csv["Overall judgement"].null_count() == 0 and set(csv["In the official statistics"]) == {"yes", "not yet"}
    assert csv.columns[-2:] == ["ONS code", "Overall grade (Ofsted's number)"] and csv.height == len(at.dataframe[0].value)
    assert not {"area_name", "framework", "inspection_type", "judgement"} & set(csv.columns)


def test_time_since_inspection_is_counted_to_the_datas_date_not_today(con):
    """The Ofsted page ages each judgement to the Ofsted data's as-at date (never to today)."""
    import datetime as dt

    import pandas as pd

    table = run("pages/ofsted.py", **TIME_SINCE).dataframe[0].value.dropna(subset=["inspection_date"])
    assert len(table) > 100
    as_at = con.execute("SELECT max(publication_date) FROM ofsted_inspections").fetchall()[0][0]
    assert as_at < dt.date.today()
    for _, r in table.head(20).iterrows():
        expected = round((as_at - pd.Timestamp(r["inspection_date"]).date()).days / 365.25, 1)  # a date, or a timestamp where no row is shaded
        assert r["years_since_inspection"] == expected, (r["area_name"], r["years_since_inspection"], expected)


def test_chart_roles_are_the_same_on_every_chart(con):
    from oversight import charts
    from oversight import queries as q

    data = q.trend_frame(con, "cla_rate_per_10k", ["E09000014", "E08000025"], "sn")
    roles = charts.series_roles(sorted(set(data["series"])), ["Haringey", "Birmingham"], "Inner London")
    assert roles["Haringey"] == "Selected authority" and roles["England"] == "England" and roles["Haringey SN average"] == "SN average"
    enc = charts.trend(data, "t", "u", 0, None, roles, period="Year to 31 March").to_dict()["layer"][0]["encoding"]
    colour = dict(zip(enc["color"]["scale"]["domain"], enc["color"]["scale"]["range"], strict=True))
    width = dict(zip(enc["strokeWidth"]["scale"]["domain"], enc["strokeWidth"]["scale"]["range"], strict=True))
    assert colour["Haringey"] == charts.ROLE_STYLE["Selected authority"][0] and colour["England"] == charts.ROLE_STYLE["England"][0]
    assert colour["Inner London"] == charts.ROLE_STYLE["Region"][0] and colour["Haringey SN average"] == charts.ROLE_STYLE["SN average"][0]
    assert width["Haringey"] == max(width.values())
    assert colour["Birmingham"] not in {c for c, _, _ in charts.ROLE_STYLE.values()}


def test_compare_table_blank_where_not_suppressed_and_names_its_sn_column():
    at = run("pages/compare.py", area="E09000014", indicator="cla_rate_per_10k", year="2025", **RANKED)
    table = next(d.value for d in at.dataframe if "sn_mean" in d.value.columns)
    assert "None" not in set(table["suppression"].astype(str)) and "" in set(table["suppression"])


def test_england_trend_downloads_as_png_and_svg():
    at = run("pages/trends.py", area="E92000001", indicator="cla_rate_per_10k")
    at.session_state["data-trend"] = True
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Download chart data as CSV", "Download chart as PNG", "Download chart as SVG"} <= set(labels)


def test_chart_picture_is_a_png_and_an_svg(con):
    from oversight import charts, widgets
    from oversight import queries as q

    data = q.trend_frame(con, "cla_rate_per_10k", ["E92000001"], "england")
    png, svg = widgets.picture(charts.trend(data, "Children looked after per 10,000 children", "per 10,000 children", 0, period="At 31 March"))
    assert png.startswith(b"\x89PNG") and b"<svg" in svg and b"Children looked after per 10,000 children" in svg


def test_national_ofsted_bars_label_every_judgement(con):
    from oversight import charts
    from oversight import queries as q

    spec = charts.bar_counts(q.judgement_counts(con), "grade_label", "t", q.grade_labels(con)).to_dict()
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelOverlap"] is False and axis["labelLimit"] == 0 and spec["height"] == {"step": 32}


def test_chart_text_is_dark_enough_and_never_cut_short():
    import altair as alt
    import polars as pl

    from oversight import charts

    spec = charts.vega_spec(alt.Chart(pl.DataFrame({"a": [1]})).mark_bar().encode(x="a:Q"))
    config = spec["config"]
    assert config["axis"]["labelColor"] == config["legend"]["labelColor"] == config["title"]["color"] == "#333333"
    assert config["axis"]["labelLimit"] == config["legend"]["labelLimit"] == config["legend"]["titleLimit"] == config["title"]["limit"] == 0
    alt.Chart.from_dict(spec)  # still a valid spec


def test_tooltips_name_fields_in_words(con):
    import json

    from oversight import charts
    from oversight import queries as q

    table = q.compare_table(con, "cla_rate_per_10k", 2025, "E09000014")
    built = [
        charts.ranked_bars(table.filter(table["value"].is_not_null()), "t", "per 10,000 children", 0, table.head(0).select("area_name", "value").rename({"area_name": "label"})),
        charts.grade_tiles(q.ofsted_current(con), q.grade_labels(con)),
        charts.bar_counts(q.judgement_counts(con), "grade_label", "t", q.grade_labels(con)),
    ]
    for chart in built:
        text = json.dumps(chart.to_dict())
        tips = [t for layer in [chart.to_dict(), *chart.to_dict().get("layer", [])] for t in layer.get("encoding", {}).get("tooltip", [])]
        assert tips and all("title" in t for t in tips), text[:300]


@pytest.mark.parametrize(("area", "year", "said"), [("E06000062", "2019", "West Northamptonshire did not exist at 31 March 2019: it was formed on 1 April 2021."),
                                                    ("E06000058", "2017", "Bournemouth, Christchurch and Poole did not exist at 31 March 2017: it was formed on 1 April 2019."),
                                                    # the year as its figures are dated: "did not exist in 2021" read as the calendar year it was formed in
                                                    ("E06000061", "2021", "North Northamptonshire did not exist at 31 March 2021: it was formed on 1 April 2021.")])
def test_compare_an_authority_in_a_year_before_it_existed(area, year, said):
    """West Northamptonshire (2021) in 2019, BCP (2019) in 2017: the ranking without it, and why."""
    at = run("pages/compare.py", area=area, indicator="cla_rate_per_10k", year=year, **RANKED)
    assert any(i.value.replace("\\", "").startswith(said) for i in at.info), [i.value for i in at.info]
    assert at.dataframe[0].value["rank"].notna().sum() > 140


def test_a_date_or_year_outside_the_data_is_said_not_silently_changed():
    at = run("pages/map.py", show="ofsted", as_at="2008-01-01")
    assert any("1 January 2008 is outside that, so the map shows 1 April 2009" in i.value for i in at.info)
    at = run("pages/watchlist.py", year="1999")
    assert any("flags of 1999, which is not a collection year held" in i.value for i in at.info)


def test_an_authority_formed_from_three_has_one_series_break_note():
    at = run("pages/trends.py", area="E06000058", indicator="care_leavers_eet_pct")
    notes = [i.value for i in at.info if i.value.startswith("Series break")]
    # the old authorities by the picker's names, part of Dorset only (Christchurch): "Dorset" alone is the Dorset formed in 2019 too
    assert notes == ["Series break: Bournemouth, Christchurch and Poole was formed from Bournemouth (until 2019), part of Dorset (until 2019) "
                     "and Poole (until 2019) on 1 April 2019. Figures for the years before are the old authorities', drawn only as their own lines. Add Bournemouth (until 2019), Dorset (until 2019) and "
                     "Poole (until 2019) to the areas to draw them. Bournemouth, Christchurch and Poole has a figure for those years only where its "
                     "publisher worked one out for its own area."]


def test_an_authority_not_yet_formed_names_the_one_it_replaced():
    """North Northamptonshire in 2021's ranking: "choose ... the authority it replaced" did not say which."""
    at = run("pages/compare.py", area="E06000061", indicator="cpp_rate_per_10k", year="2020")
    assert any("choose a later year, or Northamptonshire (until 2021), the authority it replaced, to follow it." in i.value.replace("\\", "") for i in at.info), [i.value for i in at.info]


def test_an_authoritys_headline_series_starts_with_its_own_first_figure(con):
    """BCP's own referrals start in 2020; its row said 'From 2013' (England's first year). Some of its
    series start earlier where the publisher gives them (Cafcass from 2017, the workforce in 2019)."""
    from oversight import queries as q

    spark = q.headline_sparklines(con, "E06000058")
    referrals = spark.filter(spark["indicator"] == "Referrals per 10,000 children").row(0, named=True)
    assert (referrals["first_year"], referrals["last_year"]) == (2020, 2025) and len(referrals["trend"]) == 6
    assert spark["first_year"].min() > 2013


@pytest.mark.parametrize(("page", "params"), [("pages/watchlist.py", {}), ("pages/compare.py", {"area": "E09000014", **RANKED})])
def test_wide_tables_keep_the_authority_in_view(page, params):
    """The watchlist's flag columns and compare's last columns scroll off the right of the page: the
    authority's name is pinned, so a row can still be read when they are scrolled into view."""
    import json

    at = run(page, **params)
    columns = json.loads(next(df for df in at.dataframe if "area_name" in df.value.columns).proto.columns)
    assert columns["area_name"]["pinned"] is True


def test_data_page_lists_percentages_over_100_and_the_units_corrected():
    """Take-up of free early education passes 100 where children cross borders (233.3% at most): shown as
    published, and listed, the figures first, so that an analyst reads them with care. Conferences per 100
    section 47 enquiries (Oldham 184.0 in 2013) are not a percentage and are not listed. LAIT's 'Assessed Child
    Deaths - modifiable factors', given in '% of deaths' but holding counts (England 1,015 in 2018),
    is listed as a unit corrected, and no longer among the percentages."""
    at = run("pages/data.py", tab="Percentages over 100")
    over = next(t.value for t in at.dataframe if "figures_over_100" in t.value.columns)
    assert list(over.columns[:5]) == ["name", "figures_over_100", "largest", "largest_in", "largest_year"]
    rows = {r["indicator_id"]: r for r in over.to_dict("records")}
    assert "lait_prechilddea" not in rows
    assert "s47_to_icpc_pct" not in rows  # conferences per 100 enquiries, not a percentage (Oldham 184.0 in 2013)
    two = rows["lait_pct_2yr_olds"]
    assert (two["figures_over_100"], two["largest"]) == (17, "233.3")
    corrected = "Assessed Child Deaths - modifiable factors (lait_prechilddea): LAIT's data dictionary says '% of deaths', the unit here is 'deaths'"
    assert any(corrected in t.value for t in at.text)
    assert f"{len(over)} indicators measured in per cent have figures over 100" in text(at)


def _layer_values(at: AppTest, i: int) -> list[dict]:
    """The rows of layer i of the page's first chart (Streamlit sends each layer's data as Arrow beside the spec),
    over its own layers where it has them (compare's reference lines, one each); none where there is no layer i."""
    chart = at.get("vega_lite_chart")[0].proto
    layers = json.loads(chart.spec)["layer"]
    if i >= len(layers):
        return []
    names = [layer["data"]["name"] for layer in layers[i].get("layer", [layers[i]])]
    return [row for name in names for row in pa.ipc.open_stream(next(d.data.data for d in chart.datasets if d.name == name)).read_all().to_pylist()]


def test_a_former_authoritys_later_figure_is_listed_not_ranked_or_drawn(con):
    """LAIT gives Cafcass's 2025 figures for Dorset's and Northamptonshire's former county councils
    (abolished 2019 and 2021): they were drawn as the first two bars, before rank 1, unranked, and
    counted among the authorities ranked."""
    at = run("pages/compare.py", area="E08000021", indicator="cafcass_care_applications_per_10k", year="2025")
    former = dict(con.execute(
        "SELECT a.area_name, c.value FROM indicator_comparison c JOIN areas a USING (area_code) WHERE c.indicator_id = 'cafcass_care_applications_per_10k' "
        "AND c.time_period = 2025 AND NOT a.is_current AND c.value IS NOT NULL"
    ).fetchall())
    assert former == {"Dorset": 8.1, "Northamptonshire": 8.9}
    ranked_of = con.execute("SELECT max(ranked_of) FROM indicator_comparison WHERE indicator_id = 'cafcass_care_applications_per_10k' AND time_period = 2025").fetchall()[0][0]
    note = next(i.value for i in at.info if "former authorities" in i.value)
    assert "Dorset \\(until 2019\\) 8\\.1" in note and "Northamptonshire \\(until 2021\\) 8\\.9" in note
    assert f"Bar chart ranking {ranked_of} local authorities" in text(at)
    bars = _layer_values(at, 0)
    assert len(bars) == ranked_of and all(b["rank"] is not None for b in bars)


def test_england_and_regional_totals_of_a_count_are_said_not_drawn(con):
    """England's 882 child deaths with modifiable factors (2021) was drawn as a line over authorities'
    0 to 31, which flattened every bar; a rate's England and region lines stay."""
    at = run("pages/compare.py", area="E08000021", indicator="lait_prechilddea", year="2021")
    assert "Totals, not drawn (the figures are counts, so England's is the authorities' sum): England 882; North East 49" in text(at).replace("\\", "")
    assert _layer_values(at, 1) == []
    at = run("pages/compare.py", area="E08000021", indicator="cla_rate_per_10k", year="2025")
    lines = {r["label"]: r["value"] for r in _layer_values(at, 1)}
    england, region = con.execute(
        "SELECT england_value, region_value FROM indicator_comparison WHERE indicator_id = 'cla_rate_per_10k' AND time_period = 2025 AND area_code = 'E08000021'"
    ).fetchall()[0]
    from oversight.formatting import rounded

    assert lines == {"England": float(rounded(england, 0)), "North East": float(rounded(region, 0))}  # at the indicator's decimals, as its tooltip reads


def test_the_ofsted_sub_judgements_include_inspections_published_since_the_official_file():
    """The page said the overview gives the overall judgement only, while the profile showed Newcastle's
    sub-judgements of 12 May 2025 from it: the table now takes each authority's latest inspection."""
    at = run("pages/ofsted.py")
    at.session_state["sub-judgements"] = True
    at.run()
    grid = next(t for t in at.dataframe if "care_leavers" in t.value.columns)
    assert json.loads(grid.proto.columns)["area_name"]["pinned"] is True  # the names stay while the judgements scroll
    sub = grid.value
    assert list(sub.columns[:4]) == ["area_name", "inspection_date", "official", "overall_effectiveness"]
    rows = {r["area_name"]: r for r in sub.to_dict("records")}
    assert len(rows) == 153
    newcastle, somerset = rows["Newcastle upon Tyne"], rows["Somerset"]
    assert (str(newcastle["inspection_date"])[:10], newcastle["official"], newcastle["help_and_protection"]) == ("2025-05-12", "not yet", "Outstanding")
    assert (somerset["overall_effectiveness"], somerset["care_leavers"]) == ("no grade in the source", "Good")
    assert "give the overall judgement only" not in "\n".join(t.value for t in at.text)


def test_a_total_is_told_from_an_average():
    """England's figure is a total when it is at least nine tenths of the authorities' sum; an average
    of three or more, a negative score, or too few figures to tell never is."""
    from oversight.charts import is_total

    assert is_total(882, pl.Series([5.0] * 68)) and is_total(30, pl.Series([10.0, 10, 10]))
    assert not is_total(67, pl.Series([50.0, 80, 100]))  # a rate: England inside the authorities' range
    assert not is_total(11, pl.Series([10.0, 12]))  # two figures cannot tell an average from a total
    assert not is_total(0.04, pl.Series([-0.5, 0.5, 0.05]))  # a score around zero
    assert not is_total(None, pl.Series([1.0, 2, 3]))


def test_the_ofsted_page_opens_with_the_readers_authority():
    """A director had to find Stockport's row in a 153-row grid: the page says its judgement first."""
    at = run("pages/ofsted.py", area="E08000007")
    assert "Stockport: Requires improvement to be good (ILACS standard, inspected 12 May 2025, published 15 July 2025), after Good." in text(at).replace("\\", "")


def test_watchlist_scores_share_one_scale_and_sit_by_the_name():
    """The severity bar was scaled to the highest score the filters kept: in the North East South
    Tyneside's 6 filled it as Hampshire's 16 fills it for England. Its number was past the edge at
    1,280 px, after the region and judgement; it now follows the authority's name."""
    import json

    every = run("pages/watchlist.py", year="2025").dataframe[0]
    north_east = run("pages/watchlist.py", year="2025", region="North East").dataframe[0]
    top = int(every.value["severity_score"].max())
    for table in (every, north_east):
        assert json.loads(table.proto.columns)["severity_score"]["type_config"]["max_value"] == top
        assert list(table.value.columns)[:3] == ["profile", "area_name", "severity_score"]
    assert north_east.value["severity_score"].max() < top


def test_compare_table_puts_the_figure_band_and_sn_average_beside_the_name():
    """At 420 px the compare table showed rank, authority and region, and the figure, band and SN
    average only after scrolling sideways: they now follow the pinned name, the region after them."""
    import json

    grid = next(t for t in run("pages/compare.py", area="E08000035", indicator="cpp_rate_per_10k", year="2025", **RANKED).dataframe
                if "region_name" in t.value.columns and "sn_mean" in t.value.columns)
    assert list(grid.value.columns)[:5] == ["rank", "area_name", "value", "band", "sn_mean"]
    # the figures' column narrow: a heading as long as the indicator's name had put them off a phone's screen
    config = json.loads(grid.proto.columns)
    widths = {c: v.get("width") for c, v in config.items()}
    assert widths["value"] <= 90 and widths["area_name"] + widths["rank"] + widths["value"] <= 388  # a 420 px phone's table: the figures were past its edge
    assert (config["value"]["label"], config["value"]["help"]) == ("2025", "Child protection plans per 10,000 children, 2025")  # its name had been cut


@pytest.mark.parametrize("indicator", ["cpp_rate_per_10k", "rereferrals_pct"])  # a percentage's change is headed "Change (pp)", wider
def test_compare_table_shows_every_figure_to_the_direction_at_1280_px(indicator):
    """At 1,280 px the page's table is 818 px wide, and 786 px in the chart's box, where it now is: the
    mostly empty reason column and unset widths had put the direction past its edge, and in the box
    the direction was cut to "improvin" (the sum was measured against 818)."""
    import json

    grid = next(t for t in run("pages/compare.py", area="E08000035", indicator=indicator, year="2025", **RANKED).dataframe if "direction" in t.value.columns)
    columns = list(grid.value.columns)
    widths = {c: v.get("width") for c, v in json.loads(grid.proto.columns).items()}
    shown = columns[: columns.index("direction") + 1]
    assert all(widths[c] for c in shown) and sum(widths[c] for c in shown) <= 786, widths
    assert columns.index("suppression") > columns.index("direction")


def test_compare_table_gives_the_year_before_the_change_and_its_direction(con):
    """An analyst listing the authorities whose conferences within 15 working days declined in 2025
    had to download 2024 and 2025 and join them: the table gives the year before and the direction."""
    at = run("pages/compare.py", area="E08000035", indicator="icpc_15_days_pct", year="2025", **RANKED)
    grid = next(t for t in at.dataframe if "direction" in t.value.columns).value
    assert list(grid.columns)[:9] == ["rank", "area_name", "value", "band", "sn_mean", "previous_value", "change", "direction", "suppression"]
    rows = {r["area_name"]: r for r in grid.to_dict("records")}
    now, before = (con.execute("SELECT value FROM indicator_values WHERE indicator_id = 'icpc_15_days_pct' AND area_code = 'E08000035' AND time_period = ?",
                               [y]).fetchall()[0][0] for y in (2025, 2024))
    leeds = rows["Leeds"]
    assert (leeds["value"], leeds["previous_value"]) == (now, before) and abs(leeds["change"] - (now - before)) < 1e-9
    # which way it moved, and by polarity whether that is better: "declining" beside a rise had read as a fall
    assert leeds["direction"] == ("up, better" if now > before else "down, worse" if now < before else "no change")  # higher is better
    declined = [r for r in rows.values() if r["direction"] == "down, worse"]
    assert declined and all(r["change"] < 0 for r in declined)
    assert {r["direction"] for r in rows.values()} <= {"up, better", "down, worse", "no change", None}


def test_a_change_that_rounds_to_nothing_reads_0_not_plus_0():
    """Compare's Change column printed "+0" beside "no change" (a signed format); the figure is now
    unsigned and a change that rounds to nothing is a plain 0, never -0."""
    import json

    at = run("pages/compare.py", area="E08000035", indicator="cla_rate_per_10k", year="2025", **RANKED)
    grid = next(t for t in at.dataframe if "direction" in t.value.columns)
    assert json.loads(grid.proto.columns)["change"]["type_config"]["format"] == "%.0f"
    still = grid.value[grid.value["direction"] == "no change"]["change"]
    assert len(still) and all(c == 0 and str(c) == "0.0" for c in still)


def test_a_neutral_indicators_rank_is_an_order_not_a_judgement():
    """The compare page said "neither higher nor lower is better" for child protection plans per 10,000,
    while its Rank column said "1 is best" and its chart "best first": a low rate read as the best."""
    import json

    def said(indicator: str) -> tuple[str, str]:
        at = run("pages/compare.py", area="E08000035", indicator=indicator, year="2025", **RANKED)
        grid = next(t for t in at.dataframe if "sn_mean" in t.value.columns and "role" in t.value.columns)
        described = next(t for t in (m.value.replace("\\", "") for m in at.markdown) if t.startswith("Chart description: Bar chart ranking"))
        return json.loads(grid.proto.columns)["rank"]["help"], described

    help_, described = said("cpp_rate_per_10k")
    assert help_ == "1 is the lowest value: neither higher nor lower is better" and "lowest first (neither higher nor lower is better)" in described
    assert "best" not in help_ and "best first" not in described
    help_, described = said("rereferrals_pct")
    assert help_ == "1 is best: lower is better" and "best first." in described


def test_the_profiles_flags_say_when_they_stand_and_name_each_rule(con):
    """An analyst matched a 2025 watchlist against profiles: Bury's two Ofsted flags were on one and not
    the other (its profile reads the judgement published since), Tameside's four flags were three lines,
    and the lines gave no rule. The profile now says its flags stand now, that the watchlist gives any
    31 March, when two flags are one line, and names each rule."""
    from oversight import flags

    at = run("pages/profile.py", area="E08000008")  # Tameside: Inadequate, and a fall
    said = next(t.value for t in at.text if t.value.startswith("As the data stand now"))
    assert "every Ofsted judgement published (Ofsted inspections begun by 27 April 2026, published to 18 June 2026)" in said
    assert said.endswith("An Inadequate judgement that is also a fall is one line here and two flags there.")
    raised = flags.flagged(con).filter(pl.col("area_code") == "E08000008")
    lines = next(m.value for m in at.markdown if m.value.startswith("- **")).split("\n")
    assert len(lines) == raised.height - 1 == 3
    assert [line.replace("\\", "").split(": ")[0] for line in lines] == [
        "- **High** – Latest Ofsted judgement Inadequate, and worse than at the inspection before",
        "- **Medium** – Far worse than the median LA in England (by more than 3 robust standard deviations)",
        "- **Medium** – Far worse than its statistical neighbours (by more than 3 robust standard deviations)",
    ]  # severity, then the rule's title, then its message
    calm = run("pages/profile.py", area="E09000014")  # Haringey: no merge to speak of
    assert not any("one line here" in t.value for t in calm.text)


def test_a_trend_for_a_region_or_england_says_what_it_is_compared_with():
    """Yorkshire and The Humber chosen was described as compared "with England and Yorkshire and The
    Humber", itself under its picker label, and Cumbria likewise; England's trend kept "SN average,
    region and England" chosen with nothing to say it has neither."""
    def described(area: str) -> tuple[str, list[str]]:
        at = run("pages/trends.py", area=area, indicator="cla_rate_per_10k")
        text = next(t for t in (m.value.replace("\\", "") for m in at.markdown) if t.startswith("Chart description: "))
        return text, [c.value.replace("\\", "") for c in at.caption]

    region, notes = described("E12000003")
    assert "for Yorkshire and The Humber, with England for comparison." in region
    assert "Yorkshire and The Humber has no statistical neighbours: it is drawn with England." in notes
    cumbria, _ = described("E10000006")
    assert "for Cumbria (until 2023), with Cumbria (until 2023) SN average, England and North West for comparison." in cumbria, cumbria  # LAIT lists its neighbours
    _, notes = described("E92000001")
    assert "England has no statistical neighbours or region: its own line is drawn." in notes
    assert run("pages/trends.py", area="E92000001", indicator="cla_rate_per_10k").radio[0].disabled  # nothing to choose between
    assert not run("pages/trends.py", area="E12000003", indicator="cla_rate_per_10k").radio[0].disabled
    _, notes = described("E08000035")
    assert not [n for n in notes if "no statistical neighbours" in n]


def test_the_data_behind_the_scatter_is_headed_by_the_indicators(monkeypatch):
    """The data behind the compare scatter, and its CSV, were headed "X" and "Y"."""
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = run("pages/compare.py", area="E08000007", indicator="rereferrals_pct", year="2025", x="assessments_45_days_pct", y="rereferrals_pct")
    at.session_state["data-compare-scatter"] = True
    at.run()
    grid = next(t.value for t in at.dataframe if "Ofsted overall" in t.value.columns)
    assert list(grid.columns)[2:] == ["Assessments completed within 45 working days", "Re-referrals within 12 months", "Ofsted overall", "In the official statistics"]
    stockport = grid[grid["area_code"] == "E08000007"].iloc[0]
    assert (stockport["Ofsted overall"], stockport["In the official statistics"]) == ("Requires improvement to be good", "not yet")
    assert any("Re-referrals within 12 months" in f.columns for f in written)


def test_england_or_a_region_stays_in_the_link_of_a_page_that_highlights_an_authority():
    """With England chosen, compare and the neighbour table highlighted Barking and Dagenham, the
    first in the list, and wrote it into the link: a colleague opening the link, and every page after,
    took it for the reader's choice. The link keeps England, the page says the stand-in is one, and
    choosing an authority puts it in the link."""
    at = run("pages/neighbours.py", area="E92000001", indicator="cla_rate_per_10k")
    assert at.query_params["area"] == "E92000001" and at.selectbox(key="neighbours-area").value == "E09000002"
    assert any("Barking and Dagenham, the first in the list, is shown until you choose a local authority." in i.value.replace("\\", "") for i in at.info)
    at.selectbox(key="neighbours-area").set_value("E06000009").run()
    assert at.query_params["area"] == "E06000009"
    # compare highlights none: England's spread, for a national report's chart; choosing an authority highlights it
    at = run("pages/compare.py", area="E92000001", indicator="cla_rate_per_10k", **RANKED)
    assert at.query_params["area"] == "E92000001" and at.selectbox(key="compare-area").value == "E92000001"
    grid = next(t for t in at.dataframe if "role" in t.value.columns).value
    assert set(grid["role"]) == {"Other LA"} and not any("highlighted" in i.value for i in at.info)
    at.selectbox(key="compare-area").set_value("E06000009").run()
    assert at.query_params["area"] == "E06000009"
    grid = next(t for t in at.dataframe if "role" in t.value.columns).value
    assert grid.loc[grid["area_name"] == "Blackpool", "role"].tolist() == ["Selected LA"]
    at = run("pages/report.py", area="E12000002")
    assert at.query_params["area"] == "E12000002"
    assert "area" not in run("pages/report.py").query_params  # nothing chosen: the starting choice is not written into the link
    # the report page said nothing of the stand-in whose pack it offered for the North West
    assert any("so North West (region) has none; Barking and Dagenham, the first in the list, is shown until you choose a local authority." in i.value.replace("\\", "")
               for i in at.info), [i.value for i in at.info]


def test_the_watchlists_rule_counts_say_they_are_englands_and_its_csvs_when_the_flags_stood(monkeypatch):
    """Filtered to the North West, the watchlist's "How often each rule fires" still counted every
    authority (27, 35, 13, 22) without saying so, and its CSVs did not say when the flags stood."""
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = run("pages/watchlist.py", year="2025", region="North West")
    assert "How often each rule fires in England" in [h.value for h in at.header]
    assert any(t.value.startswith("Counted over all 153 authorities, whatever the filters above keep") for t in at.text)
    ours = [df for df in written if "Local authority" in df.columns]  # the watchlist's and the flags' CSVs, headed in words
    assert all(not any("_" in c for c in df.columns) for df in ours), [df.columns for df in ours]
    assert len(ours) == 2 and {df.columns[0] for df in ours} == {"Flags as at"} and {df.row(0)[0] for df in ours} == {"the 2025 collection year. Figures are for the year to 31 March 2025 or at 31 March 2025; social work workforce figures are for the year to 30 September 2025 or at 30 September 2025. "
                                                                                                 "Ofsted judgements on 31 March 2025, as Ofsted's own table for that date counts them."}
    assert not any(t.value.startswith("Counted over all") for t in run("pages/watchlist.py", year="2025").text)  # nothing filtered: nothing to say
    # the latest flags said "now", which a file saved and opened a year later reads as its own day
    written.clear()
    run("pages/watchlist.py")
    said = {df.row(0)[0] for df in written if "Local authority" in df.columns}
    assert len(said) == 1 and re.fullmatch(r"latest figures in the warehouse built \d{1,2} [A-Z][a-z]+ 20\d\d at \d\d:\d\d UTC; "
                                           r"Ofsted judgements published to \d{1,2} [A-Z][a-z]+ 20\d\d", said.pop())


def test_the_ofsted_pages_pictures_and_csvs_say_what_they_are(monkeypatch):
    """The "Since 2009" picture had no title, source or date, and its CSV only coded columns: pasted
    into a report, neither said what it was, nor that the latest judgements are a third party's."""
    import xml.etree.ElementTree as ET

    from oversight import exports, widgets
    from oversight import ofsted_queries as oq

    written, drawn = [], []
    real = widgets.picture
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    monkeypatch.setattr(widgets, "picture", lambda chart, subtitle=None, heading=None: drawn.append(real(chart, subtitle, heading)) or drawn[-1])
    at = run("pages/ofsted.py", tab="Since 2009")
    for key in ("data-ofsted-good-or-outstanding", "data-ofsted-distribution"):
        at.session_state[key] = True
    at.run()
    # headed as the tables under the charts are, not "pct_good_or_outstanding" and "year_label"
    series = next(df for df in written if "Good or outstanding (%)" in df.columns)
    assert series.columns[:2] == ["Judgements published to", "Source"] and series.row(0)[1] == oq.WITH_OVERVIEW
    ilacs = next(df for df in written if "Year" in df.columns)
    assert ilacs.columns[2:] == ["Year", "Grade", "Judgement", "Count"]
    assert ilacs.row(0)[:2] == ("ILACS inspections only", oq.OFFICIAL_SOURCE)
    words = [" ".join(ET.fromstring(svg).itertext()) for _, svg in drawn]
    assert any("Local authorities judged good or outstanding since 2009" in w and "data-to-insight" in w and "Judgements published to: " in w for w in words)
    assert any("ILACS overall effectiveness judgements by calendar year of inspection" in w and "official statistics" in w for w in words)


def test_two_charts_on_one_page_have_boxes_and_buttons_of_their_own_names():
    """Compare with its scatter, and the Ofsted page's two charts since 2009, each had two boxes
    named "Data behind this chart" and, opened, two "Download CSV" buttons: a screen reader's list
    of controls could not tell the two charts' figures apart."""
    for page, params, keys in (("pages/compare.py", {"area": "E08000007", "indicator": "rereferrals_pct", "year": "2025", "x": "assessments_45_days_pct"},
                                ("data-compare-ranked", "data-compare-scatter")),
                               ("pages/ofsted.py", {"tab": "Since 2009"}, ("data-ofsted-good-or-outstanding", "data-ofsted-distribution"))):
        at = run(page, **params)
        for key in keys:
            at.session_state[key] = True
        at.run()
        boxes = [e.label for e in at.expander if e.label.startswith(("Data behind", "Rank, value, band"))]  # compare's ranking is its chart's box
        buttons = [b.proto.label for b in at.get("download_button")]
        assert len(boxes) == 2 and len(set(boxes)) == 2, boxes
        assert len(buttons) >= 6 and len(set(buttons)) == len(buttons), buttons


def test_every_download_leaves_the_page_as_it_is():
    """A download ran the whole page again: a second download clicked before the page had redrawn
    was lost (the browser cancelled it) on the national, Ofsted, map and neighbour pages."""
    seen = 0
    for page, params, boxes in ((None, {}, ("data-ofsted-counts",)), ("pages/neighbours.py", {"area": "E10000007", "indicator": "rereferrals_pct"}, ("data-neighbours",)),
                                ("pages/watchlist.py", {}, ()), ("pages/data.py", {}, ())):
        at = run(page, **params)
        for key in boxes:
            at.session_state[key] = True
        at.run()
        buttons = at.get("download_button")
        assert buttons, page
        assert all(b.proto.ignore_rerun for b in buttons), [b.proto.label for b in buttons if not b.proto.ignore_rerun]
        seen += len(buttons)
    assert seen >= 8


def test_the_national_ofsted_chart_says_when_and_from_where(monkeypatch):
    """Its picture had only a title, and its CSV the columns grade_label, count, not_yet_official:
    the one chart a report writer could not cite."""
    import xml.etree.ElementTree as ET

    from oversight import exports, widgets
    from oversight import ofsted_queries as oq

    written, drawn = [], []
    real = widgets.picture
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    monkeypatch.setattr(widgets, "picture", lambda chart, subtitle=None, heading=None: drawn.append(real(chart, subtitle, heading)) or drawn[-1])
    at = run(None)
    at.session_state["data-ofsted-counts"] = True
    at.run()
    csv = next(df for df in written if "Ofsted overall" in df.columns)
    assert csv.columns == ["Judgements in force on", "Inspected again, no overall grade yet", "Source", "Ofsted overall", "Local authorities",
                           "Of which not yet in the official statistics"]
    assert csv["Source"][0] in (oq.WITH_OVERVIEW, oq.OFFICIAL_SOURCE) and re.fullmatch(r"\d{1,2} [A-Z][a-z]+ 20\d\d", csv["Judgements in force on"][0])
    words = " ".join(ET.fromstring(drawn[-1][1]).itertext())
    assert "Judgements in force on: " in words and "Source: Ofsted" in words and "Inspected again, no overall grade yet: Brent" in words
    # the title itself says how many are not official yet: quoted alone, the count had read as the official statistics'
    unofficial = int(csv["Of which not yet in the official statistics"].sum())
    assert unofficial > 0 and f"local authorities by latest overall effectiveness ({unofficial} not yet in Ofsted's official statistics)" in words


def test_a_watchlist_link_may_repeat_a_filter_and_names_what_it_cannot_apply():
    """region=North+East&region=Yorkshire+and+The+Humber kept only the last region (and a grade
    likewise), and a region spelt "North-East" was dropped without a word: "0 of 0 ... flagged"."""
    repeated = run("pages/watchlist.py", region=["North East", "Yorkshire and The Humber"], grade=["Requires improvement to be good", "Inadequate"])
    commas = run("pages/watchlist.py", region="North East,Yorkshire and The Humber", grade="Requires improvement to be good,Inadequate")
    shown = [next(t for t in at.dataframe if "severity_score" in t.value.columns).value for at in (repeated, commas)]
    assert set(shown[0]["region_name"]) == {"North East", "Yorkshire and The Humber"} and shown[0].equals(shown[1])
    typo = run("pages/watchlist.py", region="North-East,North West")
    assert "Unknown region 'North-East' in the link; it is left out." in [w.value.replace("\\", "") for w in typo.warning]
    assert set(next(t for t in typo.dataframe if "severity_score" in t.value.columns).value["region_name"]) == {"North West"}


def test_the_watchlist_says_which_judgements_are_not_yet_in_the_official_statistics(monkeypatch):
    """Bradford's judgement of January 2026 (from the data-to-insight overview; Ofsted's official
    statistics still give its Inadequate of 2023) read as an official one in the table and its CSV."""
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = run("pages/watchlist.py", region="Yorkshire and The Humber")
    table = next(t for t in at.dataframe if "severity_score" in t.value.columns).value
    bradford = table[table["area_name"] == "Bradford"].iloc[0]
    assert (bradford["official"], str(bradford["inspection_date"])[:10]) == ("not yet", "2026-01-12")
    assert "yes" in set(table["official"])
    csv = next(df for df in written if "Severity score" in df.columns)
    assert {"In the official statistics", "Inspected"} <= set(csv.columns)
    assert csv.filter(csv["Local authority"] == "Bradford")["In the official statistics"].to_list() == ["not yet"]
    then = next(t for t in run("pages/watchlist.py", year="2025", region="Yorkshire and The Humber").dataframe if "severity_score" in t.value.columns).value
    assert then[then["area_name"] == "York"].iloc[0]["grade_label"] == "Outstanding"  # inspected 24 February 2025, published in April


def test_the_compare_csv_says_why_the_year_before_has_no_figure(monkeypatch, con):
    """Hampshire's child protection plans for 2024 are published as u (low reliability): the CSV gave
    an empty figure and change for 2024 with nothing to say why, as it does say for the year itself."""
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = run("pages/compare.py", area="E10000014", indicator="cpp_rate_per_10k", year="2025")
    at.session_state["data-compare-ranked"] = True
    at.run()
    csv = next(df for df in written if "Suppression, 2024" in df.columns)
    hampshire = csv.filter(pl.col("Local authority") == "Hampshire").row(0, named=True)
    published = con.execute("SELECT suppression FROM indicator_values WHERE indicator_id = 'cpp_rate_per_10k' AND area_code = 'E10000014' AND time_period = 2024").fetchall()
    assert hampshire["Suppression, 2024"] == published[0][0] == "u" and hampshire["Change"] is None


def test_the_profiles_ofsted_tab_says_which_months_its_visits_cover(con):
    """Bradford's timeline listed two monitoring visits with nothing to say that only one file, of
    about a year, lists visits at all: a reader took them for every visit since its Inadequate of 2023."""
    first, last = con.execute("SELECT min(coalesce(inspection_date, publication_date)), max(coalesce(inspection_date, publication_date)) "
                              "FROM ofsted_inspections WHERE framework IN ('focused visit', 'monitoring visit')").fetchall()[0]
    assert (first.year, last.year) == (2024, 2025)
    at = run("pages/profile.py", area="E08000032", tab="Ofsted inspections")
    said = f"Focused and monitoring visits are listed from {first:%-d %B %Y} to {last:%-d %B %Y} only: the other Ofsted files loaded list inspections, not visits."
    assert said in [c.value for c in at.caption], [c.value for c in at.caption]


def test_the_catalogue_search_finds_an_indicator_by_the_lait_measure_it_is_worked_out_from():
    """An analyst searching "SafeguardingFinance" found the total and not the spending per child worked
    out from it, whose source names the measure."""
    at = run("pages/data.py", search="SafeguardingFinance")
    assert {"safeguarding_spend", "safeguarding_spend_per_child"} <= set(at.dataframe[0].value["indicator_id"])


def test_the_compare_chart_says_a_period_that_is_not_to_31_march():
    """The compare chart of social worker turnover was titled "…, 2025" and described "in 2025": its figures
    are at 30 September 2025, which the title and the description now say; a year to 31 March keeps its
    year in the title (the headline says "in the year to 31 March 2025") and says it in the description."""
    import json

    def said(indicator: str) -> tuple[str, str]:
        at = run("pages/compare.py", area="E08000025", indicator=indicator, year="2025")
        title = next(json.loads(c.proto.spec)["title"] for c in at.get("vega_lite_chart"))
        described = next(t for t in (m.value.replace("\\", "") for m in at.markdown) if t.startswith("Chart description: Bar chart ranking"))
        return title, described

    title, described = said("sw_turnover_pct")
    assert title == "Social worker turnover, year to 30 September 2025" and "on social worker turnover in the year to 30 September 2025, " in described
    title, described = said("sw_agency_pct")  # a count at the date, where turnover is a flow over the year to it
    assert title == "Agency social workers, 30 September 2025" and "on agency social workers at 30 September 2025, " in described
    title, described = said("safeguarding_spend_per_child")
    assert title == "Spending on safeguarding per child aged 0 to 17, 2025" and "per child aged 0 to 17 in the year to 31 March 2025, " in described


def test_compare_says_a_figure_its_publisher_marks_provisional(monkeypatch):
    """The profile said Leeds's phonics figure was provisional (LAIT's "2025 (prov)"); compare gave the same
    figure with no word of it, in its headline and in the CSV and picture a report would quote."""
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = run("pages/compare.py", area="E08000035", indicator="lait_ks1p_all", year="2025")
    headline = next(m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**Leeds**"))
    assert headline.startswith("**Leeds**: 80% in the 2024/25 academic year (provisional; % achieving expected level; higher is better).")
    at.session_state["data-compare-ranked"] = True
    at.run()
    assert next(f for f in written if "Period" in f.columns)["Period"][0] == "the 2024/25 academic year (provisional)"
    final = next(m.value for m in run("pages/compare.py", area="E08000035", indicator="cla_rate_per_10k", year="2025").markdown if m.value.startswith("**Leeds**"))
    assert "(per 10,000 children; " in final  # a final figure: no word


def test_compare_says_a_figure_on_a_small_base_moves_a_lot():
    """Rutland's second or subsequent plans, 18.4%, are 7 of 38 plans: compare gave its rank 25 of 153 and band A
    with nothing to say so, where the neighbour table marks such a figure †."""
    at = run("pages/compare.py", area="E06000017", indicator="cpp_subsequent_pct", year="2025")
    said = [i.value.replace("\\", "") for i in at.info if "in its base" in i.value]
    assert said == ["Rutland's 18.4% is 7 of 38: with fewer than 100 in its base, a difference of one moves it a lot, and its rank and band with it."]
    caseload = run("pages/compare.py", area="E06000017", indicator="sw_caseload", year="2025")  # 181 cases over 15 social workers: never "181 of 15"
    assert [i.value.replace("\\", "") for i in caseload.info if "in its base" in i.value] == [
        "Rutland's 11.7 is over a base of 15.4: with fewer than 20 in its base, a difference of one moves it a lot, and its rank and band with it."]
    # Hartlepool's caseload is over 91 social workers: one more or fewer moves it by about 0.15, not a lot
    assert not [i for i in run("pages/compare.py", area="E06000001", indicator="sw_caseload", year="2025").info if "in its base" in i.value]
    assert not [i for i in run("pages/compare.py", area="E08000025", indicator="cpp_subsequent_pct", year="2025").info if "in its base" in i.value]  # Birmingham


def test_every_figure_on_a_small_base_is_named_with_its_rank_and_band(con):
    """Compare said "with their rank and band: Isles of Scilly 0.0%, 0 of 32; City of London 15.8%, 9 of 57" and gave
    neither: the Isles of Scilly's 0 of 32 re-referrals is ranked first."""
    at = run("pages/compare.py", area="E08000035", indicator="rereferrals_pct", year="2025")
    [said] = [i.value.replace("\\", "") for i in at.info if i.value.startswith("On a base of fewer than")]
    for code, name in (("E06000053", "Isles of Scilly"), ("E09000001", "City of London")):
        rank, of, band = con.execute("SELECT rank, ranked_of, band FROM indicator_comparison WHERE indicator_id = 'rereferrals_pct' "
                                     "AND time_period = 2025 AND area_code = ?", [code]).fetchall()[0]
        assert f"{name} " in said and f", rank {rank} of {of}, band {band}" in said.split(f"{name} ")[1].split(";")[0]


def test_the_profile_marks_a_headline_figure_on_a_small_base():
    """Rutland's profile gave its second or subsequent plans (7 of 38) a rank and band with nothing to say how small
    its base is: the figure is marked † and the caption under the headline tables gives each one's base."""
    from tests.apptest import plain_tables

    at = run("pages/profile.py", area="E06000017")
    cells = [v for t in plain_tables(at) if "Latest" in t.columns for v in t["Latest"].to_list()]
    assert any(v.startswith("18.4% †") for v in cells)
    said = next(c.value.replace("\\", "") for c in at.caption if c.value.startswith("† On a small base"))
    assert said.startswith("† On a small base (fewer than 100 for a percentage, 20 for another figure), so a difference of one moves it a lot, "
                           "and its rank and band with it: ")
    assert "second or subsequent child protection plans (7 of 38)" in said and "social workers (over a base of 15.4)" in said
    assert not [c for c in run("pages/profile.py", area="E08000025").caption if c.value.startswith("† On a small base")]  # Birmingham


def test_the_profile_says_when_an_sn_average_counts_a_figure_given_for_two_authorities():
    """Lincolnshire's workforce SN averages count North Northamptonshire's figures, which DfE gives for North and West
    Northamptonshire together (its agency average 10.1%, 9.0% without it), with nothing on its profile to say so."""
    said = [c.value.replace("\\", "") for c in run("pages/profile.py", area="E10000019").caption if c.value.startswith("The SN averages of")]
    assert said == ["The SN averages of average caseload of children and family social workers, social worker turnover, agency social workers and "
                    "social worker vacancies count North Northamptonshire's figure for 2025, which the publisher gives for North Northamptonshire "
                    "and West Northamptonshire together."]
    assert not [c for c in run("pages/profile.py", area="E08000025").caption if c.value.startswith("The SN averages of")]  # Birmingham


def test_compare_names_every_figure_on_a_small_base(con):
    """The Isles of Scilly's re-referrals, 0 of 32 referrals, ranked first in band A with nothing to say so unless
    it was the authority highlighted: every figure on a small base is named above the table."""
    smalls = con.execute("SELECT a.area_name, v.numerator, v.denominator FROM indicator_values v JOIN areas a USING (area_code) "
                         "WHERE v.indicator_id = 'rereferrals_pct' AND v.time_period = 2025 AND a.geographic_level = 'Local authority' "
                         "AND v.value IS NOT NULL AND v.denominator < 100 ORDER BY a.area_name").fetchall()
    assert ("Isles of Scilly", 0, 32) in [(n, int(a), int(b)) for n, a, b in smalls]
    at = run("pages/compare.py", area="E08000007", indicator="rereferrals_pct", year="2025")
    [said] = [i.value.replace("\\", "") for i in at.info if "base of fewer than 100" in i.value]
    assert all(f"{name} " in said and f"{int(num)} of {int(den)}" in said for name, num, den in smalls)


def test_the_indicator_chosen_on_one_page_is_the_next_pages_from_the_sidebar():
    """A director comparing child protection plans opened the neighbour table and trends from the sidebar
    (no indicator in the link) and found children looked after, to be found again in a long picker."""
    at = run("pages/compare.py", area="E10000018", indicator="cpp_rate_per_10k", year="2025")
    for page, key in (("pages/neighbours.py", "nt-indicator"), ("pages/trends.py", None)):
        at.query_params.clear()  # the sidebar's links carry no parameters
        at.switch_page(page)
        at.run()
        picked = at.selectbox(key=key).value if key else next(s.value for s in at.selectbox if s.label == "Indicator")
        assert picked == "cpp_rate_per_10k", page
        assert at.query_params["indicator"] in (["cpp_rate_per_10k"], "cpp_rate_per_10k")
    fresh = run("pages/trends.py", area="E10000018")  # a new session opened without one: the default
    assert next(s.value for s in fresh.selectbox if s.label == "Indicator") != "cpp_rate_per_10k"


def test_profile_says_what_the_watchlists_years_are():
    """"The watchlist gives them as they stood on 31 March of any year" did not hold for the workforce, at 30 September,
    or figures published in the autumn: a collection year's figures, and its judgements on 31 March."""
    at = run("pages/profile.py", area="E08000031")
    said = " ".join(t.value for t in at.text)
    assert ("The watchlist gives them for any collection year: that year's figures, and the Ofsted judgements as they stood on 31 March of it."
            in said)
    assert "as they stood on 31 March of any year" not in said
