"""Byte-for-byte check of a build: build a synthetic archive and record every output file's hash.

Usage (from the project root):
    python scripts/site_digest.py --out /tmp/bytes/after [--articles 400] [--tree DIR]
    python scripts/site_digest.py --compare /tmp/bytes/before /tmp/bytes/after

The first form writes ``scripts/synthetic.py``'s archive of N articles (invented places and
filler text) under OUT, builds it with ``mkdocs build`` (plugin, generated pages, related
lists and the Pagefind index) using the package and ``site_overrides/`` of ``--tree`` (a
checkout of this repository; default: this one), and writes ``OUT/digest.json``: the SHA-256
of every file of the site. Pagefind's filter chunks (and the files naming them) are left out:
their bytes change from run to run upstream (see ``tests/site/test_reproducible.py``).

The second form compares two digests and prints every file that differs; exit code 1 if any.
A restructuring that must not change the output is checked by building the same archive from
the commit before it and from the one after it, and comparing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from synthetic import write_archive, write_vocab  # noqa: E402


def _unstable(rel: str) -> bool:
    parts = rel.split("/")
    return parts[0] == "pagefind" and len(parts) > 2 and (
        parts[2] in ("filter", "pagefind-entry.json") or rel.endswith(".pf_meta"))


def build(out: Path, articles: int, tree: Path) -> dict[str, str]:
    content = out / "content"
    if not content.exists():
        write_archive(content, articles, seed=7)
    vocab = write_vocab(out / "vocab")
    config = out / "mkdocs.yml"
    config.write_text(textwrap.dedent(f"""\
        site_name: bytes
        site_url: https://archive.example.org/
        docs_dir: content
        site_dir: site
        exclude_docs: |
          originals/
        theme:
          name: material
          custom_dir: {tree / 'site_overrides'}
          font: false
          features: [navigation.tabs]
        extra_css: [assets/newsarchive.css]
        plugins:
          - newsarchive:
              cache: false
              regions_file: {vocab['regions']}
              sources_file: {vocab['sources']}
        """), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(tree / "plugins")}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                   cwd=out, env=env, check=True)
    site = out / "site"
    digest = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in sorted(site.rglob("*"))
              if p.is_file() and not _unstable(p.relative_to(site).as_posix())}
    (out / "digest.json").write_text(json.dumps(digest, indent=0, sort_keys=True))
    return digest


def compare(a: Path, b: Path) -> int:
    one = json.loads((a / "digest.json").read_text())
    two = json.loads((b / "digest.json").read_text())
    differ = sorted(k for k in one.keys() | two.keys() if one.get(k) != two.get(k))
    for name in differ:
        state = "only in " + (str(a) if name not in two else str(b)) \
            if (name in one) != (name in two) else "differs"
        print(f"{name}: {state}")
    print(f"{len(one)} and {len(two)} files; {len(differ)} differ")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--compare", type=Path, nargs=2)
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        parser.error("--out or --compare is required")
    digest = build(args.out.resolve(), args.articles, args.tree.resolve())
    print(f"{len(digest)} files hashed into {args.out / 'digest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
