"""Reader for saved web pages (``.html``, ``.htm``; ``.html.gz`` arrives unpacked).

trafilatura and readability-lxml find the article text (the evidence picks one per page;
htmldate searches for dates); this module adds what they cannot know or get wrong on news
pages: the encoding when the declaration lies, the headline without the site-name suffix, the
published (not modified) date, the URL the page was saved from, related headlines, and the
schema's conventions (safe Markdown, ISO 639-1 language, clear refusals).
The submodules of :mod:`newsarchive.ingest.html` do one job each.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from newsarchive.ingest.html import page, urls
from newsarchive.ingest.html import patterns as P
from newsarchive.ingest.html.body import extract_body
from newsarchive.ingest.html.encoding import decode_html
from newsarchive.ingest.html.metadata import (
    PageMeta,
    absolute_url,
    date_in_url,
    is_home_page,
    parse_iso_date,
    read_page,
    widget_urls,
)
from newsarchive.ingest.html.related import find_related, is_related_line
from newsarchive.ingest.html.trim import trim
from newsarchive.ingest.html.urls import base_url
from newsarchive.ingest.language import guess_language
from newsarchive.ingest.model import Extracted, IngestError

MIN_ARTICLE_CHARS = 200  # non-space characters: less is a teaser, an error page or a stub
_LATIN_LANGS = frozenset(
    ["en", "de", "fr", "es", "pt", "it", "nl", "pl", "sv", "da", "no", "nb", "nn", "fi", "cs", "sk", "sl", "hr", "bs", "sr", "ro", "hu", "tr", "az", "id", "ms", "vi", "et", "lv", "lt", "sq", "ca", "eu", "gl", "is", "ga", "cy", "mt", "af", "sw", "tl", "uz"])
_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_DATELIKE = re.compile(r"^[\d\s.,:/\-–]*(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4})[\d\s.,:/\-–]*"
                       r"(?:uhr|h|am|pm|gmt|utc|mez|cet)?\.?$", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"^(?P<head>.*\S)\s*(?P<sep>\s[|\-–—:·•»«/~]\s|[|｜]|[-–—]|::)\s*"
                          r"(?P<tail>[^|｜]+?)\s*$")
_TITLE_PREFIX = re.compile(r"^\s*(?P<head>[^|｜]+?)\s*(?P<sep>\s[|\-–—:·•»«/~]\s|[|｜]|::)\s*"
                           r"(?P<tail>.*\S)\s*$")


def read_html(data: bytes, path: Path) -> Extracted:
    """Extract an article from a saved web page; raise :class:`IngestError` if there is none."""
    page.refuse_non_html(data)
    text, _encoding = decode_html(data)
    page.require_markup(text)
    tree = page.parse_capped(text)
    meta = read_page(tree, text)

    result = Extracted()
    result.url = choose_url(meta, tree)
    body = extract_body(tree, result.url, keep=lambda t: not is_related_line(t),
                        article_body=stated_article_body(meta))
    doc = body.doc
    if not result.url and doc is not None and doc.url:
        url = urls.clean(absolute_url(doc.url, None))
        result.url = url if url and not is_home_page(url) else None

    result.title = choose_title(meta, doc.title if doc else None, result.url)
    result.source = choose_source(meta, doc.sitename if doc else None, result.title)
    published = choose_date(meta.published, doc.date if doc else None, result.url,
                            lead_image_urls(tree, result.title))
    result.date = published
    result.modified = choose_modified(meta, published)
    result.byline = choose_byline(meta, doc.author if doc else None)
    related = [*find_related(tree), *body.related]
    result.related_titles = [t for t in dict.fromkeys(related) if t != result.title]
    refuse_non_article(body.text, body.markdown, meta, result, path)
    titles = [result.title or "", *meta.titles, *meta.h1, meta.html_title or ""]
    result.body = trim(drop_title_heading(body.markdown, result.title), titles,
                       [published, result.modified], [*meta.site_names, *_site_keys(meta, result.url)],
                       [*meta.meta.get("description", []), *meta.meta.get("og:description", [])])
    result.language = choose_language(meta, f"{result.title or ''}\n{body.text}")
    return result


# --- choices ---------------------------------------------------------------------------------

def stated_article_body(meta: PageMeta) -> str | None:
    """The longest ``articleBody`` the page's JSON-LD states (evidence for the body choice)."""
    bodies = [b for obj in meta.jsonld for b in (obj.get("articleBody"),)
              if isinstance(b, str) and b.strip()]
    return max(bodies, key=len) if bodies else None


def _norm(text: str) -> str:
    return _ALNUM.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


def _site_keys(meta: PageMeta, url: str | None) -> set[str]:
    keys = {_norm(n) for n in meta.site_names if _norm(n)}
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [lab for lab in host.split(".") if lab not in ("www", "m", "amp", "mobile")]
    if len(labels) >= 2:
        keys.add(_norm(labels[-2] if len(labels[-2]) > 3 or len(labels) < 3 else labels[-3]))
        keys.add(_norm(".".join(labels)))
    return {k for k in keys if k}


def _is_site(part: str, keys: set[str]) -> bool:
    key = _norm(part)
    if not key:
        return True
    if _DATELIKE.match(part.strip()):
        return True
    return any(key == k or (len(key) >= 3 and len(k) >= 3 and (key in k or k in key))
               for k in keys)


def _section_label(part: str) -> bool:
    """A section name in a breadcrumb title ("World", "Local news"): short, no figures."""
    return len(part.split()) <= 2 and len(part) <= 20 and not re.search(r"\d", part)


def clean_title(title: str, keys: set[str]) -> str:
    """Drop " | Site", "Site - " and trailing date stamps around a headline, and the section
    name between them in a breadcrumb title ("Headline - World - Site")."""
    title = " ".join(title.split())
    site_seps: set[str] = set()
    for _ in range(4):
        match = _TITLE_SPLIT.match(title)
        if match and len(_norm(match["head"])) > 3 and (
                _is_site(match["tail"], keys) or (match["sep"] in site_seps and _section_label(
                    match["tail"]) and len(match["head"].split()) >= 3)):
            title = match["head"].strip()
            site_seps.add(match["sep"])
            continue
        match = _TITLE_PREFIX.match(title)
        if match and len(_norm(match["tail"])) > 3 and (
                _is_site(match["head"], keys) or (match["sep"] in site_seps and _section_label(
                    match["head"]) and len(match["tail"].split()) >= 3)):
            title = match["tail"].strip()
            site_seps.add(match["sep"])
            continue
        break
    return title


def choose_title(meta: PageMeta, fallback: str | None, url: str | None) -> str | None:
    keys = _site_keys(meta, url)
    stated = [clean_title(t, keys) for t in meta.titles if t]
    html_title = clean_title(meta.html_title, keys) if meta.html_title else None
    stated_keys = {_norm(t) for t in [*stated, html_title or ""] if t}
    raw_keys = [_norm(t) for t in [*meta.titles, meta.html_title or ""] if t]
    headings = [h for h in dict.fromkeys([*meta.article_h1, *meta.h1]) if not _is_site(h, keys)]
    stated_words = [_words(t) for t in [*stated, html_title or ""] if t]
    # A visible heading that the page's metadata confirms is the headline as published.
    for heading in headings:
        key = _norm(heading)
        if len(key) > 3 and (key in stated_keys or any(r.startswith(key) for r in raw_keys)):
            return clean_title(heading, set())
    # The heading of the article itself, when the metadata is a reworded (SEO) variant of it.
    for heading in meta.article_h1:
        words = _words(heading)
        if not _is_site(heading, keys) and any(
                len(words & other) >= 0.7 * max(len(words), len(other)) for other in stated_words):
            return clean_title(heading, set())
    for title in [*stated, html_title]:
        if title and not _is_site(title, keys) and not P.NOT_FOUND_TITLE.search(title):
            return title
    if headings and (len(headings) == 1 or meta.article_h1):
        return headings[0]
    return clean_title(fallback, keys) if fallback else None


def choose_url(meta: PageMeta, tree) -> str | None:
    """The article's address among the page's statements (:mod:`.html.urls`); a share
    widget's address only when the page states none, in its desktop form."""
    base = base_url(tree, meta.urls)
    stated = [u for raw in meta.urls if (u := urls.clean(absolute_url(raw, base)))]
    stated = urls.prefer_article([u for u in dict.fromkeys(stated) if not is_home_page(u)])
    if stated:
        return stated[0]
    for raw in widget_urls(tree):
        if (url := urls.clean(absolute_url(raw, base))) and not is_home_page(url):
            return urls.desktop_form(url, tree)
    return None


def lead_image_urls(tree, title: str | None) -> list[str]:
    urls = [u.strip() for u in tree.xpath(P.LEAD_IMAGE_XPATH)]
    if title:
        for img in tree.iter("img"):
            if " ".join((img.get("alt") or "").split()) == title:
                urls.extend(u for k in ("src", "data-src") if (u := img.get(k)))
    return urls


def choose_date(stated: list[str], fallback: str | None, url: str | None,
                images: list[str] | None = None):
    """Published date: machine-readable statements, the URL, the lead image's upload path,
    then htmldate's search of the page (which also finds save-time dates of sidebars).

    When the page's statements disagree (a JSON-LD object of an embedded video, a template's
    build date), the statement that most other witnesses confirm wins: the other statements,
    the date in the URL and htmldate's finding, each agreeing within a day (time zones).
    """
    dates = [d for raw in stated if (d := parse_iso_date(raw))]
    url_date = date_in_url(url) if url else None
    found = parse_iso_date(fallback) if fallback else None
    if dates:
        witnesses = [*dates, *(d for d in (url_date, found) if d)]

        def support(date) -> int:
            return sum(abs((date - other).days) <= 1 for other in witnesses)

        return max(dict.fromkeys(dates), key=support)  # ties: the first statement
    if url_date:
        return url_date
    for image in images or []:
        if date := date_in_url(image):
            return date
    return found


def choose_modified(meta: PageMeta, published):
    for raw in meta.modified:
        if (date := parse_iso_date(raw)) and (published is None or date > published):
            return date
    return None


def choose_source(meta: PageMeta, fallback: str | None, title: str | None) -> str | None:
    for name in [*meta.site_names, fallback or ""]:
        name = " ".join(name.split())
        if name and not name.lower().startswith(("http://", "https://")) and len(name) <= 60 \
                and _norm(name) != _norm(title or ""):
            return name
    return None


def drop_title_heading(markdown: str, title: str | None) -> str:
    """The site shows the title; a first heading that repeats it would show it twice."""
    first, _, rest = markdown.partition("\n\n")
    if title and first.startswith("#") and _norm(first.lstrip("#")) == _norm(title):
        return rest
    return markdown


def choose_byline(meta: PageMeta, fallback: str | None) -> str | None:
    names = [" ".join(n.split()) for n in meta.authors if n and len(n) <= 100]
    names = list(dict.fromkeys(n for n in names if n))
    if names:
        return ", ".join(names[:4])
    return " ".join(fallback.split())[:200] if fallback else None


def _lang_code(value: str) -> str | None:
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def choose_language(meta: PageMeta, text: str) -> str:
    """The page's stated language, unless the script of its text contradicts it."""
    guess = guess_language(text)
    for raw in meta.languages:
        if code := _lang_code(raw):
            if guess != "en" and code in _LATIN_LANGS:
                return guess  # a template's lang="en" on a page written in another script
            if guess == "en" and code not in _LATIN_LANGS and len(text) > 500:
                return guess
            return code
    return guess


def refuse_non_article(text: str, markdown: str, meta: PageMeta, found: Extracted,
                       path: Path) -> None:
    size = len("".join(text.split()))
    if P.NOT_FOUND_TITLE.search(meta.html_title or "") and size < 1500:
        raise IngestError(f"the page looks like an error page (title {meta.html_title!r}); save "
                          "the article page itself, once it loads")
    if size < MIN_ARTICLE_CHARS:
        raise IngestError(f"no article text found ({size} characters of text after removing "
                          "navigation and boilerplate): a home page, index, error or paywall "
                          "page? Save the article page itself")
    linked = sum(len(m) for m in re.findall(r"\]\(", markdown))
    link_text = sum(len(m) for m in re.findall(r"\[([^\[\]]*)\]\(", markdown))
    has_article_meta = bool(meta.jsonld) or any(
        v.lower() == "article" for v in meta.meta.get("og:type", []))
    if linked and link_text > 0.6 * size and not has_article_meta:
        raise IngestError("the page is mostly links, not an article (an index or home page?); "
                          "save the article page itself")
    stated = [u for raw in meta.urls if (u := absolute_url(raw, None))]
    home = next((u for u in stated[:1] if is_home_page(u)), None)
    website = any(v.lower() == "website" for v in meta.meta.get("og:type", [])) or bool(
        meta.page_types & P.NON_ARTICLE_TYPES)
    if not has_article_meta and (home or (website and found.date is None)):
        where = f" ({home})" if home else ""
        raise IngestError(f"the page is a site's home or index page{where}, not an article; "
                          "save the article page itself")
