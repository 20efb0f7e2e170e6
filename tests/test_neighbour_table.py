"""The neighbour table: an LA against each named neighbour, SN mean and median, region and England
over ten years, with rank, band and cut-offs, suppression symbols, small bases, chart and downloads."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from oversight import widgets
from oversight.formatting import number
from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")


def page(**params: str) -> AppTest:
    return open_page("pages/neighbours.py", **params)


def test_haringey_against_each_named_neighbour_over_ten_years(con):
    at = page(area="E09000014", indicator="cla_rate_per_10k")
    table = at.dataframe[0].value
    neighbours = [r[0] for r in con.execute(
        "SELECT a.area_name FROM statistical_neighbours s JOIN areas a ON a.area_code = s.neighbour_code WHERE s.area_code = 'E09000014' ORDER BY neighbour_rank"
    ).fetchall()]
    assert table["Area"].tolist()[:11] == ["Haringey", *neighbours]
    assert {"SN average (mean)", "SN median", "Inner London", "England"} <= set(table["Area"])
    years = [c for c in table.columns if c.isdigit()]
    assert len(years) == 10 and years[-1] == "2025"
    # figures read back from the mart
    (hv, sn, med, q1, rank, of, band) = con.execute(
        "SELECT value, sn_mean, sn_median, band_q1, rank, ranked_of, band FROM indicator_comparison "
        "WHERE indicator_id = 'cla_rate_per_10k' AND area_code = 'E09000014' AND time_period = 2025"
    ).fetchall()[0]
    row = dict(zip(table["Area"], table["2025"], strict=True))
    assert row["Haringey"] == number(hv, 0) and row["SN average (mean)"] == number(sn, 0) and row["SN median"] == number(med, 0)
    assert row["Rank (1 = lowest)"] == str(rank) and row["LAs ranked"] == str(of)  # children looked after: a neutral indicator
    assert row["Band (Q1 low, Q4 high)"] == band.split(" (")[0]
    assert row["Band cut-off Q1 (lower quartile)"] == number(q1, 0)
    desc = next(re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown if m.value.startswith("Chart description"))
    assert f"Haringey {number(hv, 0)}" in desc and "neighbours from" in desc


def test_suppression_symbol_and_small_bases_are_marked():
    at = page(area="E06000053", indicator="rereferrals_pct")  # Isles of Scilly
    table = at.dataframe[0].value
    mine = table[table["Area"] == "Isles of Scilly"].iloc[0]
    assert mine["2025"] == "0.0% †"
    assert "c" in set(mine.values)
    notes = "\n".join(t.value for t in at.text)
    assert "† based on fewer than 100" in notes and "Isles of Scilly 2025 (32)" in notes
    assert "a difference of one in that base moves it a lot" in notes and "child" not in notes.split("†")[1].split(":")[0]


def test_downloads_csv_and_xlsx():
    at = page(area="E09000014", indicator="rereferrals_pct")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download table as CSV", "Download table as Excel (XLSX)"]


def test_chart_names_every_series(con):
    from oversight import charts
    from oversight import queries as q

    long = q.neighbour_table(con, "cla_rate_per_10k", "E09000014").filter(pl.col("sort") != 21)
    df = long.with_columns(
        pl.when(pl.col("role").str.starts_with("Statistical neighbour")).then(pl.lit("Statistical neighbour"))
        .when(pl.col("role") == "SN average (mean)").then(pl.lit("SN average")).otherwise(pl.col("role")).alias("role"),
        pl.col("area_name").alias("series"),
    ).select("series", "role", "time_period", "value")
    spec = charts.neighbour_lines(df, "t", "per 10,000 children", 0, period="At 31 March").to_dict()
    data = [row for rows in spec["datasets"].values() for row in rows]
    labelled = {r["series"] for r in data if "series" in r}
    named = set(long.filter(pl.col("role").str.starts_with("Statistical neighbour"))["area_name"])
    assert len(named) == 10 and named <= labelled
    assert {"Haringey", "England", "Inner London", "SN average (mean)"} <= labelled
    text_layer = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert text_layer["encoding"]["text"]["field"] == "label"  # the name, and its last year where it ends before the others
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line["encoding"]["tooltip"][0]["field"] == "series"


def test_rank_and_band_cells_are_short_and_their_labels_say_how_to_read_them():
    """'137 of 153' and 'Q4 (highest)' were cut short in a year's column: the cell holds the number or
    the letter, and the row label says which end is best (or lowest)."""
    at = page(area="E09000014", indicator="rereferrals_pct")  # lower is better
    table = at.dataframe[0].value
    row = dict(zip(table["Area"], table["2025"], strict=True))
    assert row["Rank (1 = best)"].isdigit() and row["LAs ranked"].isdigit()
    assert row["Band (A best, D worst)"] in {"A", "B", "C", "D"}
    assert max(len(str(v)) for v in table.drop(columns=["Area", "Role"]).iloc[-6:-3].to_numpy().ravel()) <= 5  # rank, LAs ranked, band
    assert max(len(a) for a in table["Area"].iloc[-6:]) <= 32  # a row label fits the pinned Area column, whatever the authority's name
    assert dict(zip(table["Area"], table["Role"], strict=True))["Rank (1 = best)"] == "Selected authority"


def test_cut_offs_print_as_exactly_as_the_figures_need(con):
    """Kirklees's average caseload for 2025, 16.8, is above the Q3 cut-off, 16.75, and its band is D. The
    cut-off had printed as 16.8, with a note to say which side the figure fell; it prints as 16.75, as the
    band map's key prints it, and needs no note. Re-referrals' Q3 of 2024, 23.65%, had printed as 23.7%."""
    value, q3, band = con.execute(
        "SELECT value, band_q3, band FROM indicator_comparison WHERE indicator_id = 'sw_caseload' AND area_code = 'E08000034' AND time_period = 2025"
    ).fetchall()[0]
    assert number(value, 1) == number(q3, 1) == "16.8" and value > q3 and band == "D"
    at = page(area="E08000034", indicator="sw_caseload")
    row = dict(zip(at.dataframe[0].value["Area"], at.dataframe[0].value["2025"], strict=True))
    assert (row["Kirklees"], row["Band cut-off Q3 (upper quartile)"], row["Band (A best, D worst)"]) == ("16.8", "16.75", "D")
    assert "prints both as" not in "\n".join(t.value for t in at.text)
    ((q3,),) = con.execute("SELECT DISTINCT band_q3 FROM indicator_comparison WHERE indicator_id = 'rereferrals_pct' AND time_period = 2024 AND band_q3 IS NOT NULL").fetchall()
    grid = page(area="E06000019", indicator="rereferrals_pct").dataframe[0]
    row = dict(zip(grid.value["Area"], grid.value["2024"], strict=True))
    assert number(q3, 2, "%") == row["Band cut-off Q3 (upper quartile)"] == "23.65%"
    # each year's column as wide as its widest cell: 16.125% (2016's Q1) had read "16.125'"
    widths = json.loads(grid.proto.columns)
    assert [y for y in grid.value.columns if y.isdigit() and widths.get(y, {}).get("width", 0) < widgets.text_px(max(grid.value[y], key=len))] == []
    assert "16.125%" in set(grid.value["2016"])


@pytest.mark.parametrize(("area", "indicator", "says"), [
    # Bristol's child protection rate of 2025 is the median, 40.4509, and in Q2: printed as 40.5 beside a cut-off of
    # 40.451, it had read as above it
    ("E06000023", "cpp_rate_per_10k", "In 2025, Bristol, City of's figure is the Q2 cut-off itself (40.451), so its band is Q2; "
                                      "the table prints the figure as 40.5."),
    # Blackburn with Darwen's care leavers spending of 2018, £30.34, is above the median, £30.27, and in Q3: printed as
    # £30, it had read as below it
    ("E06000008", "care_leavers_spend_per_child", "In 2018, Blackburn with Darwen's figure (£30.34) is just above the Q2 cut-off (£30.27), "
                                                  "so its band is Q3; the table prints the figure as £30."),
])
def test_a_figure_printed_on_the_other_side_of_its_cut_off_says_which_side_it_is(area: str, indicator: str, says: str):
    assert says in [t.value for t in page(area=area, indicator=indicator).text]


@pytest.mark.parametrize(("indicator", "says"), [
    ("rereferrals_pct", "at or below the Q1 cut-off is A"),  # lower is better
    ("assessments_45_days_pct", "above the Q3 cut-off is A"),  # higher is better
    ("cla_rate_per_10k", "Q1 lowest to Q4 highest"),  # neither
])
def test_the_band_note_says_which_side_of_each_cut_off_is_which_band(con, indicator, says):
    polarity = con.execute("SELECT polarity FROM indicators WHERE indicator_id = ?", [indicator]).fetchall()[0][0]
    assert polarity == {"rereferrals_pct": "lower", "assessments_45_days_pct": "higher"}.get(indicator, "neutral")
    notes = "\n".join(t.value for t in page(area="E08000024", indicator=indicator).text)
    assert says in notes


def test_the_years_follow_the_names_and_the_role_comes_last():
    """At 1,280 px the Role column between the names and the years pushed 2025 off the right edge: the
    years now follow the pinned names, oldest to latest, and the role is the last column."""
    table = page(area="E08000007", indicator="cla_rate_per_10k").dataframe[0].value
    assert list(table.columns) == ["Area", *map(str, range(2016, 2026)), "Role"]


def test_every_role_is_short_enough_to_be_read_whole_at_1280_px():
    """"Statistical neighbour" was cut to "Statistical neighbou" at the table's right edge."""
    roles = page(area="E08000007", indicator="cla_rate_per_10k").dataframe[0].value["Role"]
    assert roles.str.len().max() <= len("Selected authority")
    assert list(roles).count("Neighbour") == 10


def test_the_charts_description_says_the_authoritys_change_as_every_chart_does():
    """The page worked the change out on its own ("rose from 21.4% in 2022 to 23.9% in 2025"), without
    the change in points or the 29.3% of 2023 that the trends page's description gives."""
    said = [m.value.replace("\\", "") for m in page(area="E06000061", indicator="rereferrals_pct").markdown if m.value.startswith("Chart description")]
    assert said and "North Northamptonshire rose from 21.4% in 2022 to 23.9% in 2025 (+2.5 pp), highest 29.3% in 2023." in said[0]
    # its first year's figure, drawn, is said to look back to before it was formed
    assert said[0].endswith("North Northamptonshire's line draws its figure for 2022 as published. Not ranked or banded: North Northamptonshire was formed on "
                            "1 April 2021, and the figure looks back 12 months, to before then, so it reads low against later years' figures.")


def test_the_workbook_says_what_it_holds_and_its_columns_fit(monkeypatch):
    """A director's workbook for a committee paper had no title, indicator, unit, period or source,
    names cut by narrow columns, and an "x" no sheet explained (Bournemouth, Christchurch and Poole 2020)."""
    import io

    from openpyxl import load_workbook

    from oversight import exports

    made = []
    real = exports.xlsx_bytes
    monkeypatch.setattr(exports, "xlsx_bytes", lambda sheets, **kw: made.append(real(sheets, **kw)) or made[-1])
    at = page(area="E08000035", indicator="rereferrals_pct")
    notes = "\n".join(t.value for t in at.text)
    assert "Symbols as published: not available (x)." in notes
    wb = load_workbook(io.BytesIO(made[-1]))
    assert wb.sheetnames == ["About", "Neighbour table", "Values"]
    about = {r[0]: r[1] for r in wb["About"].iter_rows(min_row=2, values_only=True) if r[0] != "Note"}
    assert about["Indicator"] == "Re-referrals within 12 months" and about["Unit"] == "%" and about["Which is better"] == "lower is better"
    assert about["Authority"] == "Leeds (E08000035) and its statistical neighbours" and about["Source"] == "DfE, Children in need (table C1)"
    assert about["Years"].endswith(" to 2025")
    assert about["Statistical neighbours"] == "DfE statistical neighbours, 2025 model, the same ten for every year"
    said = [r[1] for r in wb["About"].iter_rows(min_row=2, values_only=True) if r[0] == "Note"]
    assert any("Symbols as published: not available (x)." in n for n in said)
    table = wb["Neighbour table"]
    assert table.column_dimensions["A"].width >= len("Bournemouth, Christchurch and Poole")  # names whole
    values = wb["Values"]
    assert isinstance(values.cell(2, 5).value, float | int)  # figures as numbers


@pytest.mark.usefixtures("on_warehouse")
def test_the_charts_csv_is_of_numbers_and_says_what_they_are(monkeypatch):
    """The neighbour chart's CSV was the page's table as text ("20.7%"), named neighbours.csv, with no
    indicator, unit or source."""
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/neighbours.py", area="E06000009", indicator="rereferrals_pct")
    at.session_state["data-neighbours"] = True
    at.run()
    chart = next(df for df in written if "Role" in df.columns and "Authority" in df.columns)
    assert chart.columns[:4] == ["Indicator", "Unit", "Authority", "Source"] and chart.row(0)[:3] == ("Re-referrals within 12 months", "%", "Blackpool")
    assert chart.schema["Re-referrals within 12 months"].is_numeric()
    [(value,)] = chart.filter((pl.col("Area") == "Blackpool") & (pl.col("Year") == 2025)).select("Re-referrals within 12 months").rows()
    assert round(value, 1) == 23.4  # as the profile, compare and the pack give it


def test_every_download_says_what_it_holds_with_the_chart_data_open():
    """The chart's data and the table each had a button named "Download CSV": a screen reader's
    list of buttons gave two the same, with nothing to tell the chart's figures from the table."""
    at = page(area="E09000014", indicator="rereferrals_pct")
    at.session_state["data-neighbours"] = True
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download chart data as CSV" in labels and "Download table as CSV" in labels
    assert len(labels) == len(set(labels)), labels


@pytest.mark.usefixtures("on_warehouse")
def test_the_tables_csv_and_the_page_say_which_neighbours_and_what_the_figures_are(monkeypatch):
    """An analyst citing the neighbour table could not say which model its neighbours came from, nor
    that one set serves every year, and its CSV began at Role, Area, with no indicator, unit or source."""
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/neighbours.py", area="E08000012", indicator="rereferrals_pct")
    assert "Neighbours from DfE statistical neighbours, 2025 model, the same ten for every year shown." in [c.value.replace("\\", "") for c in at.caption]
    table = next(df for df in written if "Band cut-off Q1" in df.columns)
    assert table.columns[:5] == ["Indicator", "Unit", "Source", "Statistical neighbours", "Warehouse built"]
    assert table.row(0)[:4] == ("Re-referrals within 12 months", "%", "DfE, Children in need (table C1)", "DfE statistical neighbours, 2025 model")


@pytest.mark.usefixtures("on_warehouse")
def test_the_csv_gives_each_years_band_cut_offs_on_a_row_without_a_figure(monkeypatch):
    """Hackney has no children in need figure for 2021 and 2022 (x): the page showed those years'
    cut-offs, and its CSV left them blank on Hackney's rows."""
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    open_page("pages/neighbours.py", area="E09000012", indicator="cin_rate_per_10k")
    table = next(df for df in written if "Band cut-off Q1" in df.columns)
    hackney = table.filter((pl.col("ONS code") == "E09000012") & pl.col("Year").is_in([2021, 2022]))
    assert hackney.height == 2 and hackney["Children in need per 10,000 children"].is_null().all()
    assert hackney["Band cut-off Q1"].is_not_null().all() and hackney["Band cut-off Q3"].is_not_null().all()
    assert table["Area"].to_list()[:2] == [table["Area"][0]] * 2  # still one area's years together, in the page's order


def test_the_download_leaves_the_small_base_mark_empty_where_there_is_no_denominator(monkeypatch):
    """Every LAIT row read "Denominator under 100: false" with no denominator at all, telling the reader
    its base was 100 or more."""
    from oversight import exports

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    page(area="E06000062", indicator="cla_missing_pct")  # LAIT's: no denominator
    lait = next(f for f in written if "Denominator under 100" in f.columns)
    assert lait["Denominator"].null_count() == lait.height and lait["Denominator under 100"].null_count() == lait.height
    written.clear()
    page(area="E06000053", indicator="rereferrals_pct")  # the Isles of Scilly's re-referrals: 32 in 2025
    ours = next(f for f in written if "Denominator under 100" in f.columns)
    scilly = ours.filter((pl.col("Area") == "Isles of Scilly") & (pl.col("Year") == 2025)).row(0, named=True)
    assert scilly["Denominator under 100"] is True and ours["Denominator under 100"].drop_nulls().is_in([False]).any()


def test_a_former_authoritys_table_runs_to_its_last_year(con):
    """Dorset's county council, abolished in 2019, had a table of 2016 to 2025 with six empty columns."""
    from oversight import queries as q

    years = sorted(set(q.neighbour_table(con, "rereferrals_pct", "E10000009")["time_period"].to_list()))
    assert years[-1] == 2019 and years[0] == 2013  # every year it had, from the first published (seven), not ten with six empty
    assert sorted(set(q.neighbour_table(con, "rereferrals_pct", "E06000059")["time_period"].to_list()))[-1] == 2025  # today's Dorset


def test_a_former_authority_is_named_as_the_pickers_name_it(con):
    """The neighbour table of Dorset's county council began "Dorset", read as today's council."""
    from oversight import queries as q

    rows = q.neighbour_table(con, "rereferrals_pct", "E10000009")
    assert set(rows.filter(pl.col("sort") == 0)["area_name"].to_list()) == {"Dorset (until 2019)"}
    assert "Poole (until 2019)" in set(q.neighbour_table(con, "rereferrals_pct", "E06000028")["area_name"].to_list())  # among Bournemouth's


def test_a_publishers_dash_is_explained_as_its_own_mark_not_as_an_authority_that_did_not_exist():
    """Hertfordshire's care leavers not in touch: every empty cell is LAIT's "-", and the only note was the
    one for a cell with no row at all, "for example, the authority did not exist then"."""
    at = page(area="E10000015", indicator="care_leavers_not_in_touch_pct")
    notes = [t.value for t in at.text]
    assert "Symbols as published: no figure (-)." in notes
    assert not any("did not exist then" in n for n in notes)  # every area has a row for every year here


def test_the_count_of_ranked_authorities_is_there_in_a_year_the_authority_has_no_figure(con):
    """Sandwell's care leavers not in touch: 'LAs ranked' was blank in 2020 and 2022, the years its own
    figure is LAIT's '-', though every other LA with a figure was ranked."""
    at = open_page("pages/neighbours.py", area="E08000028", indicator="care_leavers_not_in_touch_pct")
    table = at.dataframe[0].value.set_index("Area")
    for year in ("2020", "2022"):
        assert table.loc["Sandwell", year] == "-"
        ranked = con.execute("SELECT max(ranked_of) FROM indicator_comparison WHERE indicator_id = 'care_leavers_not_in_touch_pct' "
                             "AND time_period = ?", [int(year)]).fetchall()[0][0]
        assert table.loc["LAs ranked", year] == str(ranked)


def test_the_chart_description_names_the_authoritys_years_without_a_figure_between():
    """Sandwell's care leavers not in touch 'fell from 30% in 2016 to 7% in 2025' with nothing said of 2020 and
    2022, LAIT's '-': the neighbour page gave the summary only the years with a figure."""
    at = open_page("pages/neighbours.py", area="E08000028", indicator="care_leavers_not_in_touch_pct")
    [said] = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("Chart description")]
    assert "Sandwell fell from 30% in 2016 to 7% in 2025 (-23 pp), with no figure for 2020 and 2022." in said, said


@pytest.mark.usefixtures("on_warehouse")
def test_a_measure_without_quartile_bands_has_no_band_rows(monkeypatch):
    """Agency cover of vacancies, which LAIT shows no quartile band for, had four rows of dashes for its band and
    cut-offs, the band note under them and empty band columns in its CSV."""
    from oversight import exports
    from tests.apptest import open_page

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/neighbours.py", area="E08000035", indicator="lait_vacancies_cover")
    grid = next(d.value for d in at.dataframe if "Area" in d.value.columns)
    assert not [a for a in grid["Area"] if str(a).startswith("Band")] and "LAs ranked" in list(grid["Area"])
    assert not [t for t in at.text if t.value.startswith("Band:")]
    assert not [c for df in written for c in df.columns if c.startswith("Band")]
    banded = open_page("pages/neighbours.py", area="E08000035", indicator="rereferrals_pct")
    assert [t for t in banded.text if t.value.startswith("Band:")]


def test_a_line_ending_early_is_named_past_the_last_year_with_its_own():
    """Names were printed at each line's last point: Cornwall's care leavers not in touch, Norfolk's and
    Nottinghamshire's ending in 2024, lay over the lines there, and Bury's (2021) inside the plot."""
    from oversight import charts

    df = pl.DataFrame({"series": ["Cornwall", "Cornwall", "Bury", "Bury", "England", "England"],
                       "role": ["Selected authority", "Selected authority", "Statistical neighbour", "Statistical neighbour", "England", "England"],
                       "time_period": [2024, 2025, 2020, 2021, 2024, 2025], "value": [3.0, None, 0.0, 0.0, 5.0, 4.0]})
    spec = charts.neighbour_lines(df, "t", "%", 0, period="Year to 31 March").to_dict()
    text_layer = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    labels = {r["label"]: r["placed"] for r in spec["datasets"][text_layer["data"]["name"]]}
    assert labels == {"Cornwall (2024)": 2025 + charts.LEADER, "Bury (2021)": 2025 + charts.LEADER, "England": 2025 + charts.LEADER}
    # and their leaders dotted, as no line of figures is: Bury's, solid along 0% from 2021, had read as its figures to 2025
    leader = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line" and "strokeDash" in layer["encoding"]
                  and "condition" in layer["encoding"]["strokeDash"])
    assert leader["encoding"]["strokeDash"]["condition"] == {"test": "datum.early", "value": [1, 3]}
    early = {r["series"] for r in spec["datasets"][leader["data"]["name"]] if r["early"]}
    assert early == {"Cornwall", "Bury"}
