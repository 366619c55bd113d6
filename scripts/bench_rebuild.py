"""One-edit rebuilds of two versions, interleaved: the rebuild budget measured in one run.

Usage:
    python scripts/benchmark.py -n 10000 --before ../post15 --out bench-out   # makes the archive
    python scripts/bench_rebuild.py bench-out/10000 --before ../post15 [--rounds 5]

Uses the archive, configurations, sites and caches that ``scripts/benchmark.py`` left in
``DIR`` (``mkdocs-newsarchive.yml`` for this checkout, ``mkdocs-newsarchive-before0.yml`` for
``--before``). Each round edits one article (the text ``benchmark.py`` appends), rebuilds,
reverts the edit and rebuilds again, first with this checkout, then with the other one; it
prints each timed rebuild and the medians and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchmark

EDIT = "\nSynthetic benchmark edit.\n"


def one_edit(base: Path, config: Path, site: Path, tree: Path | None) -> float:
    edited = benchmark.edit_one_article(base / "content")
    run = benchmark.run_build(config, site, keep_site=True, tree=tree)
    edited.write_text(edited.read_text(encoding="utf-8").replace(EDIT, ""), encoding="utf-8")
    benchmark.run_build(config, site, keep_site=True, tree=tree)
    return run.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="an OUT/N folder of scripts/benchmark.py")
    parser.add_argument("--before", type=Path, required=True, help="the other checkout")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    base = args.dir.resolve()
    versions = {"this": (base / "mkdocs-newsarchive.yml", base / "site-newsarchive", None),
                "before": (base / "mkdocs-newsarchive-before0.yml",
                           base / "site-newsarchive-before0", args.before.resolve())}
    for config, site, tree in versions.values():  # bring each cache up to date first
        benchmark.run_build(config, site, keep_site=True, tree=tree)
    times: dict[str, list[float]] = {name: [] for name in versions}
    for round_ in range(args.rounds):
        for name, (config, site, tree) in versions.items():
            times[name].append(one_edit(base, config, site, tree))
        print(f"round {round_ + 1}: " + ", ".join(f"{n} {t[-1]:.2f} s" for n, t in times.items()),
              flush=True)
    this, before = (statistics.median(times[n]) for n in ("this", "before"))
    print(f"one-edit rebuild, median of {args.rounds}: this {this:.2f} s, before {before:.2f} s, "
          f"ratio {this / before:.3f}")


if __name__ == "__main__":
    main()
