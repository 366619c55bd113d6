"""Hostile inputs for ingest: decompression bombs and pathological pages, timed one by one.

Builds every input itself (synthetic filler only), runs ``newsarchive ingest FILE`` on each in
a fresh process and prints its wall time, peak memory (the largest resident set among the
process and the children it waited for, from ``wait4``), exit code and first error line.

The benchmark guards the machine itself: each run is killed after ``--kill-after`` seconds
and limited to ``--max-memory`` of address space, so that it can also measure a version of
ingest without per-file limits.

    .venv/bin/python scripts/bench_hostile.py              # every case
    .venv/bin/python scripts/bench_hostile.py gz-1g dense-script
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024
HEAD = (b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        b"<title>Velmora filler page for a hostile-input benchmark</title></head><body>"
        b"<article><h1>Velmora filler page for a hostile-input benchmark</h1>"
        + b"<p>Filler sentence of a synthetic benchmark page about the invented town of "
          b"Velmora; nothing here is news.</p>" * 8)


def _gzip_member(size: int) -> bytes:
    """One gzip member: the page head, then ``size`` bytes of spaces (about 1,000:1)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [comp.compress(HEAD)]
    chunk = b" " * MB
    for _ in range(size // MB):
        parts.append(comp.compress(chunk))
    parts.append(comp.flush())
    return b"".join(parts)


def gz_bomb(gigabytes: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        member = _gzip_member(1024 * MB)  # 1 MB of gzip, 1 GB of page
        path = folder / f"bomb-{gigabytes}g.html.gz"
        path.write_bytes(member * gigabytes)  # concatenated members are one valid gzip file
        return path
    return build


def html_case(name: str, body: Callable[[], bytes], suffix: str = ".html"
              ) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / f"{name}{suffix}"
        path.write_bytes(body())
        return path
    return build


def _normal_page(mb: int) -> bytes:
    para = (b"<p>Filler paragraph of a large synthetic page about the invented river Ostra "
            b"near Velmora, repeated to reach the benchmark size.</p>\n")
    return HEAD + para * (mb * MB // len(para)) + b"</article></body></html>"


_SAVE = """Filler report {n} from the invented town of Velmora

By Filler Newsdesk

March 4, 2021

Filler paragraph {n} of a synthetic text save for the ingest benchmark: the invented river of
Velmora rose by a filler metre on Tuesday, and the filler council met to discuss it.

A second filler paragraph of save {n} closes the invented report with a calm summary.

Original url: https://courier.velmora.example/news/2021/03/04/filler-{n}
"""


def small_saves(count: int) -> Callable[[Path], Path]:
    """A folder of ``count`` small, good text saves: the per-file overhead of a batch."""
    def build(folder: Path) -> Path:
        batch = folder / f"batch-{count}"
        batch.mkdir()
        for n in range(count):
            (batch / f"save-{n:04d}.txt").write_text(_SAVE.format(n=n), encoding="utf-8")
        return batch
    return build


CASES: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "batch-200": ("a folder of 200 small good text saves (not hostile: per-file overhead)",
                  small_saves(200)),
    "gz-1g": ("1 MB .html.gz expanding to 1 GB", gz_bomb(1)),
    "gz-10g": ("10 MB .html.gz expanding to 10 GB", gz_bomb(10)),
    "dense-script": ("500,000 unclosed <script> tags (4.5 MB)",
                     html_case("dense-script", lambda: HEAD + b"<script>" * 500_000)),
    "dense-style": ("700,000 unclosed <style> tags (4.9 MB)",
                    html_case("dense-style", lambda: HEAD + b"<style>" * 700_000)),
    "dense-svg": ("900,000 unclosed <svg> tags (4.5 MB)",
                  html_case("dense-svg", lambda: HEAD + b"<svg>" * 900_000)),
    "open-script-tag": ("1,000,000 '<script' with no '>' at all",
                        html_case("open-script-tag", lambda: HEAD + b"<script " * 1_000_000)),
    "legacy-dense-script": ("windows-1252 page (no charset) with 500,000 unclosed <script>",
                            html_case("legacy-dense-script",
                                      lambda: HEAD + b"caf\xe9 " + b"<script>" * 500_000)),
    "lt-run": ("5,000,000 '<' with no '>' (HTML)", html_case("lt-run", lambda: HEAD + b"<" * 5 * MB)),
    "deep-nesting": ("1,000,000 nested <div>",
                     html_case("deep-nesting", lambda: HEAD + b"<div>" * 1_000_000)),
    "huge-attribute": ("one 50 MB attribute value",
                       html_case("huge-attribute",
                                 lambda: HEAD + b'<div title="' + b"x" * 50 * MB + b'">x</div>')),
    "unclosed-attribute": ("an attribute quote never closed, 20 MB",
                           html_case("unclosed-attribute",
                                     lambda: HEAD + b'<div title="' + b"x y " * 5 * MB)),
    "bracket-run": ("a paragraph of 1,000,000 '[' (Markdown link syntax, never closed)",
                    html_case("bracket-run", lambda: HEAD + b"<p>" + b"[" * MB + b"</p>")),
    "normal-50mb": ("a well-formed 50 MB page (not hostile)", html_case("normal-50mb",
                                                                        lambda: _normal_page(50))),
    "text-lt-run": ("plain-text save: title line then 1,000,000 '<' ",
                    html_case("text-lt-run",
                              lambda: b"Velmora filler title\n\n" + b"<" * MB, suffix=".txt")),
    "text-entity-nest": ("plain-text save: an entity escaped 200,000 times (&amp;amp;...lt;)",
                         html_case("text-entity-nest",
                                   lambda: b"Velmora filler title\n\n&" + b"amp;" * 200_000
                                   + b"lt;b&gt;", suffix=".txt")),
}


def run_one(path: Path, kill_after: float, max_memory: int, extra: list[str]
            ) -> tuple[int | None, float, float, str]:
    """Return (exit code or None if killed, seconds, peak MB, first error line)."""
    exe = Path(sys.executable).with_name("newsarchive")
    with tempfile.TemporaryDirectory() as content:
        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
            os.setsid()

        start = time.monotonic()
        proc = subprocess.Popen([str(exe), "ingest", str(path), "--content", content, *extra],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                preexec_fn=limit)
        killed = False
        try:
            _, err = proc.communicate(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
            _, err = proc.communicate()
        elapsed = time.monotonic() - start
    # communicate() reaped the process; its peak is in the children's usage of this process.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    line = next((ln for ln in err.decode("utf-8", "replace").splitlines()
                 if ln.startswith("error:")), "")
    return (None if killed else proc.returncode), elapsed, peak, line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help=f"cases to run (default all): {', '.join(CASES)}")
    parser.add_argument("--kill-after", type=float, default=120.0,
                        help="seconds after which the benchmark kills a run (default 120)")
    parser.add_argument("--max-memory", type=float, default=6.0,
                        help="address-space limit of each run in GB (default 6)")
    parser.add_argument("--ingest-args", default="", help="extra arguments for ingest")
    args = parser.parse_args()
    names = args.cases or list(CASES)
    for name in names:
        if name not in CASES:
            parser.error(f"unknown case {name!r}; choose from {', '.join(CASES)}")
    print(f"{'case':20} {'input':>9} {'exit':>6} {'seconds':>8} {'peak MB':>8}  first error line")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            _, build = CASES[name]
            # One fresh process per case, so that RUSAGE_CHILDREN holds this case's peak only.
            pid = os.fork()
            if pid == 0:
                try:
                    path = build(Path(tmp))
                    size = sum(p.stat().st_size for p in [path, *path.rglob("*")]
                               if p.is_file())
                    code, secs, peak, line = run_one(path, args.kill_after,
                                                     int(args.max_memory * 1024**3),
                                                     args.ingest_args.split())
                    if path.is_file():
                        path.unlink()
                    shown = "killed" if code is None else str(code)
                    print(f"{name:20} {size / MB:7.1f}MB {shown:>6} {secs:8.2f} {peak:8.0f}  "
                          f"{line[:150]}", flush=True)
                finally:
                    os._exit(0)
            os.waitpid(pid, 0)
    print("\n" + "\n".join(f"{n:20} {CASES[n][0]}" for n in names))


if __name__ == "__main__":
    main()
