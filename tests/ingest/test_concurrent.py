"""Real ``newsarchive ingest`` processes at once over overlapping saves: nothing doubled."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from newsarchive.archive.check import check_archive
from newsarchive.archive.frontmatter import split
from newsarchive.vocab import load_vocab
from tests.helpers import ROOT
from tests.ingest.synthetic_saves import COMPLETE, url_of, write_saves

CLI = "from newsarchive.cli import main; main()"


def ingest_at_once(batches: list[Path], content: Path) -> list[Counter[str]]:
    """Start one ingest process per batch, all at once; their summary counts."""
    procs = [subprocess.Popen([sys.executable, "-c", CLI, "ingest", str(batch), "--content",
                               str(content), "-q", *COMPLETE],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for batch in batches]
    counts = []
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        summary = re.search(r"ingest: (\d+) written, (\d+) already archived, (\d+) failed", err)
        assert summary, err
        counts.append(Counter(written=int(summary[1]), exists=int(summary[2])))
    return counts


@pytest.mark.parametrize("same_bytes", [True, False], ids=["same-bytes", "same-urls"])
def test_three_ingests_at_once(tmp_path: Path, same_bytes: bool) -> None:
    """Saves 0-29, 10-39 and 0-39 (the third batch saved again, other bytes, when not
    ``same_bytes``): exactly the 40 articles, each once, with its original."""
    batches = [tmp_path / "a", tmp_path / "b", tmp_path / "c"]
    write_saves(batches[0], list(range(30)))
    write_saves(batches[1], list(range(10, 40)))
    write_saves(batches[2], list(range(40)), "" if same_bytes else " Saved again.")
    content = tmp_path / "content"
    counts = ingest_at_once(batches, content)
    assert sum(c["written"] for c in counts) == 40
    assert sum(c["exists"] for c in counts) == 30 + 30 + 40 - 40

    articles = sorted((content / "articles").rglob("*.md"))
    urls = Counter()
    originals = set()
    for md in articles:
        data, _ = split(md.read_text(encoding="utf-8"))
        urls[data["original_url"]] += 1
        assert (content / data["original"]).is_file()
        originals.add(data["original"])
    assert urls == Counter(url_of(i) for i in range(40))
    on_disk = {p.relative_to(content).as_posix() for p in (content / "originals").rglob("*")
               if p.is_file()}
    assert on_disk == originals
    assert [p.name for p in content.rglob(".*")] == [".ingest.lock"]
    assert check_archive(content, load_vocab()).messages() == []
