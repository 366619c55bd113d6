"""Process-wide state a build changes, set when it starts and restored when it ends.

- The garbage collector: everything loaded before the build (MkDocs, the theme, Jinja,
  lxml) is frozen out of its view for the run (``gc.freeze``), so each full collection scans
  only the build's own objects; in ``mkdocs build``, so is what the build has made once the
  pages are planned, and again once every page is converted; unfrozen at shutdown.
- MkDocs' log: two filters hide its notes about pages reused from the cache (they are held
  out of its Markdown pass on purpose); removed when the build ends.
- The build date: ``SOURCE_DATE_EPOCH`` (reproducible-builds.org), which MkDocs reads for
  every date it writes, is pinned to the newest ingest time so a rebuild of the same
  articles gives the same bytes; a value set by the caller wins; removed when the build ends.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterable

from mkdocs.commands import build as mkdocs_build
from mkdocs.structure import pages as mkdocs_pages

from newsarchive.schema import Article

# The loggers of the MkDocs steps that report skipped pages and links to excluded ones.
_FILTERED = (mkdocs_build.log, mkdocs_pages.log)
_EPOCH = "SOURCE_DATE_EPOCH"


class QuietSkips(logging.Filter):
    """Pages reused from the cache are held out of MkDocs' Markdown pass and write no output
    of their own, on purpose: MkDocs need not report either."""

    def __init__(self) -> None:
        super().__init__()
        self.skipped: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Page skipped: '"):
            return message.split("'", 2)[1] not in self.skipped
        if message.endswith("which is excluded from the built site."):
            return message.split("'")[3] not in self.skipped
        return True


class ProcessState:
    """What one plugin instance sets in the process, and how it is undone."""

    def __init__(self) -> None:
        self.quiet = QuietSkips()
        self._frozen = False
        self._serving = False  # a `mkdocs serve`: its rebuilds' objects are never frozen
        self._pinned = False  # this build set SOURCE_DATE_EPOCH (the caller did not)

    def start_run(self, *, serve: bool = False) -> None:
        """``mkdocs build`` or ``serve`` starts (once for all rebuilds of a serve)."""
        gc.freeze()
        self._frozen = True
        self._serving = serve

    def freeze_build(self) -> None:
        """What a ``mkdocs build`` has made by now (the articles, the site model, the
        citations, the pages' contexts; later the pages' contents) leaves the collector's view
        too, until the run ends: the full collections of the rest (thousands of pages
        rendered) skip it. Not under ``serve``, whose rebuilds would each freeze their garbage
        for good."""
        if self._frozen and not self._serving:
            gc.freeze()

    def end_run(self) -> None:
        self.end_build()
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def start_build(self) -> None:
        self.quiet.skipped = set()
        for logger in _FILTERED:
            logger.addFilter(self.quiet)  # no-op when already there

    def pin_build_date(self, articles: Iterable[Article]) -> None:
        """The sitemap's date is the newest ingest time, not the clock."""
        if _EPOCH in os.environ and not self._pinned:
            return  # set by the caller
        stamps = [a.archived.timestamp() for a in articles if a.archived is not None]
        if stamps:
            os.environ[_EPOCH] = str(int(max(stamps)))
            self._pinned = True

    def end_build(self) -> None:
        for logger in _FILTERED:
            logger.removeFilter(self.quiet)
        if self._pinned:
            os.environ.pop(_EPOCH, None)
            self._pinned = False
