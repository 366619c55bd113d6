"""Time loading synthetic articles through the frontmatter loader (what `check` and a build do).

Usage: python scripts/bench_load.py [-n 10000] [--repeat 5] [--dir DIR]

Writes ``n`` synthetic articles (``scripts/synthetic.py``: invented countries,
outlets and filler text) once under ``DIR`` (default: a temporary folder), then times, each
``--repeat`` times, with the files in the page cache:

- ``split``: the files' texts (read beforehand) split into frontmatter and body;
- ``load_text``: the same plus schema validation against the synthetic vocabularies;
- ``load_articles``: reading the files too (what ``newsarchive check`` does before its
  archive-wide checks).

Prints the best and the median wall-clock time of each and the best CPU time of this process
(steadier on a busy machine), in seconds and microseconds per article.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from synthetic import write_archive, write_vocab

from newsarchive.archive.frontmatter import split
from newsarchive.archive.loader import article_files, load_articles, load_text
from newsarchive.vocab import load_vocab


def timed(label: str, n: int, repeat: int, run: Callable[[], object]) -> None:
    runs, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    best, median, best_cpu = min(runs), statistics.median(runs), min(cpu)
    print(f"{label:14} best {best:6.2f} s ({best / n * 1e6:5.0f} us/article)  "
          f"median {median:6.2f} s  best CPU {best_cpu:6.2f} s "
          f"({best_cpu / n * 1e6:5.0f} us/article)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", type=Path, help="where to write the archive (kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.dir or Path(tmp)
        content = base / "content"
        if not (content / "articles").is_dir():
            write_archive(content, args.n)
        vocab = load_vocab(**write_vocab(base / "vocab"))
        files = article_files(content)
        texts = [(p.relative_to(content).as_posix(), p.read_text(encoding="utf-8"))
                 for p in files]
        n = len(files)
        print(f"{n} synthetic articles, {sum(len(t) for _, t in texts) / n:.0f} characters each "
              f"on average")
        timed("split", n, args.repeat, lambda: [split(t) for _, t in texts])
        timed("load_text", n, args.repeat, lambda: [load_text(t, r, vocab) for r, t in texts])
        result = load_articles(content, vocab)
        assert not result.problems, result.messages()[:5]
        timed("load_articles", n, args.repeat, lambda: load_articles(content, vocab))


if __name__ == "__main__":
    main()
