"""The article frontmatter schema, defined once.

Ingest writes it, ``newsarchive check`` validates it and the site adapter reads it: all three
go through :class:`Article` and :func:`validate`. This module knows nothing of MkDocs.

Fields (the single reference; README "Article frontmatter" links here):

===================  ========  ===============================================================
key                  required  meaning
===================  ========  ===============================================================
``title``            yes       headline as published
``date``             yes       publication date at the source, ``YYYY-MM-DD``
``source``           yes       publication name, e.g. ``The Moscow Times``
``region``           yes       ISO 3166-2 code (or ISO 3166-1 country code) from the gazetteer
``original_url``     yes       URL of the article at the source (``http(s)://``)
``byline``           no        author(s) or agency, e.g. ``Reuters``
``photo_credit``     no        credit line of the lead photo
``language``         no        ISO 639-1 code of the text (default ``en``)
``tags``             no        slugs from the tags vocabulary
``suggested_tags``   no        tags ingest found plausible but weak; not published (move to tags)
``places``           no        other gazetteer codes the text names (used for related articles)
``related_titles``   no        headlines the source itself linked as related
``modified``         no        last update at the source, ``YYYY-MM-DD``
``archived``         no        UTC timestamp of ingest, ``YYYY-MM-DDTHH:MM:SSZ``
``original``         no        path of the preserved original, relative to the content dir
``sha256``           no        SHA-256 of the original's bytes (64 hex digits)
``ingest``           no        reader that produced the file, e.g. ``text``, ``html``
``review``           no        required keys ingest could not determine; a curator fills them in
                               and removes them from this list
===================  ========  ===============================================================
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

REQUIRED = ("title", "date", "source", "region", "original_url")
OPTIONAL = (
    "byline",
    "photo_credit",
    "language",
    "tags",
    "suggested_tags",
    "places",
    "related_titles",
    "modified",
    "archived",
    "original",
    "sha256",
    "ingest",
    "review",
)
KEYS = REQUIRED + OPTIONAL
# Keys MkDocs or the theme read from page meta; allowed so curators can tune a page.
PASSTHROUGH = frozenset({"description", "hide", "template", "search", "icon", "status"})

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "ckb", "dv", "sd", "ug"})

_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_LANG_RE = re.compile(r"^[a-z]{2}$")


class Vocabulary(Protocol):
    """What validation needs from the vocabularies (see :mod:`newsarchive.vocab`)."""

    def check_region(self, code: str) -> str | None: ...
    def check_tag(self, slug: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one key of one article."""

    key: str
    message: str

    def format(self, where: str) -> str:
        return f"{where}: {self.key}: {self.message}"


@dataclass(slots=True)
class Article:
    """One archived article: its frontmatter, typed, plus its Markdown body."""

    title: str
    date: dt.date | None
    source: str
    region: str
    original_url: str
    byline: str | None = None
    photo_credit: str | None = None
    language: str = "en"
    tags: list[str] = field(default_factory=list)
    suggested_tags: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    related_titles: list[str] = field(default_factory=list)
    modified: dt.date | None = None
    archived: dt.datetime | None = None
    original: str | None = None
    sha256: str | None = None
    ingest: str | None = None
    review: list[str] = field(default_factory=list)
    body: str = ""
    path: str = ""  # path of the Markdown file relative to the content dir, POSIX style

    @property
    def rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    @property
    def country(self) -> str:
        return self.region.split("-", 1)[0] if self.region else ""

    def frontmatter(self) -> dict[str, Any]:
        """The mapping ingest writes as YAML: schema order, empty optionals left out."""
        out: dict[str, Any] = {}
        for key in KEYS:
            value = getattr(self, key)
            if key in REQUIRED:
                out[key] = value if value not in ("", None) else None
            elif value not in (None, "", []):
                out[key] = value
        if self.archived is not None:
            out["archived"] = self.archived.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return out


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip()[:10])
    raise ValueError(value)


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, dt.date):
        result = dt.datetime(value.year, value.month, value.day)
    else:
        result = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    # PyYAML returns naive datetimes for "Z" timestamps: they are UTC by our schema.
    return result if result.tzinfo else result.replace(tzinfo=dt.UTC)


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return [str(v) for v in value]
    raise ValueError(value)


def validate(
    data: Mapping[str, Any], vocab: Vocabulary | None = None, body: str = "", path: str = ""
) -> tuple[Article | None, list[Problem]]:
    """Check a frontmatter mapping against the schema.

    Returns the typed article (``None`` only when the mapping is unusable) and every problem
    found, each naming the key, what is wrong and what is expected. ``vocab`` enables the
    region and tag checks.
    """
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(key, message))

    if not isinstance(data, Mapping):
        return None, [Problem("frontmatter", "is not a YAML mapping (expected `key: value` lines "
                              "between two `---` lines at the top of the file)")]

    review = _str_list(data.get("review"))
    for key in data:
        if key not in KEYS and key not in PASSTHROUGH:
            bad(str(key), f"unknown key (expected one of: {', '.join(KEYS)})")

    def required_str(key: str) -> str:
        value = data.get(key)
        if value in (None, ""):
            hint = " (ingest could not determine it)" if key in review else ""
            bad(key, f"missing{hint}: fill it in" + (" and remove it from `review`" if hint else ""))
            return ""
        return str(value).strip()

    title = required_str("title")
    source = required_str("source")
    region = required_str("region")
    url = required_str("original_url")
    if url and not _URL_RE.match(url):
        bad("original_url", f"{url!r} is not an http(s) URL (expected e.g. https://example.org/a)")
        url = ""  # never handed on: a "javascript:" value must not become a link

    date: dt.date | None = None
    if data.get("date") in (None, ""):
        required_str("date")
    else:
        try:
            date = _as_date(data["date"])
        except (ValueError, TypeError):
            bad("date", f"{data['date']!r} is not a date (expected YYYY-MM-DD)")

    if region and vocab is not None and (hint := vocab.check_region(region)):
        bad("region", hint)

    def optional_str(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, (list, dict)):
            bad(key, f"expected text, got a {type(value).__name__}")
            return None
        return str(value).strip() or None

    lists: dict[str, list[str]] = {}
    for key in ("tags", "places", "related_titles"):
        try:
            lists[key] = _str_list(data.get(key))
        except ValueError:
            bad(key, "expected a list of text values")
            lists[key] = []
    if vocab is not None:
        for tag in lists["tags"]:
            if hint := vocab.check_tag(tag):
                bad("tags", hint)
        for code in lists["places"]:
            if hint := vocab.check_region(code):
                bad("places", hint)

    language = optional_str("language") or "en"
    if not _LANG_RE.match(language):
        bad("language", f"{language!r} is not an ISO 639-1 code (expected two letters, e.g. en)")

    modified = None
    if data.get("modified") not in (None, ""):
        try:
            modified = _as_date(data["modified"])
        except (ValueError, TypeError):
            bad("modified", f"{data['modified']!r} is not a date (expected YYYY-MM-DD)")

    archived = None
    if data.get("archived") not in (None, ""):
        try:
            archived = _as_datetime(data["archived"])
        except (ValueError, TypeError):
            bad("archived", f"{data['archived']!r} is not a timestamp "
                            "(expected YYYY-MM-DDTHH:MM:SSZ)")

    sha = optional_str("sha256")
    if sha and not _SHA_RE.match(sha):
        bad("sha256", "expected 64 lowercase hex digits")

    for key in review:
        if key not in REQUIRED:
            bad("review", f"{key!r} is not a required key (expected some of: {', '.join(REQUIRED)})")
        elif data.get(key) not in (None, ""):
            bad("review", f"{key!r} is filled in: remove it from `review` once checked")

    article = Article(
        title=title,
        date=date,
        source=source,
        region=region,
        original_url=url,
        byline=optional_str("byline"),
        photo_credit=optional_str("photo_credit"),
        language=language,
        tags=lists["tags"],
        places=lists["places"],
        related_titles=lists["related_titles"],
        modified=modified,
        archived=archived,
        original=optional_str("original"),
        sha256=sha,
        ingest=optional_str("ingest"),
        review=review,
        body=body,
        path=path,
    )
    return article, problems
