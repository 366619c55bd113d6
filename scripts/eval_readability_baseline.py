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

import sys

from eval_trafilatura_baseline import run_baseline
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


def extract(data: bytes) -> tuple[dict, str]:
    doc = Document(data)
    title = doc.short_title()
    body = summary_text(doc.summary(html_partial=True))
    return {"title": None if title == "[no-title]" else title}, body


def main(argv: list[str]) -> int:
    return run_baseline(argv, extract)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
