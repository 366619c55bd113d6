#!/usr/bin/env python3
"""Score newsarchive, trafilatura alone and readability-lxml alone on the saved-pages corpus,
on its dev part, its held-out part and the whole, in one run.

Usage (from the worktree root)::

    python scripts/eval_html_parts.py --corpus ../shared/corpus/dev [--jobs 2] [--only newsarchive]

Splits the truth file with :mod:`split_corpus` (by a hash of each file name) into a temporary
folder, then runs ``../shared/tools/eval_ingest.py`` (or ``--scorer``) once per system and
part and prints its score line. ``--json DIR`` keeps the per-document scores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SYSTEMS = {
    "newsarchive": f"{ROOT}/.venv/bin/newsarchive ingest {{in}} --content {{out}}",
    "trafilatura": f"{PY} {ROOT}/scripts/eval_trafilatura_baseline.py {{in}} {{out}}",
    "readability": f"{PY} {ROOT}/scripts/eval_readability_baseline.py {{in}} {{out}}",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--scorer", type=Path, help="eval_ingest.py (default: next to the corpus)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", action="append", choices=sorted(SYSTEMS), help="systems to run")
    ap.add_argument("--parts", default="dev-part,held-out,whole")
    ap.add_argument("--json", type=Path, help="folder for per-document JSON scores")
    args = ap.parse_args(argv)
    corpus = args.corpus.resolve()
    scorer = args.scorer or corpus.parent.parent / "tools" / "eval_ingest.py"
    with tempfile.TemporaryDirectory(prefix="html_parts_") as tmp:
        subprocess.run([PY, str(ROOT / "scripts" / "split_corpus.py"), "--corpus", str(corpus),
                        "--out", tmp], check=True, stdout=subprocess.DEVNULL)
        truth = {"dev-part": f"{tmp}/truth-dev-part.jsonl",
                 "held-out": f"{tmp}/truth-held-out.jsonl",
                 "whole": str(corpus / "truth-dev.jsonl")}
        for name in args.only or list(SYSTEMS):
            for part in args.parts.split(","):
                cmd = [PY, str(scorer), "--corpus", str(corpus), "--truth", truth[part],
                       "--jobs", str(args.jobs), "--cmd", SYSTEMS[name]]
                if args.json:
                    args.json.mkdir(parents=True, exist_ok=True)
                    cmd += ["--json", str(args.json / f"{name}-{part}.json")]
                run = subprocess.run(cmd, capture_output=True, text=True, check=False)
                lines = (run.stdout + run.stderr).strip().splitlines() or ["(no output)"]
                for line in lines[:-1]:
                    print(f"    {line}")
                print(f"{name:<12} {part:<9} {lines[-1]}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
