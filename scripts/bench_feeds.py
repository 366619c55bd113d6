"""Time the Atom feeds alone on a synthetic archive.

Usage: python scripts/bench_feeds.py [-n 10000] [--feeds 1000] [--size 50] [--seed 0]
                                     [--repeat 3] [--compare-feedgen]

Articles come from ``scripts/synthetic.py`` (invented places and outlets, filler bodies) in
memory. Prints, each the best of ``--repeat`` runs, in CPU seconds of this process (the
machine may be shared; wall-clock time is never lower):

- ``entries``: :func:`entry_for` for every article, ms per article: a build does this once per
  article and reuses the entry in all its feeds. Synthetic bodies open with an emphasised
  note, so their lede is rendered with Markdown; ``entries, plain lede`` times the same
  articles without that note, as ingest writes most ledes (read without rendering);
- ``feeds of SIZE``: ``--feeds`` feeds of ``--size`` entries each (a 10,000-article archive has
  about 1,000 tag, country, region and source listings), ms per feed and bytes per feed;
- ``listings``: one feed per listing of this archive (whole archive, every tag, country,
  region and source), each given all its listing's entries and keeping the latest 50;
- with ``--compare-feedgen`` (needs ``pip install feedgen==1.0.0``, not a dependency): the
  same ``--feeds`` feeds written with feedgen, which cannot express the entry's source
  author or ``xml:lang`` (so it writes a little less).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from slugify import slugify
from synthetic import COUNTRIES, REGIONS, generate, tag_slugs

from newsarchive.export.atom import FeedEntry, atom_feed, entry_for
from newsarchive.schema import Article

SITE = "https://archive.example.org/"


def best_cpu(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    """CPU seconds of the fastest of ``repeat`` runs, and the last run's result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = run()
        best = min(best, time.process_time() - start)
    return best, result


def _entries(articles: Sequence[Article], tag_names: dict[str, str],
             region_names: dict[str, str]) -> list[FeedEntry]:
    return [entry_for(a, SITE + a.path.removesuffix(".md") + "/", region_names.get(a.region),
                      tag_names, tag_scheme=SITE + "tags/", id_authority="archive.example.org,2026")
            for a in articles]


def _feed(key: str, entries: Sequence[FeedEntry]) -> bytes:
    return atom_feed(feed_url=f"{SITE}{key}/feed.xml", page_url=f"{SITE}{key}/",
                     title=f"{key} · Synthetic archive", subtitle=f"Articles of {key}.",
                     entries=entries, updated=None)


def _feedgen_feed(key: str, entries: Sequence[FeedEntry]) -> bytes:
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(f"{SITE}{key}/feed.xml")
    fg.title(f"{key} · Synthetic archive")
    fg.subtitle(f"Articles of {key}.")
    fg.link(href=f"{SITE}{key}/feed.xml", rel="self", type="application/atom+xml")
    fg.link(href=f"{SITE}{key}/", rel="alternate", type="text/html")
    fg.generator("newsarchive")
    fg.updated(max(e.updated for e in entries))
    for e in entries:
        fe = fg.add_entry(order="append")
        fe.id(e.id)
        fe.title(e.title)
        fe.link(href=e.link, rel="alternate", type="text/html")
        if e.original_url:
            fe.link(href=e.original_url, rel="via", type="text/html")
        if e.published:
            fe.published(e.published)
        fe.updated(e.updated)
        if e.author:
            fe.author(name=e.author)
        for c in e.categories:
            fe.category(term=c.term, scheme=c.scheme, label=c.label)
        fe.summary(e.summary, type="text")
        fe.source(title=e.source)
    return fg.atom_str(pretty=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--feeds", type=int, default=1000, help="feeds to write (default 1000)")
    parser.add_argument("--size", type=int, default=50, help="entries per feed (default 50)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is printed")
    parser.add_argument("--compare-feedgen", action="store_true")
    args = parser.parse_args()

    articles = generate(args.n, seed=args.seed)
    tag_names = dict(tag_slugs())
    region_names = {code: f"{name}, {dict(COUNTRIES)[cc]}" for code, name, cc in REGIONS}
    region_names.update(COUNTRIES)

    seconds, result = best_cpu(args.repeat, lambda: _entries(articles, tag_names, region_names))
    entries: list[FeedEntry] = result  # type: ignore[assignment]
    print(f"entries: {len(entries)} articles, {seconds * 1000 / len(entries):.3f} ms per article "
          f"({seconds:.2f} s)")
    plain = [dataclasses.replace(a, body=a.body.split("\n\n", 1)[-1]) for a in articles]
    seconds, _ = best_cpu(args.repeat, lambda: _entries(plain, tag_names, region_names))
    print(f"entries, plain lede: {seconds * 1000 / len(plain):.3f} ms per article "
          f"({seconds:.2f} s)")

    # Feeds of exactly SIZE entries: consecutive windows of the archive, newest first.
    windows = [entries[(i * args.size) % (len(entries) - args.size):][:args.size]
               for i in range(args.feeds)]
    writers: list[tuple[str, Callable[[str, Sequence[FeedEntry]], bytes]]] = [("newsarchive",
                                                                              _feed)]
    if args.compare_feedgen:
        writers.append(("feedgen", _feedgen_feed))
    for name, write in writers:
        seconds, result = best_cpu(args.repeat, lambda write=write: [  # type: ignore[misc]
            write(f"feed-{i}", w) for i, w in enumerate(windows)])
        sizes = [len(b) for b in result]  # type: ignore[attr-defined]
        print(f"feeds of {args.size} ({name}): {args.feeds} feeds, "
              f"{seconds * 1000 / args.feeds:.2f} ms per feed ({seconds:.2f} s), "
              f"{sum(sizes) / len(sizes) / 1024:.1f} KiB per feed")

    listings: dict[str, list[FeedEntry]] = defaultdict(list)
    for article, entry in zip(articles, entries, strict=True):
        keys = ["", f"regions/{article.country.lower()}", f"regions/{article.region.lower()}",
                f"sources/{slugify(article.source)}"] + [f"tags/{t}" for t in article.tags]
        for key in keys:
            listings[key].append(entry)
    seconds, result = best_cpu(args.repeat, lambda: [_feed(k or "home", v)
                                                  for k, v in listings.items()])
    total = sum(len(b) for b in result)  # type: ignore[attr-defined]
    print(f"listings: {len(listings)} feeds (latest 50 of each listing), "
          f"{seconds * 1000 / len(listings):.2f} ms per feed ({seconds:.2f} s), "
          f"{total / 1024 / 1024:.1f} MiB in all")


if __name__ == "__main__":
    main()
