#!/usr/bin/env python3
"""Split an eval corpus's truth file into a dev part and a held-out part, deterministically.

Usage::

    python scripts/split_corpus.py --corpus ../shared/corpus/dev --out /tmp/split

A record goes to the held-out part when the SHA-256 of its file name, read as a number, is
0 or 1 modulo 5 (about 40% of the corpus); the name alone decides, so the split never moves
when the code or the scores change. Writes ``OUT/truth-dev-part.jsonl`` and
``OUT/truth-held-out.jsonl`` (outside the repository: the corpus is third-party text) and
prints the ids of each part. Score a part with ``eval_ingest.py --corpus CORPUS --truth FILE``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

PARTS = ("dev-part", "held-out")


def part_of(file_name: str) -> str:
    """``"held-out"`` or ``"dev-part"`` for a corpus file name (its path inside the corpus)."""
    digest = int(hashlib.sha256(Path(file_name).name.encode("utf-8")).hexdigest(), 16)
    return "held-out" if digest % 5 < 2 else "dev-part"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, type=Path, help="corpus folder with truth-dev.jsonl")
    ap.add_argument("--truth", type=Path, help="truth file (default: CORPUS/truth-dev.jsonl)")
    ap.add_argument("--out", required=True, type=Path, help="folder for the two truth files")
    args = ap.parse_args(argv)
    truth = args.truth or args.corpus / "truth-dev.jsonl"
    lines = {part: [] for part in PARTS}
    ids = {part: [] for part in PARTS}
    for line in truth.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            part = part_of(record["file"])
            lines[part].append(line)
            ids[part].append(record["id"])
    args.out.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        (args.out / f"truth-{part}.jsonl").write_text(
            "".join(f"{ln}\n" for ln in lines[part]), encoding="utf-8")
        print(f"{part} ({len(ids[part])}): {' '.join(ids[part])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
