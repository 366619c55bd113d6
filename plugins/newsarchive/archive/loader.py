"""Load every article of a content directory through the schema."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsarchive.archive.frontmatter import FrontmatterError, split
from newsarchive.schema import Article, Problem, Vocabulary, validate

ARTICLES_DIR = "articles"
ORIGINALS_DIR = "originals"


def normalize_url(url: str) -> str:
    """Key for "same article" checks (ingest's idempotence, ``check``'s duplicates): scheme,
    ``www.``, fragment and trailing slash do not matter."""
    url = url.strip().lower()
    url = re.sub(r"^https?://(www\.)?", "", url)
    return url.split("#", 1)[0].rstrip("/")


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    # (path relative to the content dir, problem)
    problems: list[tuple[str, Problem]] = field(default_factory=list)

    def messages(self) -> list[str]:
        return [p.format(path) for path, p in self.problems]


def article_files(content: Path) -> list[Path]:
    """Markdown files under ``content/articles``, sorted for stable output."""
    root = content / ARTICLES_DIR
    return sorted(root.rglob("*.md")) if root.is_dir() else []


def load_text(text: str, rel: str, vocab: Vocabulary | None) -> tuple[Article | None, list[Problem]]:
    """Parse and validate one article's text; ``rel`` names it in problems."""
    _, _, article, problems = load_parts(text, rel, vocab)
    return article, problems


def load_parts(
    text: str, rel: str, vocab: Vocabulary | None
) -> tuple[dict[str, Any] | None, str, Article | None, list[Problem]]:
    """Like :func:`load_text`, also returning the raw frontmatter mapping and the body."""
    try:
        data, body = split(text)
    except FrontmatterError as exc:
        return None, "", None, [Problem("frontmatter", str(exc))]
    article, problems = validate(data, vocab, body=body, path=rel)
    return data, body, article, problems


def load_articles(
    content: Path, vocab: Vocabulary | None, files: Iterable[Path] | None = None
) -> LoadResult:
    """Load and validate articles (all under ``content/articles`` unless ``files`` is given)."""
    result = LoadResult()
    for path in files if files is not None else article_files(content):
        rel = path.relative_to(content).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            result.problems.append((rel, Problem("file", "is not UTF-8 text (re-save it as UTF-8)")))
            continue
        article, problems = load_text(text, rel, vocab)
        result.problems.extend((rel, p) for p in problems)
        if article is not None:
            result.articles.append(article)
    return result
