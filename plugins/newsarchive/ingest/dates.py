"""Date lines as saves and pages write them, in the article's language.

"January 12, 2020", "12.01.2020", "Tuesday, 12 January 2020, 14:35 GMT", "Updated: ...",
"22 de outubro de 2010", "12 января 2020": common English and numeric forms are parsed
directly; every other form goes to ``dateparser`` with the languages of the text's script.
"""

from __future__ import annotations

import datetime as dt
import re

from newsarchive.ingest.language import guess_language

_FORMATS = (
    "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d.%m.%Y",
    "%A, %B %d, %Y", "%a, %B %d, %Y", "%B %d %Y", "%d/%m/%Y", "%Y/%m/%d",
)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)|[١٢][٠-٩]{3}|[۱۲][۰-۹]{3}")
_NUMERIC = re.compile(r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
# Labels in front of a date line ("Updated:", "Publicado em", "Обновлено:" ...). Anything else
# in front of the date is tried away word by word in parse_date.
_LABEL = re.compile(
    r"^\s*(?:(?:last\s+|first\s+)?(?:published|updated|posted|modified|date|dated|on)"
    r"|publicado|atualizado|actualizado|publié|mis à jour|modifié|veröffentlicht|aktualisiert"
    r"|pubblicato|aggiornato|opublikowano|zaktualizowano|gepubliceerd|bijgewerkt"
    r"|опубликовано|обновлено|опубліковано|оновлено|дата|نشر|تم النشر|آخر تحديث|تحديث"
    r"|פורסם|עודכן|yayınlanma|güncellendi|güncelleme)"
    r"(?:\s+(?:on|at|em|el|en|le|am|il|в|о|في|às|a las))?\s*[:：]?\s*",
    re.IGNORECASE,
)
# A time of day and what follows it ("14:35 GMT", "14h30", "2.30pm", "à 14h35"): dropped
# when the whole line does not parse.
_TIME = re.compile(r"[\s,|–—-]*(?:\b(?:at|um|às|a las|à|alle|в|о)\s+)?\d{1,2}\s*[:h.]\s*\d{2}\b.*$"
                   r"|[\s,|–—-]*\b\d{1,2}\s*(?:[ap]\.?m\.?|uhr)\b.*$", re.IGNORECASE)
_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"[^\W\d_]{4,}[.!?]\s*$|[!?;]\s*$")

# dateparser languages to try, by the script of the date line ("en" first: saves often carry
# English date lines around text in other languages).
_LATIN = ["en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "id", "ro", "sv", "cs", "hr"]
_BY_SCRIPT = {
    "en": _LATIN,
    "ru": ["en", "ru", "uk", "be", "bg", "sr"],
    "uk": ["en", "uk", "ru"],
    "ar": ["en", "ar", "fa", "ur"],
    "fa": ["en", "fa", "ar"],
    "he": ["en", "he"],
    "el": ["en", "el"],
    "zh": ["en", "zh", "ja"],
    "ja": ["en", "ja", "zh"],
    "ko": ["en", "ko"],
    "th": ["en", "th"],
}
# Absolute dates only: "14h30" must never become "14 hours ago".
_SETTINGS = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["year", "month", "day"],
             "PARSERS": ["absolute-time"]}
_DMY = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)")
_YMD = re.compile(r"^(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?!\d)")


def strip_label(line: str) -> str:
    """The line without an "Updated:" / "Publicado em" style label."""
    return _LABEL.sub("", line, count=1).strip()


def looks_like_date(line: str) -> bool:
    """A short line made of a year and a few words, or a numeric date: a date line.

    Used on header lines only, to tell an unrecognised date line (reported for review) from a
    short line of text (kept in the body).
    """
    line = strip_label(line)
    if len(line) > 60 or _SENTENCE_END.search(line):
        return False
    if _NUMERIC.match(line):
        return True
    return bool(_YEAR.search(line)) and len(_WORD.findall(line)) <= 4


def _numeric(text: str) -> dt.date | None:
    """A leading all-numeric date: year first, else day first (month first if that fails)."""
    if m := _YMD.match(text):
        orders = [(int(m[1]), int(m[3]), int(m[4]))]
    elif m := _DMY.match(text):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
        orders = [(year, month, day), (year, day, month)]
    else:
        return None
    for year, month, day in orders:
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _strptime(text: str) -> dt.date | None:
    if found := _numeric(text):
        return found
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _dateparser(text: str, languages: list[str] | None) -> dt.date | None:
    import dateparser  # slow import; only for the forms strptime does not know

    # The line's own script decides which languages to try (a Russian date line can stand in
    # an English save); languages the caller knows go first.
    mine = _BY_SCRIPT.get(guess_language(text), ["en"])
    languages = list(dict.fromkeys([*(languages or []), *mine]))
    parsed = dateparser.parse(text, languages=languages or ["en"], settings=_SETTINGS)
    if parsed is None or not _has_year(text, parsed.year):
        return None  # a date whose year the line does not state is a guess, not a reading
    return parsed.date()


def _has_year(text: str, year: int) -> bool:
    digits = text.translate(_EASTERN_DIGITS)
    return str(year) in digits or f"'{year % 100:02d}" in digits


def parse_date(text: str, languages: list[str] | None = None) -> dt.date | None:
    """Parse a date line (label, weekday and time allowed); ``None`` if it is no valid date."""
    text = re.sub(r"\s+", " ", strip_label(text)).strip().rstrip(".")
    if not _YEAR.search(text) and not _NUMERIC.match(text):
        return None
    if found := _strptime(text):
        return found
    if found := _without_leading_words(text, languages):
        return found
    untimed = _TIME.sub("", text).strip(" ,|–—-")
    if untimed and untimed != text:
        return _strptime(untimed) or _without_leading_words(untimed, languages)
    return None


def _without_leading_words(text: str, languages: list[str] | None) -> dt.date | None:
    words = text.split(" ")
    # Words in front of the date that no label pattern knows ("Le", "Am", "Stand:"): try the
    # line without them, one word at a time, while a year is left.
    for start in range(min(4, len(words))):
        rest = " ".join(words[start:])
        if not _YEAR.search(rest) and not _NUMERIC.match(rest):
            break
        if found := _dateparser(rest, languages):
            return found
    return None
