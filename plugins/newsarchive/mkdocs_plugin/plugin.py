"""The ``newsarchive`` MkDocs plugin: thin event handlers over the archive core.

on_config loads the vocabularies; on_files validates every article once, builds the catalog,
related links and the generated pages (``File.generated``); on_nav puts the index pages in
the navigation; on_page_markdown / on_page_content render generated pages and frame articles.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from newsarchive.archive.catalog import Catalog
from newsarchive.archive.loader import ORIGINALS_DIR, load_text
from newsarchive.mkdocs_plugin.config import NewsArchiveConfig
from newsarchive.mkdocs_plugin.render import Renderer, sanitize
from newsarchive.mkdocs_plugin.site import GeneratedPage, Site
from newsarchive.mkdocs_plugin.views import article as article_view
from newsarchive.mkdocs_plugin.views import chronology, home, regions, search, sources, tags
from newsarchive.schema import Article
from newsarchive.vocab import Vocab, load_vocab
from newsarchive.vocab.datafile import VocabularyError

log = logging.getLogger("mkdocs.plugins.newsarchive")

_VIEWS = {"chronology": chronology.generate, "regions": regions.generate,
          "tags": tags.generate, "sources": sources.generate}
_NAV_ORDER = ("Home", "Chronology", "Regions", "Tags", "Sources", "Search")


class NewsArchivePlugin(BasePlugin[NewsArchiveConfig]):
    """Validates articles and generates the archive's browsing pages."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.vocab: Vocab | None = None
        self.site: Site | None = None
        self.renderer: Renderer | None = None
        self.articles: dict[str, Article] = {}
        self.links = article_view.RelatedLinks({}, {}, {})
        self._urls: dict[str, str] = {}
        self._auto_nav = True

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            self.vocab = load_vocab(self.config.regions_file, self.config.tags_file,
                                    self.config.sources_file)
        except VocabularyError as exc:
            raise PluginError(str(exc)) from exc
        self._auto_nav = config.nav is None
        if self.config.search:
            config.extra["newsarchive_search"] = search.SEARCH_URI.removesuffix("index.md")
        return config

    @event_priority(-50)  # after other plugins added their files, like Material's blog
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.vocab is None:
            return None
        prefix = self.config.articles_dir.strip("/") + "/"
        for file in list(files):
            if file.src_uri.startswith(ORIGINALS_DIR + "/"):
                files.remove(file)  # preserved originals are never published
        docs = os.path.relpath(config.docs_dir)
        articles: dict[str, Article] = {}
        problems = 0
        for file in files.documentation_pages():
            if not file.src_uri.startswith(prefix):
                continue
            file.inclusion = InclusionLevel.NOT_IN_NAV
            article, found = load_text(file.content_string, file.src_uri, self.vocab)
            for problem in found:
                log.warning(problem.format(f"{docs}/{file.src_uri}"))
            problems += len(found)
            if article is not None:
                articles[file.src_uri] = article
        if problems:
            log.warning(f"{problems} frontmatter problem(s) in {docs}/{prefix}: fix them or run "
                        f"`newsarchive check --content {docs}` for the list")
        self.articles = articles
        _pin_build_date(articles.values())
        listed = [a for a in articles.values() if a.title]
        site = Site(
            catalog=Catalog.build(listed), vocab=self.vocab,
            urls={"tags": self.config.urls.tags, "regions": self.config.urls.regions,
                  "sources": self.config.urls.sources,
                  "chronology": self.config.urls.chronology},
            page_size=self.config.page_size, date_format=self.config.date_format,
            timeline=self.config.timeline, views=list(self.config.views),
        )
        self.links = self._related(listed)
        if files.get_file_from_path(home.HOME_URI) is None:
            home.generate(site, self.config.home_latest, config.site_name)
            site.pages[home.HOME_URI].context["entry_points"] = self._entry_points(site)
        for name in self.config.views:
            _VIEWS[name](site)
        if self.config.search:
            search.generate(site)
        for page in site.pages.values():
            if files.get_file_from_path(page.uri) is not None:
                raise PluginError(f"{docs}/{page.uri} exists but newsarchive generates this page;"
                                  f" rename the file or change the plugin's `urls` option")
            inclusion = InclusionLevel.INCLUDED if page.nav_title else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.uri, content=_stub(page),
                                        inclusion=inclusion))
        self.site = site
        self.renderer = Renderer(site)
        return files

    def _related(self, articles: list[Article]) -> article_view.RelatedLinks:
        if not self.config.related or not articles:
            return article_view.RelatedLinks({}, {}, {})
        from newsarchive.archive.related import Weights, compute_related, link_related_titles

        assert self.vocab is not None
        w = self.config.weights
        weights = Weights(region=w.region, country=w.country, tag=w.tag, place=w.place,
                          time=w.time, time_scale_days=w.time_scale_days)
        related = compute_related(articles, self.vocab, k=self.config.related_count,
                                  weights=weights)
        cites, cited_by = link_related_titles(articles)
        return article_view.RelatedLinks(
            {p: [(r.target, r.reason_text) for r in rs] for p, rs in related.items()},
            cites, cited_by)

    @staticmethod
    def _entry_points(site: Site) -> list[tuple[str, str, str]]:
        texts = {"chronology": ("Chronology", "By year, month and day"),
                 "regions": ("Regions", "By country and region"),
                 "tags": ("Tags", "By topic"), "sources": ("Sources", "By publication")}
        return [(site.index_uri(v), *texts[v]) for v in texts if site.has(v)]

    @event_priority(-50)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or self.site is None:
            return None
        self._urls = {f.src_uri: f.url for f in files.documentation_pages()}
        if not self._auto_nav:
            return None
        ours = {p.uri: p.nav_title for p in self.site.pages.values() if p.nav_title}
        pages: list[Page] = []
        for uri, title in sorted(ours.items(), key=lambda kv: _NAV_ORDER.index(kv[1])
                                 if kv[1] in _NAV_ORDER else len(_NAV_ORDER)):
            file = files.get_file_from_path(uri)
            if file is not None and isinstance(file.page, Page):
                file.page.title = title
                pages.append(file.page)
        # Curator pages outside the archive (about.md ...) keep their place after ours.
        extra = [p for p in nav.pages if p.file.src_uri not in ours]
        for page in extra:
            page.parent = None
        items: list[Any] = [*pages, *extra]
        for before, page, after in zip([None, *items[:-1]], items, [*items[1:], None], strict=True):
            page.previous_page, page.next_page = before, after
        return Navigation(items, items)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        if self.site is not None and page.file.src_uri in self.site.pages:
            return ""  # rendered from data in on_page_content; nothing for Markdown to do
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        if self.site is None or self.renderer is None:
            return None
        uri = page.file.src_uri
        base = page.url

        def url(target: str) -> str:
            dest = self._urls.get(target)
            if dest is None:
                raise PluginError(f"newsarchive: {uri} links to {target}, which is not built")
            return get_relative_url(dest, base)

        generated = self.site.pages.get(uri)
        if generated is not None:
            return self.renderer.render(generated.template, url, page=generated,
                                        asset=lambda path: get_relative_url(path, base),
                                        **generated.context)
        article = self.articles.get(uri)
        if article is None:
            return None
        body = sanitize(html) if self.config.sanitize else html
        return self.renderer.render(
            "article.html", url, **article_view.context(self.site, article, self.links, body))


    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None or not self.config.search:
            return
        from newsarchive.mkdocs_plugin.search_index import build_search_index

        try:
            summary = build_search_index(config.site_dir, self.config.articles_dir)
        except (RuntimeError, OSError) as exc:
            raise PluginError(f"Pagefind could not build the search index: {exc} (set "
                              "`search: false` in the newsarchive plugin options to skip)"
                              ) from exc
        log.info(f"newsarchive: search index: {summary}")


def _pin_build_date(articles: Any) -> None:
    """Reproducible output: the sitemap's date is the newest ingest time, not the clock.

    MkDocs reads SOURCE_DATE_EPOCH (reproducible-builds.org) for every date it writes; a value
    set by the caller wins.
    """
    stamps = [a.archived.timestamp() for a in articles if a.archived is not None]
    if stamps and "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(max(stamps)))


def _stub(page: GeneratedPage) -> str:
    """The Markdown source of a generated page: only metadata, the body comes from data."""
    import json

    lines = ["---", f"title: {json.dumps(page.title, ensure_ascii=False)}"]
    if page.description:
        lines.append(f"description: {json.dumps(page.description, ensure_ascii=False)}")
    lines += ["search:", "  exclude: true", "---", ""]
    return "\n".join(lines)
