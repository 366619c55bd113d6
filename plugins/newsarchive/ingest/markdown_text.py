"""Plain text to safe Markdown: text stays text, never markup or raw HTML."""

from __future__ import annotations

import html
import re

from newsarchive.markup import TAG_START

# A tag or comment as an HTML tokenizer starts one (newsarchive.markup: "<" then an ASCII
# letter, "/", "!" or "?"; anything else after "<" is text: "a < b", "x <Ж"). It ends at the
# next ">" or, unclosed, at the end of the value: ``Ceasefire holds <svg onload=...`` loses
# ``<svg onload=...``.
_TAG_RE = re.compile(f"<{TAG_START}[^>]*(?:>|$)")
# What a removal can leave behind: "<<b>svg" becomes "<svg". Every "<" still in front of a
# tag start after the last round goes, so no tag can form again.
# Only at the start of a run of "<" (else each "<" of a long run rescans the rest: quadratic).
_TAG_OPEN = re.compile(f"(?<!<)<+(?={TAG_START})")
# Metadata is one line: C0 and C1 controls go (tab and newline become spaces below). They go
# before tags are looked for, so that "<\u200bscript>" cannot become "<script>".
_META_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029]")
_ROUNDS = 4  # entity-decode and strip rounds; "&amp;lt;b&amp;gt;" needs two

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
    """Plain text of a metadata value: no tags (closed or not), no entities, no control
    characters, whitespace collapsed: ``By <u>Reuters</u>`` -> ``By Reuters``,
    ``Idlib <svg onload=x`` -> ``Idlib``, ``&lt;script&gt;x`` -> ``x``.

    The result holds no ``<`` that an HTML parser would read as the start of a tag
    (:data:`newsarchive.markup.MARKUP_START`), so the loader accepts it and it stays text
    wherever it is printed (templates escape it as well)."""
    for _ in range(_ROUNDS):  # entity-encoded tags (``&lt;b&gt;``) become tags, then go too
        previous = text
        text = _TAG_RE.sub("", _META_CONTROL.sub("", html.unescape(text)))
        if text == previous:
            break
    return re.sub(r"\s+", " ", _TAG_OPEN.sub("", text)).strip()


plain_text = strip_tags


def escape(text: str) -> str:
    """Escape a paragraph of plain text so Markdown renders it literally."""
    return escape_line_start(escape_inline(text))


def paragraphs_to_markdown(paragraphs: list[str]) -> str:
    return "\n\n".join(escape(p) for p in paragraphs if p.strip())
