"""Write a synthetic archive (invented places, outlets and text) for tests and benchmarks.

Usage: python scripts/synth_corpus.py DEST -n 1000 --seed 0 [--words 300 900] [--vocab DIR]

Writes DEST/articles/YYYY/MM/*.md and the test-only vocabularies (regions.yaml, sources.yaml)
into DIR (default: DEST-vocab, next to DEST, so they are not published as site files); tags
come from the real tags vocabulary. The archive validates against those files with zero
problems (tests/archive/test_synthetic.py checks it through ``load_articles``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from synthetic import write_archive, write_vocab


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="content directory to write into")
    parser.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same bytes (default 0)")
    parser.add_argument("--words", type=int, nargs=2, default=(300, 900), metavar=("MIN", "MAX"),
                        help="body length range in words (default 300 900)")
    parser.add_argument("--vocab", type=Path, default=None,
                        help="where to write regions.yaml and sources.yaml (default DEST-vocab)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("-n must be at least 0")
    if args.words[0] < 0 or args.words[0] > args.words[1]:
        parser.error("--words expects MIN <= MAX, both at least 0")
    vocab_dir = args.vocab or args.dest.with_name(args.dest.name + "-vocab")
    files = write_archive(args.dest, args.n, seed=args.seed, words=tuple(args.words))
    paths = write_vocab(vocab_dir)
    print(f"wrote {len(files):,} articles under {args.dest / 'articles'}")
    for key, path in paths.items():
        print(f"{key}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
