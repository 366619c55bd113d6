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

import contextlib
import gc
import logging
import os
import pickle
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

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


def _collect_logs() -> _Collector:
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


class _Forked:
    """A forked child whose results go through a temporary file; the parent waits or kills."""

    def __init__(self, prefix: str) -> None:
        fd, name = tempfile.mkstemp(prefix=prefix)
        os.close(fd)
        self._out = Path(name)
        self.pid: int | None = None

    def _fork(self, body: Callable[[], None], in_child: Callable[[], None] | None) -> bool:
        """Run ``body`` in a child (``in_child`` first); False when the system refused."""
        from newsarchive.search.index import die_with_parent

        orphan_guard = die_with_parent()  # a killed build takes this child with it
        try:
            pid = os.fork()
        except OSError:
            self._out.unlink(missing_ok=True)
            return False
        if pid == 0:  # the child: never returns
            code = 1
            try:
                if orphan_guard is not None:
                    orphan_guard()
                if in_child is not None:
                    in_child()
                gc.freeze()  # the parent's objects stay shared: no collection writes to them
                body()
                code = 0
            except BaseException:  # the parent does the work itself and reports any error
                pass
            finally:
                os._exit(code)
        self.pid = pid
        return True

    def _wait(self) -> bool:
        """Wait for the child; True when it exited cleanly (its results are in the file)."""
        assert self.pid is not None
        try:
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            return os.waitstatus_to_exitcode(status) == 0
        finally:
            if self.pid is not None:  # interrupted while waiting
                self.kill()

    def kill(self) -> None:
        """Stop the child (the build failed before its results were taken)."""
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, 9)
                os.waitpid(self.pid, 0)
            self.pid = None
        self._out.unlink(missing_ok=True)


class PageWorker(_Forked):
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
        collector = _collect_logs()
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
        _replay(records)
        return extra


def _replay(records: Iterable[logging.LogRecord]) -> None:
    for record in records:
        logging.getLogger(record.name).handle(record)


class ForkedCall(_Forked):
    """``fn()`` computed in a forked child while this process goes on (MkDocs' nav, the
    generated pages); :meth:`result` waits for it, or computes it here if the child failed."""

    def __init__(self, fn: Callable[[], Any], in_child: Callable[[], None] | None = None,
                 fallback: Callable[[], Any] | None = None) -> None:
        """``fallback``: what :meth:`result` computes here if the child failed (default
        ``fn``)."""
        super().__init__("newsarchive-result-")
        self.fn = fn
        self.fallback = fallback if fallback is not None else fn
        self.in_parent = True  # False once the result came from the child
        self._value: Any = None
        self._known = False
        self._forked = self._fork(self._write, in_child)

    def _write(self) -> None:  # in the child
        value = self.fn()
        with self._out.open("wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)

    def result(self) -> Any:
        if self._known:
            return self._value
        if self._forked:
            try:
                if self._wait():
                    with self._out.open("rb") as src:
                        self._value = pickle.load(src)
                    self.in_parent = False
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
                pass
            finally:
                self._out.unlink(missing_ok=True)
        if self.in_parent:
            self._value = self.fallback()
        self._known = True
        return self._value
