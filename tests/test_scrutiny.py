"""One LA's scrutiny pack: `oversight report --year Y --area CODE` and the profile page's button."""

from __future__ import annotations

import datetime as dt
import os
import re

import polars as pl
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from oversight import scrutiny
from oversight.cli import main
from oversight.formatting import in_sentence, listing
from tests.conftest import ROOT


def test_cli_writes_haringeys_pack_against_its_neighbours(warehouse, con, tmp_path):
    assert main(["report", "--quiet", "--db", str(warehouse), "--year", "2025", "--area", "E09000014", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "scrutiny_haringey_E09000014_2025.xlsx" in names and "scrutiny_haringey_E09000014_2025.html" in names
    wb = load_workbook(tmp_path / "scrutiny_haringey_E09000014_2025.xlsx")
    assert wb.sheetnames == ["About", "Headline indicators 2025", "Key", "Neighbours 2025", "Headline trends 2021 to 2025", "Early-warning flags", "Ofsted history", "Sources"]
    # opened on its own, the workbook says what it is and when it was produced (it began at a header row)
    about = dict(r for r in wb["About"].iter_rows(values_only=True) if r[0])
    assert about["Title"] == "Scrutiny pack: Haringey, the year to 31 March 2025" and about["Produced"].endswith("from the Safeguarding Oversight warehouse")
    assert dt.datetime.strptime(about["Produced"].split(" from")[0], "%d %B %Y").date() == dt.date.today()
    assert about["Figures"] == "for the year to 31 March 2025 unless a sheet gives another date" and about["Sheets"].startswith("Headline indicators 2025; ")
    ws = wb["Headline indicators 2025"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Outcome", "Indicator"]  # grouped by outcome, in the profile's order
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "Children looked after per 10,000 children")
    assert row[0] == con.execute("SELECT coalesce(outcome, topic) FROM indicators WHERE indicator_id = 'cla_rate_per_10k'").fetchall()[0][0]
    outcomes = [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    assert outcomes == sorted(outcomes, key=outcomes.index) and len(set(outcomes)) > 4  # each outcome's rows together
    value, sn = con.execute(
        "SELECT value, sn_mean FROM indicator_comparison WHERE indicator_id = 'cla_rate_per_10k' AND area_code = 'E09000014' AND time_period = 2025"
    ).fetchall()[0]
    assert abs(row[header.index("Haringey")] - value) < 1e-9 and abs(row[header.index("SN average")] - sn) < 1e-9
    neighbours = [c.value for c in wb["Neighbours 2025"][1]]
    assert neighbours[:3] == ["Indicator", "Unit", "Haringey"] and len(neighbours) == 13
    html = (tmp_path / "scrutiny_haringey_E09000014_2025.html").read_text()
    assert "Scrutiny pack: Haringey, the year to 31 March 2025" in html and "Ofsted history" in html


def test_cli_refuses_an_unknown_area(warehouse, tmp_path):
    assert main(["report", "--quiet", "--db", str(warehouse), "--year", "2025", "--area", "E99999999", "--out", str(tmp_path)]) == 2


# the words of each matching element's text that are drawn on more than one line
BROKEN_WORDS = """(selector) => {
    const broken = [];
    for (const el of document.querySelectorAll(selector)) {
        const node = el.firstChild;
        if (!node || node.nodeType !== Node.TEXT_NODE) continue;
        const text = node.textContent;
        for (const m of text.matchAll(/[^\\s-]+-?/g)) {  // a break after a hyphen ("re-/inspection") is a line break, not a broken word
            const r = document.createRange();
            r.setStart(node, m.index);
            r.setEnd(node, m.index + m[0].length);
            if (r.getClientRects().length > 1) broken.push(m[0]);
        }
    }
    return broken;
}"""


@pytest.mark.parametrize("area", ["E08000025", "E10000016"])  # Birmingham; Kent, whose six graded inspections make the widest Ofsted table
def test_html_fits_a4_landscape(warehouse, con, tmp_path, area):
    from playwright.sync_api import sync_playwright

    from oversight import scrutiny
    from tests.test_browser import CHROMIUM

    scrutiny.write_scrutiny(con, 2025, area, tmp_path, pdf=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = b.new_page(viewport={"width": 1123, "height": 794})  # A4 landscape at 96 dpi
        page.goto((next(tmp_path.glob(f"scrutiny_*_{area}_2025.html"))).as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 1123
        assert page.evaluate("getComputedStyle(document.querySelector('td.n')).textAlign") == "right"  # figures, as in the report pack
        # no heading or figure breaks inside a word ("Severity" printed as "Severit / y", Kent's "208.8" as "208. / 8")
        broken = page.evaluate(BROKEN_WORDS, "th, td")
        assert not broken, broken
        b.close()


def test_profile_button_offers_the_pack(warehouse, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_DB", str(warehouse))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["area"] = "E09000014"
    at.run()
    at.switch_page("pages/profile.py")
    at.run()
    at.button(key="build-scrutiny").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(b.proto.label == "Download scrutiny pack (zip)" for b in at.get("download_button"))
    assert at.button(key="build-scrutiny").label == "Build scrutiny pack again"
    assert os.environ["OVERSIGHT_DB"] == str(warehouse)


def test_the_latest_pack_says_what_the_profile_says_about_kent(con):
    """Kent was judged Good in November 2025 after Outstanding in 2022. The pack for the latest year
    read flags and inspections as at 31 March 2025, so it said 'no early-warning flag' and ended
    its Ofsted history at Outstanding while the profile page showed the fall. It now shows them as
    the profile does; a pack for an earlier year still shows them as they stood then."""
    import polars as pl

    from oversight import flags, scrutiny

    kent = "E10000016"
    pack = scrutiny.build(con, 2025, kent)
    history = pack.tables["Ofsted history"]
    assert history["Inspected"].to_list()[-1] == dt.date(2025, 11, 3)
    flagged = pack.tables["Early-warning flags"]
    now = flags.flagged(con).filter(pl.col("area_code") == kent)
    assert flagged.height == now.height > 0 and "Ofsted judgement worse than at the inspection before" in flagged["Flag"].to_list()
    assert any("early-warning flag" in s.text and "now (Ofsted judgements published to" in s.text for s in pack.narrative)
    older = scrutiny.build(con, 2023, kent)
    last = older.tables["Ofsted history"]["Inspected"].to_list()[-1]
    assert last <= dt.date(2023, 3, 31)
    assert any("on 31 March 2023" in s.text for s in older.narrative)


def test_the_packs_ofsted_history_keeps_every_judgement_of_kents_inspections(con):
    """Kent's SIF inspection (June 2017) judged help and protection Requires improvement and four
    more areas; the pack listed its overall Good alone. Its 2022 ILACS care leavers cell was blank,
    as if missing: ILACS judged care leavers separately only from January 2023."""
    import polars as pl

    from oversight import scrutiny

    history = scrutiny.build(con, 2025, "E10000016").tables["Ofsted history"]
    sif = history.filter(pl.col("Type") == "Single inspection framework").row(0, named=True)
    assert sif["Overall effectiveness"] == "Good"
    assert sif[scrutiny.OTHER_JUDGEMENTS] == ("Adoption: Good; Care leavers: Good; Children looked after: Good; "
                                             "Help and protection: Requires improvement to be good; Leadership: Good")
    slac = history.filter(pl.col("Type") == "SLAC inspection").row(0, named=True)
    assert slac[scrutiny.OTHER_JUDGEMENTS] == "Looked after children: Inadequate"
    ilacs = {r["Inspected"]: r["Care leavers"] for r in history.filter(pl.col("Type").str.starts_with("ILACS")).iter_rows(named=True)}
    assert ilacs == {dt.date(2022, 5, 9): "not judged separately under ILACS before 2023", dt.date(2025, 11, 3): "Requires improvement to be good"}
    assert history.columns.index(scrutiny.OTHER_JUDGEMENTS) == history.columns.index("Impact of leaders") + 1


def test_the_pack_names_flags_and_missing_figures_in_words(con):
    from oversight import scrutiny

    pack = scrutiny.build(con, 2025, "E08000024")  # Sunderland: agency workers round to zero ('low')
    reasons = set(pack.tables["Headline indicators 2025"]["Note"].to_list()) - {"", "no regional figure is published"}
    # each in words with the publisher's symbol beside it ("rounds to zero (low), as for 2024")
    assert reasons and all(re.search(r"[a-z] \([^)]+\)", r) for r in reasons), reasons
    # the region's empty cell said, as the profile says it (Cafcass gives authorities and England only)
    cafcass = pack.tables["Headline indicators 2025"].filter(pl.col("Indicator") == "Cafcass care applications per 10,000 children").row(0, named=True)
    assert cafcass["North East"] is None and cafcass["Note"] == "no regional figure is published"
    table = pack.tables["Early-warning flags"]
    flag_names = set(table["Flag"].to_list()) if "Flag" in table.columns else set()
    assert not any("_" in f for f in flag_names)


@pytest.mark.usefixtures("on_warehouse")
def test_the_profile_counts_improvement_as_the_pack_does(con):
    """Kent's profile said '150 improved and 134 declined' over every measure (235 of them
    education's) where its pack said 6 and 8 over the headline indicators; both now count the headline set."""
    import re

    from oversight import scrutiny
    from tests.apptest import open_page

    pack = scrutiny.build(con, 2025, "E10000016")
    judged, improved, declined = map(int, re.search(r"In the 2025 figures, of the (\d+) headline indicators where higher or lower is better, (\d+) improved and (\d+) declined",
                                                    next(s.text for s in pack.narrative if s.text.startswith("In the 2025 figures"))).groups())
    at = open_page("pages/profile.py", area="E10000016")
    line = next(m.value for m in at.markdown if re.match(r"Of the \d+ headline indicators where higher or lower is better", m.value))
    assert line.startswith(f"Of the {judged} headline indicators") and judged < scrutiny.build(con, 2025, "E10000016").tables["Headline indicators 2025"].height
    assert f"**{improved} improved** and **{declined} declined** in the latest year; 2 did not change. " in line, line
    assert re.search(r"Over every indicator where higher or lower is better, .*, \d+ improved and \d+ declined\.$", line), line


def test_the_ofsted_history_lists_every_graded_inspection(con):
    """Kent's history listed its two ILACS inspections only, under a heading that did not say so. It
    now lists all six graded inspections, the four before ILACS with their overall judgement (Ofsted
    gives them a publication date only); LSCB reviews judged the board, not the authority."""
    from oversight import scrutiny

    kent = "E10000016"
    graded = con.execute(
        "SELECT count(*) FROM ofsted_inspections WHERE area_code = ? AND overall_grade IS NOT NULL AND framework <> 'LSCB review'", [kent]
    ).fetchall()[0][0]
    history = scrutiny.build(con, 2025, kent).tables["Ofsted history"]
    assert history.height == graded == 6
    first = history.row(0, named=True)
    assert (first["Published"], first["Inspected"], first["Type"], first["Overall effectiveness"]) == (dt.date(2010, 11, 19), None, "SLAC inspection", "Inadequate")
    # CPI and TLAC graded 'adequate' in 2013: Ofsted's data restate it as requires improvement, which did not exist until November 2013
    adequate = "Adequate (restated by Ofsted as requires improvement to be good)"
    assert history["Overall effectiveness"].to_list() == ["Inadequate", adequate, adequate, "Good", "Outstanding", "Good"]
    assert con.execute("SELECT grade_label FROM ofsted_inspections WHERE area_code = ? AND framework = 'CPI'", [kent]).fetchall() == [("Requires improvement to be good",)]
    assert history.columns[:6] == ["Published", "Inspected", "Type", "Source", "Overall effectiveness", "Help and protection"]
    older = scrutiny.build(con, 2017, kent).tables["Ofsted history"]  # as it stood on 31 March 2017: the SIF report came in June
    assert older["Published"].to_list() == [dt.date(2010, 11, 19), dt.date(2013, 1, 15), dt.date(2013, 8, 23)]


def test_the_pack_says_what_sn_rank_band_and_direction_mean(con):
    """A committee reads 'Band: D' and 'SN median' without the dashboard's help text."""
    pack = scrutiny.build(con, 2025, "E10000016")
    key = dict(pack.tables["Key"].iter_rows())
    headline = pack.tables["Headline indicators 2025"].columns
    assert {"SN", "Rank", "Band", "Direction of travel"} <= set(key) and all(key.values())
    assert "A the best quarter to D the worst" in key["Band"] and "1 is the best" in key["Rank"]
    assert {"SN average", "SN median", "Rank", "Band", "Direction of travel"} <= set(headline)
    # every heading but the indicator, its unit and the authority's own figure: "Outcome" and "Note" had none
    terms = {t for term in key for t in term.split(", ")}
    assert [c for c in headline if c not in terms] == ["Indicator", "Unit", "Kent"]


def test_the_narrative_names_what_stands_out_and_leaves_the_rest_to_the_table(con):
    """The narrative repeated the table, one bullet per headline indicator (29 for Kent); it now
    names the indicators furthest worse and better than the neighbours (one of their standard
    deviations or more), furthest first, as the mart measures them."""
    import polars as pl

    from oversight import scrutiny

    kent = "E10000016"
    pack = scrutiny.build(con, 2025, kent)
    texts = [s.text for s in pack.narrative if not s.text.startswith("A newer release may be out")]  # said where it applies, today's date
    assert len(texts) <= 7
    gaps = pl.DataFrame(con.execute(
        "SELECT i.name, c.sn_gap_sd FROM indicator_comparison c JOIN indicators i USING (indicator_id) "
        "WHERE i.headline AND c.area_code = ? AND c.time_period = 2025 AND c.value IS NOT NULL AND c.sn_gap_sd IS NOT NULL", [kent]
    ).fetchall(), schema=["name", "sn_gap_sd"], orient="row")
    worse = gaps.filter(pl.col("sn_gap_sd") >= scrutiny.FAR).sort("sn_gap_sd", descending=True)["name"].to_list()
    better = gaps.filter(pl.col("sn_gap_sd") <= -scrutiny.FAR).sort("sn_gap_sd")["name"].to_list()
    assert worse[:3] and better
    line = next(t for t in texts if t.startswith("Worse than the statistical-neighbour average"))
    named = worse[: scrutiny.NAMED]
    assert [line.index(n) for n in named] == sorted(line.index(n) for n in named)  # all named, furthest first
    # every one named, past the first five by name only
    assert line.endswith(f"; and {len(worse) - scrutiny.NAMED} more: {listing([in_sentence(n) for n in worse[scrutiny.NAMED:]])}.") if len(worse) > scrutiny.NAMED else line.endswith(".")
    assert all(n in next(t for t in texts if t.startswith("Better than")) for n in better[: scrutiny.NAMED])
    assert "Children leaving care who were adopted, 2% against 13%" in line


def test_the_ofsted_dates_are_dates_in_the_workbook_and_words_in_print(con, tmp_path):
    """The workbook's Ofsted dates were text ("19 November 2010"), which a spreadsheet cannot sort:
    they are dates shown as "19 November 2010", and a framework before 2018's missing inspection date
    says "not given", as the printed pack does."""
    scrutiny.write_scrutiny(con, 2025, "E10000016", tmp_path, pdf=False)
    sheet = load_workbook(tmp_path / "scrutiny_kent_E10000016_2025.xlsx")["Ofsted history"]
    head = [c.value for c in sheet[1]]
    first = {h: c for h, c in zip(head, sheet[2], strict=True)}
    assert first["Published"].value == dt.datetime(2010, 11, 19) and first["Published"].number_format == "d mmmm yyyy"
    assert first["Inspected"].value == "not given" and first["Type"].value == "SLAC inspection"
    html = (tmp_path / "scrutiny_kent_E10000016_2025.html").read_text(encoding="utf-8")
    assert "<td>19 November 2010</td><td>not given</td><td>SLAC inspection</td>" in html and "<td>3 November 2025</td>" in html


def test_an_empty_neighbour_cell_shows_why_in_print(con, tmp_path):
    """Leeds' pack left Portsmouth's, Kirklees' and Bristol's care leavers not in touch blank with no
    reason (LAIT's "-"): printed, the cell shows the publisher's symbol, with a key under the table."""
    scrutiny.write_scrutiny(con, 2025, "E08000035", tmp_path, pdf=False)
    html = (tmp_path / "scrutiny_leeds_E08000035_2025.html").read_text(encoding="utf-8")
    table = html[html.index("<h2>Neighbours 2025</h2>"):html.index("<h2>Early-warning flags</h2>")]
    row = table[table.index("Care leavers the local authority is not in touch with"):]
    row = row[:row.index("</tr>")]
    assert row.count(">-</td>") == 3 and "<td class=n></td>" not in row
    # the key says more than "- no figure", which explained nothing
    assert "<p>In the table above, a cell with no figure shows why: - no figure, and no reason given (the mark DfE&#x27;s LAIT uses).</p>" in table


def test_the_headline_table_gives_the_year_before_beside_the_figure(con):
    """A committee asks what the figure was last year: the direction of travel alone did not say."""
    headline = scrutiny.build(con, 2025, "E09000014").tables["Headline indicators 2025"]
    assert headline.columns[3:5] == ["Haringey", "Year before (2024)"]
    row = headline.filter(pl.col("Indicator") == "Children looked after per 10,000 children").row(0, named=True)
    before = con.execute("SELECT value FROM indicator_values WHERE indicator_id = 'cla_rate_per_10k' AND area_code = 'E09000014' AND time_period = 2024").fetchall()[0][0]
    assert row["Year before (2024)"] == before and before != row["Haringey"]
    assert "Year before (2024)" in dict(scrutiny.build(con, 2025, "E09000014").tables["Key"].iter_rows())
    assert "Year before (2022)" in scrutiny.build(con, 2023, "E09000014").tables["Headline indicators 2023"].columns


def test_the_pdf_numbers_its_pages_under_the_packs_title(con, tmp_path):
    """A committee says "page 4": every printed page ends with the pack's title and "Page i of n"."""
    import shutil

    from pypdf import PdfReader
    if not shutil.which("chromium"):
        pytest.skip("chromium is not installed")
    scrutiny.write_scrutiny(con, 2025, "E06000061", tmp_path)  # North Northamptonshire
    pages = PdfReader(tmp_path / "scrutiny_north-northamptonshire_E06000061_2025.pdf").pages
    assert len(pages) > 1
    for i, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"Page {i} of {len(pages)}" in text
        assert "Scrutiny pack: North Northamptonshire, the year to 31 March 2025" in text
    # the key printed whole on one page, after the headline table and before the neighbours' table: it had come last,
    # five pages from the table it explains, and could begin at one page's foot and end on the next
    texts = [" ".join(page.extract_text().split()) for page in pages]
    [key] = [i for i, t in enumerate(texts) if "Term Meaning" in t]
    assert "a region with no published figure" in texts[key]
    assert min(i for i, t in enumerate(texts) if "Headline indicators 2025" in t) <= key <= min(i for i, t in enumerate(texts) if "Neighbours 2025" in t)


def test_north_northamptonshires_pack_says_what_a_committee_asked(con):
    """A director of North Northamptonshire found in her pack: "Region" where her region is East
    Midlands; four workforce figures that are one figure for her authority and West Northamptonshire
    together, with nothing said; one Ofsted row, without the focused visit of October 2024 that her
    profile shows; no source; nothing about Northamptonshire, whose record hers continues."""
    pack = scrutiny.build(con, 2025, "E06000061")
    headline = pack.tables["Headline indicators 2025"]
    assert "East Midlands" in headline.columns and "Region" not in headline.columns
    shared = headline.filter(pl.col("Note").str.contains("together"))
    assert shared["Note"].unique().to_list() == ["one figure for North Northamptonshire and West Northamptonshire together"]
    assert shared.height == 4 and shared["Unit"].to_list()[0] == "cases per FTE"
    history = pack.tables["Ofsted history"]
    visit = history.filter(pl.col("Type").str.starts_with("Focused visit")).row(0, named=True)
    assert (visit["Published"], visit["Type"], visit["Overall effectiveness"]) == (dt.date(2024, 10, 31), "Focused visit (care leavers)", "not graded (a visit)")
    sources = {r["Indicator"]: r for r in pack.tables["Sources"].iter_rows(named=True)}
    assert sources["Re-referrals within 12 months"]["Source"] == "DfE, Children in need (table C1)" and len(sources) == headline.height
    assert sources["Re-referrals within 12 months"]["Release"] == "DfE: Children in need, table C1: referrals and re-referrals, reporting year 2025"
    assert any("formed in April 2021 from part of Northamptonshire (until 2021)" in s.text for s in pack.narrative)
    assert "East Midlands, England" in pack.tables["Key"]["Term"].to_list()



@pytest.mark.parametrize(("area", "year", "first"), [("E06000064", 2025, "2023"), ("E06000061", 2025, "2021"), ("E06000064", 2024, "2023")])
def test_a_new_authoritys_pack_says_why_its_years_before_it_was_formed_are_empty(con, area: str, year: int, first: str):
    """Westmorland and Furness's five-year table shows ".." for the year to 31 March 2023, keyed "not published for that
    area and year": it did not exist then. The pack now says so where it says when the authority was formed."""
    pack = scrutiny.build(con, year, area)
    name = {"E06000064": "Westmorland and Furness", "E06000061": "North Northamptonshire"}[area]
    trends = pack.tables[f"Headline trends {first} to {year}"]
    mine = trends.filter(pl.col("Area") == name)
    assert mine[first].null_count() > 0 and pack.marks[f"Headline trends {first} to {year}"][first].to_list().count("..") > 0
    said = [s.text for s in pack.narrative if "was formed in April" in s.text]
    assert said and said[0].endswith(f"In the table of headline trends {first} to {year}, {name}'s years before it was formed show .., "
                                     "as it had no figures of its own then."), said
    assert not any("before it was formed show" in s.text for s in scrutiny.build(con, 2025, "E09000014").narrative)


def test_the_summary_names_every_indicator_far_from_the_neighbours_and_says_first_that_newer_figures_may_be_out(con):
    """Hertfordshire's director read "and 1 more (see the tables)" and had to find which in 29 rows; and
    that a newer release may be out was the pack's eighth line, under a title a year old."""
    havering = "E09000016"  # seven headline indicators worse than its neighbours by a standard deviation or more in 2025
    worse = [r[0] for r in con.execute(
        "SELECT i.name FROM indicator_comparison c JOIN indicators i USING (indicator_id) WHERE i.headline AND c.area_code = ? "
        "AND c.time_period = 2025 AND c.value IS NOT NULL AND c.sn_gap_sd >= ? ORDER BY c.sn_gap_sd DESC", [havering, scrutiny.FAR]).fetchall()]
    assert len(worse) > scrutiny.NAMED
    texts = [s.text for s in scrutiny.build(con, 2025, havering).narrative]
    line = next(t for t in texts if t.startswith("Worse than the statistical-neighbour average"))
    assert line.endswith(f"; and {len(worse) - scrutiny.NAMED} more: {listing([in_sentence(n) for n in worse[scrutiny.NAMED:]])}.")
    (overdue,) = con.execute("SELECT count(*) FROM indicators WHERE headline AND next_update < current_date").fetchall()[0]
    assert texts[0].startswith("A newer release may be out") if overdue else not any(t.startswith("A newer release") for t in texts)
    assert not any(t.startswith("0 early-warning") for t in texts)

def test_a_visit_not_yet_in_the_official_statistics_says_its_source(con, monkeypatch):
    """Every visit read "Official statistics"; one Ofsted published after its last official file
    comes from the overview of its reports, and says so as the ILACS rows do."""
    from oversight import ofsted_queries as oq

    real = oq.inspections

    def with_a_later_visit(con, area=None):
        rows = real(con, area)
        visit = rows.filter(pl.col("framework") == "focused visit").head(1).with_columns(
            pl.lit(dt.date(2026, 3, 2)).alias("publication_date"), pl.lit(dt.date(2026, 2, 2)).alias("inspection_date"),
            pl.lit(False).alias("official"), pl.lit("published by Ofsted, not yet in the official statistics (overview)").alias("status_note"))
        return pl.concat([rows, visit])

    monkeypatch.setattr(oq, "inspections", with_a_later_visit)
    history = scrutiny.ofsted_history(con, "E06000061", None)
    later = history.filter(pl.col("Published") == dt.date(2026, 3, 2)).row(0, named=True)
    assert later["Source"] == "Published by Ofsted, not yet in the official statistics (overview)"
    assert dt.date(2026, 3, 2) not in scrutiny.ofsted_history(con, "E06000061", dt.date(2026, 3, 31))["Published"].to_list()


@pytest.mark.parametrize(("year", "area", "said"), [
    # the latest pack: every judgement published, as the profile says it
    (2025, "E06000014", "Ofsted's judgement in force on {as_at}: Outstanding (ILACS standard, inspected 24 February 2025, published 15 April 2025), "
                        "after Requires improvement to be good."),
    # an earlier year's: the inspections carried out by 31 March, as its flags count them
    (2024, "E06000014", "Ofsted's judgement in force on 31 March 2024: Requires improvement to be good (ILACS standard, inspected 7 March 2022, "
                        "published 4 May 2022), after Good."),
    (2024, "E06000064", "Ofsted's judgement in force on 31 March 2024: Not yet inspected."),  # Westmorland and Furness, formed 2023
])
def test_the_pack_says_the_judgement_in_force_on_its_flags_basis(con, year, area, said):
    """A committee's first question is Ofsted's judgement: the pack listed every inspection in its
    history table without saying which stood, and its narrative did not name it."""
    as_at = con.execute("SELECT max(publication_date) FROM ofsted_inspections").fetchall()[0][0]
    lines = [s.text for s in scrutiny.build(con, year, area).narrative]
    assert said.format(as_at=f"{as_at:%-d %B %Y}") in lines, lines


def test_the_html_pack_reads_on_a_phone(con, tmp_path):
    """Opened on a phone, the pack was laid out 928 px wide (no viewport), its text against the screen's edge."""
    from oversight import plain_html

    pack = scrutiny.build(con, 2025, "E06000061")
    scrutiny.write_html(pack, tmp_path / "pack.html")
    page = (tmp_path / "pack.html").read_text()
    assert plain_html.PACK_HEAD in page and plain_html.PACK_SCREEN_CSS in page


def test_a_packs_files_are_named_by_the_authority_and_its_code():
    """A director's downloads held scrutiny_E06000017_2025.zip and the like: only the code said whose pack each was."""
    from oversight import scrutiny

    assert scrutiny.file_stem("Rutland", "E06000017", 2025) == "scrutiny_rutland_E06000017_2025"
    assert scrutiny.file_stem("Bristol, City of", "E06000023", 2025) == "scrutiny_bristol-city-of_E06000023_2025"
    assert scrutiny.file_stem("Westmorland and Furness", "E06000064", 2024) == "scrutiny_westmorland-and-furness_E06000064_2024"


@pytest.mark.usefixtures("on_warehouse")
def test_a_figure_on_a_small_base_is_said_in_the_pack(con):
    """Rutland's pack set its second or subsequent plans, 18.4% (7 of 38), against its neighbours' 24.9% with nothing to say
    how small its base is, where its profile marks it †."""
    import polars as pl

    from oversight import scrutiny

    table = scrutiny.build(con, 2025, "E06000017").tables["Headline indicators 2025"]
    notes = dict(table.select("Indicator", pl.col(table.columns[-1])).iter_rows())
    assert notes["Second or subsequent child protection plans"] == "7 of 38: on a small base, a difference of one moves it a lot"
    big = scrutiny.build(con, 2025, "E08000025").tables["Headline indicators 2025"]  # Birmingham
    assert not big.filter(pl.col(big.columns[-1]).str.contains("small base")).height


@pytest.mark.usefixtures("on_warehouse")
def test_no_pack_is_offered_for_a_year_before_the_authority_was_formed(warehouse, tmp_path, capsys):
    """BCP's pack of 2019 was offered with every headline figure blank and "0 early-warning flags on 31 March
    2019": BCP was formed on 1 April 2019. The report page says so in place of the button; the command refuses."""
    from tests.apptest import open_page

    at = open_page("pages/report.py", year="2019", area="E06000058")
    said = [i.value for i in at.info if "was formed on" in i.value]
    assert said == ["Bournemouth, Christchurch and Poole was formed on 1 April 2019, after the year to 31 March 2019, so it has no "
                    "scrutiny pack for 2019; its first is for 2020."]
    assert not [b for b in at.button if b.key == "build-scrutiny"]
    assert [b for b in open_page("pages/report.py", year="2020", area="E06000058").button if b.key == "build-scrutiny"]
    assert main(["report", "--db", str(warehouse), "--year", "2019", "--area", "E06000058", "--out", str(tmp_path / "p")]) == 2
    assert "was formed on 1 April 2019" in capsys.readouterr().err


def test_the_latest_pack_says_a_newer_release_may_be_out_as_the_profile_does(con):
    """A pack is read at a committee weeks after it is made: the profile's "A newer release may be out"
    had not reached the scrutiny pack or the annual pack."""
    from oversight import queries as q
    from oversight import report

    overdue = con.execute("SELECT count(*) FROM indicators WHERE headline AND next_update < current_date").fetchall()[0][0]
    latest = q.years(con, "referrals_count")[0]
    for texts in ([s.text for s in scrutiny.build(con, latest, "E06000058").narrative], [s.text for s in report.build(con, latest).narrative]):
        said = [t for t in texts if t.startswith("A newer release may be out")]
        assert said == ([said[0]] if overdue else []) and (not overdue or said[0].startswith(f"A newer release may be out for {overdue} headline indicator"))
    assert not [s for s in scrutiny.build(con, latest - 1, "E06000058").narrative if s.text.startswith("A newer release")]


@pytest.mark.usefixtures("on_warehouse")
def test_a_former_authority_has_a_pack_for_the_years_it_was_one(con, warehouse, tmp_path):
    """The report page said Dorset's county council "has none" for 2019, its last year, and showed BCP instead."""
    from tests.apptest import open_page

    at = open_page("pages/report.py", year="2019", area="E10000009")
    assert at.selectbox(key="report-area").value == "E10000009" and not [i for i in at.info if "which replaced it" in i.value]
    pack = scrutiny.build(con, 2019, "E10000009")
    referrals = pack.tables["Headline indicators 2019"].row(0, named=True)
    value = con.execute("SELECT value FROM indicator_values WHERE indicator_id = 'referrals_rate_per_10k' AND area_code = 'E10000009' "
                        "AND time_period = 2019").fetchall()[0][0]
    assert referrals["Indicator"] == "Referrals per 10,000 children" and abs(referrals["Dorset (until 2019)"] - value) < 1e-9
    assert pack.title.startswith("Scrutiny pack: Dorset (until 2019), the year to 31 March 2019")
    from oversight.cli import main as cli_main

    assert cli_main(["report", "--quiet", "--db", str(warehouse), "--year", "2019", "--area", "E10000009", "--out", str(tmp_path / "old")]) == 0
    assert list((tmp_path / "old").glob("scrutiny_*_E10000009_2019.html"))
    assert cli_main(["report", "--quiet", "--db", str(warehouse), "--year", "2020", "--area", "E10000009", "--out", str(tmp_path / "late")]) == 2
    later = open_page("pages/report.py", year="2025", area="E10000009")
    assert any("Dorset (until 2019) was an authority to 31 March 2019: choose 2019 or earlier for its pack" in i.value.replace("\\", "") for i in later.info)


@pytest.mark.usefixtures("on_warehouse")
def test_a_former_authoritys_profile_points_to_its_pack_for_its_last_year():
    from tests.apptest import open_page

    at = open_page("pages/profile.py", area="E10000009")
    assert any("A scrutiny pack for Dorset (until 2019) is for a year it was an authority, to 2019" in i.value.replace("\\", "") for i in at.info)
    assert [(p.proto.page, p.proto.query_string) for p in at.get("page_link") if "scrutiny pack" in p.proto.label] == [("report", "year=2019&area=E10000009")]


@pytest.mark.parametrize("area", ["E08000028", "E10000016"])  # Sandwell: none unchanged or missing; Kent: 2 unchanged
def test_the_first_line_names_the_rest_only_where_there_is_a_rest(con, area):
    """Sandwell's pack said '11 improved and 4 declined ...; the others had no figure ... or did not change'
    of 15 indicators: there were no others."""
    import re

    from oversight import scrutiny

    line = next(s.text for s in scrutiny.build(con, 2025, area).narrative if s.text.startswith("In the 2025 figures"))
    judged, improved, declined = map(int, re.search(r"of the (\d+) headline indicators .*?, (\d+) improved and (\d+) declined", line).groups())
    rest = judged - improved - declined
    if not rest:
        assert line.endswith("declined on the year before."), line
    else:  # counted apart, as the profile counts them: "the other 2 had no figure ... or did not change" left a committee to guess
        unchanged = re.search(r"(\d+) did not change", line)
        missing = re.search(r"(\d+) (?:has|have) no figure for one year or both", line)
        assert (int(unchanged.group(1)) if unchanged else 0) + (int(missing.group(1)) if missing else 0) == rest, line
        assert "the other" not in line, line


def test_an_sn_average_of_some_neighbours_says_how_many(con):
    """Sandwell's pack led with care leavers not in touch, 7% against 1%: an average of 5 of its 10
    neighbours, which the profile said ("5 of 10") and the pack did not."""
    from oversight import scrutiny

    pack = scrutiny.build(con, 2025, "E08000028")
    n = con.execute("SELECT sn_count FROM indicator_comparison WHERE indicator_id = 'care_leavers_not_in_touch_pct' "
                    "AND area_code = 'E08000028' AND time_period = 2025").fetchall()[0][0]
    assert n < 10
    worse = next(s.text for s in pack.narrative if s.text.startswith("Worse than the statistical-neighbour average"))
    assert f"(SN average of {n} of 10 neighbours)" in worse, worse
    table = pack.tables["Headline indicators 2025"]
    counts = dict(table.select("Indicator", scrutiny.SN_WITH_FIGURE).iter_rows())
    assert counts["Care leavers the local authority is not in touch with"] == f"{n} of 10"
    assert table.columns.index(scrutiny.SN_WITH_FIGURE) == table.columns.index("SN median") + 1


def test_a_printed_rank_stays_on_one_line(con, tmp_path):
    """Sandwell's printed pack wrapped its ranks apart, "38 of" over "153"."""
    from oversight import scrutiny

    scrutiny.write_scrutiny(con, 2025, "E08000028", tmp_path, pdf=False)
    html = (tmp_path / "scrutiny_sandwell_E08000028_2025.html").read_text(encoding="utf-8")
    rank = con.execute("SELECT rank, ranked_of FROM indicator_comparison WHERE indicator_id = 'rereferrals_pct' AND area_code = 'E08000028' "
                       "AND time_period = 2025").fetchall()[0]
    assert f">{rank[0]}&nbsp;of&nbsp;{rank[1]}</td>" in html


def test_a_missing_year_before_gives_its_reason(con):
    """Birmingham's caseload and agency figures of 2024, published as u, left the pack's "Year before (2024)" blank with
    an empty note, where the profile says "low reliability (u)"."""
    import duckdb

    from tests.conftest import find

    raw = duckdb.connect()
    published = raw.execute(f"SELECT caseload_fte, agency_rate_fte FROM read_csv('{find('csww')}', all_varchar=true) "
                            "WHERE new_la_code = 'E08000025' AND time_period = '2024'").fetchall()
    raw.close()
    assert published == [("u", "u")]
    table = scrutiny.build(con, 2025, "E08000025").tables["Headline indicators 2025"]
    rows = {r["Indicator"]: r for r in table.iter_rows(named=True)}
    for name in ("Average caseload of children and family social workers", "Agency social workers"):
        assert rows[name]["Year before (2024)"] is None and rows[name]["Note"] == "2024: low reliability (u)", name
    # the same reason both years is said once: "no figure (-); 2024: no figure (-)" had repeated it
    both = con.execute("SELECT list(suppression ORDER BY time_period) FROM indicator_values WHERE indicator_id = 'care_leavers_not_in_touch_pct' "
                       "AND area_code = 'E08000025' AND time_period IN (2024, 2025) AND value IS NULL").fetchall()[0][0]
    assert both == ["-", "-"]
    assert rows["Care leavers the local authority is not in touch with"]["Note"] == "no figure (-), as for 2024"


def test_the_pack_gives_five_years_of_each_headline_figure_beside_the_sn_average_and_england(warehouse, con, tmp_path):
    """A committee asks where a figure is going: the pack gave the year before alone, and a director took each
    trend's picture from the dashboard to go with it."""
    assert main(["report", "--quiet", "--db", str(warehouse), "--year", "2025", "--area", "E08000028", "--out", str(tmp_path)]) == 0
    ws = load_workbook(tmp_path / "scrutiny_sandwell_E08000028_2025.xlsx")["Headline trends 2021 to 2025"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Indicator", "Unit", "Area") and rows[0][3:8] == ("2021", "2022", "2023", "2024", "2025")
    cla = {r[2]: r[3:8] for r in rows[1:] if r[0] == "Children looked after per 10,000 children"}
    assert list(cla) == ["Sandwell", "SN average", "England"]  # in that order, one row each
    for area, series in (("E08000028", "Sandwell"), ("E92000001", "England")):
        published = dict(con.execute("SELECT time_period, value FROM indicator_values WHERE indicator_id = 'cla_rate_per_10k' AND area_code = ? "
                                     "AND time_period BETWEEN 2021 AND 2025", [area]).fetchall())
        assert list(cla[series]) == [pytest.approx(published[y]) for y in range(2021, 2026)]
    sn = dict(con.execute("SELECT time_period, sn_mean FROM indicator_comparison WHERE indicator_id = 'cla_rate_per_10k' AND area_code = 'E08000028' "
                          "AND time_period BETWEEN 2021 AND 2025").fetchall())
    assert list(cla["SN average"]) == [pytest.approx(sn[y]) for y in range(2021, 2026)]
    page = (tmp_path / "scrutiny_sandwell_E08000028_2025.html").read_text(encoding="utf-8")
    assert "<h2>Headline trends 2021 to 2025</h2>" in page and "and each from 2021 to 2025 beside its SN average and England" in page


def test_the_five_year_table_says_what_a_year_is_and_where_the_sn_average_rests_on_few_neighbours(con):
    """Sandwell's SN average of care leavers not in touch (1% against its 7%) was five neighbours' of ten, and a
    workforce column "2025" is at 30 September 2025: the five-year table said neither, where the headline table does."""
    table = scrutiny.build(con, 2025, "E08000028").tables["Headline trends 2021 to 2025"]
    notes = {(r["Indicator"], r["Area"]): r["Note"] for r in table.iter_rows(named=True)}
    counts = con.execute("SELECT time_period, sn_count FROM indicator_comparison WHERE indicator_id = 'care_leavers_not_in_touch_pct' "
                         "AND area_code = 'E08000028' AND time_period BETWEEN 2021 AND 2025 ORDER BY 1").fetchall()
    size = con.execute("SELECT count(*) FROM statistical_neighbours WHERE area_code = 'E08000028'").fetchall()[0][0]
    few = [f"{c} in {y}" for y, c in counts if c < size]
    assert size == 10 and few and few[-1] == "5 in 2025"
    assert notes[("Care leavers the local authority is not in touch with", "SN average")] == f"Of 10 neighbours, the SN average rests on only {listing(few)}"
    assert notes[("Agency social workers", "Sandwell")] == "At 30 September; 2025 is 30 September 2025"
    assert notes[("Social worker turnover", "Sandwell")] == "Year to 30 September; 2025 is the year to 30 September 2025"
    # a year to 31 March says nothing, and a neighbour average from all ten neither
    assert notes[("Children looked after per 10,000 children", "Sandwell")] == notes[("Children looked after per 10,000 children", "SN average")] == ""
    assert notes[("Agency social workers", "England")] == ""


def test_the_key_names_the_neighbour_model_for_every_year(con):
    """A 2019 pack compared Sandwell with the 2025 model's neighbours, and said only "DfE's statistical neighbour model"."""
    key = scrutiny.build(con, 2019, "E08000028").tables[scrutiny.KEY_TABLE]
    [said] = key.filter(pl.col("Term") == "SN")["Meaning"].to_list()
    assert said.endswith("(DfE statistical neighbours, 2025 model), the same ten for every year the pack shows.")
