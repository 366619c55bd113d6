"""The site being built: the core's data plus where each generated page lives.

Views register :class:`GeneratedPage` objects here; the plugin turns them into MkDocs files
and renders each with its template. Nothing in here touches MkDocs objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from slugify import slugify

from newsarchive.archive.catalog import Catalog
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
    pages: dict[str, GeneratedPage] = field(default_factory=dict)

    def add(self, page: GeneratedPage) -> None:
        self.pages[page.uri] = page

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
    return [p for p in directory.rstrip("/").split("/") if p] if directory not in ("", ".") \
        else []
