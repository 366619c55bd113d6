"""Time ingest's store on a synthetic archive: the duplicate scan, the lock, the commit.

Usage: python scripts/bench_ingest_store.py [-n 10000] [--writes 50]

Writes ``n`` synthetic articles (with bodies) to a temporary content folder, then prints:
- the first lookup: the recovery sweep plus the full duplicate scan, every article read
  through the project's frontmatter loader;
- the first lookup of the next run, which reads the index the first one saved and re-reads
  only changed files;
- a later lookup with nothing changed (re-checks the folders' mtimes only);
- taking and releasing the content folder's lock, alone;
- writing ``--writes`` new articles one after the other, each under the lock: per file, the
  whole commit (journal, two files, links, syncs) and the part that is the lock plus the
  re-check of what other processes wrote.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from synthetic import generate, write_archive

from newsarchive.ingest.store import ArchiveStore


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--writes", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        content = Path(tmp) / "content"
        t0 = time.perf_counter()
        write_archive(content, args.n)
        print(f"wrote {args.n} synthetic articles in {time.perf_counter() - t0:.1f} s")

        store = ArchiveStore(content)
        t0 = time.perf_counter()
        store.find("0" * 64, None)
        print(f"first lookup (sweep + full scan of {args.n} files): "
              f"{time.perf_counter() - t0:.2f} s")

        t0 = time.perf_counter()
        ArchiveStore(content).find("0" * 64, None)
        print(f"first lookup of the next run (sweep + the saved index + stat of each file): "
              f"{time.perf_counter() - t0:.2f} s")

        repeats = []
        for _ in range(200):
            t0 = time.perf_counter()
            store.find("0" * 64, "https://nowhere.test/x")
            repeats.append(time.perf_counter() - t0)
        print(f"later lookup, nothing changed: median {_ms(statistics.median(repeats))}")

        locks = []
        for _ in range(200):
            t0 = time.perf_counter()
            with store.locked():
                pass
            locks.append(time.perf_counter() - t0)
        print(f"take + release the lock (with the journal check): "
              f"median {_ms(statistics.median(locks))}")

        fresh = generate(args.writes, seed=1, words=(300, 900))
        writes, checks = [], []
        for article in fresh:
            article = dataclasses.replace(article, sha256=article.sha256[::-1],
                                          original_url=article.original_url + "-new")
            t0 = time.perf_counter()
            with store.locked():
                store.refresh()
            checks.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            store.write(article, article.body.encode(), ".txt")
            writes.append(time.perf_counter() - t0)
        print(f"write one article (lock, re-check, commit with syncs): "
              f"median {_ms(statistics.median(writes))}, max {_ms(max(writes))}")
        print(f"  of which lock + re-check of other processes' files: "
              f"median {_ms(statistics.median(checks))}")


if __name__ == "__main__":
    main()
