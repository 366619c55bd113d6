"""A save's text as blocks of lines: encoding marks, line endings and inline markup removed."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from newsarchive.ingest.markdown_text import strip_tags

# BOMs and zero-width characters that saves carry at line starts or inside words.
_INVISIBLE = re.compile(r"[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_BLANK = re.compile(r"\n[ \t\u00a0\u3000]*\n")
# Real HTML tags only (ASCII names, comments): "<왔다, 장보리>" or "<5 km>" is text.
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|/)[^)\s]*\)")

Block = list[str]


def normalise(text: str) -> str:
    """Unix line endings, no BOM or zero-width characters."""
    return _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))


def clean_line(line: str) -> str:
    """A line as a reader sees it: tags, entities and Markdown links reduced to their text."""
    previous = None
    while previous != line:  # entity-encoded tags (``&lt;u&gt;``) become tags, then go too
        previous = line
        line = html.unescape(_TAG.sub("", line))
    return re.sub(r"\s+", " ", _MD_LINK.sub(r"\1", line)).strip()


def meta_line(line: str) -> str:
    """A header or title line as metadata: :func:`clean_line`, then plain text (an unclosed
    tag such as ``<svg onload=...`` is not text a curator saved, see ``strip_tags``)."""
    return strip_tags(clean_line(line))


def blocks(text: str) -> list[Block]:
    """Blank-line separated blocks, each a list of stripped, non-empty raw lines."""
    found = []
    for raw in _BLANK.split(text):
        lines = [ln.strip() for ln in raw.split("\n") if ln.strip()]
        if lines:
            found.append(lines)
    return found


_ENDS = re.compile(r"[.!?…:;\"'”’»)\]。！？؟]$")


def _lines_are_paragraphs(block: Block) -> bool:
    """Most lines end a sentence: one paragraph per line, not a hard-wrapped paragraph."""
    inner = block[:-1]
    return len(inner) >= 2 and sum(bool(_ENDS.search(line)) for line in inner) * 2 > len(inner)


def paragraphs(body: list[Block], apart: Callable[[str], bool], line_mode: bool) -> list[str]:
    """Candidate paragraphs: one per block, or one per line in a save without blank lines.

    A block's lines are a hard-wrapped paragraph, except in ``line_mode`` (the save has no
    blank lines: it separates paragraphs by single line breaks), in blocks where most lines end
    a sentence (paragraphs one per line after a blank-line separated header) and for lines that
    ``apart`` says stand on their own (related-article lines).
    """
    out: list[str] = []
    for block in body:
        unit: list[str] = []
        per_line = line_mode or _lines_are_paragraphs(block)
        for line in map(clean_line, block):
            if line and (per_line or apart(line)):
                out.extend([" ".join(unit)] if unit else [])
                out.append(line)
                unit = []
            elif line:
                unit.append(line)
        out.extend([" ".join(unit)] if unit else [])
    return out
