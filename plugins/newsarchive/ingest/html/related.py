"""Headlines a page links as related ("Related article: ...", "Read more" boxes)."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from newsarchive.ingest.html import patterns as P

_SPACE = re.compile(r"\s+")


def _text(el: lxml_html.HtmlElement) -> str:
    return _SPACE.sub(" ", el.text_content()).strip()


def _headline_like(text: str) -> bool:
    words = text.split()
    return (len(words) >= 3 or len(text) >= 12) and len(text) <= 300


def is_related_line(text: str) -> bool:
    """A short paragraph that starts with a related-article label."""
    text = _SPACE.sub(" ", text).strip()
    return len(text) < 300 and bool(P.RELATED_LABEL.match(text)) and \
        len(P.RELATED_LABEL.sub("", text, count=1)) > 0


def find_related(tree: lxml_html.HtmlElement) -> list[str]:
    """Related headlines, in page order, without duplicates."""
    found: list[str] = []
    for el in tree.iter("p", "li", "div", "span", "strong", "b", "h3", "h4", "h5"):
        if len(el) > 12:
            continue
        start = (el.text or "").strip() or (
            (el[0].text or "") if len(el) and isinstance(el[0].tag, str) else "")
        if not P.RELATED_LABEL.match(start.strip()) or not start.strip():
            continue  # cheap test first: the label opens the element
        text = _text(el)
        if not is_related_line(text):
            continue
        links = [t for a in el.iter("a") if _headline_like(t := _text(a))]
        if links:
            found.extend(links)
        elif (rest := P.RELATED_LABEL.sub("", text, count=1).strip()) and _headline_like(rest) \
                and el.tag == "p":
            found.append(rest)
    for box in tree.xpath(P.RELATED_BOX_XPATH):
        marker = f"{box.get('class', '')} {box.get('id', '')}"
        if not P.RELATED_BOX.search(marker):
            continue
        links = [t for a in box.iter("a") if _headline_like(t := _text(a))]
        if 1 <= len(links) <= 30:
            found.extend(links)
    unique = [t for t in dict.fromkeys(found) if not P.RELATED_LABEL.fullmatch(t)]
    return unique[: P.MAX_RELATED]
