"""The prepared boundaries and the map: one shape per LA, in the report pack's SVG and in the browser."""

from __future__ import annotations

import json

import vl_convert as vlc

from etl.areas import registry
from oversight import maps
from tests.conftest import ROOT
from tests.test_browser import browser, server  # noqa: F401  (the shared fixtures)


def test_boundaries_cover_every_current_la_once():
    reg = registry()
    current = {c for c, a in reg.areas.items() if a.geographic_level == "Local authority" and a.status == "current"}
    codes = maps.boundary_codes()
    assert len(codes) == len(set(codes)) == 153
    assert set(codes) == current
    # Barnsley and Sheffield carry their pre-2025 codes in the ONS shapefile: placed through the registry
    assert reg.by_ons_code("E08000038") in codes and reg.by_ons_code("E08000039") in codes
    for name in ("england_las.geojson", "england_regions.geojson"):
        path = ROOT / "data" / "boundaries" / name
        assert path.stat().st_size < 400_000
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
            lon, lat = _first_point(f["geometry"])
            assert -7 < lon < 2 and 49 < lat < 56  # WGS84 degrees, not British National Grid metres


def _first_point(geometry: dict) -> tuple[float, float]:
    coords = geometry["coordinates"]
    while isinstance(coords[0], list):
        coords = coords[0]
    return coords[0], coords[1]


def test_report_map_has_one_shape_per_la(con):
    chart, alt_text = maps.report_map(con, 2025)
    assert "31 March 2025" in alt_text
    spec = chart.to_dict()
    values = spec["layer"][0]["data"]["values"] if "values" in spec["layer"][0].get("data", {}) else None
    data = values or next(iter(spec["datasets"].values()))
    assert len(data) == 153
    labels = {f["properties"]["grade_label"] for f in data}
    assert labels == {"Outstanding", "Good", "Requires improvement to be good", "Inadequate"}
    svg = vlc.vegalite_to_svg(chart.to_json())
    # one labelled shape per LA in the first layer (the region outlines and the selection are other layers)
    layer = svg.split('class="mark-shape role-mark layer_0_marks"', 1)[1].split("</g>", 1)[0]
    assert layer.count("<path") == 153
    assert layer.count('aria-label="Overall effectiveness: ') == 153


def test_map_in_the_browser_draws_one_shape_per_la(server, browser):  # noqa: F811
    from benchmarks import serve

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{server}/map?show=ofsted&area=E09000014", wait_until="domcontentloaded")
        shapes = page.locator('[data-testid="stVegaLiteChart"] svg g.layer_0_marks').first.locator("path")
        shapes.first.wait_for(timeout=60_000)
        page.wait_for_function(serve.DONE, timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert shapes.count() == 153
    finally:
        page.close()
