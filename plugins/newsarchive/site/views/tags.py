"""Tag pages: an index with counts, one page per tag, newest first."""

from __future__ import annotations

from newsarchive.site.model import GeneratedPage, Site
from newsarchive.site.views import add_paginated


def generate(site: Site) -> None:
    entries = [(site.tag_name(slug), slug, len(items)) for slug, items in site.catalog.tags.items()]
    entries.sort(key=lambda e: (e[0].casefold(), e[1]))
    site.add(GeneratedPage(
        uri=site.index_uri("tags"), title="Tags", template="tags_index.html",
        context={"entries": [(name, site.tag_uri(slug), n) for name, slug, n in entries]},
        nav_title="Tags", description="Every topic in the archive, with article counts.",
    ))
    for slug, items in site.catalog.tags.items():
        name = site.tag_name(slug)
        add_paginated(site, site.tag_uri(slug), f"Tag: {name}", "listing.html", items,
                      {"kind": "tag", "timeline_subset": items},
                      description=f"Articles tagged {name}, newest first.")
