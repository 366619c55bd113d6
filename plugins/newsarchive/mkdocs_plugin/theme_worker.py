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

The child's share is done well before the parent's pages (a third of them are left then,
rendered beside Pagefind's one thread). So, given a ``fill``, the parent writes its article
pages without their <head> additions and Cite box (the reader outputs' part of a page:
``pages.HEAD_SLOT`` and the box's slot in their place), tells the child each page it has
written (a pipe), and the child, its share done, puts those parts in each of them
(``fill``, the file replaced whole) while the parent renders on. The parent sends the last
page before it waits for the child; a child that fails leaves the filling to the parent,
which fills every page it sent (a page already filled stays as it is).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from newsarchive.build.cache import replace_file
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


# A page's <head> additions and Cite box put into its written file: (its File, its HTML)
# -> its HTML with them (``SitePages.fill_written``).
Fill = Callable[[File, str], str]
_END = b"-1\n"  # the last line the parent sends: every page it sent is written


def fill_file(file: File, fill: Fill) -> None:
    """Put the parts ``fill`` adds into the written page of ``file`` (replaced whole, encoded
    as MkDocs writes pages), if it lacks them."""
    path = Path(file.abs_dest_path)
    html = path.read_bytes().decode("utf-8")
    done = fill(file, html)
    if done != html:
        replace_file(path, done.encode("utf-8", errors="xmlcharrefreplace"))


class _Worker(Forked):
    def __init__(self, files: list[File], config: MkDocsConfig, nav: Navigation, env: Any,
                 all_files: Files, in_child: Callable[[], None] | None,
                 late: Sequence[File] = (), fill: Fill | None = None) -> None:
        super().__init__("newsarchive-theme-")
        self.files, self.config, self.nav, self.env = files, config, nav, env
        self.all_files = all_files
        self.in_child = in_child
        # The parent's pages this child fills once written (their index in ``late``).
        self.late, self.fill = (list(late), fill) if fill is not None else ([], None)
        self.pipe = os.pipe() if self.late else None
        self._unsent = b""  # what the pipe had no room for (the child busy with its share)

    def _run_child(self) -> None:
        collector = collect_logs()
        if self.pipe is not None:
            os.close(self.pipe[1])
        render_pages(self.files, self.config, self.nav, self.env, self.all_files)
        if self.pipe is not None:
            self._fill_late(self.pipe[0])
        with self._out.open("wb") as out:
            pickle.dump(collector.records, out, protocol=pickle.HIGHEST_PROTOCOL)

    def _fill_late(self, fd: int) -> None:
        """Fill each page the parent says it has written, until it says it is done."""
        assert self.fill is not None
        with os.fdopen(fd, "rb") as lines:
            for line in lines:
                if line == _END:
                    return
                fill_file(self.late[int(line)], self.fill)
        raise EOFError("the build process closed the pipe without its last line")

    def start(self) -> bool:
        started = self._fork(self._run_child, self.in_child)
        if self.pipe is not None:
            os.close(self.pipe[0])
            if not started:
                os.close(self.pipe[1])
                self.pipe = None
            else:  # rendering never waits for the child to read
                os.set_blocking(self.pipe[1], False)
        return started

    def send(self, data: bytes, *, last: bool = False) -> None:
        """Tell the child; what the pipe has no room for waits for the next call, or with
        ``last`` is written whole (waiting for the child to read). Once the child cannot
        hear (it died), nothing more is sent: the parent fills the pages then."""
        if self.pipe is None:
            return
        self._unsent += data
        try:
            if last:
                os.set_blocking(self.pipe[1], True)
            while self._unsent:
                self._unsent = self._unsent[os.write(self.pipe[1], self._unsent):]
        except BlockingIOError:
            pass
        except OSError:
            self.close_pipe()

    def close_pipe(self) -> None:
        if self.pipe is not None:
            with contextlib.suppress(OSError):
                os.close(self.pipe[1])
            self.pipe = None

    def kill(self) -> None:
        self.close_pipe()
        super().kill()

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
        self._late: dict[File, int] = {}  # the parent's pages the child fills: their index
        self._sent: list[File] = []  # ... those written and sent, in order
        self._pending: File | None = None  # the last rendered, written once MkDocs goes on

    def start(self, pages: list[File], config: MkDocsConfig, nav: Navigation, env: Any,
              files: Files, in_child: Callable[[], None], fill: Fill | None = None) -> None:
        """Fork the child for a share of ``pages`` (article pages MkDocs would render); with
        ``fill``, the child also fills the others once this process has written them."""
        share = share_of(pages)
        if not share:
            return
        chosen = set(share)
        late = [f for f in pages if f not in chosen]
        worker = _Worker(share, config, nav, env, files, in_child, late, fill)
        if worker.start():
            self.worker = worker
            if worker.pipe is not None:
                self._late = {f: i for i, f in enumerate(late)}

    def fills_later(self, file: File) -> bool:
        """Whether the child puts this page's <head> additions and Cite box in once this
        process has written it (render it without them)."""
        return file in self._late

    def rendered(self, file: File) -> None:
        """MkDocs has rendered ``file`` and writes it next: the page rendered before it is
        written by now, and the child may fill it."""
        self._send_pending()
        if file in self._late:
            self._pending = file

    def _send_pending(self) -> None:
        file, self._pending = self._pending, None
        if file is not None:
            self._sent.append(file)
            if self.worker is not None:
                self.worker.send(b"%d\n" % self._late[file])

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
        self._send_pending()
        worker, self.worker = self.worker, None
        if worker is None:
            return
        worker.send(_END, last=True)
        worker.close_pipe()
        records = worker.records()
        self._restore()
        sent, self._sent, self._late = self._sent, [], {}
        if records is not None:
            replay(records)
            log.info(f"newsarchive: {len(worker.files)} pages written through the theme by "
                     "a second process")
            if sent:
                log.info(f"newsarchive: the Cite box and <head> additions of {len(sent)} "
                         "pages written here were put in by the second process")
            return
        log.info(f"newsarchive: the second process did not write {len(worker.files)} pages "
                 "through the theme; they were written here")
        render_pages(worker.files, worker.config, worker.nav, worker.env, worker.all_files)
        if worker.fill is not None:
            for file in sent:
                fill_file(file, worker.fill)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.kill()
            self.worker = None
        self._late, self._sent, self._pending = {}, [], None
        self._restore()

    def _restore(self) -> None:
        """The child's pages take their own inclusion again."""
        for file, inclusion in self.inclusion.items():
            file.inclusion = inclusion
        self.inclusion = {}
