"""Build-time benchmark: newsarchive against plain mkdocs-material on the same synthetic content.

Usage:
    python scripts/benchmark.py [-n 1000 -n 10000 -n 50000] [--out bench-out] [--no-search-size]

For every size N it writes a synthetic archive (``scripts/synthetic.py``: invented
countries, outlets and filler text) once under ``OUT/N/`` and then, each in a fresh process:

- ``newsarchive``: the full build (plugin, all generated pages, related articles and the
  Pagefind search index) with ``mkdocs build``;
- ``no-search``: the same without the search index (the plugin's pages only);
- ``outputs-off``: the full build with the reader outputs turned off (``feeds``,
  ``citations``, ``map`` and ``dataset`` false): the same engine, so the ``newsarchive`` row
  against this one is what those outputs cost; also its one-edit rebuild (``off-rb-1``);
- ``plain``: plain mkdocs-material, no plugin, no search, with a short explicit nav (so the
  reference is not MkDocs' quadratic auto-nav);
- ``plain+lunr``: the same with Material's built-in search, only to report the size of its
  ``search_index.json`` (skip with ``--no-search-size``);
- ``rebuild-1``: one article edited, then the newsarchive build run again (incremental cache);
- ``rebuild-add``: one article added (then removed again), and the same;

``--before DIR`` (repeatable) adds the full build and one-edit rebuild of another checkout
of this repository (an earlier commit), interleaved with the others, as ``beforeN`` rows: a
change's cost measured against its own starting point in the same run.

It prints seconds, peak RSS, pages written, output bytes, the ratio to ``plain`` and, for the
search index, its total bytes and the bytes one cold query downloads (measured in Chromium
through Playwright when ``/usr/bin/chromium`` exists, else estimated from the index files).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from synthetic import write_archive, write_vocab  # noqa: E402

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
    peak_mib: float  # the largest single process (mkdocs or a Pagefind run)
    pages: int
    out_bytes: int
    notes: str = ""  # the plugin's report: search index time, pages reused
    total_mib: float = 0.0  # peak of mkdocs and its children together (sampled)
    user_s: float = 0.0  # CPU of mkdocs and every child it waited for (wait4)
    system_s: float = 0.0
    busy_s: float = 0.0  # the whole machine's busy CPU time during the build (/proc/stat)


def _machine_ticks() -> tuple[int, int]:
    """(all, idle + iowait) clock ticks of the machine since boot."""
    with Path("/proc/stat").open(encoding="ascii") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    return sum(ticks), ticks[3] + ticks[4]


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            pages = int((proc / "statm").read_text().split()[1])
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(proc.name))
        rss[int(proc.name)] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


# Deleting a built site right before the next timed build would slow that build: this disk's
# ext4 (no journal) will not reuse an inode freed in the last minute (five while its block is
# dirty), so every new file first searches past the freed ones. Right after deleting a
# 10,000-page site that cost a newsarchive build 7 s and plain Material 4 s. A build in CI or
# by a curator does not follow such a deletion, so here nothing is deleted between builds:
# old output is moved into TRASH, emptied once when the benchmark starts, before it waits
# for those inodes to age.
TRASH_AGE_SECONDS = 65


def discard(path: Path, trash: Path) -> None:
    """Move ``path`` out of the way without freeing its inodes (see TRASH_AGE_SECONDS)."""
    if path.exists():
        trash.mkdir(parents=True, exist_ok=True)
        path.rename(trash / f"{len(list(trash.iterdir()))}-{path.name}")


def empty_trash(trash: Path) -> None:
    if trash.exists():
        shutil.rmtree(trash)
        os.sync()
        time.sleep(TRASH_AGE_SECONDS)


def settle(base: Path) -> None:
    """Before a timed build: wait until no plugin cache is still deleting a previous output in
    the background (``trash-*``), then write every dirty block."""
    deadline = time.monotonic() + 120
    while any(base.glob(".cache*/*/trash-*")) and time.monotonic() < deadline:
        time.sleep(0.5)
    os.sync()
    time.sleep(1)


def run_build(config: Path, site: Path, *, keep_site: bool = False,
              cache: Path | None = None, tree: Path | None = None) -> Run:
    """Run ``mkdocs build`` in a child process; measure wall time and peak memory.

    ``cache``: the plugin's cache folder, deleted first so the build is a full one.
    ``tree``: another checkout of this repository whose package builds instead (``--before``).
    """
    trash = config.parent.parent / ".trash"
    if not keep_site:
        discard(site, trash)
    if cache is not None:
        discard(cache, trash)
    settle(config.parent)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if tree is not None:
        env["PYTHONPATH"] = str(tree / "plugins")
    log = config.parent / "build.log"
    start, (all0, idle0) = time.perf_counter(), _machine_ticks()
    peak = [0]
    with log.open("w") as err:
        proc = subprocess.Popen([*MKDOCS, "build", "-f", str(config)], cwd=config.parent,
                                env=env, stderr=err, stdout=err)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.25):
                peak[0] = max(peak[0], _tree_rss_kib(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        all1, idle1 = _machine_ticks()
        done.set()
        sampler.join()
    busy = ((all1 - all0) - (idle1 - idle0)) / os.sysconf("SC_CLK_TCK")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"build failed: {config} (exit {proc.returncode}); see {log}")
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    notes = [line.split("newsarchive: ", 1)[1].strip() for line in log.read_text().splitlines()
             if "newsarchive: " in line]
    return Run(seconds, usage.ru_maxrss / 1024, pages, size, "; ".join(notes), peak[0] / 1024,
               usage.ru_utime, usage.ru_stime, busy)


def median(runs: list[Run]) -> Run:
    """The run with the median time (its other figures come with it)."""
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def write_configs(base: Path, vocab: dict[str, Path], before: list[Path] = ()
                  ) -> dict[str, Path]:
    paths = _write_configs(base, vocab, ROOT, "")
    for i, tree in enumerate(before):
        paths[f"before{i}"] = _write_configs(base, vocab, tree, f"-before{i}")["newsarchive"]
    return paths


def _write_configs(base: Path, vocab: dict[str, Path], root: Path, suffix: str
                   ) -> dict[str, Path]:
    theme = textwrap.dedent(f"""\
        theme:
          name: material
          custom_dir: {root / 'site_overrides'}
          font: false
          features: [navigation.tabs]
        extra_css: [assets/newsarchive.css]
        """)
    # A published site has its address (feeds and the sitemap need it).
    common = (f"site_name: bench\nsite_url: https://archive.example.org/\ndocs_dir: content\n"
              f"exclude_docs: |\n  originals/\n{theme}{MARKDOWN}")
    configs = {
        "newsarchive": common + textwrap.dedent(f"""\
            site_dir: site-newsarchive{suffix}
            plugins:
              - newsarchive:
                  cache_dir: .cache{suffix}/newsarchive
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
        "outputs-off": common + textwrap.dedent(f"""\
            site_dir: site-off{suffix}
            plugins:
              - newsarchive:
                  cache_dir: .cache-off{suffix}/newsarchive
                  regions_file: {vocab['regions']}
                  sources_file: {vocab['sources']}
                  feeds: false
                  citations: false
                  map: false
                  dataset: false
            """),
        "plain": common + "site_dir: site-plain\nplugins: []\nnav:\n  - Home: index.md\n",
        "plain+lunr": common + "site_dir: site-lunr\nplugins: [search]\nnav:\n  - Home: index.md\n",
    }
    paths = {}
    for name, text in configs.items():
        paths[name] = base / f"mkdocs-{name}{suffix}.yml"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def prepare(base: Path, n: int, before: list[Path] = ()) -> dict[str, Path]:
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
    return write_configs(base, vocab, before)


GZIP_TYPES = (".js", ".css", ".html", ".json", ".svg", ".xml", ".txt")


def _kind(url: str) -> str:
    """What a fetched search file is for (for the cold-query breakdown)."""
    name = url.rsplit("/", 1)[-1]
    if name.endswith(".pf_meta"):
        return "page lists"
    for folder, kind in (("/index/", "word index"), ("/fragment/", "excerpts"),
                         ("/filter/", "filters")):
        if folder in url:
            return kind
    return "script" if name == "search.js" else "runtime"


def cold_query_bytes(site: Path, query: str) -> tuple[int, int, str]:
    """Bytes one search costs a reader who opens the search page cold and searches once:
    Pagefind's files plus the search page's own script, as served (raw) and as sent with
    gzip for text files the way GitHub Pages serves them (Pagefind's index files are already
    compressed and go as they are)."""
    chromium = os.environ.get("NEWSARCHIVE_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        estimate = _estimate_query_bytes(site)
        return estimate, estimate, "estimated"
    import functools
    import gzip
    import http.server

    from playwright.sync_api import sync_playwright

    counted: list[tuple[str, int, int]] = []  # path, raw bytes, bytes sent

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                return super().do_GET()
            body = path.read_bytes()
            sent = body
            gz = path.suffix in GZIP_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")
            if gz:
                sent = gzip.compress(body, 6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            if gz:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(sent)))
            self.end_headers()
            self.wfile.write(sent)
            url = self.path.split("?")[0]
            if "/pagefind/" in url or url.endswith("/search.js"):
                counted.append((url, len(body), len(sent)))

    handler = functools.partial(Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q={query}")
            page.wait_for_selector(".na-search__result", timeout=120_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    kinds: dict[str, int] = {}
    for url, _, sent in counted:
        kinds[_kind(url)] = kinds.get(_kind(url), 0) + sent
    parts = ", ".join(f"{k} {v / 1e3:,.0f}" for k, v in sorted(kinds.items(),
                                                              key=lambda kv: -kv[1]))
    return (sum(raw for _, raw, _ in counted), sum(sent for _, _, sent in counted),
            f"measured in Chromium: {len(counted)} files; KB sent: {parts}")


def _estimate_query_bytes(site: Path) -> int:
    """Without a browser: what the search page fetches for one query, from the files (the
    runtime of the first shard, every shard's entry and page list, the largest index chunk
    of each shard, five fragments, the search page's script); uncompressed, an upper bound."""
    shards = sorted((d for d in (site / "pagefind").iterdir() if d.is_dir()), reverse=True)
    if not shards:
        return 0
    primary = shards[0]
    total = sum(p.stat().st_size for name in ("pagefind.js", "pagefind-worker.js")
                if (p := primary / name).is_file())
    total += max((p.stat().st_size for p in primary.glob("wasm.*.pagefind")), default=0)
    for shard in shards:
        total += sum(p.stat().st_size for p in shard.glob("pagefind*.pf_meta"))
        total += (shard / "pagefind-entry.json").stat().st_size
        total += max((p.stat().st_size for p in (shard / "index").glob("*")), default=0)
    frags = sorted((p.stat().st_size for p in (primary / "fragment").glob("*")), reverse=True)
    script = site / "assets" / "newsarchive" / "search.js"
    return total + sum(frags[:5]) + (script.stat().st_size if script.is_file() else 0)


def du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


EDIT = "\nSynthetic benchmark edit.\n"


def middle_article(content: Path) -> Path:
    articles = sorted((content / "articles").rglob("*.md"))
    return articles[len(articles) // 2]


def edit_one_article(content: Path, *, undo: bool = False) -> Path:
    """Append a line to the middle article (``undo``: take it away again)."""
    target = middle_article(content)
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace(EDIT, "") if undo else text + EDIT, encoding="utf-8")
    return target


def edit_rebuild(config: Path, site: Path, content: Path, tree: Path | None = None) -> Run:
    """A timed rebuild after one article's edit, then an untimed one after its undoing."""
    edit_one_article(content)
    run = run_build(config, site, keep_site=True, tree=tree)
    edit_one_article(content, undo=True)
    run_build(config, site, keep_site=True, tree=tree)
    return run


def add_one_article(like: Path) -> Path:
    """A new article next to ``like`` (same data, a new title and file): what a curator's
    commit of one article does to the archive."""
    text = like.read_text(encoding="utf-8")
    start = text.index("\ntitle:")
    end = text.index("\n", start + 1)
    added = like.with_name("synthetic-benchmark-addition.md")
    added.write_text(text[:start] + '\ntitle: "Synthetic Benchmark Addition"' + text[end:],
                     encoding="utf-8")
    return added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, action="append", dest="sizes")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out")
    parser.add_argument("--no-search-size", action="store_true")
    parser.add_argument("--no-rebuild", action="store_true")
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="a checkout of an earlier commit (repeatable): its full build and "
                             "one-edit rebuild are measured too, interleaved, as 'beforeN' rows")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each full build (interleaved) and each rebuild N times and report the median "
                             "(this machine's timings vary by about 10%% run to run)")
    args = parser.parse_args()
    empty_trash(args.out / ".trash")
    sizes = args.sizes or [1000, 10000]
    print(f"{'N':>7} {'build':<12} {'seconds':>8} {'s/1k art':>8} {'peak MiB':>9} "
          f"{'all MiB':>8} {'pages':>7} {'MB out':>8} {'ratio':>6}")
    for n in sizes:
        base = args.out / str(n)
        before = [tree.resolve() for tree in args.before]
        configs = prepare(base, n, before)
        runs: dict[str, list[Run]] = {"plain": [], "no-search": [], "newsarchive": [],
                                      "outputs-off": [],
                                      **{f"before{i}": [] for i in range(len(before))}}
        for _ in range(args.repeat):  # interleaved, so drifts in machine speed hit all three
            for i, tree in enumerate(before):
                runs[f"before{i}"].append(run_build(
                    configs[f"before{i}"], base / f"site-newsarchive-before{i}",
                    cache=base / f".cache-before{i}", tree=tree))
            runs["plain"].append(run_build(configs["plain"], base / "site-plain"))
            runs["no-search"].append(run_build(configs["newsarchive-nosearch"],
                                               base / "site-nosearch"))
            discard(base / "site-nosearch", base.parent / ".trash")
            runs["outputs-off"].append(run_build(configs["outputs-off"], base / "site-off",
                                                 cache=base / ".cache-off"))
            runs["newsarchive"].append(run_build(configs["newsarchive"],
                                                 base / "site-newsarchive",
                                                 cache=base / ".cache"))
        plain, nosearch, ours = (median(runs[k]) for k in ("plain", "no-search", "newsarchive"))
        off = median(runs["outputs-off"])
        rows = [("plain", plain), ("no-search", nosearch), ("outputs-off", off),
                ("newsarchive", ours)]
        for i in range(len(before)):
            rows.insert(3 + i, (f"before{i}", median(runs[f"before{i}"])))
        if not args.no_rebuild:
            # Each timed rebuild is followed by an untimed one that undoes its change.
            content, site = base / "content", base / "site-newsarchive"
            edits, adds, off_edits = [], [], []
            for _ in range(args.repeat):  # interleaved with the same edit without the outputs
                edits.append(edit_rebuild(configs["newsarchive"], site, content))
                off_edits.append(edit_rebuild(configs["outputs-off"], base / "site-off", content))
                added = add_one_article(middle_article(content))
                adds.append(run_build(configs["newsarchive"], site, keep_site=True))
                added.unlink()
                run_build(configs["newsarchive"], site, keep_site=True)
            rows += [("rebuild-1", median(edits)), ("rebuild-add", median(adds)),
                     ("off-rb-1", median(off_edits))]
            for i, tree in enumerate(before):
                old_site = base / f"site-newsarchive-before{i}"
                rows.append((f"before{i}-rb-1", median([
                    edit_rebuild(configs[f"before{i}"], old_site, content, tree=tree)
                    for _ in range(args.repeat)])))
        for name, r in rows:
            print(f"{n:>7,} {name:<12} {r.seconds:8.1f} {1000 * r.seconds / n:8.2f} "
                  f"{r.peak_mib:9,.0f} {r.total_mib:8,.0f} {r.pages:7,} {r.out_bytes / 1e6:8.1f} "
                  f"{r.seconds / plain.seconds:6.2f}  {r.notes}", flush=True)
        added = f"full build {ours.seconds / off.seconds - 1:+.1%}"
        if not args.no_rebuild:
            on_rb, off_rb = dict(rows)["rebuild-1"], dict(rows)["off-rb-1"]
            added += f", one-edit rebuild {on_rb.seconds / off_rb.seconds - 1:+.1%}"
        print(f"{n:>7,} reader outputs: {added} (newsarchive against outputs-off)", flush=True)
        index = base / "site-newsarchive" / "pagefind"
        raw, wire, how = cold_query_bytes(base / "site-newsarchive", "qarvella")
        lunr = "n/a"
        if not args.no_search_size:
            run_build(configs["plain+lunr"], base / "site-lunr")
            lunr = f"{du(base / 'site-lunr' / 'search' / 'search_index.json') / 1e6:.1f} MB"
        print(f"{n:>7,} search: pagefind index {du(index) / 1e6:.1f} MB total in "
              f"{len(list(index.iterdir()))} shard(s); one cold query downloads "
              f"{wire / 1e3:,.0f} KB with gzip ({raw / 1e3:,.0f} KB uncompressed; {how}); "
              f"Material lunr search_index.json {lunr}", flush=True)


if __name__ == "__main__":
    main()
