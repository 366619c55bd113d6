"""The search page: a small UI over Pagefind with filters for country, region, tag, source,
year and language (``assets/search.js``)."""

from __future__ import annotations

from pathlib import Path

from newsarchive.site.model import GeneratedPage, Site

SEARCH_URI = "search/index.md"
SCRIPT_URI = "assets/newsarchive/search.js"
SCRIPT_SOURCE = Path(__file__).resolve().parents[2] / "search" / "assets" / "search.js"


def generate(site: Site) -> None:
    site.add(GeneratedPage(
        uri=SEARCH_URI, title="Search", template="search.html", nav_title="Search",
        description="Full-text search of the archive, with filters.",
    ))
    site.assets[SCRIPT_URI] = SCRIPT_SOURCE
