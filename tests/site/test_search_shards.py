"""How articles are grouped into Pagefind shards of whole years."""

from __future__ import annotations

from newsarchive.search.index import plan_shards, shard_size


def _pages(per_year: dict[int | None, int]) -> dict[str, int | None]:
    return {f"articles/{year}/{i}/index.html": year
            for year, n in per_year.items() for i in range(n)}


def test_years_are_grouped_oldest_first_up_to_the_size() -> None:
    shards = plan_shards(_pages({2005: 3, 2006: 3, 2007: 5, 2008: 1, 2009: 9}), 6)
    assert {name: len(pages) for name, pages in shards.items()} == \
        {"2009": 9, "2007-2008": 6, "2005-2006": 6}
    assert list(shards) == ["2009", "2007-2008", "2005-2006"]  # newest first: the primary


def test_a_year_larger_than_the_size_is_one_shard_and_undated_pages_come_last() -> None:
    shards = plan_shards(_pages({2010: 12, None: 2}), 5)
    assert list(shards) == ["2010", "undated"]
    assert len(shards["2010"]) == 12


def test_adding_to_the_newest_year_leaves_older_shards_alone() -> None:
    before = plan_shards(_pages({2001: 4, 2002: 4, 2003: 2}), 8)
    after = plan_shards(_pages({2001: 4, 2002: 4, 2003: 3}), 8)
    assert before["2001-2002"] == after["2001-2002"]
    assert len(after["2003"]) == 3


def test_every_page_is_in_exactly_one_shard() -> None:
    pages = _pages({2001: 7, 2002: 1, 2003: 8, None: 1})
    shards = plan_shards(pages, 8)
    placed = [p for dests in shards.values() for p in dests]
    assert sorted(placed) == sorted(pages)


def test_automatic_shard_size_follows_the_archive_slowly() -> None:
    assert [shard_size(n) for n in (1, 1_000, 10_000)] == [500, 500, 500]
    assert [shard_size(n) for n in (10_001, 10_020, 10_021, 20_000)] == [501, 501, 502, 1_000]
    assert shard_size(20_001) == shard_size(50_000) == 10_000
    assert shard_size(50_000, configured=123) == 123
