"""Split a text-saves corpus into a dev half and a held-out half, deterministically.

Usage: python scripts/split_text_saves.py CORPUS OUT
Writes OUT/dev and OUT/held, each a corpus folder for ``eval_text_saves.py`` (its own
``truth-text.jsonl``, ``docs/`` linked to the original files). A save goes to the held-out half
when the SHA-256 of its article's name (the file name without the ``-tN`` layout suffix) is odd,
so the layouts of one article never end up on both sides.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path


def half(record_id: str) -> str:
    """``"dev"`` or ``"held"`` for one save, from its article's name."""
    article = re.sub(r"-t\d+$", "", record_id)
    return "held" if hashlib.sha256(article.encode()).digest()[-1] % 2 else "dev"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    corpus, out = Path(argv[0]).resolve(), Path(argv[1])
    lines = (corpus / "truth-text.jsonl").read_text(encoding="utf-8").splitlines()
    parts: dict[str, list[str]] = {"dev": [], "held": []}
    for line in filter(str.strip, lines):
        parts[half(json.loads(line)["id"])].append(line)
    for name, part in parts.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "truth-text.jsonl").write_text("\n".join(part) + "\n", encoding="utf-8")
        docs = folder / "docs"
        if not docs.exists():
            docs.symlink_to(corpus / "docs")
        print(f"{name}: {len(part)} saves in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
