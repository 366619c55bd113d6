"""Writing articles into a content directory: atomic, never overwriting, idempotent."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from newsarchive.archive.frontmatter import dump
from newsarchive.archive.loader import ARTICLES_DIR, ORIGINALS_DIR, normalize_url
from newsarchive.schema import Article

_HEAD_FIELD = re.compile(r"^(sha256|original_url):\s*['\"]?(.*?)['\"]?\s*$", re.MULTILINE)
_NON_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f]", re.UNICODE)


def make_slug(title: str, max_length: int = 80) -> str:
    """Readable path segment: transliterated for Latin titles, kept in script otherwise."""
    letters = [c for c in title if c.isalpha()]
    non_latin = sum(1 for c in letters if _NON_LATIN.match(c))
    keep_script = bool(letters) and non_latin > len(letters) / 2
    slug = slugify(unicodedata.normalize("NFC", title), max_length=max_length,
                   word_boundary=True, allow_unicode=keep_script)
    return slug or "article"


@dataclass(frozen=True)
class Existing:
    path: str


class ArchiveStore:
    """A content directory as ingest sees it: what is archived, and where new files go."""

    def __init__(self, content: Path) -> None:
        self.content = content
        self._by_sha: dict[str, Existing] = {}
        self._by_url: dict[str, Existing] = {}
        self._scanned = False

    def _scan(self) -> None:
        """Index sha256 and URL of every archived article (reads only the frontmatter)."""
        root = self.content / ARTICLES_DIR
        for path in sorted(root.rglob("*.md")) if root.is_dir() else []:
            try:
                with path.open(encoding="utf-8") as fh:
                    head = fh.read(16_384).split("\n---", 2)[0]
            except (OSError, UnicodeDecodeError):
                continue
            self._remember(head, path.relative_to(self.content).as_posix())
        self._scanned = True

    def _remember(self, head: str, rel: str) -> None:
        for key, value in _HEAD_FIELD.findall(head):
            if value and value != "null":
                index = self._by_sha if key == "sha256" else self._by_url
                index.setdefault(value if key == "sha256" else normalize_url(value), Existing(rel))

    def find(self, sha256: str, url: str | None) -> Existing | None:
        """The archived article with the same original bytes or the same URL, if any."""
        if not self._scanned:
            self._scan()
        hit = self._by_sha.get(sha256)
        if hit is None and url:
            hit = self._by_url.get(normalize_url(url))
        return hit

    def write(self, article: Article, original: bytes, original_suffix: str) -> Path:
        """Write the original, then the Markdown file; neither may exist beforehand.

        Returns the Markdown path. On failure nothing new is left behind.
        """
        folder = f"{article.date:%Y/%m}" if article.date else "undated"
        slug = make_slug(article.title or "untitled")
        for n in range(1, 10_000):
            stem = slug if n == 1 else f"{slug}-{n}"
            md_rel = f"{ARTICLES_DIR}/{folder}/{stem}.md"
            orig_rel = f"{ORIGINALS_DIR}/{folder}/{stem}{original_suffix}"
            if (self.content / md_rel).exists() or (self.content / orig_rel).exists():
                continue
            try:
                atomic_create(self.content / orig_rel, original)
            except FileExistsError:  # another ingest took this name meanwhile: try the next
                continue
            article.original, article.path = orig_rel, md_rel
            try:
                text = dump(article.frontmatter(), article.body)
                atomic_create(self.content / md_rel, text.encode("utf-8"))
            except FileExistsError:
                (self.content / orig_rel).unlink(missing_ok=True)
                continue
            except BaseException:
                (self.content / orig_rel).unlink(missing_ok=True)
                raise
            break
        else:  # pragma: no cover - ten thousand same-titled articles in one month
            raise FileExistsError(f"no free file name for {slug!r} in {folder}")
        self._remember(f"sha256: {article.sha256}\noriginal_url: {article.original_url}", md_rel)
        return self.content / md_rel


def atomic_create(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data`` all at once; raise FileExistsError if it exists.

    Written to a temporary file in the same directory, flushed, then hard-linked into place:
    a link never replaces an existing file, so a concurrent writer cannot be overwritten.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, path)
    finally:
        Path(tmp).unlink()
