"""One module per generated view; each has ``generate(site)`` registering its pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsarchive.archive.catalog import paginate
from newsarchive.schema import Article
from newsarchive.site.model import GeneratedPage, Site

_FIRST_PAGE_ONLY = ("subregions", "timeline_subset")


def page_uri(base: str, number: int) -> str:
    """``tags/x/index.md`` -> ``tags/x/page/2/index.md``: the listing's older page that is
    ``number``-th counted from the oldest (0: the first page, ``base`` itself)."""
    if number == 0:
        return base
    return f"{base.removesuffix('index.md')}page/{number}/index.md"


def add_paginated(
    site: Site,
    base: str,
    title: str,
    template: str,
    articles: Sequence[Article],
    context: dict[str, Any],
    nav_title: str | None = None,
    description: str = "",
) -> None:
    """Register a listing of newest-first ``articles``: a first page, then older pages of
    ``site.page_size`` each (see ``paginate``), with a pager linking them all.

    Older pages are numbered from the oldest in their URLs (``page/1/`` holds the oldest
    articles), so a page keeps its address and its articles as newer ones arrive; the pager
    and titles number them from the newest, the way readers count pages."""
    chunks = paginate(articles, site.page_size)
    count = len(chunks)
    uris = [page_uri(base, 0 if n == 1 else count - n + 1) for n in range(1, count + 1)]
    # Older pages leave out what any newer article changes (the count, subregion counts,
    # the timeline): their cache keys, like their bytes, depend on their own articles.
    older = {k: v for k, v in context.items() if k not in _FIRST_PAGE_ONLY}
    for n, (uri, chunk) in enumerate(zip(uris, chunks, strict=True), start=1):
        site.add(GeneratedPage(
            uri=uri,
            title=title if n == 1 else f"{title} (page {n} of {count})",
            template=template,
            context={**(context if n == 1 else older), "articles": chunk,
                     "total": len(articles) if n == 1 else None,
                     "pager": {"current": n, "uris": uris} if count > 1 else None},
            nav_title=nav_title if n == 1 else None,
            description=description,
        ))
