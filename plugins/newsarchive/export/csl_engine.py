"""citeproc-py itself, as :mod:`newsarchive.export.csl` uses it: the vendored styles parsed
once per process (their elements memoising their XPath searches) and one record rendered,
style formatting as private-use marks (csl.py escapes the text, then turns the marks into
tags). Imported only when a citation must be rendered: a build whose citations are all kept
never loads citeproc-py.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Mapping
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.frontend import CitationStylesXML
from citeproc.model import CitationStylesElement
from citeproc.source.json import CiteProcJSON
from lxml import etree

from newsarchive.export.csl import LOCALE, STYLES, STYLES_DIR


def _wrapper(open_mark: str, close_mark: str) -> type[str]:
    class Wrapped(str):
        def __new__(cls, text: object) -> Wrapped:
            return super().__new__(cls, f"{open_mark}{text}{close_mark}")
    return Wrapped


_FORMATTER = types.SimpleNamespace(
    preformat=lambda text: text,  # escaping happens once, on the whole entry
    Italic=_wrapper("\ue000", "\ue001"),
    Oblique=_wrapper("\ue000", "\ue001"),
    Bold=_wrapper("\ue002", "\ue003"),
    Light=_wrapper("", ""),
    SmallCaps=_wrapper("\ue004", "\ue005"),
    Superscript=_wrapper("\ue006", "\ue007"),
    Subscript=_wrapper("\ue008", "\ue009"),
    Underline=_wrapper("\ue00a", "\ue00b"),
)


# (element, expression) -> what the search found, for the elements of the styles parsed by
# _Style. Keys hold their element proxies, so lxml hands out those same objects again.
_SEARCHED: dict[tuple[Any, str], list[Any]] = {}


class _Searches:
    """An element class mixin: XPath searches answered once per element and expression.
    citeproc-py runs about 170 per entry (macros, layouts, inherited options), 40% of
    its time; a parsed style never changes, so each answer holds."""

    def xpath_search(self, expression: str) -> list[Any]:
        key = (self, expression)
        found = _SEARCHED.get(key)
        if found is None:
            found = _SEARCHED[key] = super().xpath_search(expression)  # type: ignore[misc]
        return list(found)


@functools.cache
def _memo_classes() -> dict[str | None, type]:
    """citeproc-py's element classes by CSL tag, each with :class:`_Searches` mixed in."""
    originals = [c for c in CitationStylesElement.__subclasses__() if not issubclass(c, _Searches)]
    classes: dict[str | None, type] = {
        None: type("CitationStylesElement", (_Searches, CitationStylesElement), {})}
    for cls in originals:
        classes[cls.__name__.replace("_", "-").lower()] = type(cls.__name__, (_Searches, cls), {})
    return classes


def _memo_lookup() -> etree.ElementNamespaceClassLookup:
    lookup = etree.ElementNamespaceClassLookup()
    lookup.get_namespace("http://purl.org/net/xbiblio/csl").update(_memo_classes())
    return lookup


class _XML(CitationStylesXML):
    def __init__(self, f: Any, validate: bool = True) -> None:
        parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
        parser.set_element_class_lookup(_memo_lookup())
        self.parser = parser
        self.xml = etree.parse(f, parser)
        self.root = self.xml.getroot()


class _Style(CitationStylesStyle, _XML):
    """A CitationStylesStyle whose elements memoise their searches (:class:`_Searches`):
    citeproc-py's own parsing and rendering, a style parsed with other element classes."""


@functools.cache
def _style(key: str) -> CitationStylesStyle:
    try:
        filename = STYLES[key][0]
    except KeyError:
        raise ValueError(f"unknown citation style {key!r} (known: {', '.join(STYLES)})") from None
    return _Style(str(STYLES_DIR / filename), locale=LOCALE, validate=False)


def render(style: str, data: Mapping[str, Any]) -> str:
    """citeproc-py's entry for one record, style formatting as private-use marks."""
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([dict(data)]),
                                              _FORMATTER)
    bibliography.register(Citation([CitationItem(data["id"])]))
    return "".join(str(part) for part in bibliography.bibliography()[0]).strip()
