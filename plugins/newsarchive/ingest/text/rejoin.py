"""Paragraphs broken mid-sentence, put back together; real one-line paragraphs kept.

A part that ends with closing punctuation ends a paragraph. A part without it is joined to
the next one when the evidence says the sentence goes on: the next part starts with a lower-case
word, or this part ends with a comma, dash, opening bracket or a word no sentence ends on
("the", "of", "and"), or it is long running text cut before a capitalised word (or one in a
script without case). Headings, list items, table rows,
separators and attribution lines stand alone.
"""

from __future__ import annotations

import re
import unicodedata

_CLOSERS = frozenset(".!?…:;\"'”’»)]}。！？؟۔।」』）】〉》")
_CONTINUES = frozenset(",，、،-–—([{“‘«/&+")
_LIST_ITEM = re.compile(r"^(?:[-–—•·*►▶▸]\s?|\d{1,3}[.)]\s)")
# Ends of lines that are not running text: handles, hashtags, addresses, numbers.
_NOT_PROSE = re.compile(r"[@#/\d]")
# Words no sentence ends on (articles, prepositions, conjunctions) in the archive's main
# languages: a part ending on one is cut, whatever follows.
_OPEN_WORDS = frozenset((
    "a", "an", "the", "of", "to", "in", "at", "for", "with", "by", "from", "and", "or", "but",
    "than", "into", "between", "its", "their", "our", "de", "da", "do", "dos", "das", "em", "no", "na", "os", "as", "um",
    "uma", "para", "por", "com", "el", "la", "los", "las", "del", "y", "en", "con", "le", "les",
    "des", "du", "un", "une", "et", "au", "aux", "pour", "par", "avec", "der", "die", "das",
    "den", "dem", "des", "ein", "eine", "und", "zu", "im", "von", "mit", "für", "auf", "il",
    "di", "e", "per", "и", "в", "на", "с", "по", "к", "о", "из", "за", "от", "для", "что", "і",
    "у", "з", "та", "що", "في", "من", "على", "إلى", "عن", "مع", "و"))
_MIN_RUNNING = 60  # characters: shorter unpunctuated lines before a capital are headings


def _width(text: str) -> int:
    """Length in Latin-character equivalents (a CJK character counts two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def stands_alone(part: str) -> bool:
    """A table row or separator line: never joined to its neighbour."""
    tokens = part.split()
    numeric = sum(any(c.isdigit() for c in t) for t in tokens)
    return not any(c.isalpha() for c in part) or numeric >= max(3, len(tokens) * 0.4)


def _is_title_case(part: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_]{4,}", part) if w[0].isupper() or w[0].islower()]
    capital = sum(w[0].isupper() for w in words)
    return len(words) >= 2 and capital >= 0.8 * len(words)


def _first_letter_word(part: str) -> str:
    match = re.search(r"[^\W_][^\s]*", part)
    return match.group(0) if match else ""


def _starts_lower(part: str) -> bool:
    word = re.sub(r"[^\w].*$", "", _first_letter_word(part))
    return word.islower() and word.isalpha()


def _looks_cut(part: str) -> bool:
    """Running text cut before a capitalised or caseless word (not a heading)."""
    last = part.split()[-1] if part.split() else ""
    return (_width(part) >= _MIN_RUNNING and last[-1:].isalpha() and not _NOT_PROSE.search(last)
            and not _is_title_case(part))


def should_join(first: str, second: str) -> bool:
    """Is ``second`` the rest of the sentence ``first`` leaves open?"""
    end = first.rstrip()[-1:]
    if not end or end in _CLOSERS or stands_alone(first) or _LIST_ITEM.match(second):
        return False
    if _starts_lower(second):
        return True
    # A list item or an attribution ("— Name, date") ends without punctuation.
    last = first.split()[-1].casefold()
    return not _LIST_ITEM.match(first) and (
        end in _CONTINUES or last in _OPEN_WORDS or _looks_cut(first))


def rejoin(parts: list[str]) -> list[str]:
    """Join each part to the previous one when :func:`should_join` says so."""
    out: list[str] = []
    for part in parts:
        if out and should_join(out[-1], part):
            # Scripts written without spaces (Chinese, Japanese) join without one.
            space = "" if _width(out[-1][-1] + part[0]) == 4 else " "
            out[-1] = f"{out[-1]}{space}{part}"
        else:
            out.append(part)
    return out
