"""The trailing ``Original url:`` of a save, repaired when spaces or line breaks split it.

Soft hyphens and zero-width characters are gone already (:func:`layout.normalise`).
"""

from __future__ import annotations

import re

from newsarchive.ingest.text.layout import Block

_URL_LABEL = re.compile(
    r"^\s*(?:original[ _-]?(?:url|link|address)|source(?:[ _-]?url)?|url|link|permalink"
    r"|оригинал|источник|джерело|المصدر|الرابط|מקור|fonte|fuente|quelle)\s*[:：]\s*(.*)$",
    re.IGNORECASE,
)
_URL_START = re.compile(r"https?://", re.IGNORECASE)
_NOT_URL = re.compile(r"[<>\"{}|\\^`]")
# Characters a URL piece may hold (IRIs allow non-ASCII letters too).
_URL_PIECE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%\u00a1-\uffff]+$")


def take_url(body: list[Block]) -> tuple[list[Block], str | None]:
    """``(blocks before the URL label, repaired URL)``; text after the URL stays text."""
    positions = [(b, k) for b, block in enumerate(body) for k in range(len(block))]
    for b, k in reversed(positions):
        match = _URL_LABEL.match(body[b][k])
        if not match:
            continue
        after = [*body[b][k + 1:], *(line for block in body[b + 1:] for line in block)]
        if _URL_START.search(match.group(1)) or (
                not match.group(1).strip() and after and _URL_START.match(after[0])):
            url, left = _join_pieces([match.group(1), *after])
            before = [*body[:b], body[b][:k]] if k else body[:b]
            return before + ([left] if left else []), url
    return _bare_url(body)


def _bare_url(body: list[Block]) -> tuple[list[Block], str | None]:
    """A last block that is nothing but a URL (no label)."""
    if len(body) > 1 and _URL_START.match(body[-1][0]):
        url, left = _join_pieces(body[-1])
        if url and not left:
            return body[:-1], url
    return body, None


def _join_pieces(lines: list[str]) -> tuple[str | None, Block]:
    """The URL from its pieces (split by spaces or lines), and the text after it."""
    words = [w for line in lines for w in line.split()]
    start = next((k for k, w in enumerate(words) if _URL_START.match(w)), None)
    if start is None:
        return None, []
    end = start + 1
    while end < len(words) and _URL_PIECE.match(words[end]) and not _URL_START.match(words[end]):
        end += 1
    left = " ".join(words[end:])
    # What can never be part of a URL ends it: "https://x.example/a</p>" is "https://x.example/a".
    url = _NOT_URL.split("".join(words[start:end]), maxsplit=1)[0]
    return url if _URL_START.match(url) else None, [left] if left else []
