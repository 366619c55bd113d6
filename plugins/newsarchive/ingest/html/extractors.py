"""Candidate article texts from independent extractors, in one tree format.

trafilatura and readability-lxml look for the article in different ways (trafilatura by
XPath rules for content containers and boilerplate, readability by scoring paragraphs and
their parents), so they fail on different pages. Each candidate comes back as trafilatura's
XML element tree (``p``, ``head``, ``list``, ``ref``, ``hi`` ...), which the Markdown writer
reads; :mod:`.choose` decides which one the page gets.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from readability import Document as ReadabilityDocument
from trafilatura.external import sanitize_tree
from trafilatura.settings import Document, Extractor

from newsarchive.ingest.markdown_text import strip_tags

LOG = logging.getLogger(__name__)


@dataclass
class Candidate:
    """One extractor's article: its name and its tree (``None`` when it found nothing)."""

    name: str
    body: etree._Element | None

    @property
    def text(self) -> str:
        return " ".join(self.body.itertext()) if self.body is not None else ""


def run_trafilatura(tree: lxml_html.HtmlElement, url: str | None) -> tuple[Candidate, Document | None]:
    """trafilatura's article and its metadata (run on a copy: it edits what it is given)."""
    doc = trafilatura.bare_extraction(
        copy.deepcopy(tree),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_links=True,
        include_formatting=True,
        include_images=False,
        deduplicate=False,
        output_format="python",
        date_extraction_params={"extensive_search": True, "original_date": True},
    )
    body = doc.body if doc is not None else None
    return Candidate("trafilatura", body), doc


class _TreeDocument(ReadabilityDocument):
    """readability's Document over an already parsed tree; each pass works on a fresh copy."""

    def _parse(self, input):  # readability's own signature
        return super()._parse(copy.deepcopy(input))


def run_readability(tree: lxml_html.HtmlElement, url: str | None) -> Candidate:
    """readability-lxml's article, converted to trafilatura's tree format."""
    try:
        summary = _TreeDocument(tree, url=url).summary(html_partial=True)
        if not summary or not summary.strip():
            return Candidate("readability", None)
        root = lxml_html.fragment_fromstring(summary, create_parent="div")
    except Exception as exc:  # readability (or re-parsing its output) fails on odd trees: the
        LOG.debug("readability failed: %s", exc)  # other extractor remains
        return Candidate("readability", None)
    options = Extractor(output_format="txt", links=True, formatting=True, tables=True,
                        images=False, comments=False, url=url)
    body, _text = sanitize_tree(root, options)
    body.tag = "body"
    return Candidate("readability", body)


_PARAGRAPH_BREAK = re.compile(r"\n\s*|<(?:/p|br\s*/?|p(?:\s[^>]*)?)>", re.IGNORECASE)


def from_article_body(article_body: str | None) -> Candidate:
    """The page's JSON-LD ``articleBody`` as a candidate: one ``p`` per line or HTML paragraph."""
    body = etree.Element("body")
    for raw in _PARAGRAPH_BREAK.split(article_body or ""):
        if text := strip_tags(raw):
            etree.SubElement(body, "p").text = text
    return Candidate("articleBody", body if len(body) else None)
