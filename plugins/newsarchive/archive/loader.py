"""Load every article of a content directory through the schema: the one loader that
``newsarchive check``, the site build and ingest's duplicate scan share.

Nothing here raises on a bad file: an unreadable file, a broken link, bytes that are not
UTF-8, a frontmatter block that is not strict YAML and every schema violation each become a
:class:`~newsarchive.schema.Problem` naming the key.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsarchive.archive.frontmatter import FrontmatterError, split
from newsarchive.schema import Article, Problem, Vocabulary, validate

ARTICLES_DIR = "articles"
ORIGINALS_DIR = "originals"


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    # (path relative to the content dir, problem)
    problems: list[tuple[str, Problem]] = field(default_factory=list)
    files: int = 0  # article files looked at, readable or not
    unread: list[str] = field(default_factory=list)  # of those, files with no usable frontmatter

    def messages(self) -> list[str]:
        return [p.format(path) for path, p in self.problems]


def _hidden(name: str) -> bool:
    return name.startswith(".")


def article_files(content: Path) -> list[Path]:
    """Markdown files under ``content/articles``, sorted for stable output.

    Hidden files and folders (names starting with ``.``, such as ingest's temporary
    ``.tmp-*.md``) are never articles, as MkDocs never builds them. Linked folders are
    followed, as MkDocs does, each at most once; a broken link named ``*.md`` is listed (the
    loader reports it).
    """
    root = content / ARTICLES_DIR
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for folder, dirs, names in os.walk(root, followlinks=True):
        try:
            st = os.stat(folder)  # noqa: PTH116 (a stat per folder; no Path needed)
        except OSError:
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:  # a link back up: do not loop
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = [d for d in dirs if not _hidden(d)]
        found.extend(Path(folder, name) for name in names
                     if name.endswith(".md") and not _hidden(name))
    return sorted(found)


def read_article(path: Path) -> tuple[str | None, Problem | None]:
    """The text of an article file, or why it cannot be read (a :class:`Problem`)."""
    try:
        # Non-blocking open and a stat of what was opened: a FIFO would block a read for good.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None, Problem("file", "is not a regular file (replace it with a "
                                             "Markdown file or delete it)")
            data = fh.read()
    except IsADirectoryError:
        return None, Problem("file", "is a folder (rename it: a name ending in .md is an "
                                     "article)")
    except FileNotFoundError:
        if path.is_symlink():
            return None, Problem("file", f"is a link to {str(path.readlink())!r}, which does not "
                                         "exist (fix the link or delete it)")
        return None, Problem("file", "was deleted while being read (run again)")
    except OSError as exc:
        return None, Problem("file", f"cannot be read ({exc.strerror or exc}: check its "
                                     "permissions)")
    return decode(data)


def decode(data: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text of a file's bytes (a byte order mark dropped), or what is wrong."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, Problem("file", f"is not UTF-8 text (byte 0x{data[exc.start]:02X} on line "
                                     f"{line}; re-save the file as UTF-8)")


def load_text(text: str, rel: str, vocab: Vocabulary | None) -> tuple[Article | None, list[Problem]]:
    """Parse and validate one article's text; ``rel`` names it in problems."""
    _, _, article, problems = load_parts(text, rel, vocab)
    return article, problems


def load_parts(
    text: str, rel: str, vocab: Vocabulary | None
) -> tuple[dict[str, Any] | None, str, Article | None, list[Problem]]:
    """Like :func:`load_text`, also returning the raw frontmatter mapping and the body.

    The article is ``None`` when the frontmatter cannot be read at all (then the mapping is
    ``None`` too); otherwise it holds every valid value, and an invalid one is left empty.
    """
    try:
        data, body = split(text)
    except FrontmatterError as exc:
        return None, "", None, [Problem(exc.key or "frontmatter", str(exc))]
    article, problems = validate(data, vocab, body=body, path=rel)
    return data, body, article, problems


def load_articles(
    content: Path, vocab: Vocabulary | None, files: Iterable[Path] | None = None
) -> LoadResult:
    """Load and validate articles (all under ``content/articles`` unless ``files`` is given)."""
    result = LoadResult()
    for path in files if files is not None else article_files(content):
        rel = path.relative_to(content).as_posix()
        result.files += 1
        text, problem = read_article(path)
        if text is None:
            assert problem is not None
            result.problems.append((rel, problem))
            result.unread.append(rel)
            continue
        article, problems = load_text(text, rel, vocab)
        result.problems.extend((rel, p) for p in problems)
        if article is not None:
            result.articles.append(article)
        else:
            result.unread.append(rel)
    return result
