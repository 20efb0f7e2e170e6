"""A new authority's first re-referral rate is published but not ranked or banded, and every page that
shows it says why. Re-referrals look back 12 months for an earlier referral of the same child; Westmorland
and Furness, formed on 1 April 2023, has no referrals from before then in its records, and its 7.4% of
2024 (16.5% the year after) had read "Rank 1 of 149, quartile band A" on compare, and "1 of 149", band A,
with an empty note in the scrutiny pack for its committee."""

from __future__ import annotations

import json

import polars as pl
import pytest

from etl.catalogue import CatalogueError, parse
from oversight import maps, scrutiny
from tests.apptest import open_page
from tests.test_map_page import captions, run
from tests.test_pages import _layer_values, text

CUMBERLAND, WESTMORLAND, HEREFORDSHIRE, NORTH_YORKSHIRE = "E06000063", "E06000064", "E06000019", "E06000065"
SAID = "Not ranked or banded: Westmorland and Furness was formed on 1 April 2023, and the figure looks back 12 months, to before then"


def test_the_published_first_years_are_not_ranked_and_the_next_years_are(con):
    rows = con.execute(
        "SELECT area_code, time_period, value, rank, band, looks_back_only_to FROM indicator_comparison "
        "WHERE indicator_id = 'rereferrals_pct' AND looks_back_only_to IS NOT NULL AND value IS NOT NULL ORDER BY 1, 2").fetchall()
    # North and West Northamptonshire's first year (21.4% and 19.6%), Cumberland's and Westmorland and Furness's (10.7% and 7.4%)
    assert [(a, y, v, r, b, str(d)) for a, y, v, r, b, d in rows] == [
        ("E06000061", 2022, 21.4, None, None, "2021-04-01"), ("E06000062", 2022, 19.6, None, None, "2021-04-01"),
        (CUMBERLAND, 2024, 10.7, None, None, "2023-04-01"), (WESTMORLAND, 2024, 7.4, None, None, "2023-04-01")]
    [(ranked_of, with_figure)] = con.execute(
        "SELECT max(c.ranked_of), count(c.value) FROM indicator_comparison c JOIN areas a USING (area_code) "
        "WHERE c.indicator_id = 'rereferrals_pct' AND c.time_period = 2024 AND a.geographic_level = 'Local authority' AND a.is_current").fetchall()
    assert ranked_of == with_figure - 2
    later = con.execute("SELECT area_code, rank FROM indicator_comparison WHERE indicator_id = 'rereferrals_pct' AND "
                        "((time_period = 2025 AND area_code IN (?, ?)) OR (time_period = 2024 AND area_code = ?))",
                        [CUMBERLAND, WESTMORLAND, NORTH_YORKSHIRE]).fetchall()
    assert len(later) == 3 and all(rank is not None for _, rank in later)  # North Yorkshire's 2023 recode kept its records


def test_a_neighbours_first_year_is_not_in_the_sn_average(con):
    """Herefordshire's neighbours include Westmorland and Furness: its 2024 SN average is the mean of the others'."""
    [(mean, count, others, n)] = con.execute(
        """SELECT c.sn_mean, c.sn_count, avg(v.value), count(v.value)
           FROM indicator_comparison c JOIN statistical_neighbours s ON s.area_code = c.area_code
           JOIN indicator_values v ON v.area_code = s.neighbour_code AND v.indicator_id = c.indicator_id AND v.time_period = c.time_period
           WHERE c.indicator_id = 'rereferrals_pct' AND c.area_code = ? AND c.time_period = 2024 AND s.neighbour_code <> ?
           GROUP BY ALL""", [HEREFORDSHIRE, WESTMORLAND]).fetchall()
    assert count == n and mean == pytest.approx(others)
    assert WESTMORLAND in [r[0] for r in con.execute("SELECT neighbour_code FROM statistical_neighbours WHERE area_code = ?", [HEREFORDSHIRE]).fetchall()]


def test_the_scrutiny_pack_gives_no_rank_and_says_why(con):
    headline = scrutiny.build(con, 2024, WESTMORLAND).tables["Headline indicators 2024"]
    row = headline.filter(pl.col("Indicator") == "Re-referrals within 12 months").row(0, named=True)
    assert (row["Westmorland and Furness"], row["Rank"], row["Band"]) == (7.4, "", "")
    # 9 of its 10 neighbours have a figure and the average rests on 8: Cumberland's is left out ("Neighbours with a figure: 8 of 10" had said otherwise)
    assert row["Neighbours in the SN average"] == "8 of 10"
    assert row["Note"].startswith(SAID + ", so it reads low against later years' figures.")
    # and Cumberland, its neighbour, is not in its SN average
    assert row["Note"].endswith("The SN average and median leave out Cumberland for 2024: its figure looks back 12 months, "
                                "to before it was formed on 1 April 2023, and reads low.")


def test_a_packs_notes_are_sentences_one_after_another(con):
    """Herefordshire's 2024 note ran "low reliability (u), as for 2023 The SN average..." into one."""
    headline = scrutiny.build(con, 2024, HEREFORDSHIRE).tables["Headline indicators 2024"]
    note = headline.filter(pl.col("Indicator") == "Re-referrals within 12 months")["Note"][0]
    assert note == ("low reliability (u), as for 2023. The SN average and median leave out Westmorland and Furness for 2024: its figure looks "
                    "back 12 months, to before it was formed on 1 April 2023, and reads low.")
    assert scrutiny.one_note("a", "", "b.", "c") == "a. b. c"


@pytest.mark.usefixtures("on_warehouse")
def test_compare_says_it_in_place_of_the_rank_and_does_not_draw_them():
    at = open_page("pages/compare.py", area=WESTMORLAND, indicator="rereferrals_pct", year="2024")
    headline = " ".join(m.value for m in at.markdown)
    assert ("Westmorland and Furness**: 7.4% in the year to 31 March 2024 (%; lower is better). Not ranked or banded: it was formed on "
            "1 April 2023, and the figure looks back 12 months, to before then, so it reads low against later years' figures.") in headline
    assert "Rank " not in headline
    assert ("Not drawn: Cumberland 10.7%, and Westmorland and Furness 7.4%. Not ranked or banded: Cumberland, and Westmorland and Furness "
            "were formed on 1 April 2023, and the figures look back 12 months, to before then, so they read low against later years' figures."
            ) in [i.value.replace("\\", "") for i in at.info]
    bars = _layer_values(at, 0)
    assert len(bars) == 147 and all(b["rank"] is not None for b in bars) and not [b for b in bars if b["area_name"] in ("Cumberland", "Westmorland and Furness")]
    assert "Bar chart ranking 147 local authorities" in text(at)
    # its key names the roles drawn: no orange "Selected LA" over no orange bar, and the description says so
    assert "Selected LA" not in at.get("vega_lite_chart")[0].proto.spec and "Statistical neighbour" in at.get("vega_lite_chart")[0].proto.spec
    assert "Westmorland and Furness's statistical neighbours are highlighted; its own figure is not drawn." in text(at).replace("\\", "")


@pytest.mark.usefixtures("on_warehouse")
def test_the_neighbour_table_says_it_under_the_table():
    at = open_page("pages/neighbours.py", area=WESTMORLAND, indicator="rereferrals_pct")
    notes = [t.value for t in at.text]
    assert f"‡ 2024: {SAID}, so it reads low against later years' figures." in notes
    # its rank and band cells carry the note's mark, not the dash keyed "no figure published"
    table = at.dataframe[0].value
    cells = {a: table.loc[table["Area"] == a, "2024"].iloc[0] for a in ("Westmorland and Furness", "Rank (1 = best)", "Band (A best, D worst)")}
    assert cells == {"Westmorland and Furness": "7.4%", "Rank (1 = best)": "‡", "Band (A best, D worst)": "‡"}
    assert table.loc[table["Area"] == "Rank (1 = best)", "2025"].iloc[0].isdigit()
    # and its line, which draws the figure, says so in the chart's description
    described = next(m.value.replace("\\", "") for m in at.markdown if m.value.startswith("Chart description"))
    assert described.endswith(f"Westmorland and Furness's line draws its figure for 2024 as published. {SAID}, so it reads low against later years' figures."), described
    assert ("The SN average and median leave out Cumberland for 2024: its figure looks back 12 months, to before it was formed on "
            "1 April 2023, and reads low.") in notes


@pytest.mark.usefixtures("on_warehouse")
def test_the_band_map_greys_them_and_says_why(con):
    table = maps.indicator_frame(con, "rereferrals_pct", 2024, WESTMORLAND)
    mine = table.filter(pl.col("area_code") == WESTMORLAND).row(0, named=True)
    assert (mine["value"], mine["band"], mine["rank"]) == (7.4, None, None)
    assert mine["record"].startswith("Not ranked or banded: formed on 1 April 2023, and the figure looks back 12 months")
    described = captions(run(show="indicator", indicator="rereferrals_pct", year="2024", colour="band", area=WESTMORLAND))
    assert "Cumberland, and Westmorland and Furness: not ranked or banded: formed on 1 April 2023" in described


def test_the_catalogue_takes_a_whole_number_of_months():
    entry = ('[[indicator]]\nid = "x"\nname = "X"\ntopic = "T"\nunit = "%"\npolarity = "lower"\ndecimals = 1\nsource = "S"\n'
             'definition = "D"\nfrom = [{ lait = "M" }]\n')
    assert parse(entry + "looks_back_months = 12\n")[0].looks_back_months == 12
    assert parse(entry)[0].looks_back_months is None
    for bad in ("0", "12.5", '"12"'):
        with pytest.raises(CatalogueError, match="x: looks_back_months must be a whole number of months above 0"):
            parse(entry + f"looks_back_months = {bad}\n")


@pytest.mark.usefixtures("on_warehouse")
def test_the_data_pages_catalogue_says_how_far_back_each_indicator_looks():
    grid = open_page("pages/data.py", search="re-referrals").dataframe[0]
    rows = dict(zip(grid.value["indicator_id"], grid.value["looks_back_months"], strict=True))
    assert rows["rereferrals_pct"] == 12 and json.loads(grid.proto.columns)["looks_back_months"]["label"] == "Looks back (months)"


@pytest.mark.usefixtures("on_warehouse")
def test_a_change_against_the_first_year_says_so(con):
    """2025's 16.5% against 2024's 7.4% read "+9.1 pp (worse)" with no word of the first year it compares with."""
    [(previous, since)] = con.execute("SELECT previous_value, previous_looks_back_only_to FROM indicator_comparison "
                                      "WHERE indicator_id = 'rereferrals_pct' AND area_code = ? AND time_period = 2025", [WESTMORLAND]).fetchall()
    assert (previous, str(since)) == (7.4, "2023-04-01")
    said = " ".join(m.value for m in open_page("pages/compare.py", area=WESTMORLAND, indicator="rereferrals_pct", year="2025").markdown).replace("\\", "")
    assert ("In the year to 31 March 2024: 7.4%, a change of +9.1 pp (worse), against its first year, whose figure looks back 12 months, "
            "to before it was formed, so reads low.") in said


def test_the_maps_range_is_over_the_figures_compared(con):
    table = maps.indicator_frame(con, "rereferrals_pct", 2024, None)
    text = maps.indicator_description(table, {"name": "Re-referrals", "decimals": 1, "unit": "%", "polarity": "lower", "year_type": None}, 2024, "value", None, "")
    lowest = table.filter(pl.col("value").is_not_null() & pl.col("looks_back_only_to").is_null() & pl.col("predecessor").is_null()).sort("value").row(0, named=True)
    assert f"From {lowest['value']}% ({lowest['area_name']})" in text and "From 7.4%" not in text
