"""Full builds with and without the reader outputs, interleaved: wall time and CPU.

Usage:
    python scripts/benchmark.py -n 10000 --out bench-out        # makes the archive and configs
    python scripts/bench_outputs.py bench-out/10000 [--rounds 4]

Each round runs two cold builds (no site folder, no cache) of the archive that
``scripts/benchmark.py`` left in ``DIR``: the same build with the feeds, citations, dataset
and map turned off (``mkdocs-outputs-off.yml``), then the full one
(``mkdocs-newsarchive.yml``). For each it prints the wall time, the CPU of the build and
all its child processes (user and system, from ``wait4``), and the whole machine's busy
CPU time over the build (``/proc/stat``: kernel writeback included); then the medians and
the median of the rounds' wall-time ratios. Old output is moved aside, never deleted
before a build (see ``benchmark.TRASH_AGE_SECONDS``).
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
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    base = args.dir.resolve()
    builds = {"outputs-off": (base / "mkdocs-outputs-off.yml", base / "site-off",
                              base / ".cache-off"),
              "newsarchive": (base / "mkdocs-newsarchive.yml", base / "site-newsarchive",
                              base / ".cache")}
    benchmark.empty_trash(base.parent / ".trash")
    runs: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in builds}
    for round_ in range(args.rounds):
        for name, (config, site, cache) in builds.items():
            done = benchmark.run_build(config, site, cache=cache)  # both moved aside first
            runs[name].append((done.seconds, done.user_s, done.system_s, done.busy_s))
            wall, user, system, busy = runs[name][-1]
            print(f"round {round_ + 1} {name:<12} wall {wall:6.2f} s  user {user:6.2f} s  "
                  f"system {system:5.2f} s  machine busy {busy:6.2f} s", flush=True)
    for name, run in runs.items():
        wall, user, system, busy = (statistics.median(x) for x in zip(*run, strict=True))
        print(f"median {name:<13} wall {wall:6.2f} s  user {user:6.2f} s  system {system:5.2f} s"
              f"  machine busy {busy:6.2f} s")
    off, on = (statistics.median(r[0] for r in run) for run in runs.values())
    paired = statistics.median(a[0] / b[0] for a, b in zip(runs["newsarchive"],
                                                           runs["outputs-off"], strict=True))
    print(f"the reader outputs add {on / off - 1:+.1%} to a full build (medians; median of the "
          f"rounds' ratios {paired - 1:+.1%})")


if __name__ == "__main__":
    main()
