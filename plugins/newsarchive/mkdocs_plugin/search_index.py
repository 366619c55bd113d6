"""Run Pagefind over the built site (post-build): the offline full-text search index."""

from __future__ import annotations

import re
import subprocess
import sys
import time


def build_search_index(site_dir: str) -> str:
    """Index ``site_dir`` into ``site_dir/pagefind``; return Pagefind's one-line summary.

    Uses the binary shipped by the ``pagefind[bin]`` wheel: nothing is downloaded.
    """
    cmd = [sys.executable, "-m", "pagefind", "--site", site_dir]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise RuntimeError("Pagefind failed to index the site: " + " / ".join(tail) +
                           " (set `search: false` in the newsarchive plugin options to skip)")
    pages = re.search(r"Indexed (\d+) pages?", proc.stdout)
    words = re.search(r"Indexed (\d+) words?", proc.stdout)
    return (f"{pages.group(1) if pages else '?'} pages, "
            f"{words.group(1) if words else '?'} words in {seconds:.1f} s")
