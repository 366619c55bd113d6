"""The site being built: the core's data plus everything the build emits besides articles.

Views register what they emit here: :class:`GeneratedPage` objects (rendered with the
site's templates inside the theme), :class:`GeneratedFile` objects (plain files made from
data: XML, JSON, CSV, BibTeX) and static assets. Each page and file has a cache key derived
from its inputs (``page_keys``), so incremental builds and reproducibility cover every
output. The engine adapter turns them into its own files; nothing in here touches MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from slugify import slugify

from newsarchive.archive.catalog import Catalog
from newsarchive.export.dataset import Config as DatasetConfig
from newsarchive.vocab import Vocab

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass
class GeneratedPage:
    """One page the plugin adds: where it goes, its title, template and data."""

    uri: str  # docs-relative source path, e.g. "tags/ceasefire/index.md"
    title: str
    template: str  # file name under templates/newsarchive/
    context: dict[str, Any] = field(default_factory=dict)
    nav_title: str | None = None  # set for index pages that belong in the navigation
    description: str = ""
    # Other forms of this page, linked from its <head>: (media type, title, output path).
    alternates: list[tuple[str, str, str]] = field(default_factory=list)
    # What the page shows of generated files' bytes (sizes, hashes), which an engine that
    # writes those files in another process may fill in once they are written.
    late: LateParts | None = None


class LateParts(Protocol):
    """Parts of a page that show generated files' bytes. After :meth:`defer`, the page
    renders with placeholders, and :meth:`fill` puts the values in its finished HTML."""

    paths: list[str]  # the generated files whose bytes it shows

    def defer(self) -> None:
        """Render placeholders from now on, not the values (the files are not made here)."""

    def fill(self, html: str, measured: Callable[[str], tuple[int, str]]) -> str:
        """``html`` (the finished page) with the values in place of the placeholders;
        ``measured`` gives the size in bytes and SHA-256 of an output path's written file."""


@dataclass
class GeneratedFile:
    """One plain output made from data (a feed, a dataset, citation files).

    ``inputs`` is everything its bytes depend on besides the build fingerprint (articles,
    names, counts: digested like a page's context); ``render`` makes the bytes, given a
    function from a docs-relative page path to that page's site-relative URL. A build whose
    previous output has the same key reuses that file without calling ``render``.
    ``shared``: the part of ``render``'s work that pages need too (e.g. each article's
    citation entries, also in its Cite box), for an engine that renders files in another
    process to do once, in the build process, before it starts that process.
    """

    path: str  # site-relative output path, e.g. "feeds/tags/ceasefire.xml"
    inputs: Any
    render: Callable[[Callable[[str], str]], bytes]
    shared: Callable[[], None] | None = None


@dataclass
class Memo:
    """Results kept from one build to the next (the engine stores them with its cache, and
    keeps them when options or the config change): tables a view fills, each entry under a
    digest of everything it depends on. A view that changes a table sets ``changed``, so an
    unchanged memo is not written again."""

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed: bool = False

    def table(self, name: str) -> dict[str, Any]:
        return self.tables.setdefault(name, {})


@dataclass
class Site:
    """Everything the views and templates need about the archive."""

    catalog: Catalog
    vocab: Vocab
    urls: dict[str, str]  # view name -> docs-relative folder
    page_size: int
    date_format: str
    timeline: bool
    views: list[str]
    site_url: str = ""  # the published site's absolute URL ("" when not configured)
    show_map: bool = True  # the coverage map on the home and country pages (views/coverage.py)
    pages: dict[str, GeneratedPage] = field(default_factory=dict)
    files: dict[str, GeneratedFile] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)  # output path -> source file
    # An article page's <head> additions, given the article and its page's site-relative
    # URL: {"meta": [(name, content)], "jsonld": safe JSON text, "scripts": [site-relative
    # paths of the site's own scripts]} (set by a view).
    article_head: Callable[[Any, str], dict[str, Any]] | None = None
    # Atom feeds (views/feeds.py): the latest articles per feed (0: no feeds), the RFC 4151
    # authority of their ids (None: ids are the pages' URLs).
    feed_size: int = 0
    feed_id_authority: str | None = None
    # Listings carry articles without their body: ``article_body`` gives it, ``text_sha`` the
    # digest of each article file's text (docs-relative path -> SHA-256) for the inputs of
    # outputs that show the body (a feed's summaries). Set by the engine adapter.
    article_body: Callable[[Any], str] | None = None
    text_sha: Mapping[str, str] = field(default_factory=dict)
    # Docs-relative page path -> site-relative URL, set by the engine once pages have URLs.
    url_of: Callable[[str], str] | None = None
    memo: Memo = field(default_factory=Memo)  # kept between builds (see Memo)
    extras: dict[str, Any] = field(default_factory=dict)  # a view's state for this build
    # Citation metadata, the "Cite" box and the listings' exports (views/cite.py).
    citations: bool = True
    cite_styles: tuple[str, ...] = ("apa", "chicago-author-date")  # the "Cite" box's styles
    # The dataset (Data page and data/ files) and what it carries; None: not published.
    dataset: DatasetConfig | None = None

    def add(self, page: GeneratedPage) -> None:
        self.pages[page.uri] = page

    def absolute(self, url: str) -> str:
        """The absolute URL of a site-relative ``url`` (needs ``site_url``)."""
        if not self.site_url:
            raise ValueError("an absolute URL needs the site's `site_url`")
        return self.site_url.rstrip("/") + "/" + url.lstrip("/")

    def add_file(self, output: GeneratedFile) -> None:
        if output.path in self.files:
            raise ValueError(f"two views generate {output.path}")
        self.files[output.path] = output

    # -- where things live (docs-relative source paths) --------------------------------------
    def tag_uri(self, slug: str) -> str:
        return f"{self.urls['tags']}/{slug}/index.md"

    def country_uri(self, country: str) -> str:
        return f"{self.urls['regions']}/{country.lower()}/index.md"

    def region_uri(self, code: str) -> str:
        region = self.vocab.regions.get(code)
        if region is None or region.is_country:
            return self.country_uri(code.split("-", 1)[0])
        return f"{self.urls['regions']}/{region.country.lower()}/{code.lower()}/index.md"

    def source_slug(self, name: str) -> str:
        return slugify(name) or "source"

    def source_uri(self, name: str) -> str:
        return f"{self.urls['sources']}/{self.source_slug(name)}/index.md"

    def year_uri(self, year: int) -> str:
        return f"{self.urls['chronology']}/{year}/index.md"

    def month_uri(self, year: int, month: int) -> str:
        return f"{self.urls['chronology']}/{year}/{month:02d}/index.md"

    def index_uri(self, view: str) -> str:
        return f"{self.urls[view]}/index.md"

    def has(self, view: str) -> bool:
        return view in self.views

    # -- words -------------------------------------------------------------------------------
    def fmt_date(self, value: dt.date | None) -> str:
        return value.strftime(self.date_format) if value else "undated"

    def month_name(self, year: int, month: int) -> str:
        return f"{MONTHS[month - 1]} {year}"

    def region_label(self, code: str) -> str:
        return self.vocab.regions.label(code)

    def tag_name(self, slug: str) -> str:
        return self.vocab.tags.name(slug)


def relative_url(target: str, base_parts: list[str]) -> str:
    """``mkdocs.utils.get_relative_url(target, page_url)`` for a page whose directory is
    ``base_parts`` (see :func:`url_dir_parts`); same result, a fraction of the cost, which
    matters at a few hundred thousand links per build."""
    parts = target.split("/")
    trailing = target.endswith("/")
    if trailing:
        parts.pop()
    parts = [p for p in parts if p]
    common = 0
    for a, b in zip(parts, base_parts, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(base_parts) - common) + parts[common:]) or "."
    return rel + "/" if trailing else rel


def url_dir_parts(page_url: str) -> list[str]:
    """The directory a page URL's relative links start from, as path segments."""
    head, tail = page_url.rsplit("/", 1) if "/" in page_url else ("", page_url)
    directory = head if "." in tail else page_url
    # "." is the site's root (MkDocs gives the home page the URL "./")
    return [p for p in directory.split("/") if p and p != "."]
