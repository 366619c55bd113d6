"""Citations: the article page's <head> metadata and "Cite" box, and every listing's exports.

- An article page's <head> gets the Highwire ``citation_*`` meta tags and a schema.org
  ``NewsArticle`` in JSON-LD (``site.article_head``); its "Cite" box (:func:`box_html`) shows
  the article formatted in each style of ``site.cite_styles`` with a copy button
  (``assets/cite.js``), and offers it as BibTeX, RIS and CSL-JSON as ``data:`` links (no
  file per article).
- Every tag, country, region and source listing offers the same three files for all of its
  articles: ``<listing folder>/articles.bib``, ``.ris`` and ``.json`` (``GeneratedFile``).

Each article's record and file entries are made once per build (:class:`Citations`), and an
article is in five or more listings. Formatted citations (citeproc-py, milliseconds each)
are kept between builds in ``site.memo`` (:func:`kept`) under
:func:`newsarchive.export.csl.cache_key`:
:func:`prepare` formats only those missing, before the article pages are rendered:
from each record shape's template (microseconds), and those citeproc-py must render itself
(milliseconds) in a pool of forked processes when there are many.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import multiprocessing
import posixpath
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from newsarchive.archive.catalog import Catalog, listable
from newsarchive.build.fork import ForkedCall, die_with_parent, pool_size
from newsarchive.export import bibtex as bibtex_format
from newsarchive.export import citation, csl
from newsarchive.export import ris as ris_format
from newsarchive.schema import Article
from newsarchive.site.model import GeneratedFile, Site
from newsarchive.site.render import text
from newsarchive.site.views import article as article_view
from newsarchive.vocab import Vocab

SCRIPT_URI = "assets/newsarchive/cite.js"
SCRIPT_SOURCE = Path(__file__).resolve().parents[1] / "assets" / "cite.js"
MEMO = "citations"  # site.extras: this build's Citations
# The site.memo table: article path -> its citations, packed (see kept()). Named for its
# form: an older build's table ("citations", a dict per article) is dropped, and an older
# newsarchive never reads this one.
TABLE = "citations-packed"
_SEP = "\0"  # between the parts of a packed entry (no HTML holds it)
POOL_FROM = 500  # missing citations from which formatting is shared by forked processes
TEMPLATES_FROM = 200  # missing citations from which record-shape templates are made
FORMATS = (("bib", "BibTeX", "application/x-bibtex"),
           ("ris", "RIS", "application/x-research-info-systems"),
           ("json", "CSL-JSON", "application/vnd.citationstyles.csl+json"))


class Citations:
    """One build's citation records: each article's CSL item and file entries, made once."""

    def __init__(self, site: Site, site_name: str) -> None:
        self.site = site
        self.site_name = site_name
        self._items: dict[str, dict[str, Any]] = {}
        self._entries: dict[str, tuple[str, str, str, str]] = {}
        # Articles whose kept citations :func:`prepare` checked against their keys in this
        # build: their pages need not compute the keys again.
        self.checked: set[str] = set()
        # Articles whose entries the early child (:func:`start_prepare`) is making.
        self.coming: set[str] = set()
        # Citations the templates' child formatted (:func:`take_templates`), by article:
        # :func:`prepare` takes them as it takes the early child's.
        self.ahead: dict[str, str] = {}

    def page_url(self, article: Article) -> str | None:
        """The archived page's absolute URL, or None without ``site_url`` or before the
        engine knows the pages' URLs."""
        if not self.site.site_url or self.site.url_of is None:
            return None
        return self.site.absolute(self.site.url_of(article.path))

    def item(self, article: Article) -> dict[str, Any]:
        found = self._items.get(article.path)
        if found is None:
            found = self._items[article.path] = citation.csl_item(
                article, page_url=self.page_url(article), site_name=self.site_name)
        return found

    def entries(self, article: Article) -> tuple[str, str, str, str]:
        """(BibTeX key, BibTeX entry under that key, RIS record, CSL-JSON item indented as
        an array element)."""
        found = self._entries.get(article.path)
        if found is None:
            item = self.item(article)
            key = bibtex_format.base_key(item)
            record = ris_format.EOL.join(f"{tag}  - {value}"
                                         for tag, value in ris_format.record(item))
            item_json = citation.csl_json([item])[2:-3]  # "[\n" ... "\n]\n": its lines only
            found = self._entries[article.path] = (
                key, bibtex_format.entry(item, key), record + ris_format.EOL, item_json)
        return found

    def make_entries(self, articles: Sequence[Article]) -> None:
        """Make the file entries of ``articles`` now (kept for the rest of the build), but
        those the early child is making."""
        made, coming = self._entries, self.coming
        for article in articles:
            if article.path not in made and article.path not in coming:
                self.entries(article)

    def take_entries(self, entries: dict[str, tuple[str, str, str, str]]) -> None:
        """The entries the early child made (all it was making, or none if it failed: the
        rest are made where they are needed)."""
        for path, made in entries.items():
            self._entries.setdefault(path, made)
        self.coming = set()

    # -- files of many articles (the same bytes as export/'s functions give) ------------------
    def bibtex(self, articles: Sequence[Article]) -> str:
        entries = [self.entries(a) for a in articles]
        keys = bibtex_format.unique([e[0] for e in entries])
        return "\n".join(text if key == base else f"@article{{{key}" + text[9 + len(base):]
                         for (base, text, _, _), key in zip(entries, keys, strict=True))

    def ris(self, articles: Sequence[Article]) -> str:
        return ris_format.EOL.join(self.entries(a)[2] for a in articles)

    def csl_json(self, articles: Sequence[Article]) -> str:
        if not articles:
            return "[]\n"
        return "[\n" + ",\n".join(self.entries(a)[3] for a in articles) + "\n]\n"


def _state(site: Site) -> Citations:
    state = site.extras.get(MEMO)
    assert isinstance(state, Citations), "cite.generate(site) has not run"
    return state


def generate(site: Site, site_name: str) -> None:
    """Citation metadata on article pages; the three files on every listing."""
    state = site.extras[MEMO] = Citations(site, site_name)
    if site.memo.tables.pop("citations", None) is not None:  # an older build's form
        site.memo.changed = True  # saved without it; its citations are formatted again
    site.assets[SCRIPT_URI] = SCRIPT_SOURCE
    site.article_head = lambda article, page_url: head(state, article, page_url)
    catalog = site.catalog
    listings: list[tuple[str, list[Article]]] = []
    if site.has("tags"):
        listings += [(site.tag_uri(slug), items) for slug, items in catalog.tags.items()]
    if site.has("regions"):
        listings += [(site.country_uri(code), items) for code, items in catalog.countries.items()]
        listings += [(site.region_uri(code), items) for code, items in catalog.regions.items()
                     if "-" in code]
    if site.has("sources"):
        listings += [(site.source_uri(name), items) for name, items in catalog.sources.items()]
    seen: set[str] = set()
    for uri, items in listings:
        page = site.pages.get(uri)
        if page is None or uri in seen:  # a region the gazetteer lacks is shown as its country
            continue
        seen.add(uri)
        folder = uri.removesuffix("index.md")
        links = []
        for ext, label, media in FORMATS:
            path = f"{folder}articles.{ext}"
            # The entries are the Cite boxes' too: made once for the pages and the files.
            site.add_file(GeneratedFile(path, ("citations", ext, items),
                                        _renderer(state, ext, items),
                                        shared=lambda items=items: state.make_entries(items)))
            links.append({"path": path, "label": label, "type": media})
        page.context["exports"] = {"links": links, "count": len(items)}


def _renderer(state: Citations, ext: str, items: list[Article]) -> Callable[[Any], bytes]:
    make = {"bib": state.bibtex, "ris": state.ris, "json": state.csl_json}[ext]
    return lambda url_of: make(items).encode("utf-8")


def head(state: Citations, article: Article, page_url: str) -> dict[str, Any]:
    """What an article page adds to its <head> (``page_url``: its site-relative URL)."""
    site = state.site
    absolute = site.absolute(page_url) if site.site_url else None
    region = site.vocab.regions.get(article.region)
    return {
        "scripts": [SCRIPT_URI] if site.cite_styles else [],  # the copy buttons
        "meta": citation.highwire(article, page_url=absolute),
        "jsonld": Markup(citation.json_ld(  # safe inside <script>: export/citation.py
            article, page_url=absolute, site_name=state.site_name,
            region_name=region.name if region else article.region,
            wayback_url=article_view.wayback_url(article) if article.original_url else None)),
    }


# -- formatted citations, kept between builds ---------------------------------------------------

def fingerprint(site: Site) -> str:
    """What every article's citations depend on besides its data and URL: the styles shown,
    their files and the citeproc-py version (part of each article page's cache key)."""
    found = site.extras.get("cite-fingerprint")
    if found is None:
        found = site.extras["cite-fingerprint"] = "cite:" + ",".join(
            f"{s}={csl.cache_key({}, s)[:16]}" for s in site.cite_styles)
    return found


def _format(jobs: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    return [csl.formatted(item, style) for _, style, item in jobs]


def start_templates(articles: Sequence[Article], styles: Sequence[str], site_name: str,
                    in_child: Callable[[], None] | None = None,
                    then: Callable[[dict[str, str]], Any] | None = None) -> ForkedCall | None:
    """Make, in a forked child started now, the record-shape templates (a fixed cost of a
    first build: a hundred or so citeproc-py renders per style and shape) of the shapes
    among ``articles``: the articles read so far, while this process reads the rest on the
    other core; then format those articles' citations from them (the core is idle until
    the articles are all read; the early child of :func:`start_prepare` would format them
    beside the build's busiest step otherwise). ``then``: what the child makes next from
    those citations ({article path: packed citations, see :func:`kept`}), e.g. the parts of
    those articles' pages (:func:`citing_site`). :func:`take_templates` hands all of it to
    this process before :func:`start_prepare` forks. None when there is nothing to make."""
    if not styles or not articles:
        return None

    def work() -> tuple[dict[str, dict[Any, Any]], dict[str, str], Any]:
        # page_url None: csl.record() leaves the archive's own fields out of what is
        # formatted, and cache_keys() out of the keys: the citations of any page URL.
        items = [(a.path, citation.csl_item(a, page_url=None, site_name=site_name))
                 for a in listable(articles)]
        records = [csl.record(item) for _, item in items]
        templates = csl.make_templates(records, styles)
        table: dict[str, str] = {}
        for (path, item), data in zip(items, records, strict=True):
            shape = csl.record_shape(data)
            if shape is None:
                continue  # citeproc-py renders it: left to prepare()
            html = [csl.templated_record(data, style, shape) for style in styles]
            if None not in html:
                _keep(table, path, dict(zip(styles, zip(csl.cache_keys(item, styles), html,
                                                        strict=True), strict=True)))
        return templates, table, None if then is None else then(table)

    return ForkedCall(work, in_child=in_child, fallback=lambda: ({}, {}, None))


def take_templates(site: Site, made: ForkedCall) -> tuple[int, int, Any]:
    """The templates :func:`start_templates` made, for the citations formatted from now on,
    and the citations it formatted, kept as :func:`prepare` keeps its own (none if its child
    failed: they are made where they are first needed, as without it). Returns how many
    templates it made, per style and shape (shapes citeproc-py must render itself are not
    counted), how many citations, and what ``then`` made (None if its child failed)."""
    templates, formatted, then = made.result()
    csl.add_templates(templates)
    if formatted and MEMO in site.extras:
        site.memo.table(TABLE).update(formatted)
        site.memo.changed = True
        _state(site).ahead.update(formatted)
    else:
        formatted = {}
    return (sum(t is not None for by_shape in templates.values() for t in by_shape.values()),
            sum(len(kept(packed)) for packed in formatted.values()), then)


def citing_site(vocab: Vocab, site_url: str, styles: Sequence[str], site_name: str,
                formatted: Mapping[str, str], url_of: Callable[[str], str]) -> Site:
    """A site that knows only what an article page's citation parts need (:func:`head`,
    :func:`box`): the templates' child makes the parts of the pages whose citations it
    formatted (``formatted``, packed) before the build's own site exists, with the same
    functions and inputs. ``url_of``: those pages' site-relative URLs."""
    site = Site(catalog=Catalog.build([]), vocab=vocab, urls={}, page_size=1, date_format="",
                timeline=False, views=[], site_url=site_url, cite_styles=tuple(styles))
    state = site.extras[MEMO] = Citations(site, site_name)
    site.memo.table(TABLE).update(formatted)
    state.checked.update(formatted)
    site.article_head = lambda article, page_url: head(state, article, page_url)
    site.url_of = url_of
    return site


def start_prepare(site: Site, articles: Sequence[Article],
                  in_child: Callable[[], None] | None = None,
                  entries: float = 0.5) -> ForkedCall | None:
    """Format, in a forked child started now, the citations of the ``articles`` that
    ``site.memo`` holds none of (a first build: thousands), while this process goes on with
    the generated pages; :func:`prepare` takes the result. None when there are few.

    The child also makes the file entries (BibTeX, RIS, CSL-JSON) of the last ``entries``
    share of the articles, while this process makes the others' (``GeneratedFile.shared``):
    the listings' exports and the Cite boxes then share them, and neither process waits for
    the other. Half, or all of them when the child need not make its citation templates
    (:func:`take_templates` handed them over)."""
    if MEMO not in site.extras or not site.cite_styles or site.url_of is None:
        return None
    table = site.memo.table(TABLE)
    new = [a for a in articles if a.path not in table]
    if len(new) * len(site.cite_styles) < TEMPLATES_FROM:
        return None
    state = _state(site)
    share = list(articles[round(len(articles) * (1 - entries)):])
    state.coming = {a.path for a in share}

    def work() -> tuple[dict[str, str], dict[str, Any]]:
        prepare(site, new)
        return ({a.path: table[a.path] for a in new if a.path in table},
                {a.path: state.entries(a) for a in share})

    return ForkedCall(work, in_child=in_child, fallback=lambda: ({}, {}))


def prepare(site: Site, articles: Sequence[Article], early: ForkedCall | None = None) -> int:
    """Format the citations of ``articles`` that ``site.memo`` does not hold yet (in forked
    processes when there are many); drop those of articles no longer in the archive.
    ``early``: what :func:`start_prepare` formatted (those articles are not looked at
    again). Returns how many citations were formatted."""
    if MEMO not in site.extras or not site.cite_styles:
        return 0
    state = _state(site)
    table: dict[str, str] = site.memo.table(TABLE)
    done: dict[str, str] = {}
    if early is not None:
        done, entries = early.result()
        state.take_entries(entries)
    if done:
        table.update(done)
        site.memo.changed = True
    if state.ahead:  # in the table already (take_templates)
        done = {**state.ahead, **done}
        state.ahead = {}
    jobs: list[tuple[str, str, dict[str, Any]]] = []
    keys: list[str] = []
    styles = site.cite_styles
    for article in articles:
        if article.path in done:
            continue
        item = state.item(article)
        have = kept(table.get(article.path))
        for style, key in zip(styles, csl.cache_keys(item, styles), strict=True):
            if have.get(style, ("",))[0] != key:
                jobs.append((article.path, style, item))
                keys.append(key)
    live = set(site.catalog.by_path) | {a.path for a in articles}
    stale = [p for p in table if p not in live]
    for path in stale:
        del table[path]
    formatted_early = sum(len(kept(packed)) for packed in done.values())
    state.checked.update(a.path for a in articles)
    if not jobs and not stale:
        return formatted_early
    site.memo.changed = True
    _store(table, jobs, keys, _formatted(jobs))
    return len(jobs) + formatted_early


def _store(table: dict[str, str], jobs: list[tuple[str, str, dict[str, Any]]], keys: list[str],
           results: list[str]) -> None:
    """Keep each job's formatted citation under its key, with the article's others."""
    updated: dict[str, dict[str, tuple[str, str]]] = {}
    for (path, style, _), key, html in zip(jobs, keys, results, strict=True):
        if path not in updated:
            updated[path] = kept(table.get(path))
        updated[path][style] = (key, html)
    for path, citations in updated.items():
        _keep(table, path, citations)


def kept(packed: Any) -> dict[str, tuple[str, str]]:
    """An article's kept citations, {style: (cache key, HTML)}, from its entry in the memo
    table. An entry is one string: a table of thousands is then a dict of strings, which
    the garbage collector never scans (each collection of a rebuild would walk tens of
    thousands of tuples otherwise) and a pickle loads fastest. An entry of another form (an
    older build's) holds none: they are formatted again."""
    if not isinstance(packed, str) or not packed:
        return {}
    parts = packed.split(_SEP)
    return {parts[i]: (parts[i + 1], parts[i + 2]) for i in range(0, len(parts) - 2, 3)}


def _keep(table: dict[str, str], path: str, citations: dict[str, tuple[str, str]]) -> None:
    packed = _SEP.join(f"{style}{_SEP}{key}{_SEP}{html}"
                       for style, (key, html) in citations.items())
    if packed.count(_SEP) == 3 * len(citations) - 1:
        table[path] = packed
    else:  # a NUL in a value (never in HTML): not kept, formatted again when needed
        table.pop(path, None)


def _formatted(jobs: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    """Each job's (article path, style, CSL item) citation: from its record shape's template
    when there are many, else (or for a shape without one) by citeproc-py, in forked
    processes when there are many of those."""
    # A template costs about a hundred citeproc-py calls to make and check: worth it for a
    # first build, not for the few citations of an edit.
    results: list[str | None] = [None] * len(jobs)
    if len(jobs) >= TEMPLATES_FROM:
        # One record and shape per article, for all its styles.
        records: dict[str, tuple[dict[str, Any], Any]] = {}
        for i, (path, style, item) in enumerate(jobs):
            found = records.get(path)
            if found is None:
                data = csl.record(item)
                found = records[path] = (data, csl.record_shape(data))
            if found[1] is not None:  # else no template: citeproc-py renders it
                results[i] = csl.templated_record(found[0], style, found[1])
    rest = [job for job, html in zip(jobs, results, strict=True) if html is None]
    workers = pool_size(len(rest), POOL_FROM)
    if workers > 1:
        size = -(-len(rest) // (workers * 4))
        chunks = [rest[i:i + size] for i in range(0, len(rest), size)]
        # Workers die with the build, even one killed by SIGKILL.
        with multiprocessing.get_context("fork").Pool(workers,
                                                      initializer=die_with_parent()) as pool:
            rendered = iter([html for part in pool.map(_format, chunks) for html in part])
    else:
        rendered = iter(_format(rest))
    return [next(rendered) if html is None else html for html in results]


def _data_uri(media: str, content: str) -> Markup:
    # Base64: a third larger than the text, never more (percent-encoding triples every
    # space, line end and non-ASCII byte), and no character the URL parser drops.
    # Markup: a fixed media type and the base64 alphabet, nothing HTML would escape.
    return Markup(f"data:{media};charset=utf-8;base64,"
                  + base64.b64encode(content.encode()).decode())


def box(site: Site, article: Article) -> dict[str, Any] | None:
    """The "Cite" box of an article page: formatted citations and the three downloads."""
    if MEMO not in site.extras:
        return None
    state = _state(site)
    table = site.memo.table(TABLE)
    item: dict[str, Any] | None = None  # made only when a citation must be checked
    keys: dict[str, str] = {}  # ... and its keys, the item's fields written out once
    styles = []
    checked = article.path in state.checked  # by prepare(), this build
    have = kept(table.get(article.path))
    changed = False
    for style in site.cite_styles:
        entry = have.get(style)
        if entry is None or not checked:
            if item is None:
                item = state.item(article)
                keys = dict(zip(site.cite_styles, csl.cache_keys(item, site.cite_styles),
                                strict=True))
            key = keys[style]
            if entry is None or entry[0] != key:  # not prepared: a page rendered on its own
                entry = have[style] = (key, csl.formatted(item, style, templates=False))
                changed = True
        styles.append({"key": style, "name": csl.STYLES[style][1],
                       "html": Markup(entry[1])})  # escaped: export/csl.py
    if changed:
        _keep(table, article.path, have)
        site.memo.changed = True
    _, bib, ris, item_json = state.entries(article)
    texts = {"bib": bib, "ris": ris, "json": "[\n" + item_json + "\n]\n"}
    # posixpath, not pathlib: the same stem of an article's path (``*.md``), a fifth the time.
    stem = posixpath.splitext(posixpath.basename(article.path))[0] or "article"
    return {
        "styles": styles,
        "downloads": [{"label": label, "name": f"{stem}.{ext}",
                       "href": _data_uri(media, texts[ext])} for ext, label, media in FORMATS],
        "id": "cite-" + hashlib.sha256(article.path.encode()).hexdigest()[:8],
    }


@functools.cache
def _entry_parts(key: str, name: str) -> tuple[str, str, str, str, str, str]:
    """The fixed text of a style's entry in a "Cite" box, around its box's id (four times)
    and its citation: made once per style and build, every value escaped."""
    key, short, name = text(key), text(name.split(" (")[0]), text(name)
    return ('  <div class="na-cite__entry" role="group" aria-labelledby="',
            f'-{key}-name">\n    <p class="na-cite__style" id="',
            f'-{key}-name">{name}</p>\n    <p class="na-cite__text" id="',
            f'-{key}">',
            '</p>\n    <button class="md-button na-cite__copy" type="button" data-copy="',
            f'-{key}" hidden>Copy {short} citation</button>\n  </div>\n')


def box_html(cite: dict[str, Any] | None) -> Markup:
    """The "Cite" box's HTML: the citations, each with a copy button (``assets/cite.js``,
    loaded from the page's <head>, shows the buttons; without JavaScript the text stays
    selectable), and the article as BibTeX, RIS and CSL-JSON (``data:`` links, saved under
    the given file name). Written here, not as a template: every article page has one, and
    a template's rendering cost more than the rest of the box (see docs/performance.md).
    Every value is escaped as the templates escape theirs (:func:`render.text`); the
    citations' HTML is escaped by export/csl.py."""
    if not cite:
        return Markup("")
    box_id = text(cite["id"])
    parts = [f'<details class="na-cite" id="{box_id}" data-pagefind-ignore="all">\n'
             "  <summary>Cite this article</summary>\n"]
    for style in cite["styles"]:
        start, to_style, to_text, to_html, to_copy, end = _entry_parts(style["key"],
                                                                       style["name"])
        parts += (start, box_id, to_style, box_id, to_text, box_id, to_html, style["html"],
                  to_copy, box_id, end)
    links = []
    for d in cite["downloads"]:
        name = text(d["name"])
        links.append(f'<a href="{text(d["href"])}" download="{name}">{text(d["label"])} '
                     f'<span class="na-cite__file">({name})</span></a>')
    parts.append('  <p class="na-cite__status" role="status" aria-live="polite"></p>\n'
                 '  <p class="na-cite__downloads">Download for a reference manager:\n'
                 f"{' · '.join(links)}</p>\n</details>\n")
    return Markup("".join(parts))

