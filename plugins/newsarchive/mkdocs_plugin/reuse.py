"""Which pages and files this build renders, and which it reuses from the last build.

Every generated page, generated file and article page gets a cache key (``page_keys`` and
the article view's ``context_key``); a page whose previous output is reused is held out of
MkDocs' Markdown pass (inclusion EXCLUDED, its notes silenced) and its old file is put in
place once the sitemap has listed it. Pages left to render get their context computed here,
with their key.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from newsarchive.archive.related_lists import RelatedLinks
from newsarchive.build.cache import (
    BuildCache,
    digest,
    file_record,
    replace_file,
    write_recorded,
)
from newsarchive.build.fork import ForkedCall
from newsarchive.mkdocs_plugin.articles import ArticleFiles
from newsarchive.mkdocs_plugin.pages import SitePages
from newsarchive.mkdocs_plugin.parallel import page_of, set_aside
from newsarchive.mkdocs_plugin.process_state import QuietSkips
from newsarchive.search.index import SearchIndexBuild
from newsarchive.site import page_keys
from newsarchive.site.model import GeneratedFile, LateParts
from newsarchive.site.views import article as article_view
from newsarchive.site.views import cite as cite_view
from newsarchive.site.views import search as search_view

CACHED_TEMPLATE = "newsarchive/cached.html"
# Plain files to make from which a forked child makes them while this process goes on.
FORK_FILES_FROM = 50
# Article pages to render (a first build, or a change to every page) from which that child
# starts only once they are rendered: the theme and Pagefind keep both cores busy until
# then, and the cache's record of the pages leaves one idle at the end (see
# docs/performance.md).
DEFER_FILES_FROM = 1000
log = logging.getLogger("mkdocs.plugins.newsarchive")


class PagePlan:
    """This build's decision, page by page, between rendering and reusing."""

    def __init__(self, cache: BuildCache | None, quiet: QuietSkips) -> None:
        self.cache = cache
        self.quiet = quiet
        self.held: dict[File, InclusionLevel] = {}  # reused pages -> their real inclusion
        self.contexts: dict[str, dict[str, Any]] = {}  # article pages to render -> context
        self.meta: dict[str, dict[str, Any]] = {}  # article pages: frontmatter, read once
        self.rendered: dict[str, str] = {}  # generated pages rendered in on_nav, for their key
        self.written: set[str] = set()  # output paths of every page and file this build writes
        self.reused_files: list[str] = []  # plain files put back from the last build
        self.files_child: ForkedCall | None = None  # writing plain files into site_dir
        self._start_files: Callable[[], ForkedCall] | None = None  # forks it, when deferred
        self._write_files: Callable[[], dict[str, list[Any]]] | None = None  # or writes here
        self._written: dict[str, list[Any]] = {}  # records of the files written here
        self.late_files: set[str] = set()  # what a deferred child writes
        # Pages showing the deferred files' sizes and hashes, filled in once they are written
        # (output path -> its parts; see GeneratedPage.late).
        self.late_pages: dict[str, LateParts] = {}
        self._site_dir = Path()

    def plan(self, pages: SitePages, articles: ArticleFiles, files: Files, config: MkDocsConfig,
             links: Callable[[], RelatedLinks], search: SearchIndexBuild | None, *,
             fork_files: bool = False,
             in_child: Callable[[], None] | None = None,
             early_citations: ForkedCall | None = None) -> None:
        """Render generated pages and files, compute every page's cache key; hold back the
        pages whose previous output is reused, so MkDocs never converts or renders them.
        ``links``: the related lists, asked for only once generated pages are done.
        ``fork_files``: many plain files are written by a forked child meanwhile (see
        :meth:`files_written`); ``in_child`` runs first in it. ``early_citations``: the
        citations a forked child has been formatting since (``cite.start_prepare``)."""
        cache = self.cache
        site = pages.site
        unstaged = set(search.sync_staging()) if search is not None and cache is not None \
            else set()
        keys = page_keys.PageKeys(site.catalog, articles.meta_sha) if cache is not None else None
        self.written = {file.dest_uri for file in pages.by_uri.values()}
        self._site_dir = Path(config.site_dir)
        todo: list[File] = []
        showing_files: list[tuple[File, Any]] = []  # rendered once it is known who makes them
        for file in pages.by_uri.values():
            uri = file.src_uri
            generated = site.pages.get(uri)
            if generated is None:
                if uri in articles.articles:
                    todo.append(file)
                continue
            # The search page is always rendered (it is cheap): with no page rendered at
            # all, MkDocs dates sitemap.xml.gz differently from a full build.
            if uri != search_view.SEARCH_URI and keys is not None and cache is not None and \
                    cache.check(file.dest_uri, keys.page(generated)):
                set_aside(file, self.held, self.quiet)
            elif generated.late is not None:
                showing_files.append((file, generated))
            else:
                self.rendered[uri] = pages.render(generated, file.url)
        plain = self._plain_todo(pages, keys)
        # The plain files' work that pages need too, done here while the early-citation
        # child does its own share of it (each part once; see GeneratedFile.shared).
        _make_shared(plain)
        related = links()
        render: list[tuple[str, Any]] = []
        for file in todo:
            uri = file.src_uri
            article = articles.articles[uri]
            if cache is not None:
                key = digest(articles.text_sha[uri],
                             article_view.context_key(site, article, related, articles.meta_sha),
                             *(f"{t}:{t in pages.by_uri}" for t in articles.links[uri]))
                # A page missing from the search staging is rendered again to stage it.
                if cache.check(file.dest_uri, key, reuse=file.dest_uri not in unstaged):
                    set_aside(file, self.held, self.quiet)
                    continue
            render.append((uri, article))
        # The Cite boxes' formatted citations, done at once (in forked processes when there
        # is much of it) and before the second process forks: each page's box reads them.
        start = time.perf_counter()
        if formatted := cite_view.prepare(site, [article for _, article in render],
                                          early=early_citations):
            log.info(f"newsarchive: formatted {formatted} citations in "
                     f"{time.perf_counter() - start:.1f} s")
        # Deferred only where the cache's record of the pages leaves a core idle at the end.
        defer = cache is not None and len(render) >= DEFER_FILES_FROM
        self._render_showing_files(pages, showing_files, plain,
                                   late=defer and _forks_files(fork_files, plain))
        # After the early child's results: the files' child, forked now, inherits them.
        self._plain_files(pages, files, config, plain, fork=fork_files, in_child=in_child,
                          defer=defer)
        for uri, article in render:
            self.contexts[uri] = article_view.context(site, article, related, "")

    def _render_showing_files(self, pages: SitePages, showing: list[tuple[File, Any]],
                              plain: list[GeneratedFile], *, late: bool) -> None:
        """Render the pages that show generated files' sizes (the Data page). With ``late``
        (the files' child writes once every page is rendered), those whose files it makes
        show placeholders, filled in once it is done: the dataset (0.4 s at 10,000 articles)
        is then made on the core the cache's record leaves idle, not before the pages."""
        making = {output.path for output in plain}
        for file, generated in showing:
            if late and set(generated.late.paths) <= making:
                generated.late.defer()
                self.late_pages[file.dest_uri] = generated.late
            self.rendered[file.src_uri] = pages.render(generated, file.url)

    def _plain_todo(self, pages: SitePages, keys: page_keys.PageKeys | None
                    ) -> list[GeneratedFile]:
        """The generated files to make: the others are reused when their key matches."""
        todo: list[GeneratedFile] = []
        for path, output in sorted(pages.site.files.items()):
            self.written.add(path)
            if keys is not None and self.cache is not None and \
                    self.cache.check(path, keys.value(output.inputs)):
                self.reused_files.append(path)
                continue
            todo.append(output)
        return todo

    def _plain_files(self, pages: SitePages, files: Files, config: MkDocsConfig,
                     todo: list[GeneratedFile], *, fork: bool,
                     in_child: Callable[[], None] | None, defer: bool = False) -> None:
        """Make the generated files ``todo`` and hand them to MkDocs, which copies them with
        the static files. Many (feeds, citation exports, the dataset: seconds of work) are
        written straight into site_dir (cleaned by now) by a forked child at the lowest
        priority, forked now or, with ``defer``, once every page is rendered
        (:meth:`start_files`). MkDocs never sees those files (they are not pages);
        :meth:`files_written` waits for them at the end."""
        if not _forks_files(fork, todo):
            for output in todo:
                files.append(File.generated(config, output.path,
                                            content=output.render(pages.url_of)))
            return
        site_dir = Path(config.site_dir)
        # What the pages need too and is not made yet (the early child failed): here, once,
        # for the files' child and the page processes to inherit.
        _make_shared(todo)

        def write_all() -> dict[str, list[Any]]:
            records = {}
            for output in todo:
                target = site_dir / output.path
                target.parent.mkdir(parents=True, exist_ok=True)
                # A new file, never written through: the folder may be the last build's,
                # put back whole, whose files can be hard links to the cache's copies.
                records[output.path] = write_recorded(target, output.render(pages.url_of))
            return records

        def in_files_child() -> None:
            if in_child is not None:
                in_child()
            os.nice(19)  # the cores' idle time only: page rendering and Pagefind come first

        def start() -> ForkedCall:
            return ForkedCall(write_all, in_child=in_files_child)

        self.late_files = {output.path for output in todo} | set(self.late_pages)
        if defer:
            self._start_files, self._write_files = start, write_all
        else:
            self.files_child = start()

    def start_files(self, paused: AbstractContextManager[set[threading.Thread]] | None = None
                    ) -> None:
        """Fork the child writing plain files, if it waited for the pages (see
        :meth:`_plain_files`); called once every page is written. ``paused`` holds this
        process's other threads where a fork is safe (Pagefind's, while it waits for a
        Pagefind process) and gives them: with any other thread running, the files are
        written here, as a child forked beside it could inherit a lock it holds."""
        start, self._start_files = self._start_files, None
        write, self._write_files = self._write_files, None
        if start is None or write is None:
            return
        with paused if paused is not None else contextlib.nullcontext(set()) as held:
            here = threading.current_thread()
            alone = all(t is here or t in held for t in threading.enumerate())
            if alone:
                self.files_child = start()
        if not alone:  # written once the held threads go on again
            self._written = write()

    def files_written(self) -> dict[str, list[Any]]:
        """Wait for the forked child writing plain files (or write them here if it failed):
        before they are recorded (``late_files`` are the files it may still be writing).
        Returns the cache's record of each file written, made by its writer."""
        self.start_files()
        child, self.files_child = self.files_child, None
        records, self._written = self._written, {}
        if child is not None:
            records = child.result()
            if not child.in_parent:
                log.info(f"newsarchive: {len(records)} files written by a second process")
        self._fill_late_pages(records)
        return records

    def _fill_late_pages(self, records: dict[str, list[Any]]) -> None:
        """Put the written files' sizes and hashes in the pages that show them (from the
        records their writer made, else read from the files)."""
        late, self.late_pages = self.late_pages, {}

        def measured(output: str) -> tuple[int, str]:
            _, size, _, sha = records.get(output) or file_record(self._site_dir / output)
            return size, sha

        for dest, parts in late.items():
            path = self._site_dir / dest
            try:
                html = path.read_bytes().decode("utf-8")  # line ends as written
                filled = parts.fill(html, measured)
                if filled != html:
                    replace_file(path, filled.encode("utf-8"))
            except OSError as exc:
                raise PluginError(f"newsarchive: could not fill in the file sizes on {path} "
                                  f"({exc}); check that the site folder is readable and "
                                  "writable, then build again") from exc

    def cancel(self) -> None:
        """The build failed: stop the child writing plain files."""
        self._start_files = self._write_files = None
        self.late_pages = {}
        child, self.files_child = self.files_child, None
        if child is not None:
            child.kill()

    def unhold(self, pages: SitePages, articles: ArticleFiles, config: MkDocsConfig) -> None:
        """Held pages take part in the rest of the build (sitemap, writing) again, with what
        their Markdown pass would have given them: a title for the navigation."""
        cache = self.cache
        for file, inclusion in self.held.items():
            file.inclusion = inclusion
            page = page_of(file, config)
            page.markdown = ""
            page.meta = {"template": CACHED_TEMPLATE}
            if cache is not None and file.dest_uri in cache.old_anchors:
                page.present_anchor_ids = set(cache.old_anchors[file.dest_uri])
            title = pages.title_of(file.src_uri, articles.articles)
            if title:
                page.meta["title"] = title

    def put_back(self) -> None:
        """Once the sitemap has listed every page, reused pages leave the build again: their
        files are linked into place directly, not passed through the theme one by one."""
        if self.cache is None:
            return
        for file in self.held:
            file.inclusion = InclusionLevel.EXCLUDED
        self.cache.restore_all([file.dest_uri for file in self.held] + self.reused_files,
                               self.written)

    def rendered_count(self, articles: ArticleFiles) -> int:
        """Article and generated pages this build renders (not reused)."""
        return len(articles.dests) - sum(f.src_uri in articles.dests for f in self.held)


def _forks_files(fork: bool, todo: list[GeneratedFile]) -> bool:
    """Whether the plain files ``todo`` are written by a forked child (see
    :meth:`PagePlan._plain_files`)."""
    return fork and len(todo) >= FORK_FILES_FROM


def _make_shared(outputs: list[GeneratedFile]) -> None:
    """Do the part of ``outputs``' work that pages need too and is not done yet."""
    for output in outputs:
        if output.shared is not None:
            output.shared()
