"""Atom feeds: one for the whole archive, one per tag, country, region and source listing.

Each feed is a :class:`GeneratedFile` named ``feed.xml`` next to its listing's first page
(``feed.xml`` at the site's root for the whole archive, ``tags/<slug>/feed.xml``,
``regions/<country>/feed.xml``, ``regions/<country>/<region>/feed.xml``,
``sources/<source slug>/feed.xml``) holding the listing's latest ``site.feed_size`` articles,
newest first. The listing's first page (and the home page) links it from its <head>
(``alternates``) and shows a subscribe link (``context["feed"]``, ``_feed.html``).

A feed's ``inputs`` are what its bytes show: its path, title and subtitle, and its articles
(by their data's digest and by their file's text digest: the summary is the body's lede).
Feed readers need absolute URLs, so without ``site.site_url`` the build warns once and
writes no feed and no link to one. Each article's entry is made once per build, the first
time a feed that holds it is rendered, and shared by all its feeds (feeds reused from the
last build make none).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from typing import Any

from newsarchive.export.atom import MEDIA_TYPE, FeedEntry, atom_feed, entry_for, tag_uri
from newsarchive.schema import Article
from newsarchive.site.model import GeneratedFile, GeneratedPage, Site
from newsarchive.site.views.home import HOME_URI

FEED_NAME = "feed.xml"
log = logging.getLogger("mkdocs.plugins.newsarchive")


def feed_path(listing_uri: str) -> str:
    """Site-relative path of the feed of the listing whose first page is ``listing_uri``
    (``tags/x/index.md`` -> ``tags/x/feed.xml``; ``index.md`` -> ``feed.xml``)."""
    return listing_uri.removesuffix("index.md") + FEED_NAME


class _Entries:
    """Feed entries of this build's articles, each made once, when a feed first needs it."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.made: dict[str, FeedEntry] = {}

    def get(self, article: Article, url_of: Callable[[str], str]) -> FeedEntry:
        entry = self.made.get(article.path)
        if entry is None:
            site = self.site
            body = site.article_body(article) if site.article_body is not None else article.body
            if body != article.body:
                article = dataclasses.replace(article, body=body)
            tags_index = _page_url(site, url_of, site.index_uri("tags")) \
                if site.has("tags") else None
            entry = self.made[article.path] = entry_for(
                article, _page_url(site, url_of, article.path),
                site.region_label(article.region) if article.region else None,
                {slug: site.tag_name(slug) for slug in article.tags},
                tag_scheme=tags_index, id_authority=site.feed_id_authority)
        return entry


def _page_url(site: Site, url_of: Callable[[str], str], uri: str) -> str:
    """The absolute URL of the page ``uri`` (the home page's site-relative URL is "./")."""
    return site.absolute(url_of(uri).removeprefix("./"))


def generate(site: Site, site_name: str) -> None:
    """Register every feed (when ``site.feed_size`` > 0) and link it from its listing."""
    if site.feed_size <= 0 or not site.catalog.articles:
        return
    if not site.site_url:
        log.warning("newsarchive: feeds need site_url (feed readers cannot use relative "
                    "links), so no feed was written: set site_url in mkdocs.yml (e.g. "
                    "site_url: https://archive.example.org/), or set `feeds: false` in the "
                    "newsarchive plugin's options")
        return
    entries = _Entries(site)
    catalog = site.catalog
    # (listing's first page, the feed's id in the archive, the listing's articles)
    listings: list[tuple[str, str, Sequence[Article]]] = []
    if site.has("tags"):
        listings += [(site.tag_uri(slug), f"tag/{slug}", items)
                     for slug, items in catalog.tags.items()]
    if site.has("regions"):
        listings += [(site.country_uri(code), f"country/{code}", items)
                     for code, items in catalog.countries.items()]
        listings += [(site.region_uri(code), f"region/{code}", items)
                     for code, items in catalog.regions.items()
                     if site.region_uri(code) != site.country_uri(code.split("-", 1)[0])]
    if site.has("sources"):
        listings += [(site.source_uri(name), f"source/{site.source_slug(name)}", items)
                     for name, items in catalog.sources.items()]
    for uri, key, items in listings:
        page = site.pages.get(uri)
        if page is None:
            continue
        _add_feed(site, entries, uri, key, f"{page.title} · {site_name}", page.description,
                  items, page, page.title)
    _add_feed(site, entries, HOME_URI, "all", site_name,
              "The latest articles in the archive, newest first.", catalog.articles,
              site.pages.get(HOME_URI), "the whole archive")


def _add_feed(site: Site, entries: _Entries, listing: str, key: str, title: str,
              subtitle: str, items: Sequence[Article], page: GeneratedPage | None,
              label: str) -> None:
    """Register the feed of the listing ``listing`` and link it from its first ``page``."""
    path = feed_path(listing)
    # The listing's order is the feed's (newest first, ties by path; every listed article
    # has a date), so these are exactly the entries atom_feed keeps.
    chosen = list(items[:site.feed_size])
    feed_id = tag_uri(site.feed_id_authority, f"feeds/{key}") \
        if site.feed_id_authority else None
    inputs: dict[str, Any] = {
        "path": path, "listing": listing, "title": title, "subtitle": subtitle, "id": feed_id,
        "articles": chosen, "texts": [site.text_sha.get(a.path, "") for a in chosen]}

    def render(url_of: Callable[[str], str]) -> bytes:
        return atom_feed(
            feed_url=site.absolute(path), page_url=_page_url(site, url_of, listing),
            title=title, subtitle=subtitle, entries=[entries.get(a, url_of) for a in chosen],
            limit=site.feed_size, feed_id=feed_id)

    site.add_file(GeneratedFile(path=path, inputs=inputs, render=render))
    if page is not None:
        page.alternates.append((MEDIA_TYPE, title, path))
        page.context["feed"] = {"path": path, "label": label}
