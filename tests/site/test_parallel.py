"""A second process populating every other article gives the site a single process gives:
same bytes, same warnings (so ``strict`` still fails), and a child that dies changes nothing."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from newsarchive.build import fork
from newsarchive.build.cache import file_record
from newsarchive.mkdocs_plugin import parallel, reuse, theme_worker
from tests.helpers import build_log, build_site, collect_messages, write_article
from tests.site.conftest import write_fixture
from tests.site.test_reproducible import tree


def _archive(content: Path) -> None:
    write_fixture(content)
    for i in range(8):
        write_article(
            content, f"articles/2033/0{1 + i % 3}/filler-{i}.md",
            body=f"Synthetic filler text number {i}, written for the test suite.\n\n"
                 "## Filler section\n\nSee [the Alpha filler](../../2031/01/a.md#a-filler-heading)"
                 f" and [a missing anchor](../../2031/01/b.md#no-such-part-{i})"
                 f" and [a missing page](nowhere-{i}.md).",
            title=f"Synthetic Filler {i}", date=f"2033-0{1 + i % 3}-1{i}",
            source="Synthetic Courier", region="SY-ID", original_url=f"https://x.example/{i}",
            language="en", tags=["ceasefire"])


def _built(tmp_path: Path, name: str, workers: int, **options: object) -> tuple[Path, list[str]]:
    content = tmp_path / "content"
    if not content.exists():
        _archive(content)
    site = tmp_path / name
    return site, build_log(content, site, strict=False, workers=workers, cache=False,
                          **options)


def test_second_process_gives_the_same_site_and_warnings(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reuse, "FORK_FILES_FROM", 1)  # this small archive has a few files
    one, one_log = _built(tmp_path, "one", workers=1)
    two, two_log = _built(tmp_path, "two", workers=2)
    assert any("pages rendered in a second process" in m for m in two_log)
    # Feeds, citation exports and the dataset too, written by another forked process.
    assert any(re.fullmatch(r"newsarchive: \d+ files written by a second process", m)
               for m in two_log), two_log
    # ... and a share of the article pages written through the theme by one more.
    assert any(re.fullmatch(r"newsarchive: \d+ pages written through the theme by a second "
                            r"process", m) for m in two_log), two_log
    assert not any("second process" in m for m in one_log)
    assert tree(one) == tree(two)
    # Each article's <head> additions and Cite box, made as the theme renders its page, in
    # whichever process writes it.
    for i in range(8):
        page = (two / f"articles/2033/0{1 + i % 3}/filler-{i}/index.html").read_text()
        assert page.count('type="application/ld+json"') == 1, i
        assert page.count('name="citation_title"') == 1, i
        assert page.count('class="na-cite"') == 1 and "data-newsarchive-cite" not in page, i
    # Every broken anchor is reported once, whichever process rendered its page.
    missing = sorted(m for m in one_log if "no-such-part" in m)
    assert len(missing) == 8
    assert sorted(m for m in two_log if "no-such-part" in m) == missing
    assert not any("#a-filler-heading" in m for m in two_log)
    # Links to missing pages are reported while a page is converted: in the second process
    # for half of them, and re-logged here.
    nowhere = sorted(m for m in one_log if "nowhere-" in m)
    assert len(nowhere) == 8
    assert sorted(m for m in two_log if "nowhere-" in m) == nowhere


def test_warnings_of_the_second_process_count_in_a_strict_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _archive(content)
    aborted = []
    for workers in (1, 2):
        with pytest.raises(Abort, match="in strict mode") as exc:
            build_site(content, tmp_path / f"site{workers}", strict=True, workers=workers,
                       cache=False)
        aborted.append(str(exc.value))
    assert aborted[0] == aborted[1] == "Aborted with 16 warnings in strict mode!"


# The plain files' child forked with the second process (an edit), or once every page is
# rendered (a first build of 1,000 articles or more: reuse.DEFER_FILES_FROM).
FILES_CHILD = pytest.mark.parametrize("defer_from", [10**9, 1], ids=["at-nav", "after-pages"])


@FILES_CHILD
def test_a_failed_second_process_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  defer_from: int) -> None:
    monkeypatch.setattr(reuse, "DEFER_FILES_FROM", defer_from)
    one, _ = _built(tmp_path, "one", workers=1)

    def die(self: parallel.PageWorker) -> None:
        raise MemoryError("synthetic failure of the second process")

    def die_halfway(self: theme_worker._Worker) -> None:
        page = self.files[0].page
        assert page is not None
        Path(self.files[0].abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
        Path(self.files[0].abs_dest_path).write_text("<html><body>half")
        raise MemoryError("synthetic failure of the theme's second process")

    monkeypatch.setattr(parallel.PageWorker, "_run_child", die)
    monkeypatch.setattr(theme_worker._Worker, "_run_child", die_halfway)
    monkeypatch.setattr(reuse, "ForkedCall", _half_written_files(tmp_path / "two"))
    monkeypatch.setattr(reuse, "FORK_FILES_FROM", 1)
    two, log = _built(tmp_path, "two", workers=2)
    assert any("did not render" in m for m in log)
    assert any("did not write" in m and "through the theme" in m for m in log), log
    assert not any("written by a second process" in m for m in log)
    assert tree(one) == tree(two)


@FILES_CHILD
def test_a_rebuild_after_a_parallel_build_reuses_everything(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, defer_from: int) -> None:
    """The cache keeps what the second process rendered (anchors included) and the files
    the plain files' child wrote while the cache recorded the pages: the next build
    reuses every page and file and still gives the single-process site; so does a rebuild
    after an edit, whose changed files are written by the forked child among reused ones."""
    monkeypatch.setattr(reuse, "FORK_FILES_FROM", 1)
    monkeypatch.setattr(reuse, "DEFER_FILES_FROM", defer_from)
    content = tmp_path / "content"
    _archive(content)
    build_site(content, tmp_path / "one", strict=False, workers=1, cache=False)
    site = tmp_path / "two"
    build_site(content, site, strict=False, workers=2)
    log = build_log(content, site, strict=False, workers=2)
    assert _reused_everything(log), log
    assert not any("files written by a second process" in m for m in log), log
    assert tree(tmp_path / "one") == tree(site)
    edited = content / "articles/2033/01/filler-0.md"
    edited.write_text(edited.read_text().replace("Synthetic Filler 0", "Synthetic Filler Zero"))
    build_site(content, tmp_path / "three", strict=False, workers=1, cache=False)
    log = build_log(content, site, strict=False, workers=2)
    assert any("files written by a second process" in m for m in log), log
    assert tree(tmp_path / "three") == tree(site)


def test_automatic_setting_keeps_one_process_next_to_a_plugin_with_page_events() -> None:
    """Material's tags plugin reads every page in on_page_markdown: in a second process it
    would miss half of them, so the automatic setting does not fork next to it."""
    from mkdocs.config import load_config

    from tests.helpers import ROOT

    alone = load_config(str(ROOT / "mkdocs.yml"))
    assert not parallel.others_see_pages(alone, alone.plugins["newsarchive"])
    assert parallel.workers_for(0, 1000, False) == (2 if (os.cpu_count() or 1) > 1 else 1)
    tagged = load_config(str(ROOT / "mkdocs.yml"), plugins=["newsarchive", "material/tags"])
    assert parallel.others_see_pages(tagged, tagged.plugins["newsarchive"])
    assert parallel.workers_for(0, 1000, True) == 1
    assert parallel.workers_for(2, 1000, True) == 2  # asked for explicitly
    # The theme's second process runs page_context and post_page: not next to a plugin that
    # handles them (what it gathers or changes there would stay in the child).
    assert not theme_worker.others_see_theme(alone, alone.plugins["newsarchive"])
    for other in ("material/tags", "material/privacy"):
        both = load_config(str(ROOT / "mkdocs.yml"), plugins=["newsarchive", other])
        assert theme_worker.others_see_theme(both, both.plugins["newsarchive"]), other


def test_forked_call_runs_in_a_child_and_falls_back_here() -> None:
    parent = os.getpid()
    assert fork.ForkedCall(os.getpid).result() != parent  # computed in the child

    def only_here() -> int:
        if os.getpid() != parent:
            raise MemoryError("synthetic failure in the child")
        return 42

    assert fork.ForkedCall(only_here).result() == 42  # the child failed: computed here


def test_a_refused_fork_builds_everything_here(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    one, _ = _built(tmp_path, "one", workers=1)

    def refuse() -> int:
        raise OSError(12, "Cannot allocate memory (synthetic)")

    monkeypatch.setattr(parallel.os, "fork", refuse)
    leftovers = set(Path(tempfile.gettempdir()).glob("newsarchive-*"))
    two, log = _built(tmp_path, "two", workers=2)
    assert not any("second process" in m for m in log)
    assert tree(one) == tree(two)
    assert set(Path(tempfile.gettempdir()).glob("newsarchive-*")) <= leftovers


def test_pagefind_that_cannot_start_fails_the_build(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.exceptions import PluginError

    from newsarchive.search import index as search_index

    monkeypatch.setattr(search_index, "_pagefind", lambda: [str(tmp_path / "no-pagefind")])
    content = tmp_path / "content"
    _archive(content)
    with collect_messages() as messages, pytest.raises((PluginError, Abort)):
        build_site(content, tmp_path / "site", strict=False, cache=False)
    assert any("could not start Pagefind" in m and "pagefind[bin]" in m for m in messages)


def test_theme_share_is_spread_over_the_pages() -> None:
    """The theme's second process gets every page whose running count crosses a multiple of
    1/SHARE: spread over the archive (old and new, long and short pages alike)."""
    pages = list(range(20))
    share = theme_worker.share_of(pages, 0.35)  # type: ignore[arg-type]
    assert len(share) == 7
    assert max(b - a for a, b in itertools.pairwise(share)) <= 3
    assert theme_worker.share_of(pages, 0.5) == pages[1::2]  # type: ignore[arg-type]
    assert theme_worker.share_of([], 0.35) == []


def test_citation_templates_made_while_reading_give_the_same_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first build with many citations makes their templates in a child forked while the
    articles are read; the site is the one a single process builds, and a child that dies
    changes nothing (the templates are made where first needed)."""
    from newsarchive.export import csl
    from newsarchive.site.views import cite

    monkeypatch.setattr(cite, "TEMPLATES_FROM", 1)  # this small archive has few citations
    one, one_log = _built(tmp_path, "one", workers=1)
    csl._templates.cache_clear()  # this process's templates: only those the child makes
    two, two_log = _built(tmp_path, "two", workers=2)
    assert not any("citation templates" in m for m in one_log)
    assert any(re.fullmatch(r"newsarchive: \d+ citation templates made, [1-9]\d* citations "
                            r"formatted and [1-9]\d* pages' citation metadata made by a second "
                            r"process while the articles were read", m)
               for m in two_log), two_log
    assert tree(one) == tree(two)

    real = cite.ForkedCall

    class Dies(real):  # type: ignore[misc, valid-type]
        def _write(self) -> None:
            if self.fn.__qualname__.startswith("start_templates"):
                raise MemoryError("synthetic failure of the templates' child")
            super()._write()

    monkeypatch.setattr(cite, "ForkedCall", Dies)
    csl._templates.cache_clear()
    three, three_log = _built(tmp_path, "three", workers=2)
    assert not any("citation templates" in m for m in three_log), three_log
    assert tree(one) == tree(three)


def test_the_files_child_of_a_first_build_starts_once_every_page_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a first build of many pages the feeds, exports and dataset are written by a child
    forked only once the theme has written every page (both cores are busy until then),
    while the cache records the pages; the Data page shows placeholders until then, and
    the site is the single-process one. Pagefind may still be indexing: the child forks
    while Pagefind's thread is held where it only waits for its process."""
    from newsarchive.search import index as search_index

    monkeypatch.setattr(reuse, "FORK_FILES_FROM", 1)
    monkeypatch.setattr(reuse, "DEFER_FILES_FROM", 1)
    one, _ = _built(tmp_path, "one", workers=1)
    two = tmp_path / "two"
    pages = sorted(p.relative_to(one) for p in one.glob("articles/**/index.html"))
    assert pages
    # A slow Pagefind: still indexing when every page is written.
    pagefind = search_index._pagefind()
    monkeypatch.setattr(search_index, "_pagefind",
                        lambda: ["/bin/sh", "-c", 'sleep 2; exec "$0" "$@"', *pagefind])
    threads: list[list[str]] = []
    held: list[bool] = []
    waiting = search_index.SearchIndexBuild.waiting

    def watched_waiting(self: search_index.SearchIndexBuild) -> object:
        with waiting(self) as paused:
            held.append(self._busy.locked())
            yield paused

    monkeypatch.setattr(search_index.SearchIndexBuild, "waiting",
                        contextlib.contextmanager(watched_waiting))

    class Watched(fork.ForkedCall):
        def __init__(self, fn: Callable[[], object], **kwargs: object) -> None:
            if _writes_files(fn):  # forked now
                threads.append(sorted(t.name for t in threading.enumerate()
                                      if t is not threading.current_thread()))
            super().__init__(fn, **kwargs)  # type: ignore[arg-type]

        def _write(self) -> None:
            if _writes_files(self.fn):
                missing = [p for p in pages if not (two / p).is_file()]
                if missing:  # the parent then writes the files itself, and says nothing
                    raise AssertionError(f"forked before {missing} was written")
                # The Data page waits for the dataset this child makes: its sizes come last.
                shown = (two / "data/index.html").read_text()
                if "na-late-" not in shown or 'data-bytes="' in shown.replace(
                        'data-bytes="na-late-', ""):
                    raise AssertionError("the Data page shows sizes the child has not made")
            super()._write()

    monkeypatch.setattr(reuse, "ForkedCall", Watched)
    content = tmp_path / "content"
    log = build_log(content, two, strict=False, workers=2)
    assert any(re.fullmatch(r"newsarchive: \d+ files written by a second process", m)
               for m in log), log
    assert threads == [["newsarchive-pagefind"]], threads  # forked while Pagefind indexed
    assert held == [True]
    assert tree(one) == tree(two)
    # The child hashed what it wrote; the cache's records are those of the files on disk.
    [manifest] = (tmp_path / ".cache-two").glob("**/manifest.json")
    records = json.loads(manifest.read_text())["files"]
    written = [p for p in two.rglob("*")
               if p.suffix in {".bib", ".ris", ".xml", ".csv"} and p.name != "sitemap.xml"]
    assert written
    for path in written:
        assert records[path.relative_to(two).as_posix()] == file_record(path), path


def test_with_another_thread_running_the_files_are_written_in_the_build_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread the build does not know (another plugin's) may hold any lock: no child is
    forked beside it; the build process writes the files itself, and the site and the
    cache's records are the same."""
    monkeypatch.setattr(reuse, "FORK_FILES_FROM", 1)
    monkeypatch.setattr(reuse, "DEFER_FILES_FROM", 1)
    one, _ = _built(tmp_path, "one", workers=1)
    two = tmp_path / "two"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, name="another-plugin")
    join = theme_worker.ThemeShare.join

    def join_and_start_another(self: theme_worker.ThemeShare) -> None:
        join(self)
        other.start()  # once every page is written, before the files' child would fork

    monkeypatch.setattr(theme_worker.ThemeShare, "join", join_and_start_another)
    try:
        log = build_log(tmp_path / "content", two, strict=False, workers=2)
    finally:
        stop.set()
        if other.is_alive():
            other.join()
    assert not other.is_alive()
    assert not any(re.fullmatch(r"newsarchive: \d+ files written by a second process", m)
                   for m in log), log
    assert tree(one) == tree(two)
    [manifest] = (tmp_path / ".cache-two").glob("**/manifest.json")
    records = json.loads(manifest.read_text())["files"]
    for path in [*two.rglob("*.bib"), two / "data" / "archive.csv"]:
        assert records[path.relative_to(two).as_posix()] == file_record(path), path


def test_a_files_child_that_dies_at_the_end_leaves_a_site_the_next_build_reuses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The files' child of a first build dies while the cache records the pages, leaving a
    file half-written: the build writes the files itself before recording them, and the
    next build reuses every page and file."""
    monkeypatch.setattr(reuse, "FORK_FILES_FROM", 1)
    monkeypatch.setattr(reuse, "DEFER_FILES_FROM", 1)
    one, _ = _built(tmp_path, "one", workers=1)
    two = tmp_path / "two"
    monkeypatch.setattr(reuse, "ForkedCall", _half_written_files(two))
    content = tmp_path / "content"
    log = build_log(content, two, strict=False, workers=2)
    assert not any("written by a second process" in m and "files" in m for m in log), log
    assert tree(one) == tree(two)
    log = build_log(content, two, strict=False, workers=2)
    assert _reused_everything(log), log
    assert tree(one) == tree(two)


def _writes_files(fn: Callable[[], object]) -> bool:
    """Whether a forked call is the plain files' child (its work writes into site_dir)."""
    return "site_dir" in fn.__code__.co_freevars


def _half_written_files(site: Path) -> type[fork.ForkedCall]:
    """ForkedCall whose plain files' child leaves a file of ``site`` half-written and dies."""

    class HalfWritten(fork.ForkedCall):
        def _write(self) -> None:
            if _writes_files(self.fn):
                target = site / "data" / "archive.csv"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(b"title,da")
                raise MemoryError("synthetic failure of the files' process")
            super()._write()

    return HalfWritten


def _reused_everything(log: list[str]) -> bool:
    """Whether the build's log says it reused every page and file but the search page,
    which every build renders (it is cheap)."""
    counts = [m.groups() for m in (re.fullmatch(
        r"newsarchive: reused (\d+) of (\d+) pages from the previous build", line)
        for line in log) if m]
    return len(counts) == 1 and 0 <= int(counts[0][1]) - int(counts[0][0]) <= 1
