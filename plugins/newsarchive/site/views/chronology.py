"""Chronology: an index by year, a page per year and per month listing articles by day."""

from __future__ import annotations

from newsarchive.archive.catalog import by_day
from newsarchive.site.model import GeneratedPage, Site


def generate(site: Site) -> None:
    catalog = site.catalog
    years = []
    for year, items in catalog.years.items():
        months = [(m, len(catalog.months[(y, m)]), site.month_uri(y, m))
                  for (y, m) in catalog.months if y == year]
        years.append({"year": year, "count": len(items), "uri": site.year_uri(year),
                      "months": [{"name": site.month_name(year, m).split()[0], "count": n,
                                  "uri": uri} for m, n, uri in months]})
    site.add(GeneratedPage(
        uri=site.index_uri("chronology"), title="Chronology", template="chronology_index.html",
        context={"years": years, "timeline_subset": None}, nav_title="Chronology",
        description="The archive by year and month.",
    ))
    for entry in years:
        year = entry["year"]
        site.add(GeneratedPage(
            uri=entry["uri"], title=str(year), template="year.html",
            context={"year": year, "months": entry["months"], "count": entry["count"],
                     "timeline_subset": catalog.years[year]},  # charts its own months
            description=f"Archived articles published in {year}, by month.",
        ))
    keys = list(catalog.months)
    for i, (year, month) in enumerate(keys):
        items = catalog.months[(year, month)]
        neighbours = {
            "previous": (site.month_name(*keys[i - 1]), site.month_uri(*keys[i - 1]))
            if i > 0 else None,
            "next": (site.month_name(*keys[i + 1]), site.month_uri(*keys[i + 1]))
            if i + 1 < len(keys) else None,
        }
        site.add(GeneratedPage(
            uri=site.month_uri(year, month), title=site.month_name(year, month),
            template="month.html",
            context={"days": by_day(items), "count": len(items), "year": year,
                     "year_uri": site.year_uri(year), **neighbours},
            description=f"Archived articles published in {site.month_name(year, month)}, "
                        "by day.",
        ))
