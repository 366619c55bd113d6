"""Validate a whole content directory without building the site."""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from newsarchive.archive.loader import (
    ARTICLES_DIR,
    ORIGINALS_DIR,
    LoadResult,
    load_articles,
)
from newsarchive.archive.urlkey import url_key
from newsarchive.ingest.store import is_temporary
from newsarchive.schema import Problem
from newsarchive.vocab import Vocab

_LEFTOVER = "leftover of an interrupted `newsarchive ingest` (the next ingest finishes or " \
            "removes it; or delete it if no ingest is running)"


def check_archive(content: Path, vocab: Vocab) -> LoadResult:
    """Every schema problem of every article, plus archive-wide ones: duplicates, missing or
    unreferenced originals, and files an interrupted ingest left behind."""
    articles, leftovers = _walk(content / ARTICLES_DIR)
    originals, more = _walk(content / ORIGINALS_DIR)
    leftovers += more + [content / n for n in _names(content) if is_temporary(n)]
    result = load_articles(content, vocab, articles)
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    referenced: set[str] = set()
    for article in result.articles:
        if article.sha256:
            seen[("sha256", article.sha256)].append(article.path)
        if article.original_url:
            seen[("original_url", url_key(article.original_url))].append(article.path)
        if article.original:
            referenced.add(os.path.normpath(article.original))
            if not (content / article.original).is_file():
                result.problems.append((article.path, Problem(
                    "original", f"{article.original!r} does not exist (restore the preserved "
                                "original or remove the key)")))
    for (key, _), paths in sorted(seen.items()):
        for path in paths[1:]:
            result.problems.append((path, Problem(
                key, f"same {key} as {paths[0]} (the same article archived twice; delete one)")))
    # An article that does not load may name its original: spare the one with its name.
    unread = {_stem(p) for p in result.unread}
    for path in originals:
        rel = path.relative_to(content).as_posix()
        if rel not in referenced and _stem(rel) not in unread:
            result.problems.append((rel, Problem(
                "original", "no article's `original` names this file (the save of an "
                            "interrupted ingest, or its article was deleted: ingest the save "
                            "again, or delete the file)")))
    for path in sorted(leftovers):
        result.problems.append((path.relative_to(content).as_posix(), Problem("file", _LEFTOVER)))
    return result


def _walk(root: Path) -> tuple[list[Path], list[Path]]:
    """Visible files under ``root`` (``*.md`` only under ``articles/``) and ingest leftovers."""
    files: list[Path] = []
    leftovers: list[Path] = []
    markdown_only = root.name == ARTICLES_DIR
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if is_temporary(name):
                leftovers.append(Path(folder, name))
            elif not name.startswith(".") and (not markdown_only or name.endswith(".md")):
                files.append(Path(folder, name))
    return files, leftovers


def _stem(rel: str) -> str:
    """``2031/03/x`` for ``articles/2031/03/x.md`` and ``originals/2031/03/x.html.gz``."""
    folder, _, name = rel.partition("/")[2].rpartition("/")
    return f"{folder}/{name.split('.', 1)[0]}"


def _names(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir())
    except OSError:
        return []


