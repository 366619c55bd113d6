"""Populate a share of the pages in a second process, on the machine's second core.

MkDocs reads, converts and post-processes every page's Markdown on one core, one page after
the other (``mkdocs.commands.build._populate_page``). For a large archive that is over half
the build. ``PageWorker`` forks the build process once the navigation is known (``on_nav``):
the child runs exactly the steps MkDocs would run for its share of the pages (the plugin
events ``on_pre_page``, ``on_page_read_source``, ``on_page_markdown``, ``on_page_content``
and ``Page.render``) while MkDocs populates the rest in the parent. Before the theme renders
anything (``on_env``), the parent takes the child's results: each page's content, table of
contents, metadata and anchors, and the log records the child emitted, which are re-emitted
in the parent so ``strict`` still counts their warnings.

A forked child shares the parent's memory until either writes to it; results travel through
a temporary file, one pickled page at a time. If the child fails for any reason, the parent
populates those pages itself, which reproduces any error where MkDocs would raise it.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from newsarchive.build.fork import Forked
from newsarchive.mkdocs_plugin.process_state import QuietSkips

log = logging.getLogger("mkdocs.plugins.newsarchive")

# Below this many pages to populate, a second process costs more than it saves.
MIN_PAGES = 400


# Events MkDocs runs while it populates a page: in the second process for its pages.
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content")


def workers_for(configured: int, pages: int, others_see_pages: bool = False) -> int:
    """Processes to populate ``pages`` with: ``configured`` if set (1 or 2), else 2 on a machine
    with two cores or more and at least ``MIN_PAGES`` pages, unless another plugin handles
    page events (``others_see_pages``): what it gathers there would stay in the second
    process."""
    # A thread holding a lock while the process forks leaves that lock held in the child.
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    if configured > 0:
        return min(configured, 2) if pages > 1 else 1
    if others_see_pages:
        return 1
    return 2 if (os.cpu_count() or 1) >= 2 and pages >= MIN_PAGES else 1


def others_see_pages(config: MkDocsConfig, plugin: object) -> bool:
    """Whether a plugin other than ``plugin`` handles an event of :data:`PAGE_EVENTS`."""
    return any(getattr(handler, "__self__", None) is not plugin
               for event in PAGE_EVENTS for handler in config.plugins.events.get(event, ()))


def populate(page: Page, config: MkDocsConfig, files: Files) -> None:
    """What MkDocs does to one page before the theme renders it (``_populate_page``)."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        assert page.markdown is not None
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config,
                                                        files=files)
        page.render(config, files)
        assert page.content is not None
        page.content = config.plugins.on_page_content(page.content, page=page, config=config,
                                                      files=files)
    except Exception as exc:
        logging.getLogger("mkdocs.commands.build").error(
            f"Error reading page '{page.file.src_uri}': {exc}")
        raise
    finally:
        config._current_page = None


@dataclass
class _Result:
    """What populating gave one page, in a form that pickles (files as source URIs)."""

    src_uri: str
    markdown: str
    meta: dict[str, Any]
    content: str
    toc: Any
    title_from_render: str | None
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None


class _Collector(logging.Handler):
    """Collects every record once (it may pass several loggers' handlers on its way up)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []
        self._last: int | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if id(record) == self._last:
            return
        self._last = id(record)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), (), None
        self.records.append(record)


def collect_logs() -> _Collector:
    """In the child: every handler of every logger is replaced by one collector."""
    collector = _Collector()
    loggers = [logging.getLogger(), *(lg for lg in logging.Logger.manager.loggerDict.values()
                                      if isinstance(lg, logging.Logger))]
    for logger in loggers:
        if logger.handlers:
            logger.handlers = [collector]
    return collector


def page_of(file: File, config: MkDocsConfig) -> Page:
    """The file's page, created the way MkDocs' populate loop creates it when missing."""
    if file.page is None:
        Page(None, file, config)
    assert file.page is not None
    return file.page


class PageWorker(Forked):
    """One forked child that populates ``pages``; ``join`` puts its results in place."""

    def __init__(self, files: list[File], config: MkDocsConfig, all_files: Files,
                 on_child_done: Callable[[], dict[str, Any]] | None = None,
                 in_child: Callable[[], None] | None = None) -> None:
        super().__init__("newsarchive-pages-")
        self.files = files
        self.in_child = in_child  # run first in the child (drop what it must not hold)
        self.config = config
        self.all_files = all_files
        # Called in the child after its last page: extra data for the parent (search hashes).
        self.on_child_done = on_child_done

    def start(self) -> bool:
        """Fork the child; False when the system refused (the parent then does it all)."""
        return self._fork(self._run_child, self.in_child)

    def _run_child(self) -> None:
        collector = collect_logs()
        with self._out.open("wb") as out:
            for file in self.files:
                page = page_of(file, self.config)
                populate(page, self.config, self.all_files)
                anchors = page.links_to_anchors
                pickle.dump(_Result(
                    file.src_uri, page.markdown or "", page.meta, page.content or "", page.toc,
                    page._title_from_render, page.present_anchor_ids,
                    None if anchors is None else {f.src_uri: a for f, a in anchors.items()}),
                    out, protocol=pickle.HIGHEST_PROTOCOL)
                page.content = page.markdown = None  # the parent has it now: free it here
            extra = self.on_child_done() if self.on_child_done is not None else {}
            pickle.dump(("done", extra, collector.records), out,
                        protocol=pickle.HIGHEST_PROTOCOL)

    def join(self, populate_here: Callable[[File], None]) -> tuple[dict[str, Any], float, int]:
        """Wait for the child and put its results into the pages; pages it did not deliver
        are populated here with ``populate_here``. Return the child's extra data, the
        seconds the parent waited and the number of pages populated here."""
        started = time.perf_counter()
        done: set[str] = set()
        extra: dict[str, Any] = {}
        try:
            clean = self._wait()
            waited = time.perf_counter() - started
            if clean:
                try:
                    extra = self._apply(done)
                except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError,
                        ImportError, TypeError, ValueError):
                    done.clear()  # its log records were not replayed: redo every page here
        finally:
            self._out.unlink(missing_ok=True)
        redo = [file for file in self.files if file.src_uri not in done]
        for file in redo:
            populate_here(file)
        return extra, waited, len(redo)

    def _apply(self, done: set[str]) -> dict[str, Any]:
        by_uri = {file.src_uri: file for file in self.files}
        with self._out.open("rb") as src:
            while True:
                item = pickle.load(src)
                if isinstance(item, tuple):
                    _, extra, records = item
                    break
                page = page_of(by_uri[item.src_uri], self.config)
                page.markdown, page.meta, page.content = item.markdown, item.meta, item.content
                page.toc = item.toc
                page._title_from_render = item.title_from_render
                page.present_anchor_ids = item.present_anchor_ids
                if item.links_to_anchors is not None:
                    page.links_to_anchors = {
                        target: anchors for uri, anchors in item.links_to_anchors.items()
                        if (target := self.all_files.get_file_from_path(uri)) is not None}
                done.add(item.src_uri)
        replay(records)
        return extra


def replay(records: Iterable[logging.LogRecord]) -> None:
    for record in records:
        logging.getLogger(record.name).handle(record)


def set_aside(file: File, store: dict[File, InclusionLevel], quiet: QuietSkips) -> None:
    """Keep ``file`` out of MkDocs' populate loop (EXCLUDED; links to it stay quiet);
    ``store`` keeps its inclusion to restore later."""
    quiet.skipped.add(file.src_uri)
    store[file] = file.inclusion
    file.inclusion = InclusionLevel.EXCLUDED


class SecondProcess:
    """Every other article page still to render, populated by a :class:`PageWorker` between
    ``on_nav`` and ``on_env``; its pages stay EXCLUDED here meanwhile."""

    def __init__(self) -> None:
        self.worker: PageWorker | None = None
        self.forked: dict[File, InclusionLevel] = {}

    def start(self, todo: list[File], config: MkDocsConfig, files: Files, *, workers: int,
              others: bool, quiet: QuietSkips, in_child: Callable[[], None],
              on_child_done: Callable[[list[File]], dict[str, Any]] | None) -> None:
        """Fork when it pays (``workers``: the option; ``others``: another plugin handles
        page events). ``on_child_done(share)``: extra data the child sends back."""
        if workers_for(workers, len(todo), others) < 2:
            return
        share = todo[1::2]
        done = None if on_child_done is None else (lambda: on_child_done(share))
        worker = PageWorker(share, config, files, in_child=in_child, on_child_done=done)
        if not worker.start():
            return  # the system refused to fork: this process renders every page
        self.worker = worker
        for file in share:  # MkDocs' populate loop skips them here; join puts them back
            set_aside(file, self.forked, quiet)

    def join(self, config: MkDocsConfig, files: Files) -> tuple[list[File], dict[str, Any]]:
        """Take the pages the second process populated (or populate them here if it
        failed); returns its pages and the extra data it sent."""
        worker, self.worker = self.worker, None
        if worker is None:
            return [], {}
        self.restore()

        def here(file: File) -> None:  # the child failed: do its pages the way MkDocs would
            populate(page_of(file, config), config, files)

        extra, waited, redone = worker.join(here)
        if redone:
            log.info(f"newsarchive: the second process did not render {redone} of its "
                     f"{len(worker.files)} pages; they were rendered here")
        if redone < len(worker.files):
            log.info(f"newsarchive: {len(worker.files) - redone} pages rendered in a second "
                     f"process (this one waited {waited:.1f} s for it)")
        return worker.files, extra

    def restore(self) -> None:
        for file, inclusion in self.forked.items():
            file.inclusion = inclusion
        self.forked = {}

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.kill()
            self.worker = None
        self.restore()
