"""Why ingest left a key empty is written in the file, as a comment on its `review` line.

A curator reading the Markdown file (or its diff in git) sees the evidence next to the
key to fill in. Invented places (Velmora, Qarvella) and synthetic filler text only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsarchive.archive.check import check_archive
from newsarchive.archive.frontmatter import MAX_COMMENT, dump, split
from newsarchive.ingest.pipeline import ingest_file
from newsarchive.ingest.store import ArchiveStore
from newsarchive.vocab import DATA_DIR, load_vocab

GAZETTEER = """
XV: {level: country, name: Velmora}
XV-ND: {level: region, country: XV, name: Nordal}
XQ: {level: country, name: Qarvella}
XQ-SO: {level: region, country: XQ, name: Lunmark}
"""
FILLER = "This is synthetic filler text for the newsarchive test suite, nothing more. "
# Named equally often, in the same places: the evidence is split between two countries.
SPLIT_SAVE = f"""Velmora and Qarvella Sign Filler Accord

By Synthetic Wire

March 3, 2031

Filler envoys from Velmora and Qarvella met for talks. {FILLER * 2}

Velmora and Qarvella issued filler statements. {FILLER * 2}

Original url: https://news.example.org/2031/03/filler-accord
"""


@pytest.fixture()
def vocab(tmp_path: Path):
    regions = tmp_path / "vocab" / "regions.yaml"
    regions.parent.mkdir()
    regions.write_text(GAZETTEER, encoding="utf-8")
    (regions.parent / "cities.tsv").write_text("# synthetic\n", encoding="utf-8")
    (regions.parent / "common_words.txt").write_text("# synthetic\n", encoding="utf-8")
    return load_vocab(regions, DATA_DIR / "tags.yaml", DATA_DIR / "sources.yaml")


def _ingest(tmp_path: Path, vocab, text: str) -> Path:
    src = tmp_path / "save.txt"
    src.write_text(text, encoding="utf-8")
    content = tmp_path / "content"
    outcome = ingest_file(src, ArchiveStore(content), vocab,
                          now=dt.datetime(2031, 3, 4, tzinfo=dt.UTC))
    assert outcome.status == "written", outcome.message
    return outcome.target


def test_split_evidence_is_written_on_the_review_line(tmp_path: Path, vocab) -> None:
    md = _ingest(tmp_path, vocab, SPLIT_SAVE)
    text = md.read_text(encoding="utf-8")
    [line] = [x for x in text.splitlines() if x.startswith("- region")]
    assert line.startswith("- region  # evidence split: ")
    assert "XV (" in line and "XQ (" in line and "Velmora" in line and "Qarvella" in line
    # The comment is for people: the loader reads the same values as without it.
    data, body = split(text)
    assert data["region"] is None and data["review"] == ["source", "region"]
    assert "#" not in "".join(data["review"])
    assert body.strip().startswith("Filler envoys from Velmora")
    # The archive check reads the file and asks for exactly the two empty keys.
    result = check_archive(tmp_path / "content", vocab)
    problems = result.messages()
    assert len(problems) == 2 and all("missing (ingest could not determine it)" in p
                                      for p in problems), problems


def test_a_region_found_leaves_no_comment(tmp_path: Path, vocab) -> None:
    save = SPLIT_SAVE.replace("and Qarvella ", "").replace("Qarvella", "Velmora")
    md = _ingest(tmp_path, vocab, save)
    data, _ = split(md.read_text(encoding="utf-8"))
    assert data["region"] == "XV" and data["review"] == ["source"]
    assert "# evidence" not in md.read_text(encoding="utf-8")


HOSTILE = [
    "evidence split: XV (dateline X\n---\ntitle: injected\n) vs XQ",
    "line\rbreak and NEL\x85 and LS\u2028 and PS\u2029 then: key",
    "# hash ## and ' quote \" and &anchor *alias !!python/object {a: [b]}",
    "---",
    "...",
    "\x00\x07\x1b[31m controls \x7f\x9f and \ufeff bom",
    "right-to-left \u202eoverride\u202c and \u200b zero width",
    "x" * 5000,
    "",
]


@pytest.mark.parametrize("note", HOSTILE)
def test_hostile_evidence_cannot_break_the_yaml(note: str) -> None:
    data = {"title": "Filler", "region": None, "review": ["source", "region"], "tags": ["a"]}
    text = dump(data, "Filler body.\n\n---\n\nMore filler.",
                {"review": {"region": note, "source": note}})
    got, body = split(text)
    assert got == data
    assert body.strip() == "Filler body.\n\n---\n\nMore filler."
    head = text.split("\n---\n", 1)[0]
    # Each item stays on its own line, whatever the note holds.
    assert [x.split("  #")[0] for x in head.splitlines()] == [
        "---", "title: Filler", "region: null", "review:", "- source", "- region", "tags:", "- a"]
    for line in head.splitlines():
        assert all(ch.isprintable() for ch in line), repr(line)
        assert len(line) <= MAX_COMMENT + len("- region  # ")


def test_no_notes_writes_what_it_wrote_before() -> None:
    data = {"title": "Filler: a: b", "review": ["region"], "places": ["XV", "XQ"]}
    assert dump(data, "Body") == dump(data, "Body", {}) == (
        "---\ntitle: 'Filler: a: b'\nreview:\n- region\nplaces:\n- XV\n- XQ\n---\n\nBody\n")
    assert dump(data, "Body", {"review": {"region": "why"}}) == (
        "---\ntitle: 'Filler: a: b'\nreview:\n- region  # why\nplaces:\n- XV\n- XQ\n---\n\nBody\n")
