"""Bytes of the reader outputs in a built site: feeds, listing exports, dataset, map, Cite box.

Usage:
    python scripts/output_sizes.py -n 50000 [--out bench-out]   # builds OUT/N first if needed
    python scripts/output_sizes.py --site path/to/site           # an existing build

With ``-n`` it makes (or reuses) the synthetic archive of ``scripts/benchmark.py`` under
``OUT/N`` and builds it once with the plugin's defaults (search on), unless that site is
already built. It prints, per kind of output, how many files (or pages), their bytes and
their bytes compressed with gzip (what a server sending them compressed transfers): the
Atom feeds, the listings' BibTeX, RIS and CSL-JSON files, the dataset's files, the
coverage map (its ``<svg>`` and the section with its table, on the home page and the
country pages), and the article pages' Cite boxes and ``<head>`` citation metadata.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchmark

_CITE = re.compile(r'<details class="na-cite".*?</details>', re.DOTALL)
_HEAD = re.compile(r'<meta name="citation_[^>]*>\s*|<script type="application/ld\+json">'
                   r".*?</script>\s*", re.DOTALL)
_MAP = re.compile(r'<section class="na-coverage".*?</section>', re.DOTALL)
_SVG = re.compile(r"<svg.*?</svg>", re.DOTALL)


def _row(kind: str, parts: Iterable[bytes]) -> str:
    parts = list(parts)
    raw = sum(len(p) for p in parts)
    packed = sum(len(gzip.compress(p, 6, mtime=0)) for p in parts)
    return f"{kind:<40} {len(parts):>8,} {raw / 1e6:>10.2f} {packed / 1e6:>10.2f}"


def report(site: Path) -> None:
    pages = [(p, p.read_text(encoding="utf-8")) for p in site.rglob("index.html")]
    articles = [text for p, text in pages if "/articles/" in p.as_posix()]
    maps = [found.group() for _, text in pages if (found := _MAP.search(text))]
    print(f"{'output':<40} {'files':>8} {'MB':>10} {'MB gzip':>10}")
    print(_row("Atom feeds (feed.xml)", (p.read_bytes() for p in site.rglob("feed.xml"))))
    for ext in ("bib", "ris", "json"):
        print(_row(f"listing exports (articles.{ext})",
                   (p.read_bytes() for p in site.rglob(f"articles.{ext}"))))
    for path in sorted((site / "data").glob("*")):
        if path.is_file() and path.name != "index.html":
            print(_row(f"dataset: {path.name}", [path.read_bytes()]))
    print(_row("map <svg>, all pages", (m.group().encode() for section in maps
                                        for m in _SVG.finditer(section))))
    print(_row("map section with its table, all pages", (section.encode() for section in maps)))
    home = next((text for p, text in pages if p == site / "index.html"), "")
    if found := _MAP.search(home):
        print(_row("map section, home page", [found.group().encode()]))
    print(_row("Cite boxes (article pages)", (m.group().encode() for t in articles
                                              for m in _CITE.finditer(t))))
    print(_row("<head> citation metadata (article pages)",
               ("".join(m.group() for m in _HEAD.finditer(t)).encode() for t in articles)))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"whole site: {total / 1e6:,.1f} MB in {sum(1 for _ in site.rglob('*')):,} entries; "
          f"{len(articles):,} article pages, {len(maps):,} pages with a map")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, help="articles in the synthetic archive to build")
    parser.add_argument("--out", type=Path, default=benchmark.ROOT / "bench-out")
    parser.add_argument("--site", type=Path, help="an existing built site instead")
    args = parser.parse_args()
    if args.site is None:
        if args.n is None:
            parser.error("give -n or --site")
        base = args.out / str(args.n)
        configs = benchmark.prepare(base, args.n)
        args.site = base / "site-newsarchive"
        if not (args.site / "sitemap.xml").is_file():
            run = benchmark.run_build(configs["newsarchive"], args.site, cache=base / ".cache")
            print(f"built {args.n:,} articles in {run.seconds:.1f} s")
    report(args.site)


if __name__ == "__main__":
    main()
