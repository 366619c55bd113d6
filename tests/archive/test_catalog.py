"""Catalog edge cases (archives with no dated article) and listing pagination."""

from __future__ import annotations

from newsarchive.archive.catalog import Catalog, paginate
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


def test_pages_after_the_first_hold_the_page_size_counted_from_the_oldest() -> None:
    items = list(range(123, 0, -1))  # newest first
    pages = paginate(items, 50)
    assert [len(p) for p in pages] == [73, 50]
    assert pages[-1] == list(range(50, 0, -1))  # the oldest fifty
    assert [x for p in pages for x in p] == items
    assert [len(p) for p in paginate(items[:99], 50)] == [99]  # under two pages' worth: one
    assert [len(p) for p in paginate(items[:100], 50)] == [50, 50]
    assert paginate(items, 0) == [items]
    assert paginate([], 50) == [[]]


def test_a_newer_item_changes_the_first_page_only() -> None:
    items = list(range(160, 0, -1))
    before = paginate(items, 50)
    after = paginate([161, *items], 50)
    assert after[1:] == before[1:]
    assert after[0] == [161, *before[0]]
    # Until the first page would hold twice the page size: then a new older page appears.
    wrapped = paginate(list(range(200, 0, -1)), 50)
    assert [len(p) for p in wrapped] == [50, 50, 50, 50]
    assert wrapped[2:] == before[1:]
