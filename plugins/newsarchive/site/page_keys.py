"""Cache keys of generated pages, from what they show rather than from rendering them.

A listing, index or home page shows its context (lists of articles, counts, names) and,
when it charts the whole archive's timeline (``timeline_subset: None`` in its context), the
archive's month counts: nothing else the build fingerprint does not cover.
Its key digests exactly that: each article by the digest of its data without the body, so
editing an article's text leaves every listing that names it untouched, while a new title,
date or tag changes each page that shows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from newsarchive.archive.catalog import Catalog
from newsarchive.schema import Article
from newsarchive.site.model import GeneratedPage


class PageKeys:
    """Digests of generated pages' inputs for one build."""

    def __init__(self, catalog: Catalog, article_sha: Mapping[str, str]) -> None:
        self._article_sha = article_sha
        self._seen: dict[int, str] = {}  # id of a list shared by several pages -> its digest
        months = sorted(catalog.month_counts(None).items())
        self._months = hashlib.sha256(repr(months).encode()).hexdigest()

    def page(self, page: GeneratedPage) -> str:
        # A page draws a timeline when its context has "timeline_subset"; None charts the
        # whole archive. A subset (a tag's, a year's articles) is in the context, so the key
        # already covers it; month pages draw none. A new article elsewhere in the archive
        # leaves subset-charting pages as they are.
        charted = "timeline_subset" in page.context and page.context["timeline_subset"] is None
        whole = self._months if charted else ""
        parts = [page.uri, page.title, page.description, page.template, str(page.nav_title),
                 whole, self._value(page.context)]
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def value(self, inputs: Any) -> str:
        """The key of a generated file (see ``GeneratedFile.inputs``)."""
        return hashlib.sha256(self._value(inputs).encode("utf-8", "surrogatepass")).hexdigest()

    def _value(self, value: Any) -> str:
        if isinstance(value, Article):
            sha = self._article_sha.get(value.path)
            return "A" + (sha if sha is not None else repr(value))
        if isinstance(value, str | int | float | bool | type(None) | dt.date):
            return repr(value)
        if isinstance(value, Mapping):
            return "{" + ",".join(f"{self._value(k)}:{self._value(v)}"
                                  for k, v in value.items()) + "}"
        if isinstance(value, list | tuple):
            if len(value) > 16:  # timeline subsets are shared by every page of a listing
                known = self._seen.get(id(value))
                if known is None:
                    known = self._seen[id(value)] = hashlib.sha256(
                        self._items(value).encode()).hexdigest()
                return "[" + known + "]"
            return "[" + self._items(value) + "]"
        return repr(value)

    def _items(self, values: Any) -> str:
        # Lists of articles are most of every context: their digests without a call each.
        sha = self._article_sha
        return ",".join(
            "A" + known if type(v) is Article and (known := sha.get(v.path)) is not None
            else self._value(v) for v in values)
