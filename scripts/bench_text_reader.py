"""Benchmark the plain-text reader: fidelity on seed-format synthetic saves, time per save.

Usage:
    python scripts/bench_text_reader.py [-n 1000] [--seed 0] [--corpus DIR ...]

1. Renders ``-n`` articles of the benchmark archive (scripts/synthetic.py) as saves
   in the seed's layout (title; ``By <u>byline</u>``; date line; paragraphs with related-article
   lines; ``Original url:``), reads them back and prints how many lost their first paragraph
   (into ``photo_credit`` or anywhere else), got a credit they do not have, or changed body.
2. For each ``--corpus`` folder (``docs/*.txt``, e.g. ../shared/corpus/text-dev), prints the
   reader's time per save (decoding excluded; the first save pays for lazy imports).

The reader is imported from ``newsarchive`` as installed, so PYTHONPATH can point this script at
another checkout to compare versions.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1] / "plugins"))

import contextlib

from synthetic import generate

from newsarchive.ingest.decode import decode_text
from newsarchive.ingest.model import IngestError
from newsarchive.ingest.text_reader import read_text
from newsarchive.schema import Article


def as_save(article: Article) -> str:
    """The article laid out like the seed save."""
    pars = [p for p in article.body.split("\n\n") if p.strip()]
    for k, title in enumerate(article.related_titles):
        pars.insert(min(len(pars), 2 + 3 * k), f"Related article: {title}")
    head = [article.title, *([f"By <u>{article.byline}</u>"] if article.byline else []),
            f"{article.date:%B} {article.date.day}, {article.date.year}"]
    return "\n\n".join([*head, *pars, "Original url:", article.original_url]) + "\n"


def _plain(markdown: str) -> list[str]:
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>|~])", r"\1", markdown)
    return [p for p in text.split("\n\n") if p.strip()]


def fidelity(n: int, seed: int) -> None:
    lost = credit = changed = 0
    articles = generate(n, seed=seed, words=(60, 400))
    for article in articles:
        found = read_text(as_save(article))
        want = [p for p in article.body.split("\n\n") if p.strip()]
        got = _plain(found.body)
        lost += not got or got[0] != want[0]
        credit += found.photo_credit is not None
        changed += got != want
    print(f"seed-format synthetic saves: {n}; first paragraph lost: {lost} ({lost / n:.1%}); "
          f"photo_credit invented: {credit} ({credit / n:.1%}); body changed: {changed} "
          f"({changed / n:.1%})")


def timing(corpus: Path) -> None:
    files = sorted((corpus / "docs").glob("*.txt"))
    times = []
    for path in files:
        text, _ = decode_text(path.read_bytes())
        start = time.perf_counter()
        with contextlib.suppress(IngestError):
            read_text(text)
        times.append(time.perf_counter() - start)
    ms = [t * 1000 for t in times]
    print(f"{corpus}: {len(files)} saves; read_text total {sum(times):.2f} s; per save "
          f"mean {statistics.mean(ms):.1f} ms, median {statistics.median(ms):.2f} ms, "
          f"first {ms[0]:.0f} ms, max {max(ms):.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    for corpus in args.corpus:
        timing(corpus)
    if args.n:
        fidelity(args.n, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
