"""The build cache never serves pages it did not write: builds that bypass it (cache off,
``--dirty``, the plugin disabled, another site folder) leave it unable to reuse anything but
exactly the bytes it recorded."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import build_log, build_site, write_article
from tests.site.conftest import reused, write_fixture
from tests.site.test_reproducible import tree

FOXTROT = {"title": "Synthetic Foxtrot Report", "date": "2031-01-06",
           "source": "Filler Gazette", "region": "SY-ID",
           "original_url": "https://news.example.org/f", "tags": ["ceasefire", "airstrikes"],
           "body": "Synthetic filler for the foxtrot report."}


def _linking(site: Path, target: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if target in p.read_text(encoding="utf-8"))


def _full(content: Path, where: Path) -> dict[str, str]:
    build_site(content, where, cache=False)
    return tree(where)


def test_build_without_the_cache_then_a_deletion_serves_no_stale_page(tmp_path: Path) -> None:
    content, site, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_fixture(content)
    build_site(content, site, cache_dir=str(cache))
    added = write_article(content, "articles/2031/01/f.md", **FOXTROT)
    build_site(content, site, cache_dir=str(cache), cache=False)
    assert len(_linking(site, "articles/2031/01/f/")) + \
        len(_linking(site, "../f/")) > 3  # the listings of its tags, month, source...
    added.unlink()
    messages = build_log(content, site, cache_dir=str(cache))
    assert _linking(site, "Synthetic Foxtrot Report") == []
    assert tree(site) == _full(content, tmp_path / "full")
    hits, total = reused(messages)
    # Every page is the last cached build's again: taken from the cache's own copy, not from
    # the pages the uncached build left in site/.
    assert hits == total


def test_dirty_build_in_between_is_not_trusted(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from tests.helpers import ROOT

    content, site, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_fixture(content)
    build_site(content, site, cache_dir=str(cache))
    edited = content / "articles/2031/01/a.md"
    original = edited.read_text()
    edited.write_text(original.replace("Synthetic Alpha Report", "Synthetic Alpha Dirty"))
    # `mkdocs build --dirty` writes the changed page in place (the plugin keeps out of it).
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(content), site_dir=str(site),
                         strict=False)
    config.plugins["newsarchive"].config.update(cache_dir=str(cache))
    config.plugins.on_startup(command="build", dirty=True)
    build(config, dirty=True)
    config.plugins.on_shutdown()
    assert "Synthetic Alpha Dirty" in (site / "articles/2031/01/a/index.html").read_text()
    edited.write_text(original)
    build_site(content, site, cache_dir=str(cache))
    assert _linking(site, "Synthetic Alpha Dirty") == []
    assert tree(site) == _full(content, tmp_path / "full")


def test_plugin_disabled_then_cached_build_equals_a_full_build(tmp_path: Path) -> None:
    content, site, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_fixture(content)
    build_site(content, site, cache_dir=str(cache))
    build_site(content, site, cache_dir=str(cache), strict=False, enabled=False)
    assert not (site / "tags").exists()  # a plain MkDocs site
    messages = build_log(content, site, cache_dir=str(cache))
    assert tree(site) == _full(content, tmp_path / "full")
    assert reused(messages)[0] > 0  # the cache's own copy of the last output


def test_another_site_dir_then_back(tmp_path: Path) -> None:
    content, site, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_fixture(content)
    build_site(content, site, cache_dir=str(cache))
    write_article(content, "articles/2031/01/f.md", **FOXTROT)
    other = tmp_path / "other"
    build_site(content, other, cache_dir=str(cache))
    (content / "articles/2031/01/f.md").unlink()
    build_site(content, site, cache_dir=str(cache))
    assert _linking(site, "Synthetic Foxtrot Report") == []
    assert tree(site) == _full(content, tmp_path / "full")


def test_output_edited_by_hand_is_rendered_again(tmp_path: Path) -> None:
    content, site, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_fixture(content)
    build_site(content, site, cache_dir=str(cache))
    page = site / "tags/ceasefire/index.html"
    page.write_text(page.read_text().replace("Synthetic Bravo Report", "Tampered Filler"))
    build_site(content, site, cache_dir=str(cache))
    assert "Tampered Filler" not in page.read_text()
    assert tree(site) == _full(content, tmp_path / "full")


def test_site_folder_deleted_pages_come_from_the_cache(tmp_path: Path) -> None:
    content, site, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_fixture(content)
    build_site(content, site, cache_dir=str(cache))
    shutil.rmtree(site)
    messages = build_log(content, site, cache_dir=str(cache))
    hits, total = reused(messages)
    assert hits == total
    assert tree(site) == _full(content, tmp_path / "full")
