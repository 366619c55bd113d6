"""The search page: Pagefind's UI with filters for country, region, tag, source and year."""

from __future__ import annotations

from newsarchive.mkdocs_plugin.site import GeneratedPage, Site

SEARCH_URI = "search/index.md"


def generate(site: Site) -> None:
    site.add(GeneratedPage(
        uri=SEARCH_URI, title="Search", template="search.html", nav_title="Search",
        description="Full-text search of the archive, with filters.",
    ))
