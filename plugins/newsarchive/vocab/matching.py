"""Finding vocabulary phrases in free text (any script), for ingest's suggestions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping


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


def closest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``value`` (case-insensitive), if any is reasonably close."""
    import difflib

    pool = {c.casefold(): c for c in candidates}
    hit = difflib.get_close_matches(value.casefold(), list(pool), n=1, cutoff=0.6)
    return pool[hit[0]] if hit else None
