"""Validate a whole content directory without building the site."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from newsarchive.archive.loader import LoadResult, load_articles, normalize_url
from newsarchive.schema import Problem
from newsarchive.vocab import Vocab


def check_archive(content: Path, vocab: Vocab) -> LoadResult:
    """Every schema problem of every article, plus archive-wide ones (duplicates)."""
    result = load_articles(content, vocab)
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for article in result.articles:
        if article.sha256:
            seen[("sha256", article.sha256)].append(article.path)
        if article.original_url:
            seen[("original_url", normalize_url(article.original_url))].append(article.path)
        if article.original and not (content / article.original).is_file():
            result.problems.append((article.path, Problem(
                "original", f"{article.original!r} does not exist (restore the preserved "
                            "original or remove the key)")))
    for (key, _), paths in sorted(seen.items()):
        for path in paths[1:]:
            result.problems.append((path, Problem(
                key, f"same {key} as {paths[0]} (the same article archived twice; delete one)")))
    return result
