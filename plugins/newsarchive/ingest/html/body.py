"""The article's main text, chosen among extractors, written as safe Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import Document

from newsarchive.ingest.html import patterns as P
from newsarchive.ingest.html.choose import choose
from newsarchive.ingest.html.extractors import run_readability, run_trafilatura
from newsarchive.ingest.html.markdown import to_markdown
from newsarchive.ingest.html.related import is_related_line


@dataclass
class BodyResult:
    markdown: str
    text: str  # plain text of the kept paragraphs, for language guessing and size checks
    doc: Document | None  # trafilatura's metadata, a fallback for ours
    related: list[str] = field(default_factory=list)  # headlines of dropped link lists
    extractor: str | None = None  # which extractor's text this is


def _text(el: etree._Element) -> str:
    return " ".join(el.xpath("string()").split())


def split_link_lists(body: etree._Element) -> list[str]:
    """Remove blocks that are only a list of links ("more stories", "related", tag clouds).

    Such blocks are never article prose. Their link texts are returned as related headlines
    when the block (or the heading just before it) carries a related-article label.
    """
    related: list[str] = []
    for el in list(body.iter("p", "list")):
        if el.getparent() is None or (el.tag == "p" and el.getparent().tag == "item"):
            continue
        refs = [t for r in el.iter("ref") if (t := _text(r))]
        total = _text(el)
        if len(refs) < 2 or sum(len(t) for t in refs) < 0.8 * len(total):
            continue
        previous = el.getprevious()
        label = total if refs else ""
        labelled = is_related_line(label) or (
            previous is not None and previous.tag in ("head", "p")
            and len(_text(previous)) < 60 and P.RELATED_LABEL.fullmatch(_text(previous) + ":"))
        if labelled:
            related.extend(t for t in refs if len(t.split()) >= 3 or len(t) >= 12)
            if previous is not None and previous.tag == "head":
                _drop(previous)
        _drop(el)
    return related


def _drop(el: etree._Element) -> None:
    """Remove an element but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def extract_body(tree: lxml_html.HtmlElement, url: str | None, keep=None,
                 article_body: str | None = None) -> BodyResult:
    """Run the extractors, keep the text the evidence supports (:mod:`.choose`)."""
    primary, doc = run_trafilatura(tree, url)
    chosen = choose([primary, run_readability(tree, url)], article_body)
    if chosen is None:
        return BodyResult("", "", doc)
    related = split_link_lists(chosen.body)
    markdown = to_markdown(chosen.body, url, keep)
    return BodyResult(markdown, chosen.body.xpath("string()"), doc, related, chosen.name)
