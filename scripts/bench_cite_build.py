"""Citation build benchmark: what the citations cost a real build, cold and after an edit.

Usage:
    python scripts/bench_cite_build.py [-n 1000] [--out bench-cite] [--search]

Writes a synthetic archive of N articles (``scripts/synthetic.py``: invented places, outlets
and filler text) once under ``OUT/N/`` and times ``mkdocs build`` in a fresh process:

- ``before`` (with ``--before DIR``): the same full build by another checkout (one without
  citations, e.g. ``git archive <commit> | tar -x -C DIR``);
- ``no-cite``: full build (no cache) with ``cite_styles: []`` (metadata and downloads only);
- ``cold``: full build with the default styles, no cache and no citation memo;
- ``warm-memo``: full build again with every page's cache dropped but the memo kept (what a
  changed mkdocs.yml costs... only when the build fingerprint stays: see README);
- ``edit``: one article's title edited, the incremental build run again.

It prints wall seconds, CPU seconds (the build and every process it forked and reaped:
what a loaded machine cannot inflate), the CPU difference to ``no-cite`` per article, and the plugin's report
("formatted N citations", pages reused). It also times formatting alone in this process
(``cite.prepare`` on the parsed archive, serial and with the fork pool). The search index is
off unless ``--search`` (Pagefind runs in the background and adds noise to the figures).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark import Run, discard, run_build  # noqa: E402
from synthetic import write_archive, write_vocab  # noqa: E402


def configs(base: Path, vocab: dict[str, Path], search: bool) -> dict[str, Path]:
    out = {}
    for name, styles in (("no-cite", "[]"), ("cite", "[apa, chicago-author-date]")):
        text = textwrap.dedent(f"""\
            site_name: bench
            site_url: https://archive.example.org/
            docs_dir: content
            site_dir: site-{name}
            exclude_docs: |
              originals/
            theme:
              name: material
              custom_dir: {ROOT / 'site_overrides'}
              font: false
            extra_css: [assets/newsarchive.css]
            plugins:
              - newsarchive:
                  cache_dir: .cache-{name}
                  search: {str(search).lower()}
                  cite_styles: {styles}
                  regions_file: {vocab['regions']}
                  sources_file: {vocab['sources']}
            """)
        out[name] = base / f"mkdocs-{name}.yml"
        out[name].write_text(text, encoding="utf-8")
    return out


def edit_title(content: Path) -> Path:
    articles = sorted((content / "articles").rglob("*.md"))
    target = articles[len(articles) // 2]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("\ntitle: ", "\ntitle: Edited ", 1), encoding="utf-8")
    return target


def format_alone(content: Path, vocab: dict[str, Path]) -> None:
    """ms per article of cite.prepare on the archive, serial and pooled (no memo)."""
    from newsarchive.archive.catalog import Catalog, listable
    from newsarchive.archive.loader import load_parts
    from newsarchive.site import model
    from newsarchive.site.views import cite
    from newsarchive.vocab import load_vocab

    voc = load_vocab(str(vocab["regions"]), None, str(vocab["sources"]))
    arts = []
    for path in sorted((content / "articles").rglob("*.md")):
        rel = path.relative_to(content).as_posix()
        _, _, article, _ = load_parts(path.read_text(encoding="utf-8"), rel, voc)
        if article is not None:
            arts.append(article)
    for label, pool_from in (("serial", 10**9), ("fork pool", 1)):
        site = model.Site(catalog=Catalog.build(listable(arts)), vocab=voc, urls={
            "tags": "tags", "regions": "regions", "sources": "sources",
            "chronology": "chronology"}, page_size=50, date_format="%Y", timeline=False,
            views=[])
        cite.generate(site, "bench")
        cite.POOL_FROM = pool_from
        start = time.perf_counter()
        n = cite.prepare(site, arts)
        seconds = time.perf_counter() - start
        print(f"format alone ({label}): {n} citations of {len(arts)} articles in {seconds:.2f} s"
              f" = {1000 * seconds / len(arts):.2f} ms/article", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-cite")
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--before", type=Path, help="a checkout without citations (its "
                        "plugins/ is imported) for a 'before' row: the same build, no citations")
    args = parser.parse_args()
    base = args.out / str(args.n)
    content = base / "content"
    if not (base / ".complete").exists():
        shutil.rmtree(base, ignore_errors=True)
        write_archive(content, args.n)
        (base / ".complete").write_text(str(args.n))
    vocab = write_vocab(base / "vocab")
    paths = configs(base, vocab, args.search)
    format_alone(content, vocab)
    rows: list[tuple[str, Run, float]] = []
    if args.before is not None:
        rows.append(("before", *timed(lambda: run_build(
            paths["no-cite"], base / "site-no-cite", cache=base / ".cache-no-cite",
            tree=args.before))))
    rows.append(("no-cite", *timed(lambda: run_build(
        paths["no-cite"], base / "site-no-cite", cache=base / ".cache-no-cite"))))
    rows.append(("cold", *timed(lambda: run_build(paths["cite"], base / "site-cite",
                                                 cache=base / ".cache-cite"))))
    memo = base / ".cache-cite" / "site-memo.pickle"
    kept = base / "site-memo.pickle"
    shutil.copy2(memo, kept)
    discard(base / ".cache-cite", base.parent / ".trash")
    (base / ".cache-cite").mkdir()
    shutil.copy2(kept, memo)
    rows.append(("warm-memo", *timed(lambda: run_build(paths["cite"], base / "site-cite"))))
    edited = edit_title(content)
    rows.append(("edit", *timed(lambda: run_build(paths["cite"], base / "site-cite",
                                                 keep_site=True))))
    edited.write_text(edited.read_text(encoding="utf-8").replace("\ntitle: Edited ", "\ntitle: ",
                                                                  1), encoding="utf-8")
    base_cpu = next(cpu for name, _, cpu in rows if name == "no-cite")
    print(f"{'N':>7} {'build':<10} {'wall s':>7} {'cpu s':>7} {'cpu ms/article over no-cite':>28}"
          "  notes")
    for name, r, cpu in rows:
        print(f"{args.n:>7,} {name:<10} {r.seconds:7.2f} {cpu:7.2f} "
              f"{1000 * (cpu - base_cpu) / args.n:28.2f}  {r.notes}", flush=True)


def timed(run: Callable[[], Run]) -> tuple[Run, float]:
    """The build's figures and the CPU seconds of every process it ran."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

if __name__ == "__main__":
    main()
