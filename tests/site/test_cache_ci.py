"""A CI build: a fresh clone (new file stats, no site/) with only the cache folder restored
rebuilds incrementally and still equals a full build."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import build_log, build_site
from tests.site.conftest import reused, write_fixture
from tests.site.test_reproducible import filter_chunks, tree


def _copy_fresh(source: Path, target: Path) -> None:
    """Copy bytes only: new inodes, new mtimes, no hard links (like a checkout, or a cache
    restored from an archive)."""
    shutil.copytree(source, target, copy_function=shutil.copyfile)


def test_restored_cache_in_a_fresh_clone_rebuilds_incrementally(tmp_path: Path) -> None:
    first, clone = tmp_path / "run1", tmp_path / "run2"
    write_fixture(first / "content")
    build_site(first / "content", first / "site", cache_dir=str(first / "cache"))

    # The next CI run: another checkout with one article edited, the cache restored.
    _copy_fresh(first / "content", clone / "content")
    _copy_fresh(first / "cache", clone / "cache")
    edited = clone / "content/articles/2031/01/b.md"
    edited.write_text(edited.read_text().replace("More synthetic filler text.",
                                                 "Edited synthetic filler text."))
    messages = build_log(clone / "content", clone / "site", cache_dir=str(clone / "cache"))
    hits, total = reused(messages)
    assert total - 3 <= hits < total, messages  # the edited page (and search shard) only
    assert any("search index: 1 of" in m for m in messages)

    full = tmp_path / "full"
    build_site(clone / "content", full, cache=False)
    assert tree(clone / "site") == tree(full)
    assert filter_chunks(clone / "site") == filter_chunks(full)
    assert "Edited synthetic filler text." in \
        (clone / "site/articles/2031/01/b/index.html").read_text()

    # The run after that (site/ present again, stats as this run left them): all reused.
    again = build_log(clone / "content", clone / "site", cache_dir=str(clone / "cache"))
    assert reused(again)[0] == reused(again)[1]
    assert tree(clone / "site") == tree(full)


def test_restored_cache_with_a_changed_output_file_renders_it_again(tmp_path: Path) -> None:
    first, clone = tmp_path / "run1", tmp_path / "run2"
    write_fixture(first / "content")
    build_site(first / "content", first / "site", cache_dir=str(first / "cache"))
    _copy_fresh(first / "content", clone / "content")
    _copy_fresh(first / "cache", clone / "cache")
    # A corrupted restore: one cached page lost its last bytes.
    damaged = clone / "cache/output/tags/ceasefire/index.html"
    damaged.write_bytes(damaged.read_bytes()[:-20])
    messages = build_log(clone / "content", clone / "site", cache_dir=str(clone / "cache"))
    hits, total = reused(messages)
    assert hits == total - 1
    full = tmp_path / "full"
    build_site(clone / "content", full, cache=False)
    assert tree(clone / "site") == tree(full)
