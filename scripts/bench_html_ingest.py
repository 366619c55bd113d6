#!/usr/bin/env python3
"""Time the saved-page reader per page, for one or more versions of the code, in one run.

Usage::

    python scripts/bench_html_ingest.py DIR [--plugins OLD/plugins ...] [--rounds 2]

Reads every ``*.html`` under DIR with ``read_html`` (decode, parse, extract, choose, write
Markdown; no file writing) and prints, for each code version, the total seconds and the median
per page, best of ``--rounds``. The worktree's own code always runs; each ``--plugins`` folder
(e.g. a ``git archive`` of an older commit) runs in its own process too, alternating with it,
so both share the machine's load. Refused pages count with the time they took.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_pages(folder: Path) -> list[float]:
    """Seconds ``read_html`` takes on each page of ``folder``, in name order."""
    from newsarchive.ingest.html_reader import read_html
    from newsarchive.ingest.model import IngestError

    times = []
    for path in sorted(folder.rglob("*.html")):
        data = path.read_bytes()
        start = time.perf_counter()
        with contextlib.suppress(IngestError):
            read_html(data, path)
        times.append(time.perf_counter() - start)
    return times


def _run(folder: Path, plugins: str | None) -> list[float]:
    env = dict(os.environ)
    if plugins:
        env["PYTHONPATH"] = str(Path(plugins).resolve())
    out = subprocess.run([sys.executable, __file__, str(folder), "--child"], env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--plugins", action="append", default=[], help="another code version")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(time_pages(args.folder)))
        return 0
    versions = [*args.plugins, None]
    best: dict[str | None, list[float]] = {}
    for _ in range(args.rounds):
        for version in versions:
            times = _run(args.folder, version)
            if version not in best or sum(times) < sum(best[version]):
                best[version] = times
    for version in versions:
        times = best[version]
        name = version or f"{ROOT.name} (this worktree)"
        print(f"{name}: {len(times)} pages, total {sum(times):.2f} s, "
              f"median {statistics.median(times) * 1000:.0f} ms/page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
