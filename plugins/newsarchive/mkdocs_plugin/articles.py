"""The archive's articles as one build sees them: each file parsed once, or not at all.

An unchanged file (same stat as in the cache) is taken from the cache without being read;
a changed one is read and parsed once (C YAML loader), and its frontmatter and body are kept
until MkDocs asks for the page source, so MkDocs never parses the YAML a second time.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from newsarchive.archive.frontmatter import split
from newsarchive.archive.loader import load_parts
from newsarchive.mkdocs_plugin.cache import BuildCache
from newsarchive.schema import Article, Problem
from newsarchive.vocab import Vocab

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
        stat = Path(file.abs_src_path).stat() if file.abs_src_path else None
        hit = self.cache.article(file.src_uri, stat) if self.cache and stat else None
        if hit is not None:
            article, found, text_sha, links, meta_sha = hit
        else:
            text = file.content_string
            text_sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            data, body, article, found = load_parts(text, file.src_uri, self.vocab)
            if data is not None:
                self._parsed[file.src_uri] = (data, body)
            links = _linked_pages(file.src_uri, body)
            if article is not None:
                article.body = ""  # pages render from the file; listings never need the body
            # Without the body: what listings and related articles see of the article.
            meta_sha = hashlib.sha256(repr(article).encode("utf-8", "surrogatepass")).hexdigest()
            if self.cache is not None and stat is not None:
                self.cache.remember_article(file.src_uri, stat, article, found, text_sha, links,
                                            meta_sha)
        self.text_sha[file.src_uri] = text_sha
        self.meta_sha[file.src_uri] = meta_sha
        self.links[file.src_uri] = links
        if article is not None:
            self.articles[file.src_uri] = article
            self.dests[file.src_uri] = file.dest_uri
        return found

    def source(self, file: File) -> tuple[dict[str, Any], str]:
        """Frontmatter and body of a page MkDocs is about to render (parsed at most once)."""
        parsed = self._parsed.pop(file.src_uri, None)
        return parsed if parsed is not None else split(file.content_string)
