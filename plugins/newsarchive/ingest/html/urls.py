"""The address a saved page was published at, chosen among the page's own statements.

A page states its address several times (the browser's "saved from" comment, the canonical
link, JSON-LD, og:url, share widgets), and each statement can carry what is not the
article's address:

* a wrapper around it: a Wayback Machine snapshot, an AMP cache or Google's AMP viewer;
* click-tracking parameters (``utm_*``, ``fbclid``, ``gclid`` ...), which say how a reader
  arrived, not where the article is;
* a CMS template left unfilled (``{{url}}``) or a staging host (``localhost``);
* the AMP or mobile edition of the article, beside a statement of the article itself;
* a section page above the article (a canonical link to ``/news/`` on ``/news/2021/story``).

Share widgets (the last resort) often point to the site's mobile edition while the page saved
is the desktop one; the page's own links to its other articles show the desktop form, and
the address is rewritten to it only when they do.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import html as lxml_html

_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/[0-9a-z_*]+/(https?://.+)$", re.I)
_AMP_CACHE = re.compile(r"^https?://[^/]+\.cdn\.ampproject\.org/(?:c|v|wp)/(s/)?(.+)$", re.I)
_AMP_VIEWER = re.compile(r"^https?://(?:www\.)?google\.[a-z.]+/amp/(s/)?(.+)$", re.I)
TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|igshid"
    r"|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|li_fat_id)$", re.I)
_TEMPLATE = re.compile(r"\{\{|\}\}|\$\{|%7b%7b|<%|\[\[", re.I)
_MOBILE_LABELS = ("m", "mobile", "mob")
_AMP_QUERY = re.compile(r"^(?:amp|outputtype|output|format)$", re.I)
_MAX_LINKS = 3000


def absolute_url(url: str, base: str | None) -> str | None:
    """``url`` made absolute against ``base``; ``None`` unless the result is http(s).

    Tabs and line breaks inside an attribute are dropped and spaces encoded, as a browser
    does when it follows the link.
    """
    url = re.sub(r"[\t\r\n]", "", url).strip()
    if url.startswith("//"):
        url = "https:" + url
    if base and not url.lower().startswith(("http://", "https://")):
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url.replace(" ", "%20")


def unwrap(url: str) -> str:
    """The article's own address inside an archive snapshot or AMP cache address."""
    for _ in range(3):
        if match := _WAYBACK.match(url):
            url = match.group(1)
        elif match := _AMP_CACHE.match(url) or _AMP_VIEWER.match(url):
            url = ("https://" if match.group(1) else "http://") + match.group(2)
        else:
            break
    return url


def drop_tracking(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not TRACKING.match(k)]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept, safe=":/,;@")))


def plausible_host(url: str) -> bool:
    """Not a template placeholder, a staging host or a bare machine name."""
    host = urlsplit(url).hostname or ""
    return "." in host and host != "localhost" and not host.endswith(".local") \
        and not _TEMPLATE.search(url)


def clean(url: str | None) -> str | None:
    """The address as the archive records it, or ``None`` for no usable address."""
    if not url:
        return None
    url = unwrap(url)
    return drop_tracking(url) if plausible_host(url) else None


def is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _site(host: str) -> str:
    labels = host.lower().split(".")
    while len(labels) > 2 and labels[0] in ("www", "amp", *_MOBILE_LABELS):
        labels = labels[1:]
    return ".".join(labels)


def edition(url: str) -> str | None:
    """``"amp"`` or ``"mobile"`` when the address is that edition of an article."""
    parts = urlsplit(url)
    first = (parts.hostname or "").split(".")[0]
    segments = [s for s in parts.path.lower().split("/") if s]
    if first == "amp" or "amp" in segments[:1] or segments[-1:] == ["amp"] \
            or parts.path.lower().endswith((".amp", ".amp.html")) \
            or any(_AMP_QUERY.match(k) and (k.lower() == "amp" or v.lower() == "amp")
                   for k, v in parse_qsl(parts.query, keep_blank_values=True)):
        return "amp"
    if first in _MOBILE_LABELS or segments[:1] in (["m"], ["mobile"]):
        return "mobile"
    return None


def _article_key(url: str) -> tuple[str, str]:
    """Site and path with edition markers removed: equal for editions of one article."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.lower().split("/") if s]
    if segments[:1] in (["amp"], ["m"], ["mobile"]):
        segments = segments[1:]
    if segments[-1:] == ["amp"]:
        segments = segments[:-1]
    path = re.sub(r"\.amp(?=\.html$|$)", "", "/".join(segments))
    return _site(parts.hostname or ""), path


def _is_section_of(url: str, other: str) -> bool:
    """``url`` is a page above ``other`` on the same site (``/news/`` above ``/news/story``)."""
    a, b = urlsplit(url), urlsplit(other)
    if _site(a.hostname or "") != _site(b.hostname or "") or a.query \
            or _article_key(url) == _article_key(other):
        return False
    head = a.path.rstrip("/") + "/"
    return b.path.startswith(head) and len(b.path.rstrip("/")) > len(head)


def prefer_article(candidates: list[str]) -> list[str]:
    """Candidates in order, without section pages, the article's own edition first."""
    kept = [u for u in candidates if not any(_is_section_of(u, o) for o in candidates)]
    if kept and edition(kept[0]):
        key = _article_key(kept[0])
        plain = [u for u in kept if not edition(u) and _article_key(u) == key]
        if plain:
            kept.remove(plain[0])
            kept.insert(0, plain[0])
    return kept


def base_url(tree: lxml_html.HtmlElement, stated: list[str]) -> str | None:
    """What relative statements resolve against: ``<base href>``, else an absolute one."""
    for href in tree.xpath("//base/@href")[:1]:
        if url := absolute_url(href, None):
            return url
    return next((u for raw in stated if (u := absolute_url(raw, None))), None)


def desktop_form(url: str, tree: lxml_html.HtmlElement) -> str:
    """The desktop address of a mobile-edition ``url``, when the page's own links to its
    other articles show the desktop form (a share widget on a desktop page that points to
    the mobile site); else ``url``."""
    if edition(url) != "mobile":
        return url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    site = _site(host)
    segments = parts.path.split("/")
    name = segments[-1]
    hosts: Counter[str] = Counter()
    folders: Counter[str] = Counter()
    mobile = 0
    by_host = host.split(".")[0] in _MOBILE_LABELS
    for href in tree.xpath("//a/@href")[:_MAX_LINKS]:
        if by_host and not href.strip().lower().startswith(("http:", "https:", "//")):
            continue  # a relative link says nothing about the host the page was served from
        link = absolute_url(href, url)
        if not link:
            continue
        lp = urlsplit(link)
        if _site(lp.hostname or "") != site:
            continue
        if edition(link):
            mobile += 1
            continue
        hosts[(lp.hostname or "").lower()] += 1
        if name and lp.path.rsplit("/", 1)[-1] == name:
            folders[lp.path.rsplit("/", 1)[0]] += 1
    if sum(hosts.values()) <= mobile:
        return url  # the page links its own site's mobile edition: it may be that edition
    if by_host:
        return urlunsplit(parts._replace(netloc=hosts.most_common(1)[0][0]))
    if folders:
        folder = folders.most_common(1)[0][0]
        return urlunsplit(parts._replace(path=f"{folder}/{name}"))
    return url
