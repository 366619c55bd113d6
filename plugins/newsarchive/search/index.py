"""The offline full-text search index: Pagefind, in year-range shards, run in the background.

Each article's searchable part (the ``data-pagefind-body`` block with its filters, not the
theme around it) is written as a small page into a staging folder as soon as it is rendered.
Articles are grouped into shards of consecutive years holding at most ``shard_size`` pages
each (a single year larger than that is one shard); every shard is its own Pagefind bundle
under ``site/pagefind/<years>/`` and the search page merges them (Pagefind's ``mergeIndex``).
Shards bound Pagefind's memory (about 150 KB per page it indexes at once) and let a rebuild
re-index only the shards whose pages changed.

When every page has its content (MkDocs' ``on_env``), the shards to index run one after the
other in a background thread, each in its own Pagefind process, while MkDocs spends the rest of
the build rendering the theme. The binary comes from the ``pagefind[bin]`` wheel: nothing is
downloaded. (Feeding pages to Pagefind's Python service one by one was measured 30 times
slower than one CLI run.)
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from newsarchive.build.cache import replace_file
from newsarchive.build.fork import dying_with_parent
from newsarchive.search.pages import PAGE_NAMES, compact_page_names

_PAGE = ('<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}'
         '</title></head><body>\n{body}\n</body></html>\n')
_TITLE = re.compile(r'data-pagefind-meta="title">(.*?)</h1>', re.DOTALL)
# The "¶" permalinks that Python-Markdown's toc adds to headings are not article text.
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
# Blocks Pagefind would skip anyway (data-pagefind-ignore: the facts list, related lists,
# previous / next, the Cite box with its downloads): left out of the staged page, so a
# changed related list or neighbour does not make its shard be indexed again, and Pagefind
# does not parse a few kilobytes of citations per page.
_IGNORED = re.compile(r'<(dl|footer|details)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>', re.DOTALL)
# What the last build staged: {"format": 2, "pages": {output path: [shard, SHA-256]}}.
HASHES = "staged.json"
UNDATED = "undated"


def shard_size(pages: int, configured: int = 0) -> int:
    """Pages per shard: ``configured`` if set, else a twentieth of the archive but at least
    500 pages up to 20,000 pages, 10,000 above.

    Small shards make a rebuild re-index little (about 0.6 s for 500 pages, and a rebuild
    waits for it); every extra shard adds one index chunk (about 9-20 KB) to each query a
    reader makes, so large archives use fewer, bigger shards, still within about 1.5 GB of
    Pagefind memory. The size grows by one page per 20 articles, which seldom moves a
    boundary between shards of whole years; sizes in coarse steps would regroup every shard
    at each step instead (one addition at 10,000 articles re-indexing all of them).
    """
    if configured > 0:
        return configured
    return max(500, -(-pages // 20)) if pages <= 20_000 else 10_000


def plan_shards(years: Mapping[str, int | None], shard_size: int) -> dict[str, list[str]]:
    """Group pages (output path -> year) into shards of consecutive years, oldest first.

    A shard takes whole years while it stays within ``shard_size`` pages. The grouping
    depends only on the number of pages per year, so adding an article to the newest year
    changes the newest shard alone. Names are the year range: ``2005-2009``, ``2024``,
    ``undated``.
    """
    per_year = Counter(y for y in years.values() if y is not None)
    groups: list[list[int]] = []
    count = 0
    for year in sorted(per_year):
        if groups and count + per_year[year] <= shard_size:
            groups[-1].append(year)
            count += per_year[year]
        else:
            groups.append([year])
            count = per_year[year]
    name_of: dict[int, str] = {}
    for group in groups:
        name = str(group[0]) if len(group) == 1 else f"{group[0]}-{group[-1]}"
        name_of.update((y, name) for y in group)
    shards: dict[str, list[str]] = {}
    for dest in sorted(years):
        year = years[dest]
        shards.setdefault(UNDATED if year is None else name_of[year], []).append(dest)
    return dict(sorted(shards.items(), key=lambda kv: (kv[0] != UNDATED, kv[0]), reverse=True))


def _pagefind() -> list[str]:
    """The command that runs Pagefind: the binary of the ``pagefind[bin]`` wheel itself (each
    ``python -m pagefind`` would first start Python, 60 ms a shard), else that module."""
    try:
        from pagefind.service import get_executable

        binary = get_executable()
    except (ImportError, OSError):
        binary = None
    return [str(binary)] if binary is not None else [sys.executable, "-m", "pagefind"]


def _write_if_changed(path: Path, text: str) -> None:
    # Unchanged pages keep their file, so an incremental build rewrites only what changed.
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class SearchIndexBuild:
    """Stage article pages, then index the changed shards in the background."""

    def __init__(self, staging: Path | None, shards: dict[str, list[str]],
                 language: str = "en") -> None:
        self._temporary = staging is None
        self.staging = Path(tempfile.mkdtemp(prefix="newsarchive-search-")) if staging is None \
            else staging
        self.staging.mkdir(parents=True, exist_ok=True)
        self.shards = shards  # name -> output paths of its pages, newest shard first
        self.shard_of = {dest: name for name, dests in shards.items() for dest in dests}
        self.language = language
        self._thread: threading.Thread | None = None
        self._procs: list[subprocess.Popen[str]] = []
        self._cancelled = False
        self._lock = threading.Lock()
        # Held by the indexing thread but while it waits for a Pagefind process: see waiting().
        self._busy = threading.Lock()
        self._reports: list[str] = []
        self.error: str | None = None
        self._started = 0.0
        self.threads = 1
        self._command: list[str] = []
        self.indexed: list[str] = []  # shard names this build indexes
        self.on_done: Callable[[], None] | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._writes: list[Future[None]] = []
        self.hashes: dict[str, str] = {}  # output path -> SHA-256 of its staged page
        self._recorded: dict[str, str] | None = None  # output path -> shard, last build
        try:
            record = json.loads((self.staging / HASHES).read_text(encoding="utf-8"))
            if record.get("format") == 2:
                pages = record["pages"]
                self.hashes = {dest: sha for dest, (_, sha) in pages.items()}
                self._recorded = {dest: shard for dest, (shard, _) in pages.items()}
        except (OSError, ValueError, AttributeError, KeyError, TypeError):
            pass  # no usable record: sync_staging walks the folder

    def stage(self, dest_uri: str, content: str) -> None:
        """Write one rendered article (its site path, e.g. ``articles/x/index.html``)."""
        path = self.staging / self.shard_of.get(dest_uri, UNDATED) / dest_uri
        match = _TITLE.search(content)
        title = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))) if match else ""
        body = _PERMALINK.sub("", _IGNORED.sub("", content))
        text = _PAGE.format(lang=self.language, title=html.escape(title), body=body)
        self.hashes[dest_uri] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        # File system calls wait on the disk with the GIL released: a writer thread does them
        # while this one renders the next page (10,000 new folders and files take seconds).
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="na-stage")
        self._writes.append(self._writer.submit(_write_if_changed, path, text))

    def staged_hashes(self) -> dict[str, str]:
        """The staged pages' hashes, once they are all on disk (a second process sends its
        own to the build's)."""
        self._flush()
        return dict(self.hashes)

    def flush(self) -> None:
        """Wait for the staged pages to be on disk (no writer thread is left running)."""
        self._flush()

    def _flush(self) -> None:
        """Wait for the staged pages to be on disk (raises the first write error)."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
        writes, self._writes = self._writes, []
        for write in writes:
            write.result()

    def sync_staging(self) -> list[str]:
        """Make each shard's staging folder hold exactly its pages: move pages whose shard
        changed, drop pages of deleted articles. Return pages staged nowhere (to render).

        The last build's record says where each page is (a stat per page checks it), which
        is much cheaper than listing thousands of folders; without a record, the folder is
        walked."""
        found = self._walk() if self._recorded is None else self._check(self._recorded)
        missing = []
        for dest, shard in self.shard_of.items():
            where = found.get(dest)
            if where is None:
                missing.append(dest)
            elif where != shard:
                target = self.staging / shard / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                (self.staging / where / dest).replace(target)
        for stale in self.staging.iterdir():
            if stale.is_dir() and stale.name not in self.shards:
                shutil.rmtree(stale, ignore_errors=True)
        # Until save_hashes writes it again, the record is not trusted: a build that stops
        # in between leaves the next one to walk the folder (and drop what it staged).
        (self.staging / HASHES).unlink(missing_ok=True)
        return missing

    def _check(self, recorded: dict[str, str]) -> dict[str, str]:
        found: dict[str, str] = {}
        root = str(self.staging)
        for dest, shard in recorded.items():
            path = f"{root}/{shard}/{dest}"
            if dest not in self.shard_of:
                Path(path).unlink(missing_ok=True)  # its article is gone
            elif os.path.isfile(path):  # noqa: PTH113 - a str path: cheaper, once per page
                found[dest] = shard
        return found

    def _walk(self) -> dict[str, str]:
        found: dict[str, str] = {}  # output path -> the shard folder it is staged in
        for shard in (d for d in self.staging.iterdir() if d.is_dir()):
            root = str(shard) + os.sep
            for folder, _, names in os.walk(shard):
                prefix = (folder + os.sep)[len(root):].replace(os.sep, "/")
                for name in names:
                    dest = prefix + name
                    want = self.shard_of.get(dest)
                    if want is None:
                        Path(folder, name).unlink()  # its article is gone
                    elif shard.name != want:
                        found.setdefault(dest, shard.name)
                    else:
                        found[dest] = shard.name
        return found

    def shard_key(self, name: str) -> str:
        """Digest of a shard's staged pages: equal keys, equal Pagefind bundles."""
        self._flush()
        h = hashlib.sha256(f"page names {PAGE_NAMES}\0".encode())
        for dest in self.shards[name]:
            sha = self.hashes.get(dest)
            if sha is None:  # staged by an older build that did not record it
                path = self.staging / name / dest
                sha = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
                self.hashes[dest] = sha
            h.update(f"{dest}={sha}\0".encode())
        return h.hexdigest()

    def save_hashes(self) -> None:
        self._flush()
        pages = {d: [self.shard_of[d], self.hashes[d]] for d in sorted(self.shard_of)
                 if d in self.hashes}
        replace_file(self.staging / HASHES,
                     json.dumps({"format": 2, "pages": pages}).encode("utf-8"))

    def start(self, names: list[str], output_root: Path, threads: int = 1) -> None:
        """Index the named shards into ``output_root/<name>/``, one after the other, in a
        background thread (``threads``: Pagefind's worker threads per run); that thread calls
        ``on_done``, if set by then, once every shard is indexed."""
        self._flush()
        self.indexed = list(names)
        self._started = time.perf_counter()
        self.threads = threads
        self._command = _pagefind()

        def run() -> None:
            with self._busy:
                index_all()

        def index_all() -> None:
            for name in names:
                if self._cancelled:
                    return
                # Read per shard: once MkDocs has written every page, the next shards get
                # both cores (see use_threads).
                env = {**os.environ, "RAYON_NUM_THREADS": os.environ.get(
                    "RAYON_NUM_THREADS", str(self.threads))}
                try:
                    report = self._index(name, output_root / name, env)
                except Exception as exc:  # a dead thread must not pass silently
                    report = None
                    self._fail(f"shard {name}: {type(exc).__name__}: {exc}")
                if report is None:
                    return
                self._reports.append(report)
            # The fragments' short names come last: renaming takes a thousand file calls a
            # shard, and each waits for the GIL while MkDocs renders pages in this process
            # (0.1-0.4 s a shard then, 0.02 s once MkDocs is done); Pagefind's next shard
            # does not wait for them.
            for name in names:
                if self._cancelled or not self._compact(name, output_root / name):
                    return
            if self.on_done is not None:
                self.on_done()

        self._thread = threading.Thread(target=run, name="newsarchive-pagefind", daemon=True)
        self._thread.start()

    def _index(self, name: str, output: Path, env: dict[str, str]) -> str | None:
        with tempfile.TemporaryFile("w+") as log:
            with self._lock:  # discard() either sees this process or stops it starting
                if self._cancelled:
                    return None
                command = [*self._command, "--site", str(self.staging / name),
                           "--output-path", str(output.resolve())]
                argv, preexec = dying_with_parent(command)
                try:
                    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                            text=True, env=env, preexec_fn=preexec)
                except OSError as exc:
                    self._cannot_start(name, str(exc))
                    return None
                self._procs.append(proc)
            self._busy.release()  # only waiting now: this process may fork (see waiting())
            try:
                code = proc.wait()
            finally:
                self._busy.acquire()
            log.seek(0)
            output_text = log.read()
        if self._cancelled:
            return None
        if code != 0:
            last = " / ".join(output_text.strip().splitlines()[-5:])
            if argv is not command and code in (126, 127):  # the shell could not run it
                self._cannot_start(name, last)
            else:
                self._fail(f"shard {name}: {last}")
            return None
        pages = re.search(r"Indexed (\d+) pages?", output_text)
        return f"{name}: {pages.group(1) if pages else '?'} pages"

    def _cannot_start(self, name: str, why: str) -> None:
        self._fail(f"shard {name}: could not start Pagefind ({why}); reinstall it with "
                   "`pip install 'pagefind[bin]'`")

    def _compact(self, name: str, output: Path) -> bool:
        """Give one indexed shard's fragments short names; False (and the error) if that
        failed."""
        try:
            compact_page_names(output)
        except OSError as exc:
            self._fail(f"shard {name}: could not give its search fragments short names ({exc}); "
                       "check that the site folder is writable and has space, then build again")
            return False
        except Exception as exc:  # a dead thread must not pass silently
            self._fail(f"shard {name}: {type(exc).__name__}: {exc}")
            return False
        return True

    def _fail(self, error: str) -> None:
        self.error = error
        if self.on_done is not None:  # nobody waits for this run (`mkdocs serve`): say it
            logging.getLogger("mkdocs.plugins.newsarchive").warning(
                f"newsarchive: Pagefind could not build the search index: {error}")

    def use_threads(self, threads: int) -> None:
        """Pagefind worker threads for the shards not started yet."""
        self.threads = threads

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @contextlib.contextmanager
    def waiting(self) -> Iterator[set[threading.Thread]]:
        """Hold the indexing thread where it only waits for a Pagefind process (or is done),
        and yield the threads so held: a child forked meanwhile inherits no lock that thread
        holds in Python's or this module's state (it starts, reads and logs nothing then)."""
        with self._busy:
            thread = self._thread
            yield {thread} if thread is not None and thread.is_alive() else set()

    def finish(self) -> str:
        """Wait for the background indexing; raise RuntimeError with Pagefind's last lines if
        a shard failed."""
        if self._thread is not None:
            self._thread.join()
        seconds = time.perf_counter() - self._started
        self._cleanup()
        if self.error is None and len(self._reports) != len(self.indexed):
            self.error = "indexing stopped before every shard was indexed; build again"
        if self.error is not None:
            raise RuntimeError(self.error)
        if not self.indexed:
            return "search index reused: no article page changed"
        return (f"search index: {len(self.indexed)} of {len(self.shards)} shard(s) indexed "
                f"({', '.join(self._reports)}); {seconds:.1f} s in the background")

    def discard(self) -> None:
        with self._lock:
            self._cancelled = True
            for proc in self._procs:
                if proc.poll() is None:
                    proc.kill()
        if self._thread is not None:
            self._thread.join()
        self._cleanup()

    def _cleanup(self) -> None:
        if self._writer is not None:
            self._writer.shutdown(wait=True, cancel_futures=True)
            self._writer = None
        if self._temporary:
            shutil.rmtree(self.staging, ignore_errors=True)
