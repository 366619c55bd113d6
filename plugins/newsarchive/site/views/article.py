"""What an article page shows around its body: metadata, related coverage, chronology links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from newsarchive.archive.catalog import needs_review
from newsarchive.archive.related_lists import RelatedLinks
from newsarchive.schema import Article
from newsarchive.site.model import Site
from newsarchive.site.views import cite


def web_url(url: str) -> str | None:
    """``url`` if it is an http(s) address, else None: a hand-edited ``javascript:`` or
    ``data:`` URL (which ``check`` reports) is never made a link."""
    try:
        return url if urlsplit(url).scheme.lower() in ("http", "https") else None
    except ValueError:  # "http://[" and the like
        return None


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def wayback_url(article: Article) -> str:
    date = article.date  # an f-string: strftime() is several times slower, on every page
    stamp = f"{date.year:04d}{date.month:02d}{date.day:02d}" if date else "*"
    return f"https://web.archive.org/web/{stamp}/{article.original_url}"


def context_key(site: Site, article: Article, links: RelatedLinks,
                article_sha: Mapping[str, str]) -> str:
    """The inputs of an article page's :func:`context`, for its cache key, without building
    it: the article's data and that of each article the page names (related, cited, citing,
    previous, next), by the digest of their data without the body (``article_sha``), and the
    related lists' reasons. Region names come from the vocabulary, in the build fingerprint."""
    path = article.path
    catalog = site.catalog
    parts = [article_sha.get(path, "")]
    related = links.related.get(path, ())
    parts.append(f"related:{len(related)}")
    for target, reason in related:
        parts += [target, reason, article_sha.get(target, "-")]
    for group, paths in (("cites", links.cites.get(path, ())),
                         ("cited_by", links.cited_by.get(path, ()))):
        parts.append(f"{group}:{len(paths)}")
        parts += [f"{p}={article_sha.get(p, '-')}" for p in paths]
    for group, neighbour in (("previous", catalog.previous.get(path)),
                             ("next", catalog.next.get(path))):
        parts.append(f"{group}:" + (f"{neighbour.path}={article_sha.get(neighbour.path, '-')}"
                                    if neighbour is not None else "-"))
    parts.append(cite.fingerprint(site))
    return "\0".join(parts)


class _Unlisted:
    """The site as a page under review sees it: no listing to link to (it is in none, and
    those it would link to may not exist: a source nobody else has, no date, no region)."""

    def __init__(self, site: Site) -> None:
        self._site = site

    def has(self, view: str) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._site, name)


def context(site: Site, article: Article, links: RelatedLinks, body: str) -> dict[str, Any]:
    """What the page shows around its body, except the parts :func:`finish` adds."""
    by_path = site.catalog.by_path
    region = site.vocab.regions.get(article.region)
    cites = [by_path[p] for p in links.cites.get(article.path, ()) if p in by_path]
    cited_titles = {c.title.casefold() for c in cites}
    review = needs_review(article)
    return {
        "review": review,  # the fields the "needs review" notice names
        **({"site": _Unlisted(site)} if review else {}),
        "a": article,
        "body": Markup(body),  # already rendered and sanitized HTML
        "region_name": region.name if region else article.region,
        "region_local": site.vocab.regions.local_name(article.region),
        "host": _host(article.original_url),
        "original_href": web_url(article.original_url),
        "wayback": wayback_url(article),
        "related": [{"article": by_path[p], "reason": why}
                    for p, why in links.related.get(article.path, ()) if p in by_path],
        "cites": cites,
        # Titles the source linked that are not (yet) archived: still worth showing as text.
        "uncited": [t for t in article.related_titles if t.casefold() not in cited_titles]
        if len(cites) < len(article.related_titles) else [],
        "cited_by": [by_path[p] for p in links.cited_by.get(article.path, ()) if p in by_path],
        "previous": site.catalog.previous.get(article.path),
        "next": site.catalog.next.get(article.path),
    }


# Where the "Cite" box goes in the frame; :func:`fill_cite` puts the box there in the
# finished page. An element that sanitized bodies cannot hold (nh3 keeps no data-
# attribute) and that search staging drops like the box itself (data-pagefind-ignore).
CITE_SLOT = Markup('<details data-pagefind-ignore="all" data-newsarchive-cite></details>\n')


def finish(site: Site, context: dict[str, Any]) -> dict[str, Any]:
    """The parts of a :func:`context` set when its page is framed: the place of its "Cite"
    box (:data:`CITE_SLOT`), which :func:`fill_cite` fills in as the theme renders the page
    (in whichever process writes it, so the work is shared)."""
    context["cite"] = CITE_SLOT if cite.MEMO in site.extras else Markup("")
    return context


def fill_cite(site: Site, article: Article, html: str, box: str | None = None) -> str:
    """``html`` (a page framed with :func:`finish`) with its "Cite" box in place (``box``:
    its HTML, made ahead; else made now)."""
    at = html.find(CITE_SLOT)
    if at < 0:
        return html
    if box is None:
        box = str(cite.box_html(cite.box(site, article)))  # str: Markup would escape the rest
    return html[:at] + box + html[at + len(CITE_SLOT):]
