"""Reader for plain-text saves in the seed's format, by layout.

Layout: a title line; header lines (byline, date line, photo credit, in any order, any of them
missing); paragraphs separated by blank lines (or by single line breaks), sometimes broken
mid-sentence; related-article lines between them; a trailing ``Original url:`` whose URL may be
split by spaces, line breaks or soft hyphens. The header ends at the first line that is neither
byline, date nor credit: that line is body, however short.
"""

from __future__ import annotations

from newsarchive.ingest.language import guess_language
from newsarchive.ingest.markdown_text import paragraphs_to_markdown, strip_tags
from newsarchive.ingest.model import Extracted, IngestError
from newsarchive.ingest.text.header import read_header
from newsarchive.ingest.text.layout import blocks, meta_line, normalise, paragraphs
from newsarchive.ingest.text.rejoin import rejoin
from newsarchive.ingest.text.related import related_title
from newsarchive.ingest.text.url import take_url


def _split_related(parts: list[str]) -> tuple[list[str], list[str]]:
    """``(paragraphs, related titles)``, both in order."""
    kept, related = [], []
    for part in parts:
        if (title := related_title(part)) is not None:
            if title := strip_tags(title):
                related.append(title)
        else:
            kept.append(part)
    return kept, related


def read_text(text: str) -> Extracted:
    """Extract an article from a plain-text save; raise :class:`IngestError` if none."""
    found = blocks(normalise(text))
    if not found:
        raise IngestError("the file is empty (nothing to archive; check the save)")
    found, url = take_url(found)
    if not found:
        raise IngestError("no title or text before the URL (check the save)")
    line_mode = len(found) == 1  # no blank line anywhere: one paragraph per line
    result = Extracted(url=url, title=meta_line(found[0][0]) or None)
    rest = [found[0][1:], *found[1:]] if len(found[0]) > 1 else found[1:]
    header, body = read_header(rest)
    result.byline, result.date, result.modified = header.byline, header.date, header.modified
    result.photo_credit = header.credit
    result.notes.update(header.notes)
    parts, result.related_titles = _split_related(
        paragraphs(body, lambda line: related_title(line) is not None, line_mode))
    parts = rejoin(parts)
    if not parts:
        raise IngestError("no article text found after the title and header lines "
                          "(check that the save holds the article, not just its headline)")
    result.body = paragraphs_to_markdown(parts)
    result.language = guess_language(" ".join([result.title or "", *parts[:3]]))
    return result
