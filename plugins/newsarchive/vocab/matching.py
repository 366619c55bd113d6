"""Finding vocabulary phrases and place names in free text (any script)."""

from __future__ import annotations

import marshal
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

V = TypeVar("V")


class PhraseMatcher:
    """Counts occurrences of known phrases in text, whole words only, case-insensitively."""

    def __init__(self, phrases: Mapping[str, str]) -> None:
        """``phrases`` maps a phrase (any case) to the key it stands for."""
        self._keys = {p.casefold(): k for p, k in phrases.items() if p.strip()}
        # Longest first, so "Idlib province" wins over "Idlib".
        ordered = sorted(self._keys, key=len, reverse=True)
        alternation = "|".join(re.escape(p) for p in ordered) or r"(?!x)x"
        self._re = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)

    def count(self, text: str) -> Counter[str]:
        found: Counter[str] = Counter()
        for match in self._re.finditer(text):
            key = self._keys.get(match.group(0).casefold())
            if key is not None:
                found[key] += 1
        return found

    def positions(self, text: str) -> list[tuple[int, str]]:
        """``(offset, key)`` of every match, in text order."""
        out = []
        for match in self._re.finditer(text):
            key = self._keys.get(match.group(0).casefold())
            if key is not None:
                out.append((match.start(), key))
        return out


def closest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``value`` (case-insensitive), if any is reasonably close."""
    import difflib

    pool = {c.casefold(): c for c in candidates}
    hit = difflib.get_close_matches(value.casefold(), list(pool), n=1, cutoff=0.6)
    return pool[hit[0]] if hit else None


# ---------------------------------------------------------------------------- place names

_TOKEN = re.compile(r"\w+")
_SENTENCE_BREAK = re.compile(r"[.;:!?]\s|\n|[,،]")
# Alef forms, alef maqsura and ta marbuta are written interchangeably in Arabic news.
_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
# Arabic attaches conjunctions and prepositions to the next word: بإدلب "in Idlib",
# وسوريا "and Syria", للعراق "for Iraq".
_ARABIC_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
# Russian and Ukrainian case endings a place name takes after its stem (в Идлибе,
# у Харкові, из Сирии, Донецкой области).
_CYR_ENDINGS = frozenset(
    ["а", "я", "о", "е", "ё", "ь", "й", "ы", "и", "і", "у", "ю", "є", "ї", "ом", "ем", "ём", "ой", "ей", "ою", "ею", "ам", "ям", "ах", "ях", "ами", "ями", "ов", "ев", "ию", "ия", "ии", "ие", "ией", "ієї", "ії", "ію", "ія", "ую", "юю", "ая", "ое", "ые", "ых", "ым", "их", "им", "ого", "его", "ому", "ему"]) | {""}
_CYR_VOWELS = "аяоеёьйыиіуюєї"
# Case endings of nouns in the West Slavic languages written in Latin script (Polish,
# Czech, Slovak): "w Gdańsku", "z Krakowa", "ve Brně" is not matched; "v Praze" neither.
# Adjective endings ("gdański", "-ego") are left out: an adjective is not the place.
_SLAVIC_ENDINGS = ("owi", "iem", "iu", "ie", "em", "a", "u", "y")
# Scripts written without spaces between words (or with particles attached to names):
# their names are found anywhere inside a run of letters.
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR")


def script_of(text: str) -> str:
    """First word of the Unicode name of the first letter: LATIN, CYRILLIC, ARABIC ..."""
    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "?").split()[0]
    return ""


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """Case, diacritics and Arabic letter variants folded: the form names are compared in."""
    if word.isascii():
        return word.lower()
    word = unicodedata.normalize("NFKD", word.lower().translate(_ARABIC))
    return "".join(ch for ch in word if not unicodedata.combining(ch))


_CYR_ENDINGS = frozenset(fold_word(e) for e in _CYR_ENDINGS)
_CYR_VOWELS = "".join(sorted({fold_word(v) for v in _CYR_VOWELS}))


def _cyr_stem(word: str) -> str:
    stem = word
    for _ in range(2):
        if len(stem) > 3 and stem[-1] in _CYR_VOWELS:
            stem = stem[:-1]
    return stem


def _cyr_stems(word: str) -> set[str]:
    """Stems of a Cyrillic name word, with the Ukrainian і/ї -> о/є of oblique cases."""
    stems = {_cyr_stem(word)}
    if word.endswith("ів"):  # folded: ї is і too
        stems.add(word[:-2] + "ов")
        stems.add(word[:-2] + "єв")
    return stems


_UNCASED, _PROPER, _CAPITALS = 0, 1, 2


def _case_rule(name: str) -> int:
    """How text must be written to match ``name``: any case, capitalised, or in capitals."""
    letters = [ch for ch in name if ch.isalpha()]
    if not letters or letters[0].lower() == letters[0].upper():
        return _UNCASED
    if all(ch.isupper() for ch in letters) and len(letters) <= 4:
        return _CAPITALS  # "US", "UK": never "us"
    return _PROPER


@dataclass(frozen=True, slots=True)
class NameMatch(Generic[V]):
    start: int
    end: int
    surface: str
    values: tuple[V, ...]


class NameIndex(Generic[V]):
    """Whole-name lookup of many names (tens of thousands) in text of any script.

    Words are compared case- and accent-folded, but a name in a cased script only
    matches text that starts with a capital (a proper noun), and an all-capitals name
    ("US") only text in capitals. Russian and Ukrainian names also match their case
    forms, Arabic names with an attached conjunction or preposition, and names in
    scripts without spaces wherever they occur.
    """

    def __init__(self, names: Iterable[tuple[str, V]]) -> None:
        self._values: list[V] = []
        ids: dict[V, int] = {}
        exact: dict[tuple[str, ...], list[tuple[str, int]]] = {}
        stems: dict[str, list[tuple[tuple[str, ...], str, int]]] = {}
        unspaced: dict[str, list[int]] = {}
        longest = 1
        for name, value in names:
            name = name.strip()
            if not name:
                continue
            vid = ids.get(value)
            if vid is None:
                vid = ids[value] = len(self._values)
                self._values.append(value)
            script = script_of(name)
            if script in _UNSPACED:
                unspaced.setdefault(name, []).append(vid)
                continue
            words = tuple(fold_word(w) for w in _TOKEN.findall(name))
            if not words:
                continue
            longest = max(longest, len(words))
            case = _case_rule(name)
            exact.setdefault(words, []).append((case, vid))
            if script == "CYRILLIC":
                rest = tuple(_cyr_stem(w) for w in words[1:])
                for first in _cyr_stems(words[0]):
                    stems.setdefault(first, []).append(((first, *rest), case, vid))
        self._set_state((exact, stems, unspaced, longest))

    def _set_state(self, state: tuple) -> None:
        self._exact, self._stems, self._unspaced, self._longest = state
        by_first: dict[str, list[str]] = {}
        for name in self._unspaced:
            by_first.setdefault(name[0], []).append(name)
        self._unspaced_first = {ch: sorted(names, key=len, reverse=True)
                                for ch, names in by_first.items()}

    def dumps(self, value_state: Callable[[V], object]) -> bytes:
        """The index as bytes (``marshal``: fast to load); values via ``value_state``."""
        state = (self._exact, self._stems, self._unspaced, self._longest,
                 [value_state(v) for v in self._values])
        return marshal.dumps(state)

    @classmethod
    def loads(cls, data: bytes, value: Callable[[object], V]) -> NameIndex[V]:
        """Inverse of :meth:`dumps`; raises ``ValueError`` etc. on damaged data."""
        exact, stems, unspaced, longest, values = marshal.loads(data)
        index = cls.__new__(cls)
        index._raw, index._make, index._values = values, value, [None] * len(values)
        index._set_state((exact, stems, unspaced, longest))
        return index

    def _value(self, vid: int) -> V:
        value = self._values[vid]
        if value is None:  # loaded from bytes: made on first use
            value = self._values[vid] = self._make(self._raw[vid])
        return value

    @staticmethod
    def _case_ok(case: int, surface: str) -> bool:
        if case == _UNCASED:
            return True
        first = next((ch for ch in surface if ch.isalpha()), "")
        if not first.isupper():
            return False
        return case != _CAPITALS or all(ch.isupper() for ch in surface if ch.isalpha())

    def _firsts(self, token: str) -> list[str]:
        forms = [token]
        if script_of(token) == "ARABIC":
            for prefix in _ARABIC_PREFIXES:
                rest = token[len(prefix):]
                if token.startswith(prefix) and len(rest) >= 3:
                    forms.append(rest)
                    if prefix.endswith("ل") and rest.startswith("ل"):
                        forms.append("ا" + rest)  # لل = ل + ال
        return forms

    def find(self, text: str, slavic: bool = False) -> list[NameMatch[V]]:
        """Non-overlapping matches in text order; the longest name wins at each place.

        ``slavic``: the text is Polish, Czech or Slovak, whose one-word place names also
        match their case forms ("Gdańsku", "Krakowa").
        """
        toks = [(m.start(), m.end(), fold_word(m.group())) for m in _TOKEN.finditer(text)]
        out: list[NameMatch[V]] = []
        i = 0
        while i < len(toks):
            hit = self._at(text, toks, i)
            if hit is None and slavic:
                hit = self._inflected(text, toks[i])
            if hit is None:
                i += 1
                continue
            n, match = hit
            out.append(match)
            i += n
        if self._unspaced_first:
            out.extend(self._find_unspaced(text))
            out.sort(key=lambda m: m.start)
        return out

    def _inflected(self, text: str, tok: tuple[int, int, str]) -> tuple[int, NameMatch[V]] | None:
        start, end, word = tok
        surface = text[start:end]
        if not word.isascii() and script_of(word) != "LATIN":
            return None
        for ending in _SLAVIC_ENDINGS:
            stem = word[:-len(ending)]
            if not word.endswith(ending) or len(stem) < 4:
                continue
            for form in (stem, stem + "a"):  # Krakowa -> Krakow; Warszawie -> Warszawa
                values = self._allowed(self._exact.get((form,), []), surface)
                if values:
                    return 1, NameMatch(start, end, surface, values)
        return None

    def _find_unspaced(self, text: str) -> Iterator[NameMatch[V]]:
        pos, first = 0, self._unspaced_first
        while pos < len(text):
            for name in first.get(text[pos], ()):
                if text.startswith(name, pos):
                    values = tuple(self._value(v) for v in self._unspaced[name])
                    yield NameMatch(pos, pos + len(name), name, values)
                    pos += len(name) - 1
                    break
            pos += 1

    def _at(self, text: str, toks: list[tuple[int, int, str]],
            i: int) -> tuple[int, NameMatch[V]] | None:
        """The longest name starting at token ``i`` (with how many tokens it spans): as it
        is written, else, for a Cyrillic word, in one of its case forms."""
        hit = self._written_at(text, toks, i)
        if hit is None and script_of(toks[i][2]) == "CYRILLIC":
            hit = self._case_form_at(text, toks, i)
        return hit

    def _allowed(self, hits: list[tuple[int, int]], surface: str) -> tuple[V, ...]:
        """The values of ``hits`` whose case rule ``surface`` meets."""
        return tuple(self._value(v) for case, v in hits if self._case_ok(case, surface))

    def _written_at(self, text: str, toks: list[tuple[int, int, str]],
                    i: int) -> tuple[int, NameMatch[V]] | None:
        """The longest name written as in the index (an Arabic first word may carry an
        attached prefix) that starts at token ``i`` and stays within one sentence."""
        for n in range(min(self._longest, len(toks) - i), 0, -1):
            rest = tuple(t[2] for t in toks[i + 1:i + n])
            start, end = toks[i][0], toks[i + n - 1][1]
            if n > 1 and _SENTENCE_BREAK.search(text, toks[i][1], toks[i + n - 1][0]):
                continue  # a name does not run across sentences
            surface = text[start:end]
            for first in self._firsts(toks[i][2]):
                hits = self._exact.get((first, *rest))
                if not hits:
                    continue  # the common case: no name here (checked first, it is cheap)
                values = self._allowed(hits, surface)
                if values:
                    return n, NameMatch(start, end, surface, values)
        return None

    def _case_form_at(self, text: str, toks: list[tuple[int, int, str]],
                      i: int) -> tuple[int, NameMatch[V]] | None:
        """The longest Cyrillic name starting at token ``i`` with case endings on its
        words (в Идлибе, Донецкой области), with the values of every such name."""
        token = toks[i][2]
        best: tuple[int, NameMatch[V]] | None = None
        for cut in range(0, min(4, len(token) - 2)):
            stem = token[:len(token) - cut] if cut else token
            if token[len(stem):] not in _CYR_ENDINGS:
                continue
            for stems, case, value in self._stems.get(stem, ()):
                n = len(stems)
                if i + n > len(toks) or (best and best[0] > n):
                    continue
                if not _stems_continue(toks, i, stems):
                    continue
                start, end = toks[i][0], toks[i + n - 1][1]
                surface = text[start:end]
                if not self._case_ok(case, surface):
                    continue
                found = self._value(value)
                if best and best[0] == n:
                    best = (n, NameMatch(start, end, surface, (*best[1].values, found)))
                else:
                    best = (n, NameMatch(start, end, surface, (found,)))
        return best


def _stems_continue(toks: list[tuple[int, int, str]], i: int, stems: tuple[str, ...]) -> bool:
    """True when the tokens after token ``i`` are ``stems[1:]``, each with a case ending."""
    return all(toks[i + k][2].startswith(stems[k])
               and toks[i + k][2][len(stems[k]):] in _CYR_ENDINGS for k in range(1, len(stems)))
