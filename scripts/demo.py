"""Generate the demo archive that ``make demo`` serves: synthetic articles, never ``content/``.

Writes into a demo folder (default ``.demo/``, next to ``mkdocs.demo.yml``, which builds it):

- ``content/articles/...``: ``--count`` articles from :mod:`synthetic` (invented countries,
  regions, outlets and people; every title says "synthetic item", every body opens with a
  line saying it is not a news report);
- ``vocab/regions.yaml`` and ``vocab/sources.yaml``: the invented world's vocabularies;
- ``.complete``: what was generated (count, seed, generator version).

Deterministic: the same count and seed give the same bytes. Run again with the same options,
it writes nothing ("up to date"); with other options or a changed generator, it replaces the
folder's ``content/`` and ``vocab/``. It refuses a folder it did not make, and the archive's
own ``content/``.

    python scripts/demo.py                    # 500 articles into .demo/
    python scripts/demo.py --count 60 --dest /tmp/demo
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from synthetic import write_archive, write_vocab  # noqa: E402

COUNT = 500
SEED = 16
WORDS = (120, 400)  # body length in words: enough for search and previews, quick to build
MARKER = ".complete"


def stamp(count: int, seed: int) -> str:
    """What a demo folder holds: the options and the generator's source, as one line."""
    source = hashlib.sha256()
    for script in (Path(__file__), ROOT / "scripts" / "synthetic.py"):
        source.update(script.read_bytes())
    return json.dumps({"count": count, "seed": seed, "words": WORDS,
                       "generator": source.hexdigest()[:16]}, sort_keys=True)


def _refusal(dest: Path) -> str | None:
    """Why ``dest`` may not hold the demo archive, or None."""
    real = (ROOT / "content").resolve()
    where = dest.resolve()
    if where == real or real in where.parents or where in real.parents:
        return (f"{dest} is or holds the archive's content/ (the demo never goes there; "
                "give another --dest)")
    if where.exists() and not where.is_dir():
        return f"{dest} is not a folder (give another --dest)"
    if where.is_dir() and any(where.iterdir()) and not (where / MARKER).is_file():
        return (f"{dest} is not empty and was not made by scripts/demo.py (give an empty or "
                "new folder)")
    return None


def generate(dest: Path, count: int = COUNT, seed: int = SEED) -> bool:
    """Write the demo archive into ``dest``; False when it was already there (nothing
    written). Raises ValueError when ``dest`` may not hold it."""
    if (problem := _refusal(dest)) is not None:
        raise ValueError(problem)
    marker = dest / MARKER
    wanted = stamp(count, seed)
    if marker.is_file() and marker.read_text(encoding="utf-8") == wanted:
        return False
    marker.unlink(missing_ok=True)  # a run cut short leaves no marker: the next one redoes it
    for sub in ("content", "vocab"):
        shutil.rmtree(dest / sub, ignore_errors=True)
    write_archive(dest / "content", count, seed, WORDS)
    write_vocab(dest / "vocab")
    marker.write_text(wanted, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=COUNT,
                        help=f"number of synthetic articles (default {COUNT})")
    parser.add_argument("--seed", type=int, default=SEED, help=f"default {SEED}")
    parser.add_argument("--dest", type=Path, default=ROOT / ".demo",
                        help="demo folder (default .demo/ in the repository; mkdocs.demo.yml "
                             "builds that one)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    try:
        written = generate(args.dest, args.count, args.seed)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    what = "wrote" if written else "up to date:"
    print(f"demo archive {what} {args.count} synthetic articles in {args.dest}/content")
    return 0


if __name__ == "__main__":
    sys.exit(main())
