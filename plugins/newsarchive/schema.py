"""The article frontmatter schema, defined once.

Ingest writes it, ``newsarchive check`` validates it and the site adapter reads it: all three
go through :class:`Article` and :func:`validate`. This module knows nothing of MkDocs.

Fields (the single reference; README "Article frontmatter" links here). Every text value is
plain text: no markup (``<`` followed by a letter, ``/``, ``!`` or ``?``) and no control
characters (C0 except tab and newline, DEL, C1).

===================  ========  ===============================================================
key                  required  meaning
===================  ========  ===============================================================
``title``            yes       headline as published (text)
``date``             yes       publication date at the source, ``YYYY-MM-DD``
``source``           yes       publication name, e.g. ``The Moscow Times`` (text)
``region``           yes       ISO 3166-2 code (or ISO 3166-1 country code) from the gazetteer
``original_url``     yes       URL of the article at the source (``http(s)://``)
``byline``           no        author(s) or agency, e.g. ``Reuters`` (text)
``photo_credit``     no        credit line of the lead photo (text)
``language``         no        ISO 639-1 code of the text (default ``en``)
``tags``             no        list of slugs from the tags vocabulary
``suggested_tags``   no        list of tags ingest found plausible but weak; not published (move to tags)
``places``           no        list of other gazetteer codes the text names (for related articles)
``related_titles``   no        list of headlines the source itself linked as related
``modified``         no        last update at the source, ``YYYY-MM-DD``
``archived``         no        UTC timestamp of ingest, ``YYYY-MM-DDTHH:MM:SSZ``
``original``         no        path of the preserved original, relative to the content dir
``sha256``           no        SHA-256 of the original's bytes (64 hex digits)
``ingest``           no        reader that produced the file, e.g. ``text``, ``html``
``review``           no        list of required keys ingest could not determine; a curator
                               fills them in and removes them from this list
===================  ========  ===============================================================

Keys MkDocs or the theme read (:data:`PASSTHROUGH`) are allowed too: ``description`` (text),
``hide`` (list), ``template``, ``icon``, ``status`` (text) and ``search`` (a mapping).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from newsarchive.markup import TAG_START

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

_URL_RE = re.compile(r"^https?://[^\s/$.?#\"<>][^\s\"<>]*$", re.IGNORECASE)
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_LANG_RE = re.compile(r"^[a-z]{2}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What plain text may not hold: a control character (C0 but tab and newline, DEL, C1), or
# markup: "<" opening a tag, a closing tag, a comment or declaration, a processing instruction
# as HTML's tokenizer reads them (newsarchive.markup, the rule ingest's strip_tags follows).
_NOT_PLAIN_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|<" + TAG_START)
# In the body, Markdown may hold any markup (nh3 cleans it), but no C0 control or DEL.
_BODY_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


# -- one validator per kind of value: each returns the typed value or raises _Invalid --------

class _Invalid(ValueError):
    """A value of the wrong type or form; the message says what is expected."""


def _show(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 4] + "...'"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, Mapping):
        return "a mapping (key: value)"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    return f"a {type(value).__name__} value"


_KEY_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,40}")


def key_name(key: Any) -> str:
    """How a key is named in a problem line: as written when it is a plain name, else quoted
    (an empty key, or one holding spaces, newlines or control characters, stays on one line)."""
    text = str(key)
    return text if _KEY_RE.fullmatch(text) else _show(text, 40)


def plain_text_problem(text: str) -> str | None:
    """Why ``text`` is not plain text (a control character or markup), or None if it is."""
    found = _NOT_PLAIN_RE.search(text)
    if found is None:
        return None
    char = found.group()
    if char[0] != "<":
        return (f"holds the control character U+{ord(char):04X} at character "
                f"{found.start() + 1} (delete it: metadata is plain text)")
    snippet = text[found.start():found.start() + 20]
    return (f"holds markup ({snippet!r}): metadata is plain text (delete the tag; a '<' that "
            "is not markup needs a space after it)")


def _text(value: Any) -> str:
    """Plain text (stripped)."""
    if isinstance(value, str) and value.isprintable() and "<" not in value:
        return value.strip()  # the common case, without a regex scan
    if not isinstance(value, str):
        hint = " (put it in quotes: '...')" if isinstance(value, (bool, int, float)) else \
            " (give one value)" if isinstance(value, (list, tuple, set, Mapping)) else ""
        raise _Invalid(f"expected text, got {_kind(value)}{hint}")
    if (problem := plain_text_problem(value)) is not None:
        raise _Invalid(problem)
    return value.strip()


def _optional_text(value: Any) -> str | None:
    return _text(value) or None


def _text_list(value: Any) -> list[str]:
    """A list of plain text values (one text value counts as a list of one)."""
    if isinstance(value, str):
        text = _text(value)
        return [text] if text else []
    if not isinstance(value, list):
        raise _Invalid(f"expected a list of text values, got {_kind(value)} (write "
                       "[first, second] or one `- value` line each)")
    out: list[str] = []
    for n, item in enumerate(value, 1):
        if not isinstance(item, str):
            raise _Invalid(f"entry {n} is {_kind(item)}, expected text (put it in quotes: "
                           "'...')")
        try:
            out.append(_text(item))
        except _Invalid as exc:
            raise _Invalid(f"entry {n} {exc}") from None
    return out


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Invalid(f"{_show(value)} is not a date (expected YYYY-MM-DD)")


def _timestamp(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, dt.date):
        result = dt.datetime(value.year, value.month, value.day)
    else:
        try:
            result = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except (AttributeError, ValueError):
            raise _Invalid(f"{_show(value)} is not a timestamp (expected "
                           "YYYY-MM-DDTHH:MM:SSZ)") from None
    # A timestamp without a zone is UTC by this schema.
    return result if result.tzinfo else result.replace(tzinfo=dt.UTC)


def _url(value: Any) -> str:
    url = _text(value)
    if url and not _URL_RE.match(url):
        # Never handed on: a "javascript:" value must not become a link.
        raise _Invalid(f"{_show(url)} is not an http(s) URL (expected e.g. "
                       "https://example.org/a)")
    return url


def _language(value: Any) -> str:
    code = _text(value) or "en"
    if not _LANG_RE.match(code):
        raise _Invalid(f"{_show(code)} is not an ISO 639-1 code (expected two letters, e.g. en)")
    return code


def _sha256(value: Any) -> str | None:
    sha = _text(value)
    if sha and not _SHA_RE.match(sha):
        raise _Invalid("expected 64 lowercase hex digits")
    return sha or None


def _search(value: Any) -> dict[str, Any]:
    """MkDocs' ``search`` page option, e.g. ``{exclude: true}``."""
    if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, (str, bool, int, float))
            for k, v in value.items()):
        raise _Invalid(f"expected a mapping of options such as `exclude: true`, got "
                       f"{_kind(value)}")
    for v in value.values():
        if isinstance(v, str) and (problem := plain_text_problem(v)) is not None:
            raise _Invalid(problem)
    return dict(value)


_FIELDS: dict[str, Callable[[Any], Any]] = {
    "title": _text, "date": _date, "source": _text, "region": _text, "original_url": _url,
    "byline": _optional_text, "photo_credit": _optional_text, "language": _language,
    "tags": _text_list, "places": _text_list, "related_titles": _text_list,
    "modified": _date, "archived": _timestamp, "original": _optional_text, "sha256": _sha256,
    "ingest": _optional_text, "review": _text_list, "suggested_tags": _text_list,
    # Passed on to MkDocs and the theme (PASSTHROUGH): typed too, as they reach the page.
    "description": _optional_text, "hide": _text_list, "template": _optional_text,
    "search": _search, "icon": _optional_text, "status": _optional_text,
}
assert set(_FIELDS) == set(KEYS) | PASSTHROUGH


# -- the whole mapping ------------------------------------------------------------------------

def validate(
    data: Mapping[str, Any], vocab: Vocabulary | None = None, body: str = "", path: str = ""
) -> tuple[Article | None, list[Problem]]:
    """Check a frontmatter mapping against the schema.

    Returns the typed article (``None`` only when the mapping is unusable) and every problem
    found, each naming the key, what is wrong and what is expected. An invalid value is left
    out of the article (empty). ``vocab`` enables the region and tag checks.
    """
    if not isinstance(data, Mapping):
        return None, [Problem("frontmatter", "is not a YAML mapping (expected `key: value` lines "
                              "between two `---` lines at the top of the file)")]
    problems: list[Problem] = []
    values = typed_values(data, problems)
    review = values.get("review", [])
    _check_required(values, review, problems)
    _check_review(data, review, problems)
    if vocab is not None:
        _check_vocabulary(values, vocab, problems)
    _check_body(body, problems)
    return _article(values, body, path), problems


def typed_values(data: Mapping[Any, Any], problems: list[Problem]) -> dict[str, Any]:
    """Each valid value of ``data`` by key, typed; a problem for each invalid or unknown key.
    Empty values (``null``, ``""``) are left out."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        check = _FIELDS.get(key) if isinstance(key, str) else None
        if check is None:
            problems.append(Problem(key_name(key), f"unknown key (expected one of: "
                                                   f"{', '.join(KEYS)})"))
        elif value is not None and not (isinstance(value, str) and value == ""):
            try:
                values[key] = check(value)
            except _Invalid as exc:
                problems.append(Problem(key, str(exc)))
    return values


def _check_required(values: Mapping[str, Any], review: list[str],
                    problems: list[Problem]) -> None:
    reported = {p.key for p in problems}
    for key in REQUIRED:
        if values.get(key) in (None, "") and key not in reported:
            if key in review:
                problems.append(Problem(key, "missing (ingest could not determine it): fill it "
                                             "in and remove it from `review`"))
            else:
                problems.append(Problem(key, "missing: fill it in"))


def _check_review(data: Mapping[str, Any], review: list[str], problems: list[Problem]) -> None:
    for key in review:
        if key not in REQUIRED:
            problems.append(Problem("review", f"{_show(key)} is not a required key (expected "
                                              f"some of: {', '.join(REQUIRED)})"))
        elif data.get(key) not in (None, ""):
            problems.append(Problem("review", f"{key!r} is filled in: remove it from `review` "
                                              "once checked"))


def _check_vocabulary(values: Mapping[str, Any], vocab: Vocabulary,
                      problems: list[Problem]) -> None:
    region = values.get("region")
    if region and (hint := vocab.check_region(region)):
        problems.append(Problem("region", hint))
    for tag in values.get("tags", ()):
        if hint := vocab.check_tag(tag):
            problems.append(Problem("tags", hint))
    for code in values.get("places", ()):
        if hint := vocab.check_region(code):
            problems.append(Problem("places", hint))


# Every byte but C0 controls (tab, newline, carriage return kept) and DEL: in UTF-8 those bytes
# stand only for themselves, so deleting these from the encoded body leaves exactly the
# controls (several times faster than a regex scan of a long body).
_BODY_OK_BYTES = bytes(b for b in range(256) if (b >= 0x20 or b in (9, 10, 13)) and b != 0x7F)


def _has_control(body: str) -> bool:
    return bool(body.encode("utf-8", "surrogatepass").translate(None, _BODY_OK_BYTES))


def _check_body(body: str, problems: list[Problem]) -> None:
    found = _BODY_CONTROL_RE.search(body) if _has_control(body) else None
    if found is not None:
        line = body.count("\n", 0, found.start()) + 1
        problems.append(Problem("body", f"holds the control character "
                                        f"U+{ord(found.group()):04X} on line {line} of the "
                                        "text (delete it)"))


def without_controls(body: str) -> str:
    """``body`` without the control characters :func:`validate` reports in it (what a build
    that goes on despite the problem publishes)."""
    return _BODY_CONTROL_RE.sub("", body) if _has_control(body) else body


_ARTICLE_KEYS = frozenset(KEYS)


def _article(values: Mapping[str, Any], body: str, path: str) -> Article:
    fields = {k: v for k, v in values.items() if k in _ARTICLE_KEYS and v is not None}
    return Article(**{"title": "", "date": None, "source": "", "region": "",
                      "original_url": "", **fields}, body=body, path=path)
