"""Source pages: an index of publications with counts, one page per publication."""

from __future__ import annotations

from newsarchive.site.model import GeneratedPage, Site
from newsarchive.site.views import add_paginated


def generate(site: Site) -> None:
    site.add(GeneratedPage(
        uri=site.index_uri("sources"), title="Sources", template="tags_index.html",
        context={"entries": [(name, site.source_uri(name), len(items))
                             for name, items in site.catalog.sources.items()]},
        nav_title="Sources", description="Every publication in the archive, with counts.",
    ))
    for name, items in site.catalog.sources.items():
        add_paginated(site, site.source_uri(name), name, "listing.html", items,
                      {"kind": "source", "timeline_subset": items},
                      description=f"Articles from {name}, newest first.")
