"""Incremental builds: reusing unchanged pages gives exactly the site a full build gives."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from pathlib import Path

import pytest

from newsarchive.build.cache import BuildCache
from newsarchive.mkdocs_plugin import plugin as plugin_module
from newsarchive.search.index import SearchIndexBuild
from tests.helpers import build_log, build_site, collect_messages, page, write_article
from tests.site.conftest import ALWAYS_RENDERED, Archive, reused, write_fixture
from tests.site.test_reproducible import filter_chunks, tree


def test_edit_and_add_then_rebuild_equals_full_build(built: Archive) -> None:
    assert built.builds[0].reused[0] == 0
    unchanged = built.build()
    hits, total = unchanged.reused
    assert hits == total > 20  # nothing changed: every page and the search index reused
    assert any("search index reused" in m for m in unchanged.messages)
    assert unchanged.rendered == ALWAYS_RENDERED

    # Edit one article (body and a tag) and add a new one in the same month.
    built.edit("articles/2031/01/b.md", "- ceasefire", "- shelling")
    built.edit("articles/2031/01/b.md", "More synthetic filler text.",
               "Edited synthetic filler text.")
    write_article(built.content, "articles/2031/01/f.md", title="Synthetic Foxtrot Report",
                  date="2031-01-06", source="Filler Gazette", region="SY-ID",
                  original_url="https://news.example.org/f", tags=["ceasefire"],
                  related_titles=["Synthetic Bravo Report"], body="Synthetic filler.")
    hits, total = built.build().reused
    assert 0 < hits < total
    full = built.full_build()
    assert tree(built.site) == tree(full)
    assert filter_chunks(built.site) == filter_chunks(full)
    site = built.site
    assert "Edited synthetic filler text." in (site / "articles/2031/01/b/index.html").read_text()
    assert "Synthetic Foxtrot Report" in (site / "tags/ceasefire/index.html").read_text()


def test_a_newer_article_leaves_older_listing_pages_untouched(tmp_path: Path) -> None:
    notes = Archive(tmp_path)  # not the fixture articles: eight notes of one tag
    content, site = notes.content, notes.site
    for day in range(1, 9):  # eight under one tag: a first page of 2, older pages of 2
        write_article(content, f"articles/2031/03/n{day}.md", title=f"Synthetic Note {day}",
                      date=f"2031-03-{day:02d}", source="Filler Gazette", region="SY-ID",
                      original_url=f"https://news.example.org/n{day}", tags=["shelling"])
    notes.build(page_size=2)
    older = sorted((site / "tags/shelling/page").rglob("index.html"))
    assert [p.parent.name for p in older] == ["1", "2", "3"]
    before = {p: p.read_bytes() for p in older}
    inodes = {p: p.stat().st_ino for p in older}
    first = (site / "tags/shelling/index.html").read_bytes()

    write_article(content, "articles/2031/03/n9.md", title="Synthetic Note 9",
                  date="2031-03-09", source="Filler Gazette", region="SY-ID",
                  original_url="https://news.example.org/n9", tags=["shelling"])
    again = notes.build(page_size=2)
    assert {p: p.read_bytes() for p in older} == before
    assert (site / "tags/shelling/index.html").read_bytes() != first
    assert "Synthetic Note 9" in (site / "tags/shelling/index.html").read_text()
    # Reused, not rendered again: the previous build's files themselves (same inodes).
    assert again.reused[0] >= len(older)
    assert all(p.stat().st_ino == ino for p, ino in inodes.items())
    assert {p.relative_to(site).as_posix() for p in older} <= again.kept


def test_an_option_change_rebuilds_everything(built: Archive) -> None:
    changed = built.build(page_size=3)
    assert changed.reused[0] == 0
    assert not changed.kept


def test_new_curator_page_changes_every_page_like_a_full_build(built: Archive) -> None:
    # A page outside the archive joins the navigation that every page shows.
    (built.content / "about.md").write_text("# About this synthetic archive\n\nFiller text.\n")
    assert not built.build().kept
    assert tree(built.site) == tree(built.full_build())
    assert "About this synthetic archive" in \
        (built.site / "articles/2031/01/a/index.html").read_text()


def test_interrupted_build_leaves_no_manifest_to_trust(built: Archive) -> None:
    assert (built.cache / "manifest.json").is_file()
    # The next build starts (and reads the manifest) but never finishes.
    BuildCache(built.cache, built.site.resolve(), "whatever").open()
    assert not (built.cache / "manifest.json").exists()


@pytest.mark.parametrize("link", [
    "[the delta report](../../2032/03/d.md).",
    "[the delta report][delta].\n\n[delta]: ../../2032/03/d.md",
])
def test_link_to_a_deleted_page_is_checked_again(archive: Archive, link: str) -> None:
    content, site = archive.content, archive.site
    # g's own page does not depend on d (not a neighbour in time, related lists off): only
    # its link to d.md does.
    write_article(content, "articles/2031/01/g.md", title="Synthetic Golf Report",
                  date="2031-01-08", source="Filler Gazette", region="SY-ID",
                  original_url="https://news.example.org/g",
                  body=f"Synthetic filler linking to {link}")
    archive.build(related=False)
    assert 'href="../../../2032/03/d/"' in (site / "articles/2031/01/g/index.html").read_text()
    (content / "articles/2032/03/d.md").unlink()
    again = archive.build(strict=False, related=False)
    assert any("d.md" in w for w in again.warnings)  # reported again, as a full build would
    assert tree(site) == tree(archive.full_build(strict=False, related=False))


def test_only_the_shard_of_an_edited_article_is_indexed_again(archive: Archive) -> None:
    content, site = archive.content, archive.site
    write_article(content, "articles/2020/05/g.md", title="Synthetic Golf Report",
                  date="2020-05-01", source="Filler Gazette", region="SY-ID",
                  original_url="https://news.example.org/g", body="Synthetic filler.")
    first = archive.build(search_shard_size=3)
    assert any("3 of 3 shard(s) indexed" in m for m in first.messages)
    shards = sorted(p.name for p in (site / "pagefind").iterdir())
    assert shards == ["2020", "2031", "2032"]
    archive.edit("articles/2032/03/d.md", "More synthetic filler text.",
                 "Edited synthetic filler text.")
    again = archive.build(search_shard_size=3)
    assert any("1 of 3 shard(s) indexed (2032: 1 pages)" in m for m in again.messages), \
        again.messages
    full = archive.full_build(search_shard_size=3)
    assert tree(site) == tree(full)
    assert filter_chunks(site) == filter_chunks(full)


def test_serve_reload_does_not_wait_for_the_search_index(archive: Archive, monkeypatch) -> None:
    """Under `mkdocs serve` the rebuild returns before Pagefind finishes; the shards join the
    cache once done, and a newer rebuild cancels an unfinished one."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from tests.helpers import ROOT

    content, site, cache = archive.content, archive.site, archive.cache
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(content), site_dir=str(site))
    config.plugins["newsarchive"].config.update(cache_dir=str(cache))
    plugin = config.plugins["newsarchive"]
    original = SearchIndexBuild._index
    release = threading.Event()

    def held(self, name, output, env):
        # Pagefind starts only once the test says so (or the run is cancelled): the build
        # surely returns first, however slow the machine.
        deadline = time.monotonic() + 120
        while not (release.is_set() or self._cancelled) and time.monotonic() < deadline:
            release.wait(0.05)
        return original(self, name, output, env)

    with collect_messages() as messages, contextlib.chdir(ROOT):
        config.plugins.on_startup(command="serve", dirty=False)
        # Hold Pagefind back so it is surely still running when the build returns.
        with monkeypatch.context() as patch:
            patch.setattr(SearchIndexBuild, "_index", held)
            build(config, serve_url="http://127.0.0.1:8000/")
            assert any("still indexing in the background" in m for m in messages)
            first = plugin._background
            assert first is not None and first.running()
            assert not (site / "pagefind").exists() or not any(
                (site / "pagefind").rglob("pagefind-entry.json"))
            # A newer edit arrives before the index is done: it cancels that run, and
            # nothing of the cancelled run is trusted.
            build(config, serve_url="http://127.0.0.1:8000/")
            assert not first.running() and first.indexed
            assert plugin._background is not None and plugin._background is not first
            release.set()
            plugin._background.finish()
        assert any((site / "pagefind").rglob("pagefind-entry.json"))
        manifest = json.loads((cache / "manifest.json").read_text())
        assert any(k.startswith("pagefind/") for k in manifest["pages"])
        messages.clear()
        build(config, serve_url="http://127.0.0.1:8000/")
        assert any("search index reused" in m for m in messages), messages
        config.plugins.on_shutdown()
    full = archive.full_build()
    # The search index equals a full build's (pages differ: the serve URL is the site URL).
    assert {k: v for k, v in tree(full).items() if k.startswith("pagefind/")} == \
        {k: v for k, v in tree(site).items() if k.startswith("pagefind/")}
    assert filter_chunks(site) == filter_chunks(full)


def test_body_edit_renders_one_page_and_title_edit_reaches_every_listing(built: Archive
                                                                         ) -> None:
    site = built.site
    # A body edit: listings and related lists show the article's data, not its text.
    built.edit("articles/2031/01/a.md", "More synthetic filler text.",
               "Edited synthetic filler text.")
    log = built.build()
    hits, total = log.reused
    assert hits == total - 2, log.messages  # the edited page and its search shard
    assert log.rendered == {"articles/2031/01/a/index.html", *ALWAYS_RENDERED}
    assert (built.cache / "related.pickle").is_file()
    # A title edit: every page naming the article shows the new title, as a full build does.
    built.edit("articles/2031/02/c.md", "Synthetic Charlie Report",
               "Synthetic Charlie Report, Retitled")
    built.build()
    assert tree(site) == tree(built.full_build())
    for listing in ("tags/shelling/index.html", "sources/filler-gazette/index.html",
                    "chronology/2031/02/index.html"):
        assert "Synthetic Charlie Report, Retitled" in (site / listing).read_text(), listing


def test_deleted_article_and_image_do_not_come_back(archive: Archive) -> None:
    """Reused folders move into the new site whole; nothing deleted since may ride along."""
    content, site = archive.content, archive.site
    image = content / "articles/2031/01/map.png"
    image.write_bytes(b"\x89PNG synthetic test bytes")
    archive.build()
    assert (site / "articles/2031/01/e/index.html").is_file()
    assert (site / "articles/2031/01/map.png").is_file()
    (content / "articles/2031/01/e.md").unlink()
    image.unlink()
    archive.build()
    assert not (site / "articles/2031/01/e").exists()
    assert not (site / "articles/2031/01/map.png").exists()
    assert tree(site) == tree(archive.full_build())


def test_unchanged_rebuild_with_an_explicit_nav_equals_a_full_build(archive: Archive) -> None:
    """Reused pages still get their titles (the navigation shows them) and the sitemap."""
    content, site = archive.content, archive.site
    (content / "about.md").write_text("# About this synthetic archive\n\nFiller text.\n")
    nav = {"nav": [{"Start": "index.md"}, "chronology/index.md", "regions/index.md",
                   "tags/index.md", "sources/index.md", "data/index.md", "search/index.md",
                   "about.md",
                   "articles/2031/01/a.md"]}
    archive.build(mkdocs_options=nav)
    log = archive.build(mkdocs_options=nav)
    hits, total = log.reused
    assert hits == total  # every page but the search page, which is always rendered
    assert log.rendered == {"about/index.html", *ALWAYS_RENDERED}  # curator pages too
    assert tree(site) == tree(archive.full_build(mkdocs_options=nav))
    about = (site / "about/index.html").read_text()
    assert "None" not in about and "Synthetic Alpha Report" in about and "Start" in about


def test_a_build_that_strict_mode_rejects_is_not_reused(built: Archive) -> None:
    from mkdocs.exceptions import Abort

    broken = built.content / "articles/2031/01/a.md"
    broken.write_text(broken.read_text() + "\nSee [the missing page](nope.md).\n")
    for _ in range(2):  # the second try fails like the first: nothing of it was trusted
        with pytest.raises(Abort):
            built.build()


def test_link_to_a_missing_anchor_of_a_reused_page_is_still_reported(built: Archive) -> None:
    from mkdocs.exceptions import Abort

    linking = built.content / "articles/2031/01/a.md"
    text = linking.read_text()
    # b.md is unchanged (reused); one anchor exists there, the other does not.
    linking.write_text(text + "\nSee [its heading](b.md#a-filler-heading).\n")
    assert "articles/2031/01/b/index.html" in built.build().kept
    linking.write_text(text + "\nSee [nothing](b.md#no-such-anchor).\n")
    with pytest.raises(Abort):
        built.build()


def test_a_second_build_on_the_same_cache_builds_without_it(built: Archive) -> None:
    """`mkdocs serve` and `mkdocs build` side by side must not pull the cache from under
    each other: the one that comes second builds everything, correctly, without it."""
    other = BuildCache(built.cache, (built.root / "other-site").resolve(), "another build")
    other.open()  # holds the cache folder, like a build in progress
    try:
        log = built.build()
        assert any("another build is using" in m for m in log.messages)
        assert not any(m.startswith("newsarchive: reused") for m in log.messages)
        assert not log.kept
    finally:
        other.close(success=False)
    assert tree(built.site) == tree(built.full_build())
    assert built.build().reused[0] == 0  # manifest was gone


def test_search_staging_survives_a_lost_page_and_an_interrupted_build(archive: Archive
                                                                     ) -> None:
    """The staging record is checked, not trusted: a staged page deleted behind the build's
    back is staged again, and after a build that stopped before recording what it staged, a
    page left there by a since-deleted article is not indexed."""
    site = archive.site
    archive.build(search_shard_size=3)
    staging = archive.cache / "search-pages"
    record = json.loads((staging / "staged.json").read_text())
    shard, _ = record["pages"]["articles/2032/03/d/index.html"]
    staged = staging / shard / "articles/2032/03/d/index.html"
    text = staged.read_text()
    # Staged: what Pagefind indexes; not the Cite box (ignored by Pagefind, kilobytes long).
    page = (site / "articles/2032/03/d/index.html").read_text()
    assert 'class="na-cite"' in page and "data:application/x-bibtex" in page
    assert "data-pagefind-body" in text and "na-cite" not in text and "data:" not in text
    staged.unlink()
    again = archive.build(search_shard_size=3)
    # Rendered again to stage it; the same text, so the shard's index is still good.
    assert again.reused[0] == again.reused[1] - 1, again.messages
    assert "articles/2032/03/d/index.html" in again.rendered
    assert staged.read_text() == text
    # An interrupted build: a page staged for an article that is then deleted, no record.
    stray = staging / shard / "articles/2032/04/gone/index.html"
    stray.parent.mkdir(parents=True)
    stray.write_text(text)
    (staging / "staged.json").unlink()
    archive.build(search_shard_size=3)
    assert not stray.exists()
    assert tree(site) == tree(archive.full_build(search_shard_size=3))


def _edit_and_add(archive: Archive) -> None:
    archive.edit("articles/2031/01/b.md", "- ceasefire", "- shelling")
    write_article(archive.content, "articles/2031/01/f.md", title="Synthetic Foxtrot Report",
                  date="2031-01-06", source="Filler Gazette", region="SY-ID",
                  original_url="https://news.example.org/f", tags=["ceasefire"],
                  body="Synthetic filler.")


def test_related_lists_started_before_mkdocs_lists_the_files(archive: Archive) -> None:
    """An incremental build computes the related lists in a second process from its first
    step (the articles found on disk): the site is still exactly a full build's, and the
    articles that process saved serve the next build."""
    archive.build(workers=2)
    _edit_and_add(archive)
    messages = archive.build(workers=2).messages
    assert any(m.startswith("newsarchive: related lists computed in a second process")
               for m in messages)
    assert tree(archive.site) == tree(archive.full_build())
    hits, total = archive.build(workers=2).reused
    assert hits == total


def test_related_lists_of_other_articles_are_computed_again(archive: Archive,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """When the files found on disk are not the ones MkDocs builds (here one is missed),
    the early lists are not used."""
    archive.build(workers=2)
    _edit_and_add(archive)
    found = plugin_module.article_uris
    monkeypatch.setattr(plugin_module, "article_uris", lambda *args: found(*args)[1:])
    messages = archive.build(workers=2).messages
    assert any("were of other articles; computing them again" in m for m in messages)
    assert tree(archive.site) == tree(archive.full_build())


def _year_bars(site: Path, year: int) -> list[str]:
    html = page(site, f"chronology/{year}/")
    return html.xpath("//svg[@class='na-timeline__chart']//a/@aria-label")


def test_year_page_timeline_follows_its_own_articles(tmp_path: Path) -> None:
    content, site, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_fixture(content)
    build_site(content, site, cache_dir=str(cache))
    assert _year_bars(site, 2031) == ["January 2031: 3 articles", "February 2031: 1 article"]
    other = site / "chronology/2032/index.html"
    other_bytes, other_inode = other.read_bytes(), other.stat().st_ino

    # A new article of 2031: its year page charts the new month; 2032's page is reused.
    write_article(content, "articles/2031/06/f.md", title="Synthetic Foxtrot Report",
                  date="2031-06-06", source="Filler Gazette", region="SY-ID",
                  original_url="https://news.example.org/f", body="Synthetic filler.")
    messages = build_log(content, site, cache_dir=str(cache))
    assert reused(messages)[0] > 0
    assert _year_bars(site, 2031) == ["January 2031: 3 articles", "February 2031: 1 article",
                                      "June 2031: 1 article"]
    assert other.read_bytes() == other_bytes and other.stat().st_ino == other_inode

    # An article moved to another month of the same year: the bars move with it.
    moved = content / "articles/2031/02/c.md"
    moved.write_text(moved.read_text().replace("2031-02-01", "2031-04-01"))
    build_site(content, site, cache_dir=str(cache))
    assert _year_bars(site, 2031) == ["January 2031: 3 articles", "April 2031: 1 article",
                                      "June 2031: 1 article"]
    full = tmp_path / "full"
    build_site(content, full, cache=False)
    assert tree(site) == tree(full)
