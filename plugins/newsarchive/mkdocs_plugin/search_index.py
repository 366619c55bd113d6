"""The offline full-text search index: Pagefind run over the built article pages.

Only article pages are read (``--glob``): listings, indexes and the home page carry no
``data-pagefind-body`` and would only cost parsing time. The binary comes from the
``pagefind[bin]`` wheel: nothing is downloaded. (Feeding pages to Pagefind's service while
MkDocs renders was measured 30 times slower than one CLI run over the finished site.)
"""

from __future__ import annotations

import re
import subprocess
import sys
import time


def build_search_index(site_dir: str, articles_dir: str) -> str:
    """Index the article pages of ``site_dir`` into ``site_dir/pagefind``; return a summary."""
    cmd = [sys.executable, "-m", "pagefind", "--site", site_dir,
           "--glob", f"{articles_dir.strip('/')}/**/*.html"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise RuntimeError(" / ".join(tail))
    pages = re.search(r"Indexed (\d+) pages?", proc.stdout)
    words = re.search(r"Indexed (\d+) words?", proc.stdout)
    return (f"{pages.group(1) if pages else '?'} pages, "
            f"{words.group(1) if words else '?'} words in {seconds:.1f} s")
