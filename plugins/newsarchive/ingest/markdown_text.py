"""Plain text to safe Markdown: text stays text, never markup or raw HTML."""

from __future__ import annotations

import html
import re

_TAG_RE = re.compile(r"<[^>]*>")


# Characters Python-Markdown treats as syntax inside a paragraph.
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]{}])")
# Line starts that would make a block: headings, quotes, lists, setext/hr lines, admonitions,
# tables, indented code.
_LINE_START = re.compile(r"^([#>+=|:-]|!!!|\?\?\?|(\d+)([.)]))")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2028\u2029]")


def escape_inline(text: str) -> str:
    """Page text as Markdown that renders as exactly that text, never as markup."""
    text = _CONTROL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _INLINE_SPECIALS.sub(r"\\\1", text)


def escape_line_start(line: str) -> str:
    """Stop a line of text from starting a Markdown block (list, heading, table ...)."""
    line = line.lstrip()

    def fix(match: re.Match[str]) -> str:
        if match.group(2):  # "2019. Year of ..." is not an ordered list
            return f"{match.group(2)}\\{match.group(3)}"
        return "\\" + match.group(1) if match.group(1)[0] in "#>+-!" else "&#" + \
            str(ord(match.group(1)[0])) + ";" + match.group(1)[1:]

    return _LINE_START.sub(fix, line, count=1)


def strip_tags(text: str) -> str:
    """Remove HTML tags and decode entities: ``By <u>Reuters</u>`` -> ``By Reuters``."""
    previous = None
    while previous != text:  # entity-encoded tags (``&lt;b&gt;``) become tags, then go too
        previous = text
        text = html.unescape(_TAG_RE.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


def escape(text: str) -> str:
    """Escape a paragraph of plain text so Markdown renders it literally."""
    return escape_line_start(escape_inline(text))


def paragraphs_to_markdown(paragraphs: list[str]) -> str:
    return "\n\n".join(escape(p) for p in paragraphs if p.strip())
