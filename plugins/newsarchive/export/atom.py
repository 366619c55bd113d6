"""Atom feeds (RFC 4287) of archived articles: the same articles in, the same bytes out.

How a view calls it, once per listing (the whole archive, every tag, country, region and
source)::

    entry = entry_for(article, url=site_url + article_page_path,
                      region_label=site.region_label(article.region),
                      tag_names={slug: site.tag_name(slug) for slug in article.tags},
                      tag_scheme=site_url + "tags/", id_authority="archive.example.org,2026")
    data = atom_feed(feed_url=site_url + "tags/ceasefire/feed.xml",
                     page_url=site_url + "tags/ceasefire/", title="Ceasefire · Archive",
                     subtitle="Articles tagged Ceasefire, newest first.",
                     entries=entries_of_the_listing, updated=None, limit=50,
                     feed_id=tag_uri("archive.example.org,2026", "feeds/tags/ceasefire"))

Make each article's :class:`FeedEntry` once and reuse it in every feed the article is in: it
holds its rendered lede and its XML. ``atom_feed`` takes the listing's entries in any order,
sorts them newest first (ties by article path, the listings' order) and keeps the latest
``limit``; the feed's ``updated`` is the newest entry's, so a feed's bytes change only when
its entries do. Every URL must be absolute (from ``site_url``): a relative one raises
``ValueError``, as a feed reader could not use it.

Entry ids. RFC 4287 (4.2.6) wants an entry's id to stay the same when the feed is moved or
republished; feed readers use it to tell new entries from seen ones. A page URL changes with
``site_url`` or the URL layout, which would show every entry again as new, so with an
``id_authority`` (a domain or e-mail address the curators hold, a comma, and a date they held
it: RFC 4151) the id is a ``tag:`` URI of the article's path in the archive, which survives a
move. Without one, the id is the page's absolute URL (what Hugo and Jekyll do).

Values are written as text, never markup: titles, bylines and summaries are ``type="text"``
and lxml escapes them; characters XML 1.0 forbids (NUL, ESC, U+FFFE, lone surrogates) and
C1 controls are dropped first.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from lxml import etree

from newsarchive.export.lede import lede
from newsarchive.export.xmltext import NOT_XML, xml_text
from newsarchive.schema import Article

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MEDIA_TYPE = "application/atom+xml"
LIMIT = 50
GENERATOR = "newsarchive"
# Categorization schemes of region codes (RFC 5141 URNs of ISO 3166 parts 1 and 2).
COUNTRY_SCHEME = "urn:iso:std:iso:3166:-1"
REGION_SCHEME = "urn:iso:std:iso:3166:-2"

# RFC 4151: taggingEntity = authorityName "," date (a DNS name or an e-mail address).
_AUTHORITY = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}),\d{4}(?:-\d{2}(?:-\d{2})?)?")
_QNAMES = {name: f"{{{ATOM_NS}}}{name}" for name in (
    "feed", "id", "title", "subtitle", "link", "updated", "generator", "entry", "published",
    "author", "name", "category", "summary", "source")}
_BAD_IN_URL = re.compile(rf"\s|{NOT_XML.pattern}")
_TAG_SAFE = "/?:@!$&'()*+,;=-._~"  # pchar / "/" / "?" of RFC 4151's specific part


@dataclass(frozen=True, slots=True)
class Category:
    """An Atom category: ``term`` (the code), the ``scheme`` IRI it comes from, a ``label``."""

    term: str
    scheme: str | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """What one article contributes to a feed (build it with :func:`entry_for`). Making one
    checks its link (``ValueError`` if not absolute) and writes its XML once."""

    key: str  # the article's path in the archive: breaks ties in the order
    title: str
    link: str  # absolute URL of the archived page
    id: str  # tag: URI or the absolute URL (see the module docstring)
    updated: dt.datetime
    published: dt.datetime | None
    author: str | None  # byline
    source: str  # publication name
    original_url: str | None  # the article at its source (an http(s) URL), as rel="via"
    categories: tuple[Category, ...]
    summary: str  # plain text
    language: str | None = None  # ISO 639-1
    # The <entry> element, serialized once when the entry is made (an article is in five to
    # ten feeds; parsing this back is four times faster than building the element again,
    # and bytes take a tenth of the memory of a kept element tree).
    xml: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _absolute(self.link, f"entry link of {self.key!r}:")
        object.__setattr__(self, "xml", etree.tostring(_entry_element(self)))


def _absolute(url: str, what: str) -> str:
    if _BAD_IN_URL.search(url):
        raise ValueError(f"{what} {url!r} holds a space or control character (percent-encode "
                         "it, e.g. %20)")
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{what} {url!r} is not an absolute http(s) URL (feed readers cannot "
                         "resolve it: build it from site_url, e.g. "
                         "https://archive.example.org/tags/ceasefire/)")
    return url


def _web(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (never a ``javascript:`` link)."""
    if not url:
        return None
    try:
        return _absolute(url, "")
    except ValueError:
        return None


def tag_uri(authority: str, key: str) -> str:
    """A ``tag:`` URI (RFC 4151): ``tag_uri("archive.example.org,2026", "articles/a.md")``
    is ``tag:archive.example.org,2026:articles/a.md``."""
    if not _AUTHORITY.fullmatch(authority):
        raise ValueError(f"id authority {authority!r} is not a domain or e-mail address, a "
                         "comma and a date (e.g. archive.example.org,2026: RFC 4151)")
    return f"tag:{authority}:{quote(key, safe=_TAG_SAFE)}"


def _utc(value: dt.date | dt.datetime) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _stamp(value: dt.datetime) -> str:
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_for(article: Article, url: str, region_label: str | None,
              tag_names: Mapping[str, str], *, tag_scheme: str | None = None,
              id_authority: str | None = None, summary_limit: int = 300) -> FeedEntry:
    """The feed entry of ``article``, whose archived page is at the absolute ``url``.

    ``region_label`` names ``article.region`` (e.g. "Idlib, Syria"); ``tag_names`` maps tag
    slugs to their names (a slug not in it is its own label); ``tag_scheme`` is the absolute
    URL of the site's tags index, the scheme of tag categories. ``published`` is the
    article's date, ``updated`` the latest of that date, the source's last update and the
    archived time (so, mostly, the archived time). Raises ``ValueError`` for a relative
    ``url`` or ``tag_scheme``, or an article with neither a date nor an archived time.
    """
    _absolute(url, f"entry link of {article.path or article.title!r}:")
    if tag_scheme is not None:
        _absolute(tag_scheme, "tag_scheme")
    published = _utc(article.date) if article.date else None
    times = [t for t in (published, article.modified and _utc(article.modified),
                         article.archived and _utc(article.archived)) if t is not None]
    if not times:
        raise ValueError(f"{article.path or article.title!r}: no date and no archived time "
                         "(an entry needs one: fill in `date`)")
    categories = [Category(slug, tag_scheme, tag_names.get(slug, slug)) for slug in article.tags]
    if article.region:
        scheme = REGION_SCHEME if "-" in article.region else COUNTRY_SCHEME
        categories.append(Category(article.region, scheme, region_label or article.region))
    return FeedEntry(
        key=article.path,
        title=article.title,
        link=url,
        id=tag_uri(id_authority, article.path.removesuffix(".md")) if id_authority else url,
        updated=max(times),
        published=published,
        author=article.byline or None,
        source=article.source,
        original_url=_web(article.original_url),
        categories=tuple(categories),
        summary=lede(article.body, summary_limit),
        language=article.language or None,
    )


def _order(entry: FeedEntry) -> tuple[float, str]:
    """Newest first by publication (else update) time, ties by path: the listings' order."""
    return (-(entry.published or entry.updated).timestamp(), entry.key)


def _add(parent: etree._Element, tag: str, text: str | None = None,
         **attrs: str | None) -> etree._Element:
    element = etree.SubElement(parent, _QNAMES[tag], {
        name: xml_text(value) for name, value in attrs.items() if value is not None})
    if text is not None:
        element.text = xml_text(text)
    return element


def _entry_element(entry: FeedEntry) -> etree._Element:
    element = etree.Element(_QNAMES["entry"], nsmap={None: ATOM_NS})
    if entry.language:
        element.set(XML_LANG, xml_text(entry.language))
    _add(element, "id", entry.id)
    _add(element, "title", entry.title, type="text")
    _add(element, "link", rel="alternate", type="text/html", href=entry.link)
    if (via := _web(entry.original_url)) is not None:
        _add(element, "link", rel="via", type="text/html", href=via)
    if entry.published is not None:
        _add(element, "published", _stamp(entry.published))
    _add(element, "updated", _stamp(entry.updated))
    if entry.author:
        _add(_add(element, "author"), "name", entry.author)
    for category in entry.categories:
        _add(element, "category", term=category.term, scheme=category.scheme,
             label=category.label)
    if entry.summary:
        _add(element, "summary", entry.summary, type="text")
    # The publication, as the feed the entry came from (RFC 4287 4.2.11): its name is the
    # author when there is no byline, so every entry has an author.
    if entry.source:
        source = _add(element, "source")
        _add(_add(source, "author"), "name", entry.source)
        _add(source, "title", entry.source, type="text")
    return element


def latest(entries: Iterable[FeedEntry], limit: int | None = LIMIT) -> list[FeedEntry]:
    """``entries`` newest first (ties by path), the first ``limit`` of them (all if None)."""
    if limit is None:
        return sorted(entries, key=_order)
    return heapq.nsmallest(limit, entries, key=_order)  # = sorted(...)[:limit], in O(n log limit)


def atom_feed(*, feed_url: str, page_url: str, title: str, subtitle: str | None,
              entries: Sequence[FeedEntry], updated: dt.datetime | None = None,
              limit: int | None = LIMIT, feed_id: str | None = None,
              language: str | None = None) -> bytes:
    """An Atom feed document (UTF-8) of the latest ``limit`` of ``entries``, newest first.

    ``feed_url`` is where the feed is published (its ``rel="self"`` link and, without a
    ``feed_id``, its id), ``page_url`` the listing page it follows (``rel="alternate"``);
    both absolute. ``updated`` defaults to the newest entry's update time: the clock is never
    read. ``language``: the feed's ``xml:lang`` (each entry carries its article's own).
    Raises ``ValueError`` for a relative URL, or for no entries and no ``updated``.
    """
    _absolute(feed_url, "feed_url")
    _absolute(page_url, "page_url")
    chosen = latest(entries, limit)
    if updated is None:
        if not chosen:
            raise ValueError(f"feed {feed_url}: no entries and no `updated` time (give one: "
                             "the feed needs it and the clock is never read)")
        updated = max(e.updated for e in chosen)
    feed = etree.Element(_QNAMES["feed"], nsmap={None: ATOM_NS})
    if language:
        feed.set(XML_LANG, xml_text(language))
    _add(feed, "id", feed_id or feed_url)
    _add(feed, "title", title, type="text")
    if subtitle:
        _add(feed, "subtitle", subtitle, type="text")
    _add(feed, "link", rel="self", type=MEDIA_TYPE, href=feed_url)
    _add(feed, "link", rel="alternate", type="text/html", href=page_url)
    _add(feed, "updated", _stamp(updated))
    _add(feed, "generator", GENERATOR)
    for entry in chosen:
        feed.append(etree.fromstring(entry.xml))
    return etree.tostring(feed, encoding="utf-8", xml_declaration=True, pretty_print=True)
