"""The offline full-text search index: Pagefind, run while MkDocs renders the theme.

Each article's searchable part (the ``data-pagefind-body`` block with its filters, not the
theme around it) is written as a small page into a staging folder as soon as it is rendered.
When every page has its content (MkDocs' ``on_env``), Pagefind starts indexing that folder in
its own process, on the second core, while MkDocs spends the rest of the build rendering the
theme; the bundle lands in ``site/pagefind/``. The binary comes from the ``pagefind[bin]``
wheel: nothing is downloaded. (Feeding pages to Pagefind's Python service one by one was
measured 30 times slower than one CLI run.)
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_PAGE = ('<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}'
         '</title></head><body>\n{body}\n</body></html>\n')
_TITLE = re.compile(r'data-pagefind-meta="title">(.*?)</h1>', re.DOTALL)
# The "¶" permalinks that Python-Markdown's toc adds to headings are not article text.
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)


class SearchIndexBuild:
    """Stage article pages, then run Pagefind in the background and collect its result."""

    def __init__(self, staging: Path | None, language: str = "en") -> None:
        self._temporary = staging is None
        self.staging = Path(tempfile.mkdtemp(prefix="newsarchive-search-")) if staging is None \
            else staging
        self.staging.mkdir(parents=True, exist_ok=True)
        self.language = language
        self._proc: subprocess.Popen[str] | None = None
        self._started = 0.0
        self._log: Path | None = None

    def stage(self, dest_uri: str, content: str) -> None:
        """Write one rendered article (its site path, e.g. ``articles/x/index.html``)."""
        path = self.staging / dest_uri
        match = _TITLE.search(content)
        title = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))) if match else ""
        body = _PERMALINK.sub("", content)
        text = _PAGE.format(lang=self.language, title=html.escape(title), body=body)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Unchanged pages keep their file, so an incremental build rewrites only what changed.
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")

    def start(self, dest_uris: list[str], output_dir: str) -> None:
        """Drop staged pages of deleted articles, then start Pagefind on the staging folder."""
        keep = {str(self.staging / d) for d in dest_uris}
        for path in self.staging.rglob("*.html"):
            if str(path) not in keep:
                path.unlink()
        fd, log = tempfile.mkstemp(prefix="pagefind-", suffix=".log")
        os.close(fd)
        self._log = Path(log)
        self._started = time.perf_counter()
        # One indexing thread: MkDocs renders on one core, Pagefind gets the other, instead of
        # both fighting over the two (Pagefind's thread pool honours RAYON_NUM_THREADS).
        env = {**os.environ, "RAYON_NUM_THREADS": os.environ.get("RAYON_NUM_THREADS", "1")}
        with self._log.open("w") as out:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "pagefind", "--site", str(self.staging),
                 "--output-path", str(Path(output_dir).resolve())],
                stdout=out, stderr=subprocess.STDOUT, text=True, env=env)

    def finish(self) -> str:
        """Wait for Pagefind; raise RuntimeError with its last lines if it failed."""
        assert self._proc is not None and self._log is not None
        code = self._proc.wait()
        seconds = time.perf_counter() - self._started
        output = self._log.read_text(errors="replace")
        self._cleanup()
        if code != 0:
            raise RuntimeError(" / ".join(output.strip().splitlines()[-5:]))
        pages = re.search(r"Indexed (\d+) pages?", output)
        words = re.search(r"Indexed (\d+) words?", output)
        return (f"{pages.group(1) if pages else '?'} pages, "
                f"{words.group(1) if words else '?'} words; {seconds:.1f} s in the background")

    def discard(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._cleanup()

    def _cleanup(self) -> None:
        if self._log is not None:
            self._log.unlink(missing_ok=True)
        if self._temporary:
            shutil.rmtree(self.staging, ignore_errors=True)
