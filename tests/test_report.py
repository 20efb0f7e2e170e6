"""The annual report pack: narrative numbers read back against the warehouse, workbook, images, HTML."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from etl.__main__ import main
from oversight import report


@pytest.fixture(scope="module")
def pack_dir(warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pack")
    assert main(["report", "--year", "2025", "--out", str(out), "--db", str(warehouse)]) == 0
    return out


def england(con, indicator, year=2025):
    return con.execute(
        "SELECT value FROM indicator_values WHERE indicator_id=? AND time_period=? AND area_code='E92000001'", [indicator, year]
    ).fetchall()[0][0]


def numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*\.?\d*", text)]


def test_narrative_numbers_come_from_the_warehouse(con, pack_dir):
    lines = (pack_dir / "narrative.txt").read_text().splitlines()
    first = lines[0]
    assert first == "In the year to 31 March 2025 there were 632,830 referrals, up 1.8% on the previous year."
    now, before = england(con, "referrals_count"), england(con, "referrals_count", 2024)
    assert numbers(first)[:2] == [31, 2025]
    assert numbers(first)[2] == now
    assert numbers(first)[3] == round((now - before) / before * 100, 1)
    cla_line = next(line for line in lines if "looked after" in line)
    assert numbers(cla_line)[0] == england(con, "cla_count") and numbers(cla_line)[3] == round(england(con, "cla_rate_per_10k"))
    rr_line = next(line for line in lines if "re-referrals" in line)
    assert numbers(rr_line)[0] == england(con, "rereferrals_pct") == 22.6


def test_an_empty_cell_of_the_annual_workbook_says_why(pack_dir):
    """The annual workbook's authorities and regions left a missing figure as an empty cell with no
    reason: the City of London's child protection plans (suppressed, c), the Isles of Scilly's
    children looked after (not applicable, z), every region's Cafcass applications (LAIT's -)."""
    wb = load_workbook(pack_dir / "safeguarding_oversight_2025.xlsx")
    for sheet, name, heading, why in (
        ("Local authorities 2025", "City of London", "Child protection plans per 10,000 children", "suppressed (c)"),
        ("Local authorities 2025", "Isles of Scilly", "Children looked after per 10,000 children", "not applicable (z)"),
        ("Regions 2025", "North East", "Cafcass care applications per 10,000 children", "no figure (-)"),
    ):
        rows = list(wb[sheet].iter_rows(values_only=True))
        header, row = rows[0], next(r for r in rows[1:] if r[1] == name)
        assert header[-1] == "No figure because"
        assert row[header.index(heading)] is None
        assert f"{heading}: {why}" in row[-1].split("; "), (name, row[-1])
    haringey = next(r for r in wb["Local authorities 2025"].iter_rows(values_only=True) if r[1] == "Haringey")
    assert haringey[-1] is None or "Children looked after per 10,000 children" not in haringey[-1]  # a figure has no reason beside it


def test_the_printed_pack_shows_the_symbol_in_an_empty_cell_and_a_key(pack_dir):
    """Printed, the authorities' table runs to seven parts and its reasons were all in the last: an
    empty cell in part 2 had nothing beside it. Each empty cell now shows the publisher's symbol (or
    .. where nothing was published), with a key under the table; the workbook keeps its reasons column."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.keys: list[str] = []
            self._in: str | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            if tag in ("td", "th") or (tag == "p" and ("class", "key") in attrs):
                self._in = tag
                (self.rows[-1] if tag != "p" else self.keys).append("")

        def handle_endtag(self, tag):
            self._in = None if tag == self._in else self._in

        def handle_data(self, data):
            if self._in == "p":
                self.keys[-1] += data
            elif self._in:
                self.rows[-1][-1] += data

    page = Cells()
    page.feed((pack_dir / "safeguarding_oversight_2025.html").read_text(encoding="utf-8"))
    headings = [r for r in page.rows if r[:2] == ["ONS code", "Local authority"]]
    city = [r for r in page.rows if r[:2] == ["E09000001", "City of London"]]
    assert len(city) == len(headings) > 1  # one row in each part
    cells = {h: c for head, row in zip(headings, city, strict=True) for h, c in zip(head, row, strict=True)}
    assert cells["Child protection plans per 10,000 children"] == "c" and cells["Assessments completed within 45 working days (%)"] == "-"
    assert "No figure because" not in cells and "" not in {v for k, v in cells.items() if k != "Ofsted overall, 31 March 2025"}
    assert "In the table above, a cell with no figure shows why: - no figure, and no reason given (the mark DfE's LAIT uses); c suppressed;" in page.keys[-1] and "z not applicable" in page.keys[-1]


def test_a_figure_never_published_is_marked_apart_from_the_publishers_symbols(con):
    """Poole, abolished in March 2019, has no row in the workforce release at 30 September 2019 at all: its
    printed cell shows .., which the key says, not a symbol the publisher used. (BCP, formed in April 2019, is
    no longer listed in 2019.)"""
    pack = report.build(con, 2019)
    marks = pack.marks["Local authorities 2019"]
    poole = marks.filter(pl.col("ONS code") == "E06000029").row(0, named=True)
    assert not con.execute("SELECT count(*) FROM indicator_values WHERE indicator_id = 'sw_turnover_pct' AND area_code = 'E06000029' "
                           "AND time_period = 2019").fetchall()[0][0]
    assert poole["Social worker turnover (%)"] == report.NOT_PUBLISHED == ".."
    assert ".. not published for that area and year" in report._key(marks)


def test_sentence_facts_match_the_warehouse(con):
    pack = report.build(con, 2025)
    for s in pack.narrative:
        for indicator, value in s.facts.items():
            if indicator.startswith(("ofsted", "flagged", "high_")):
                continue
            assert value == england(con, indicator), indicator


def test_workbook_sheets_values_and_types(pack_dir):
    wb = load_workbook(pack_dir / "safeguarding_oversight_2025.xlsx")
    assert wb.sheetnames == ["About", "National trend", "Regions 2025", "Local authorities 2025", "Ofsted in force, 31 March 2025", "ILACS inspections by year",
                             "Ofsted by region, 31 March 2025", "Flagged authorities", "Sources", "Notes"]
    las = wb["Local authorities 2025"]
    header = [c.value for c in las[1]]
    assert las.freeze_panes == "D2"  # the heading row and the code, name and region stay in view while the figures scroll
    assert wb["Regions 2025"].freeze_panes == "C2" and wb["Ofsted in force, 31 March 2025"].freeze_panes == "A2"
    col = header.index("Children looked after per 10,000 children") + 1
    haringey = next(r for r in las.iter_rows(min_row=2) if r[1].value == "Haringey")
    assert round(haringey[col - 1].value) == 61 and isinstance(haringey[col - 1].value, float | int)
    assert haringey[col - 1].number_format == "#,##0"
    values = [r[col - 1].value for r in las.iter_rows(min_row=2)]
    assert sum(isinstance(v, int | float) for v in values) >= 150
    # each heading carries its unit unless its name says it: 22.6 alone does not say per cent
    assert {"Re-referrals within 12 months (%)", "Average caseload of children and family social workers (cases per FTE)",
            "Spending on safeguarding per child aged 0 to 17 (£)"} <= set(header)
    assert "Re-referrals within 12 months" not in header and "Children looked after per 10,000 children (per 10,000 children)" not in header
    rereferrals = header.index("Re-referrals within 12 months (%)")
    assert haringey[rereferrals].number_format == "#,##0.0" and 0 < haringey[rereferrals].value < 100
    nat = wb["National trend"]
    row = next(r for r in nat.iter_rows(min_row=2) if r[0].value == "Re-referrals within 12 months")
    assert row[-1].value == 22.6 and row[-1].number_format == "#,##0.0"


def test_images_are_valid_png_and_svg(pack_dir):
    pngs = sorted(pack_dir.glob("*.png"))
    assert {"ofsted_over_time.png", "cla_by_region.png", "ofsted_map.png"} <= {p.name for p in pngs}
    assert sum(p.name.startswith("england_") for p in pngs) >= 13  # one per headline indicator
    for p in pngs:
        data = p.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and 20_000 < len(data) < 5_000_000
    for s in pack_dir.glob("*.svg"):
        text = s.read_text()
        assert text.lstrip().startswith("<svg") and "</svg>" in text and len(text) > 3_000
        assert "role-title" in text, f"{s.name} has no title: a picture in a report stands alone"


def test_html_opens_in_chromium_without_errors(pack_dir):
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((pack_dir / "safeguarding_oversight_2025.html").as_uri())
        assert "632,830 referrals" in page.content()
        assert page.locator("svg").count() >= 4 and page.locator("table").count() >= 6
        browser.close()
    assert errors == []
    pdf = pack_dir / "safeguarding_oversight_2025.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_zip_pack_holds_every_file(con, tmp_path):
    data = report.zip_pack(con, 2025, tmp_path / "z", pdf=False)
    names = zipfile.ZipFile(__import__("io").BytesIO(data)).namelist()
    assert "safeguarding_oversight_2025.xlsx" in names and "safeguarding_oversight_2025.html" in names
    assert sum(n.endswith(".png") and n.startswith("england_") for n in names) >= 13 and "ofsted_map.svg" in names


def test_report_for_a_year_not_held_fails_clearly(warehouse, tmp_path, capsys):
    assert main(["report", "--year", "1999", "--out", str(tmp_path), "--db", str(warehouse)]) == 2
    assert "no figures for 1999" in capsys.readouterr().err


def test_a_pack_for_an_earlier_year_states_the_judgements_then_in_force(con):
    """Ofsted figures as at 31 March of the report's year, counted as Ofsted's statistics count them
    (each LA's latest inspection carried out by then): 2019 is the SIF and early ILACS picture."""
    inforce = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE overall_grade <= 2), count(*) FILTER (WHERE overall_grade = 4) "
        "FROM ofsted_as_at(DATE '2019-03-31', inspected := true)"
    ).fetchall()[0]
    facts = {k: v for s in report.build(con, 2019).narrative for k, v in s.facts.items() if k.startswith("ofsted")}
    assert (facts["ofsted_inspected"], facts["ofsted_good_or_better"], facts["ofsted_inadequate"]) == inforce == (152, 69, 22)
    later = {k: v for s in report.build(con, 2025).narrative for k, v in s.facts.items() if k.startswith("ofsted")}
    assert later != facts


def test_a_pack_for_an_earlier_year_states_that_years_flags_and_judgements_by_region(con):
    """A 2019 pack: judgements in force on 31 March 2019 by region, flags on figures up to 2019."""
    import re

    import polars as pl

    pack = report.build(con, 2019)
    by_region = pack.tables["Ofsted by region, 31 March 2019"]
    import datetime as dt

    from oversight import queries as q

    assert int(by_region.drop("Region").sum_horizontal().sum()) == q.ofsted_current(con, dt.date(2019, 3, 31)).height  # every LA then
    # England's nine regions, London whole, as the Regions sheet and Ofsted's statistics have them (Inner and Outer London had no London)
    assert by_region.height == 9 and "London" in by_region["Region"].to_list() and "Inner London" not in by_region["Region"].to_list()
    flagged = pack.tables["Flagged authorities"]
    years = [int(y) for m in flagged["Why"] for y in re.findall(r"\b(20[12]\d)\b", m)]
    assert years and max(years) <= 2019, max(years)
    assert flagged.filter(pl.col("Why").str.contains("2025")).is_empty()


def test_headers_are_words_not_column_ids(pack_dir):
    wb = load_workbook(pack_dir / "safeguarding_oversight_2025.xlsx")
    raw = {"area_code", "area_name", "region_name", "grade_label", "rule_id", "message", "local_authorities", "name", "unit"}
    for ws in wb.worksheets:
        header = {c.value for c in ws[1]}
        assert not header & raw, (ws.title, header & raw)
    html = (pack_dir / "safeguarding_oversight_2025.html").read_text()
    for r in raw:
        assert f"<th scope='col'>{r}</th>" not in html, r
    assert "<th scope='col'>Local authority</th>" in html and "<th scope='col'>Flag</th>" in html


def test_one_titled_chart_per_headline_indicator_from_zero_with_source(con):
    from oversight import report

    pack = report.build(con, 2025)
    # the latest figure's period by the indicator's year type: the workforce is counted at 30 September
    latest = {"Financial Year": "the year to 31 March 2025", "Annual": "31 March 2025", "Annual (end of Sept)": "30 September 2025",
              "Year to 30 September": "the year to 30 September 2025"}
    axis = {"Financial Year": "Year to 31 March", "Annual": "At 31 March", "Annual (end of Sept)": "At 30 September", "Year to 30 September": "Year to 30 September"}
    heads = con.execute("SELECT indicator_id, name, unit, source, year_type FROM indicators WHERE headline").fetchall()
    assert {h[4] for h in heads} == set(latest)
    for iid, name, unit, source, year_type in heads:
        chart, alt_text = pack.charts[f"england_{iid}"]
        spec = chart.to_dict()
        assert spec["title"]["text"] == f"{name}, England"
        assert " ".join(spec["title"]["subtitle"]) == f"Source: {source}. Latest figure: {latest[year_type]}.", iid  # wrapped to the chart's width
        assert spec["layer"][0]["encoding"]["x"]["title"] == axis[year_type], iid
        y = spec["layer"][0]["encoding"]["y"]
        assert y["title"] == unit and y["scale"]["zero"] is True
        assert "from " in alt_text and " to " in alt_text


def test_html_fits_a4_portrait(pack_dir):
    """186 mm (A4 portrait less the PDF's side margins) is 703 CSS px: nothing is wider."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = b.new_page(viewport={"width": 703, "height": 1000})
        page.goto((pack_dir / "safeguarding_oversight_2025.html").as_uri())
        widest = page.evaluate("Math.max(...[...document.querySelectorAll('table, svg')].map(e => e.getBoundingClientRect().right))")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        b.close()
    assert widest <= 703 and scroll <= 703, (widest, scroll)


def test_chart_text_stays_inside_its_picture(pack_dir):
    """Every title, label and legend of every chart lies within its SVG as Chromium draws it (the
    PDF is printed by Chromium): none is cut at the picture's edge."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = b.new_page(viewport={"width": 703, "height": 1000})
        page.goto((pack_dir / "safeguarding_oversight_2025.html").as_uri())
        cut = page.evaluate("""() => [...document.querySelectorAll('figure > svg')].flatMap(svg => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => [t.textContent, t.getBoundingClientRect()])
                .filter(([, r]) => r.left < box.left - 1 || r.right > box.right + 1).map(([text]) => text);
        })""")
        charts = page.evaluate("document.querySelectorAll('figure > svg').length")
        b.close()
    assert charts >= 30
    assert cut == [], cut[:5]


def test_flagged_authorities_list_each_ofsted_judgement_once(con):
    """Bury, Devon and Halton were listed twice for one inspection: Inadequate, and worse than before."""
    table = report.build(con, 2025).tables["Flagged authorities"]
    ofsted = table.filter(pl.col("Why").str.starts_with("Latest Ofsted overall effectiveness"))
    assert ofsted.height == ofsted["Local authority"].n_unique() > 20
    bury = ofsted.filter(pl.col("Local authority") == "Bury").row(0, named=True)
    assert bury["Flag"].startswith("Latest Ofsted judgement Inadequate, and worse") and "down from" in bury["Why"]
    cornwall = ofsted.filter(pl.col("Local authority") == "Cornwall").row(0, named=True)
    assert (cornwall["Severity"], "is Good, down from Outstanding" in cornwall["Why"]) == ("medium", True)


def test_wide_tables_print_in_parts_that_hold_every_figure(con):
    """The 29-indicator tables are printed in parts beside their area columns; together the parts
    hold every column once, and the workbook's sheet stays whole."""
    pack = report.build(con, 2025)
    table = pack.tables["Local authorities 2025"]
    parts = report._print_blocks(pack, "Local authorities 2025", table)
    assert len(parts) > 1 and all(df.width <= report.PRINT_COLUMNS for _, df in parts)
    assert parts[0][0] == f"Local authorities 2025 (part 1 of {len(parts)})"
    index = ["ONS code", "Local authority", "Region"]
    assert all(df.columns[:3] == index for _, df in parts)
    shown = [c for _, df in parts for c in df.columns[3:]]
    assert shown == table.columns[3:] and len(shown) == table.width - 3
    assert report._print_blocks(pack, "ILACS inspections by year", pack.tables["ILACS inspections by year"])[0][0] == "ILACS inspections by year"


def test_ofsted_judgements_by_year_mark_the_part_year(con):
    """Official ILACS judgements by year of inspection: the file stops at 24 March 2025 (11 that year);
    a 2019 pack counts the inspections carried out by 31 March 2019, whenever published (14 in 2019,
    7 of them published by then; 34 in 2018)."""
    from oversight import queries as q

    def per_year(df):
        return dict(df.group_by("year_label", maintain_order=True).agg(pl.col("count").sum()).iter_rows())

    import datetime as dt

    import polars as pl

    now = per_year(q.ofsted_distribution(con))
    assert now["2025 (to 24 Mar)"] == 11 and now["2024"] == 49 and "2025" not in now
    then = per_year(q.ofsted_distribution(con, dt.date(2019, 3, 31)))
    assert then == {"2018": 34, "2019 (to 31 Mar)": 14}
    table = report.build(con, 2019).tables["ILACS inspections by year"]
    assert table.columns == ["Overall effectiveness", "2018", "2019 (to 31 Mar)"]
    assert table["Overall effectiveness"].to_list() == ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]


def test_local_authorities_on_a_date_follow_boundary_changes(con):
    """`local_authorities_on` lists each authority while it existed: Northamptonshire on 31 March
    2019, its two successors (and not it) on 31 March 2025."""
    def codes(day):
        return {r[0] for r in con.execute("SELECT area_code FROM local_authorities_on(?::DATE)", [day]).fetchall()}

    then, now = codes("2019-03-31"), codes("2025-03-31")
    assert (len(then), len(now)) == (152, 153)
    assert "E10000021" in then and not {"E06000061", "E06000062"} & then
    assert {"E06000061", "E06000062"} <= now and "E10000021" not in now


def test_the_regional_chart_has_englands_nine_regions_not_londons_parts_beside_london(con):
    pack = report.build(con, 2025)
    chart, alt_text = pack.charts["cla_by_region"]
    names = set(next(layer for layer in chart.layer if layer.to_dict()["mark"]["type"] == "bar").data["area_name"])
    assert len(names) == 9 and "London" in names and not {"Inner London", "Outer London"} & names
    london = con.execute("SELECT value FROM indicator_values WHERE indicator_id = 'cla_rate_per_10k' AND area_code = 'E12000007' AND time_period = 2025").fetchall()[0][0]
    assert "England's 9 regions" in alt_text and f"London {london:.0f}" in alt_text


def test_the_pack_counts_judgements_as_ofsteds_official_statistics_do(con):
    """Ofsted's LA_Inspection_Outcomes_as_at_31_March_2025.ods (sheet Inspections_as_at_31_March)
    gives 36 Outstanding, 67 Good, 31 Requires improvement and 19 Inadequate: 103 good or better.
    The pack said 100, counting judgements published by 31 March: five inspections carried out
    before then (Blackburn with Darwen, Dorset, Durham, Surrey, York) were published after it."""
    facts = {k: v for s in report.build(con, 2025).narrative for k, v in s.facts.items() if k.startswith("ofsted")}
    assert (facts["ofsted_inspected"], facts["ofsted_good_or_better"], facts["ofsted_inadequate"]) == (153, 103, 19)
    pack = report.build(con, 2025)
    counts = dict(pack.tables["Ofsted in force, 31 March 2025"].iter_rows())
    assert (counts["Outstanding"], counts["Good"], counts["Requires improvement to be good"], counts["Inadequate"]) == (36, 67, 31, 19)


def test_every_sentence_gives_its_date_and_unit(con):
    """'The average social worker caseload was 15.2.' had no unit and no date, and the flag count no
    date (the watchlist's 'now' differs from the pack's 31 March)."""
    text = report.summary(con, 2025)
    caseload = next(t for t in text if "caseload" in t)
    assert "15.2 cases per full-time equivalent children and family social worker holding cases, at 30 September 2025" in caseload
    # 75: Dorset's one flag was its Cafcass figure "missing", which LAIT publishes under the former county's code; York's and
    # Blackburn with Darwen's Ofsted falls were their judgements published by 31 March, not those of their inspections by then;
    # 70: Camden, Enfield, Newham, Redbridge and Southwark were flagged only for children looked after who went missing, which
    # DfE's LAIT, and now the catalogue, hold neither better nor worse when higher; 71: the funnel tests the workforce's rates on their
    # bases, and Hillingdon's vacancies (37.6% of 290 FTE) are its only flag
    assert any(t.startswith("Counting figures up to the 2025 collection and the Ofsted judgements on 31 March 2025 as the Ofsted sentence above counts them, "
                            "this dashboard's early-warning rules raised at least one flag for 71 local authorities, 26 of them on a rule of high severity") for t in text)


def test_the_report_page_has_one_primary_button_at_a_time(warehouse, monkeypatch):
    """Build the pack (primary); once built, its download is the one primary button and building
    again is secondary, rather than two primary buttons side by side."""
    from tests.apptest import open_page

    monkeypatch.setenv("OVERSIGHT_DB", str(warehouse))
    monkeypatch.setattr(report, "zip_pack", lambda con, year, folder, pdf=False: b"PK-the-pack")
    at = open_page("pages/report.py", year="2025")
    build = next(b for b in at.button if b.label == "Build report pack")
    assert build.proto.type == "primary" and not at.get("download_button")
    build.click().run()
    assert not at.exception, [e.value for e in at.exception]
    primary = [b.proto.label for b in [*at.button, *at.get("download_button")] if b.proto.type == "primary"]
    assert primary == ["Download report pack (zip)"]
    assert [b.label for b in at.button if "report pack" in b.label] == ["Build report pack again"]
    at.checkbox[0].check().run()  # a pack with its PDF was not built: its download is not offered
    assert not at.get("download_button") and [(b.label, b.proto.type) for b in at.button if "report pack" in b.label] == [("Build report pack", "primary")]


def test_the_packs_authorities_are_those_of_its_year(con):
    """The 2025 pack listed 155 local authorities: Dorset's and Northamptonshire's former county
    councils (abolished 2019 and 2021) came with LAIT's Cafcass figures for 2025 alone."""
    now = report.build(con, 2025).tables["Local authorities 2025"]
    assert now.height == 153 and not {"E10000009", "E10000021"} & set(now["ONS code"])
    then = report.build(con, 2019).tables["Local authorities 2019"]
    assert {"E10000009", "E10000021"} <= set(then["ONS code"])  # both were authorities in 2019, with their figures


def test_the_report_page_builds_an_authoritys_scrutiny_pack_for_the_year_chosen(warehouse, monkeypatch):
    """A director looked for her scrutiny pack on the report page, which offered England's alone."""
    from oversight import scrutiny
    from tests.apptest import open_page

    monkeypatch.setenv("OVERSIGHT_DB", str(warehouse))
    asked: list[tuple[int, str]] = []
    monkeypatch.setattr(scrutiny, "zip_scrutiny", lambda con, year, area, folder, pdf=True: asked.append((year, area)) or b"PK")
    at = open_page("pages/report.py", year="2024", area="E06000061")
    assert at.selectbox(key="report-area").value == "E06000061"
    build = next(b for b in at.button if b.label == "Build scrutiny pack")
    assert build.proto.type == "secondary"  # the annual pack's button is the page's primary one
    build.click().run()
    assert asked == [(2024, "E06000061")]
    [download] = [d for d in at.get("download_button") if "scrutiny" in d.proto.label]
    assert download.proto.label == "Download scrutiny pack (zip)" and download.proto.type == "secondary"
    # the summary above it is England's, and says so: a director with her authority chosen had read its figures as her own
    assert [h.value for h in at.header][:2] == ["England: summary", "One authority: its scrutiny pack"]


def test_four_rates_are_charted_by_region_with_englands_figure_and_the_source(con):
    """A report writer wanted child protection plans by region: the pack charted children looked
    after alone, with no figures on the bars, no England and no source."""
    pack = report.build(con, 2025)
    assert {"referrals_by_region", "cin_by_region", "cpp_by_region", "cla_by_region"} <= set(pack.charts)
    chart, alt_text = pack.charts["cpp_by_region"]
    spec = chart.to_dict()
    assert spec["title"]["text"] == "Child protection plans per 10,000 children by region"
    assert spec["title"]["subtitle"] == ["31 March 2025. England 40.6 (dashed line).", "Source: DfE, Children in need (table D5); ONS mid-year population estimates."]
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "bar", "text"]  # England behind the bars, each bar's figure on it
    north_east = con.execute("SELECT value FROM indicator_values WHERE indicator_id = 'cpp_rate_per_10k' AND area_code = 'E12000001' AND time_period = 2025").fetchall()[0][0]
    assert alt_text.startswith(f"Child protection plans per 10,000 children in each of England's 9 regions, 31 March 2025, highest first: North East {north_east:.1f};")
    assert alt_text.endswith("; England 40.6. Source: DfE, Children in need (table D5); ONS mid-year population estimates.")


def test_the_workbook_says_where_each_figure_comes_from_and_what_no_cell_says(con):
    """The pack's workbook had no sources or notes: its Regions sheet listed London beside Inner and
    Outer London, and its National trend sheet put the workforce's 30 September figures under the
    same year columns, with nothing said."""
    pack = report.build(con, 2025)
    sources = {r["Indicator"]: r for r in pack.tables["Sources"].iter_rows(named=True)}
    # every headline indicator of the trend, and the counts the summary quotes (referrals, children in need, on plans, looked after)
    assert len([s for s in sources if s != "Ofsted judgements"]) == pack.tables["National trend"].height + 4
    # the judgements' own sources, the official files: the summary's counts had none in the pack
    ofsted = pack.tables["Sources"].filter(pl.col("Indicator") == "Ofsted judgements")
    assert ofsted["Release"].to_list()[0] == "Ofsted: Local authority inspection outcomes (ILACS), published September 2025"
    assert ofsted["Address"].to_list()[0] == "https://www.gov.uk/government/statistics/local-authority-inspection-outcomes-as-at-31-march-2025"
    # the ILACS outcomes are as at 31 March; the earlier frameworks' file, which had read "31 March 2025" too, gives the
    # years its judgements were published (SLAC from 7 August 2009 to the last SIF re-inspection of 24 August 2018)
    assert ofsted["Figures for 2025 are for"].to_list() == ["31 March 2025", "judgements published 2009 to 2018"]
    assert ofsted["Release"].to_list()[1].endswith(", published 6 July 2023")  # not 2023-07-06
    assert sources["Social worker turnover"]["Figures for 2025 are for"] == "the year to 30 September 2025"
    assert sources["Agency social workers"]["Figures for 2025 are for"] == "30 September 2025"
    assert sources["Child protection plans per 10,000 children"]["Figures for 2025 are for"] == "31 March 2025"
    assert sources["Re-referrals within 12 months"]["Source"] == "DfE, Children in need (table C1)"
    # to cite: the release the year's figures came from, from the shipped files' manifest, and its page
    rate = sources["Child protection plans per 10,000 children"]
    assert rate["Release"] == ("DfE: Children in need, table D5: child protection plans at 31 March by length, reporting year 2025; "
                               "ONS mid-year population estimates: children aged 0 to 17 (DfE layout), mid-2012 to mid-2024")
    assert rate["Address"] == "https://explore-education-statistics.service.gov.uk/find-statistics/characteristics-of-children-in-need"
    assert sources["Social worker turnover"]["Address"] == "https://explore-education-statistics.service.gov.uk/find-statistics/children-s-social-work-workforce"
    assert sources["Spending on safeguarding per child aged 0 to 17"]["Address"] == (  # LAIT's total, per child by ONS's population: both pages, in that order
        "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait; "
        "https://explore-education-statistics.service.gov.uk/find-statistics/characteristics-of-children-in-need")
    assert all(r["Release"] and r["Address"] for r in sources.values())
    notes = pack.tables["Notes"]["Note"].to_list()
    assert any("Inner London and Outer London" in n and "parts of London" in n for n in notes)
    assert any("social work workforce in the year to 30 September 2025 or at 30 September 2025" in n for n in notes)
    # a figure published for two authorities together is said, as the pages say it: Kingston's and Richmond's read as two
    assert any(n.startswith("One figure for several authorities, printed in each one's row: Kingston upon Thames and Richmond upon Thames "
                            "(average caseload of children and family social workers, social worker turnover, agency social workers and social worker vacancies)")
               for n in notes)
    # the ILACS sheet's years are calendar years, where every other year of the pack ends on 31 March or 30 September
    assert any(n.startswith("ILACS inspections by year: each inspection is counted in the calendar year, January to December,") for n in notes)
    # the authorities' judgement is dated as its sheet is: "Ofsted overall" read as today's (Kent's Outstanding, Good since 2026)
    las = pack.tables["Local authorities 2025"]
    assert "Ofsted overall, 31 March 2025" in las.columns and "Ofsted overall" not in las.columns
    assert las.filter(pl.col("Local authority") == "Kent")["Ofsted overall, 31 March 2025"].to_list() == ["Outstanding"]


def test_every_picture_in_the_pack_names_its_source(pack_dir):
    """The pack's Ofsted map and judgements by year were the only pictures without a source line: pasted
    alone into a report they did not say where they came from."""
    for svg in sorted(pack_dir.glob("*.svg")):
        assert "Source: " in svg.read_text(encoding="utf-8"), svg.name
    assert "Source: Ofsted, local authority inspection outcomes" in (pack_dir / "ofsted_map.svg").read_text(encoding="utf-8")


def test_the_report_command_without_playwright_writes_the_pack_and_says_there_is_no_pdf(warehouse, tmp_path, monkeypatch, capsys):
    """With only the dashboard's requirements installed (no Playwright) on a machine with Chromium,
    `oversight report` stopped with a traceback after writing the workbook and charts."""
    import sys

    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # importing it fails, as where it is not installed
    monkeypatch.setattr(report.shutil, "which", lambda name: "/usr/bin/chromium")
    out = tmp_path / "pack"
    assert main(["report", "--year", "2025", "--out", str(out), "--db", str(warehouse)]) == 0
    said = capsys.readouterr().out
    assert "no PDF written: printing one needs Chromium and Playwright" in said
    assert (out / "safeguarding_oversight_2025.html").is_file() and not list(out.glob("*.pdf"))


def test_no_pack_chart_is_wider_than_its_plot_for_a_long_source_line(con):
    """The printed pack's charts of children looked after and of spending shrank to tiny text: their
    one-line sources ("DfE, section 251 outturn, through LAIT (measure SafeguardingFinance); ONS
    mid-year population estimates") made each picture wider than its chart, and the page scaled it down."""
    import re

    from oversight import charts

    def width(spec: dict) -> int:
        return int(re.search(r'width="(\d+)"', charts.pictures(spec)[1]).group(1))

    pack = report.build(con, 2025)
    wider = {}
    for name, (chart, _alt) in pack.charts.items():
        spec = chart.to_dict()
        if spec.get("width") != 520 or not isinstance(spec.get("title"), dict):  # the England trends and regions charts, 520 px wide
            continue
        unsourced = {**spec, "title": {k: v for k, v in spec["title"].items() if k != "subtitle"}}  # its title kept, as long as it is
        wider[name] = width(spec) - width(unsourced)
    assert len(wider) >= 10 and max(wider.values()) <= 2, wider


def test_the_packs_part_year_goes_no_further_than_the_official_files(con):
    """The 2025 pack's last bar read "2025 (to 31 Mar)" where the Ofsted page's read "2025 (to 24 Mar)": the official files'
    last ILACS inspection is of 24 March 2025, so both say so."""
    from oversight import queries as q

    pack = set(q.ofsted_distribution(con, report._as_at(2025))["year_label"])
    assert "2025 (to 24 Mar)" in pack and pack == set(q.ofsted_distribution(con)["year_label"])


def test_no_table_heading_is_left_alone_at_the_foot_of_a_page(pack_dir):
    """"Local authorities 2025 (part 1 of 6)" stood alone at the foot of page 23, its table on page 24."""
    import re

    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(pack_dir / "safeguarding_oversight_2025.pdf").pages, start=1):
        lines = [line for line in page.extract_text().splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("Safeguarding oversight: annual report tables")]  # the running footer
        assert not (body and re.search(r"\(part \d+ of \d+\)$", body[-1].strip())), (number, body[-1])


def test_the_ilacs_inspections_by_year_have_no_row_for_not_yet_inspected(con):
    """The 2024 pack's sheet had an empty "Not yet inspected" row (Cumberland and Westmorland and Furness, in the
    judgements in force): every inspection counted there was judged."""
    from oversight import queries as q

    table = report.build(con, 2024).tables["ILACS inspections by year"]
    assert q.NOT_INSPECTED not in table["Overall effectiveness"].to_list() and table.height == 4


def test_the_narrative_gives_the_four_grades_and_the_workforces_rates(con):
    """A report writer found only "103 good or outstanding ... 19 inadequate", and no word on turnover, agency
    workers or vacancies, each down 2 to 3 points on the year."""
    said = report.summary(con, 2025)
    grades = dict(con.execute("SELECT overall_grade, count(*) FROM ofsted_counted_at_31_march WHERE as_at = DATE '2025-03-31' GROUP BY 1").fetchall())
    assert any(f"({grades[1]} outstanding, {grades[2]} good), {grades[3]} were judged requires improvement to be good and {grades[4]} inadequate" in s for s in said)
    rates = {i: [england(con, i, y) for y in (2025, 2024)] for i in ("sw_turnover_pct", "sw_agency_pct", "sw_vacancy_pct")}
    [line] = [s for s in said if s.startswith("Among England's children's social workers, ")]
    # each rate with its own period: turnover over the year, the others at its end; a sentence, not a heading with figures
    assert (f"in the year to 30 September 2025, turnover was {rates['sw_turnover_pct'][0]:.1f}% ({rates['sw_turnover_pct'][1]:.1f}% a year before); "
            f"and at 30 September 2025, the agency worker rate was {rates['sw_agency_pct'][0]:.1f}% ({rates['sw_agency_pct'][1]:.1f}% a year before) "
            f"and the vacancy rate was {rates['sw_vacancy_pct'][0]:.1f}%") in line


def test_the_narrative_gives_each_rate_its_period_and_the_year_before(con):
    """A report writer read "85.7% of assessments were completed within 45 working days." with no period and
    no year before, and re-referrals' year before as "(22.4% in 2024)"."""
    said = report.summary(con, 2025)
    now, before = england(con, "assessments_45_days_pct", 2025), england(con, "assessments_45_days_pct", 2024)
    assert (f"{now:.1f}% of assessments in the year to 31 March 2025 were completed within 45 working days "
            f"({before:.1f}% in the year to 31 March 2024).") in said
    rr = england(con, "rereferrals_pct", 2024)
    assert any(s.endswith(f"were re-referrals within 12 months ({rr:.1f}% in the year to 31 March 2024).") for s in said)


def test_an_authority_is_not_listed_before_a_boundary_change_formed_it(con):
    """The 2019 pack listed BCP and today's Dorset beside Bournemouth, Poole and Dorset's county council: 154
    authorities where its narrative, and England, had 152."""
    for year, count in ((2019, 152), (2023, 152), (2025, 153)):
        las = report.build(con, year).tables[f"Local authorities {year}"]
        assert las.height == count, (year, las.height)
    names = set(report.build(con, 2019).tables["Local authorities 2019"]["Local authority"].to_list())
    assert {"Bournemouth", "Poole"} <= names and "Bournemouth, Christchurch and Poole" not in names


def test_the_printed_sources_break_addresses_and_the_notes_say_the_terms(pack_dir):
    """The PDF's Sources table ran off the page ("…/publications/lo"): an address may break after each
    slash, and is one address again when copied. ILACS, SIF, SN and the flags were used and never said."""
    import re

    html = (pack_dir / "safeguarding_oversight_2025.html").read_text(encoding="utf-8")
    cells = re.findall(r"<td>(https:[^<]*(?:<wbr>[^<]*)*)</td>", html)
    assert cells and all("<wbr>" in c for c in cells)
    assert "https:/<wbr>/<wbr>explore-education-statistics.service.gov.uk/<wbr>find-statistics/<wbr>characteristics-of-children-in-need" in html
    assert not re.search(r"<td>https://[^<]{40,}</td>", html)
    from html import unescape

    notes = unescape(" ".join(re.findall(r"<td>([^<]*)</td>", html)))
    assert "ILACS is Ofsted's inspection of local authority children's services" in notes and "SN: statistical neighbours" in notes


def test_every_figure_the_summary_quotes_has_its_source(con):
    """The summary's counts (632,830 referrals, 402,400 children in need, 49,420 on plans, 81,770 looked
    after) were in no row of the Sources table, which listed the headline rates only."""
    pack = report.build(con, 2025)
    quoted = {i for s in pack.narrative for i in s.facts}
    names = dict(con.execute("SELECT indicator_id, name FROM indicators").fetchall())
    cited = set(pack.tables["Sources"]["Indicator"].to_list())
    assert {"referrals_count", "cin_count", "cpp_count", "cla_count"} <= quoted
    assert {names[i] for i in quoted if i in names} <= cited


def test_the_narrative_gives_the_counts_and_caseload_with_the_year_before(con):
    """A report writer found the year before beside the rates but not beside the children in need, on plans,
    looked after, or the caseload."""
    said = report.summary(con, 2025)
    cla, rate = england(con, "cla_count", 2024), england(con, "cla_rate_per_10k", 2024)
    assert any(s.endswith(f"per 10,000 children ({cla:,.0f} and {rate:.0f} on 31 March 2024).") for s in said), said
    cin, cpp = england(con, "cin_count", 2024), england(con, "cpp_count", 2024)
    assert any(s.endswith(f"protection plan ({cin:,.0f} and {cpp:,.0f} on 31 March 2024).") for s in said), said
    assert any(s.endswith(f"at 30 September 2025 ({england(con, 'sw_caseload', 2024):.1f} at 30 September 2024).") for s in said), said
