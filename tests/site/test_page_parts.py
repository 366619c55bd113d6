"""Article pages' <head> additions and Cite boxes made ahead by a forked child: every page
takes its own, the site is the one a single process builds (hostile values included), and
a child that dies, or a page at another URL, has them made as the page renders."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from newsarchive.mkdocs_plugin import page_parts, reuse
from newsarchive.mkdocs_plugin.page_parts import ArticleParts
from tests.helpers import build_log, write_article
from tests.site.conftest import write_fixture
from tests.site.test_citations import HOSTILE
from tests.site.test_reproducible import tree

MADE = re.compile(r"newsarchive: the <head> additions and Cite boxes of (\d+) article pages "
                  r"made by a second process")
# Put after what the child makes, to see which pages took theirs from it.
HEAD_MARK, BOX_MARK = "<!--na-test-head-->", "<!--na-test-box-->"


def _archive(content: Path) -> None:
    write_fixture(content)
    write_article(content, "articles/2034/02/hostile.md", body="Synthetic filler body.",
                  title=f"Velmora filler {HOSTILE}", date="2034-02-02",
                  source=f"Filler Gazette {HOSTILE}", region="SY-ID",
                  original_url="https://news.example.org/hostile", language="en",
                  byline=f"Ana Kestrel {HOSTILE}", tags=["ceasefire"])
    for i in range(6):
        write_article(content, f"articles/2034/03/filler-{i}.md",
                      body=f"Synthetic filler text number {i}, written for the test suite.",
                      title=f"Synthetic Filler {i}", date=f"2034-03-1{i}",
                      source="Synthetic Courier", region="SY-ID",
                      original_url=f"https://x.example/{i}", language="en", tags=["ceasefire"])


def _built(tmp_path: Path, name: str, workers: int) -> tuple[Path, list[str]]:
    content = tmp_path / "content"
    if not content.exists():
        _archive(content)
    site = tmp_path / name
    log = build_log(content, site, strict=False, workers=workers, cache=False,
                    mkdocs_options={"site_url": "https://archive.example.org/"})
    return site, log


def _article_pages(site: Path) -> list[Path]:
    pages = sorted(site.glob("articles/**/index.html"))
    assert len(pages) >= 7
    return pages


def test_every_article_page_takes_the_parts_made_ahead(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reuse, "FORK_FILES_FROM", 1)
    one, one_log = _built(tmp_path, "one", workers=1)
    assert not any(MADE.fullmatch(m) for m in one_log)
    monkeypatch.setattr(page_parts, "PARTS_FROM", 1)
    start = ArticleParts.start

    def marked_start(self: ArticleParts, uris: list[str], url_of: Callable[[str], str],
                     make: page_parts.MakeParts, in_child: object = None) -> None:
        def marked(uri: str, url: str) -> tuple[str, str | None]:
            head, box = make(uri, url)
            return head + HEAD_MARK, None if box is None else box + BOX_MARK
        start(self, uris, url_of, marked, in_child)  # type: ignore[arg-type]

    monkeypatch.setattr(ArticleParts, "start", marked_start)
    two, two_log = _built(tmp_path, "two", workers=2)
    made = [int(match.group(1)) for m in two_log if (match := MADE.fullmatch(m))]
    pages = _article_pages(two)
    assert made == [len(pages)], two_log
    # Every article page, in the build process and in the theme's child, took both parts.
    for path in pages:
        html = path.read_text()
        assert html.count(HEAD_MARK) == 1 and html.count(BOX_MARK) == 1, path
        assert html.index(HEAD_MARK) < html.index("</head>") < html.index(BOX_MARK), path
        path.write_text(html.replace(HEAD_MARK, "").replace(BOX_MARK, ""))
    # Those parts are the bytes made as the page renders, hostile values included.
    assert tree(one) == tree(two)


def test_a_parts_child_that_dies_changes_nothing(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reuse, "FORK_FILES_FROM", 1)
    one, _ = _built(tmp_path, "one", workers=1)
    monkeypatch.setattr(page_parts, "PARTS_FROM", 1)
    real = page_parts.ForkedCall

    class Dies(real):  # type: ignore[misc, valid-type]
        def _write(self) -> None:
            raise MemoryError("synthetic failure of the parts' child")

    monkeypatch.setattr(page_parts, "ForkedCall", Dies)
    two, two_log = _built(tmp_path, "two", workers=2)
    assert not any(MADE.fullmatch(m) for m in two_log), two_log
    assert any("pages written through the theme by a second process" in m for m in two_log)
    assert tree(one) == tree(two)


def test_parts_are_used_only_for_the_url_they_were_made_for(
        monkeypatch: pytest.MonkeyPatch) -> None:
    parts = ArticleParts()
    seen: list[str] = []

    def make(uri: str, url: str) -> tuple[str, str | None]:
        seen.append(uri)
        return f"<meta name='h' content='{url}'>", None if uri == "b.md" else f"<p>{uri}</p>"

    pages = {"a.md": "a/", "b.md": "b/"}
    parts.start(list(pages), pages.__getitem__, make)
    assert parts.take() == 0  # fewer pages than PARTS_FROM: no child, nothing made ahead
    monkeypatch.setattr(page_parts, "PARTS_FROM", 1)
    parts.start(list(pages), pages.__getitem__, make)
    assert parts.head("a.md", "a/") is None  # nothing is used before it is taken
    assert parts.take() == 2
    assert seen == []  # made in the child
    assert parts.head("a.md", "a/") == "<meta name='h' content='a/'>"
    assert parts.box("a.md", "a/") == "<p>a.md</p>"
    assert parts.head("a.md", "elsewhere/") is None and parts.box("a.md", "elsewhere/") is None
    assert parts.box("b.md", "b/") is None  # its box needed a citation formatted
    assert parts.head("c.md", "c/") is None
    parts.cancel()
    assert parts.head("a.md", "a/") is None
