"""The neighbour chart names each line at its end without printing one name over another."""

from __future__ import annotations

import itertools

import polars as pl
import pytest

from oversight import charts


def test_end_labels_are_at_least_a_line_apart_and_never_below_their_line():
    last = pl.DataFrame({"series": list("abcdef"), "value": [61.0, 60.0, 59.0, 70.0, 71.0, 90.0]})
    spread = charts._spread(last, 300, 14).sort("label_at")
    gap = 90 * 14 / 300
    at = spread["label_at"].to_list()
    assert all(b - a >= gap - 1e-9 for a, b in itertools.pairwise(at))
    assert all(p >= v for p, v in zip(spread["label_at"], spread["value"], strict=True))
    assert spread.filter(pl.col("series") == "c")["label_at"].item() == 59.0  # the lowest stays on its line


def test_end_labels_are_spaced_for_the_axis_that_an_earlier_years_figure_stretches():
    """North Northamptonshire's neighbours reached 68% in 2016; their 2025 labels, between 14% and
    25%, were spaced for a scale to 25 and printed over each other on a scale to 70."""
    last = pl.DataFrame({"series": list("abcd"), "value": [24.0, 24.5, 25.0, 23.9]})
    spread = charts._spread(last, 460, 14, top=68.0)
    at = sorted(spread["label_at"].to_list())
    assert all(b - a >= 68 * 14 / 460 - 1e-9 for a, b in itertools.pairwise(at))


def test_the_neighbour_chart_labels_use_the_spread_positions():
    df = pl.DataFrame({"series": ["A", "B"] * 2, "role": ["Selected authority", "England"] * 2, "time_period": [2024, 2024, 2025, 2025], "value": [60.0, 61.0, 60.0, 60.5]})
    spec = charts.neighbour_lines(df, "t", "%", 1, period="Year to 31 March").to_dict()
    text = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert text["encoding"]["y"]["field"] == "label_at"


def test_a_label_moved_clear_of_the_others_is_joined_to_its_lines_end():
    """The end labels sat in value order, some far above their lines, with nothing joining them: a
    reader took a label's height for its figure (Leicestershire's name at 44% beside a line ending at 25.5%)."""
    df = pl.DataFrame({"series": list("ABC") * 2, "role": ["Statistical neighbour"] * 6, "time_period": [2024] * 3 + [2025] * 3,
                       "value": [20.0, 21.0, 22.0, 25.0, 25.2, 25.4]})
    spec = charts.neighbour_lines(df, "t", "%", 1, period="Year").to_dict()
    leaders = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line" and layer["encoding"]["y"]["field"] == "at")
    points = spec["datasets"][leaders["data"]["name"]]
    for series in "ABC":
        start, end = sorted((p for p in points if p["series"] == series), key=lambda p: p["time_period"])
        assert (start["time_period"], start["at"]) == (2025, {"A": 25.0, "B": 25.2, "C": 25.4}[series])  # the line's end
        assert end["time_period"] == 2025 + charts.LEADER  # where the name is printed
    assert spec["layer"][0]["encoding"]["x"]["axis"]["values"] == [2024, 2025]  # every year a tick, thinned when narrow


def test_the_ofsted_timeline_leaves_room_for_the_names_over_its_end_points():
    """The framework name over the latest inspection printed into the legend (BCP) before the
    time axis was padded: the padding must cover at least half of the longest name, 'ILACS standard'
    (about 85 px at 11 px)."""
    import datetime as dt

    df = pl.DataFrame({"publication_date": [dt.date(2022, 2, 11), dt.date(2025, 1, 29)], "overall_grade": [4, 2],
                       "grade_label": ["Inadequate", "Good"], "framework": ["ILACS standard"] * 2, "status_note": [None, None]})
    df = df.with_columns(pl.col("grade_label").alias("judgement"))  # as oq.timeline gives it
    layers = charts.ofsted_timeline(df, ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]).to_dict()["layer"]
    x = next(layer["encoding"]["x"] for layer in layers if layer["mark"]["type"] == "text")
    assert x.get("scale", {}).get("padding", 0) >= 85 / 2


def test_judgements_by_year_give_each_year_room_and_a_part_year_two_lines():
    """In the pack's PNG, '2025 (to 31 Mar)' ran into '2023' and '2024' ('20232024(to 31 Mar)')."""
    df = pl.DataFrame({"year": [2024, 2025], "year_label": ["2024", "2025 (to 31 Mar)"], "grade": [2, 2], "grade_label": ["Good"] * 2, "count": [39, 4]})
    spec = charts.grade_distribution(df, "year_label", "Year of inspection", ["Good", "Not yet inspected"]).to_dict()
    assert spec["width"] == {"step": 60}
    assert spec["encoding"]["x"]["axis"]["labelExpr"] == charts.PART_YEAR_LABEL


def test_a_chart_of_inspections_keys_the_four_judgements_only(con):
    """Inspections by year are all judged: the legend listed 'Not yet inspected' as well."""
    from oversight import queries as q

    grades = q.grade_labels(con)
    colour = charts.grade_distribution(q.ofsted_distribution(con), "year", "Year", grades).to_dict()["encoding"]["color"]["scale"]
    assert colour["domain"] == grades[:4] and q.NOT_INSPECTED not in colour["domain"] and len(colour["range"]) == 4
    current = q.ofsted_current(con)  # every authority has been inspected: no grey tile, so no key for one
    assert charts.grade_tiles(current, grades).to_dict()["encoding"]["color"]["scale"]["domain"] == grades[:4]
    new = current.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(q.NOT_INSPECTED)).otherwise("grade_label").alias("grade_label"))
    assert charts.grade_tiles(new, grades).to_dict()["encoding"]["color"]["scale"]["domain"][-1] == q.NOT_INSPECTED


def _text_layers(spec: dict) -> list[dict]:
    return [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]


def test_hovering_a_label_shows_titled_fields_never_bare_column_names_or_null():
    """Every mark shows a tooltip on the dashboard. The labels over the Ofsted timeline showed
    'Overall judgement: 3' and 'framework', those over the Ofsted series 'first_published' and
    'framework', and an official inspection's note read 'null'."""
    import datetime as dt

    from oversight import maps

    df = pl.DataFrame({"publication_date": [dt.date(2013, 1, 15), dt.date(2025, 1, 29), dt.date(2024, 3, 1)], "overall_grade": [3, 2, None],
                       "grade_label": ["Requires improvement to be good", "Good", "Focused visit"], "framework": ["CPI", "ILACS standard", "focused visit"],
                       "status_note": [None, "published by Ofsted, not yet in the official statistics", None]})
    df = df.with_columns(pl.col("grade_label").alias("judgement"))  # as oq.timeline gives it
    timeline = charts.ofsted_timeline(df, ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]).to_dict()
    breaks = pl.DataFrame({"framework": ["SLAC", "ILACS"], "first_published": [dt.date(2009, 8, 7), dt.date(2018, 3, 1)]})
    series = pl.DataFrame({"on_date": [dt.date(2009, 8, 31)], "judged": [2], "good_or_outstanding": [0], "pct_good_or_outstanding": [0.0],
                           "main_framework": ["SLAC"], "not_yet_official": [0], "at_least_half_judged": [True]})
    lines = pl.DataFrame({"series": ["A", "B"], "role": ["Selected authority", "England"], "time_period": [2025, 2025], "value": [60.0, 61.0]})
    for spec in (timeline, maps.series_chart(series, breaks).to_dict(), charts.neighbour_lines(lines, "t", "%", 1, period="Year").to_dict()):
        for layer in _text_layers(spec):
            tooltip = layer["encoding"]["tooltip"]
            assert tooltip and all(t.get("title") for t in tooltip), tooltip
    notes = [row["status_note"] for rows in timeline["datasets"].values() for row in rows if "status_note" in row]
    assert None not in notes and "In Ofsted's official statistics" in notes


def test_names_of_inspections_close_in_time_at_one_grade_sit_either_side_of_their_points(con):
    """Kent's CPI (January 2013) and TLAC (August 2013), both grade 3, printed as one word, 'CPITLAC'."""
    from oversight import ofsted_queries as oq

    kent = oq.timeline(con, "E10000016").filter(pl.col("overall_grade").is_not_null() & (pl.col("framework") != "LSCB review"))
    placed = {r["framework"]: (r["overall_grade"], r["label_at"]) for r in charts._label_places(kent).iter_rows(named=True)}
    assert placed["CPI"] == (3, 3 - 0.32) and placed["TLAC"] == (3, 3 + 0.32)  # above and below on the reversed axis
    assert all(at == grade - 0.32 for f, (grade, at) in placed.items() if f not in ("TLAC",))


def test_the_timeline_keys_adequate_as_its_framework_said_it(con):
    """Grade 3 before November 2013 was 'adequate': the legend says so in grade 3's colour, and grade 3's axis label names both."""
    from oversight import ofsted_queries as oq
    from oversight import queries as q

    grades = q.grade_labels(con)
    spec = charts.ofsted_timeline(oq.timeline(con, "E10000016"), grades).to_dict()
    colour = spec["layer"][1]["encoding"]["color"]
    domain, colours = colour["scale"]["domain"], colour["scale"]["range"]
    adequate = next(d for d in domain if d.startswith("Adequate"))
    assert colours[domain.index(adequate)] == charts.GRADE_COLOURS[2]  # grade 3's colour
    # the key lists what Kent's timeline draws (no "requires improvement" grade, never "not yet inspected")
    assert domain == ["Outstanding", "Good", adequate, "Inadequate"] and len(colours) == len(domain)
    assert "['Requires improvement', 'or adequate']" in spec["layer"][0]["encoding"]["y"]["axis"]["labelExpr"]  # on two lines
    plain = charts.ofsted_timeline(oq.timeline(con, "E06000058"), grades).to_dict()  # BCP: ILACS only
    assert "'Requires improvement'" in plain["layer"][0]["encoding"]["y"]["axis"]["labelExpr"]


def _legend_rows(svg: str, names: list[str]) -> int:
    """How many rows the legend's labels take in a drawn SVG: their distinct absolute heights, each
    label's position being the sum of its enclosing groups' translations."""
    import re
    import xml.etree.ElementTree as ET

    rows: set[float] = set()

    def walk(node: ET.Element, y: float) -> None:
        m = re.search(r"translate\(\s*[-\d.]+\s*,\s*([-\d.]+)\s*\)", node.get("transform", ""))
        y += float(m.group(1)) if m else 0.0
        if node.tag.endswith("text") and (node.text or "") in names:
            rows.add(round(y, 1))
        for child in node:
            walk(child, y)

    walk(ET.fromstring(svg), 0.0)
    return len(rows)


def test_a_trend_legend_takes_one_column_on_a_phone_and_two_wider():
    """Two columns of names at 420 px cut "Newcastle upon Tyne SN average" at the chart's edge; the
    legend takes one column when the chart is narrower than 480 px, and the chart is tall enough to
    keep its plot under four rows of names."""
    names = ["Newcastle upon Tyne", "Newcastle upon Tyne SN average", "North East", "England"]
    df = pl.DataFrame({"time_period": [2024, 2025] * 4, "series": [n for n in names for _ in range(2)], "value": [float(v) for v in range(8)]})
    chart = charts.trend(df, "Children looked after per 10,000 children", "per 10,000 children", 0, period="At 31 March")
    assert _legend_rows(charts.pictures(chart, width=380)[1], names) == 4
    assert _legend_rows(charts.pictures(chart, width=800)[1], names) == 2
    assert chart.to_dict()["height"] >= 400


def test_ofsted_keys_go_under_the_plot_and_take_one_column_on_a_phone(con):
    """Beside the plot (Vega's default) the key took a 420 px screen's whole width: the tiles by
    region drew no tile and the profile's timeline had no time axis. Under it, in one column on a
    phone, the plot keeps the width."""
    from oversight import ofsted_queries as oq
    from oversight import queries as q

    grades = q.grade_labels(con)
    tiles = charts.grade_tiles(q.ofsted_current(con), grades)
    timeline = charts.ofsted_timeline(oq.timeline(con, "E08000007"), grades)
    for spec in (tiles.to_dict(), next(layer for layer in timeline.to_dict()["layer"] if "color" in layer.get("encoding", {}))):
        legend = spec["encoding"]["color"]["legend"]
        assert legend["orient"] == "bottom" and legend["columns"] == {"expr": charts.LEGEND_COLUMNS}
    names = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
    assert _legend_rows(charts.pictures(tiles, width=380)[1], names) == 4
    assert _legend_rows(charts.pictures(tiles, width=800)[1], names) == 2


@pytest.mark.usefixtures("on_warehouse")
def test_the_map_fits_the_page_width():
    """At its own 520 px the map ran past a 420 px screen, Norfolk and Suffolk cut off."""
    import json

    from tests.apptest import open_page

    at = open_page("pages/map.py", area="E08000007")
    assert json.loads(at.get("vega_lite_chart")[0].proto.spec)["width"] == "container"


def test_the_scatter_rings_the_highlighted_authority_and_wraps_a_long_axis_title():
    """The scatter did not mark the highlighted authority, and its vertical title was cut
    ("...employment or trainir")."""
    df = pl.DataFrame({"area_code": ["A", "B"], "area_name": ["Stockport", "Trafford"], "x": [21.5, 18.0], "y": [61.0, 55.0], "grade_label": ["Good", "Good"]})
    x = {"name": "Re-referrals within 12 months", "decimals": 1}
    y = {"name": "Care leavers aged 19 to 21 in education, employment or training", "decimals": 0}
    spec = charts.scatter(df, x, y, ["Outstanding", "Good", "Requires improvement to be good", "Inadequate", "Not yet inspected"], "A").to_dict()
    ring, name = spec["layer"][1], spec["layer"][2]
    assert ring["mark"]["filled"] is False and name["encoding"]["text"]["field"] == "area_name"
    datasets = spec["datasets"]
    assert [r["area_name"] for r in datasets[ring["data"]["name"]]] == ["Stockport"]
    assert spec["layer"][0]["encoding"]["y"]["title"] == ["Care leavers aged 19 to 21 in", "education, employment or training"]
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Re-referrals within 12 months"
    assert "layer" not in charts.scatter(df, x, y, ["Good", "Not yet inspected"]).to_dict()  # nothing to ring
    # the axes name their units, as every other chart's do: the scatter's said neither
    titled = charts.scatter(df, x | {"unit": "%"}, y | {"unit": "%"}, ["Good", "Not yet inspected"]).to_dict()["encoding"]
    assert titled["x"]["title"] == "Re-referrals within 12 months (%)"
    assert " ".join(titled["y"]["title"]) == "Care leavers aged 19 to 21 in education, employment or training (%)"


def test_the_neighbour_chart_keeps_its_plot_on_a_phone():
    """At 420 px the plot had no width (its ten years printed over each other, "2016" and "2025" as
    "2026"): a right padding for the names was counted on top of the names themselves, which the
    fitted size already takes in, and its five keys in one row were wider than the screen."""
    lines = pl.DataFrame({"series": ["A", "B"], "role": ["Selected authority", "England"], "time_period": [2025, 2025], "value": [60.0, 61.0]})
    spec = charts.neighbour_lines(lines, ["t", "u"], "%", 1, period="Year").to_dict()
    assert spec["padding"]["right"] <= 8
    legend = spec["layer"][0]["encoding"]["color"]["legend"]
    assert legend["columns"] == {"expr": "width < 480 ? 1 : 5"}
    assert spec["layer"][0]["encoding"]["x"]["type"] == "quantitative"  # a number axis thins its years when narrow


def test_each_trend_line_has_its_roles_width_and_england_alone_a_key_that_clears_its_name():
    """Vega's default (point) scale for widths spreads its first two values over every series and gives
    a lone series none: England's trend alone drew a key whose dot covered the "E" of "England"."""
    import json

    import polars as pl
    import vl_convert as vlc

    from oversight import charts

    df = pl.DataFrame({"series": ["England"] * 3, "time_period": [2023, 2024, 2025], "value": [60.0, 61.0, 62.0], "suppression": [None] * 3})
    for data, roles in ((df, {"England": "England"}),
                        (pl.concat([df, df.with_columns(pl.lit("Leeds").alias("series")), df.with_columns(pl.lit("SN average").alias("series"))]),
                         {"England": "England", "Leeds": "Selected authority", "SN average": "SN average"})):
        spec = charts.vega_spec(charts.trend(data, "T", "per 10,000", 0, roles=roles, period="At 31 March"))
        [width] = [s for s in vlc.vegalite_to_vega(spec)["scales"] if s["name"] == "strokeWidth"]
        assert width["type"] == "ordinal"
        drawn = dict(zip(json.loads(json.dumps(width["domain"])), width["range"], strict=True))
        assert drawn == {name: charts.ROLE_STYLE[role][2] for name, role in roles.items()}


def test_the_neighbour_chart_draws_each_role_at_its_own_width():
    """The neighbour chart's five roles took widths spread evenly from the selected authority's 4 px to
    the neighbours' 1 px: England was drawn at 1 px and the neighbours at 3.25 px."""
    import polars as pl
    import vl_convert as vlc

    from oversight import charts

    df = pl.DataFrame({"series": ["Leeds", "Bradford", "SN average", "Yorkshire", "England"], "role": list(charts.ROLE_STYLE),
                       "time_period": [2025] * 5, "value": [1.0, 2, 3, 4, 5]})
    [width] = [s for s in vlc.vegalite_to_vega(charts.vega_spec(charts.neighbour_lines(df, "t", "%", 1, period="Year")))["scales"] if s["name"] == "strokeWidth"]
    assert width["type"] == "ordinal" and dict(zip(width["domain"], width["range"], strict=True)) == {r: w for r, (_, _, w) in charts.ROLE_STYLE.items()}


def test_the_scatter_is_coloured_by_the_judgement_in_force_and_its_ring_reads_like_a_point(con):
    """The compare scatter coloured authorities by their latest judgement in Ofsted's official files
    alone: Stockport read Good, where its Requires improvement of July 2025 is in force and flagged
    high, and 42 authorities were a judgement behind. Hovering on the ringed authority gave its name alone."""
    from oversight import charts
    from oversight import queries as q

    pts = q.scatter_points(con, "assessments_45_days_pct", "rereferrals_pct")
    stockport = pts.filter(pl.col("area_code") == "E08000007").row(0, named=True)
    assert (stockport["grade_label"], stockport["official"]) == ("Requires improvement to be good", False)
    now = q.ofsted_current(con).select("area_code", pl.col("grade_label").alias("in_force"))
    assert pts.join(now, on="area_code").filter(pl.col("grade_label") != pl.col("in_force")).is_empty()
    grades = q.grade_labels(con)
    spec = charts.scatter(pts, q.indicator(con, "assessments_45_days_pct"), q.indicator(con, "rereferrals_pct"), grades, "E08000007").to_dict()
    point, ring = spec["layer"][0], spec["layer"][1]
    assert ring["encoding"]["tooltip"] == point["encoding"]["tooltip"]
    assert [t["title"] for t in ring["encoding"]["tooltip"]][-1] == "In the official statistics"
    assert grades[-1] not in point["encoding"]["color"]["scale"]["domain"]  # nobody drawn is "not yet inspected", so it is not keyed


def test_englands_spread_has_no_key_for_roles_it_does_not_draw():
    """Compare with no authority highlighted keyed "Selected LA" and "Statistical neighbour" over grey bars."""
    df = pl.DataFrame({"area_name": ["A", "B"], "value": [1.0, 2.0], "rank": [1, 2], "band": ["A", "B"], "role": ["Other LA", "Other LA"]})
    refs = pl.DataFrame(schema={"label": pl.String, "value": pl.Float64})
    assert charts.ranked_bars(df, "t", "%", 1, refs).to_dict()["layer"][0]["encoding"]["color"]["legend"] is None
    marked = df.with_columns(pl.Series("role", ["Selected LA", "Other LA"]))
    assert charts.ranked_bars(marked, "t", "%", 1, refs).to_dict()["layer"][0]["encoding"]["color"]["legend"]["orient"] == "top"
