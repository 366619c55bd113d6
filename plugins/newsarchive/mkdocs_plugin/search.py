"""The search index's part in a MkDocs build: planned with the pages, indexed in the
background while MkDocs writes the site, finished (or left running under ``serve``)."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from newsarchive.archive.catalog import needs_review
from newsarchive.build.cache import BuildCache
from newsarchive.mkdocs_plugin.articles import ArticleFiles
from newsarchive.search.index import SearchIndexBuild, plan_shards, shard_size
from newsarchive.site.model import Site
from newsarchive.site.views import search as search_view

log = logging.getLogger("mkdocs.plugins.newsarchive")


def plan(site: Site, articles: ArticleFiles, cache: BuildCache | None, config: MkDocsConfig,
         configured_shard_size: int) -> SearchIndexBuild:
    """The shards of this build's index; the search page learns their names."""
    staging = cache.root / "search-pages" if cache is not None else None
    # Pages under review stay out of search too, like out of every listing.
    years = {articles.dests[uri]: (a.date.year if a.date else None)
             for uri, a in articles.articles.items() if not needs_review(a)}
    shards = plan_shards(years, shard_size(len(years), configured_shard_size))
    # The search page merges the shards, newest first (see search.html).
    site.pages[search_view.SEARCH_URI].context["shards"] = list(shards)
    return SearchIndexBuild(staging, shards, language=config.theme.get("language") or "en")


def start(search: SearchIndexBuild, cache: BuildCache | None, site_dir: str, *,
          few_rendered: bool, serve: bool) -> None:
    """Index the shards whose pages changed, in the background (reused shards are put in
    place now)."""
    todo = []
    for name in search.shards:
        # A shard is reused when the searchable part of each of its pages is unchanged.
        if cache is not None and cache.check_dir(f"pagefind/{name}", search.shard_key(name)):
            continue
        todo.append(name)
    if cache is not None:
        search.save_hashes()
    # Pagefind gets the second core while MkDocs writes the site on this one (the shards
    # left when MkDocs is done get both, see finish). When nearly every page is reused,
    # MkDocs has little left to do and `mkdocs build` waits for Pagefind: it gets both cores
    # (a 1,000-page shard: 1.0 s instead of 1.5 s). Not under `mkdocs serve`, where the
    # reload does not wait for Pagefind but shared cores slow the rebuild by half.
    search.start(todo, Path(site_dir) / "pagefind", threads=2 if few_rendered and not serve else 1)


def finish(search: SearchIndexBuild) -> None:
    """Wait for the index (every page is written: the shards left get both cores)."""
    search.use_threads(2)
    try:
        log.info(f"newsarchive: {search.finish()}")
    except RuntimeError as exc:
        raise PluginError(f"Pagefind could not build the search index: {exc} (set "
                          "`search: false` in the newsarchive plugin options to skip)") from exc


def leave_running(search: SearchIndexBuild, cache: BuildCache | None) -> Path | None:
    """Under `mkdocs serve` the reload does not wait for Pagefind: the edited page shows at
    once and the index catches up a few seconds later; its shards join the cache's manifest
    when done. Returns the manifest written."""
    pending = {f"pagefind/{name}/" for name in search.indexed}
    log.info(f"newsarchive: search index: {len(pending)} shard(s) still indexing in the "
             "background")
    if cache is None:
        return None
    cache.close(success=True, pending=pending)
    search.on_done = lambda: cache.confirm(pending)
    if not search.running() and search.error is None:
        cache.confirm(pending)  # it finished before on_done was set
    return cache.root / "manifest.json"
