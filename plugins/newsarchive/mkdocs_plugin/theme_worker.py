"""Render a share of the article pages through the theme in a second process.

After every page is populated (``on_env``), MkDocs renders each page with the theme and
writes it, one page after the other, on one core (``mkdocs.commands.build._build_page``): a
third of a large build, while Pagefind, indexing on the other core, leaves much of it idle.
``ThemeShare`` forks the build process there: the child runs exactly MkDocs' steps for its
share of the article pages (``_build_page``: the ``page_context`` and ``post_page`` events,
the template, the write into ``site_dir``, then ``validate_anchor_links``), while MkDocs
renders the rest in the parent. Once the sitemap has listed every page, the share is
excluded from MkDocs' loop; ``on_post_build`` waits for the child and logs its records
again, so ``strict`` counts their warnings. A child that fails in any way leaves its pages
to the parent, which renders them as MkDocs would (and so reproduces any error).
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Sequence
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from newsarchive.build.fork import Forked
from newsarchive.mkdocs_plugin.parallel import collect_logs, replay

log = logging.getLogger("mkdocs.plugins.newsarchive")

# Events MkDocs runs while it renders a page through the theme: in the child for its share.
THEME_EVENTS = ("page_context", "post_page")
# The child's share of the article pages: Pagefind indexes on its core meanwhile (at 10,000
# articles 0.3 and 0.4 end together, bound by Pagefind; 0.2 ends 2 s later; 0.45 is slower,
# Pagefind's one thread then sharing its core with more rendering).
SHARE = 0.35


def others_see_theme(config: MkDocsConfig, plugin: object) -> bool:
    """Whether a plugin other than ``plugin`` handles an event of :data:`THEME_EVENTS`."""
    return any(getattr(handler, "__self__", None) is not plugin
               for event in THEME_EVENTS for handler in config.plugins.events.get(event, ()))


def share_of(pages: Sequence[File], fraction: float = SHARE) -> list[File]:
    """Every page whose running count crosses a multiple of ``1 / fraction``: spread over
    the archive, so both processes get long and short pages alike."""
    return [f for i, f in enumerate(pages) if int((i + 1) * fraction) > int(i * fraction)]


def render_pages(pages: list[File], config: MkDocsConfig, nav: Navigation, env: Any,
                 files: Files) -> None:
    """What MkDocs does to these pages after ``on_env``: render each through the theme and
    write it (``_build_page``), then check their links to anchors."""
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    for file in pages:
        assert file.page is not None
        mkdocs_build._build_page(file.page, config, doc_files, nav, env)
    level = config.validation.links.anchors
    for file in pages:
        assert file.page is not None
        file.page.validate_anchor_links(files=files, log_level=level)


class _Worker(Forked):
    def __init__(self, files: list[File], config: MkDocsConfig, nav: Navigation, env: Any,
                 all_files: Files, in_child: Callable[[], None] | None) -> None:
        super().__init__("newsarchive-theme-")
        self.files, self.config, self.nav, self.env = files, config, nav, env
        self.all_files = all_files
        self.in_child = in_child

    def _run_child(self) -> None:
        collector = collect_logs()
        render_pages(self.files, self.config, self.nav, self.env, self.all_files)
        with self._out.open("wb") as out:
            pickle.dump(collector.records, out, protocol=pickle.HIGHEST_PROTOCOL)

    def start(self) -> bool:
        return self._fork(self._run_child, self.in_child)

    def records(self) -> list[logging.LogRecord] | None:
        """Wait for the child: its log records, or None if it failed."""
        try:
            if not self._wait():
                return None
            with self._out.open("rb") as src:
                return pickle.load(src)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        finally:
            self._out.unlink(missing_ok=True)


class ThemeShare:
    """A share of the article pages rendered through the theme by a forked child."""

    def __init__(self) -> None:
        self.worker: _Worker | None = None
        self.inclusion: dict[File, InclusionLevel] = {}

    def start(self, pages: list[File], config: MkDocsConfig, nav: Navigation, env: Any,
              files: Files, in_child: Callable[[], None]) -> None:
        """Fork the child for a share of ``pages`` (article pages MkDocs would render)."""
        share = share_of(pages)
        if not share:
            return
        worker = _Worker(share, config, nav, env, files, in_child)
        if worker.start():
            self.worker = worker

    def exclude(self) -> None:
        """Once the sitemap lists them: MkDocs' loop leaves the child's pages alone."""
        if self.worker is None:
            return
        for file in self.worker.files:
            self.inclusion[file] = file.inclusion
            file.inclusion = InclusionLevel.EXCLUDED

    def join(self) -> None:
        """Wait for the child and log its records here; if it failed, render its pages here
        the way MkDocs would."""
        worker, self.worker = self.worker, None
        if worker is None:
            return
        records = worker.records()
        self._restore()
        if records is not None:
            replay(records)
            log.info(f"newsarchive: {len(worker.files)} pages written through the theme by "
                     "a second process")
            return
        log.info(f"newsarchive: the second process did not write {len(worker.files)} pages "
                 "through the theme; they were written here")
        render_pages(worker.files, worker.config, worker.nav, worker.env, worker.all_files)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.kill()
            self.worker = None
        self._restore()

    def _restore(self) -> None:
        """The child's pages take their own inclusion again."""
        for file, inclusion in self.inclusion.items():
            file.inclusion = inclusion
        self.inclusion = {}
