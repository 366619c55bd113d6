"""Build-time benchmark: newsarchive against plain mkdocs-material on the same synthetic content.

Usage:
    python scripts/benchmark.py [-n 1000 -n 10000 -n 50000] [--out bench-out] [--no-search-size]

For every size N it writes a synthetic archive (``newsarchive.archive.synthetic``: invented
countries, outlets and filler text) once under ``OUT/N/`` and then, each in a fresh process:

- ``newsarchive``: the full build (plugin, all generated pages, related articles and the
  Pagefind search index) with ``mkdocs build``;
- ``no-search``: the same without the search index (the plugin's pages only);
- ``plain``: plain mkdocs-material, no plugin, no search, with a short explicit nav (so the
  reference is not MkDocs' quadratic auto-nav);
- ``plain+lunr``: the same with Material's built-in search, only to report the size of its
  ``search_index.json`` (skip with ``--no-search-size``);
- ``rebuild``: one article edited, then the newsarchive build run again (incremental cache);

and prints seconds, peak RSS, pages written, output bytes, the ratio to ``plain`` and, for the
search index, its total bytes and the bytes one cold query downloads (measured in Chromium
through Playwright when ``/usr/bin/chromium`` exists, else estimated from the index files).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from newsarchive.archive.synthetic import write_archive, write_vocab  # noqa: E402

MKDOCS = [sys.executable, "-m", "mkdocs"]
MARKDOWN = """
markdown_extensions:
  - toc:
      permalink: true
  - tables
  - footnotes
  - admonition
"""


@dataclass
class Run:
    seconds: float
    peak_mib: float  # mkdocs and the processes it waited for (Pagefind), whichever was larger
    pages: int
    out_bytes: int
    notes: str = ""  # the plugin's report: search index time, pages reused


def run_build(config: Path, site: Path, *, keep_site: bool = False) -> Run:
    """Run ``mkdocs build`` in a child process; measure wall time and its peak RSS."""
    if site.exists() and not keep_site:
        shutil.rmtree(site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = config.parent / "build.log"
    start = time.perf_counter()
    with log.open("w") as err:
        proc = subprocess.Popen([*MKDOCS, "build", "-f", str(config)], cwd=config.parent,
                                env=env, stderr=err, stdout=err)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"build failed: {config} (exit {proc.returncode}); see {log}")
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    notes = [line.split("newsarchive: ", 1)[1].strip() for line in log.read_text().splitlines()
             if "newsarchive: " in line]
    return Run(seconds, usage.ru_maxrss / 1024, pages, size, "; ".join(notes))


def median(runs: list[Run]) -> Run:
    """The run with the median time (its other figures come with it)."""
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def write_configs(base: Path, vocab: dict[str, Path]) -> dict[str, Path]:
    theme = textwrap.dedent(f"""\
        theme:
          name: material
          custom_dir: {ROOT / 'site_overrides'}
          font: false
          features: [navigation.tabs]
        extra_css: [assets/newsarchive.css]
        """)
    common = f"site_name: bench\ndocs_dir: content\nexclude_docs: |\n  originals/\n{theme}{MARKDOWN}"
    configs = {
        "newsarchive": common + textwrap.dedent(f"""\
            site_dir: site-newsarchive
            plugins:
              - newsarchive:
                  regions_file: {vocab['regions']}
                  sources_file: {vocab['sources']}
            """),
        "newsarchive-nosearch": common + textwrap.dedent(f"""\
            site_dir: site-nosearch
            plugins:
              - newsarchive:
                  search: false
                  cache: false
                  regions_file: {vocab['regions']}
                  sources_file: {vocab['sources']}
            """),
        "plain": common + "site_dir: site-plain\nplugins: []\nnav:\n  - Home: index.md\n",
        "plain+lunr": common + "site_dir: site-lunr\nplugins: [search]\nnav:\n  - Home: index.md\n",
    }
    paths = {}
    for name, text in configs.items():
        paths[name] = base / f"mkdocs-{name}.yml"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def prepare(base: Path, n: int) -> dict[str, Path]:
    content = base / "content"
    marker = base / ".complete"
    if not marker.exists():
        shutil.rmtree(base, ignore_errors=True)
        write_archive(content, n)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(str(n))
    # The plain reference needs a home page for its one-entry nav; newsarchive generates its own.
    home = content / "index.md"
    home.unlink(missing_ok=True)
    vocab = write_vocab(base / "vocab")
    return write_configs(base, vocab)


def cold_query_bytes(site: Path, query: str) -> tuple[int, str]:
    """Bytes fetched from /pagefind/ for one query on a freshly opened search page."""
    chromium = os.environ.get("NEWSARCHIVE_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        return _estimate_query_bytes(site), "estimated"
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    total = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page()
            sizes: list[int] = []

            def on_response(response) -> None:
                if "/pagefind/" in response.url:
                    # A cancelled request has no body: it downloaded nothing to count.
                    with contextlib.suppress(Exception):
                        sizes.append(len(response.body()))

            page.on("response", on_response)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q={query}")
            page.wait_for_selector(".na-search__result", timeout=60_000)
            page.wait_for_load_state("networkidle")
            total = sum(sizes)
            browser.close()
    finally:
        server.shutdown()
    return total, "measured in Chromium"


def _estimate_query_bytes(site: Path) -> int:
    pf = site / "pagefind"
    fixed = sum(p.stat().st_size for p in pf.glob("*.js")) + \
        sum(p.stat().st_size for p in pf.glob("wasm.*"))
    meta = sum(p.stat().st_size for p in pf.glob("pagefind.*.pf_meta"))
    chunks = sorted((p.stat().st_size for p in (pf / "index").glob("*")), reverse=True)[:1]
    frags = sorted((p.stat().st_size for p in (pf / "fragment").glob("*")), reverse=True)[:5]
    return fixed + meta + sum(chunks) + sum(frags)


def du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def edit_one_article(content: Path) -> Path:
    target = sorted((content / "articles").rglob("*.md"))[len(list(
        (content / "articles").rglob("*.md"))) // 2]
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "\nSynthetic benchmark edit.\n", encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, action="append", dest="sizes")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    parser.add_argument("--no-search-size", action="store_true")
    parser.add_argument("--no-rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each full build N times, interleaved, and report the median "
                             "(this machine's timings vary by about 10%% run to run)")
    args = parser.parse_args()
    sizes = args.sizes or [1000, 10000]
    print(f"{'N':>7} {'build':<12} {'seconds':>8} {'s/1k art':>8} {'peak MiB':>9} "
          f"{'pages':>7} {'MB out':>8} {'ratio':>6}")
    for n in sizes:
        base = args.out / str(n)
        configs = prepare(base, n)
        runs: dict[str, list[Run]] = {"plain": [], "no-search": [], "newsarchive": []}
        for _ in range(args.repeat):  # interleaved, so drifts in machine speed hit all three
            runs["plain"].append(run_build(configs["plain"], base / "site-plain"))
            runs["no-search"].append(run_build(configs["newsarchive-nosearch"],
                                               base / "site-nosearch"))
            shutil.rmtree(base / "site-nosearch", ignore_errors=True)
            runs["newsarchive"].append(run_build(configs["newsarchive"],
                                                 base / "site-newsarchive"))
        plain, nosearch, ours = (median(runs[k]) for k in ("plain", "no-search", "newsarchive"))
        rows = [("plain", plain), ("no-search", nosearch), ("newsarchive", ours)]
        if not args.no_rebuild:
            edited = edit_one_article(base / "content")
            rebuild = run_build(configs["newsarchive"], base / "site-newsarchive",
                                keep_site=True)
            edited.write_text(edited.read_text(encoding="utf-8").replace(
                "\nSynthetic benchmark edit.\n", ""), encoding="utf-8")
            rows.append(("rebuild-1", rebuild))
        for name, r in rows:
            print(f"{n:>7,} {name:<12} {r.seconds:8.1f} {1000 * r.seconds / n:8.2f} "
                  f"{r.peak_mib:9,.0f} {r.pages:7,} {r.out_bytes / 1e6:8.1f} "
                  f"{r.seconds / plain.seconds:6.2f}  {r.notes}", flush=True)
        index = base / "site-newsarchive" / "pagefind"
        query_bytes, how = cold_query_bytes(base / "site-newsarchive", "qarvella")
        lunr = "n/a"
        if not args.no_search_size:
            run_build(configs["plain+lunr"], base / "site-lunr")
            lunr = f"{du(base / 'site-lunr' / 'search' / 'search_index.json') / 1e6:.1f} MB"
        print(f"{n:>7,} search: pagefind index {du(index) / 1e6:.1f} MB total; one cold query "
              f"downloads {query_bytes / 1e3:,.0f} KB ({how}); Material lunr "
              f"search_index.json {lunr}", flush=True)


if __name__ == "__main__":
    main()
