"""Catalog edge cases: archives with no dated article."""

from __future__ import annotations

from newsarchive.archive.catalog import Catalog
from newsarchive.schema import Article


def _article(path: str, date=None) -> Article:
    return Article(title=f"Synthetic {path}", date=date, source="Synthetic Courier",
                   region="SY-ID", original_url=f"https://news.example.org/{path}", path=path)


def test_no_articles_and_only_undated_articles_build_a_catalog() -> None:
    assert Catalog.build([]).articles == []
    undated = Catalog.build([_article("articles/a.md"), _article("articles/b.md")])
    assert len(undated.articles) == 2
    assert undated.previous == {} and undated.next == {}
    assert undated.span is None
