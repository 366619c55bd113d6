#!/usr/bin/env python3
"""Trafilatura alone as an ingest command, to measure the baseline with the same scorer.

Usage (as the scorer's ``--cmd``)::

    python scripts/eval_trafilatura_baseline.py {in} {out}

Reads one saved page (``.html`` or ``.html.gz``), runs ``trafilatura.bare_extraction`` with
its defaults (metadata on, Markdown output) and writes ``{out}/article.md``: YAML frontmatter
with ``title``, ``date``, ``original_url`` and ``language`` as trafilatura found them, then its
Markdown body. No newsarchive logic is involved, so the numbers are trafilatura's own.
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Callable
from pathlib import Path

import trafilatura
import yaml


def run_baseline(argv: list[str], extract: Callable[[bytes], tuple[dict, str]]) -> int:
    """The command-line side every baseline shares: read IN_FILE (gunzipped if ``.gz``), write
    ``OUT_DIR/article.md`` from ``extract(data) -> (frontmatter, body)``."""
    if len(argv) != 2:
        print(f"usage: {Path(sys.argv[0]).name} IN_FILE OUT_DIR", file=sys.stderr)
        return 2
    src, out = Path(argv[0]), Path(argv[1])
    data = src.read_bytes()
    if src.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    meta, body = extract(data)
    out.mkdir(parents=True, exist_ok=True)
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    (out / "article.md").write_text(f"---\n{head}---\n\n{body}\n", encoding="utf-8")
    return 0


def extract(data: bytes) -> tuple[dict, str]:
    doc = trafilatura.bare_extraction(data, output_format="markdown", with_metadata=True,
                                      include_links=True, include_formatting=True)
    if doc is None:
        return {}, ""
    meta = {"title": doc.title, "date": doc.date, "original_url": doc.url,
            "language": doc.language}
    body = trafilatura.extract(data, output_format="markdown", include_links=True,
                               include_formatting=True) or ""
    return meta, body


def main(argv: list[str]) -> int:
    return run_baseline(argv, extract)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
