"""Run a command and show, second by second, how many cores each of its processes used.

Usage:
    python scripts/build_timeline.py [--every 0.25] -- mkdocs build -q -f mkdocs.yml

A build of this archive forks several children (related lists, early citations, the second
page process, the theme share, the plain files, Pagefind's shards); wall time alone does not
say where a core sat idle or which process a phase waited for. This samples the command's
whole process tree from ``/proc`` every ``--every`` seconds and prints, for each second, the
cores used in all and by the busiest processes, then each process's parent, first and last
sighting and CPU seconds. A finished child that its parent has not yet reaped still shows
(as a zombie) until it is; its CPU stops growing. A process that exits between two samples
loses the CPU it used after its last sighting, so short-lived ones (each Pagefind shard, a
second or less) show less than they use. Linux only; sampling costs a few percent of one
core.
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Seen:
    name: str
    parent: int
    first: float
    last: float
    cpu: float  # seconds of user + system CPU at the last sighting


def _stat(pid: int) -> tuple[int, str, float] | None:
    """(parent pid, command name, CPU seconds) of a live process, or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    close = text.rfind(")")
    fields = text[close + 2:].split()
    return int(fields[1]), text[text.find("(") + 1:close], (int(fields[11]) + int(fields[12])) / TICKS


def _tree(root: int) -> dict[int, tuple[int, str, float]]:
    """Every process under ``root`` (itself included), by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None:
                found[int(entry.name)] = stat
    tree = {root}
    grown = True
    while grown:
        grown = False
        for pid, (parent, _, _) in found.items():
            if pid not in tree and parent in tree:
                tree.add(pid)
                grown = True
    return {pid: found[pid] for pid in tree if pid in found}


def sample(command: list[str], every: float) -> tuple[float, int, dict[int, Seen],
                                                         dict[int, collections.Counter[int]]]:
    """Run ``command``; (wall seconds, exit code, processes seen, CPU per second per pid)."""
    start = time.monotonic()
    child = subprocess.Popen(command)
    seen: dict[int, Seen] = {}
    per_second: dict[int, collections.Counter[int]] = collections.defaultdict(collections.Counter)
    while child.poll() is None:
        now = time.monotonic() - start
        for pid, (parent, name, cpu) in _tree(child.pid).items():
            known = seen.get(pid)
            if known is None:
                known = seen[pid] = Seen(name, parent, now, now, 0.0)
            per_second[int(now)][pid] += cpu - known.cpu
            known.last, known.cpu = now, cpu
        time.sleep(every)
    return time.monotonic() - start, child.returncode, seen, per_second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=0.25, help="seconds between samples")
    parser.add_argument("--top", type=int, default=4, help="processes shown per second")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    wall, code, seen, per_second = sample(command, args.every)
    print(f"wall {wall:.2f} s, exit code {code}")
    print("second  cores  busiest processes (pid:cores)")
    for second in sorted(per_second):
        used = per_second[second]
        top = " ".join(f"{pid}:{cores:.2f}" for pid, cores in used.most_common(args.top)
                       if cores >= 0.05)
        print(f"{second:6d}  {sum(used.values()):5.2f}  {top}")
    print("pid      parent   name             first    last     CPU s")
    for pid, s in sorted(seen.items(), key=lambda kv: kv[1].first):
        print(f"{pid:<8d} {s.parent:<8d} {s.name[:16]:<16} {s.first:7.1f} {s.last:7.1f} "
              f"{s.cpu:8.2f}")
    sys.exit(code)


if __name__ == "__main__":
    main()
