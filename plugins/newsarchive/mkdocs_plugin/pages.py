"""The site layer's pages and files as MkDocs files: stubs, links, rendering, navigation."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from newsarchive.site.model import GeneratedPage, Site, relative_url, url_dir_parts
from newsarchive.site.render import Renderer, sanitize, text
from newsarchive.site.views import article as article_view
from newsarchive.site.views import cite as cite_view
from newsarchive.site.views import home

_NAV_ORDER = ("Home", "Chronology", "Regions", "Tags", "Sources", "Search")


class SitePages:
    """The generated pages and plain files of one build, as MkDocs sees them."""

    def __init__(self, site: Site, renderer: Renderer) -> None:
        self.site = site
        self.renderer = renderer
        self.by_uri: dict[str, File] = {}  # this build's documentation pages by source URI
        # Article pages' <head> additions and Cite boxes made ahead (:meth:`parts_ahead`):
        # source URI -> (the page URL they were made for, <head> additions, Cite box).
        self.ahead: dict[str, tuple[str, str, str]] = {}

    def register(self, files: Files, config: MkDocsConfig, docs: str) -> None:
        """Add a Markdown stub for every generated page (only metadata: the body is
        rendered from data) and every plain file whose source is on disk."""
        for page in self.site.pages.values():
            if files.get_file_from_path(page.uri) is not None:
                raise PluginError(f"{docs}/{page.uri} exists but newsarchive generates this page;"
                                  f" rename the file or change the plugin's `urls` option")
            inclusion = InclusionLevel.INCLUDED if page.nav_title else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.uri, content=_stub(page),
                                        inclusion=inclusion))
        for path, source in self.site.assets.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))

    def index(self, files: Files) -> None:
        """Every documentation page by source URI (their URLs are computed when a link
        needs one: most pages are reused, never linked from)."""
        self.by_uri = {f.src_uri: f for f in files.documentation_pages()}
        self.site.url_of = self.url_of

    def url_of(self, uri: str) -> str:
        """The site-relative URL of the page built from ``uri``."""
        file = self.by_uri.get(uri)
        if file is None:
            raise PluginError(f"newsarchive: a generated file links to {uri}, which is not built")
        return file.url

    def linker(self, uri: str, base: str) -> Callable[[str], str]:
        """Links from the page ``uri`` (at URL ``base``) to docs-relative targets."""
        base_parts = url_dir_parts(base)
        pages = self.by_uri

        def url(target: str) -> str:
            file = pages.get(target)
            if file is None:
                raise PluginError(f"newsarchive: {uri} links to {target}, which is not built")
            return relative_url(file.url, base_parts)

        return url

    def render(self, page: GeneratedPage, base: str) -> str:
        return self.renderer.render(page.template, self.linker(page.uri, base), page=page,
                                    asset=lambda path: get_relative_url(path, base),
                                    **page.context)

    def head(self, uri: str, base: str, articles: dict[str, Any]) -> Markup:
        """What the page ``uri`` (at URL ``base``) adds to the theme's <head>."""
        page = self.site.pages.get(uri)
        article = articles.get(uri) if page is None else None
        made = self._made_for(uri, base) if article is not None else None
        if made is not None:
            return Markup(made[1])
        parts: dict[str, Any] = {"alternates": page.alternates if page is not None else [],
                                 "meta": [], "jsonld": None}
        if article is not None and self.site.article_head is not None:
            parts.update(self.site.article_head(article, base))
        if not parts["alternates"] and not parts["meta"] and not parts["jsonld"]:
            return Markup("")
        return head_html(parts, url_dir_parts(base))

    def frame_article(self, uri: str, page_url: str, html: str, context: dict[str, Any],
                      clean: bool) -> str:
        """An article page: its converted body (cleaned when ``clean``) in its frame, with
        the place of its "Cite" box (:meth:`complete` fills it in)."""
        context["body"] = Markup(sanitize(html) if clean else html)
        article_view.finish(self.site, context)
        return self.renderer.render("article.html", self.linker(uri, page_url), **context)

    def complete(self, uri: str, page_url: str, output: str, articles: dict[str, Any]) -> str:
        """An article page's finished HTML with its "Cite" box in place."""
        article = articles.get(uri)
        if article is None:
            return output
        made = self._made_for(uri, page_url)
        return article_view.fill_cite(self.site, article, output,
                                      None if made is None else made[2])

    def _made_for(self, uri: str, page_url: str) -> tuple[str, str, str] | None:
        """The parts made ahead for the page ``uri``, if made for its URL ``page_url``."""
        made = self.ahead.get(uri)
        return made if made is not None and made[0] == page_url else None

    def parts_ahead(self, articles: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
        """Each of ``articles``' pages' <head> additions and Cite box, with the page URL they
        are made for (``site.url_of``), as :meth:`head` and :meth:`complete` would make them:
        made by the templates' child (``cite.citing_site``), used unless the URL changed."""
        made = {}
        for uri, article in articles.items():
            url = self.site.url_of(uri)  # type: ignore[misc]
            made[uri] = (url, str(self.head(uri, url, articles)),
                         str(cite_view.box_html(cite_view.box(self.site, article))))
        return made

    def title_of(self, uri: str, articles: dict[str, Any]) -> str | None:
        """The navigation title of a page held out of MkDocs' Markdown pass."""
        generated = self.site.pages.get(uri)
        if generated is None:
            return articles[uri].title
        return None if generated.uri == home.HOME_URI else generated.title

    def navigation(self, nav: Navigation, files: Files) -> Navigation:
        """The archive's index pages first, in a fixed order; curator pages (about.md ...)
        keep their place after them."""
        ours = {p.uri: p.nav_title for p in self.site.pages.values() if p.nav_title}
        pages: list[Page] = []
        for uri, title in sorted(ours.items(), key=lambda kv: _NAV_ORDER.index(kv[1])
                                 if kv[1] in _NAV_ORDER else len(_NAV_ORDER)):
            file = files.get_file_from_path(uri)
            if file is not None and isinstance(file.page, Page):
                file.page.title = title
                pages.append(file.page)
        extra = [p for p in nav.pages if p.file.src_uri not in ours]
        for page in extra:
            page.parent = None
        items: list[Any] = [*pages, *extra]
        for before, page, after in zip([None, *items[:-1]], items, [*items[1:], None], strict=True):
            page.previous_page, page.next_page = before, after
        return Navigation(items, items)


def head_html(parts: dict[str, Any], base_parts: Any) -> Markup:
    """A page's <head> additions: links to its other forms (feeds), citation meta tags,
    JSON-LD (already safe inside a script element: see export/) and the site's own scripts
    it needs. Written here, not as a template, as every page has them (a template's
    rendering cost as much as making them); values escaped as the templates escape theirs."""
    out = [f'<link rel="alternate" type="{text(kind)}" title="{text(title)}" '
           f'href="{text(relative_url(path, base_parts))}">\n'
           for kind, title, path in parts["alternates"]]
    out += [f'{_meta_start(name)}{text(content)}">\n' for name, content in parts["meta"]]
    if parts["jsonld"]:
        out.append(f'<script type="application/ld+json">{text(parts["jsonld"])}</script>\n')
    out += [f'<script src="{text(relative_url(path, base_parts))}" defer></script>\n'
            for path in parts.get("scripts") or []]
    return Markup("".join(out))


@functools.lru_cache(maxsize=256)
def _meta_start(name: str) -> str:
    """``<meta name="..." content="`` for a meta tag's name (a handful, escaped once)."""
    return f'<meta name="{text(name)}" content="'


def _stub(page: GeneratedPage) -> str:
    """The Markdown source of a generated page: only metadata, the body comes from data.

    The home page gets no title, so the browser tab shows the site name once, not twice.
    """
    lines = ["---"]
    if page.uri != home.HOME_URI:
        lines.append(f"title: {json.dumps(page.title, ensure_ascii=False)}")
    if page.description:
        lines.append(f"description: {json.dumps(page.description, ensure_ascii=False)}")
    lines += ["search:", "  exclude: true", "---", ""]
    return "\n".join(lines)
