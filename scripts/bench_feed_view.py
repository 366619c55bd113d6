"""Time the feeds view (``site/views/feeds.py``) alone on a synthetic archive, in memory.

Usage: python scripts/bench_feed_view.py [-n 1000 -n 10000] [--size 50] [--repeat 3]

For each size, articles come from ``scripts/synthetic.py`` (invented places and outlets,
filler bodies), grouped by the site's own catalog and views (tags, regions, sources, home).
Bodies are served from memory, as the build's freshly parsed articles are (an article taken
from the parse cache is read again from its file: not counted here). Prints, each the best
of ``--repeat`` runs in CPU seconds of this process:

- ``register``: ``feeds.generate`` (one GeneratedFile per feed, the listings' links);
- ``keys``: every feed's cache key (what an unchanged rebuild computes, then reuses all);
- ``render all``: every feed's bytes (a full build: each article's entry made once);
- ``one edit``: after the title of one article changes (the newest, in all its feeds; one
  from the middle of the archive, in few), the feeds whose key changed and the time to
  render them (entries made only for the articles of those feeds);
- the number of feeds and their bytes (all, the largest, the average).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_feeds import best_cpu
from synthetic import generate, write_vocab

from newsarchive.archive.catalog import Catalog
from newsarchive.schema import Article
from newsarchive.site.model import Site
from newsarchive.site.page_keys import PageKeys
from newsarchive.site.views import feeds, home, regions, sources, tags
from newsarchive.vocab import load_vocab

SITE_URL = "https://archive.example.org/"


def _url_of(uri: str) -> str:
    return uri.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/" \
        if uri != "index.md" else ""


def _site(articles: list[Article], bodies: dict[str, str], vocab: object,
          size: int) -> Site:
    site = Site(catalog=Catalog.build(articles), vocab=vocab,  # type: ignore[arg-type]
                urls={v: v for v in ("tags", "regions", "sources", "chronology")},
                page_size=50, date_format="%-d %B %Y", timeline=True,
                views=["regions", "tags", "sources"], site_url=SITE_URL, feed_size=size,
                article_body=lambda a: bodies[a.path],
                text_sha={p: str(hash(b)) for p, b in bodies.items()})
    home.generate(site, 20, "bench")
    for view in (regions, tags, sources):
        view.generate(site)
    feeds.generate(site, "bench")
    return site


def _render_all(site: Site) -> list[bytes]:
    return [output.render(_url_of) for output in site.files.values()]


def _measure(n: int, vocab: object, size: int, repeat: int) -> None:
    generated = generate(n, seed=0)
    bodies = {a.path: a.body for a in generated}
    articles = [dataclasses.replace(a, body="") for a in generated]  # as listings hold them
    sha = {a.path: str(hash(repr(a))) for a in articles}

    seconds, result = best_cpu(repeat, lambda: _site(articles, bodies, vocab, size))
    site: Site = result  # type: ignore[assignment]
    print(f"{n:>7,} register: {len(site.files)} feeds, {seconds * 1000:.0f} ms "
          "(the views' listing pages included)")
    seconds, before = best_cpu(repeat, lambda: {
        p: PageKeys(site.catalog, sha).value(f.inputs) for p, f in site.files.items()})
    print(f"{n:>7,} keys: {seconds * 1000:.0f} ms")
    seconds, result = best_cpu(repeat, lambda: _render_all(
        _site(articles, bodies, vocab, size)))
    data: list[bytes] = result  # type: ignore[assignment]
    sizes = sorted(len(d) for d in data)
    print(f"{n:>7,} render all: {seconds:.2f} s ({seconds * 1000 / len(data):.2f} ms per "
          f"feed, registering included), {sum(sizes) / 2**20:.1f} MiB in all, largest "
          f"{sizes[-1] / 1024:.0f} KiB, average {sum(sizes) / len(sizes) / 1024:.0f} KiB")

    newest = site.catalog.articles[0].path
    for which, edited_path in (("newest", newest), ("middle", articles[n // 2].path)):
        edited = [dataclasses.replace(a, title=a.title + " (edited)")
                  if a.path == edited_path else a for a in articles]
        sha2 = {**sha, edited_path: "edited"}
        site2 = _site(edited, bodies, vocab, size)
        keys = PageKeys(site2.catalog, sha2)
        changed = [p for p, f in site2.files.items()
                   if keys.value(f.inputs) != before[p]]  # type: ignore[index]

        def one_edit(edited: list[Article] = edited, changed: list[str] = changed) -> None:
            fresh = _site(edited, bodies, vocab, size)
            for p in changed:
                fresh.files[p].render(_url_of)

        seconds, _ = best_cpu(repeat, one_edit)
        print(f"{n:>7,} one edit ({which} article): {len(changed)} feeds rewritten "
              f"({', '.join(sorted(changed))}), {seconds * 1000:.0f} ms registering "
              "included")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, action="append", dest="sizes")
    parser.add_argument("--size", type=int, default=50, help="feed_size (default 50)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is printed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_vocab(Path(tmp))
        vocab = load_vocab(regions=paths["regions"], sources=paths["sources"])
    for n in args.sizes or [1000, 10000]:
        _measure(n, vocab, args.size, args.repeat)

if __name__ == "__main__":
    main()
