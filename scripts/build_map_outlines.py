#!/usr/bin/env python3
"""Regenerate plugins/newsarchive/export/data/outlines.json: the map's country outlines.

Source: Natural Earth Admin 0 countries (v4.1.0, public domain) as TopoJSON from the npm
package world-atlas 2.0.2 (see scripts/map_sources.py; fetched with ``npm pack`` and
checked against its SHA-256). The shared topology is projected with Equal Earth
(newsarchive.export.projection), each arc simplified once (Douglas-Peucker, so shared
borders stay shared), and every country written as one SVG path string of relative
moves on a rounded grid:

* ``world``: 1:110m outlines, 0.1 map units (the world is 1000 units wide), for the
  whole-world map; Antarctica is left out.
* ``detail``: 1:50m outlines, 0.01 map units, for a map fitted to one country; with each
  country's extent (``box``: every part), ``focus`` (the part a country map shows: its
  largest polygon and the parts near it, not far islands or overseas territories) and
  ``bounds`` (west, south, east, north in degrees).

Countries are keyed by ISO 3166-1 alpha-2 (from the numeric ids, via pycountry).

Usage:
    .venv/bin/python scripts/build_map_outlines.py

Deterministic: the same package versions give the same bytes.
"""
from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path

import map_sources
import pycountry

from newsarchive.export.projection import project

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "plugins" / "newsarchive" / "export" / "data" / "outlines.json"

# Natural Earth units without an ISO 3166-1 numeric code in world-atlas, by name.
NO_ID = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
LEFT_OUT = {"AQ"}  # Antarctica: a third of the map's height for no article

ATTRIBUTION = ("Country outlines: Made with Natural Earth (public domain), Admin 0 "
               "countries 1:110m and 1:50m v4.1.0, via the npm package world-atlas 2.0.2.")


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points of each arc of a quantized TopoJSON topology."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative; the ends are kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        norm = math.hypot(dx, dy)
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = (abs(dy * px - dx * py + x1 * y0 - y1 * x0) / norm if norm
                 else math.hypot(px - x0, py - y0))
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def country_code(geometry: dict) -> str | None:
    gid = geometry.get("id")
    if gid is None:
        return NO_ID.get(geometry.get("properties", {}).get("name", ""))
    country = pycountry.countries.get(numeric=gid)
    return country.alpha_2 if country else None


def rings_of(geometry: dict) -> list[list[list[int]]]:
    """Polygons (lists of rings, each a list of arc indexes) of a (Multi)Polygon."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list:
    out: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        out.extend(arc if not out else arc[1:])
    return out


def path(rings: list[list[tuple[float, float]]], step: float) -> str:
    """SVG path data of rings on a grid of ``step`` units, with relative moves."""
    digits = max(0, round(-math.log10(step)))
    out = []
    cx = cy = 0  # current point, in grid steps
    for ring in rings:
        grid = []
        for x, y in ring:
            g = (round(x / step), round(y / step))
            if not grid or g != grid[-1]:
                grid.append(g)
        if len(grid) > 1 and grid[0] == grid[-1]:
            grid.pop()
        if len(grid) < 3:
            continue
        moves = "".join(f"{_sep(x1 - x0, digits)}{_sep(y1 - y0, digits)}"
                        for (x0, y0), (x1, y1) in itertools.pairwise(grid))
        out.append(f"m{_num(grid[0][0] - cx, digits)}{_sep(grid[0][1] - cy, digits)}"
                   f"l{moves.lstrip(' ')}z")
        cx, cy = grid[0]
    return "".join(out)


def _num(steps: int, digits: int) -> str:
    """A number of grid steps as decimal text without a leading zero (0.5 -> .5)."""
    if digits == 0:
        return str(steps)
    sign = "-" if steps < 0 else ""
    whole, frac = divmod(abs(steps), 10 ** digits)
    text = f"{whole}.{frac:0{digits}d}".rstrip("0").rstrip(".")
    if text.startswith("0."):
        text = text[1:]
    return sign + (text or "0")


def _sep(steps: int, digits: int) -> str:
    """The number with the separator SVG needs after another number: none before a
    minus sign, nor before a point (the previous number is then always a decimal)."""
    text = _num(steps, digits)
    return text if text.startswith("-") else " " + text


def unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring with longitudes made continuous (a ring over the antimeridian passes 180)."""
    out, shift = [], 0.0
    for i, (lon, lat) in enumerate(ring):
        if i:
            step = lon + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def build(scale: str, tolerance: float, step: float) -> dict[str, dict]:
    """Outlines of one scale; ``tolerance`` (degrees) simplifies each shared arc once."""
    topo = map_sources.world_atlas(scale)
    exact = decode_arcs(topo)
    arcs = [simplify(arc, tolerance) for arc in exact]
    countries: dict[str, list] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        code = country_code(geometry)
        if code is None or code in LEFT_OUT:
            if code is None:
                print(f"warning: {geometry.get('properties')}: no ISO code; left out",
                      file=sys.stderr)
            continue
        for polygon in rings_of(geometry):
            # a small island that simplification would reduce to a line keeps its points
            raw = [ring_points(r, arcs) if len(ring_points(r, arcs)) > 3
                   else ring_points(r, exact) for r in polygon]
            rings = [unwrap(r) for r in raw]
            lons = [lon for r in rings for lon, _ in r]
            # A polygon over the antimeridian is drawn twice, once on each side; the
            # map's frame shows the part of each copy that is on the world.
            shifts = [0.0] + ([-360.0] if max(lons) > 180 else []) + (
                [360.0] if min(lons) < -180 else [])
            copies = [[[project(lat, lon + dx) for lon, lat in r] for r in rings]
                      for dx in shifts]
            countries.setdefault(code, []).append((copies, raw))
    out = {}
    for code in sorted(countries):
        polygons = countries[code]
        rings = [ring for copies, _ in polygons for copy in copies for ring in copy]
        entry = {"d": path(rings, step), "box": _box(rings)}
        entry["focus"] = _focus([copies[0] for copies, _ in polygons])
        entry["bounds"] = _bounds([ring for _, raw in polygons for ring in raw])
        out[code] = entry
    return out


def _box(rings) -> list[float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return [round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)]


def _area(ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1],
                                                                    strict=True))) / 2


def _focus(polygons) -> list[float]:
    """The box of the largest polygon, grown by the polygons within half its size of it."""
    main = max(polygons, key=lambda p: _area(p[0]))
    x0, x1 = min(x for x, _ in main[0]), max(x for x, _ in main[0])
    y0, y1 = min(y for _, y in main[0]), max(y for _, y in main[0])
    margin = max(x1 - x0, y1 - y0) / 2
    near = [p for p in polygons
            if any(x0 - margin <= x <= x1 + margin and y0 - margin <= y <= y1 + margin
                   for x, y in p[0])]
    return _box([ring for p in near for ring in p])


def _bounds(rings) -> list[float]:
    lons = [lon for ring in rings for lon, _ in ring]
    lats = [lat for ring in rings for _, lat in ring]
    return [round(min(lons), 3), round(min(lats), 3), round(max(lons), 3), round(max(lats), 3)]


def main() -> int:
    world = build("110m", tolerance=0.08, step=0.1)
    detail = build("50m", tolerance=0.02, step=0.01)
    boxes = [e["box"] for e in world.values()]
    edge = project(0, 180)[0]
    view = [-edge, min(b[1] for b in boxes), edge, max(b[3] for b in boxes)]
    data = {
        "attribution": ATTRIBUTION,
        "projection": "Equal Earth; map units: the world is 1000 wide, y grows southward",
        "world": {"box": view, "paths": {code: e["d"] for code, e in world.items()}},
        "detail": detail,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(world)} world outlines, {len(detail)} detailed, "
          f"{len(text.encode()):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
