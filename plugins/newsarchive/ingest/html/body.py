"""The article's main text, found by trafilatura, written as safe Markdown."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import trafilatura
from lxml import html as lxml_html
from trafilatura.settings import Document

from newsarchive.ingest.html.markdown import to_markdown


@dataclass
class BodyResult:
    markdown: str
    text: str  # plain text of the kept paragraphs, for language guessing and size checks
    doc: Document | None  # trafilatura's metadata, a fallback for ours


def extract_body(tree: lxml_html.HtmlElement, url: str | None, keep=None) -> BodyResult:
    """Run trafilatura on a copy of the tree (it edits what it is given)."""
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
    if doc is None or doc.body is None:
        return BodyResult("", "", doc)
    markdown = to_markdown(doc.body, url, keep)
    return BodyResult(markdown, doc.body.xpath("string()"), doc)
