"""The archive's articles as one build sees them: each file parsed once, or not at all.

An unchanged file (same stat as in the cache) is taken from the cache without being read;
a changed one is read and parsed once through the archive's strict loader (as
``newsarchive check`` reads it), and its frontmatter and body are kept until MkDocs asks for
the page source, so MkDocs never parses the YAML itself. A file the loader cannot read at all
(not UTF-8, a broken link, YAML it refuses), or whose title, date, source, region or URL it
refused, is left out of the build: its problems are the build's warnings.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pathspec
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import is_markdown_file

from newsarchive.archive.loader import decode, load_parts, read_article
from newsarchive.build.cache import BuildCache
from newsarchive.schema import Article, Problem, without_controls
from newsarchive.vocab import Vocab

# What MkDocs always leaves out of docs_dir (mkdocs.structure.files._default_exclude).
_DEFAULT_EXCLUDE = pathspec.gitignore.GitIgnoreSpec.from_lines([".*", "/templates/"])
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>#]+\.md)(?:#[^)\s>]*)?>?")
# Reference-style links: a definition line ``[label]: ../b.md "title"``.
_MD_REF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>#]+\.md)(?:#\S*)?>?", re.MULTILINE)


def _linked_pages(src_uri: str, body: str) -> tuple[str, ...]:
    """Docs-relative paths of the Markdown pages a body links to (``[x](../b.md)``, or
    ``[x][b]`` with ``[b]: ../b.md``)."""
    if ".md" not in body:
        return ()
    base = posixpath.dirname(src_uri)
    targets = [*_MD_LINK.findall(body), *_MD_REF.findall(body)]
    found = {posixpath.normpath(posixpath.join(base, target))
             for target in targets if "://" not in target}
    return tuple(sorted(found))


def article_uris(config: MkDocsConfig, articles_dir: str) -> list[str]:
    """The Markdown files under ``articles_dir`` that MkDocs will build, as docs-relative
    paths, found the way ``mkdocs.structure.files.get_files`` finds them (hidden files and
    ``exclude_docs`` left out, and ``draft_docs`` too, as in ``mkdocs build``) but without
    its File objects. Only an estimate for work started early: another plugin may still add
    or remove files."""
    exclude = _DEFAULT_EXCLUDE + config.exclude_docs if config.exclude_docs else _DEFAULT_EXCLUDE
    drafts = config.draft_docs
    docs = config.docs_dir
    found: list[str] = []
    for folder, _, names in os.walk(Path(docs) / articles_dir.strip("/"),
                                    followlinks=True):
        rel = os.path.relpath(folder, docs).replace(os.sep, "/")
        for name in names:
            uri = f"{rel}/{name}"
            if is_markdown_file(name) and not exclude.match_file(uri) and \
                    not (drafts and drafts.match_file(uri)):
                found.append(uri)
    return found


class ArticleFiles:
    """Parsed articles of this build, keyed by source URI."""

    def __init__(self, vocab: Vocab, cache: BuildCache | None) -> None:
        self.vocab = vocab
        self.cache = cache
        self.articles: dict[str, Article] = {}
        self.text_sha: dict[str, str] = {}  # source URI -> SHA-256 of the file's text
        self.meta_sha: dict[str, str] = {}  # source URI -> SHA-256 of its data without body
        self.dests: dict[str, str] = {}  # source URI -> output path (what search indexes)
        self._parsed: dict[str, tuple[dict[str, Any], str]] = {}  # frontmatter, body
        # Pages an article's body links to (docs-relative): whether each exists is part of the
        # article page's cache key, so a link to a page deleted since is checked again.
        self.links: dict[str, tuple[str, ...]] = {}

    def load(self, file: File) -> list[Problem]:
        """Load one article file; return its problems. A file with no usable frontmatter
        is left out of the build (MkDocs would otherwise read and parse it itself)."""
        found = self.load_path(file.src_uri, file.abs_src_path, lambda: _content(file))
        if file.src_uri in self.articles:
            self.dests[file.src_uri] = file.dest_uri
        else:
            file.inclusion = InclusionLevel.EXCLUDED
        return found

    def load_path(self, uri: str, abs_path: str | None,
                  read: Callable[[], tuple[str | None, Problem | None]] | None = None
                  ) -> list[Problem]:
        """Load the article ``uri`` (docs-relative) from ``abs_path``; ``read`` gives its text
        or why it cannot be read (default: :func:`~newsarchive.archive.loader.read_article`
        of ``abs_path``). Return its problems."""
        try:
            stat = os.stat(abs_path) if abs_path else None  # noqa: PTH116 (10,000 Paths cost)
        except OSError:
            stat = None  # a broken link: reading it says so
        hit = self.cache.article(uri, stat) if self.cache and stat else None
        if hit is not None and hit[-1] != SCHEMA:
            hit = None  # parsed under other loader rules
        if hit is None:
            if read is None:
                assert abs_path is not None, f"{uri}: no file to read"
                text, problem = read_article(Path(abs_path))
            else:
                text, problem = read()
            if text is None:
                assert problem is not None
                self.text_sha[uri] = self.meta_sha[uri] = ""
                self.links[uri] = ()
                return [problem]
            # The loader's rules are part of what a page shows (what it refuses, what it strips).
            text_sha = hashlib.sha256(f"{SCHEMA}\0{text}".encode("utf-8", "surrogatepass")
                                      ).hexdigest()
            # Same text, other stat (a fresh checkout, a copy): parsed by an earlier build.
            hit = self.cache.article_by_text(uri, stat, text_sha) \
                if self.cache and stat else None
        if hit is not None:
            article, found, text_sha, links, meta_sha, _ = hit
        else:
            data, body, article, found = load_parts(text, uri, self.vocab)
            if data is not None and article is not None:
                self._parsed[uri] = (_page_meta(data, found), without_controls(body))
            links = _linked_pages(uri, body)
            if article is not None:
                article.body = ""  # pages render from the file; listings never need the body
            # Without the body: what listings and related articles see of the article.
            meta_sha = hashlib.sha256(repr(article).encode("utf-8", "surrogatepass")).hexdigest()
            if self.cache is not None and stat is not None:
                self.cache.remember_article(uri, stat, article, found, text_sha, links,
                                            meta_sha, SCHEMA)
        self.text_sha[uri] = text_sha
        self.meta_sha[uri] = meta_sha
        self.links[uri] = links
        if article is not None:
            self.articles[uri] = article
        return found

    def source(self, file: File) -> tuple[dict[str, Any], str]:
        """Page meta and body of an article MkDocs is about to render (parsed at most once):
        the frontmatter without the values the loader refused."""
        parsed = self._parsed.pop(file.src_uri, None)
        return parsed if parsed is not None else self._read(file)

    def body(self, file: File) -> str:
        """The Markdown body of an article, for outputs that show it (a feed's summaries),
        leaving what :meth:`source` hands MkDocs in place."""
        parsed = self._parsed.get(file.src_uri)
        return (parsed if parsed is not None else self._read(file))[1]

    def _read(self, file: File) -> tuple[dict[str, Any], str]:
        text, _ = _content(file)
        data, body, _, found = load_parts(text or "", file.src_uri, None)
        # Changed since on_files into something unreadable: publish nothing of it.
        return ({}, "") if data is None else (_page_meta(data, found), without_controls(body))


# Cached parsed articles from before the loader's current rules are read again.
SCHEMA = "strict-1"


def _content(file: File) -> tuple[str | None, Problem | None]:
    """The text of ``file`` as MkDocs gives it (another plugin may have set it), or why it
    cannot be read."""
    if file.abs_src_path is None:  # content set in memory
        return decode(file.content_bytes)
    return read_article(Path(file.abs_src_path))


def _page_meta(data: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """What MkDocs and the theme get as ``page.meta``: the frontmatter without the keys that
    have a problem (a refused title must not reach the page)."""
    bad = {p.key for p in problems}
    return {k: v for k, v in data.items() if k not in bad} if bad else data
