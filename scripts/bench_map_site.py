#!/usr/bin/env python3
"""What the coverage map costs the site: build time and page bytes.

Usage:
    .venv/bin/python scripts/bench_map_site.py [-n 1000] [--repeat 3] [--out bench-out/map]
                                               [--no-build]

1. **Build time.** A synthetic archive of ``n`` articles (``scripts/synthetic.py``: invented
   countries ``XA``..``XH``) is built with ``mkdocs build`` in a fresh process per run (no
   cache, no search index: Pagefind's time does not depend on the map), ``--repeat`` times
   each, in turn:
   - ``map: false``;
   - ``map: true`` with the synthetic vocabulary as it is: its invented places have no
     point, so every page gets the table of counts and no drawing;
   - ``map: true`` with invented points for the invented places (in the open South Pacific,
     far from any real place): the world map on the home page and a map on every country
     page (fitted to its circles: invented countries have no outline).
   Prints the median seconds of each, the difference, and the bytes of the pages that show
   a map.
2. **Size at 50,000 articles.** The map section (drawing and table) of the home page and
   of the country pages, rendered from the catalog of 50,000 synthetic articles with the
   invented points; and the home page's section for an archive spread over 300 real
   subdivisions (the gazetteer's points, counts only, as ``scripts/bench_map.py`` does).
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from synthetic import COUNTRIES, REGIONS, generate, write_archive, write_vocab  # noqa: E402

from newsarchive.archive.catalog import Catalog  # noqa: E402
from newsarchive.export import svgmap  # noqa: E402
from newsarchive.site.model import Site, relative_url, url_dir_parts  # noqa: E402
from newsarchive.site.render import Renderer  # noqa: E402
from newsarchive.site.views import coverage, home, regions  # noqa: E402
from newsarchive.vocab import load_vocab  # noqa: E402

MAP_PAGES = ("index.html", *(f"regions/{cc.lower()}/index.html" for cc, _ in COUNTRIES))


def invented_points(vocab: Path) -> None:
    """``coordinates.tsv`` next to the synthetic ``regions.yaml``: a point for each invented
    country and region, in an empty stretch of the South Pacific (fixed seed)."""
    rng = random.Random(16)
    lines = ["# Invented points for the invented places of scripts/synthetic.py."]
    for i, (cc, _) in enumerate(COUNTRIES):
        lat, lon = -45 + 9 * (i % 4), -150 + 14 * (i // 4)
        lines.append(f"{cc}\t{lat:.4f}\t{lon:.4f}\tinvented")
        for code, _, rcc in REGIONS:
            if rcc == cc:
                lines.append(f"{code}\t{lat + rng.uniform(-3, 3):.4f}\t"
                             f"{lon + rng.uniform(-4, 4):.4f}\tinvented")
    (vocab / "coordinates.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def config(base: Path, name: str, vocab: Path, show_map: bool) -> Path:
    text = textwrap.dedent(f"""\
        site_name: bench
        docs_dir: content
        site_dir: site-{name}
        exclude_docs: |
          originals/
        theme:
          name: material
          custom_dir: {ROOT / 'site_overrides'}
          font: false
          features: [navigation.tabs]
        extra_css: [assets/newsarchive.css]
        markdown_extensions: [toc, tables]
        plugins:
          - newsarchive:
              search: false
              cache: false
              map: {'true' if show_map else 'false'}
              regions_file: {vocab / 'regions.yaml'}
              sources_file: {vocab / 'sources.yaml'}
        """)
    path = base / f"mkdocs-{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds (of every process the build ran) of one build."""
    site = path.parent / f"site-{path.stem.removeprefix('mkdocs-')}"
    shutil.rmtree(site, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(path)],
                          cwd=path.parent, env=env, capture_output=True, text=True)
    took, cpu = time.perf_counter() - start, _cpu() - cpu
    if done.returncode:
        raise SystemExit(f"build failed: {path}\n{done.stderr[-2000:]}")
    return took, cpu


def page_bytes(site: Path) -> tuple[int, int]:
    """Raw and gzipped bytes of the pages that show a map."""
    data = [(site / rel).read_bytes() for rel in MAP_PAGES if (site / rel).is_file()]
    return sum(map(len, data)), sum(len(gzip.compress(d, 9)) for d in data)


def builds(base: Path, n: int, repeat: int) -> None:
    if not (base / "content" / ".complete").exists():
        shutil.rmtree(base, ignore_errors=True)
        write_archive(base / "content", n, words=(200, 400))
        (base / "content" / ".complete").write_text(str(n))
    plain = write_vocab(base / "vocab")["regions"].parent
    pointed = write_vocab(base / "vocab-points")["regions"].parent
    invented_points(pointed)
    variants = {"map off": config(base, "off", plain, False),
                "map on, no points (table only)": config(base, "table", plain, True),
                "map on, invented points": config(base, "points", pointed, True)}
    wall: dict[str, list[float]] = {k: [] for k in variants}
    cpu: dict[str, list[float]] = {k: [] for k in variants}
    for _ in range(repeat):
        for name, path in variants.items():
            w, c = build(path)
            wall[name].append(w)
            cpu[name].append(c)
    print(f"\n{n:,}-article synthetic build (no cache, no search index), median of {repeat} "
          "(wall seconds; CPU seconds of the build's processes, steadier on a busy machine):")
    off_wall, off_cpu = statistics.median(wall["map off"]), statistics.median(cpu["map off"])
    for name, path in variants.items():
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        raw, packed = page_bytes(path.parent / f"site-{path.stem.removeprefix('mkdocs-')}")
        print(f"  {name:31} wall {w:6.2f} s ({(w - off_wall) / off_wall:+.1%}), CPU {c:6.2f} s "
              f"({(c - off_cpu) / off_cpu:+.1%}); home + {len(COUNTRIES)} country pages "
              f"{raw:,} bytes, {packed:,} gzipped")
        print(f"  {'':31} runs: wall {', '.join(f'{x:.2f}' for x in wall[name])}; "
              f"CPU {', '.join(f'{x:.2f}' for x in cpu[name])}")


def section(site: Site, renderer: Renderer, uri: str) -> bytes:
    """The map section of the generated page ``uri`` as it is rendered."""
    page = site.pages[uri]
    base = url_dir_parts(uri.removesuffix("index.md"))

    def url(target: str) -> str:
        return relative_url(target.removesuffix("index.md"), base)

    template = renderer.env.get_template("newsarchive/_map.html")
    return template.render(url=url, asset=lambda p: p, **page.context).encode()


def sizes(base: Path) -> None:
    vocab_dir = write_vocab(base / "vocab-points")["regions"].parent
    invented_points(vocab_dir)
    vocab = load_vocab(vocab_dir / "regions.yaml", None, vocab_dir / "sources.yaml")
    start = time.perf_counter()
    site = Site(catalog=Catalog.build(generate(50_000, words=None)), vocab=vocab,
                urls={"tags": "tags", "regions": "regions", "sources": "sources",
                      "chronology": "chronology"},
                page_size=50, date_format="%-d %B %Y", timeline=True,
                views=["chronology", "regions", "tags", "sources"])
    home.generate(site, 20, "bench")
    regions.generate(site)
    coverage.generate(site)
    catalog_s = time.perf_counter() - start
    renderer = Renderer(site)
    svgmap.outlines.cache_clear()
    start = time.perf_counter()
    svgmap.outlines()
    print(f"\nOutlines read once per build: {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"Map section at 50,000 synthetic articles ({len(site.catalog.regions)} places, "
          f"catalog in {catalog_s:.1f} s):")
    for uri in (home.HOME_URI, *(site.country_uri(cc) for cc, _ in COUNTRIES[:2])):
        start = time.perf_counter()
        data = section(site, renderer, uri)
        took = time.perf_counter() - start
        print(f"  {uri:22} {len(data):8,} bytes, {len(gzip.compress(data, 9)):7,} gzipped, "
              f"{took * 1000:5.0f} ms to render")

    # 50,000 articles over 300 real subdivisions (counts only, Zipf-like, fixed seed).
    gazetteer = load_vocab().regions
    places = [r for r in gazetteer if not r.is_country and gazetteer.point(r.code)]
    rng = random.Random(16)
    rng.shuffle(places)
    weights = [1 / (k + 1) for k in range(300)]
    scale = 50_000 / sum(weights)
    entries = [{"code": r.code, "label": f"{r.name}, {gazetteer[r.country].name}",
                "region": r.name, "country": gazetteer[r.country].name,
                "count": max(1, round(w * scale)), "uri": f"regions/{r.code.lower()}/index.md",
                "point": list(gazetteer.point(r.code))}
               for r, w in zip(places, weights, strict=False)]
    entries.sort(key=lambda e: (-e["count"], e["label"].casefold(), e["code"]))
    template = renderer.env.get_template("newsarchive/_map.html")
    start = time.perf_counter()
    data = template.render(url=lambda t: t.removesuffix("index.md"), asset=lambda p: p,
                           coverage={"focus": None, "name": None, "id": coverage.WORLD_ID,
                                     "title": "Coverage", "entries": entries}).encode()
    took = time.perf_counter() - start
    print(f"  home, 300 real subdivisions: {len(data):,} bytes, "
          f"{len(gzip.compress(data, 9)):,} gzipped, {took * 1000:.0f} ms to render")
    css = svgmap.CSS.read_bytes()
    print(f"  svgmap.css (one file, cached by the browser): {len(css):,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "map")
    parser.add_argument("--no-build", action="store_true", help="sizes at 50,000 only")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.no_build:
        builds(args.out / str(args.n), args.n, args.repeat)
    sizes(args.out)


if __name__ == "__main__":
    main()
