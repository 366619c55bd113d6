"""The archive's articles as one build sees them: each file parsed once, or not at all.

An unchanged file (same stat as in the cache) is taken from the cache without being read;
a changed one is read and parsed once (C YAML loader), and its frontmatter and body are kept
until MkDocs asks for the page source, so MkDocs never parses the YAML a second time.
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
from mkdocs.structure.files import File
from mkdocs.utils import is_markdown_file

from newsarchive.archive.frontmatter import split
from newsarchive.archive.loader import load_parts
from newsarchive.mkdocs_plugin.cache import BuildCache
from newsarchive.schema import Article, Problem
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
        """Load one article file; return its schema problems."""
        found = self.load_path(file.src_uri, file.abs_src_path, lambda: file.content_string)
        if file.src_uri in self.articles:
            self.dests[file.src_uri] = file.dest_uri
        return found

    def load_path(self, uri: str, abs_path: str | None,
                  read: Callable[[], str] | None = None) -> list[Problem]:
        """Load the article ``uri`` (docs-relative) from ``abs_path``; ``read`` gives its text
        (default: ``abs_path`` read as UTF-8). Return its schema problems."""
        stat = os.stat(abs_path) if abs_path else None  # noqa: PTH116 (10,000 Paths cost)
        hit = self.cache.article(uri, stat) if self.cache and stat else None
        if hit is None:
            if read is None:
                assert abs_path is not None, f"{uri}: no file to read"
                text = Path(abs_path).read_text("utf-8-sig")
            else:
                text = read()
            text_sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            # Same text, other stat (a fresh checkout, a copy): parsed by an earlier build.
            hit = self.cache.article_by_text(uri, stat, text_sha) \
                if self.cache and stat else None
        if hit is not None:
            article, found, text_sha, links, meta_sha = hit
        else:
            data, body, article, found = load_parts(text, uri, self.vocab)
            if data is not None:
                self._parsed[uri] = (data, body)
            links = _linked_pages(uri, body)
            if article is not None:
                article.body = ""  # pages render from the file; listings never need the body
            # Without the body: what listings and related articles see of the article.
            meta_sha = hashlib.sha256(repr(article).encode("utf-8", "surrogatepass")).hexdigest()
            if self.cache is not None and stat is not None:
                self.cache.remember_article(uri, stat, article, found, text_sha, links,
                                            meta_sha)
        self.text_sha[uri] = text_sha
        self.meta_sha[uri] = meta_sha
        self.links[uri] = links
        if article is not None:
            self.articles[uri] = article
        return found

    def source(self, file: File) -> tuple[dict[str, Any], str]:
        """Frontmatter and body of a page MkDocs is about to render (parsed at most once)."""
        parsed = self._parsed.pop(file.src_uri, None)
        return parsed if parsed is not None else split(file.content_string)
