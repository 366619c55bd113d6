"""BibTeX entries from CSL-JSON items (see :func:`newsarchive.export.citation.csl_item`).

A view calls ``bibtex([item, ...])`` and serves the text as a ``.bib`` file (UTF-8). Each
item becomes an ``@article`` that both BibTeX and biblatex read: ``journal``, ``year`` and
``month`` for BibTeX styles, ``date``, ``urldate`` and ``entrysubtype = {newspaper}`` for
biblatex. Values keep their UTF-8 text (biber and modern LaTeX read it) but every character
LaTeX or the .bib parser treats specially is written as a LaTeX command that means that
character (and "--", "``" and other pairs TeX would join are kept apart), and every brace a value contains comes from such a command or from case
protection, so braces always balance. Title words with capitals are braced so styles that
lowercase titles keep them as published. Citation keys are ASCII: first author's family name,
year and first significant title word (``kestrel2024ceasefire``); keys that would repeat
within one file get ``a``, ``b``... in the order the items come.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from slugify import slugify

from newsarchive.export.names import clean

# LaTeX's special characters, each as a command or escape that prints it (kernel commands
# only). Braces become \textbraceleft/\textbraceright, not \{ \}: BibTeX counts every brace
# character, escaped or not, so an escaped brace could leave a value unbalanced.
_LATEX = str.maketrans({
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
})
# Character pairs TeX fonts turn into one glyph ("--" an en dash, "``" a quote, "<<" a
# guillemet in T1): "{}" between them keeps the characters as written.
_LIGATURE_RE = re.compile(r"(?<=([-`',<>]))(?=\1)|(?<=[!?])(?=`)")
_LIGATURE_PAIR_RE = re.compile(r"--|``|''|,,|<<|>>|[!?]`")  # whether there is one (faster)
# In the verbatim url field only what breaks the .bib syntax is changed (percent-encoded).
_URL = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"})
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_STOPWORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "as",
                        "by", "with", "from", "is", "are"})
_WORD_RE = re.compile(r"\S+")


def escape(text: str) -> str:
    """Plain text as the value of a BibTeX field (one line, specials as LaTeX commands)."""
    text = clean(text).translate(_LATEX)
    return _LIGATURE_RE.sub("{}", text) if _LIGATURE_PAIR_RE.search(text) else text


def escape_title(text: str) -> str:
    """:func:`escape`, with every word that holds a capital letter braced: ``{Velmora}``.
    (Escaping adds no white space, no capital and no ligature across words, so the words of
    the escaped text are the escaped words.)"""
    return _WORD_RE.sub(_protect, escape(text))


def _protect(match: re.Match[str]) -> str:
    word = match.group()
    if word.islower() or not any(c.isupper() for c in word):
        return word
    return "{" + word + "}"


def _name(name: Mapping[str, Any]) -> str:
    if "literal" in name:
        return "{" + escape(str(name["literal"])) + "}"  # braced: one name, never split
    parts = [escape(str(name.get("family", "")))]
    if name.get("suffix"):
        parts.append(escape(str(name["suffix"])))
    if name.get("given"):
        parts.append(escape(str(name["given"])))
    return ", ".join(parts)


def _date(item: Mapping[str, Any], key: str) -> list[int]:
    try:
        return [int(p) for p in item[key]["date-parts"][0]]
    except (KeyError, IndexError, TypeError, ValueError):
        return []


def _iso(parts: list[int]) -> str:
    return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts))


def _first_word(text: str, skip: frozenset[str] = frozenset()) -> str:
    for word in clean(text).split():
        slug = _slug(word)
        if slug and slug not in skip:
            return slug
    return ""


@functools.lru_cache(maxsize=8192)
def _slug(word: str) -> str:
    """A word as ASCII letters and digits (names and title words repeat across articles)."""
    return slugify(word, separator="")


def base_key(item: Mapping[str, Any]) -> str:
    """The citation key before deduplication: author (or source), year, title word."""
    names = item.get("author") or []
    who = ""
    if names:
        first = names[0]
        who = _slug(str(first.get("family") or first.get("literal") or ""))
    who = who or _first_word(str(item.get("container-title", ""))) or "anon"
    year = _date(item, "issued")[:1]
    what = _first_word(str(item.get("title", "")), _STOPWORDS)
    return f"{who[:30]}{year[0] if year else 'nd'}{what[:20]}"


def keys(items: list[Mapping[str, Any]]) -> list[str]:
    """One unique key per item: a key that several items share gets a, b, c... in order."""
    return unique([base_key(i) for i in items])


def unique(bases: list[str]) -> list[str]:
    """:func:`keys` from the items' base keys (a build that keeps each article's base key
    joins many files without computing them again)."""
    counts: dict[str, int] = {}
    for b in bases:
        counts[b] = counts.get(b, 0) + 1
    taken = {b for b in bases if counts[b] == 1}
    out: list[str] = []
    for b in bases:
        if counts[b] == 1:
            out.append(b)
            continue
        n = 0
        while (key := b + _suffix(n)) in taken:
            n += 1
        taken.add(key)
        out.append(key)
    return out


def _suffix(n: int) -> str:
    """a, b, ..., z, aa, ab, ..."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def entry(item: Mapping[str, Any], key: str) -> str:
    """One ``@article`` entry."""
    fields: list[tuple[str, str]] = []
    names = item.get("author") or []
    if names:
        fields.append(("author", "{" + " and ".join(_name(n) for n in names) + "}"))
    fields.append(("title", "{" + escape_title(str(item.get("title", ""))) + "}"))
    fields.append(("journal", "{" + escape(str(item.get("container-title", ""))) + "}"))
    issued = _date(item, "issued")
    if issued:
        fields.append(("date", "{" + _iso(issued) + "}"))
        fields.append(("year", "{" + str(issued[0]) + "}"))
        if len(issued) > 1 and 1 <= issued[1] <= 12:
            fields.append(("month", _MONTHS[issued[1] - 1]))
    if item.get("URL"):
        fields.append(("url", "{" + clean(str(item["URL"])).translate(_URL) + "}"))
    accessed = _date(item, "accessed")
    if accessed:
        fields.append(("urldate", "{" + _iso(accessed) + "}"))
    if item.get("language"):
        fields.append(("language", "{" + escape(str(item["language"])) + "}"))
    fields.append(("entrysubtype", "{newspaper}"))
    if item.get("archive"):
        note = f"Archived by {clean(str(item['archive']))}"
        if item.get("archive_location"):
            note += f" at {clean(str(item['archive_location']))}"
        fields.append(("note", "{" + escape(note) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@article{{{key},\n{body},\n}}\n"


def bibtex(items: Iterable[Mapping[str, Any]]) -> str:
    """A .bib file: one entry per item, in order, separated by blank lines."""
    listed = list(items)
    return "\n".join(entry(i, k) for i, k in zip(listed, keys(listed), strict=True))
