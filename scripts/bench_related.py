"""Time the related-articles computation alone on synthetic archives.

Usage: python scripts/bench_related.py [-n 10000 -n 100000] [--seed 0] [--workers N] [--recall]

Articles are generated in memory (no bodies, no files); only ``compute_related`` (and, on the
same line, ``link_related_titles``) is timed. Each size runs in a fresh child process so the
peak RSS printed is that size's own. ``--recall`` also compares the top-k of 100 sampled
articles with the exhaustive ranking (every article scored; slow) to show what the
candidate limits cost in quality.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from synthetic import generate, write_vocab

from newsarchive.archive.related import Relation, Weights, compute_related, link_related_titles
from newsarchive.schema import Article
from newsarchive.vocab import load_vocab


def _peak_mib() -> tuple[float, float]:
    """Peak RSS of this process and of its finished children (the worker processes), MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own / 1024, kids / 1024  # Linux reports KiB


def recall(articles: list[Article], related: dict[str, list[Relation]], k: int = 5,
           sample: int = 100) -> str:
    """Overlap with the exhaustive top-k, and the share of its total score kept."""
    # Private on purpose: the exhaustive reference reuses the features and weights exactly.
    from newsarchive.archive.related import _UNDATED, _build_index

    ordered = sorted(articles, key=lambda a: a.path)
    ix = _build_index(ordered, None, k, Weights(), 1, 1, k, 0.0, 0)
    tw, scale = ix.weights.time, ix.weights.time_scale_days
    hits = kept = best = 0.0
    for i in random.Random(0).sample(range(len(ordered)), min(sample, len(ordered))):
        d, fs, scored = ix.ords[i], ix.fsets[i], []
        for c in range(len(ordered)):
            shared = fs & ix.fsets[c]
            if not shared or ix.group[c] == ix.group[i]:
                continue
            s = math.fsum(ix.weight[f] for f in shared)
            if _UNDATED not in (d, ix.ords[c]):
                s += tw / (1 + abs(d - ix.ords[c]) / scale)
            scored.append((-round(s, 9), -ix.ords[c], c))
        top = sorted(scored)[:k]
        got = related[ix.paths[i]]
        hits += len({ix.paths[c] for _, _, c in top} & {r.target for r in got}) / k
        best += sum(-s for s, _, _ in top)
        kept += sum(r.score for r in got)
    n = min(sample, len(ordered))
    return f"recall@{k} vs exhaustive {hits / n:.2f}, score kept {kept / best:.3f}"


def _cpu() -> float:
    """CPU seconds of this process and its finished children: wall time on a busy machine
    depends on the other load, this does not."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(n: int, seed: int, workers: int | None, vocab_dir: str, with_recall: bool) -> None:
    """Generate, then time compute_related and link_related_titles; print one line."""
    vocab = load_vocab(**write_vocab(Path(vocab_dir)))
    articles = generate(n, seed, words=None)
    before, _ = _peak_mib()
    cpu_before = _cpu()
    start = time.perf_counter()
    related = compute_related(articles, vocab, workers=workers)
    related_s = time.perf_counter() - start
    related_cpu = _cpu() - cpu_before
    start = time.perf_counter()
    cites, _ = link_related_titles(articles)
    titles_s = time.perf_counter() - start
    own, kids = _peak_mib()
    listed = sum(len(v) for v in related.values())
    print(f"n={n:>7,}  compute_related {related_s:6.2f} s (CPU {related_cpu:.2f} s, all "
          f"processes; {listed:,} relations)  "
          f"link_related_titles {titles_s:5.2f} s ({len(cites):,} citing)  "
          f"peak RSS {own:,.0f} MiB (after generating: {before:,.0f} MiB; "
          f"workers: {kids:,.0f} MiB)", flush=True)
    if with_recall:
        print(f"n={n:>7,}  {recall(articles, related)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="archive size (repeatable)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None,
                        help="processes for compute_related (default: its own choice)")
    parser.add_argument("--recall", action="store_true",
                        help="also compare with the exhaustive ranking (slow)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as vocab_dir:
        for n in args.n or [10_000, 100_000]:
            # A fresh process per size: ru_maxrss is a high-water mark.
            child = multiprocessing.get_context("spawn").Process(
                target=run, args=(n, args.seed, args.workers, vocab_dir, args.recall))
            child.start()
            child.join()
            if child.exitcode:
                sys.exit(child.exitcode)


if __name__ == "__main__":
    main()
