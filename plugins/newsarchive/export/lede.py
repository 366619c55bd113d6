"""An article's lede as plain text: its first prose paragraph, without Markdown or HTML.

What a feed entry's summary (and any other short description of an article) shows. Only the
first blocks of the body are read. One holding Markdown syntax is rendered with Python-Markdown
(the site's own renderer) and read back with lxml, so emphasis, links and entities come out as
the words a reader sees, and raw HTML in the body (``<script>``, ``<b>``) never survives as
markup; a plain one (most, as ingest writes them) is read as it is.
"""

from __future__ import annotations

import html
import itertools
import re
import threading
from collections.abc import Iterator

import markdown
from lxml import etree
from lxml import html as lxml_html

from newsarchive.export.xmltext import xml_text

LIMIT = 300  # characters of a summary, ellipsis included
_BLOCKS_TRIED = 12  # a lede is among the first blocks; a body of only lists has none

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
# Blocks that are never the lede: headings, quotes, lists, tables, admonitions, footnote
# definitions, indented code, rules (an image alone is caught after rendering: no text).
_NOT_PROSE = re.compile(
    r"^(?:( {4}|\t)| {0,3}(?:#|>|\||!!!|\?\?\?|\[\^|[-*+]\s|\d+[.)]\s|([-*_])\s*\2\s*\2))")
# Elements whose text is not prose a reader sees (raw HTML a Markdown body may hold).
_HIDDEN = ("script", "style", "template", "noscript", "iframe", "object", "svg", "math")
_NOT_PROSE_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "pre",
                             "blockquote", "figure", "hr", "details"})
# A block with none of these (once its backslash escapes and entities are read) is plain text
# to Markdown as well: no inline syntax, raw HTML, or line that may start a heading, rule or
# quotation (Python-Markdown finds those inside a paragraph too). Its text is read without
# rendering, twenty times faster. Most ledes are such: ingest writes plain text, escaping
# Markdown's characters and "&<>" the way these two patterns read them.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<]|  \n|\n[ \t]*[-=#>]")
_ESCAPE_OR_ENTITY = re.compile(  # Python-Markdown's ESCAPED_CHARS and ENTITY_RE
    r"\\([!#()*+\-.>\[\\\]_`{}])|(&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)")
# A paragraph in emphasis as a whole (an editor's note or standfirst in italics, common as
# an article's first block): its text is the inside, read the same way when plain.
_EMPHASISED = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.*\S)\1", re.DOTALL)
_SPACE = re.compile(r"\s+")
_TRIM = " ,;:—–-"

_local = threading.local()


def _markdown() -> markdown.Markdown:
    """One Markdown converter per thread (a converter keeps state between calls)."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(output_format="html")
    return md


def _blocks(body: str) -> Iterator[str]:
    """The body's blank-line separated blocks, in order, fenced code blocks left out whole
    (lazily: a lede is found in the first few)."""
    fence = ""
    start = 0
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    for gap in itertools.chain(_BLANK_LINE.finditer(body), [None]):
        text = body[start:gap.start() if gap else len(body)].strip("\n")
        start = gap.end() if gap else len(body)
        if fence:
            if text.rstrip().endswith(fence):
                fence = ""
            continue
        if m := _FENCE.match(text.lstrip()):
            lines = text.strip().splitlines()
            if len(lines) == 1 or not lines[-1].strip().startswith(m.group(1)):
                fence = m.group(1)
            continue
        if text.strip():
            yield text


def _paragraph_text(block: str) -> str:
    """The text a reader sees of ``block`` if it is prose (a paragraph, or raw HTML that is
    not a heading, list, table, quotation, code or figure), else ``""``."""
    if not _MARKDOWN_SYNTAX.search(_ESCAPE_OR_ENTITY.sub("", block)):
        return _plain_text(block)
    whole = _EMPHASISED.fullmatch(block)
    if whole and not _MARKDOWN_SYNTAX.search(_ESCAPE_OR_ENTITY.sub("", whole.group(2))):
        return _plain_text(whole.group(2))
    return _rendered_text(block)


def _plain_text(block: str) -> str:
    """The text of a block without Markdown syntax (only escapes and entities)."""
    return _SPACE.sub(" ", xml_text(_ESCAPE_OR_ENTITY.sub(_unescape, block))).strip()


def _unescape(match: re.Match[str]) -> str:
    return match.group(1) or html.unescape(match.group(2))


def _rendered_text(block: str) -> str:
    """:func:`_paragraph_text` by rendering ``block`` with Markdown and reading the HTML."""
    rendered = _markdown().reset().convert(_FOOTNOTE_REF.sub("", xml_text(block)))
    try:
        root = lxml_html.fragment_fromstring(rendered, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, *_HIDDEN, with_tail=False)
    first = next(iter(root), None)
    if first is not None and not (root.text or "").strip() and first.tag in _NOT_PROSE_TAGS:
        return ""
    return _SPACE.sub(" ", root.text_content()).strip()


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters on a word boundary, with ``…`` when cut
    (mid-word only when the text has no space in its second half: e.g. Chinese or Japanese)."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if not text[limit - 1].isspace() and space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(_TRIM) + "…"


def lede(body: str, limit: int = LIMIT) -> str:
    """The first prose paragraph of a Markdown ``body`` as plain text, at most ``limit``
    characters (cut on a word boundary); ``""`` when the first blocks hold no paragraph."""
    for block in itertools.islice(_blocks(body), _BLOCKS_TRIED):
        if _NOT_PROSE.match(block):
            continue
        text = _paragraph_text(block)
        if text:
            return shorten(text, limit)
    return ""
