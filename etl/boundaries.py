"""Prepare the map boundaries once, offline: ONS upper-tier LA shapes -> small WGS84 GeoJSON.

    python -m etl.boundaries --shapefile ../shared/data/geo/CTYUA_MAY_2023_UK_BUC.shp

Reads the ONS "Counties and Unitary Authorities (May 2023) UK BUC" shapefile (British National
Grid, EPSG:27700) with pyshp, keeps England's 153 authorities, places each code through the area
registry (Barnsley and Sheffield carry their pre-2025 codes there), simplifies in metres with
shapely (topology kept), reprojects to WGS84 (EPSG:4326) with pyproj, and writes
`data/boundaries/england_las.geojson` (one feature per LA) and `england_regions.geojson`
(the nine regions, dissolved from the LAs). Coordinates are rounded to 4 decimal places (about
10 m). pyproj, shapely and pyshp are needed here only; the dashboard reads the GeoJSON.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from etl.areas import AreaRegistry, UnknownArea, registry

OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries"
TOLERANCE_M = 400.0  # Douglas-Peucker tolerance in metres before reprojection
DECIMALS = 4


def la_shapes(shapefile: Path, reg: AreaRegistry) -> dict[str, Any]:
    """England's LA polygons in British National Grid, keyed by the registry's code."""
    import shapefile as pyshp  # pyshp
    from shapely.geometry import shape

    out: dict[str, Any] = {}
    with pyshp.Reader(str(shapefile)) as r:
        fields = [f[0] for f in r.fields[1:]]
        for rec in r.iterShapeRecords():
            props = dict(zip(fields, rec.record, strict=True))
            code = str(props["CTYUA23CD"])
            if not code.startswith("E"):
                continue
            try:
                area = reg.by_ons_code(code)
            except UnknownArea as e:
                raise SystemExit(f"error: {shapefile}, feature {props['CTYUA23NM']}: {e.args[0]}") from None
            out[area] = shape(rec.shape.__geo_interface__)
    return out


def clockwise(geom: Any) -> Any:
    """Exterior rings clockwise: d3-geo (Vega's geoshape) reads an anticlockwise ring as the rest of the globe."""
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    if isinstance(geom, Polygon):
        return orient(geom, sign=-1.0)
    if isinstance(geom, MultiPolygon):
        return MultiPolygon([orient(p, sign=-1.0) for p in geom.geoms])
    return MultiPolygon([orient(p, sign=-1.0) for p in getattr(geom, "geoms", []) if isinstance(p, Polygon)])


def region_of(reg: AreaRegistry, area_code: str) -> str:
    """The region (E12) an LA is in: Inner and Outer London roll up to London."""
    region = reg.areas[area_code].region_code or ""
    parent = reg.areas[region].region_code if region in reg.areas else None
    return parent or region


def prepare(shapefile: Path, out: Path = OUT) -> tuple[Path, Path]:
    from pyproj import Transformer
    from shapely import set_precision
    from shapely.geometry import mapping
    from shapely.ops import transform, unary_union

    reg = registry()
    shapes = la_shapes(shapefile, reg)
    current = {c for c, a in reg.areas.items() if a.geographic_level == "Local authority" and a.status == "current"}
    missing = sorted(current - set(shapes))
    if missing:
        raise SystemExit(f"error: {shapefile} has no shape for {', '.join(missing)}")
    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True).transform

    def prepared(geom: Any) -> Any:
        simple = geom.simplify(TOLERANCE_M, preserve_topology=True)
        return clockwise(set_precision(transform(to_wgs84, simple), 10**-DECIMALS))

    las = []
    for code in sorted(shapes):
        a = reg.areas[code]
        las.append({"type": "Feature", "properties": {"area_code": code, "area_name": a.area_name, "region_code": region_of(reg, code)}, "geometry": mapping(prepared(shapes[code]))})
    regions = []
    by_region: dict[str, list[Any]] = {}
    for code, geom in shapes.items():
        by_region.setdefault(region_of(reg, code), []).append(geom.buffer(1))
    for region, geoms in sorted(by_region.items()):
        regions.append({"type": "Feature", "properties": {"region_code": region, "region_name": reg.areas[region].area_name}, "geometry": mapping(prepared(unary_union(geoms)))})
    out.mkdir(parents=True, exist_ok=True)
    paths = (out / "england_las.geojson", out / "england_regions.geojson")
    for path, features in zip(paths, (las, regions), strict=True):
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")), encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m etl.boundaries", description=__doc__.splitlines()[0])
    p.add_argument("--shapefile", type=Path, required=True, help="CTYUA_MAY_2023_UK_BUC.shp (British National Grid)")
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    for path in prepare(args.shapefile, args.out):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
