"""Plain text to safe Markdown: text stays text, never markup or raw HTML."""

from __future__ import annotations

import html
import re

# "{" and "}" too: attr_list syntax ("{: onclick=...}") must stay text.
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]{}])")
_BLOCK_START = re.compile(r"^(\s*)([#>+=~-]|\d+[.)])")
_TAG_RE = re.compile(r"<[^>]*>")


def strip_tags(text: str) -> str:
    """Remove HTML tags and decode entities: ``By <u>Reuters</u>`` -> ``By Reuters``."""
    previous = None
    while previous != text:  # entity-encoded tags (``&lt;b&gt;``) become tags, then go too
        previous = text
        text = html.unescape(_TAG_RE.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


def escape(text: str) -> str:
    """Escape a paragraph of plain text so Markdown renders it literally."""
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    # Python-Markdown has no backslash escape for "<": an entity keeps raw HTML out.
    text = text.replace("<", "&lt;")
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def paragraphs_to_markdown(paragraphs: list[str]) -> str:
    return "\n\n".join(escape(p) for p in paragraphs if p.strip())
