"""The strict frontmatter loader: every bad file is one problem naming the file and the key,
never a traceback, in `newsarchive check` (here) and in the site build
(test_frontmatter_build.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.archive.frontmatter import MAX_FRONTMATTER, FrontmatterError, split
from newsarchive.archive.loader import article_files, load_articles, load_text
from newsarchive.cli import main
from newsarchive.vocab import load_vocab
from tests.helpers import ROOT

GOOD = """\
title: Synthetic Loader Headline {n}
date: 2031-03-03
source: Synthetic Courier
region: SY-ID
original_url: https://news.example.org/loader-{n}
"""
BODY = "Synthetic filler paragraph for a loader test.\n"


def head(n: str, **changes: str) -> str:
    """The good frontmatter of article ``n`` with some lines replaced (raw YAML values)."""
    lines = []
    for line in GOOD.format(n=n).splitlines():
        key = line.split(":", 1)[0]
        lines.append(f"{key}: {changes.pop(key)}" if key in changes else line)
    lines += [f"{key}: {value}" for key, value in changes.items()]
    return "\n".join(lines) + "\n"


def article(yaml_text: str, body: str = BODY) -> str:
    return f"---\n{yaml_text}---\n\n{body}"


_LAUGHS = "x0: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"x{i + 1}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))

# name -> (file text, or bytes, or "LINK"/"FIFO"), the key named, what the message says.
# Each is one defect of issue 13; a file of the archive has exactly one problem line.
DEFECTS: dict[str, tuple[str | bytes, str, str]] = {
    "bad-date": (article(head("bd", date="2020-13-45")), "date",
                 "'2020-13-45' is not a date (expected YYYY-MM-DD)"),
    "bad-modified": (article(head("bm", modified="2020-02-30")), "modified",
                     "'2020-02-30' is not a date (expected YYYY-MM-DD)"),
    "review-number": (article(head("rn", review="5")), "review",
                      "expected a list of text values, got a number"),
    "latin1": (article(head("l1", title="Synthetic Café Report")).encode("latin-1"), "file",
               "is not UTF-8 text (byte 0xE9 on line 2; re-save the file as UTF-8)"),
    "broken-link": ("LINK", "file", "is a link to 'nowhere.md', which does not exist"),
    "not-a-file": ("FIFO", "file", "is not a regular file"),
    "alias-bomb": (article(head("ab") + _LAUGHS), "x0",
                   "YAML anchors and aliases (&name, *name) are not allowed"),
    "anchor-only": (article(head("ao", byline="&who Synthetic Wire")), "byline",
                    "YAML anchors and aliases"),
    "title-list": (article(head("tl", title="[Synthetic, list]")), "title",
                   "expected text, got a list"),
    "tags-mapping": (article(head("tm", tags="{x: 1}")), "tags",
                     "expected a list of text values, got a mapping"),
    "title-number": (article(head("tn", title="1917")), "title",
                     "expected text, got a number (put it in quotes"),
    "duplicate-key": (article(head("dk") + "title: Second Synthetic Title\n"), "title",
                      "given twice, on lines 2 and 7 (keep one of them)"),
    "nul-title": (article(head("nt", title='"Synthetic \\0 title"')), "title",
                  "holds the control character U+0000"),
    "esc-byline": (article(head("eb", byline='"Synthetic \\e[31m wire"')), "byline",
                   "holds the control character U+001B"),
    "c1-credit": (article(head("cc", photo_credit='"Synthetic \\x9b credit"')), "photo_credit",
                  "holds the control character U+009B"),
    "raw-esc": (article(head("re", byline="Synthetic \x1b wire")), "byline",
                "line 7 holds the control character U+001B"),
    "markup-title": (article(head("mt", title="'Synthetic <svg onload=alert(1)'")), "title",
                     "holds markup ('<svg onload=alert(1)'): metadata is plain text"),
    "markup-credit": (article(head("mc", photo_credit="<img src=x onerror=alert(1)>")),
                      "photo_credit", "holds markup"),
    "markup-description": (article(head("md", description="'</p><script>alert(1)</script>'")),
                           "description", "holds markup ('</p><script>alert(1)')"),
    "markup-related": (article(head("mr", related_titles="['Synthetic plain', "
                                    "'Synthetic <!-- comment']")),
                       "related_titles", "entry 2 holds markup ('<!-- comment')"),
    "esc-body": (article(head("be"), body="Synthetic filler \x1b[31m text.\n"), "body",
                 "holds the control character U+001B on line 2"),
    "python-tag": (article(head("pt", title="!!python/object/apply:os.system [echo]")),
                   "title", "could not determine a constructor"),
    "deep-nesting": (article(head("dn", places="[" * 30_000 + "]" * 30_000)), "places",
                     "nested too deeply"),
    "huge": (article(head("hg", related_titles="[" + ", ".join(["Synthetic filler headline"]
                                                                 * 3000) + "]")),
             "frontmatter", f"more than the {MAX_FRONTMATTER:,} allowed"),
    "no-frontmatter": ("Synthetic text without a frontmatter block.\n", "frontmatter",
                       "no frontmatter"),
    "source-mapping": (article(head("sm", source="{x: 1}")), "source",
                       "expected text, got a mapping"),
    "markup-source": (article(head("ms", source="'The <b>Synthetic</b> Courier'")), "source",
                      "holds markup ('<b>Synthetic</b>"),
}


def write_defects(folder: Path, defects: dict[str, tuple[str | bytes, str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (text, _, _) in defects.items():
        path = folder / f"{name}.md"
        if text == "LINK":
            path.symlink_to("nowhere.md")
        elif text == "FIFO":
            os.mkfifo(path)
        elif isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def vocab():
    return load_vocab()


def test_good_article_loads_with_typed_dates(vocab) -> None:
    article_, problems = load_text(article(head("ok", modified="2031-03-04") +
                                           "archived: 2031-03-05T10:00:00Z\n"), "x.md", vocab)
    assert problems == []
    assert str(article_.date) == "2031-03-03" and str(article_.modified) == "2031-03-04"
    assert article_.archived.isoformat() == "2031-03-05T10:00:00+00:00"


def test_dates_stay_text_in_the_mapping() -> None:
    data, _ = split(article(head("dt", modified="2020-02-30")))
    assert data["date"] == "2031-03-03" and data["modified"] == "2020-02-30"


@pytest.mark.parametrize("name", [n for n, (text, _, _) in DEFECTS.items()
                                  if isinstance(text, str) and text not in ("LINK", "FIFO")])
def test_each_defect_is_one_problem_naming_the_key(vocab, name: str) -> None:
    text, key, message = DEFECTS[name]
    assert isinstance(text, str)
    _, problems = load_text(text, "x.md", vocab)
    assert [p.key for p in problems] == [key], problems
    assert message in problems[0].message


def test_split_raises_only_frontmatter_errors_naming_the_key() -> None:
    with pytest.raises(FrontmatterError) as caught:
        split(article(head("dk") + "title: again\n"))
    assert caught.value.key == "title" and caught.value.line == 7


def test_nested_duplicate_names_the_top_level_key(vocab) -> None:
    _, problems = load_text(article(head("nd", search="{exclude: true, exclude: false}")),
                            "x.md", vocab)
    assert [p.key for p in problems] == ["search"]
    assert "the key 'exclude' appears twice" in problems[0].message


def test_hidden_files_and_folders_are_not_articles(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = content / "articles" / "2031" / "03"
    folder.mkdir(parents=True)
    (folder / "real.md").write_text(article(head("real")), encoding="utf-8")
    (folder / ".tmp-x.md").write_text("half-written", encoding="utf-8")
    (content / "articles" / ".trash").mkdir()
    (content / "articles" / ".trash" / "old.md").write_text("x", encoding="utf-8")
    assert article_files(content) == [folder / "real.md"]


def test_a_folder_linked_back_up_is_read_once(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = content / "articles" / "2031"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(article(head("a")), encoding="utf-8")
    (folder / "loop").symlink_to("..")
    assert article_files(content) == [folder / "a.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_a_problem(tmp_path: Path, vocab) -> None:
    content = tmp_path / "content"
    path = content / "articles" / "locked.md"
    path.parent.mkdir(parents=True)
    path.write_text(article(head("lk")), encoding="utf-8")
    path.chmod(0)
    result = load_articles(content, vocab)
    assert result.messages() == ["articles/locked.md: file: cannot be read (Permission denied: "
                                 "check its permissions)"]


def test_check_command_reports_each_defect_in_one_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    folder = content / "articles" / "2031" / "03"
    write_defects(folder, DEFECTS)
    (folder / ".tmp-ingest.md").write_bytes(b"\xff half-written by an interrupted ingest")
    (folder / "good.md").write_text(article(head("good")), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.output
    for name, (_, key, message) in DEFECTS.items():
        prefix = f"{folder}/{name}.md: "
        mine = [line for line in lines if line.startswith(prefix)]
        assert len(mine) == 1, (name, mine)
        assert mine[0].startswith(f"{prefix}{key}: ") and message in mine[0], mine[0]
    assert not any("good.md" in line for line in lines)
    # The temporary file is not read as an article: one line says it is an ingest leftover.
    assert [line for line in lines if ".tmp-ingest" in line] == [
        f"{folder}/.tmp-ingest.md: file: leftover of an interrupted `newsarchive ingest` (the "
        "next ingest finishes or removes it; or delete it if no ingest is running)"]
    total = len(DEFECTS)
    assert lines[-1] == f"checked {total + 1} article(s): {total + 1} with problems"


def test_seed_and_site_fixture_validate(tmp_path: Path) -> None:
    from tests.site.conftest import write_fixture

    write_fixture(tmp_path)
    result = load_articles(tmp_path, load_vocab())
    assert result.problems == [] and len(result.articles) == 6
    seed = load_articles(ROOT / "content", load_vocab())
    assert seed.problems == [] and len(seed.articles) == 1


def test_vocabulary_files_refuse_duplicate_keys(tmp_path: Path) -> None:
    from newsarchive.vocab.datafile import VocabularyError, load_mapping

    path = tmp_path / "sources.yaml"
    path.write_text("a.example: Synthetic A\na.example: Synthetic B\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="appears twice"):
        load_mapping(path)
    shutil.rmtree(tmp_path)
