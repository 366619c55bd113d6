"""CI-style build with a restored cache against a full build, on a synthetic archive.

Usage:
    python scripts/bench_ci_cache.py [-n 1000] [--out bench-out/ci-cache]

What a CI run of the Pages workflow does: a fresh checkout (every file new: other inodes and
mtimes, no ``site/``) with ``.cache/newsarchive`` restored by ``actions/cache``. The script
builds the archive once (full build, empty cache), then copies the content and the cache
folder byte for byte into a new folder (as a checkout and a cache restore do), edits one
article there and builds again; then (for comparison) edits another and rebuilds with
``site/`` in place, as a curator's machine does; then builds the same content from an empty
cache. It prints the times, the pages reused, and whether the restored-cache site equals the
full build byte for byte (Pagefind's filter chunks aside, see README "Reproducible").
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import edit_one_article, prepare, run_build


def _tree(site: Path) -> dict[str, str]:
    def unstable(rel: str) -> bool:
        parts = rel.split("/")
        return parts[0] == "pagefind" and len(parts) > 2 and (
            parts[2] in ("filter", "pagefind-entry.json") or rel.endswith(".pf_meta"))

    return {rel: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()
            and not unstable(rel := p.relative_to(site).as_posix())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("bench-out/ci-cache"))
    args = parser.parse_args()
    base = args.out.resolve() / str(args.n)
    configs = prepare(base / "run1", args.n)
    config = configs["newsarchive"]
    site = config.parent / "site-newsarchive"
    first = run_build(config, site, cache=config.parent / ".cache")
    print(f"first run, full build (empty cache): {first.seconds:.1f} s; {first.notes}")

    clone = base / "run2"
    shutil.rmtree(clone, ignore_errors=True)
    clone.mkdir(parents=True)
    for name in ("content", ".cache"):  # bytes only: new inodes and mtimes, hard links lost
        shutil.copytree(config.parent / name, clone / name, copy_function=shutil.copyfile)
    shutil.copyfile(config, clone / config.name)
    edit_one_article(clone / "content")
    restored = run_build(clone / config.name, clone / "site-newsarchive", keep_site=True)
    print(f"next run, fresh checkout + restored cache, one article edited: "
          f"{restored.seconds:.1f} s; {restored.notes}")

    edit_one_article(clone / "content")
    local = run_build(clone / config.name, clone / "site-newsarchive", keep_site=True)
    print(f"for comparison, a local rebuild (site/ kept), one more article edited: "
          f"{local.seconds:.1f} s; {local.notes}")

    # What a CI run without actions/cache does: a build from an empty cache.
    full_config = clone / "mkdocs-full.yml"
    full_config.write_text(config.read_text().replace("site_dir: site-newsarchive",
                                                      "site_dir: site-full")
                           .replace("  - newsarchive:\n", "  - newsarchive:\n"
                                    "      cache_dir: .cache-full\n"))
    full = run_build(full_config, clone / "site-full", cache=clone / ".cache-full")
    print(f"the same content, full build (empty cache): {full.seconds:.1f} s; {full.notes}")
    print(f"restored-cache build / full build: {restored.seconds / full.seconds:.0%}")
    same = _tree(clone / "site-newsarchive") == _tree(clone / "site-full")
    print(f"sites equal byte for byte: {same}")


if __name__ == "__main__":
    main()
