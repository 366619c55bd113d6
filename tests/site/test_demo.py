"""The demo archive (``make demo`` / ``make demo-build``): generated outside ``content/``,
deterministic, and synthetic on every page.

The test runs what the Makefile runs (``scripts/demo.py`` then ``mkdocs build --strict -f
mkdocs.demo.yml``) with a smaller ``--count``, in a scratch copy of the repository's two
config files so that a newcomer's ``.demo/`` is left alone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from newsarchive.archive.frontmatter import split
from tests.helpers import ROOT, build_site, page, texts
from tests.site.conftest import write_fixture

COUNT = 60
DEMO = [sys.executable, str(ROOT / "scripts" / "demo.py")]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=600)


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch repository root with the demo generated and built as ``make demo-build``
    does; the real ``content/`` is checked unchanged afterwards."""
    before = _tree(ROOT / "content")
    root = tmp_path_factory.mktemp("repo")
    for name in ("mkdocs.yml", "mkdocs.demo.yml"):
        shutil.copy(ROOT / name, root / name)
    (root / "site_overrides").symlink_to(ROOT / "site_overrides")
    (root / "content").mkdir()  # mkdocs.yml's docs_dir: the demo must not write there
    generated = _run([*DEMO, "--count", str(COUNT), "--dest", str(root / ".demo")], root)
    assert generated.returncode == 0, generated.stderr
    built = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                  str(root / "mkdocs.demo.yml")], root)
    assert built.returncode == 0, built.stderr
    assert _tree(ROOT / "content") == before
    return root


def test_nothing_lands_in_content(demo: Path) -> None:
    assert list((demo / "content").iterdir()) == []
    assert len(list((demo / ".demo" / "content" / "articles").rglob("*.md"))) == COUNT
    assert (demo / ".demo" / "site" / "index.html").is_file()


def test_every_page_carries_the_synthetic_banner(demo: Path) -> None:
    pages = sorted((demo / ".demo" / "site").rglob("*.html"))
    assert len(pages) > COUNT  # articles, listings, home, search, 404
    for path in pages:
        banner = texts(lxml_html.fromstring(path.read_bytes()).xpath(
            "//aside[contains(@class, 'md-banner')]"))
        assert len(banner) == 1, path
        assert "every article here is synthetic" in banner[0], path
        assert "none of it is news" in banner[0], path


def test_every_article_says_it_is_synthetic(demo: Path) -> None:
    sources = sorted((demo / ".demo" / "content" / "articles").rglob("*.md"))
    for source in sources:
        meta, body = split(source.read_text(encoding="utf-8"))
        assert "(synthetic item " in meta["title"], source
        assert body.lstrip().startswith("*Synthetic article "), source
        assert "It is not a news report" in body, source
    site = demo / ".demo" / "site"
    articles = sorted(site.glob("articles/*/*/*/index.html"))
    assert len(articles) == COUNT
    for path in articles:
        doc = lxml_html.fromstring(path.read_bytes())
        assert "(synthetic item " in texts(doc.xpath("//h1"))[0], path
        assert "It is not a news report" in doc.text_content(), path


def test_site_name_and_absolute_urls_come_from_the_demo_config(demo: Path) -> None:
    home = page(demo / ".demo" / "site", "")
    assert texts(home.xpath("/html/head/title")) == ["newsarchive demo (synthetic)"]
    assert home.xpath("//link[@rel='canonical']/@href") == ["http://127.0.0.1:8000/"]


def test_demo_shows_tags_regions_related_and_search(demo: Path) -> None:
    site = demo / ".demo" / "site"
    assert len(list(site.glob("tags/*/index.html"))) > 3
    assert len(list(site.glob("regions/*/*/index.html"))) > 3
    assert (site / "search" / "index.html").is_file() and (site / "pagefind").is_dir()
    related = [p for p in site.glob("articles/*/*/*/index.html")
               if "Related coverage" in p.read_text(encoding="utf-8")]
    assert len(related) > COUNT // 2


def test_generation_is_deterministic_and_idempotent(demo: Path, tmp_path: Path) -> None:
    again = _run([*DEMO, "--count", str(COUNT), "--dest", str(tmp_path / "again")], tmp_path)
    assert again.returncode == 0, again.stderr
    generated = {k: v for k, v in _tree(demo / ".demo").items()
                 if k.startswith(("content/", "vocab/", ".complete"))}
    unchanged = _tree(tmp_path / "again")
    assert unchanged == generated  # same count and seed, same bytes
    rerun = _run([*DEMO, "--count", str(COUNT), "--dest", str(tmp_path / "again")], tmp_path)
    assert rerun.returncode == 0 and "up to date" in rerun.stdout
    assert _tree(tmp_path / "again") == unchanged


@pytest.mark.parametrize("dest", ["content", "content/articles", "occupied"])
def test_refuses_content_and_folders_it_did_not_make(tmp_path: Path, dest: str) -> None:
    target = ROOT / dest if dest.startswith("content") else tmp_path / dest
    if dest == "occupied":
        target.mkdir()
        (target / "notes.txt").write_text("not a demo", encoding="utf-8")
    before = _tree(ROOT / "content")
    refused = _run([*DEMO, "--count", "3", "--dest", str(target)], tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: ") and "give" in refused.stderr
    assert _tree(ROOT / "content") == before
    if dest == "occupied":
        assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_banner_is_text_and_absent_without_the_setting(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_fixture(content)
    hostile = "Synthetic <script>alert(1)</script> & banner"
    build_site(content, tmp_path / "with", mkdocs_options={"extra": {"banner": hostile}})
    home = page(tmp_path / "with", "")
    assert texts(home.xpath("//aside[contains(@class, 'md-banner')]")) == [hostile]
    assert not home.xpath("//aside//script")
    build_site(content, tmp_path / "without")
    assert not page(tmp_path / "without", "").xpath("//aside[contains(@class, 'md-banner')]")
