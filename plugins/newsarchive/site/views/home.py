"""The home page: latest articles, counts, the timeline and the way into each index."""

from __future__ import annotations

from newsarchive.site.model import GeneratedPage, Site

HOME_URI = "index.md"


def generate(site: Site, latest: int, title: str) -> None:
    catalog = site.catalog
    span = catalog.span
    site.add(GeneratedPage(
        uri=HOME_URI, title=title, template="home.html",
        context={
            "latest": catalog.articles[:latest],
            "counts": {"articles": len(catalog.articles), "sources": len(catalog.sources),
                       "regions": len(catalog.regions), "countries": len(catalog.countries),
                       "years": len(catalog.years)},
            "span": span,
            "timeline_subset": None,
        },
        nav_title="Home", description="A curated archive of conflict news.",
    ))
