#!/usr/bin/env python3
"""Size and time of the coverage map (newsarchive.export.svgmap) at archive scale.

Synthetic counts on the gazetteer's own points (fixed seed): a 50,000-article archive over
300 regions of the conflict countries, and the extreme of every subdivision having
articles. Prints, for the world map and a few country maps, the SVG's size in bytes (raw
and gzipped) and the time to render it; and the size of the vendored outlines.

Usage:
    .venv/bin/python scripts/bench_map.py
"""
from __future__ import annotations

import gzip
import random
import time

from newsarchive.export import svgmap
from newsarchive.export.svgmap import MapPoint, render_map
from newsarchive.vocab import load_vocab

CONFLICT = {"SY", "UA", "RU", "IL", "PS", "LB", "IQ", "YE", "SD", "LY", "AF", "TR", "IR", "SS",
            "SO", "ML", "MM", "ET", "AM", "AZ", "GE", "MD"}


def report(name: str, points: list[MapPoint], focus: str | None = None) -> None:
    start = time.perf_counter()
    svg = render_map(points, focus=focus, title="Coverage")
    took = time.perf_counter() - start
    data = svg.encode("utf-8")
    print(f"{name}: {len(points):,} circles, {sum(p.count for p in points):,} articles, "
          f"{len(data):,} bytes, {len(gzip.compress(data, 9)):,} gzipped, "
          f"{took * 1000:.0f} ms")


def main() -> None:
    gazetteer = load_vocab().regions
    regions = [r for r in gazetteer if not r.is_country and gazetteer.point(r.code)]

    def point(region, count: int) -> MapPoint:
        label = f"{region.name}, {gazetteer[region.country].name}"
        return MapPoint(region.code, label, *gazetteer.point(region.code), count,
                        f"../regions/{region.code.lower()}/")

    print(f"outlines.json: {svgmap.OUTLINES.stat().st_size:,} bytes")
    # 50,000 articles over the 300 regions of the archive's conflict countries that come
    # first in a fixed shuffle, Zipf-like: the busiest region has about 8,000.
    rng = random.Random(16)
    conflict = [r for r in regions if r.country in CONFLICT]
    rng.shuffle(conflict)
    weights = [1 / (k + 1) for k in range(300)]
    scale = 50_000 / sum(weights)
    archive = [point(r, max(1, round(w * scale))) for r, w in zip(conflict, weights,
                                                                   strict=False)]
    report("world, 50,000-article archive", archive)
    for focus in ("SY", "UA", "RU", "LB"):
        report(f"{focus}, same archive", [p for p in archive if p.code[:2] == focus], focus)
    # Every subdivision with a point has articles: the most circles a world map can have.
    report("world, every region", [point(r, 1 + int(50_000 * rng.random() ** 8))
                                   for r in regions])
    report("world, no articles", [])


if __name__ == "__main__":
    main()
