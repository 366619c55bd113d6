"""One module per generated view; each has ``generate(site)`` registering its pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsarchive.archive.catalog import paginate
from newsarchive.mkdocs_plugin.site import GeneratedPage, Site
from newsarchive.schema import Article


def page_uri(base: str, number: int) -> str:
    """``tags/x/index.md`` -> ``tags/x/page/2/index.md`` for page 2."""
    if number == 1:
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
    """Register one page per ``site.page_size`` articles, with a pager linking them all."""
    chunks = paginate(articles, site.page_size)
    uris = [page_uri(base, n) for n in range(1, len(chunks) + 1)]
    for n, (uri, chunk) in enumerate(zip(uris, chunks, strict=True), start=1):
        site.add(GeneratedPage(
            uri=uri,
            title=title if n == 1 else f"{title} (page {n})",
            template=template,
            context={**context, "articles": chunk, "total": len(articles),
                     "pager": {"current": n, "uris": uris} if len(uris) > 1 else None},
            nav_title=nav_title if n == 1 else None,
            description=description,
        ))
