"""Every view of the site, registered in one call: what a build emits besides articles."""

from __future__ import annotations

from collections.abc import Callable

from newsarchive.site.model import Site
from newsarchive.site.views import (
    chronology,
    cite,
    coverage,
    dataset,
    feeds,
    home,
    regions,
    search,
    sources,
    tags,
)

VIEWS: dict[str, Callable[[Site], None]] = {
    "chronology": chronology.generate, "regions": regions.generate,
    "tags": tags.generate, "sources": sources.generate,
}
_ENTRY_POINTS = {"chronology": ("Chronology", "By year, month and day"),
                 "regions": ("Regions", "By country and region"),
                 "tags": ("Tags", "By topic"), "sources": ("Sources", "By publication")}


def entry_points(site: Site) -> list[tuple[str, str, str]]:
    """The home page's way into each index: (page, title, what it lists)."""
    return [(site.index_uri(v), *_ENTRY_POINTS[v]) for v in _ENTRY_POINTS if site.has(v)] + \
        ([dataset.ENTRY_POINT] if site.dataset is not None else [])


def generate_all(site: Site, *, home_page: bool, home_latest: int, site_name: str,
                 search_page: bool) -> None:
    """Register the pages and files of every view the site has (``site.views``), the home
    page unless the curator wrote one (``home_page``), and the search page."""
    if home_page:
        home.generate(site, home_latest, site_name)
        site.pages[home.HOME_URI].context["entry_points"] = entry_points(site)
    for name in site.views:
        VIEWS[name](site)
    if site.dataset is not None:
        dataset.generate(site)
    if search_page:
        search.generate(site)
    coverage.generate(site)
    feeds.generate(site, site_name)  # after the listings it links from
    if site.citations:
        cite.generate(site, site_name)
