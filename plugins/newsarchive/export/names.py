"""Authors from a byline: who wrote the article, split and, where it is safe, parsed.

A view never calls this directly: :func:`newsarchive.export.citation.csl_item` does, and
every citation format reads the CSL names it makes. :func:`authors` is public because the
dataset and the article page may list authors too.

The rules, for the bylines news sites print:

- A leading "By" goes: "By Velmora Staff" is "Velmora Staff".
- "<role> by" (at the start, or after "," or ";") governs the names up to the next role.
  Names keep only under a writing role: "Reporting by", "Additional reporting by",
  "Writing by", "Written by" and "Text and photos by" keep them; "Editing by", "Translated
  by", "Photos by", "Graphics by" and the like drop them (editors, translators and
  photographers are not the article's authors).
- Names are split on " and ", " & ", ",", ";", " / " and " | ". A part after a comma that is
  only a role ("Ana Kestrel, Senior Correspondent") or a suffix ("Jr.") is not a name: a
  role is dropped, a suffix joins the name before it. " in Place" after a name goes too
  ("Ana Kestrel in Velmora").
- A name is parsed into family and given names only when it looks like a person's name in
  a script with capital letters: two to five words, each capitalised (particles such as
  "van", "de", "al" allowed), no word that names an organisation ("Staff", "News",
  "Agency"...). Otherwise it stays whole as a CSL ``literal`` (agencies, desks, names in
  scripts without case, where the order of given and family names is not known).
"""

from __future__ import annotations

import functools
import re
from typing import Any

_BY_RE = re.compile(r"^\s*by\s+", re.IGNORECASE)
# "<role> by" at the start of the byline or after "," or ";": the role is the group.
_ROLE_BY_RE = re.compile(r"(?:^|(?<=[;,]))\s*([^\W\d_][^;,]*?)\s+by\s+", re.IGNORECASE)
_AUTHOR_ROLES = ("report", "writ", "text", "words", "story", "compil", "contribut")
_SEPARATOR_RE = re.compile(r"\s+(?:and|&)\s+|\s*[,;]\s*(?:and\s+|&\s*)?|\s+[/|]\s+",
                           re.IGNORECASE)
_IN_PLACE_RE = re.compile(r"\s+in\s+[^\W\d_].*$")
_SPACE_RE = re.compile(r"\s+")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
PARTICLES = frozenset({"van", "von", "de", "da", "di", "del", "della", "der", "den", "du",
                       "la", "le", "bin", "ibn", "al", "el", "ter", "ten", "dos", "das"})
# Words that make a name an organisation or a role, not a person.
ORGANISATION_WORDS = frozenset({
    "staff", "reporter", "reporters", "correspondent", "correspondents", "desk", "news",
    "agency", "agencies", "press", "bureau", "editor", "editors", "editorial", "team",
    "service", "services", "wire", "wires", "media", "newsroom", "online", "writer",
    "writers", "times", "daily", "herald", "tribune", "journal", "radio", "tv",
    "television", "network", "group", "board", "office", "ministry", "council", "senior",
    "chief", "special", "foreign", "political", "international", "affairs", "contributor",
    "contributors", "associated", "reuters", "afp", "upi", "tass", "ria", "dpa",
    "efe", "ansa", "xinhua", "interfax", "anadolu", "the", "of",
})
# Words of a role after a name ("Ana Kestrel, Senior Correspondent").
ROLE_WORDS = frozenset({
    "staff", "writer", "reporter", "correspondent", "editor", "senior", "chief", "special",
    "foreign", "political", "international", "affairs", "contributor", "contributing",
    "associate", "deputy", "editorial", "columnist", "analyst", "producer", "photographer",
})


def clean(text: str) -> str:
    """One line of plain text: control characters and line breaks become spaces, runs of
    white space one space, the ends stripped."""
    if text.isprintable():  # no control character, and no white space but " "
        return " ".join(text.split())
    return _SPACE_RE.sub(" ", _CONTROL_RE.sub(" ", text)).strip()


def authors(byline: str | None) -> list[str]:
    """The authors a byline names, in order, each once (see the module docstring)."""
    return list(_authors(byline)) if byline else []


# Every citation format of an article reads its byline, and bylines repeat across articles.
@functools.lru_cache(maxsize=4096)
def _authors(byline: str) -> tuple[str, ...]:
    # [names, role, names, role, names...]: each run of names follows the role before it.
    pieces = _ROLE_BY_RE.split(clean(byline))
    out: list[str] = []
    for index in range(0, len(pieces), 2):
        if index and not any(r in pieces[index - 1].lower() for r in _AUTHOR_ROLES):
            continue  # "editing by", "photos by": not the article's authors
        for part in _SEPARATOR_RE.split(_BY_RE.sub("", pieces[index])):
            _add(out, part)
    return tuple(out)


def _add(out: list[str], part: str) -> None:
    part = _BY_RE.sub("", part).strip(" ,:;")
    last = part.rsplit(" ", 1)[-1]
    if part.endswith(".") and len(last) > 2 and last.lower() not in SUFFIXES:
        part = part.rstrip(".")  # "By Ana Kestrel." (not "Ivo Marsh Jr.", "C.")
    if not part:
        return
    if part.lower() in SUFFIXES and out:
        out[-1] = f"{out[-1]} {part}"  # "Ivo Marsh, Jr."
        return
    if out and all(w.lower().strip(".") in ROLE_WORDS for w in part.split()):
        return  # "Ana Kestrel, Senior Correspondent": a role, not a name
    local = _IN_PLACE_RE.sub("", part)
    if local != part and _looks_like_person(local):
        part = local  # "Ana Kestrel in Velmora"
    if part not in out:
        out.append(part)


def _looks_like_person(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5:
        return False
    if any(w.lower().strip(".,") in ORGANISATION_WORDS for w in words):
        return False
    core = [w for w in words if w.lower() not in PARTICLES and w.lower() not in SUFFIXES]
    if len(core) < 2:
        return False
    for word in core:
        first = next((c for c in word if c.isalpha()), "")
        if not first or not first.isupper():
            return False
        if len(word) > 2 and word.isupper() and "." not in word:
            return False  # "AFP", "BBC": an acronym, not a name
    return True


def is_organisation(name: str) -> bool:
    """Whether a name from :func:`authors` names an organisation (agency, desk, staff)."""
    words = name.split()
    return (len(words) == 1 and name.isupper()) or \
        any(w.lower().strip(".,") in ORGANISATION_WORDS for w in words)


def csl_name(name: str) -> dict[str, Any]:
    """The CSL-JSON name of one author: family, given (and suffix) for a person's name, else
    ``{"literal": name}``."""
    if not _looks_like_person(name):
        return {"literal": name}
    words = name.split()
    suffix = ""
    if words[-1].lower() in SUFFIXES:
        suffix = words.pop()
    # The family name is the last word with the particles just before it.
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    out: dict[str, Any] = {"family": " ".join(words[start:]), "given": " ".join(words[:start])}
    if suffix:
        out["suffix"] = suffix
    return out


def display_name(name: dict[str, Any]) -> str:
    """A CSL name as it is read: "Ana Kestrel", "Velmora Staff"."""
    if "literal" in name:
        return str(name["literal"])
    return " ".join(str(name[k]) for k in ("given", "family", "suffix") if name.get(k))


def sorted_name(name: dict[str, Any]) -> str:
    """A CSL name in sort order, as RIS and Highwire tags want it: "Kestrel, Ana"."""
    if "literal" in name:
        return str(name["literal"])
    parts = [str(name.get("family", "")), str(name.get("given", ""))]
    if name.get("suffix"):
        parts.append(str(name["suffix"]))
    return ", ".join(p for p in parts if p)
