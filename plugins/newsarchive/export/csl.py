"""Formatted citations (APA, Chicago author-date) rendered by citeproc-py from vendored CSL styles.

A view calls ``formatted(item, style)`` with a CSL item from
:func:`newsarchive.export.citation.csl_item` and a key of :data:`STYLES`; it gets one
bibliography entry as escaped HTML (text, with ``<i>``/``<b>``/``<sup>``/``<sub>`` only where
the style asks for them), ready to put in the page as it is (mark it safe in Jinja). The
archive fields are left out of the formatted text: the page itself says where the copy is.

Safety: citeproc-py's own HTML formatter does not escape the values it is given, so this
module renders with a formatter that marks style formatting with private-use characters,
escapes the whole result once, and only then turns the marks into tags. No value can add
markup. The style files are in ``styles/`` (CC BY-SA 3.0, see ``styles/README.md``); the
en-US locale is citeproc-py's own. Nothing is read from the network.

Cost: a style is parsed once per process, with citeproc-py's element classes extended to
memoise their XPath searches (``csl_engine._Style``: the same output, about 40% less time); a
citeproc-py call still takes a few milliseconds. So a record whose shape has a checked
template (:mod:`newsarchive.export.csl_templates`: what citeproc-py rendered for that shape,
with slots) is filled in instead, in microseconds and with the same text; :func:`templated`
gives only those. ``scripts/bench_citations.py`` measures both. A build still keeps each
result under :func:`cache_key`.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsarchive.export import csl_templates

STYLES_DIR = Path(__file__).parent / "styles"
# Style key -> (file in styles/, name a reader sees).
STYLES: dict[str, tuple[str, str]] = {
    "apa": ("apa.csl", "APA (7th edition)"),
    "chicago-author-date": ("chicago-author-date-16th-edition.csl",
                            "Chicago (author-date, 16th edition)"),
}
LOCALE = "en-US"

# Private-use characters that stand for tags until the text is escaped. Input values lose
# any character of this block first, so only the formatter can produce them.
_MARKS = {
    "\ue000": "<i>", "\ue001": "</i>",
    "\ue002": "<b>", "\ue003": "</b>",
    "\ue004": '<span class="csl-small-caps">', "\ue005": "</span>",
    "\ue006": "<sup>", "\ue007": "</sup>",
    "\ue008": "<sub>", "\ue009": "</sub>",
    "\ue00a": '<span class="csl-underline">', "\ue00b": "</span>",
}
_MARK_RE = re.compile("[\ue000-\ue00f]")
_LEFT_OUT = frozenset({"archive", "archive_location"})
# The version of citeproc-py, read without importing it: a build whose citations are all
# kept (an edit's rebuild) never loads citeproc-py (csl_engine.py), a tenth of a second less.
CITEPROC_VERSION = version("citeproc-py")


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return _MARK_RE.sub("", value)
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _scrub(v) for k, v in value.items()}
    return value


@functools.cache
def _style_digest(key: str) -> str:
    return hashlib.sha256((STYLES_DIR / STYLES[key][0]).read_bytes()).hexdigest()


def cache_key(item: Mapping[str, Any], style: str) -> str:
    """What :func:`formatted` depends on, as a digest: the item's fields it reads, the style
    file's bytes and the citeproc-py version. A build may keep each formatted citation under
    this key and skip citeproc for articles whose metadata did not change."""
    return cache_keys(item, (style,))[0]


def cache_keys(item: Mapping[str, Any], styles: Sequence[str]) -> list[str]:
    """:func:`cache_key` of ``item`` in each of ``styles`` (its fields written out once)."""
    data = {k: v for k, v in item.items() if k not in _LEFT_OUT and k != "id"}
    # The text json.dumps([data, style, digest, version], sort_keys=True, ...) gives.
    head = "[" + _KEY_JSON.encode(data) + ", "
    return [hashlib.sha256((head + _key_tail(style)).encode("utf-8")).hexdigest()
            for style in styles]


# Made once: json.dumps() with options builds a new encoder on every call (a first build
# computes 20,000 keys, a rebuild checks as many).
_KEY_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)


@functools.cache
def _key_tail(style: str) -> str:
    """What follows the item's fields in the text a cache key digests: the style, its file's
    digest and the citeproc-py version."""
    return (json.dumps(style, ensure_ascii=False) + ", " + json.dumps(_style_digest(style))
            + ", " + json.dumps(CITEPROC_VERSION, ensure_ascii=False) + "]")


def record(item: Mapping[str, Any]) -> dict[str, Any]:
    """The record citeproc-py is given: no archive fields, no marks, a fixed id (made once
    for several styles: :func:`templated_record`)."""
    data = {k: _scrub(v) for k, v in item.items() if k not in _LEFT_OUT}
    data["id"] = "item"
    return data


def _render(style: str, data: Mapping[str, Any]) -> str:
    """citeproc-py's entry for one record, style formatting as private-use marks."""
    from newsarchive.export import csl_engine

    return csl_engine.render(style, data)


@functools.cache
def _templates(style: str) -> csl_templates.Templates:
    from newsarchive.export import csl_templates

    return csl_templates.Templates(functools.partial(_render, style))


def formatted(item: Mapping[str, Any], style: str, *, templates: bool = True) -> str:
    """One bibliography entry for ``item`` in ``style`` (a key of :data:`STYLES`), as HTML.
    ``templates=False`` renders with citeproc-py itself instead of the style's checked
    template for the record's shape (:mod:`newsarchive.export.csl_templates`): same text."""
    data = record(item)
    text = _templates(style).formatted(data) if templates else _render(style, data)
    return _html(text)


def templated(item: Mapping[str, Any], style: str) -> str | None:
    """:func:`formatted` when the record's shape has a template (microseconds), else None
    (citeproc-py itself must render it: milliseconds)."""
    return templated_record(record(item), style)


_UNKNOWN = object()  # templated_record: the record's shape is not given


def templated_record(data: Mapping[str, Any], style: str, shape: Any = _UNKNOWN) -> str | None:
    """:func:`templated` of a :func:`record`; ``shape``: its :func:`record_shape`, when the
    caller formats it in several styles (computed here otherwise)."""
    templates = _templates(style)
    template = templates.template(data) if shape is _UNKNOWN else \
        templates.template(data, shape)
    return None if template is None else _html(template.fill(data))


def make_templates(records: Iterable[Mapping[str, Any]], styles: Sequence[str]
                   ) -> dict[str, dict[Any, Any]]:
    """The templates of every shape among ``records`` (:func:`record`s) in each of
    ``styles``, with any made before: {style: {shape: template or None}}. They pickle, so a
    forked child can make them (a first build makes them while it reads its articles) and
    :func:`add_templates` hand them to this process."""
    firsts: dict[Any, Mapping[str, Any]] = {}
    for data in records:
        shape = record_shape(data)
        if shape is not None:
            firsts.setdefault(shape, data)
    for style in styles:
        templates = _templates(style)
        for shape, data in firsts.items():
            templates.template(data, shape)
    return {style: _templates(style).known() for style in styles}


def add_templates(made: Mapping[str, Mapping[Any, Any]]) -> None:
    """Use the templates :func:`make_templates` made (in another process) from now on."""
    for style, known in made.items():
        if style in STYLES:
            _templates(style).add(known)


def record_shape(data: Mapping[str, Any]) -> Any:
    """What decides a :func:`record`'s template in every style (None: it has none)."""
    from newsarchive.export import csl_templates

    return csl_templates.shape(data)


def _html(text: str) -> str:
    escaped = html.escape(text, quote=True)
    return _MARK_RE.sub(lambda m: _MARKS.get(m.group(), ""), escaped)
