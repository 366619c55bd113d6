"""Region pages: countries with counts, a page per country and per region (ISO code in URL)."""

from __future__ import annotations

from newsarchive.site.model import GeneratedPage, Site
from newsarchive.site.views import add_paginated


def generate(site: Site) -> None:
    gazetteer = site.vocab.regions
    catalog = site.catalog
    countries = []
    for code, items in catalog.countries.items():
        country = gazetteer.get(code)
        name = country.name if country else code
        subdivisions = sorted(
            ((gazetteer.get(r).name if gazetteer.get(r) else r, r, len(catalog.regions[r]))
             for r in catalog.regions if r.split("-", 1)[0] == code and r != code),
            key=lambda e: (e[0].casefold(), e[1]),
        )
        countries.append((name, code, len(items), subdivisions))
    countries.sort(key=lambda e: (e[0].casefold(), e[1]))
    site.add(GeneratedPage(
        uri=site.index_uri("regions"), title="Regions", template="regions_index.html",
        context={"countries": [
            {"name": name, "uri": site.country_uri(code), "count": n, "code": code,
             "local": gazetteer.local_name(code),
             "regions": [{"name": rn, "uri": site.region_uri(rc), "count": rcount, "code": rc,
                          "local": gazetteer.local_name(rc)} for rn, rc, rcount in subs]}
            for name, code, n, subs in countries]},
        nav_title="Regions", description="The archive by country and region, with counts.",
    ))
    for name, code, _, subs in countries:
        add_paginated(site, site.country_uri(code), name, "listing.html", catalog.countries[code],
                      {"kind": "country", "code": code, "local": gazetteer.local_name(code),
                       "timeline_subset": catalog.countries[code],
                       "subregions": [{"name": rn, "uri": site.region_uri(rc), "count": rcount,
                                       "code": rc} for rn, rc, rcount in subs]},
                      description=f"Articles about {name}, newest first.")
        for region_name, region_code, _ in subs:
            items = catalog.regions[region_code]
            add_paginated(
                site, site.region_uri(region_code), f"{region_name}, {name}", "listing.html",
                items, {"kind": "region", "code": region_code,
                        "local": gazetteer.local_name(region_code),
                        "parent": {"name": name, "uri": site.country_uri(code)},
                        "timeline_subset": items},
                description=f"Articles about {region_name} ({name}), newest first.")
