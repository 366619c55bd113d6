"""The trailing ``Original url:`` of a save, repaired when spaces or line breaks split it."""

from __future__ import annotations

import re

from newsarchive.ingest.text.layout import Block

_URL_LABEL = re.compile(
    r"^\s*(?:original[ _-]?(?:url|link|address)|source(?:[ _-]?url)?|url|link|permalink"
    r"|оригинал|источник|джерело|المصدر|الرابط|מקור|fonte|fuente|quelle)\s*[:：]\s*(.*)$",
    re.IGNORECASE,
)
_URL_START = re.compile(r"https?://", re.IGNORECASE)
_URL_PIECE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%\u00a1-\uffff]+$")


def take_url(body: list[Block]) -> tuple[list[Block], str | None]:
    """``(blocks before the URL label, repaired URL)``; blocks after the URL stay text."""
    for i in range(len(body) - 1, -1, -1):
        match = _URL_LABEL.match(body[i][0])
        if match and (_URL_START.search(match.group(1)) or _url_follows(match, body, i)):
            pieces = [match.group(1), *body[i][1:]]
            rest = [piece for block in body[i + 1:] for piece in block]
            url, left = _join_pieces(pieces + rest)
            return body[:i] + ([left] if left else []), url
    return _bare_url(body)


def _url_follows(match: re.Match[str], body: list[Block], i: int) -> bool:
    """A bare label whose URL is on the next line or in the next block."""
    if match.group(1).strip():
        return False
    following = body[i][1:2] or (body[i + 1][:1] if i + 1 < len(body) else [])
    return bool(following and _URL_START.match(following[0]))


def _bare_url(body: list[Block]) -> tuple[list[Block], str | None]:
    """A last block that is nothing but a URL (no label)."""
    if len(body) > 1 and _URL_START.match(body[-1][0]):
        url, left = _join_pieces(body[-1])
        if url and not left:
            return body[:-1], url
    return body, None


def _join_pieces(lines: list[str]) -> tuple[str | None, Block]:
    """The URL from its pieces (split by spaces or lines), and the lines after it."""
    words = [w for line in lines for w in line.split()]
    start = next((k for k, w in enumerate(words) if _URL_START.match(w)), None)
    if start is None:
        return None, []
    end = start + 1
    while end < len(words) and _URL_PIECE.match(words[end]) and not _URL_START.match(words[end]):
        end += 1
    url = "".join(words[start:end])
    left = " ".join(words[end:])
    return url, [left] if left else []
