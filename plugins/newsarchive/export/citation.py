"""Citation metadata of an archived article, in every format a reference manager reads.

How a view calls it (plain Python, no MkDocs; same input, same bytes)::

    from newsarchive.export import citation

    item = citation.csl_item(article, page_url=abs_page_url, site_name=site_name)
    citation.json_ld(article, page_url=abs_page_url, site_name=site_name,
                     region_name=region_label, wayback_url=wayback_url(article))
    # -> the text of <script type="application/ld+json">, already safe to put there as is
    citation.highwire(article, page_url=abs_page_url)
    # -> [(name, content), ...] for <meta name=... content=...> (the template escapes them)
    citation.formatted(item, "apa"), citation.formatted(item, "chicago-author-date")
    # -> escaped HTML for the "Cite" box (see :mod:`newsarchive.export.csl`)
    citation.bibtex([item]), citation.ris([item]), citation.csl_json([item])
    # -> the .bib, .ris and .json downloads; a listing passes the items of all its articles

``page_url`` is the absolute URL of the archived page, or None when the site has no
``site_url`` (then no format names the archived copy). ``wayback_url`` is the view's
``wayback_url(article)`` (``https://web.archive.org/web/YYYYMMDD/<original URL>``).
The CSL item is the one record every file format is written from: build it once per article.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from newsarchive.export.bibtex import bibtex
from newsarchive.export.csl import STYLES, formatted
from newsarchive.export.names import authors, clean, csl_name, display_name, is_organisation
from newsarchive.export.ris import ris
from newsarchive.schema import Article

__all__ = ["STYLES", "authors", "bibtex", "csl_item", "csl_json", "formatted", "highwire",
           "json_ld", "ris"]

# What may not appear raw in JSON inside an HTML <script> element (or an HTML attribute):
# "</script>", "<!--", "&" entities; U+2028/2029 end a line in older JavaScript parsers.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def item_id(article: Article) -> str:
    """A stable CSL id: a digest of the article's path (its original URL if it has none)."""
    key = article.path or article.original_url
    return "newsarchive-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _date_parts(value: Any) -> dict[str, Any]:
    return {"date-parts": [[value.year, value.month, value.day]]}


def csl_item(article: Article, *, page_url: str | None, site_name: str) -> dict[str, Any]:
    """The article as a CSL-JSON item (type ``article-newspaper``): the source is the
    container, the byline's authors are names, ``URL`` is the original, and the archive
    (``archive``, ``archive_location`` = the archived page, ``accessed`` = when it was
    archived) says where the copy is kept. Keys with no value are left out."""
    item: dict[str, Any] = {
        "id": item_id(article),
        "type": "article-newspaper",
        "title": clean(article.title),
        "container-title": clean(article.source),
    }
    names = [csl_name(a) for a in authors(article.byline)]
    if names:
        item["author"] = names
    if article.date is not None:
        item["issued"] = _date_parts(article.date)
    if article.original_url:
        item["URL"] = clean(article.original_url)
    if article.language:
        item["language"] = article.language
    if site_name:
        item["archive"] = clean(site_name)
    if page_url:
        item["archive_location"] = clean(page_url)
    if article.archived is not None:
        item["accessed"] = _date_parts(article.archived)
    return item


# Made once: json.dumps() with options builds a new encoder on every call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _dumps(value: Any) -> str:
    text = _COMPACT.encode(value)
    # translate() is slow on non-ASCII text: only when there is something to replace (five
    # substring tests: a fifth of the time a regular expression takes to find none).
    if "<" in text or ">" in text or "&" in text or "\u2028" in text or "\u2029" in text:
        return text.translate(_SCRIPT_SAFE)
    return text


def csl_json(items: Iterable[Mapping[str, Any]]) -> str:
    """A CSL-JSON file (an array of items): keys sorted, UTF-8 text kept, and ``<``, ``>``,
    ``&``, U+2028 and U+2029 written as ``\\u`` escapes so the text is safe inside HTML too.
    Ends with a newline. One item per line (written by the C encoder: ``indent`` would use
    the pure-Python one, several times slower on a listing of thousands)."""
    lines = [_dumps(item) for item in items]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def json_ld(article: Article, *, page_url: str | None, site_name: str, region_name: str,
            wayback_url: str | None) -> str:
    """A schema.org ``NewsArticle`` for ``<script type="application/ld+json">``: no ``<``,
    ``>`` or ``&`` appears raw, so no value can close the element or start a comment."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": clean(article.title),
        "publisher": {"@type": "Organization", "name": clean(article.source)},
    }
    if article.date is not None:
        data["datePublished"] = article.date.isoformat()
    if article.modified is not None:
        data["dateModified"] = article.modified.isoformat()
    people = authors(article.byline)
    if people:
        data["author"] = [{"@type": "Organization" if is_organisation(a) else "Person",
                           "name": a} for a in people]
    if page_url:
        data["url"] = clean(page_url)
    if article.original_url:
        data["isBasedOn"] = data["sameAs"] = clean(article.original_url)
    if wayback_url:
        data["archivedAt"] = clean(wayback_url)
    if article.language:
        data["inLanguage"] = article.language
    if article.region:
        address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": article.country}
        if "-" in article.region:
            address["addressRegion"] = article.region
        data["contentLocation"] = {"@type": "Place", "name": clean(region_name or article.region),
                                   "identifier": article.region, "address": address}
    if site_name:
        data["isPartOf"] = {"@type": "WebSite", "name": clean(site_name)}
    return _dumps(data)


def highwire(article: Article, *, page_url: str | None) -> list[tuple[str, str]]:
    """The Highwire Press ``citation_*`` meta tags Zotero and Google Scholar read, as
    (name, content) pairs of plain one-line text, one ``citation_author`` per author
    ("Family, Given" for a parsed name)."""
    tags = [("citation_title", clean(article.title))]
    for name in (csl_name(a) for a in authors(article.byline)):
        tags.append(("citation_author", _highwire_name(name)))
    if article.date is not None:
        date = article.date  # YYYY/MM/DD (an f-string: strftime() is several times slower)
        tags.append(("citation_publication_date",
                     f"{date.year:04d}/{date.month:02d}/{date.day:02d}"))
    tags.append(("citation_journal_title", clean(article.source)))
    if page_url:
        tags.append(("citation_public_url", clean(page_url)))
    if article.language:
        tags.append(("citation_language", article.language))
    return tags


def _highwire_name(name: Mapping[str, Any]) -> str:
    if "literal" in name:
        return display_name(name)
    family = " ".join(str(name[k]) for k in ("family", "suffix") if name.get(k))
    return f"{family}, {name['given']}" if name.get("given") else family
