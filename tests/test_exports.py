"""Every download and the report workbook neutralise text that a spreadsheet would run as a formula."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from oversight import exports
from tests.conftest import ROOT

DANGEROUS = ["=HYPERLINK(\"http://evil/\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _frame() -> pl.DataFrame:
    return pl.DataFrame({"text": [*DANGEROUS, "Haringey", None], "value": [-5.5, 1.0, -2.0, 3.0, 4.0, 5.0, 6.0, None]})


def test_csv_neutralises_text_and_keeps_negative_numbers():
    back = pl.read_csv(io.BytesIO(exports.csv_bytes(_frame())))
    assert back["text"].to_list()[: len(DANGEROUS)] == ["'" + d for d in DANGEROUS]
    assert back["text"][len(DANGEROUS)] == "Haringey"
    assert back["value"][0] == -5.5 and back["value"][2] == -2.0


def test_xlsx_neutralises_text_and_keeps_numbers_as_numbers():
    ws = load_workbook(io.BytesIO(exports.xlsx_bytes(_frame(), "x"))).active
    cells = [ws.cell(r, 1) for r in range(2, 2 + len(DANGEROUS))]
    assert [c.value for c in cells] == ["'" + d.replace("\r", "\n") for d in DANGEROUS]  # XML keeps \r as \n
    assert all(c.data_type == "s" for c in cells)
    assert ws.cell(2, 2).value == -5.5 and ws.cell(2, 2).data_type == "n"


def test_report_workbook_neutralises_text(warehouse, tmp_path, monkeypatch):
    from oversight import db, report

    pack = report.build(db.connect(warehouse), 2025)
    first = next(iter(pack.tables))
    df = pack.tables[first]
    col = next(c for c, t in df.schema.items() if t == pl.String)
    pack.tables[first] = df.with_columns(pl.lit("=1+1").alias(col))
    path = tmp_path / "pack.xlsx"
    pack.title = "=HYPERLINK(\"http://x\")"
    report.write_workbook(pack, path)
    ws = load_workbook(path)[first[:31]]
    j = df.columns.index(col) + 1
    assert ws.cell(2, j).value == "'=1+1" and ws.cell(2, j).data_type == "s"
    assert load_workbook(path)["About"]["B1"].value == "'=HYPERLINK(\"http://x\")"  # the About sheet's text too


def test_every_download_goes_through_the_one_helper():
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("oversight/*.py")]:
        text = Path(path).read_text()
        if path.name != "exports.py":
            assert ".write_csv(" not in text, path


def test_lait_dash_alone_stays_as_published_while_text_after_it_is_neutralised():
    """LAIT's '-' (no figure) was written "'-" in every CSV; alone it is text to a spreadsheet."""
    frame = pl.DataFrame({"suppression": ["-", "-1+1", "c"]})
    back = pl.read_csv(io.BytesIO(exports.csv_bytes(frame)))
    assert back["suppression"].to_list() == ["-", "'-1+1", "c"]
    assert [exports.safe_cell(v) for v in ("-", "-1+1")] == ["-", "'-1+1"]


def test_the_profile_csv_holds_numbers_with_their_years(con):
    """The profile's CSV held the page's texts ("5 (2021)", "'+15.5"): an analyst could not sort or sum them."""
    from oversight import queries as q

    rows = q.latest_for_area(con, "E08000021")  # Newcastle upon Tyne, as the profile reads it
    back = pl.read_csv(io.BytesIO(exports.csv_bytes(exports.profile_figures(rows))), infer_schema_length=None)
    assert back.height == rows.height
    for column in ("time_period", "value", "previous_value", "change", "rank", "sn_mean", "england_value"):
        assert back.schema[column].is_numeric(), column
    deaths = back.filter(pl.col("indicator_id") == "lait_prechilddea").row(0, named=True)
    expected = con.execute("SELECT time_period, value FROM indicator_values WHERE indicator_id = 'lait_prechilddea' AND area_code = 'E08000021' ORDER BY time_period DESC LIMIT 1").fetchall()[0]
    assert (deaths["time_period"], deaths["value"], deaths["unit"]) == (*expected, "deaths")
    cla = back.filter(pl.col("indicator_id") == "cla_rate_per_10k").row(0, named=True)
    assert "topic" not in back.columns and cla["outcome_or_topic"] == "Family help"  # the group the page lists it under
    assert deaths["outcome_or_topic"] == con.execute("SELECT coalesce(outcome, topic) FROM indicators WHERE indicator_id = 'lait_prechilddea'").fetchall()[0][0]
    assert (round(cla["value"]), round(cla["previous_value"])) == (107, 99)  # as the page shows them, at 0 decimals
    assert cla["decimals"] == 0 and back.filter(pl.col("indicator_id") == "rereferrals_pct")["decimals"].to_list() == [1]  # how many to round to
    assert all(len(repr(c).split(".")[-1]) <= 10 for c in back["change"].drop_nulls())  # no float residue
    assert all(len(repr(c).split(".")[-1]) <= 10 for c in back["sn_mean"].drop_nulls())
    # beside the whole figures, the figures as the page prints them, and where each comes from
    referrals = back.filter(pl.col("indicator_id") == "referrals_rate_per_10k").row(0, named=True)
    assert referrals["value_as_shown"] == float(f"{referrals['value']:.1f}") != referrals["value"]
    assert cla["value_as_shown"] == 107 and cla["change_as_shown"] == round(cla["change"])
    # written as printed: "107", where a whole-number rate had read "107.0", and a fall as a number, "-3", never "'-3"
    written = exports.csv_bytes(exports.profile_figures(rows)).decode()
    line = next(r for r in written.splitlines() if r.startswith("cla_rate_per_10k,"))
    assert ",107.0,107,,2024,99.0,99,,8.0,8,up," in line, line  # the whole figure, then as printed
    assert exports.safe_cell("-3") == "-3" and exports.safe_cell("-3.5") == "-3.5" and exports.safe_cell("-3+cmd") == "'-3+cmd"
    assert exports.neutralise(pl.DataFrame({"c": ["-3", "-2.5", "-1+1", "=1"]}))["c"].to_list() == ["-3", "-2.5", "'-1+1", "'=1"]
    assert cla["source"].startswith("DfE, Children looked after in England")
    # the period in words beside LAIT's year type ("Annual" is at 31 March)
    assert (cla["year_type"], cla["period"]) == ("Annual", "31 March 2025")
    assert back.filter(pl.col("indicator_id") == "sw_turnover_pct")["period"].to_list() == ["the year to 30 September 2025"]


def test_no_download_carries_binary_residue():
    """A compare CSV held 21.119999999999997 and a profile CSV 20.860000000000003 for SN averages."""
    frame = pl.DataFrame({"sn_mean": [20.860000000000003, 21.119999999999997, 566.3478260869565, 3586900940.0], "n": [1, 2, 3, 4]})
    assert exports.csv_bytes(frame).decode().splitlines()[1:3] == ["20.86,1", "21.12,2"]
    assert pl.read_csv(io.BytesIO(exports.csv_bytes(frame)))["sn_mean"].to_list()[2:] == [566.3478260870, 3586900940.0]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(frame))).active
    assert [sheet.cell(r, 1).value for r in (2, 3)] == [20.86, 21.12]


def test_a_charts_csv_says_what_its_figures_are():
    """A report writer's CSV of the compare chart held rank, name, value and SN average, with no
    indicator, unit, year or code: pasted into a report, it no longer said what it was."""
    from oversight.exports import csv_bytes, with_context

    data = pl.DataFrame({"area_name": ["Leeds", "York"], "value": [1.5, 2.0]})
    out = pl.read_csv(csv_bytes(with_context(data, {"Indicator": "Re-referrals within 12 months", "Unit": "%", "Period": "the year to 31 March 2025"})))
    assert out.columns == ["Indicator", "Unit", "Period", "area_name", "value"]
    assert out.row(1) == ("Re-referrals within 12 months", "%", "the year to 31 March 2025", "York", 2.0)
    assert with_context(data, None).equals(data)


@pytest.mark.usefixtures("on_warehouse")
@pytest.mark.parametrize(("page", "params", "key", "context"), [
    ("pages/compare.py", {"area": "E06000061", "indicator": "cpp_rate_per_10k", "year": "2025"}, "data-compare-ranked",
     ("Child protection plans per 10,000 children", "per 10,000 children", "31 March 2025", "North Northamptonshire", "DfE, Children in need (table D5); ONS mid-year population estimates")),
    # what a year is, as the axis says: a workforce "2025" is at 30 September, and the file had not said so
    ("pages/trends.py", {"area": "E06000061", "indicator": "rereferrals_pct"}, "data-trend",
     ("Re-referrals within 12 months", "%", "Year to 31 March; 2025 is the year to 31 March 2025", "DfE, Children in need (table C1)")),
    ("pages/trends.py", {"area": "E06000061", "indicator": "sw_turnover_pct"}, "data-trend",
     ("Social worker turnover", "%", "Year to 30 September; 2025 is the year to 30 September 2025")),
])
def test_the_pages_chart_csvs_carry_their_context(monkeypatch, con, page, params, key, context):
    from tests.apptest import open_page

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    from oversight import widgets

    subtitles: list[list[str]] = []
    monkeypatch.setattr(widgets, "picture", lambda chart, subtitle=None, heading=None: subtitles.append(subtitle) or (b"", b""))
    at = open_page(page, **params)
    at.session_state[key] = True
    at.run()
    frame = next(f for f in written if f.columns[0] == "Indicator")
    assert frame.row(0)[:len(context)] == context
    # when the warehouse was built, as the neighbour and profile CSVs say it: a CSV opened a month later says how fresh it was
    [built] = con.execute("SELECT built_at FROM build_info").fetchall()[0]
    assert frame["Warehouse built"][0] == f"{built:%-d %B %Y at %H:%M} UTC"
    assert subtitles[-1][0] == f"Unit: {context[1]}" and not [line for line in subtitles[-1] if line.startswith("Warehouse built")]  # a picture's reader is told the source, not the build
    if page == "pages/compare.py":  # England's and the region's figures, drawn as reference lines, are in it too
        [(england, region)] = con.execute("SELECT england_value, region_value FROM indicator_comparison "
                                          "WHERE indicator_id = 'cpp_rate_per_10k' AND area_code = 'E06000061' AND time_period = 2025").fetchall()
        assert (frame["England"][0], frame["East Midlands"][0]) == (f"{england:.1f}", f"{region:.1f}")  # as printed, under the picture's title too


@pytest.mark.usefixtures("on_warehouse")
def test_the_national_page_downloads_englands_headline_figures_with_the_year_before(monkeypatch, con):
    """A report writer could read England's "519.4 ↑ +3.8 on 2024" on a tile but not take it away."""
    from tests.apptest import open_page

    written: list[pl.DataFrame] = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page()
    assert "Download England's headline figures (CSV)" in [d.proto.label for d in at.get("download_button")]
    figures = next(f for f in written if "previous_value" in f.columns)
    row = figures.filter(pl.col("indicator_id") == "referrals_rate_per_10k").row(0, named=True)
    now, before = (con.execute("SELECT value FROM indicator_values WHERE indicator_id = 'referrals_rate_per_10k' AND area_code = 'E92000001' AND time_period = ?", [y]).fetchall()[0][0]
                   for y in (2025, 2024))
    assert (row["time_period"], row["value"], row["previous_year"], row["previous_value"]) == (2025, now, 2024, before)
    assert abs(row["change"] - (now - before)) < 1e-9 and "rank" not in figures.columns
    # what the file is: England, and when the warehouse was built, as the page says (it said neither)
    built = con.execute("SELECT built_at FROM build_info").fetchall()[0][0]
    assert figures.columns[:2] == ["Area", "Warehouse built"] and row["Area"] == "England"
    assert row["Warehouse built"] == f"{built:%-d %B %Y at %H:%M} UTC" and row["value_as_shown"] == f"{now:.1f}"


def test_a_downloaded_picture_says_its_period_and_source_under_its_title():
    """The compare chart's PNG was titled "…, 2025" with no date, source or authority: pasted into a
    report, it said less than the page around it."""
    import altair as alt

    from oversight import charts

    chart = alt.Chart(pl.DataFrame({"a": ["x"], "v": [1.0]})).mark_bar().encode(x=alt.X("a:N"), y=alt.Y("v:Q")).properties(title="Plans, 2025")
    _, svg = charts.pictures(chart, width=300, subtitle=["Period: 31 March 2025", "Source: DfE, Children in need (table D5)"])
    assert "Plans, 2025" in svg and "Period: 31 March 2025" in svg and "Source: DfE, Children in need (table D5)" in svg
    long = "Source: Ofsted, local authority inspection outcomes; an inspection not yet in its official statistics from the data-to-insight ILACS overview"
    _, svg = charts.pictures(chart, width=300, subtitle=[long])  # 143 characters had made the picture wider than its chart
    from xml.etree import ElementTree

    lines = [t.text or "" for t in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}tspan")]  # a title's lines
    assert " ".join(lines) == long and len(lines) == 2 and max(len(line) for line in lines) <= charts.SUBTITLE_WIDTH
    titled = chart.properties(title=alt.TitleParams("Plans", subtitle=["31 March 2025."]))
    _, svg = charts.pictures(titled, width=300, subtitle=["Selected LA: Leeds"])
    assert svg.index("31 March 2025.") < svg.index("Selected LA: Leeds")  # its own subtitle kept, the page's lines after it


@pytest.mark.usefixtures("on_warehouse")
def test_the_profile_csv_says_whose_figures_it_holds(monkeypatch):
    """North Northamptonshire's profile CSV held neither its name nor its code: a file saved as
    profile-E06000061.csv said whose figures they were only in its name."""
    from tests.apptest import open_page

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    open_page("pages/profile.py", area="E06000061")
    [csv] = [df for df in written if "ONS code" in df.columns]
    assert csv.columns[:3] == ["Area", "ONS code", "Warehouse built"] and "outcome_or_topic" in csv.columns and set(csv["Area"]) == {"North Northamptonshire"} and set(csv["ONS code"]) == {"E06000061"}


def test_a_csv_is_marked_as_utf8_for_excel():
    """Without a byte order mark Excel reads a CSV in the machine's code page: "£ per child" opened as "Â£ per child"."""
    written = exports.csv_bytes(pl.DataFrame({"Unit": ["£ per child"]}))
    assert written.startswith(b"\xef\xbb\xbfUnit\n")
    assert pl.read_csv(io.BytesIO(written))["Unit"].to_list() == ["£ per child"]  # and a CSV reader sees the heading plain
