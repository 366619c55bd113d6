"""One-edit rebuilds of two builds, interleaved: the rebuild budget measured in one run.

Usage:
    python scripts/benchmark.py -n 10000 --out bench-out        # makes the archive and configs
    python scripts/bench_rebuild.py bench-out/10000 [--rounds 9]
    python scripts/bench_rebuild.py bench-out/10000 --before ../other-checkout

Uses the archive, configurations, sites and caches that ``scripts/benchmark.py`` left in
``DIR``. Without ``--before`` it compares this checkout's build (``mkdocs-newsarchive.yml``)
with the same build with the reader outputs turned off (``mkdocs-outputs-off.yml``: what
the feeds, citations, dataset and map add to a rebuild); with ``--before`` (benchmark.py run
with the same ``--before``), with that checkout's build. Each round edits one article (the
text ``benchmark.py`` appends), rebuilds, reverts the edit and rebuilds again, first with
this build, then the other; it prints each timed rebuild, the medians, and the median of
the rounds' ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchmark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="an OUT/N folder of scripts/benchmark.py")
    parser.add_argument("--before", type=Path, help="the other checkout (default: this one "
                                                    "with the reader outputs off)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    base = args.dir.resolve()
    other = ("before", base / "mkdocs-newsarchive-before0.yml",
             base / "site-newsarchive-before0", args.before.resolve()) if args.before else \
        ("outputs-off", base / "mkdocs-outputs-off.yml", base / "site-off", None)
    versions = {"this": (base / "mkdocs-newsarchive.yml", base / "site-newsarchive", None),
                other[0]: other[1:]}
    for config, site, tree in versions.values():  # bring each cache up to date first
        benchmark.run_build(config, site, keep_site=True, tree=tree)
    times: dict[str, list[float]] = {name: [] for name in versions}
    for round_ in range(args.rounds):
        for name, (config, site, tree) in versions.items():
            times[name].append(benchmark.edit_rebuild(config, site, base / "content",
                                                      tree=tree).seconds)
        print(f"round {round_ + 1}: " + ", ".join(f"{n} {t[-1]:.2f} s" for n, t in times.items()),
              flush=True)
    this, that = (statistics.median(t) for t in times.values())
    paired = statistics.median(a / b for a, b in zip(*times.values(), strict=True))
    print(f"one-edit rebuild, median of {args.rounds}: this {this:.2f} s, {other[0]} "
          f"{that:.2f} s, ratio {this / that:.3f}; median of the rounds' ratios {paired:.3f}")


if __name__ == "__main__":
    main()
