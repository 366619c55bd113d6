"""What a page states about itself: JSON-LD, meta tags, canonical link, <time>, its URL.

Each finder returns candidates, best evidence first; :mod:`newsarchive.ingest.html_reader`
chooses among them (and falls back on trafilatura/htmldate). Malformed JSON-LD is repaired
where that is cheap, else ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from newsarchive.ingest.html import patterns as P
from newsarchive.ingest.html.urls import absolute_url, is_home_page  # noqa: F401 (re-exported)
from newsarchive.ingest.markdown_text import strip_tags

_ISO_DATE = re.compile(r"((?:19|20)\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class PageMeta:
    """The page's own statements, each list best evidence first."""

    jsonld: list[dict[str, Any]] = field(default_factory=list)  # article-like objects
    page_types: set[str] = field(default_factory=set)
    meta: dict[str, list[str]] = field(default_factory=dict)  # lowercased name -> contents
    titles: list[str] = field(default_factory=list)  # JSON-LD headline, og:title, ...
    html_title: str | None = None
    h1: list[str] = field(default_factory=list)
    article_h1: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)  # raw date strings
    modified: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


def _clean(value: Any) -> str:
    return strip_tags(str(value)) if value is not None else ""


# --- JSON-LD -----------------------------------------------------------------------------------

def _load_json(raw: str) -> Any:
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
    raw = raw.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", raw))):
        try:
            return json.loads(attempt, strict=False)
        except ValueError:
            continue
    return None


def _walk(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(node.get(key), (list, dict)):
                yield from _walk(node[key], depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type", [])
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organization value (string, object or list)."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, list):
            item = item[0] if item else None
        if isinstance(item, str) and (name := _clean(item)):
            out.append(name)
    return out


def _first_str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("name")
    return _clean(value) or None if isinstance(value, str) else None


def read_jsonld(tree: lxml_html.HtmlElement, meta: PageMeta) -> None:
    for script in tree.xpath("//script[contains(translate(@type,'LDJSON','ldjson'),'ld+json')]"):
        data = _load_json(script.text or "")
        if data is None:
            continue
        for obj in _walk(data):
            types = _types(obj)
            meta.page_types |= types
            if types & P.ARTICLE_TYPES and ("headline" in obj or "datePublished" in obj):
                meta.jsonld.append(obj)
    # Specific article types before generic WebPage/CreativeWork objects.
    meta.jsonld.sort(key=lambda o: not (_types(o) & (P.ARTICLE_TYPES - {"webpage",
                                                                          "creativework"})))
    for obj in meta.jsonld:
        if title := _first_str(obj.get("headline")) or _first_str(obj.get("name")):
            meta.titles.append(title)
        if date := _first_str(obj.get("datePublished")) or _first_str(obj.get("dateCreated")):
            meta.published.append(date)
        if date := _first_str(obj.get("dateModified")):
            meta.modified.append(date)
        for key in ("url", "mainEntityOfPage"):
            if (url := _first_str(obj.get(key))) and url.startswith("http"):
                meta.urls.append(url)
        meta.site_names.extend(_names(obj.get("publisher")))
        meta.authors.extend(_names(obj.get("author")) or _names(obj.get("creator")))
        if lang := _first_str(obj.get("inLanguage")):
            meta.languages.append(lang)


# --- meta tags, links and the rest ---------------------------------------------------------

def read_meta_tags(tree: lxml_html.HtmlElement, meta: PageMeta) -> None:
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop")
               or el.get("http-equiv") or "").strip().lower()
        value = el.get("content")
        if key and value and value.strip():
            meta.meta.setdefault(key, []).append(value.strip())

    def first(keys: tuple[str, ...]) -> Iterator[str]:
        for key in keys:
            for value in meta.meta.get(key, []):
                if clean := _clean(value):
                    yield clean

    meta.titles.extend(first(P.TITLE_META))
    meta.published.extend(first(P.PUBLISHED_META))
    meta.published.extend(tree.xpath(P.ITEMPROP_PUBLISHED_XPATH))
    meta.published.extend(tree.xpath(P.TIME_XPATH))
    meta.modified.extend(first(P.MODIFIED_META))
    meta.modified.extend(tree.xpath(P.ITEMPROP_MODIFIED_XPATH))
    meta.site_names.extend(s for s in first(P.SITE_NAME_META) if not s.startswith("@"))
    meta.authors.extend(a for a in first(P.AUTHOR_META) if not a.startswith("http"))
    meta.urls.extend(first(P.URL_META))
    meta.languages.extend(first(P.LOCALE_META))

    title = tree.find(".//title")
    meta.html_title = _clean(title.text_content()) if title is not None else None
    meta.h1 = [t for h in tree.xpath(P.H1_XPATH) if (t := _clean(h.text_content()))]
    meta.article_h1 = [t for h in tree.xpath(P.ARTICLE_H1_XPATH)
                       if (t := _clean(h.text_content()))]
    html_lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if html_lang:
        meta.languages.insert(0, html_lang)


def saved_from(text: str) -> str | None:
    """The address a browser or SingleFile recorded when the page was saved."""
    head = text[:4096]
    for pattern in P.SAVED_FROM:
        if match := pattern.search(head):
            url = match.group(1)
            return url if "://" in url else "https://" + url  # HTTrack leaves out the scheme
    return None


def canonical_urls(tree: lxml_html.HtmlElement) -> list[str]:
    return [href.strip() for href in tree.xpath(
        "//link[translate(@rel,'CANONICAL','canonical')='canonical']/@href") if href.strip()]


def widget_urls(tree: lxml_html.HtmlElement) -> list[str]:
    return [u.strip() for u in tree.xpath(P.WIDGET_URL_XPATH) if u.strip().startswith("http")]


def read_page(tree: lxml_html.HtmlElement, text: str) -> PageMeta:
    """Collect every statement the page makes about itself."""
    meta = PageMeta()
    read_jsonld(tree, meta)
    read_meta_tags(tree, meta)
    saved = saved_from(text)
    canon = canonical_urls(tree)
    meta.urls = [*([saved] if saved else []), *canon, *meta.urls]
    # Some pages put the headline in application-name or similar: that is no site name.
    headlines = {_key(t) for t in [*meta.titles, *meta.h1, meta.html_title or ""]}
    meta.site_names = [n for n in dict.fromkeys(meta.site_names)
                       if len(n) <= 60 and _key(n) not in headlines]
    return meta


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


# --- interpreting values -------------------------------------------------------------------

def parse_iso_date(value: str) -> dt.date | None:
    """The calendar date a machine-readable timestamp states (in its own time zone).

    Also takes the human formats some CMS write into date meta tags ("20 Nov 2019 08:02 GMT").
    """
    value = value.strip()
    match = _ISO_DATE.search(value)
    if not match:
        return _parse_loose(value)
    try:
        date = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return date if plausible(date) else None


def _parse_loose(value: str) -> dt.date | None:
    if not re.search(r"(?:19|20)\d\d", value) or len(value) > 60:
        return None
    from htmldate.extractors import custom_parse

    today = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    found = custom_parse(value, "%Y-%m-%d", dt.datetime(1990, 1, 1), today + dt.timedelta(days=2))
    if not found:
        return None
    date = dt.date.fromisoformat(found)
    return date if plausible(date) else None


def plausible(date: dt.date) -> bool:
    today = dt.datetime.now(dt.UTC).date()
    return dt.date(1990, 1, 1) <= date <= today + dt.timedelta(days=2)


def date_in_url(url: str) -> dt.date | None:
    path = urlsplit(url).path
    for pattern in P.URL_DATE:
        if match := pattern.search(path):
            try:
                date = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
            if plausible(date):
                return date
    return None
