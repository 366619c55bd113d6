"""Pagefind bundles with short page names: the page list a reader downloads shrinks, and
every page still leads to its own excerpt (the browser tests search through such bundles)."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import cbor2
import pytest

from newsarchive.search import index as search_index
from newsarchive.search.index import SearchIndexBuild, _pagefind
from newsarchive.search.pages import compact_page_names

PAGES = {  # synthetic pages in three scripts, so the bundle has three page lists
    "en": [f"Filler dispatch number {i} from the invented town of Varnholt." for i in range(40)],
    "ru": [f"Синтетический текст номер {i} о вымышленном городе Зарецк." for i in range(5)],
    "ar": [f"نص تجريبي رقم {i} عن مدينة خيالية." for i in range(5)],
}


def _bundle(tmp_path: Path) -> Path:
    site = tmp_path / "staged"
    for lang, texts in PAGES.items():
        for i, text in enumerate(texts):
            page = site / lang / f"p{i}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
                            f'<title>{lang} {i}</title></head><body><main data-pagefind-body>'
                            f"<p>{text}</p></main></body></html>", encoding="utf-8")
    out = tmp_path / "bundle"
    subprocess.run([*_pagefind(), "--site", str(site), "--output-path", str(out)],
                   check=True, capture_output=True)
    return out


def _page_lists(bundle: Path) -> dict[str, list[list]]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    lists = {}
    for lang, info in entry["languages"].items():
        raw = gzip.decompress((bundle / f"pagefind.{info['hash']}.pf_meta").read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        lists[lang] = cbor2.loads(raw[len(b"pagefind_dcd"):])[1]
    return lists


def _files(bundle: Path) -> dict[str, str]:
    return {p.relative_to(bundle).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(bundle.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def pagefind_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _bundle(tmp_path_factory.mktemp("pagefind"))


def test_fragments_get_short_names_and_keep_their_pages(pagefind_bundle: Path,
                                                        tmp_path: Path) -> None:
    bundle = tmp_path / "b"
    shutil.copytree(pagefind_bundle, bundle)
    before = _page_lists(bundle)
    fragments_before = {(lang, i): (bundle / "fragment" / f"{name}.pf_fragment").read_bytes()
                        for lang, pages in before.items() for i, (name, _) in enumerate(pages)}
    assert sorted(before) == ["ar", "en", "ru"]

    renamed = compact_page_names(bundle)

    after = _page_lists(bundle)
    assert renamed == sum(len(texts) for texts in PAGES.values())
    assert sorted(after) == sorted(before)
    names = set()
    for lang, pages in after.items():
        # Same pages in the same order (Pagefind's word index counts by position), same
        # word counts; each name is shorter than Pagefind's and leads to the same fragment.
        assert [wc for _, wc in pages] == [wc for _, wc in before[lang]]
        for i, (name, _) in enumerate(pages):
            assert len(name) < len(before[lang][i][0])
            assert (bundle / "fragment" / f"{name}.pf_fragment").read_bytes() == \
                fragments_before[(lang, i)]
            names.add(name)
    assert len(names) == len(fragments_before)
    assert len(list((bundle / "fragment").iterdir())) == len(names)  # none left behind
    assert len(list(bundle.glob("*.pf_meta"))) == 3  # the old page lists are gone


def test_renaming_is_the_same_for_the_same_pages_and_done_once(pagefind_bundle: Path,
                                                               tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    shutil.copytree(pagefind_bundle, one)
    shutil.copytree(pagefind_bundle, two)
    compact_page_names(one)
    compact_page_names(two)
    assert _files(one) == _files(two)
    assert compact_page_names(one) == 0
    assert _files(one) == _files(two)


def test_a_page_list_in_another_format_is_left_as_pagefind_wrote_it(pagefind_bundle: Path,
                                                                    tmp_path: Path) -> None:
    bundle = tmp_path / "b"
    shutil.copytree(pagefind_bundle, bundle)
    meta = next(bundle.glob("pagefind.ru_*.pf_meta"))
    meta.write_bytes(gzip.compress(b"pagefind_dcd" + cbor2.dumps(["9.9.9", {"pages": 1}])))
    untouched = _files(bundle)
    assert compact_page_names(bundle) == 0
    assert _files(bundle) == untouched


def test_a_missing_fragment_leaves_the_bundle_untouched(pagefind_bundle: Path,
                                                        tmp_path: Path) -> None:
    bundle = tmp_path / "b"
    shutil.copytree(pagefind_bundle, bundle)
    next((bundle / "fragment").iterdir()).unlink()
    untouched = _files(bundle)
    assert compact_page_names(bundle) == 0
    assert _files(bundle) == untouched


def test_a_failure_halfway_leaves_the_bundle_as_pagefind_wrote_it(
        pagefind_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "b"
    shutil.copytree(pagefind_bundle, bundle)
    untouched = _files(bundle)
    real_link, calls = os.link, []

    def link_until_full(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) > 20:
            raise OSError(28, "No space left on device")
        real_link(src, dst)

    monkeypatch.setattr(os, "link", link_until_full)
    with pytest.raises(OSError):
        compact_page_names(bundle)
    assert len(calls) > 20
    assert _files(bundle) == untouched  # no new name, no half-written page list


def test_an_error_while_renaming_fails_the_build_instead_of_passing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shards = {"2032": ["articles/b/index.html"], "2031": ["articles/a/index.html"]}
    build = SearchIndexBuild(tmp_path / "staging", shards)
    for dest in ("articles/a/index.html", "articles/b/index.html"):
        build.stage(dest, '<h1 data-pagefind-meta="title">Filler</h1><p>Synthetic filler.</p>')

    def broken(bundle: Path) -> int:
        raise ValueError("unexpected page list")

    monkeypatch.setattr(search_index, "compact_page_names", broken)
    build.start(list(shards), tmp_path / "out")
    with pytest.raises(RuntimeError, match="shard 2032: ValueError: unexpected page list"):
        build.finish()


def test_fragments_are_renamed_once_every_shard_is_indexed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind's next shard does not wait for the renaming (whose file calls each wait for
    the GIL while MkDocs renders pages): every shard is indexed before the first rename."""
    shards = {"2032": ["articles/b/index.html"], "2031": ["articles/a/index.html"]}
    build = SearchIndexBuild(tmp_path / "staging", shards)
    for dest in ("articles/a/index.html", "articles/b/index.html"):
        build.stage(dest, '<h1 data-pagefind-meta="title">Filler</h1><p>Synthetic filler.</p>')
    indexed_at_rename: list[list[bool]] = []
    rename = search_index.compact_page_names

    def watched(bundle: Path) -> int:
        indexed_at_rename.append([(tmp_path / "out" / name / "pagefind-entry.json").is_file()
                                  for name in shards])
        return rename(bundle)

    monkeypatch.setattr(search_index, "compact_page_names", watched)
    build.start(list(shards), tmp_path / "out")
    assert "2 of 2 shard(s) indexed" in build.finish()
    assert indexed_at_rename == [[True, True], [True, True]]
    for name in shards:  # renamed all the same
        fragments = [p.stem for p in (tmp_path / "out" / name / "fragment").iterdir()]
        assert fragments and all("_" not in f for f in fragments)
