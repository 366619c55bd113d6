"""The archive as data: articles grouped by tag, region, country, source and period.

Everything a site shows about the archive as a whole is computed here once per build, in
plain Python, so any site engine can render it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from newsarchive.schema import REQUIRED, Article

T = TypeVar("T")


def needs_review(article: Article) -> list[str]:
    """The required fields still empty (listed under ``review`` by ingest, or left out by
    hand), in schema order. Such an article gets its own page, which says so, and stays out
    of every listing until a curator fills them in."""
    return [key for key in REQUIRED if getattr(article, key) in ("", None)]


def listable(articles: Iterable[Article]) -> list[Article]:
    """The articles the site lists (listings, related lists, previous / next, search): all
    but those that :func:`needs_review`."""
    return [a for a in articles if not needs_review(a)]


def newest_first(article: Article) -> tuple[int, str]:
    return (-(article.date.toordinal() if article.date else 0), article.path)


def oldest_first(article: Article) -> tuple[int, str]:
    return (article.date.toordinal() if article.date else 0, article.path)


def paginate(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Split a newest-first list into pages that stay put as newer items arrive.

    Every page after the first holds exactly ``size`` items, counted from the oldest end, so
    adding a newer item changes the first page alone; the first page holds the rest: from
    ``size`` to ``2 * size - 1`` items, or all of them when there are fewer. (Counted from
    the newest end, one new item would shift every page of a long listing, and a rebuild
    would render all of them again.) ``size <= 0``: one page."""
    if size <= 0 or len(items) < 2 * size:
        return [items]
    first = len(items) - (len(items) // size - 1) * size
    return [items[:first], *(items[i:i + size] for i in range(first, len(items), size))]


@dataclass
class Catalog:
    """Groupings of the archive's articles; every list is in a stable, documented order."""

    articles: list[Article]  # newest first
    by_path: dict[str, Article]
    tags: dict[str, list[Article]] = field(default_factory=dict)  # newest first
    regions: dict[str, list[Article]] = field(default_factory=dict)  # code -> newest first
    countries: dict[str, list[Article]] = field(default_factory=dict)  # incl. their regions
    sources: dict[str, list[Article]] = field(default_factory=dict)  # newest first
    years: dict[int, list[Article]] = field(default_factory=dict)  # oldest first
    months: dict[tuple[int, int], list[Article]] = field(default_factory=dict)  # oldest first
    previous: dict[str, Article | None] = field(default_factory=dict)  # in date order
    next: dict[str, Article | None] = field(default_factory=dict)

    @classmethod
    def build(cls, articles: Iterable[Article]) -> Catalog:
        """Group ``articles`` (the site passes those of :func:`listable`)."""
        ordered = sorted(articles, key=newest_first)
        cat = cls(ordered, {a.path: a for a in ordered})
        tags: dict[str, list[Article]] = defaultdict(list)
        regions: dict[str, list[Article]] = defaultdict(list)
        countries: dict[str, list[Article]] = defaultdict(list)
        sources: dict[str, list[Article]] = defaultdict(list)
        for article in ordered:
            for tag in dict.fromkeys(article.tags):
                tags[tag].append(article)
            if article.region:
                regions[article.region].append(article)
                countries[article.country].append(article)
            if article.source:
                sources[article.source].append(article)
        chronological = sorted((a for a in ordered if a.date is not None), key=oldest_first)
        years: dict[int, list[Article]] = defaultdict(list)
        months: dict[tuple[int, int], list[Article]] = defaultdict(list)
        for article in chronological:
            assert article.date is not None
            years[article.date.year].append(article)
            months[(article.date.year, article.date.month)].append(article)
        if chronological:  # none dated: no previous / next to link
            for before, article, after in zip([None, *chronological[:-1]], chronological,
                                              [*chronological[1:], None], strict=True):
                cat.previous[article.path] = before
                cat.next[article.path] = after
        cat.tags = dict(sorted(tags.items()))
        cat.regions = dict(sorted(regions.items()))
        cat.countries = dict(sorted(countries.items()))
        cat.sources = dict(sorted(sources.items(), key=lambda kv: kv[0].casefold()))
        cat.years = dict(sorted(years.items()))
        cat.months = dict(sorted(months.items()))
        return cat

    def month_counts(self, subset: Iterable[Article] | None = None) -> Counter[tuple[int, int]]:
        """Articles per (year, month), for the whole archive or a subset."""
        if subset is None:
            return Counter({ym: len(items) for ym, items in self.months.items()})
        return Counter((a.date.year, a.date.month) for a in subset if a.date is not None)

    @property
    def span(self) -> tuple[dt.date, dt.date] | None:
        dated = [a.date for a in self.articles if a.date is not None]
        return (min(dated), max(dated)) if dated else None


def by_day(articles: Iterable[Article]) -> list[tuple[dt.date, list[Article]]]:
    """Group date-ordered articles by day, keeping order (Pelican-style period grouping)."""
    from itertools import groupby

    return [(day, list(items)) for day, items in groupby(
        (a for a in articles if a.date is not None), key=lambda a: a.date)]  # type: ignore[arg-type,return-value]
