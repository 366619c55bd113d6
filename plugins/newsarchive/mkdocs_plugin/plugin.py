"""The ``newsarchive`` MkDocs plugin: hooks that hand each build step to the core.

Each hook is a few lines; the work is done by named collaborators: :class:`ArticleFiles`
(each article file parsed once), :class:`RelatedLists` (the related-list strategy, core),
:class:`Site` and its views (what the build emits, core), :class:`SitePages` (those pages
and files as MkDocs files, and the navigation), :class:`PagePlan` (what the cache reuses),
:class:`SecondProcess` (article pages populated on the second core), the search index
(``mkdocs_plugin/search.py`` over the core's ``SearchIndexBuild``) and
:class:`ProcessState` (process-wide state, restored when the build ends).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from newsarchive.archive.catalog import Catalog, listable, needs_review
from newsarchive.archive.loader import ORIGINALS_DIR
from newsarchive.archive.related import Weights
from newsarchive.archive.related_lists import NO_LINKS, RelatedLinks, RelatedLists, Settings
from newsarchive.build.cache import BuildCache, CacheBusy, fingerprint
from newsarchive.build.fork import ForkedCall
from newsarchive.export.dataset import Config as DatasetConfig
from newsarchive.mkdocs_plugin import search as search_run
from newsarchive.mkdocs_plugin.articles import ArticleFiles, article_uris
from newsarchive.mkdocs_plugin.config import NewsArchiveConfig
from newsarchive.mkdocs_plugin.pages import SitePages
from newsarchive.mkdocs_plugin.parallel import SecondProcess, others_see_pages, workers_for
from newsarchive.mkdocs_plugin.process_state import ProcessState
from newsarchive.mkdocs_plugin.reuse import PagePlan
from newsarchive.mkdocs_plugin.theme_worker import ThemeShare, others_see_theme
from newsarchive.search.index import SearchIndexBuild
from newsarchive.site.generate import generate_all
from newsarchive.site.model import Site
from newsarchive.site.render import TEMPLATES, Renderer
from newsarchive.site.views import cite as cite_view
from newsarchive.site.views import coverage as coverage_view
from newsarchive.site.views import dataset as dataset_view
from newsarchive.site.views import search as search_view
from newsarchive.site.views.home import HOME_URI
from newsarchive.vocab import Vocab, load_vocab
from newsarchive.vocab.datafile import VocabularyError

log = logging.getLogger("mkdocs.plugins.newsarchive")


class NewsArchivePlugin(BasePlugin[NewsArchiveConfig]):
    """Validates articles and generates the archive's browsing pages and files."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.vocab: Vocab | None = None
        self.state = ProcessState()
        self.cache: BuildCache | None = None
        self.files: ArticleFiles | None = None
        self.pages: SitePages | None = None  # set while a build with the plugin runs
        self.plan: PagePlan | None = None
        self.related: RelatedLists | None = None
        self._templates: ForkedCall | None = None  # citation templates made while reading
        self.search: SearchIndexBuild | None = None
        self.second = SecondProcess()
        self.theme = ThemeShare()
        self._nav: Navigation | None = None  # the navigation the theme renders pages with
        self._background: SearchIndexBuild | None = None  # `serve`: the last index, running
        self._memo: dict[str, tuple[str, Any]] = {}  # BuildCache.memo across serve rebuilds
        self._manifest: Path | None = None  # written by this build, until it is known good
        self._serve = self._dirty = False
        self._auto_nav = True

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Priority 0. Defining it keeps this instance across `mkdocs serve` rebuilds."""
        self._dirty, self._serve = dirty, command == "serve"
        self.state.start_run(serve=self._serve)

    def on_shutdown(self) -> None:
        """Priority 0. No Pagefind outlives the build; process-wide state is restored."""
        for running in (self._background, self.search):
            if running is not None:
                running.discard()
        self._background = self.search = None
        self.state.end_run()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Priority 0. Load the vocabularies; the plugin's templates join the theme's."""
        if not self.config.enabled:
            return None
        try:
            self.vocab = load_vocab(self.config.regions_file, self.config.tags_file,
                                    self.config.sources_file)
        except VocabularyError as exc:
            raise PluginError(str(exc)) from exc
        self._auto_nav = config.nav is None
        config.theme.dirs.append(str(TEMPLATES))  # cached.html: stands in for reused pages
        if self.config.search:
            config.extra["newsarchive_search"] = search_view.SEARCH_URI.removesuffix("index.md")
        if self.config.map and coverage_view.CSS_URI not in config.extra_css:
            config.extra_css.append(coverage_view.CSS_URI)  # the map's stylesheet
        if self.config.dataset:  # the footer's link to the Data page
            folder = dataset_view.DATA_URI.removesuffix("index.md")
            config.extra["newsarchive_data"] = folder if config.use_directory_urls \
                else folder + "index.html"
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Priority 0. Open the cache; in an incremental build, start the related lists early."""
        self._manifest = None
        if self.related is not None:  # left by a build that stopped early
            self.related.cancel()
        self.related = None
        if self._background is not None:  # a newer edit wins; its shards are not trusted
            self._background.discard()
            self._background = None
        self.state.start_build()
        self.cache = self._open_cache(config)
        if self.config.enabled and self.config.related:
            self.related = RelatedLists(self.vocab, self._settings(), self.cache,
                                        in_child=self._in_child)
            if self._early_links_pay():
                self.related.start_early(lambda: self._articles_on_disk(config),
                                         self.cache.save_articles)

    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Priority -50 (after other plugins added their files, like Material's blog). Read
        every article once; build the site model, its pages and files."""
        if not self.config.enabled or self.vocab is None:
            return None
        for file in list(files):
            if file.src_uri.startswith(ORIGINALS_DIR + "/"):
                files.remove(file)  # preserved originals are never published
        self.files = self._load_articles(files, os.path.relpath(config.docs_dir), config)
        self.state.pin_build_date(self.files.articles.values())
        listed = listable(self.files.articles.values())
        if self.related is not None:
            self.related.begin(listed, self.files.meta_sha, fork=not self._serve and
                               workers_for(self.config.workers, len(listed)) > 1)
        site = self._site(listed, files, config)
        self.pages = SitePages(site, Renderer(site, None if self.cache is None else
                                              FileSystemBytecodeCache(str(self.cache.jinja_dir()))))
        self.pages.register(files, config, os.path.relpath(config.docs_dir))
        if self.search is not None:
            self.search.discard()
        self.search = search_run.plan(site, self.files, self.cache, config,
                                      self.config.search_shard_size) \
            if self.config.search else None
        self.plan = PagePlan(self.cache, self.state.quiet)
        return files

    @event_priority(-50)
    def _on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Priority -50. Decide what the cache reuses, render generated pages; the archive's
        navigation."""
        if self.pages is None or self.plan is None or self.files is None:
            return None
        self.pages.index(files)
        forking = not self._serve and workers_for(self.config.workers,
                                                  len(self.files.articles)) > 1
        made = 0
        if self._templates is not None:  # made by a child while the articles were read
            made, formatted, ahead = cite_view.take_templates(self.pages.site, self._templates)
            self.pages.ahead = ahead or {}
            if made:
                log.info(f"newsarchive: {made} citation templates made, {formatted} citations "
                         f"formatted and {len(self.pages.ahead)} pages' citation metadata made by "
                         "a second process while the articles were read")
            self._templates = None
        # First builds format thousands of citations: in a child, from now on (with every
        # file entry too when it has its templates already).
        early = cite_view.start_prepare(self.pages.site, listable(self.files.articles.values()),
                                        self._in_child, entries=1.0 if made else 0.5) \
            if forking else None
        if self.cache is not None:
            # Every page shows the navigation, and curator pages (about.md ...) shape it; the
            # archive's own pages do not. Any change to those makes every key change.
            others = sorted(f for f in self.pages.by_uri if f not in self.files.articles
                            and f not in self.pages.site.pages)
            self.cache.add_to_fingerprint(
                *(f"{u}\0{files.get_file_from_path(u).content_bytes.hex()}" for u in others),
                str(self._auto_nav))
        try:
            self.plan.plan(self.pages, self.files, files, config, self._links, self.search,
                           fork_files=forking, in_child=self._in_child, early_citations=early)
        finally:
            if early is not None:
                early.kill()  # reaped by now, unless planning failed
        return self.pages.navigation(nav, files) if self._auto_nav else None

    @event_priority(-10_000)
    def _on_nav_fork(self, nav: Navigation, *, config: MkDocsConfig,
                     files: Files) -> Navigation | None:
        """Priority -10,000 (after every plugin's on_nav: the child sees what they did). Give
        every other article page still to render to a second process. Not under `mkdocs
        serve`: its server threads make forking unsafe."""
        self._nav = nav
        if self.plan is not None and not self._serve and not self._dirty:
            todo = [f for f in files.documentation_pages() if f.src_uri in self.plan.contexts]
            self.second.start(todo, config, files, workers=self.config.workers,
                              others=others_see_pages(config, self), quiet=self.state.quiet,
                              in_child=self._in_child,
                              on_child_done=None if self.search is None else self._staged)
        self.state.freeze_build()
        return None

    on_nav = CombinedEvent(_on_nav, _on_nav_fork)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """Priority 0. Articles: hand MkDocs the body only (the frontmatter was parsed in
        on_files; on_page_markdown restores ``page.meta``)."""
        if self.plan is None or page.file.src_uri not in self.plan.contexts:
            return None
        assert self.files is not None
        self.plan.meta[page.file.src_uri], body = self.files.source(page.file)
        return body

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        """Priority 0. Generated pages are rendered from data: nothing for Markdown to do."""
        if self.plan is None or self.pages is None:
            return None
        uri = page.file.src_uri
        if uri in self.plan.meta:
            page.meta = self.plan.meta.pop(uri)
        return "" if uri in self.pages.site.pages else None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        """Priority 0. Generated pages get their rendering; articles their frame, staged for
        search."""
        if self.plan is None or self.pages is None:
            return None
        uri = page.file.src_uri
        if uri in self.plan.rendered:
            return self.plan.rendered.pop(uri)
        context = self.plan.contexts.pop(uri, None)
        if context is None:
            return None
        # The Cite box and the <head> additions are made as the theme renders the page
        # (on_page_context, on_post_page): search indexes neither, and Pagefind starts as
        # soon as every page is converted, while the theme leaves cores idle.
        content = self.pages.frame_article(uri, page.url, html, context, self.config.sanitize)
        if self.search is not None and page.file.dest_uri in self.search.shard_of:
            self.search.stage(page.file.dest_uri, content)
        return content

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any] | None:
        """Priority 0. What the page adds to the theme's <head> (feed links, citation
        metadata), as ``newsarchive_head`` (printed by ``site_overrides/main.html``)."""
        if self.pages is not None and self.files is not None:
            context["newsarchive_head"] = self.pages.head(page.file.src_uri, page.url,
                                                          self.files.articles)
        return context

    @event_priority(100)
    def _on_env_join(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Priority 100 (before other plugins see the pages). Take the pages the second process
        populated."""
        share, extra = self.second.join(config, files)
        if self.plan is not None:
            for file in share:
                self.plan.contexts.pop(file.src_uri, None)  # what the child used
        if self.search is not None and "hashes" in extra:
            self.search.hashes.update(extra["hashes"])
        return env

    @event_priority(-100)
    def _on_env_finish(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Priority -100 (every page has its content; themes come next). Reused pages rejoin
        the build; the search index starts in the background."""
        if self.plan is None or self.pages is None or self.files is None:
            return env
        if self.cache is not None and env.bytecode_cache is None:
            # The theme's templates compile once, not on every build (and serve rebuild).
            env.bytecode_cache = FileSystemBytecodeCache(str(self.cache.jinja_dir()))
        self.plan.unhold(self.pages, self.files, config)
        # The pages' contents and tables of contents made since (here and in the second
        # process) leave the collector's view too: the theme's full collections skip them.
        self.state.freeze_build()
        self._theme_share(env, config, files)
        if self.search is not None:
            rendered = self.plan.rendered_count(self.files)
            search_run.start(self.search, self.cache, config.site_dir, serve=self._serve,
                             few_rendered=rendered * 10 < len(self.files.dests))
        return env

    on_env = CombinedEvent(_on_env_join, _on_env_finish)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str | None:
        """Priority 0. Once the sitemap lists every page, reused pages and files are put in
        place."""
        if template_name == "sitemap.xml" and self.plan is not None:
            self.plan.put_back()
            self.theme.exclude()
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Priority 0. A reused page that still reached the theme: its old file is put in place.
        An article page: its Cite box."""
        if self.plan is not None and self.cache is not None and page.file in self.plan.held:
            self.cache.restore(page.file.dest_uri)
            return ""
        if self.pages is not None and self.files is not None:
            return self.pages.complete(page.file.src_uri, page.url, output, self.files.articles)
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Priority 0. Finish the search index (or leave it running under serve); save the
        cache."""
        if self.pages is None:
            self.state.end_build()
            return
        self.theme.join()
        plan = self.plan
        if plan is not None and self.cache is not None:
            # Every page is written: the plain files' child (when it waited for the pages)
            # starts now, on what Pagefind's last shards leave of the cores, and writes on
            # while the cache records the pages.
            plan.start_files(None if self.search is None else self.search.waiting())
        if self.cache is not None:
            self.cache.anchors.update(_anchors(plan, self.pages))
            if self.pages.site.memo.changed:
                self.pages.site.memo.changed = False
                self.cache.store_result("site-memo", "", self.pages.site.memo,
                                        any_build=True)
        search, self.search = self.search, None
        background = search is not None and self._serve and search.running()
        if search is not None and not background:
            search_run.finish(search)
        if plan is not None and (background or self.cache is None):
            plan.files_written()  # before leave_running records the output; no cache: now
        if background:
            self._background = search
            self._manifest = search_run.leave_running(search, self.cache)
            self.cache = None
        elif self.cache is not None:
            # The plain files' child writes while the cache records the pages.
            self.cache.close(success=True, late=None if plan is None else
                             (plan.late_files, plan.files_written))
            self._manifest = self.cache.root / "manifest.json"
            log.info(f"newsarchive: reused {len(self.cache.reused)} of {len(self.cache.keys)} "
                     "pages from the previous build")
            self.cache = None
        self._end_build()

    def on_build_error(self, *, error: Exception) -> None:
        """Priority 0. Stop every child; nothing of this build is trusted by the next."""
        self.second.cancel()
        self.theme.cancel()
        if self.plan is not None:
            self.plan.cancel()
        if self.related is not None:
            self.related.cancel()
            self.related = None
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
        self._end_build()

    # -- collaborators' inputs --------------------------------------------------------------
    def _open_cache(self, config: MkDocsConfig) -> BuildCache | None:
        if not self.config.enabled or not self.config.cache or self._dirty:
            return None
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
            return None
        return cache

    def _early_links_pay(self) -> bool:
        """An incremental build recomputes every related list (an addition changes every
        rarity weight): the longest step, started before MkDocs has listed the files."""
        cache = self.cache
        return cache is not None and not self._serve and cache.resumes() and \
            workers_for(self.config.workers, cache.known_articles()) >= 2

    def _articles_on_disk(self, config: MkDocsConfig) -> tuple[list[Any], dict[str, str]]:
        """In the early child: the listable articles on disk and their data digests."""
        assert self.vocab is not None
        files = ArticleFiles(self.vocab, self.cache)
        for uri in article_uris(config, self.config.articles_dir):
            files.load_path(uri, f"{config.docs_dir}/{uri}")
        return listable(files.articles.values()), files.meta_sha

    def _load_articles(self, files: Files, docs: str, config: MkDocsConfig) -> ArticleFiles:
        """Each article parsed once; problems are warnings, one line each; a field left for
        review is a line naming the article and the field, and its page says so. A first
        build's citation templates are made meanwhile on the other core, from the shapes of
        the articles read by then (:meth:`_templates_after`), and those articles' citations
        and their pages' citation parts (:meth:`_parts_ahead`)."""
        assert self.vocab is not None
        prefix = self.config.articles_dir.strip("/") + "/"
        loaded = ArticleFiles(self.vocab, self.cache)
        problems = reviews = 0
        pages = [f for f in files.documentation_pages() if f.src_uri.startswith(prefix)]
        templates_after = self._templates_after(len(pages))
        for i, file in enumerate(pages):
            if i == templates_after:
                self._templates = cite_view.start_templates(
                    list(loaded.articles.values()), self.config.cite_styles, config.site_name,
                    self._in_child, then=self._parts_ahead(config, loaded, pages))
            file.inclusion = InclusionLevel.NOT_IN_NAV
            found = loaded.load(file)
            for problem in found:
                log.warning(problem.format(f"{docs}/{file.src_uri}"))
            article = loaded.articles.get(file.src_uri)
            missing = needs_review(article) if article is not None else []
            reviews += sum(p.key in missing for p in found)
            problems += sum(p.key not in missing for p in found)
        if problems:
            log.warning(f"{problems + reviews} frontmatter problem(s) in {docs}/{prefix}: fix "
                        f"them or run `newsarchive check --content {docs}` for the list")
        return loaded

    def _parts_ahead(self, config: MkDocsConfig, loaded: ArticleFiles, pages: list[Any]
                     ) -> Callable[[dict[str, str]], dict[str, tuple[str, str, str]]]:
        """In the templates' child, given the citations it formatted: their pages' <head>
        additions and Cite boxes (:meth:`SitePages.parts_ahead`), so the theme step has less
        to do while the reading leaves a core idle."""
        def make(formatted: dict[str, str]) -> dict[str, tuple[str, str, str]]:
            assert self.vocab is not None
            by_uri = {f.src_uri: f for f in pages}
            site = cite_view.citing_site(self.vocab, config.site_url or "",
                                         self.config.cite_styles, config.site_name, formatted,
                                         lambda uri: by_uri[uri].url)
            return SitePages(site, None).parts_ahead(
                {uri: loaded.articles[uri] for uri in formatted})  # type: ignore[arg-type]

        return make

    def _templates_after(self, count: int) -> int | None:
        """After how many of ``count`` articles read a child starts making the citation
        templates, formats those articles' citations and makes their pages' citation parts
        (:func:`cite_view.start_templates`): a third, in a first build with many citations to
        format and forking allowed (its work then ends about when the navigation step
        starts); else None."""
        styles = self.config.cite_styles
        if not self.config.citations or not styles or self._serve or self._dirty or \
                count * len(styles) < cite_view.TEMPLATES_FROM or \
                (self.cache is not None and self.cache.resumes()) or \
                workers_for(self.config.workers, count) < 2:
            return None  # a rebuild keeps its citations: few or none to format
        return count // 3

    def _site(self, listed: list[Any], files: Files, config: MkDocsConfig) -> Site:
        assert self.vocab is not None and self.files is not None
        loaded = self.files
        site = Site(
            catalog=Catalog.build(listed), vocab=self.vocab,
            urls={"tags": self.config.urls.tags, "regions": self.config.urls.regions,
                  "sources": self.config.urls.sources,
                  "chronology": self.config.urls.chronology},
            page_size=self.config.page_size, date_format=self.config.date_format,
            timeline=self.config.timeline, views=list(self.config.views),
            site_url=config.site_url or "", citations=self.config.citations,
            cite_styles=tuple(self.config.cite_styles),
            feed_size=self.config.feed_size if self.config.feeds else 0,
            feed_id_authority=self.config.feed_id_authority, text_sha=loaded.text_sha,
            article_body=lambda article: loaded.body(files.get_file_from_path(article.path)),
            show_map=self.config.map,
            dataset=self._dataset(config) if self.config.dataset else None,
        )
        if self.cache is not None:  # results a view keeps between builds (site.memo)
            site.memo = self.cache.load_result("site-memo", "", any_build=True) or site.memo
        generate_all(site, home_page=files.get_file_from_path(HOME_URI) is None,
                     home_latest=self.config.home_latest, site_name=config.site_name,
                     search_page=self.config.search)
        return site

    def _dataset(self, config: MkDocsConfig) -> DatasetConfig:
        licence = self.config.dataset_licence
        return DatasetConfig(include_text=self.config.dataset_texts, name=config.site_name,
                             title=config.site_name, homepage=config.site_url or None,
                             license_name=licence["name"], license_path=licence["path"],
                             **({"license_title": licence["title"]} if licence["title"] else {}))

    def _settings(self) -> Settings:
        w = self.config.weights
        return Settings(self.config.related_count,
                        Weights(region=w.region, country=w.country, tag=w.tag, place=w.place,
                                time=w.time, time_scale_days=w.time_scale_days))

    def _theme_share(self, env: Any, config: MkDocsConfig, files: Files) -> None:
        """Give a share of the article pages still to render to a child that renders them
        through the theme (``theme_worker.py``), before Pagefind's thread starts: a process
        running other threads must not fork."""
        if self._serve or self._dirty or self._nav is None or self.plan is None or \
                self.files is None or others_see_theme(config, self) or \
                "sitemap.xml" not in config.theme.static_templates:
            return
        if self.search is not None:
            self.search.flush()  # its writer thread ends
        held = self.plan.held
        todo = [f for f in files.documentation_pages() if f.src_uri in self.files.articles
                and f not in held and f.page is not None and f.page.content is not None]
        if workers_for(self.config.workers, len(todo), others_see_pages(config, self)) < 2:
            return
        self.theme.start(todo, config, self._nav, env, files, self._in_child)

    def _links(self) -> RelatedLinks:
        return self.related.result() if self.related is not None else NO_LINKS

    def _staged(self, share: list[Any]) -> dict[str, Any]:
        """In the second process: the hashes of the pages it staged for search."""
        assert self.search is not None
        hashes = self.search.staged_hashes()
        return {"hashes": {f.dest_uri: hashes[f.dest_uri] for f in share
                           if f.dest_uri in hashes}}

    def _in_child(self) -> None:
        """First thing in a forked child: it must not keep the cache folder locked should
        it outlive this process."""
        if self.cache is not None:
            self.cache.release_in_child()

    def _end_build(self) -> None:
        """Drop this build's data (under `mkdocs serve` this instance lives on, and a
        smaller heap makes the next rebuild's collections cheaper); restore the process."""
        self.pages = self.plan = self.files = None
        self.related = None
        if self._templates is not None:  # not taken: the build failed or stopped before on_nav
            self._templates.kill()
            self._templates = None
        self._nav = None
        self.state.end_build()


def _anchors(plan: PagePlan | None, pages: SitePages) -> dict[str, list[str]]:
    """Heading ids of every page (reused ones are EXCLUDED again by now: counted too)."""
    found = {}
    for file in pages.by_uri.values():
        ids = file.page.present_anchor_ids if file.page is not None else None
        if ids is not None:
            found[file.dest_uri] = sorted(ids)
    return found
