"""A script-based language guess for texts that do not state their language."""

from __future__ import annotations

import re
from collections import Counter

_SCRIPTS = (
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_PERSIAN = re.compile(r"[پچژگ]")
_LATIN = re.compile(r"[A-Za-z]")


def guess_language(text: str) -> str:
    """ISO 639-1 code from the dominant script (Latin is taken as English)."""
    sample = text[:4000]
    counts = Counter({code: len(rx.findall(sample)) for code, rx in _SCRIPTS})
    latin = len(_LATIN.findall(sample))
    code, n = counts.most_common(1)[0]
    if n <= latin:
        return "en"
    if code == "ru" and _UKRAINIAN.search(sample):
        return "uk"
    if code == "ar" and len(_PERSIAN.findall(sample)) > n / 50:
        return "fa"
    if code == "zh" and counts["ja"] > 0:
        return "ja"
    return code
