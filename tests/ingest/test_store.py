"""Ingest's store: file modes, file names on every OS, leftovers, the duplicate index."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.archive.check import check_archive
from newsarchive.archive.frontmatter import dump, split
from newsarchive.cli import main
from newsarchive.ingest.store import (
    SLUG_MAX_BYTES,
    AlreadyArchived,
    ArchiveStore,
    make_slug,
    safe_suffix,
)
from newsarchive.schema import Article
from newsarchive.vocab import load_vocab
from tests.ingest.synthetic_saves import COMPLETE, save_text, url_of, write_saves

WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
WINDOWS_INVALID = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def ingest(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["ingest", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def articles(content: Path) -> list[Path]:
    return sorted((content / "articles").rglob("*.md"))


def problems(content: Path) -> list[str]:
    return check_archive(content, load_vocab()).messages()


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_files_follow_the_umask(tmp_path: Path, umask: None, mask: int, mode: int) -> None:
    write_saves(tmp_path / "in", [1])
    os.umask(mask)
    code, _, err = ingest(tmp_path / "in", "--content", tmp_path / "c", *COMPLETE)
    assert code == 0, err
    [md] = articles(tmp_path / "c")
    original = tmp_path / "c" / split(md.read_text(encoding="utf-8"))[0]["original"]
    for path in (md, original, tmp_path / "c" / ".ingest.lock"):
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


NASTY_TITLES = [
    "CON", "con", "Aux", "NUL.", "nul ", "COM1", "com9", "LPT1", "lpt¹", "PRN...",
    "Con.txt", "Report...   ", "...", "   ", "?*<>|", "a:b/c\\d", "Ceasefire holds. ",
    "Line\x00with\x1fcontrol", "🔥🔥🔥",
]


@pytest.mark.parametrize("title", NASTY_TITLES)
def test_slug_is_a_valid_file_name_everywhere(title: str) -> None:
    slug = make_slug(title)
    assert slug
    assert not WINDOWS_RESERVED.match(slug), slug
    assert not WINDOWS_INVALID.search(slug), slug
    assert not slug.endswith((".", " ")), slug
    assert len(slug.encode("utf-8")) <= SLUG_MAX_BYTES


def test_slugs_of_random_titles_in_many_scripts_are_valid_names() -> None:
    import random

    ranges = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF),
              (0x900, 0x97F), (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3),
              (0x10330, 0x1034A), (0x20000, 0x2A6DF), (0x1F300, 0x1F6FF), (0x0, 0x1F),
              (0x200B, 0x200F), (0xFF01, 0xFF5E)]
    rng = random.Random(13)
    for _ in range(2000):
        picks = [rng.choice(ranges) for _ in range(rng.randint(1, 3))]
        title = "".join(chr(rng.randint(*rng.choice(picks))) if rng.random() > 0.15 else
                        rng.choice(" .-") for _ in range(rng.randint(0, 200)))
        slug = make_slug(title)
        assert slug and len(slug) <= 80, title
        assert len(slug.encode("utf-8")) <= SLUG_MAX_BYTES, title
        assert not WINDOWS_RESERVED.match(slug) and not WINDOWS_INVALID.search(slug), title
        assert not slug.endswith((".", " ")) and not slug.startswith((".", "-")), title


@pytest.mark.parametrize("title", [
    "𐌰𐌹𐍂𐌸𐌰 " * 80,  # Gothic: 4 bytes a letter
    "𠀀𠀁𠀂𠀃 " * 80,  # CJK extension B: 4 bytes a character
    "Прекращение огня в Идлибе " * 20,
    "وقف إطلاق النار في إدلب " * 20,
    "Synthetic ceasefire report from the invented Qarvella valley " * 20,
])
def test_long_titles_in_any_script_are_archived(tmp_path: Path, title: str) -> None:
    write_saves(tmp_path / "in", [1])
    title = title.strip()
    code, _, err = ingest(tmp_path / "in", "--content", tmp_path / "c", "--title", title,
                            *COMPLETE)
    assert code == 0, err
    [md] = articles(tmp_path / "c")
    assert len(md.stem.encode("utf-8")) <= SLUG_MAX_BYTES
    assert len(md.stem) <= 80
    # Cut at a word boundary, and still in the title's own script.
    assert md.stem.split("-")[0] == make_slug(title.split()[0])
    assert split(md.read_text(encoding="utf-8"))[0]["title"] == title
    assert problems(tmp_path / "c") == []


def test_windows_device_name_title_is_archived_under_a_safe_name(tmp_path: Path) -> None:
    write_saves(tmp_path / "in", [1, 2])
    code, _, err = ingest(tmp_path / "in", "--content", tmp_path / "c", "--title", "Con",
                            *COMPLETE)
    assert code == 0, err
    assert [p.name for p in articles(tmp_path / "c")] == ["con-article-2.md", "con-article.md"]
    assert sorted(p.name for p in (tmp_path / "c" / "originals").rglob("*.txt")) == [
        "con-article-2.txt", "con-article.txt"]


def test_odd_original_suffixes_are_replaced() -> None:
    assert safe_suffix(".HTML.GZ") == ".html.gz"
    assert safe_suffix(".txt") == ".txt"
    assert safe_suffix(".t?t") == ".orig"
    assert safe_suffix("." + "x" * 40) == ".orig"
    assert safe_suffix("") == ".orig"


def test_a_name_too_long_for_the_file_system_gets_a_clear_error(tmp_path: Path) -> None:
    write_saves(tmp_path / "in", [1, 2])
    content = tmp_path / ("c" * 300)
    code, _, err = ingest(tmp_path / "in", "--content", content, *COMPLETE)
    assert code == 1
    lines = err.splitlines()
    assert len([x for x in lines if x.startswith("error: ")]) == 2
    assert "file name is too long" in err and "shorter --content" in err
    assert "permissions" not in err


def test_a_leftover_temporary_article_does_not_block_its_save(tmp_path: Path) -> None:
    """The old failure: a killed ingest's `.tmp-*.md` made the save "already archived"."""
    write_saves(tmp_path / "in", [1])
    content = tmp_path / "c"
    assert ingest(tmp_path / "in", "--content", content, *COMPLETE)[0] == 0
    [md] = articles(content)
    text = md.read_text(encoding="utf-8")
    original = content / split(text)[0]["original"]
    original.unlink()
    md.unlink()
    leftover = md.parent / ".tmp-k2j4h5.md"
    leftover.write_text(text, encoding="utf-8")
    assert "leftover of an interrupted" in "\n".join(problems(content))
    code, _, err = ingest(tmp_path / "in", "--content", content, *COMPLETE)
    assert code == 0, err
    assert "already archived as" not in err
    assert articles(content) == [md]
    assert not leftover.exists()
    assert problems(content) == []


def test_check_reports_unreferenced_originals_and_leftovers(tmp_path: Path) -> None:
    write_saves(tmp_path / "in", [1, 2])
    content = tmp_path / "c"
    assert ingest(tmp_path / "in", "--content", content, *COMPLETE)[0] == 0
    assert problems(content) == []
    first = articles(content)[0]
    rel_original = split(first.read_text(encoding="utf-8"))[0]["original"]
    first.unlink()
    (content / ".ingest-0123abcd.journal").write_text("{}", encoding="utf-8")
    (content / ".ingest-4567cdef.tmp").write_text("{", encoding="utf-8")
    (content / "originals" / "2031" / "03" / ".ingest-0123abcd.tmp").write_bytes(b"x")
    found = problems(content)
    assert found == [
        f"{rel_original}: original: no article's `original` names this file (the save of an "
        "interrupted ingest, or its article was deleted: ingest the save again, or delete "
        "the file)",
        ".ingest-0123abcd.journal: file: leftover of an interrupted `newsarchive ingest` (the "
        "next ingest finishes or removes it; or delete it if no ingest is running)",
        ".ingest-4567cdef.tmp: file: leftover of an interrupted `newsarchive ingest` (the "
        "next ingest finishes or removes it; or delete it if no ingest is running)",
        "originals/2031/03/.ingest-0123abcd.tmp: file: leftover of an interrupted "
        "`newsarchive ingest` (the next ingest finishes or removes it; or delete it if no "
        "ingest is running)",
    ]
    # Ingest removes its leftovers; the unreferenced original stays until a curator decides.
    assert ingest(tmp_path / "in", "--content", content, *COMPLETE)[0] == 0
    assert len(problems(content)) == 1 + 0
    assert len(articles(content)) == 2


def test_original_of_an_unreadable_article_is_not_called_unreferenced(tmp_path: Path) -> None:
    write_saves(tmp_path / "in", [1])
    content = tmp_path / "c"
    assert ingest(tmp_path / "in", "--content", content, *COMPLETE)[0] == 0
    [md] = articles(content)
    md.write_text("no frontmatter here\n", encoding="utf-8")
    found = problems(content)
    assert len(found) == 1 and ": frontmatter: " in found[0]


def _article(i: int, variant: str = "") -> Article:
    return Article(title=f"Synthetic council {i}", date=dt.date(2031, 3, 1),
                   source="Synthetic Wire", region="SY-ID", original_url=url_of(i),
                   sha256=hashlib.sha256(save_text(i, variant).encode()).hexdigest(),
                   body="Synthetic filler paragraph.")


def test_the_index_sees_what_another_process_wrote_and_removed(tmp_path: Path) -> None:
    content = tmp_path / "c"
    mine, theirs = ArchiveStore(content), ArchiveStore(content)
    first = _article(1)
    assert mine.find(first.sha256, first.original_url) is None
    path = theirs.write(first, save_text(1).encode(), ".txt")
    # Written within the same timestamp tick as the first listing: still seen.
    assert mine.find(first.sha256, None).path == "articles/2031/03/synthetic-council-1.md"
    assert mine.find("0" * 64, url_of(1) + "/#top") is not None
    with pytest.raises(AlreadyArchived, match=r"already archived as .*council-1\.md \(same URL"):
        mine.write(_article(1, " Saved again."), save_text(1, " Saved again.").encode(), ".txt")
    path.unlink()
    (content / first.original).unlink()
    assert mine.find(first.sha256, first.original_url) is None
    assert mine.write(first, save_text(1).encode(), ".txt") == path


def test_a_file_added_within_the_same_mtime_tick_is_seen(tmp_path: Path) -> None:
    """The folder's mtime does not change if a file is added within its timestamp tick."""
    content = tmp_path / "c"
    mine, theirs = ArchiveStore(content), ArchiveStore(content)
    theirs.write(_article(1), save_text(1).encode(), ".txt")
    folder = content / "articles" / "2031" / "03"
    before = folder.stat()
    assert mine.find("0" * 64, None) is None  # lists the folder
    second = _article(2)
    theirs.write(second, save_text(2).encode(), ".txt")
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert mine.find(second.sha256, None) is not None


def test_the_next_run_reads_only_changed_files(tmp_path: Path) -> None:
    """The first scan of a large archive saves an index; the next run trusts unchanged files
    and reads changed ones again."""
    from scripts.synthetic import generate, write_archive

    content = tmp_path / "c"
    files = write_archive(content, 250, words=None)
    old = files[0].stat().st_mtime_ns - 10**10  # as if written long before the index
    for path in files:
        os.utime(path, ns=(old, old))
    first = ArchiveStore(content)
    assert first.find("0" * 64, None) is None
    assert (content / ".ingest-index.json").is_file()
    articles_250 = generate(250, words=None)
    # A curator changes one article's URL by hand: the next run must see the new URL.
    edited = files[7]
    data, body = split(edited.read_text(encoding="utf-8"))
    data["original_url"] = "https://news.example.org/edited-by-hand"
    edited.write_text(dump(data, body), encoding="utf-8")
    later = ArchiveStore(content)
    assert later.find("0" * 64, "https://news.example.org/edited-by-hand/") is not None
    assert later.find("0" * 64, articles_250[7].original_url) is None
    assert later.find(articles_250[100].sha256, None).path == articles_250[100].path
    assert later._reads == 1  # only the edited file was read again
    # A damaged index is ignored, not trusted.
    (content / ".ingest-index.json").write_text("{not json", encoding="utf-8")
    again = ArchiveStore(content)
    assert again.find(articles_250[100].sha256, None).path == articles_250[100].path
    assert again._reads == 250
    # An index written by another version (URLs keyed another way) is not trusted either.
    index = json.loads((content / ".ingest-index.json").read_text(encoding="utf-8"))
    index["version"] = 1
    (content / ".ingest-index.json").write_text(json.dumps(index), encoding="utf-8")
    older = ArchiveStore(content)
    assert older.find("0" * 64, "http://www.news.example.org/edited-by-hand#top") is not None
    assert older._reads == 250


def test_a_running_ingest_undoes_what_a_killed_one_left(tmp_path: Path) -> None:
    """Another ingest killed between its two links, while this one runs: this one's next
    write (under the lock) removes the dead one's original and temporary files."""
    content = tmp_path / "c"
    store = ArchiveStore(content)
    store.write(_article(1), save_text(1).encode(), ".txt")
    journal = content / ".ingest-deadbeef.journal"
    plan = [("originals/2031/03/dead.txt", "originals/2031/03/.ingest-deadbeef.tmp"),
            ("articles/2031/03/dead.md", "articles/2031/03/.ingest-deadbeef.tmp")]
    journal.write_text(json.dumps({"files": [{"target": t, "tmp": p} for t, p in plan]}),
                       encoding="utf-8")
    for _, tmp in plan:
        (content / tmp).write_text("synthetic", encoding="utf-8")
    os.link(content / plan[0][1], content / plan[0][0])
    assert any("no article's `original`" in p for p in problems(content))
    store.write(_article(2), save_text(2).encode(), ".txt")
    assert not journal.exists()
    assert not any((content / p).exists() for pair in plan for p in pair)
    assert problems(content) == []
    assert len(articles(content)) == 2
