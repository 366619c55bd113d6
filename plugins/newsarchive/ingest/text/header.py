"""The header of a save: the lines between the title and the first body line.

Each line is classified by what it is (byline, date line, photo credit); the first line that
is none of them opens the body, however short it is.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field

from newsarchive.ingest.dates import looks_like_date, parse_date
from newsarchive.ingest.text.layout import Block, meta_line

_BYLINE = re.compile(
    r"^\(?\s*(?:(?:written|reported|reporting|words|text|story|compiled)\s+by|by"
    r"|por|par|von|di|door|av|af|przez|autor(?:a|ka|es)?|author|автор(?:ы|и)?|текст|від|от"
    r"|بقلم|كتب|كتبت|إعداد|מאת|yazan|yazar|文|글|记者|記者|撰文)"
    r"(?:\s*[:：=]\s*|\s+)(?P<name>.+?)\)?$"
    r"|^(?P<suffixed>[^\W\d_]+(?:\s[^\W\d_]+)?)\s*(?:기자|記者|记者)(?:\s+\S+@\S+)?$",  # 홍길동 기자
    re.IGNORECASE,
)
# Words a name may hold in lower case: particles and the joins between two names.
_NAME_PARTICLES = frozenset((
    "and", "&", "und", "e", "y", "et", "i", "и", "та", "і", "و", "da", "de", "del", "della",
    "der", "di", "do", "dos", "du", "el", "al", "van", "von", "bin", "ibn", "la", "le", "ter",
    "ten", "staff"))
_CREDIT_LABEL = re.compile(
    r"^\(?\s*(?:photo(?:graph)?s?(?:\s+credit)?|credits?|image|picture|pictures|illustration"
    r"|foto(?:s|grafia)?|фото(?:графия)?|світлина|صورة|الصورة|צילום|写真|사진|图片|圖片"
    r"|zdjęcie|kuva|bild)\s*[:：=]"
    r"|^\(?\s*(?:photo|image)\s+(?:by|courtesy(?:\s+of)?)\s",
    re.IGNORECASE,
)


@dataclass
class Header:
    """What the header lines said; ``notes`` holds lines that need a curator's eye."""

    byline: str | None = None
    date: dt.date | None = None
    modified: dt.date | None = None
    credit: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)  # date lines no parser could read


def byline_of(line: str) -> str | None:
    """The name(s) of a byline line (``By A and B``, ``Автор: X``, ``بقلم X``), else ``None``."""
    match = _BYLINE.match(line)
    if not match:
        return None
    name = (match.group("name") or match.group("suffixed")).strip().rstrip(",;|")
    return name if looks_like_names(name) else None


def looks_like_names(text: str) -> bool:
    """Short, no sentence end, and every word a capitalised name part or a known particle."""
    words = text.split()
    if not 1 <= len(words) <= 12 or re.search(r"[!?]$|[^\W\d_]{4,}\.$|https?://", text):
        return False
    lower = [w for w in words if w[:1].islower() and w.casefold() not in _NAME_PARTICLES]
    return not lower


def is_credit(line: str) -> bool:
    """A photo credit: a ``Photo:`` / ``Credit:`` label, or short names and agencies split by ``/``."""
    if _CREDIT_LABEL.match(line):
        return len(line) <= 160
    parts = [p.strip() for p in line.split("/")]
    if len(parts) < 2 or len(line) > 120 or "://" in line:
        return False
    return all(p and len(p.split()) <= 5 and looks_like_names(p) and not p[0].isdigit()
               for p in parts)


def _is_plain_name(line: str) -> bool:
    """A label-less byline candidate: two to five capitalised words, no digits."""
    words = line.split()
    return 2 <= len(words) <= 8 and not re.search(r"\d|[.:;!?]$", line) and looks_like_names(line)


def _date_line(header: Header, line: str) -> bool:
    if not looks_like_date(line):
        return False
    parsed = parse_date(line)
    if parsed is None:
        header.unread.append(line)
    elif header.date is None:
        header.date = parsed
    elif header.modified is None:
        header.modified = parsed
    return True


def _classify(header: Header, line: str) -> bool:
    """Record ``line`` in the header if it is a header line; ``False`` if it is body."""
    if header.byline is None and (name := byline_of(line)):
        header.byline = name
        return True
    if header.credit is None and _CREDIT_LABEL.match(line) and is_credit(line):
        header.credit = line
        return True
    if _date_line(header, line):
        return True
    if header.credit is None and is_credit(line):
        header.credit = line
        return True
    return False


def read_header(rest: list[Block]) -> tuple[Header, list[Block]]:
    """Classify the lines after the title; return the header and the blocks of the body."""
    header = Header()
    lines = [(b, k) for b, block in enumerate(rest) for k in range(len(block))]
    for pos, (b, k) in enumerate(lines):
        line = meta_line(rest[b][k])
        if not line or _classify(header, line):
            continue
        if header.byline is None and header.date is None and _is_plain_name(line) and \
                _next_is_date(rest, lines[pos + 1:pos + 2]):
            header.byline = line
            continue
        return _settle(header, _after_deck(header, [rest[b][k:], *rest[b + 1:]]))
    return _settle(header, [])


def _after_deck(header: Header, body: list[Block], deck: int = 2) -> list[Block]:
    """Header lines that follow a short deck (a standfirst under the title) still count.

    Within the first ``deck`` blocks after the first body line, a block of header lines that
    holds a byline or a date line starts a run of header blocks (byline, date, credit) that joins
    the header; the blocks before it stay body. A lede is never taken for a credit this way.
    """
    for start in range(1, min(deck, len(body) - 1) + 1):
        if _header_block(header, body[start], needs_name_or_date=True):
            end = start + 1
            while end < len(body) and _header_block(header, body[end]):
                end += 1
            return body[:start] + body[end:]
    return body


def _header_block(header: Header, block: Block, needs_name_or_date: bool = False) -> bool:
    """Record ``block`` in ``header`` if all its lines are header lines (else leave it)."""
    trial = copy.deepcopy(header)
    lines = [line for line in map(meta_line, block) if line]
    if not lines or not all(_classify(trial, line) for line in lines):
        return False
    if needs_name_or_date and (trial.byline, trial.date) == (header.byline, header.date):
        return False
    header.__dict__.update(trial.__dict__)
    return True


def _settle(header: Header, body: list[Block]) -> tuple[Header, list[Block]]:
    """Unread date lines go to review when no date was found, else back to the body."""
    if header.unread and header.date is None:
        first, *others = header.unread
        also = "".join(f"; nor is {line!r}" for line in others)
        header.notes["date"] = f"the date line {first!r} is not a valid date{also}"
    elif header.unread:
        body = [[line] for line in header.unread] + body
    return header, body


def _next_is_date(rest: list[Block], following: list[tuple[int, int]]) -> bool:
    if not following:
        return False
    b, k = following[0]
    line = meta_line(rest[b][k])
    return looks_like_date(line) and parse_date(line) is not None
