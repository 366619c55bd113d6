"""Citation benchmark: what the citation exports cost per article.

Usage:
    python scripts/bench_citations.py [-n 2000] [--repeat 3]

Makes N synthetic articles in memory (invented outlets "Kestrel Daily"..., authors and
places; the titles are numbered filler) and times, per article, each function a build
calls: ``csl_item``, ``formatted`` for every style in ``STYLES`` (from the shape's template,
and, for comparison, by citeproc-py alone, not counted in the total), ``bibtex``,
``ris``, ``csl_json``, ``json_ld`` and ``highwire``. Prints milliseconds per article (best of
``--repeat`` rounds, wall clock and process CPU time: the machine may be shared, and CPU time
is what another process cannot inflate) and the projection for 10,000 articles. The first
call of each style, which parses the CSL file, is timed separately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from newsarchive.export import citation, csl
from newsarchive.export.csl_engine import _style
from newsarchive.schema import Article

OUTLETS = ("Kestrel Daily", "The Velmora Courier", "Dunmoor Wire", "Ostrava Bay Herald")
GIVEN = ("Ana", "Ivo", "Lina", "Teo", "Pia", "Oren", "Mira", "Sol")
FAMILY = ("Kestrel", "Marsh", "Oster", "Brand", "Holm", "Varga", "Linde", "Quill")
BYLINES = ("{0} {1}", "{0} {1} and {2} {3}", "By Velmora Staff",
           "Reporting by {0} {1}; editing by {2} {3}", "{0} {1}, {2} {3}")


def articles(n: int) -> list[Article]:
    out = []
    for i in range(n):
        names = (GIVEN[i % 8], FAMILY[i * 3 % 8], GIVEN[(i + 3) % 8], FAMILY[(i + 5) % 8])
        out.append(Article(
            title=f"Synthetic filler headline number {i} about Velmora province",
            date=dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500),
            source=OUTLETS[i % len(OUTLETS)], region="VL-KS",
            original_url=f"https://kestrel.example/news/{i}?ref=feed&page=1",
            byline=BYLINES[i % len(BYLINES)].format(*names), language="en",
            archived=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), path=f"articles/{i}.md"))
    return out


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, float]:
    """(wall, cpu) seconds of the fastest of ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="synthetic articles (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best counts")
    args = parser.parse_args()
    arts = articles(args.n)
    page = "https://archive.example/articles/{}/"

    for key in citation.STYLES:
        start = time.perf_counter()
        _style(key)
        print(f"load style {key:<22} {1000 * (time.perf_counter() - start):8.1f} ms (once)")

    items = [citation.csl_item(a, page_url=page.format(i), site_name="Velmora Archive")
             for i, a in enumerate(arts)]
    cases: dict[str, Callable[[], Any]] = {
        "csl_item": lambda: [citation.csl_item(a, page_url=page.format(i), site_name="V")
                             for i, a in enumerate(arts)],
        **{f"formatted {key}": (lambda key=key: [citation.formatted(it, key) for it in items])
           for key in citation.STYLES},
        **{f"  (citeproc-py alone) {key}": (
            lambda key=key: [csl.formatted(it, key, templates=False) for it in items])
           for key in citation.STYLES},
        "bibtex (one per article)": lambda: [citation.bibtex([it]) for it in items],
        "ris (one per article)": lambda: [citation.ris([it]) for it in items],
        "csl_json (one per article)": lambda: [citation.csl_json([it]) for it in items],
        "json_ld": lambda: [citation.json_ld(a, page_url=page.format(i), site_name="V",
                                             region_name="Kestrel Province", wayback_url=None)
                            for i, a in enumerate(arts)],
        "highwire": lambda: [citation.highwire(a, page_url=page) for a in arts],
    }
    print(f"{args.n} articles, best of {args.repeat}: ms/article (wall, cpu); "
          "seconds at 10,000 articles (cpu)")
    total_cpu = 0.0
    for name, run in cases.items():
        wall, cpu = best(args.repeat, run)
        if not name.startswith(" "):
            total_cpu += cpu
        print(f"{name:<32} {1000 * wall / args.n:8.3f} {1000 * cpu / args.n:8.3f}"
              f"   {10_000 * cpu / args.n:7.1f} s")
    print(f"{'all of the above':<32} {'':8} {1000 * total_cpu / args.n:8.3f}"
          f"   {10_000 * total_cpu / args.n:7.1f} s")


if __name__ == "__main__":
    main()
