#!/usr/bin/env python3
"""readability-lxml alone as an ingest command, to measure the baseline with the same scorer.

Usage (as the scorer's ``--cmd``)::

    python scripts/eval_readability_baseline.py {in} {out}

Reads one saved page (``.html`` or ``.html.gz``), runs ``readability.Document`` with its
defaults (``summary()`` for the article, ``short_title()`` for the title) and writes
``{out}/article.md``: YAML frontmatter with the ``title`` (readability finds no date or URL),
then the text of each block of the summary as a paragraph. No newsarchive logic is involved,
so the numbers are readability-lxml's own.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import yaml
from lxml import html as lxml_html
from readability import Document

_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt")


def summary_text(summary: str) -> str:
    """Paragraphs of readability's summary HTML, one per block, blank-line separated."""
    if not summary.strip():
        return ""
    root = lxml_html.fragment_fromstring(summary, create_parent="div")
    for block in root.iter(*_BLOCKS):
        block.tail = "\n\n" + (block.tail or "")
        block.text = "\n\n" + (block.text or "")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    paragraphs = (" ".join(p.split()) for p in root.text_content().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: eval_readability_baseline.py IN_FILE OUT_DIR", file=sys.stderr)
        return 2
    src, out = Path(argv[0]), Path(argv[1])
    data = src.read_bytes()
    if src.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    doc = Document(data)
    title = doc.short_title()
    body = summary_text(doc.summary(html_partial=True))
    meta = {"title": None if title == "[no-title]" else title}
    out.mkdir(parents=True, exist_ok=True)
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    (out / "article.md").write_text(f"---\n{head}---\n\n{body}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
