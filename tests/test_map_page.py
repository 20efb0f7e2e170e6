"""The map page under AppTest: Ofsted judgements by default, any indicator by band or value, URL state."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")


def run(opened: bool = True, **params: str) -> AppTest:
    """The map page, with "Data behind this map" opened as a reader opens it (its table, CSV and
    pictures are drawn only then) unless `opened` is False."""
    at = open_page("pages/map.py", **params)
    if opened:
        at.session_state["data-map"] = True
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def captions(at: AppTest) -> str:
    """The map's description and notes as a reader sees them (markdown's escapes taken out)."""
    return "\n".join([c.value for c in at.caption] + [m.value.replace("\\", "") for m in at.markdown] + [w.value for w in at.warning])


def test_ofsted_map_as_at_a_date_from_the_link():
    at = run(show="ofsted", as_at="2019-03-31", area="E09000014")
    table = at.dataframe[0].value
    assert len(table) == 153
    assert "in force on 31 March 2019" in captions(at)
    assert at.query_params["as_at"] == "2019-03-31"
    # Haringey's judgement in force then was its 2018 ILACS standard inspection
    row = table[table["area_code"] == "E09000014"].iloc[0]
    assert row["framework"].startswith("ILACS")


def test_ofsted_map_today_names_unofficial_judgements():
    at = run(show="ofsted")
    text = captions(at)
    assert "not yet in the official statistics" in text and "data-to-insight" in text


def test_indicator_map_by_value_and_band():
    at = run(show="indicator", indicator="cla_rate_per_10k", year="2025", colour="value", area="E08000025")
    assert at.radio[1].value == "value"
    assert "children looked after per 10,000 children at 31 March 2025" in captions(at)
    assert len(at.dataframe[0].value) >= 152


def test_bad_links_fall_back():
    text = captions(run(opened=False, show="nonsense", as_at="yesterday'--"))  # said on opening the link
    assert "Unknown map in the link" in text and "not a date" in text
    assert len(run(show="nonsense", as_at="yesterday'--").dataframe[0].value) == 153
    at = run(opened=False, show="indicator", indicator="cla_rate_per_10k", colour="<b>")
    assert "Unknown colouring in the link" in captions(at)


def test_map_page_runs_on_a_warehouse_without_ofsted(tmp_path_factory, monkeypatch):
    from etl.__main__ import main
    from tests.conftest import copy_real

    src = tmp_path_factory.mktemp("map-partial-src")
    copy_real("cin_referrals", src)
    copy_real("population", src)
    db = tmp_path_factory.mktemp("map-partial") / "oversight.duckdb"
    assert main(["build", "--source", str(src), "--db", str(db)]) == 0
    monkeypatch.setenv("OVERSIGHT_DB", str(db))
    for params in ({"show": "ofsted"}, {"show": "indicator", "colour": "value"}):
        at = run(**params)
        assert len(at.dataframe[0].value) >= 150
    assert "153 Not yet inspected" in captions(run(show="ofsted"))


def test_ofsted_map_is_as_at_the_latest_publication_loaded_not_today(con):
    """The judgements are known to the latest Ofsted publication loaded; the map said 'as at' today."""
    latest = con.execute("SELECT max(publication_date) FROM ofsted_judgements").fetchall()[0][0]
    at = run(show="ofsted")
    assert f"in force on {latest:%-d %B %Y}" in captions(at)
    assert at.text_input(key="map-as-at").value == latest.isoformat()
    at = run(opened=False, show="ofsted", as_at="2099-01-01")  # said on opening the link
    assert any(f"The judgements run from 1 April 2009 to {latest:%-d %B %Y}, the latest Ofsted publication loaded" in i.value for i in at.info)
    assert f"in force on {latest:%-d %B %Y}" in captions(at)


def test_a_link_naming_an_indicator_opens_its_map():
    at = run(indicator="cpp_rate_per_10k", year="2019")
    assert at.radio[0].value == "indicator" and at.selectbox[1].value == "cpp_rate_per_10k"
    assert "child protection plans per 10,000 children at 31 March 2019" in captions(at)


def test_an_authority_without_a_figure_is_grey_and_keyed_never_white(con):
    """24 authorities have no 2025 figure for children away from placement without authorisation
    (a neutral indicator): they were left out, white like the background, and the lowest quarter
    of a neutral map was #F0F0F0, near white too."""
    from oversight import charts, maps

    at = run(show="indicator", indicator="cla_away_pct", year="2025", colour="value", area="E08000024")
    assert "24 authorities are grey: no figure (-) for 24." in captions(at)
    # 63 of the 129 with a figure are at 0%, all in the lowest band: the description says why a band can hold more than a quarter
    banded = run(show="indicator", indicator="cla_away_pct", year="2025", colour="band", area="E08000024")
    # "the lower band" read as a letter (D below C): the band of the figures below the cut-off
    assert "whose figure equals a cut-off all fall in the band of the figures below it" in captions(banded)
    for by, label in (("value", maps.NO_FIGURE), ("band", maps.NO_BAND)):
        coloured = maps.indicator_spec(con, "cla_away_pct", 2025, by, "E08000024")["layer"][0]
        under, over = coloured["layer"]  # one copy of the shapes, drawn grey and then in the colours
        assert under["encoding"]["fill"]["scale"] == {"domain": [label], "range": [charts.GREY]}
        assert "data" not in under and "data" not in over and len(coloured["data"]["values"]) >= 153
        assert coloured["resolve"]["scale"]["color"] == "independent"
    # every authority with a figure and a band: no grey beneath, and no "No figure" in the key under a
    # description that says every authority has one
    for by in ("value", "band"):
        spec = maps.indicator_spec(con, "rereferrals_pct", 2025, by, None)
        assert maps.NO_FIGURE not in json.dumps(spec), by
    assert "Every authority has a figure." in captions(run(show="indicator", indicator="rereferrals_pct", year="2025", colour="value"))
    lightest = maps.NEUTRAL_COLOURS[0].lstrip("#")
    assert min(int(lightest[i : i + 2], 16) for i in (0, 2, 4)) < 0xE0  # a tint, not near white


def test_the_descriptions_name_the_outlined_authoritys_figure_and_judgements_best_first():
    """A reader who cannot see the map hears where the outlined authority stands, and the
    judgements in the key's order (they were listed alphabetically: "65 Good, 13 Inadequate, ...")."""
    at = run(show="indicator", indicator="cla_rate_per_10k", year="2025", colour="band", area="E08000025")
    assert "with region outlines and Birmingham outlined (79, band Q3)." in captions(at)  # 79 per 10,000 at 31 March 2025, as published
    at = run(show="ofsted")
    assert "outlined. On that date England had 153 local authorities: 46 Outstanding, 65 Good, 29 Requires improvement to be good, 13 Inadequate." in captions(at)


def test_a_past_date_counts_the_authorities_of_that_date_once(con):
    """On 31 March 2019 England had 152 authorities (Northamptonshire, Cumbria, Bournemouth, Poole
    and Dorset's county council among them): the map, drawn on today's 153, gave Northamptonshire's and
    Cumbria's judgements to both their successors and counted each again (153, 63 requires improvement)."""
    at = run(show="ofsted", as_at="2019-03-31", area="E06000058")
    text = captions(at)
    then = dict(con.execute("SELECT grade_label, count(*) FROM ofsted_as_at(DATE '2019-03-31') GROUP BY 1").fetchall())
    assert sum(then.values()) == 152 and then["Requires improvement to be good"] == 62
    assert "On that date England had 152 local authorities: 8 Outstanding, 62 Good, 62 Requires improvement to be good, 20 Inadequate." in text
    assert "North Northamptonshire and West Northamptonshire show that of Northamptonshire (until 2021)" in text
    assert "Cumberland, and Westmorland and Furness show that of Cumbria (until 2023)" in text
    assert len(at.dataframe[0].value) == 153  # the map's own table: today's shapes


def test_before_november_2013_grade_3_is_adequate_on_the_map(con):
    """SLAC's third grade was adequate; Ofsted's data restate it as requires improvement to be good,
    a judgement that did not exist before November 2013. The map's key, description and table give the
    framework's own words (they said "57 Requires improvement to be good" for April 2012)."""
    import json

    from oversight import maps

    at = run(show="ofsted", as_at="2012-04-01", area="E08000007")
    text = captions(at)
    assert "56 Adequate (restated by Ofsted as requires improvement to be good)" in text
    assert "Requires improvement to be good," not in text.split("On that date")[1].split("The map")[0]
    table = at.dataframe[0].value
    assert (table["judgement"] == "Adequate (restated by Ofsted as requires improvement to be good)").sum() == 57  # today's shapes: Northamptonshire's in both successors
    spec = maps.ofsted_spec(con, __import__("datetime").date(2012, 4, 1), None)
    legend = json.dumps(spec)
    assert "Adequate (restated by Ofsted as requires improvement to be good)" in legend
    today = json.dumps(maps.ofsted_spec_today(con))
    assert "Adequate (restated" not in today  # every judgement in force now is of a framework that said requires improvement


def test_a_band_map_says_how_many_authorities_are_in_each_band():
    at = run(show="indicator", indicator="rereferrals_pct", year="2025", colour="band", area="E08000025")
    import re

    bands = re.search(r"By band: A (\d+) \([^)]+\), B (\d+) \([^)]+\), C (\d+) \([^)]+\), D (\d+) \([^)]+\)\.", captions(at))
    assert bands, captions(at)
    assert "Every authority has a figure." in captions(at) and sum(int(n) for n in bands.groups()) == 153  # re-referrals in 2025: every LA banded


def test_a_band_maps_key_keeps_every_band_and_its_whole_title_on_a_phone(con):
    """At 420 px the key of a neutral indicator's band map read "Quartile (lowest to highest; neither
    is…" and had lost Q4: its bands go in one column on a phone and its title in two lines, uncut."""
    from oversight import charts, maps

    def key(indicator: str) -> dict:
        band = next(c for c in _channels(maps.indicator_spec(con, indicator, 2025, "band", None)) if c["field"] == "properties.band")
        return band["legend"] | {"title": band["title"]}

    neutral = key("cin_rate_per_10k")
    assert neutral["title"] == ["Quartile, lowest to highest", "(neither is better)"]
    assert neutral["columns"] == {"expr": charts.LEGEND_COLUMNS} and neutral["titleLimit"] == neutral["labelLimit"] == 0
    assert key("rereferrals_pct")["title"] == "Quartile band (A best, D worst)"


def test_the_ofsted_map_is_tall_enough_to_fill_a_desktops_width(con):
    """At 1,280 px England was drawn about 330 px wide in an 820 px column: the chart was 620 px tall and
    its key took four rows of it. The chart is 760 px tall and its key two columns (one on a phone), so
    the projection, fitted to what is left, draws England about 480 px wide."""
    from oversight import charts, maps

    spec = maps.ofsted_spec_today(con)
    assert spec["height"] == maps.HEIGHT == 760 and spec["width"] == maps.WIDTH
    legends = [v["legend"] for v in _channels(spec) if v.get("field") == "properties.judgement"]
    assert legends and all(legend["columns"] == {"expr": charts.LEGEND_COLUMNS} for legend in legends)


def _channels(node: object):
    """Every encoding channel with a legend anywhere in a spec."""
    if isinstance(node, dict):
        if "field" in node and "legend" in node:
            yield node
        for v in node.values():
            yield from _channels(v)
    elif isinstance(node, list):
        for v in node:
            yield from _channels(v)


def test_the_data_behind_an_indicator_map_is_at_its_decimals_and_its_csv_says_what_it_is(monkeypatch):
    """Children looked after per 10,000 (published whole) read 27.4763 in the table under the map, and
    its CSV had no indicator, unit, year or source."""
    import json

    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = run(show="indicator", indicator="cla_rate_per_10k", year="2025", colour="band", area="E08000035")
    grid = next(t for t in at.dataframe if "band" in t.value.columns)
    assert json.loads(grid.proto.columns)["value"]["type_config"]["format"] == "%.0f"
    assert (grid.value["value"].dropna() == grid.value["value"].dropna().round(0)).all()
    [csv] = [df for df in written if "Band" in df.columns]
    assert csv.columns[:4] == ["Indicator", "Unit", "Period", "Source"]
    # headed as the table under the map is, where the file had "area_name", "value" and "suppression"
    assert csv.columns[-8:] == ["ONS code", "Area", "Region", "Value", "Note", "Rank", "Band", "Record"]
    assert csv.row(0)[:3] == ("Children looked after per 10,000 children", "per 10,000 children", "31 March 2025")
    written.clear()
    run(show="ofsted", as_at="2019-03-31")
    [ofsted] = [df for df in written if "Record" in df.columns]
    assert ofsted.columns[:3] == ["Judgements in force on", "Local authorities", "Source"] and ofsted.row(0)[0] == "31 March 2019"
    assert ofsted.row(0)[1] == "8 Outstanding, 62 Good, 62 Requires improvement to be good, 20 Inadequate"  # the counts, on the picture too
    assert ofsted.columns[3:9] == ["ONS code", "Area", "Region", "Judgement in today's words", "Judgement in its framework's words", "Overall grade"]


def test_a_maps_key_shows_its_palest_colour_as_a_square_with_an_edge(con):
    """The lowest quarter of a neutral band map (#DADAEB) was keyed as a small near-white dot on
    white: every key of colours on the maps is of squares with a dark edge, as the shapes are filled."""
    from oversight import maps

    def keyed(spec: dict) -> list[dict]:
        return [c["legend"] for c in _channels(spec) if "legend" in c and c["legend"] and "gradientLength" not in c["legend"]]

    legends = (keyed(maps.indicator_spec(con, "cin_rate_per_10k", 2025, "band", None)) + keyed(maps.ofsted_spec_today(con))
               + keyed(maps.indicator_spec(con, "cla_away_pct", 2025, "band", None)))  # 24 authorities without a figure: keyed grey
    assert len(legends) >= 4  # two maps of bands, the judgements, and "no figure" beneath the map with gaps
    assert all((k["symbolType"], k["symbolStrokeColor"]) == ("square", "#505a5f") for k in legends)


def test_the_map_and_its_data_download_once_the_reader_opens_the_box():
    """A report writer had no picture of a map to paste (the report pack's maps alone had one): the
    box under each map gives its data as CSV and the map as PNG and SVG, with what it shows under its
    title. Nothing in the box is drawn until it is opened, so the page opens as quickly as before."""
    import xml.etree.ElementTree as ET

    from oversight import exports, widgets

    closed = run(opened=False, show="indicator", indicator="cla_rate_per_10k", year="2025", colour="band", area="E08000035")
    assert not closed.dataframe and not closed.get("download_button")
    pictures = []
    real = widgets.picture

    def kept(chart, subtitle=None, heading=None):
        pictures.append(real(chart, subtitle, heading))
        return pictures[-1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(widgets, "picture", kept)
        mp.setattr(exports, "csv_bytes", lambda df: b"")
        for params in ({"show": "indicator", "indicator": "cla_rate_per_10k", "year": "2025", "colour": "band"}, {"show": "ofsted", "as_at": "2019-03-31"}):
            at = run(area="E08000035", **params)
            assert [b.proto.label for b in at.get("download_button")] == ["Download map data as CSV", "Download map as PNG", "Download map as SVG"]
    (png, svg), (_, ofsted_svg) = pictures[-2], pictures[-1]  # the last run of each (AppTest runs the page twice)
    assert png.startswith(b"\x89PNG")
    words = " ".join(t for t in ET.fromstring(svg).itertext())
    assert "Children looked after per 10,000 children, 2025" in words and "Period: 31 March 2025" in words and "Source:" in words
    assert "Judgements in force on: 31 March 2019" in " ".join(ET.fromstring(ofsted_svg).itertext())
    # every judgement then was in the official statistics: the picture names that source alone, not the overview
    assert "data-to-insight" not in " ".join(ET.fromstring(ofsted_svg).itertext())
    assert "Outlined: Leeds" in words and svg.decode().count("No figure or no band") < 5  # in the key, not on each of 153 shapes


def test_a_value_maps_colours_turn_at_englands_figure(con):
    """Agency social workers in 2025: the Isles of Scilly's 100% stretched the scale to 0-100, its
    colours turning at 50, so every other authority (0 to 42%) was blue, the better end. The colours now
    turn at England's figure, and the key and the description say so; a neutral indicator's, and a
    count's (England's figure is the authorities' sum), do not."""
    from oversight import maps

    def scale(indicator: str) -> dict:
        [channel] = [c for c in _channels(maps.indicator_spec(con, indicator, 2025, "value", None)) if c["field"] == "properties.value"]
        return channel

    [(england,)] = con.execute("SELECT value FROM indicator_values WHERE indicator_id = 'sw_agency_pct' AND area_code = 'E92000001' AND time_period = 2025").fetchall()
    agency = scale("sw_agency_pct")
    assert agency["scale"]["domainMid"] == england and agency["title"][1] == f"blue better than England ({england:.1f}%), orange worse"
    assert "domainMid" not in scale("cin_rate_per_10k")["scale"] and "domainMid" not in scale("referrals_count")["scale"]
    text = captions(run(opened=False, show="indicator", indicator="sw_agency_pct", year="2025", colour="value", area="E10000020"))
    assert f"Blue is better than England's {england:.1f}%, orange worse." in text


def test_a_national_map_outlines_no_authority_until_one_is_chosen(monkeypatch):
    """Every map came out with Haringey outlined, the starting choice, which no one had chosen: a
    report writer's national map said "Outlined: Haringey", and the picker offered no way out."""
    from oversight import widgets

    drawn = []
    monkeypatch.setattr(widgets, "picture", lambda chart, subtitle=None, heading=None: drawn.append(subtitle) or (b"", b""))
    at = run(show="indicator", indicator="cla_rate_per_10k", year="2025")
    assert at.selectbox[0].label == "Outline authority" and at.selectbox[0].value == ""
    assert "with region outlines and no authority outlined" in captions(at) and "area" not in at.query_params
    assert not any(line.startswith("Outlined") for line in drawn[-1])
    at.selectbox[0].set_value("E10000007").run()  # Derbyshire
    assert at.query_params["area"] == "E10000007" and "Derbyshire outlined" in captions(at)
    at = run(show="ofsted", area="E10000007")  # a link that names one outlines it
    assert at.selectbox[0].value == "E10000007" and "Derbyshire outlined" in captions(at)
    at.selectbox[0].set_value("").run()
    assert at.selectbox[0].value == "" and "no authority outlined" in captions(at)


def test_the_ofsted_maps_data_heads_each_column_once():
    """The box under the Ofsted map had two columns headed "Judgement": Ofsted's wording of the
    grade today, and the framework's own ("adequate" in 2012)."""
    import json

    at = run(show="ofsted", as_at="2012-03-31", area="E08000035")
    config = json.loads(at.dataframe[0].proto.columns)
    labels = [config.get(c, {}).get("label", c) for c in at.dataframe[0].value.columns if not config.get(c, {}).get("hidden")]
    assert len(labels) == len(set(labels)), labels
    assert {"Judgement in today's words", "Judgement in its framework's words"} <= set(labels)


def test_the_ofsted_map_at_31_march_counts_as_ofsteds_table_when_asked(con):
    """The map of 31 March 2025 (judgements published by then: 33 outstanding) and the report pack's
    (as Ofsted's own table counts: 36) had one title, "Latest Ofsted overall judgement as at 31 March
    2025", and one source; a report writer got two counts of one date."""
    theirs = dict(con.execute("SELECT grade_label, count(*) FROM ofsted_counted_at_31_march WHERE as_at = DATE '2025-03-31' GROUP BY 1").fetchall())
    at = run(show="ofsted", as_at="2025-03-31", count="inspected")
    said = captions(at)
    assert f"{theirs['Outstanding']} Outstanding, {theirs['Good']} Good," in said and "as Ofsted's own table for that date counts them" in said
    assert at.query_params["count"] == "inspected"
    shown = at.dataframe[0].value
    assert (shown["grade_label"] == "Outstanding").sum() == theirs["Outstanding"]
    published = captions(run(show="ofsted", as_at="2025-03-31"))
    assert "in force on 31 March 2025, as published by then" in published and f"{theirs['Outstanding']} Outstanding," not in published
    from oversight import maps
    specs = [json.dumps(maps.ofsted_spec(con, dt.date(2025, 3, 31), None, inspected)) for inspected in (False, True)]
    assert "in force, as published by then" in specs[0] and "latest inspection carried out by then" in specs[1]
    # each line of the title within a phone's width: "... in force on 18 June 2026, as published by then" shrank the map to 95 px
    for spec in (maps.ofsted_spec(con, dt.date(2025, 3, 31), None, inspected) for inspected in (False, True)):
        title = next(layer["title"] for layer in spec["layer"] if "title" in layer)
        assert title["text"] == "Ofsted overall judgement, 31 March 2025" and max(len(title["text"]), len(title["subtitle"])) <= 40


def test_an_indicator_maps_description_gives_its_range_and_englands_figure(con):
    """"Map of ... children looked after per 10,000 children at 31 March 2025 ... 2 authorities have no figure" gave no figure
    at all to a reader who cannot see the colours: it now names the lowest and highest and England's."""
    (low_v, low_n), (high_v, high_n) = (con.execute(
        f"SELECT round(c.value), a.area_name FROM indicator_comparison c JOIN areas a USING (area_code) WHERE c.indicator_id = 'cla_rate_per_10k' "
        f"AND c.time_period = 2025 AND a.geographic_level = 'Local authority' AND a.is_current AND c.value IS NOT NULL ORDER BY c.value {o}, a.area_name {o} LIMIT 1"
    ).fetchall()[0] for o in ("ASC", "DESC"))
    england = con.execute("SELECT round(value) FROM indicator_values WHERE indicator_id = 'cla_rate_per_10k' AND time_period = 2025 "
                          "AND area_code = 'E92000001'").fetchall()[0][0]
    said = captions(run(show="indicator", indicator="cla_rate_per_10k", year="2025", colour="value"))
    assert f"From {low_v:.0f} ({low_n}) to {high_v:.0f} ({high_n}); England {england:.0f}." in said, said


def test_an_indicator_maps_description_says_its_period():
    """The map of under-18 alcohol admissions, every figure three years pooled, was described "in 2024"; every indicator
    map now gives its period as the indicator's year type words it."""
    at = run(show="indicator", indicator="lait_hosp_adm_alc_lt_18yrs", year="2024", colour="value")
    assert "(3-year average) in the three years to 31 March 2024 (value;" in captions(at)
    at = run(show="indicator", indicator="cla_rate_per_10k", year="2025", colour="value")
    assert "children looked after per 10,000 children at 31 March 2025 (value;" in captions(at)


def test_a_measure_without_quartile_bands_is_mapped_by_value():
    """Agency cover of vacancies, which LAIT shows no quartile band for, opened all grey "by band", its description
    reading "By band: . 153 authorities have no figure or no quartile band" where 4 have no figure."""
    at = run(show="indicator", indicator="lait_vacancies_cover", year="2025")
    assert at.radio[-1].options == ["Value"] and at.radio[-1].value == "value"
    assert "By band" not in captions(at) and "no quartile band" not in captions(at).split("LAIT shows")[0]
    asked = run(False, show="indicator", indicator="lait_vacancies_cover", year="2025", colour="band")
    assert asked.radio[-1].value == "value"
    assert any(c.value.replace("\\", "").startswith("LAIT shows no quartile band for ") for c in asked.caption)


def test_an_indicator_maps_title_gives_its_year_as_its_type_words_it(con):
    """The map of a measure pooling three years was titled "..., 2024", as compare's chart is not."""
    from oversight import maps

    def title(indicator: str, year: int) -> str:
        return maps.indicator_spec(con, indicator, year, "value", None)["layer"][0]["title"]

    assert title("lait_hosp_adm_alc_lt_18yrs", 2024) == "Under 18 Hospital Admissions (Alcohol related) (3-year average), three years to 31 March 2024"
    assert title("sw_agency_pct", 2025) == "Agency social workers, 30 September 2025"
    assert title("cla_rate_per_10k", 2025) == "Children looked after per 10,000 children, 2025"
