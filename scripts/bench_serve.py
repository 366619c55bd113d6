"""How fast `mkdocs serve` shows an edited article: seconds from saving the file to the
browser reload, on a synthetic archive prepared by ``scripts/benchmark.py``.

Usage:
    python scripts/benchmark.py -n 10000          # once: writes bench-out/10000/
    python scripts/bench_serve.py --dir bench-out/10000 [--edits 3]

Starts ``mkdocs serve`` on the archive's newsarchive config, waits for the first build, then
appends a line to one article ``--edits`` times and reports, for each edit, the seconds until
the server logs "Reloading browsers" (what the reader's open tab waits for) and the build
time MkDocs reports. The article is restored afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    config = (args.dir / "mkdocs-newsarchive.yml").resolve()
    articles = sorted((args.dir / "content" / "articles").rglob("*.md"))
    target = articles[len(articles) // 2]
    original = target.read_bytes()
    lines: list[tuple[float, str]] = []
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr",
         f"127.0.0.1:{args.port}"],
        cwd=args.dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append((time.perf_counter(), line.rstrip()))

    threading.Thread(target=read, daemon=True).start()

    def wait_for(pattern: str, after: int, timeout: float) -> tuple[int, float]:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if proc.poll() is not None:
                raise SystemExit("mkdocs serve stopped:\n" + "\n".join(t for _, t in lines[-20:]))
            for i in range(after, len(lines)):
                if re.search(pattern, lines[i][1]):
                    return i, lines[i][0]
            time.sleep(0.02)
        raise SystemExit(f"timed out waiting for {pattern!r}")

    try:
        start = time.perf_counter()
        _, ready = wait_for(r"Serving on", 0, 1800)
        print(f"initial build and start: {ready - start:.1f} s", flush=True)
        time.sleep(20)  # let the first search index finish in the background
        for n in range(1, args.edits + 1):
            mark = len(lines)
            saved = time.perf_counter()
            target.write_bytes(original + f"\nSynthetic serve edit {n}.\n".encode())
            i, reloaded = wait_for(r"Reloading browsers", mark, 300)
            built = next((m.group(1) for _, text in lines[mark:i + 1]
                          if (m := re.search(r"built in ([\d.]+) seconds", text))), "?")
            print(f"edit {n}: reload after {reloaded - saved:.2f} s (build {built} s)",
                  flush=True)
            time.sleep(10)
    finally:
        target.write_bytes(original)
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
