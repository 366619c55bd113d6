"""The article's main text, chosen among extractors, written as safe Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import Document

from newsarchive.ingest.html import patterns as P
from newsarchive.ingest.html.choose import choose, introduces
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


PROSE_CHARS = 150  # characters of non-link text in a paragraph that anchors the article


def _text(el: etree._Element) -> str:
    return " ".join(el.xpath("string()").split())


def _is_link_block(el: etree._Element) -> bool:
    refs = [t for r in el.iter("ref") if (t := _text(r))]
    return len(refs) >= 2 and sum(len(t) for t in refs) >= 0.8 * len(_text(el))


def _prose_span(body: etree._Element) -> tuple[int, int] | None:
    """Document-order positions of the first and last long paragraph of prose.

    Article paragraphs run long; what extractors leak around an article (teaser summaries,
    credits, copyright lines) is short, so it does not stretch the span.
    """
    order = {el: i for i, el in enumerate(body.iter())}
    prose = []
    for el in body.iter("p", "quote"):
        text = _text(el)
        links = sum(len(_text(r)) for r in el.iter("ref"))
        if len(text) - links >= PROSE_CHARS:
            prose.append(order[el])
    return (min(prose), max(prose)) if prose else None


def split_link_lists(body: etree._Element) -> list[str]:
    """Remove blocks that are only a list of links ("more stories", "related", tag clouds)
    from the edges of the text, and labelled ones ("Related:", "Read more") anywhere.

    Extractors leak such lists before or after the article; sites also insert lists of their
    other stories between its paragraphs. A list of links between the article's paragraphs
    that its text introduces (the paragraph before ends with a colon: "The documents:") is
    the article's own (documents it cites, a timeline, a round-up) and stays. Labelled lists
    give their link texts as related headlines.
    """
    related: list[str] = []
    span = _prose_span(body)
    order = {el: i for i, el in enumerate(body.iter())}
    for el in list(body.iter("p", "list")):
        if el.getparent() is None or (el.tag == "p" and el.getparent().tag == "item"):
            continue
        if not _is_link_block(el):
            continue
        refs = [t for r in el.iter("ref") if (t := _text(r))]
        previous = el.getprevious()
        labelled = is_related_line(_text(el)) or (
            previous is not None and previous.tag in ("head", "p")
            and len(_text(previous)) < 60 and P.RELATED_LABEL.fullmatch(_text(previous) + ":"))
        inside = span is not None and span[0] < order[el] < span[1]
        if inside and not labelled and introduces(previous):
            continue
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
