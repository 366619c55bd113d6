"""The ``newsarchive`` MkDocs plugin: thin event handlers over the archive core.

on_config loads the vocabularies; on_pre_build opens the cache and, in an incremental build,
starts the related lists in a second process from the article files on disk; on_files validates
every article once, builds the catalog, related links (or checks the early ones were computed
from the same articles) and the generated pages (``File.generated``); on_nav puts the index
pages in the navigation, decides which pages the cache can reuse (those skip MkDocs' Markdown
pass) and hands every other article left to a second process (parallel.py); on_page_content
renders generated pages and frames articles, staging them for search; on_env takes the second
process's pages and starts the search index in the background; on_post_template puts reused
pages in place.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from newsarchive.archive.catalog import Catalog, listable, needs_review
from newsarchive.archive.loader import ORIGINALS_DIR
from newsarchive.build.cache import (
    BuildCache,
    CacheBusy,
    QuietSkips,
    digest,
    fingerprint,
)
from newsarchive.mkdocs_plugin.articles import ArticleFiles, article_uris
from newsarchive.mkdocs_plugin.config import NewsArchiveConfig
from newsarchive.mkdocs_plugin.parallel import (
    ForkedCall,
    PageWorker,
    others_see_pages,
    page_of,
    populate,
    workers_for,
)
from newsarchive.schema import Article
from newsarchive.site.model import GeneratedPage, Site, relative_url, url_dir_parts
from newsarchive.site.page_keys import PageKeys
from newsarchive.site.render import TEMPLATES, Renderer, sanitize
from newsarchive.site.views import article as article_view
from newsarchive.site.views import chronology, home, regions, search, sources, tags
from newsarchive.vocab import Vocab, load_vocab
from newsarchive.vocab.datafile import VocabularyError

log = logging.getLogger("mkdocs.plugins.newsarchive")

_VIEWS = {"chronology": chronology.generate, "regions": regions.generate,
          "tags": tags.generate, "sources": sources.generate}
_NAV_ORDER = ("Home", "Chronology", "Regions", "Tags", "Sources", "Search")
CACHED_TEMPLATE = "newsarchive/cached.html"


class NewsArchivePlugin(BasePlugin[NewsArchiveConfig]):
    """Validates articles and generates the archive's browsing pages."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.vocab: Vocab | None = None
        self.site: Site | None = None
        self.renderer: Renderer | None = None
        self.files: ArticleFiles | None = None
        self.links = article_view.RelatedLinks({}, {}, {})
        self._pages: dict[str, File] = {}  # this build's documentation pages by source URI
        self._auto_nav = True
        self._dirty = False
        self._serve = False
        # Under `mkdocs serve` the search index of the last rebuild may still be in progress.
        self._background: Any = None
        self.cache: BuildCache | None = None
        self._meta: dict[str, dict[str, Any]] = {}
        self._contexts: dict[str, dict[str, Any]] = {}
        self.search: Any = None
        # Reused pages are kept out of MkDocs' Markdown pass (inclusion EXCLUDED) and put back
        # before pages are written: file -> its real inclusion.
        self._held: dict[File, InclusionLevel] = {}
        self._generated: dict[str, str] = {}  # src URI -> rendered content of a generated page
        self._written: set[str] = set()  # output paths of every page this build writes
        self._manifest: Path | None = None  # written by this build, until it is known good
        self._files: Files | None = None
        # Parsed articles and related lists of the last build, for the next `mkdocs serve`
        # rebuild (BuildCache.memo).
        self._memo: dict[str, tuple[str, Any]] = {}
        # Related lists being computed in a second process: the call (it gives the key of the
        # articles it used and the lists), the key they must match, and how to compute them
        # here if they do not.
        self._links_call: tuple[ForkedCall, str, Callable[[], Any]] | None = None
        # Started in on_pre_build from the files on disk, before MkDocs has listed them.
        self._early_links: ForkedCall | None = None
        self._worker: PageWorker | None = None  # the second process populating pages
        self._forked: dict[File, InclusionLevel] = {}  # its pages, EXCLUDED here meanwhile
        self._quiet = QuietSkips()
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet)
        logging.getLogger("mkdocs.structure.pages").addFilter(self._quiet)

    @property
    def articles(self) -> dict[str, Article]:
        """This build's valid articles by source URI."""
        return self.files.articles if self.files is not None else {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self._dirty = dirty
        self._serve = command == "serve"
        # Everything loaded so far (MkDocs, the theme, Jinja, lxml: modules that stay for the
        # whole run) leaves the garbage collector's view, so each full collection during a
        # build, and under `mkdocs serve` each rebuild, scans only the build's own objects.
        gc.freeze()

    def on_shutdown(self) -> None:
        # No Pagefind outlives the build (a build that stopped early never reached
        # on_post_build, where it is waited for).
        for running in (self._background, self.search):
            if running is not None:
                running.discard()
        self._background = self.search = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            self.vocab = load_vocab(self.config.regions_file, self.config.tags_file,
                                    self.config.sources_file)
        except VocabularyError as exc:
            raise PluginError(str(exc)) from exc
        self._auto_nav = config.nav is None
        # The one-line template that stands in for Material's on pages reused from the cache.
        config.theme.dirs.append(str(TEMPLATES))
        if self.config.search:
            config.extra["newsarchive_search"] = search.SEARCH_URI.removesuffix("index.md")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._manifest = None
        if self._early_links is not None:  # left by a build that stopped early
            self._early_links.kill()
            self._early_links = None
        if self._background is not None:  # a newer edit wins; its shards are not trusted
            self._background.discard()
            self._background = None
        self.cache = None
        if not self.config.enabled or not self.config.cache or self._dirty:
            return
        base = Path(config.config_file_path or ".").resolve().parent
        root = base / self.config.cache_dir
        site_dir = Path(config.site_dir).resolve()
        if root == site_dir or site_dir in root.parents:
            raise PluginError(f"newsarchive: cache_dir {root} must be outside site_dir {site_dir}")
        assert self.vocab is not None
        cache = BuildCache(root, site_dir, fingerprint(config, dict(self.config), self.vocab,
                                                       TEMPLATES), memo=self._memo)
        try:
            cache.open()
        except CacheBusy:
            log.info(f"newsarchive: another build is using {root}; this one builds everything "
                     "without the cache")
            return
        self.cache = cache
        self._start_links(config)

    def _start_links(self, config: MkDocsConfig) -> None:
        """An incremental build: start computing the related lists now, in a second process.

        An addition changes every article's rarity weights, so each related list is computed
        again; that is the longest step of such a rebuild. The child finds the articles on
        disk itself (unchanged files come from the cache), a second before MkDocs has listed
        them; on_files uses its lists only if they were computed from exactly the articles
        MkDocs then gives this build (same digest), else computes them again.
        """
        assert self.cache is not None
        if not self.config.related or self._serve or not self.cache.resumes():
            return
        if workers_for(self.config.workers, self.cache.known_articles()) < 2:
            return
        self._early_links = ForkedCall(lambda: self._links_from_disk(config),
                                       in_child=self._in_child, fallback=lambda: None)

    def _links_from_disk(self, config: MkDocsConfig) -> dict[str, Any]:
        """In the child of ``_start_links``: the related lists of the articles on disk."""
        assert self.vocab is not None and self.cache is not None
        files = ArticleFiles(self.vocab, self.cache)
        for uri in article_uris(config, self.config.articles_dir):
            files.load_path(uri, f"{config.docs_dir}/{uri}")
        listed = listable(files.articles.values())
        saved: list[str] = []
        cache = self.cache

        def save() -> None:
            # This process has read every article file, as the build will: it saves them
            # for the next build, off the build's path (which checks it saw the same files).
            saved.append(cache.save_articles())

        result = self._links_result(self._related_key(listed, files.meta_sha), listed,
                                    meanwhile=save)
        result["articles"] = saved[0] if saved else cache.save_articles()
        return result

    def _links_result(self, key: str, listed: list[Article],
                      meanwhile: Callable[[], object] | None = None) -> dict[str, Any]:
        """In a child: the related lists of ``listed`` (whose key is ``key``): ``key``,
        ``links`` (None once they are in the cache, where the parent reads them: pickled once,
        not twice) and whether they were ``computed`` (the last build's are not).
        ``meanwhile``: other work, done while worker processes rank."""
        if self.cache is not None and self.cache.has_result("related", key):
            return {"key": key, "links": None, "computed": False}
        links = self._compute_links(listed, meanwhile=meanwhile)
        if self.cache is None:
            return {"key": key, "links": links, "computed": True}
        self.cache.store_result("related", key, links)
        return {"key": key, "links": None, "computed": True}

    def _related_key(self, listed: list[Article], meta_sha: dict[str, str]) -> str:
        """Related lists depend on the articles' data, not their text: an edited body reuses
        the last build's lists."""
        return digest(repr(self._weights()), str(self.config.related_count),
                      *sorted(meta_sha[a.path] for a in listed))

    def _weights(self) -> Any:
        from newsarchive.archive.related import Weights

        w = self.config.weights
        return Weights(region=w.region, country=w.country, tag=w.tag, place=w.place,
                       time=w.time, time_scale_days=w.time_scale_days)

    def _compute_links(self, listed: list[Article],
                       meanwhile: Callable[[], object] | None = None
                       ) -> article_view.RelatedLinks:
        return article_view.compute_links(listed, self.vocab, self.config.related_count,
                                          self._weights(), meanwhile=meanwhile)

    @event_priority(-50)  # after other plugins added their files, like Material's blog
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.vocab is None:
            return None
        prefix = self.config.articles_dir.strip("/") + "/"
        for file in list(files):
            if file.src_uri.startswith(ORIGINALS_DIR + "/"):
                files.remove(file)  # preserved originals are never published
        docs = os.path.relpath(config.docs_dir)
        problems = reviews = 0
        self._meta, self._contexts, self._generated = {}, {}, {}
        self._held = {}
        self._quiet.skipped = set()
        self.files = ArticleFiles(self.vocab, self.cache)
        for file in files.documentation_pages():
            if not file.src_uri.startswith(prefix):
                continue
            file.inclusion = InclusionLevel.NOT_IN_NAV
            found = self.files.load(file)
            for problem in found:
                log.warning(problem.format(f"{docs}/{file.src_uri}"))
            article = self.files.articles.get(file.src_uri)
            # A field left for review is one line naming the article and the field, nothing
            # more: its page says so and the listings leave it out (serve keeps working).
            missing = needs_review(article) if article is not None else []
            reviews += sum(p.key in missing for p in found)
            problems += sum(p.key not in missing for p in found)
        articles = self.files.articles
        if problems:
            log.warning(f"{problems + reviews} frontmatter problem(s) in {docs}/{prefix}: fix "
                        f"them or run `newsarchive check --content {docs}` for the list")
        _pin_build_date(articles.values())
        listed = listable(articles.values())
        site = Site(
            catalog=Catalog.build(listed), vocab=self.vocab,
            urls={"tags": self.config.urls.tags, "regions": self.config.urls.regions,
                  "sources": self.config.urls.sources,
                  "chronology": self.config.urls.chronology},
            page_size=self.config.page_size, date_format=self.config.date_format,
            timeline=self.config.timeline, views=list(self.config.views),
        )
        early, self._early_links = self._early_links, None
        if self.config.related:
            key = self._related_key(listed, self.files.meta_sha)
            # The early process looks in the cache itself.
            links = self.cache.load_result("related", key) \
                if self.cache is not None and early is None else None
            if links is None:
                def compute() -> article_view.RelatedLinks:
                    return self._compute_links(listed)

                # On a second core while MkDocs builds the navigation and this plugin renders
                # the generated pages; the article pages need the lists only after that.
                if early is not None:
                    self._links_call = (early, key, compute)
                elif not self._serve and workers_for(self.config.workers, len(listed)) > 1:
                    self._links_call = (ForkedCall(lambda: self._links_result(key, listed),
                                                   in_child=self._in_child,
                                                   fallback=lambda: None), key, compute)
                else:
                    links = compute()
                    if self.cache is not None:
                        self.cache.store_result("related", key, links)
            self.links = links if links is not None else article_view.RelatedLinks({}, {}, {})
        else:
            self.links = article_view.RelatedLinks({}, {}, {})
        if files.get_file_from_path(home.HOME_URI) is None:
            home.generate(site, self.config.home_latest, config.site_name)
            site.pages[home.HOME_URI].context["entry_points"] = self._entry_points(site)
        for name in self.config.views:
            _VIEWS[name](site)
        if self.config.search:
            search.generate(site)
            files.append(File.generated(config, search.SCRIPT_URI,
                                        abs_src_path=str(search.SCRIPT_SOURCE)))
        for page in site.pages.values():
            if files.get_file_from_path(page.uri) is not None:
                raise PluginError(f"{docs}/{page.uri} exists but newsarchive generates this page;"
                                  f" rename the file or change the plugin's `urls` option")
            inclusion = InclusionLevel.INCLUDED if page.nav_title else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.uri, content=_stub(page),
                                        inclusion=inclusion))
        self.site = site
        self.renderer = Renderer(site, None if self.cache is None else
                                 FileSystemBytecodeCache(str(self.cache.jinja_dir())))
        if self.search is not None:
            self.search.discard()
        self.search = None
        if self.config.search:
            from newsarchive.search.index import (
                SearchIndexBuild,
                plan_shards,
                shard_size,
            )

            staging = self.cache.root / "search-pages" if self.cache is not None else None
            # Pages under review stay out of search too, like out of every listing.
            years = {self.files.dests[uri]: (a.date.year if a.date else None)
                     for uri, a in articles.items() if not needs_review(a)}
            shards = plan_shards(years, shard_size(len(years), self.config.search_shard_size))
            # The search page merges the shards, newest first (see search.html).
            site.pages[search.SEARCH_URI].context["shards"] = list(shards)
            self.search = SearchIndexBuild(staging, shards,
                                           language=config.theme.get("language") or "en")
        return files

    @staticmethod
    def _entry_points(site: Site) -> list[tuple[str, str, str]]:
        texts = {"chronology": ("Chronology", "By year, month and day"),
                 "regions": ("Regions", "By country and region"),
                 "tags": ("Tags", "By topic"), "sources": ("Sources", "By publication")}
        return [(site.index_uri(v), *texts[v]) for v in texts if site.has(v)]

    @event_priority(-50)
    def _on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or self.site is None:
            return None
        # URLs are computed when a link needs one: most pages are reused, never linked from.
        self._pages = {f.src_uri: f for f in files.documentation_pages()}
        if self.cache is not None:
            # Every page shows the navigation, and curator pages (about.md ...) shape it; the
            # archive's own pages do not. Any change to those makes every key change.
            others = sorted(f for f in self._pages if f not in self.articles
                            and f not in self.site.pages)
            self.cache.add_to_fingerprint(
                *(f"{u}\0{files.get_file_from_path(u).content_bytes.hex()}" for u in others),
                str(self._auto_nav))
        self._plan(files)
        self._files = files
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

    def _plan(self, files: Files) -> None:
        """Render generated pages and compute every page's cache key; hold back the pages
        whose previous output is reused, so MkDocs never converts or renders them."""
        assert self.site is not None and self.files is not None and self.renderer is not None
        cache = self.cache
        unstaged = set(self.search.sync_staging()) if self.search is not None and \
            cache is not None else set()
        page_keys = PageKeys(self.site.catalog, self.files.meta_sha) if cache is not None \
            else None
        self._written = {file.dest_uri for file in self._pages.values()}
        articles: list[File] = []
        for file in self._pages.values():
            uri = file.src_uri
            generated = self.site.pages.get(uri)
            if generated is None:
                if uri in self.articles:
                    articles.append(file)
                continue
            # The search page is always rendered (it is cheap): with no page rendered at
            # all, MkDocs dates sitemap.xml.gz differently from a full build.
            if uri != search.SEARCH_URI and page_keys is not None and cache is not None and \
                    cache.check(file.dest_uri, page_keys.page(generated)):
                self._hold(file)
            else:
                self._generated[uri] = self._render_generated(generated, file.url)
        self._take_links()
        for file in articles:
            uri = file.src_uri
            article = self.articles[uri]
            if cache is not None:
                key = digest(self.files.text_sha[uri],
                             article_view.context_key(self.site, article, self.links,
                                                      self.files.meta_sha),
                             *(f"{t}:{t in self._pages}" for t in self.files.links[uri]))
                # A page missing from the search staging is rendered again to stage it.
                if cache.check(file.dest_uri, key, reuse=file.dest_uri not in unstaged):
                    self._hold(file)
                    continue
            self._contexts[uri] = article_view.context(self.site, article, self.links, "")

    def _in_child(self) -> None:
        """First thing in a forked child: it must not keep the cache folder locked should
        it outlive this process."""
        if self.cache is not None:
            self.cache.release_in_child()

    def _take_links(self) -> None:
        """The related lists computed in a second process (on_files), once they are needed."""
        if self._links_call is None:
            return
        call, key, compute = self._links_call
        self._links_call = None
        waited = time.perf_counter()
        found = call.result()  # see _links_result; None if the child failed
        links = None
        if found is not None and found["key"] == key:
            links = found["links"] if found["links"] is not None or self.cache is None else \
                self.cache.load_result("related", key)
            if self.cache is not None and "articles" in found:
                self.cache.articles_saved = found["articles"]
        if links is not None:
            if found["computed"]:
                log.info(f"newsarchive: related lists computed in a second process (this one "
                         f"waited {time.perf_counter() - waited:.1f} s for them)")
            self.links = links
            return
        if found is not None:
            log.info("newsarchive: the related lists started before MkDocs listed the files "
                     "were of other articles; computing them again")
        self.links = compute()
        if self.cache is not None:
            self.cache.store_result("related", key, self.links)

    @event_priority(-10_000)  # after every plugin's on_nav: the child sees what they did
    def _on_nav_fork(self, nav: Navigation, *, config: MkDocsConfig,
                     files: Files) -> Navigation | None:
        if self.site is not None and not self._serve and not self._dirty:
            self._fork(config, files)
        return None

    on_nav = CombinedEvent(_on_nav, _on_nav_fork)

    def _fork(self, config: MkDocsConfig, files: Files) -> None:
        """Give every other article page still to render to a second process (parallel.py).

        Not under `mkdocs serve`: its server threads make forking unsafe, and a rebuild there
        renders a few pages only.
        """
        todo = [f for f in files.documentation_pages() if f.src_uri in self._contexts]
        if workers_for(self.config.workers, len(todo), others_see_pages(config, self)) < 2:
            return
        share = todo[1::2]
        search = self.search

        def staged() -> dict[str, Any]:  # in the child: the hashes of the pages it staged
            assert search is not None
            hashes = search.staged_hashes()
            return {"hashes": {f.dest_uri: hashes[f.dest_uri] for f in share
                               if f.dest_uri in hashes}}

        worker = PageWorker(share, config, files, in_child=self._in_child,
                            on_child_done=None if search is None else staged)
        if not worker.start():
            return  # the system refused to fork: this process renders every page
        self._worker = worker
        for file in share:  # MkDocs' populate loop skips them here; on_env puts them back
            self._set_aside(file, self._forked)

    def _hold(self, file: File) -> None:
        self._set_aside(file, self._held)

    def _set_aside(self, file: File, store: dict[File, InclusionLevel]) -> None:
        """Keep ``file`` out of MkDocs' populate loop (EXCLUDED; links to it stay quiet);
        ``store`` keeps its inclusion to restore in on_env."""
        self._quiet.skipped.add(file.src_uri)
        store[file] = file.inclusion
        file.inclusion = InclusionLevel.EXCLUDED

    def _linker(self, uri: str, base: str) -> Callable[[str], str]:
        """Links from the page ``uri`` (at URL ``base``) to docs-relative targets."""
        base_parts = url_dir_parts(base)
        pages = self._pages

        def url(target: str) -> str:
            file = pages.get(target)
            if file is None:
                raise PluginError(f"newsarchive: {uri} links to {target}, which is not built")
            return relative_url(file.url, base_parts)

        return url

    def _render_generated(self, page: GeneratedPage, base: str) -> str:
        assert self.renderer is not None
        return self.renderer.render(page.template, self._linker(page.uri, base), page=page,
                                    asset=lambda path: get_relative_url(path, base),
                                    **page.context)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        if self.site is None:
            return None
        uri = page.file.src_uri
        if uri in self._meta:
            page.meta = self._meta.pop(uri)
        if uri in self.site.pages:
            return ""  # rendered from data in on_page_content; nothing for Markdown to do
        return None

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Articles: hand MkDocs the body only.

        The frontmatter was parsed once in on_files (C YAML loader); MkDocs' own parse (pure
        Python) would double that cost, so on_page_markdown restores ``page.meta`` instead.
        """
        if self.site is None or page.file.src_uri not in self._contexts:
            return None
        assert self.files is not None
        self._meta[page.file.src_uri], body = self.files.source(page.file)
        return body

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str | None:
        """Once the sitemap has listed every page, reused pages leave the build again: their
        files are linked into place directly, not passed through the theme one by one."""
        if template_name == "sitemap.xml" and self.cache is not None:
            for file in self._held:
                file.inclusion = InclusionLevel.EXCLUDED
            self.cache.restore_all([file.dest_uri for file in self._held], self._written)
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if page.file in self._held:
            assert self.cache is not None
            self.cache.restore(page.file.dest_uri)
            return ""  # nothing for MkDocs to write: the reused file is already in place
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        if self.site is None or self.renderer is None:
            return None
        uri = page.file.src_uri
        if uri in self._generated:
            return self._generated.pop(uri)  # rendered in on_nav, for its cache key
        ctx = self._contexts.pop(uri, None)  # computed in on_nav, with the cache key
        if ctx is None:
            return None
        body = sanitize(html) if self.config.sanitize else html
        ctx["body"] = Markup(body)
        content = self.renderer.render(
            "article.html", self._linker(uri, page.url), **ctx)
        if self.search is not None and page.file.dest_uri in self.search.shard_of:
            self.search.stage(page.file.dest_uri, content)
        return content

    @event_priority(100)  # before other plugins see the pages
    def _on_env_join(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Take the pages the second process populated."""
        worker, self._worker = self._worker, None
        if worker is None:
            return env
        for file, inclusion in self._forked.items():
            file.inclusion = inclusion
        self._forked = {}

        def here(file: File) -> None:  # the child failed: do its pages the way MkDocs would
            populate(page_of(file, config), config, files)

        extra, waited, redone = worker.join(here)
        if redone:
            log.info(f"newsarchive: the second process did not render {redone} of its "
                     f"{len(worker.files)} pages; they were rendered here")
        for file in worker.files:
            self._contexts.pop(file.src_uri, None)  # what the child used; kept for here()
        if self.search is not None and "hashes" in extra:
            self.search.hashes.update(extra["hashes"])
        if redone < len(worker.files):
            log.info(f"newsarchive: {len(worker.files) - redone} pages rendered in a second "
                     f"process (this one waited {waited:.1f} s for it)")
        return env

    @event_priority(-100)  # every page is rendered to content by now; themes come next
    def _on_env_finish(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Held-back pages take part in the rest of the build (sitemap, writing) again.
        # They get what their Markdown pass would have given them: a title for the navigation.
        if self.site is None:  # the plugin is disabled
            return env
        if self.cache is not None and env.bytecode_cache is None:
            # The theme's templates compile once, not on every build (and `mkdocs serve`
            # rebuild): Jinja checks each cached one against its template's source.
            env.bytecode_cache = FileSystemBytecodeCache(str(self.cache.jinja_dir()))
        for file, inclusion in self._held.items():
            file.inclusion = inclusion
            page = page_of(file, config)
            page.markdown = ""
            page.meta = {"template": CACHED_TEMPLATE}
            if self.cache is not None and file.dest_uri in self.cache.old_anchors:
                page.present_anchor_ids = set(self.cache.old_anchors[file.dest_uri])
            generated = self.site.pages.get(file.src_uri)
            title = self.articles[file.src_uri].title if generated is None else \
                None if generated.uri == home.HOME_URI else generated.title
            if title:
                page.meta["title"] = title
        if self.search is None:
            return env
        assert self.files is not None
        cache, search = self.cache, self.search
        output = Path(config.site_dir) / "pagefind"
        todo = []
        for name in search.shards:
            # A shard is reused when the searchable part of each of its pages is unchanged.
            if cache is not None and cache.check_dir(f"pagefind/{name}", search.shard_key(name)):
                continue
            todo.append(name)
        if cache is not None:
            search.save_hashes()
        # Pagefind gets the second core while MkDocs writes the site on this one (the shards
        # left when MkDocs is done get both, see on_post_build). When nearly every page is
        # reused, MkDocs has little left to do and `mkdocs build` waits for Pagefind: it
        # gets both cores (a 1,000-page shard: 1.0 s instead of 1.5 s). Not under `mkdocs
        # serve`, where the reload does not wait for Pagefind but shared cores slow the
        # rebuild by half.
        rendered = len(self.files.dests) - sum(f.src_uri in self.files.dests for f in self._held)
        few = rendered * 10 < len(self.files.dests)
        search.start(todo, output, threads=2 if few and not self._serve else 1)
        return env

    on_env = CombinedEvent(_on_env_join, _on_env_finish)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        if self.cache is not None and self._files is not None:
            # Reused pages are EXCLUDED again by now (on_post_template): count them too.
            for file in self._files.documentation_pages(inclusion=lambda _: True):
                ids = file.page.present_anchor_ids if file.page is not None else None
                if ids is not None:
                    self.cache.anchors[file.dest_uri] = sorted(ids)
        if self.search is not None and self._serve and self.search.running():
            # Under `mkdocs serve` the reload does not wait for Pagefind: the edited page
            # shows at once and the search index catches up a few seconds later.
            background, self.search = self.search, None
            self._background = background
            pending = {f"pagefind/{name}/" for name in background.indexed}
            log.info(f"newsarchive: search index: {len(pending)} shard(s) still indexing in "
                     "the background")
            cache, self.cache = self.cache, None
            if cache is not None:
                cache.close(success=True, pending=pending)
                self._manifest = cache.root / "manifest.json"
                background.on_done = lambda: cache.confirm(pending)
                if not background.running() and background.error is None:
                    cache.confirm(pending)  # it finished before on_done was set
            self._release()
            return
        if self.search is not None:
            search, self.search = self.search, None
            search.use_threads(2)  # every page is written: the shards left get both cores
            try:
                log.info(f"newsarchive: {search.finish()}")
            except RuntimeError as exc:
                raise PluginError(f"Pagefind could not build the search index: {exc} (set "
                                  "`search: false` in the newsarchive plugin options to skip)"
                                  ) from exc
        if self.cache is not None:
            self.cache.close(success=True)
            self._manifest = self.cache.root / "manifest.json"
            log.info(f"newsarchive: reused {len(self.cache.reused)} of {len(self.cache.keys)} "
                     "pages from the previous build")
            self.cache = None
        self._release()

    def _release(self) -> None:
        """Drop this build's data: under `mkdocs serve` this instance lives on, and a smaller
        heap makes the next rebuild's garbage collection cheaper."""
        self.site = self.renderer = self.files = None
        self.links = article_view.RelatedLinks({}, {}, {})
        self._contexts, self._meta, self._generated = {}, {}, {}
        self._held, self._written = {}, set()
        self._files = None

    def on_build_error(self, *, error: Exception) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker = None
        if self._links_call is not None:
            self._links_call[0].kill()
            self._links_call = None
        if self._early_links is not None:
            self._early_links.kill()
            self._early_links = None
        for file, inclusion in self._forked.items():
            file.inclusion = inclusion
        self._forked = {}
        if self._manifest is not None:
            # `strict` aborts after on_post_build: pages with warnings must not be reused
            # silently by the next build.
            self._manifest.unlink(missing_ok=True)
            self._manifest = None
        if self.search is not None:
            self.search.discard()
            self.search = None
        if self.cache is not None:
            self.cache.close(success=False)
            self.cache = None


def _pin_build_date(articles: Any) -> None:
    """Reproducible output: the sitemap's date is the newest ingest time, not the clock.

    MkDocs reads SOURCE_DATE_EPOCH (reproducible-builds.org) for every date it writes; a value
    set by the caller wins.
    """
    global _PINNED
    stamps = [a.archived.timestamp() for a in articles if a.archived is not None]
    if "SOURCE_DATE_EPOCH" in os.environ and os.environ["SOURCE_DATE_EPOCH"] != _PINNED:
        return  # set by the caller
    if stamps:
        _PINNED = os.environ["SOURCE_DATE_EPOCH"] = str(int(max(stamps)))


_PINNED: str | None = None  # the value this plugin set (rebuilds under `mkdocs serve` renew it)


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
