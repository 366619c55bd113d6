"""Decoded text of a saved page to an lxml tree, refusing what is not a web page.

Saved pages can be huge (SingleFile inlines every image as a ``data:`` URL, some sites ship
megabytes of script), so what gets parsed is capped: inline data and scripts go first (JSON-LD
stays), then the tail is cut. An article sits in the first megabytes of any real page.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html
from lxml.etree import ParserError

from newsarchive.ingest.html.blocks import drop_elements
from newsarchive.ingest.model import IngestError

MAX_PARSE_CHARS = 4_000_000
# Real article pages have 1,000-3,000 elements; extraction time grows faster than linearly with
# the count, so a pathological page (endless ad slots, a giant comment thread) is cut.
MAX_ELEMENTS = 10_000

_MAGIC = (
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"RIFF", "a RIFF media file (WebP, WAV, AVI)"), (b"\x1f\x8b", "gzip data"),
    (b"{\\rtf", "an RTF document"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"), (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"), (b"OggS", "an Ogg media file"), (b"ID3", "an MP3 file"),
)
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|title|p|div|article|meta|h1|br)\b",
                       re.IGNORECASE)
_DATA_URL = re.compile(r"data:[a-z0-9.+/-]*;base64,[A-Za-z0-9+/=\s]{256,}", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def refuse_non_html(data: bytes) -> None:
    """Raise :class:`IngestError` for files that are plainly not a web page."""
    head = data[:16].lstrip()
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise IngestError(f"this is {what}, not a saved web page (ingest takes the page "
                              "saved as .html; check that the right file was renamed)")
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError("binary data, not a saved web page (save the article page as HTML)")


def require_markup(text: str) -> None:
    if not _HTML_TAG.search(text[:200_000]):
        raise IngestError("no HTML markup found: this is not a saved web page (save the article "
                          "as .html, or as .txt to use the plain-text reader)")


def shrink(text: str, limit: int = MAX_PARSE_CHARS) -> str:
    """Cap the text to parse, dropping what never holds article text first."""
    if len(text) <= limit:
        return text
    text = _DATA_URL.sub(" ", text)
    for name in ("script", "style", "svg"):
        if len(text) <= limit:
            return text
        text = drop_elements(text, name, keep=_is_json_ld if name == "script" else None)
    return text[:limit]


def _is_json_ld(opening_tag: str) -> bool:
    return "ld+json" in opening_tag.lower()


def parse_capped(text: str) -> lxml_html.HtmlElement:
    """Parse at most :data:`MAX_PARSE_CHARS` characters and :data:`MAX_ELEMENTS` elements."""
    text = shrink(text)
    for _ in range(4):
        tree = parse(text)
        count = sum(1 for _ in tree.iter())
        if count <= MAX_ELEMENTS:
            break
        text = text[: int(len(text) * MAX_ELEMENTS / count * 0.9)]
    return tree


# Characters XML cannot hold: lxml keeps them in an HTML tree but refuses them in any text
# set later (trafilatura's cleaning moves text around), so they go before parsing. Form feed
# and vertical tab separate words; the other controls show nothing in a browser.
_NOT_XML = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_SPACING_CONTROL = re.compile(r"[\x0b\x0c]")


def parse(text: str) -> lxml_html.HtmlElement:
    """Parse (and repair) a page; truncated and malformed markup is fine."""
    text = _SPACING_CONTROL.sub(" ", _NOT_XML.sub("", _XML_DECL.sub("", text, count=1)))
    parser = lxml_html.HTMLParser(remove_comments=False, remove_pis=True, huge_tree=True,
                                  recover=True, no_network=True)
    try:
        tree = lxml_html.document_fromstring(text, parser=parser)
    except (ParserError, ValueError) as exc:
        raise IngestError(f"the page cannot be parsed as HTML ({exc}); re-save it") from exc
    if tree is None:
        raise IngestError("the page is empty after parsing (re-save it)")
    return tree
