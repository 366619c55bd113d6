"""The synthetic archive generator: valid, deterministic, and obviously invented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsarchive.archive.check import check_archive
from newsarchive.archive.loader import load_articles
from newsarchive.vocab import DATA_DIR, load_vocab
from newsarchive.vocab.regions import Gazetteer
from scripts.synthetic import (
    COUNTRIES,
    OUTLETS,
    REGIONS,
    generate,
    write_archive,
    write_vocab,
)

ROOT = Path(__file__).resolve().parents[2]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_archive_validates_with_zero_problems(tmp_path: Path) -> None:
    content = tmp_path / "content"
    files = write_archive(content, 250, seed=7, words=(20, 60))
    vocab = load_vocab(**write_vocab(tmp_path / "vocab"))
    result = load_articles(content, vocab)
    assert result.messages() == []
    assert len(result.articles) == len(files) == 250
    assert check_archive(content, vocab).messages() == []  # no duplicates either
    article = result.articles[0]
    assert article.path.startswith("articles/") and article.path.endswith(".md")
    assert "Synthetic filler sentence" in article.body
    dates = sorted(a.date for a in result.articles)
    assert (dates[-1] - dates[0]).days > 15 * 365


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    write_archive(tmp_path / "one", 60, seed=3, words=(10, 30))
    write_archive(tmp_path / "two", 60, seed=3, words=(10, 30))
    write_archive(tmp_path / "three", 60, seed=4, words=(10, 30))
    one = _tree(tmp_path / "one")
    assert len(one) == 60
    assert one == _tree(tmp_path / "two")
    assert one != _tree(tmp_path / "three")
    write_vocab(tmp_path / "v1")
    write_vocab(tmp_path / "v2")
    assert _tree(tmp_path / "v1") == _tree(tmp_path / "v2")


def test_metadata_does_not_depend_on_body_length() -> None:
    with_body = generate(40, seed=2, words=(5, 10))
    without = generate(40, seed=2, words=None)
    assert [a.frontmatter() for a in with_body] == [a.frontmatter() for a in without]
    assert all(a.body == "" for a in without)


def test_nothing_real() -> None:
    real = Gazetteer.load(DATA_DIR / "regions.yaml")
    real_names = {n.casefold() for r in real for n in (r.name, *r.names.values(), *r.aliases)}
    for code, name in COUNTRIES:
        assert code.startswith("X") and code != "XK" and code not in real
        assert name.casefold() not in real_names
    for code, name, _ in REGIONS:
        assert code not in real
        assert name.casefold() not in real_names
    for _, domain in OUTLETS:
        assert domain.endswith((".example.org", ".test"))
    for article in generate(50, words=(5, 10)):
        assert "(synthetic item" in article.title
        assert article.body.startswith("*Synthetic article")


def test_some_related_titles_point_at_other_articles() -> None:
    articles = generate(500, seed=0, words=None)
    titles = [t for a in articles for t in a.related_titles]
    assert len(titles) > 20
    assert any("not in the archive" in t for t in titles)


def test_cli(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "synth_corpus.py"), str(dest), "-n", "12",
         "--seed", "1", "--words", "5", "10"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert "wrote 12 articles" in out
    assert len(list((dest / "articles").rglob("*.md"))) == 12
    assert (tmp_path / "site-vocab" / "regions.yaml").is_file()
