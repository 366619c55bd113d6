"""Reader for plain-text saves in the seed's format.

Layout: a title line; a byline (``By <u>Reuters</u>``, stray HTML allowed); a date line; an
optional photo-credit line; paragraphs separated by blank lines, sometimes broken
mid-sentence; inline ``Related article: ...`` lines; and a trailing ``Original url:`` whose URL
may be broken by whitespace.
"""

from __future__ import annotations

import re

from newsarchive.ingest.dates import looks_like_date, parse_date
from newsarchive.ingest.language import guess_language
from newsarchive.ingest.markdown_text import paragraphs_to_markdown, strip_tags
from newsarchive.ingest.model import Extracted, IngestError

_RELATED = re.compile(r"^\s*(?:related(?: articles?| stories| story)?|read (?:also|more)|see also)"
                      r"\s*:\s*(.+)$", re.IGNORECASE)
_URL_LABEL = re.compile(r"^\s*(?:original[ _-]?url|source url|url|link)\s*:\s*(.*)$",
                        re.IGNORECASE | re.DOTALL)
_BYLINE = re.compile(r"^\s*(?:by|от|автор|بقلم)\s*[:\s]\s*(.+)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’»)\]]\s*$")
_URL_START = re.compile(r"https?://", re.IGNORECASE)


def _blocks(text: str) -> list[str]:
    """Blank-line separated blocks, each with its lines joined by single spaces."""
    blocks = []
    for raw in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [ln.strip() for ln in raw.split("\n") if ln.strip()]
        if lines:
            blocks.append("\n".join(lines))
    return blocks


def _is_paragraph(block: str) -> bool:
    return len(block.split()) >= 12 or bool(_SENTENCE_END.search(block) and len(block) > 60)


def _repair_url(text: str) -> str | None:
    """The URL after an ``Original url:`` label, with whitespace breaks removed."""
    match = _URL_START.search(text)
    if not match:
        return None
    return re.sub(r"\s+", "", text[match.start():]) or None


def read_text(text: str) -> Extracted:
    """Extract an article from a plain-text save; raise :class:`IngestError` if none."""
    blocks = _blocks(text)
    if not blocks:
        raise IngestError("the file is empty (nothing to archive; check the save)")
    result = Extracted()

    # The trailing "Original url:" block (the URL may be on the label line or the next block).
    for i in range(len(blocks) - 1, -1, -1):
        match = _URL_LABEL.match(blocks[i])
        if match:
            tail = " ".join([match.group(1), *blocks[i + 1:]])
            result.url = _repair_url(tail)
            blocks = blocks[:i]
            break
    if not blocks:
        raise IngestError("no title or text before the URL (check the save)")

    header_lines = blocks[0].split("\n")
    result.title = strip_tags(header_lines[0])
    rest_of_first = header_lines[1:]
    header: list[str] = list(rest_of_first)
    body_start = 1
    # Header blocks: everything before the first real paragraph.
    while body_start < len(blocks) and not _is_paragraph(blocks[body_start]):
        if _RELATED.match(blocks[body_start]):
            break
        header.extend(blocks[body_start].split("\n"))
        body_start += 1

    credits = []
    for line in header:
        clean = strip_tags(line)
        if not clean:
            continue
        if (byline := _BYLINE.match(clean)) and result.byline is None:
            result.byline = byline.group(1).strip()
        elif looks_like_date(clean) and result.date is None and "date" not in result.notes:
            result.date = parse_date(clean)
            if result.date is None:
                result.notes["date"] = f"the date line {clean!r} is not a valid date"
        else:
            credits.append(clean)
    if credits:
        result.photo_credit = " ".join(credits)

    paragraphs: list[str] = []
    for block in blocks[body_start:]:
        clean = strip_tags(block.replace("\n", " "))
        if not clean:
            continue
        if related := _RELATED.match(clean):
            result.related_titles.append(related.group(1).strip())
            continue
        # A paragraph broken mid-sentence: the previous one has no end and this one starts
        # in lower case.
        if paragraphs and not _SENTENCE_END.search(paragraphs[-1]) and clean[:1].islower():
            paragraphs[-1] = f"{paragraphs[-1]} {clean}"
        else:
            paragraphs.append(clean)
    if not paragraphs:
        raise IngestError("no article text found after the title and header lines "
                          "(check that the save holds the article, not just its headline)")
    result.body = paragraphs_to_markdown(paragraphs)
    result.language = guess_language(" ".join([result.title or "", *paragraphs[:3]]))
    return result
