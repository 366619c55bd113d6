"""Place and tag accuracy of ``newsarchive ingest`` on a dev half and a held-out half.

The shared scorer (``eval_places.py``) is run on each half of the place labels and on the
whole; the halves are fixed by a hash of each label's id, so they never depend on what
the code does. Plain-text saves (``text-dev``) wrap the same articles; their labels are
those of the article they wrap (id without the ``-tN`` suffix). Tag precision and recall
are measured against ``tests/data/tags-dev.jsonl`` (labelled by hand before tuning), and
ingest's time per article is printed.

    .venv/bin/python scripts/eval_places_split.py --shared ../shared [--jobs 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TAG_LABELS = ROOT / "tests" / "data" / "tags-dev.jsonl"


def half(label_id: str) -> str:
    """``dev`` or ``held``: a stable split by the SHA-256 of the article id."""
    return "held" if int(hashlib.sha256(label_id.encode()).hexdigest(), 16) % 2 else "dev"


def base_id(doc_id: str) -> str:
    stem, _, suffix = doc_id.rpartition("-t")
    return stem if stem and suffix.isdigit() else doc_id


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _score(shared: Path, corpus: Path, labels: list[dict], cmd: str, jobs: int,
           tmp: Path, name: str) -> str:
    path = tmp / f"{name}.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in labels), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(shared / "tools" / "eval_places.py"), "--corpus", str(corpus),
         "--labels", str(path), "--cmd", cmd, "--jobs", str(jobs),
         "--json", str(tmp / f"{name}.json")],
        capture_output=True, text=True, check=False)
    lines = [x for x in out.stdout.splitlines() if x.startswith(("score:", "failure:"))]
    return "\n  ".join(lines) or out.stderr.strip()


def _ingest_all(corpus: Path, truth: list[dict], cmd: str,
                tmp: Path) -> tuple[dict[str, dict], float]:
    """Ingest every document with ``cmd``, one process each (as the scorer does).

    Returns the frontmatter by document id and the mean seconds per document.
    """
    out = tmp / f"ingest-{corpus.name}"
    start = time.perf_counter()
    for row in truth:
        line = (cmd.replace("{in}", shlex.quote(str(corpus / row["file"])))
                .replace("{out}", shlex.quote(str(out / row["id"]))))
        subprocess.run(line, shell=True, capture_output=True, check=False)
    seconds = (time.perf_counter() - start) / max(1, len(truth))
    found: dict[str, dict] = {}
    for row in truth:
        for md in (out / row["id"]).glob("articles/**/*.md"):
            found[row["id"]] = yaml.safe_load(md.read_text(encoding="utf-8").split("---\n", 2)[1])
    return found, seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent.parent / "shared")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cmd", default=f"{ROOT / '.venv' / 'bin' / 'newsarchive'} ingest {{in}} "
                                     "--content {out}",
                    help="ingest command ({in}, {out}), e.g. an older version's, to compare")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="also keep the scorer's per-document results (JSON) and the "
                         "ingested files under DIR, to see what each document got")
    a = ap.parse_args(argv)
    shared = a.shared.resolve()
    html, text = shared / "corpus" / "dev", shared / "corpus" / "text-dev"
    labels = _jsonl(html / "places-dev.jsonl")
    cmd = a.cmd
    with tempfile.TemporaryDirectory() as t:
        tmp = a.keep.resolve() if a.keep else Path(t)
        tmp.mkdir(parents=True, exist_ok=True)
        text_ids = [row["id"] for row in _jsonl(text / "truth-text.jsonl")]
        by_id = {lab["id"]: lab for lab in labels}
        text_labels = [{**by_id[base_id(i)], "id": i} for i in text_ids if base_id(i) in by_id]
        for corpus, labs in ((html, labels), (text, text_labels)):
            for name in ("dev", "held", "whole"):
                part = [x for x in labs if name == "whole" or half(base_id(x["id"])) == name]
                line = _score(shared, corpus, part, cmd, a.jobs, tmp, f"{corpus.name}-{name}")
                print(f"{corpus.name} {name:5} ({len(part)}): {line}")
        tag_labels = {x["id"]: set(x["tags"]) for x in _jsonl(TAG_LABELS)}
        for corpus in (html, text):
            truth = _jsonl(corpus / next(p.name for p in corpus.glob("truth*.jsonl")))
            found, seconds = _ingest_all(corpus, truth, cmd, tmp)
            for name in ("dev", "held", "whole"):
                tp = fp = fn = 0
                for doc, meta in found.items():
                    want = tag_labels.get(base_id(doc))
                    if want is None or (name != "whole" and half(base_id(doc)) != name):
                        continue
                    got = set(meta.get("tags") or [])
                    tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
                prec = tp / (tp + fp) if tp + fp else 1.0
                rec = tp / (tp + fn) if tp + fn else 1.0
                print(f"{corpus.name} {name:5} tags: precision={prec:.3f} recall={rec:.3f} "
                      f"(tp={tp} fp={fp} fn={fn})")
            print(f"{corpus.name} ingest: {seconds:.3f} s per article, one process each "
                  f"({len(found)} of {len(truth)} written)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
