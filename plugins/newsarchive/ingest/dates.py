"""Dates as saved pages write them: "January 12, 2020", "12.01.2020", "12 января 2020"."""

from __future__ import annotations

import datetime as dt
import re

_FORMATS = (
    "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d.%m.%Y",
    "%A, %B %d, %Y", "%a, %B %d, %Y", "%B %d %Y", "%d/%m/%Y", "%Y/%m/%d",
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# Month words in the archive's main languages; enough to decide that a line *is* a date line.
_MONTH_WORD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b"
    r"|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд"
    r"|يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
    r"|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\s*$")
# "Updated: ...", "Published ...": labels in front of a date line.
_LABEL = re.compile(r"^\s*(published|updated|posted|date)\s*:?\s*", re.IGNORECASE)


def looks_like_date(line: str) -> bool:
    """A short line with a year and a month word, or an all-numeric date."""
    line = _LABEL.sub("", line)
    if len(line) > 60:
        return False
    return bool(_NUMERIC.match(line) or (_YEAR.search(line) and _MONTH_WORD.search(line)))


def parse_date(text: str, languages: list[str] | None = None) -> dt.date | None:
    """Parse a date line; ``None`` if it is not a valid date."""
    text = _LABEL.sub("", text).strip().rstrip(".")
    text = re.sub(r"\s+", " ", text)
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if not _YEAR.search(text):
        return None
    import dateparser  # slow import; only for non-English date lines

    parsed = dateparser.parse(
        text, languages=languages, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["year"]}
    )
    return parsed.date() if parsed else None
