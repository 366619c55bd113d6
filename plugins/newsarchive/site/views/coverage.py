"""The coverage map: where the archive's articles are, on the home page (the world) and on
each country's first page (that country), with a table of the same counts.

The page context carries the map's data (``coverage``: per region its label, point, count
and page), so a page's cache key changes exactly when what its map shows does: the home
page with any region's count, a country page with its own regions' counts only. The SVG
itself (``export/svgmap.py``) is drawn when the page is rendered, with links relative to
that page. A region the gazetteer has no point for (an unknown code, an invented country)
gets no circle; it is listed in the table only, and a page none of whose places has a
point shows the table without a map.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from newsarchive.export import svgmap
from newsarchive.export.svgmap import MapPoint
from newsarchive.site.model import Site
from newsarchive.site.views.home import HOME_URI

CSS_URI = "assets/newsarchive/svgmap.css"
WORLD_ID, COUNTRY_ID = "na-map-world", "na-map-country"  # one map per page, each its own ids


def entries(site: Site, country: str | None = None) -> list[dict[str, Any]]:
    """One entry per region (of ``country``, or of the whole archive) that has listable
    articles, most articles first: code, label ("Idlib, Syria"), region and country names,
    count, page, and point (``None`` when the gazetteer has none). An article filed under a
    whole country counts at the country's point."""
    gazetteer = site.vocab.regions
    found = []
    for code, items in site.catalog.regions.items():
        if country is not None and code.split("-", 1)[0] != country:
            continue
        region = gazetteer.get(code)
        parent = gazetteer.get(region.country) if region is not None else None
        if region is None or parent is None:  # an unknown code: named by itself
            label, region_name, country_name = code, code, code.split("-", 1)[0]
        elif region.is_country:
            label, region_name, country_name = region.name, "", region.name
        else:
            label = f"{region.name}, {parent.name}"
            region_name, country_name = region.name, parent.name
        point = gazetteer.point(code) if region is not None else None
        found.append({"code": code, "label": label, "region": region_name,
                      "country": country_name, "count": len(items),
                      "uri": site.region_uri(code),
                      "point": list(point) if point is not None else None})
    found.sort(key=lambda e: (-e["count"], e["label"].casefold(), e["code"]))
    return found


def generate(site: Site) -> None:
    """Put the map's data in the home page's and each country's first page's context."""
    if not site.show_map:
        return
    site.assets[CSS_URI] = svgmap.CSS  # linked from every page's <head> (the theme's extra_css)
    if not site.has("regions"):  # circles link to region pages
        return
    home = site.pages.get(HOME_URI)
    if home is not None and site.catalog.regions:
        home.context["coverage"] = {
            "focus": None, "name": None, "id": WORLD_ID,
            "title": "Where the archive's articles are", "entries": entries(site)}
    gazetteer = site.vocab.regions
    for code in site.catalog.countries:
        page = site.pages.get(site.country_uri(code))
        if page is None:
            continue
        country = gazetteer.get(code)
        name = country.name if country is not None else code
        page.context["coverage"] = {
            "focus": code, "name": name, "id": COUNTRY_ID,
            "title": f"Where articles about {name} are", "entries": entries(site, code)}


def svg(coverage: dict[str, Any], url: Callable[[str], str]) -> Markup:
    """The map of a page's ``coverage`` as inline SVG, links relative to the page (``url``);
    empty when none of its places has a point. ElementTree escapes every value, so the
    result is safe to print as it is."""
    points = []
    for e in coverage["entries"]:
        href = url(e["uri"])
        if not svgmap.check_href(href):  # a region code that reads like a URL scheme
            href = "./" + href
        if e["point"] is not None and svgmap.check_href(href):
            points.append(MapPoint(e["code"], e["label"], *e["point"], e["count"], href))
    if not points:  # no place with a point: the table alone
        return Markup("")
    return Markup(svgmap.render_map(points, focus=coverage["focus"], title=coverage["title"],
                                    id_prefix=coverage["id"]))
