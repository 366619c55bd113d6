"""Writing articles into a content directory: crash-safe, concurrency-safe, never overwriting.

One article is two files, the Markdown article under ``articles/`` and the preserved original
under ``originals/``. They are committed together, under an exclusive lock on the content
directory (``.ingest.lock``, ``fcntl.flock``), so that two ingests at once never archive the
same bytes or URL twice, and a crash at any moment leaves both files or neither:

1. an intent record (``.ingest-<id>.journal``, in the content directory) names the two
   temporary files and their targets; it is synced before anything else is written;
2. the two temporary files (``.ingest-<id>.tmp``: hidden, never ``*.md``) are written in
   their target directories and synced;
3. each is hard-linked to its free target name (a link never replaces an existing file) and
   its directory synced, the original first; the article's link is the commit point;
4. the temporary files and then the journal are removed.

The next ingest, under the lock, finishes or undoes whatever a journal left (see
:func:`recover`) and removes stray temporary files, before it looks anything up. The index of
what is archived is saved in ``.ingest-index.json`` for the next run (see :class:`ArchiveStore`).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from newsarchive.archive.frontmatter import dump, split
from newsarchive.archive.loader import ARTICLES_DIR, ORIGINALS_DIR
from newsarchive.archive.urlkey import url_key
from newsarchive.ingest.model import IngestError
from newsarchive.schema import Article

LOCK_NAME = ".ingest.lock"
# sha256 and URL of each article, by size, mtime and inode: a later run re-reads only the
# files that changed. Written once the first scan of a run had to read this many files.
INDEX_NAME, INDEX_MIN_READS = ".ingest-index.json", 200
# Bumped whenever what the index stores changes (2: URLs keyed by `url_key`); an index of
# another version is ignored and rebuilt.
INDEX_VERSION = 2
JOURNAL_PREFIX, JOURNAL_SUFFIX = ".ingest-", ".journal"
TMP_PREFIX, TMP_SUFFIX = ".ingest-", ".tmp"
# Temporary files of older versions of ingest (``.tmp-XXXX.md``) are stale leftovers too.
LEGACY_TMP_PREFIX = ".tmp-"

# Longest slug in UTF-8 bytes: with "-9999" and ".html.gz" a name stays within 143 bytes, the
# smallest NAME_MAX in common use (eCryptfs; most file systems allow 255).
SLUG_MAX_BYTES = 120
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$", re.IGNORECASE)
_SAFE_SUFFIX = re.compile(r"^(\.[a-z0-9]{1,10}){1,2}$")
_NON_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f]", re.UNICODE)
# A directory listing is trusted while the directory's mtime is unchanged, unless the mtime
# was this recent when it was listed: a file added within the same timestamp tick would not
# change it (the "racy" case Git knows too).
_RACY_NS = 2_000_000_000


def make_slug(title: str, max_length: int = 80) -> str:
    """Readable file name stem, valid on Linux, macOS and Windows.

    Transliterated for Latin titles, kept in script otherwise; at most ``max_length``
    characters and :data:`SLUG_MAX_BYTES` UTF-8 bytes (cut at a word boundary when there is
    one); never a Windows device name (``con``, ``aux``, ``com1`` ...), never ending in a dot
    or a space.
    """
    letters = [c for c in title if c.isalpha()]
    non_latin = sum(1 for c in letters if _NON_LATIN.match(c))
    keep_script = bool(letters) and non_latin > len(letters) / 2
    slug = slugify(unicodedata.normalize("NFC", title), max_length=max_length,
                   word_boundary=True, allow_unicode=keep_script)
    slug = unicodedata.normalize("NFC", slug)
    if len(slug.encode("utf-8")) > SLUG_MAX_BYTES:
        cut = slug.encode("utf-8")[:SLUG_MAX_BYTES].decode("utf-8", "ignore")
        words = cut.rsplit("-", 1)[0] if "-" in cut else cut
        slug = words if len(words) >= len(cut) // 2 else cut
    slug = slug.strip("-. ")
    if not slug:
        return "article"
    if _WINDOWS_RESERVED.match(slug.split(".", 1)[0]):
        slug += "-article"
    return slug


def safe_suffix(suffix: str) -> str:
    """The original's suffix if it is short and plain (``.txt``, ``.html.gz``), else ``.orig``."""
    suffix = suffix.lower()
    return suffix if _SAFE_SUFFIX.match(suffix) else ".orig"


@dataclass(frozen=True)
class Existing:
    path: str


class AlreadyArchived(Exception):
    """Found under the lock, just before writing: another ingest archived the same article."""

    def __init__(self, existing: Existing, same_url: bool) -> None:
        self.existing = existing
        super().__init__(f"already archived as {existing.path}" + (" (same URL)" if same_url
                                                                    else ""))


@dataclass
class _Dir:
    mtime_ns: int
    listed_ns: int
    files: set[str] = field(default_factory=set)
    dirs: set[str] = field(default_factory=set)


class ArchiveStore:
    """A content directory as ingest sees it: what is archived, and where new files go.

    The index of archived sha256 and URLs is read once through the project's frontmatter
    loader, then kept current by re-listing only directories whose mtime changed (files
    other ingests added), so a lookup costs a few hundred ``stat`` calls, not a rescan.
    """

    def __init__(self, content: Path) -> None:
        self.content = content
        self._by_sha: dict[str, str] = {}
        self._by_url: dict[str, str] = {}
        self._keys: dict[str, tuple[str | None, str | None]] = {}
        self._dirs: dict[str, _Dir] = {}
        self._stats: dict[str, tuple[int, int, int]] = {}
        self._saved: dict[str, list] = {}
        self._reads = 0
        self._started = False
        self._lock_fd: int | None = None

    # -- lookup ---------------------------------------------------------------------------

    def find(self, sha256: str, url: str | None) -> Existing | None:
        """The archived article with the same original bytes or the same URL, if any."""
        with _explained():
            self._start()
            self.refresh()
        return self._lookup(sha256, url)[0]

    def _lookup(self, sha256: str, url: str | None) -> tuple[Existing | None, bool]:
        if hit := self._by_sha.get(sha256):
            return Existing(hit), False
        if url and (hit := self._by_url.get(url_key(url))):
            return Existing(hit), True
        return None, False

    def _start(self) -> None:
        """First use: finish or undo what a crashed ingest left, then index the archive."""
        if self._started:
            return
        if self.content.is_dir():
            try:
                with self.locked():
                    recover(self.content, sweep=True)
            except OSError as exc:  # a read-only archive: nothing can be written or recovered
                if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                    raise
        self._saved = _load_index(self.content / INDEX_NAME)
        self.refresh()
        self._saved = {}
        self._started = True
        if self._reads >= INDEX_MIN_READS:
            with self.locked():
                self._save_index()

    def _save_index(self) -> None:
        """Write what the scan found, for the next run (a cache: any failure is harmless)."""
        files = {rel: [*self._stats[rel], *self._keys[rel]] for rel in self._keys
                 if rel in self._stats}
        data = json.dumps({"version": INDEX_VERSION, "written_ns": time.time_ns(), "files": files})
        tmp = self.content / f"{TMP_PREFIX}{secrets.token_hex(8)}{TMP_SUFFIX}"
        try:
            tmp.write_text(data, encoding="utf-8")
            tmp.replace(self.content / INDEX_NAME)
        except OSError:
            tmp.unlink(missing_ok=True)

    def refresh(self) -> None:
        """Index articles added or removed since the last call (all of them the first time)."""
        seen: set[str] = set()
        self._walk(ARTICLES_DIR, seen)
        for rel in [d for d in self._dirs if d not in seen]:
            for name in self._dirs.pop(rel).files:
                self._forget(f"{rel}/{name}")

    def _walk(self, rel: str, seen: set[str]) -> None:
        path = self.content / rel
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            return
        seen.add(rel)
        cached = self._dirs.get(rel)
        if cached is None or cached.mtime_ns != mtime or cached.listed_ns - mtime < _RACY_NS:
            files, dirs = set(), set()
            now = time.time_ns()
            old = cached.files if cached else set()
            with contextlib.suppress(OSError), os.scandir(path) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        dirs.add(entry.name)
                    elif entry.name.endswith(".md"):
                        files.add(entry.name)
                        if entry.name not in old:
                            self._read(f"{rel}/{entry.name}", entry)
            for name in old - files:
                self._forget(f"{rel}/{name}")
            cached = self._dirs[rel] = _Dir(mtime, now, files, dirs)
        for name in sorted(cached.dirs):
            self._walk(f"{rel}/{name}", seen)

    def _read(self, rel: str, entry: os.DirEntry[str]) -> None:
        """Index one article by the sha256 and URL in its frontmatter (the project's loader),
        or by what the last run's index says if the file has not changed since."""
        try:
            st = entry.stat()
        except OSError:
            return
        key = (st.st_size, st.st_mtime_ns, st.st_ino)
        saved = self._saved.get(rel)
        if saved and tuple(saved[:3]) == key:
            self._stats[rel] = key
            self._remember(rel, saved[3], saved[4])
            return
        self._reads += 1
        try:
            data, _ = split((self.content / rel).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # FrontmatterError, UnicodeDecodeError: `check` says
            return
        sha, url = data.get("sha256"), data.get("original_url")
        self._stats[rel] = key
        self._remember(rel, sha if isinstance(sha, str) and sha else None,
                       url_key(url) if isinstance(url, str) and url.strip() else None)

    def _remember(self, rel: str, sha: str | None, url_key: str | None) -> None:
        self._keys[rel] = (sha, url_key)
        if sha:
            self._by_sha.setdefault(sha, rel)
        if url_key:
            self._by_url.setdefault(url_key, rel)

    def _forget(self, rel: str) -> None:
        self._stats.pop(rel, None)
        sha, url_key = self._keys.pop(rel, (None, None))
        for value, index, slot in ((sha, self._by_sha, 0), (url_key, self._by_url, 1)):
            if value and index.get(value) == rel:
                del index[value]
                # Another copy (which `check` reports) still counts as archived.
                if other := next((r for r, k in self._keys.items() if k[slot] == value), None):
                    index[value] = other

    # -- the lock -------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the content directory's exclusive lock; finish or undo the writes of ingests
        killed while they held it (their journals) on taking it."""
        if self._lock_fd is not None:  # re-entrant
            yield
            return
        import fcntl  # POSIX only: imported here so that `check` (which imports this) runs anywhere

        self.content.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.content / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._lock_fd = fd
            recover(self.content)
            yield
        finally:
            self._lock_fd = None
            os.close(fd)  # releases the lock

    # -- writing --------------------------------------------------------------------------

    def write(self, article: Article, original: bytes, original_suffix: str,
              review_notes: Mapping[str, str] | None = None) -> Path:
        """Archive the article and its original under a free name; return the article's path.

        ``review_notes`` says why a key under ``review`` was left empty; each reason is
        written as a comment on that key's line (``- region  # evidence split: ...``).

        Under the lock: looks for the same sha256 or URL once more (another ingest may have
        archived it since :meth:`find`) and raises :class:`AlreadyArchived` if so. Both files
        or neither are left behind, even if the process is killed.
        """
        folder = f"{article.date:%Y/%m}" if article.date else "undated"
        slug = make_slug(article.title or "untitled")
        suffix = safe_suffix(original_suffix)
        with _explained():
            self._start()
            with self.locked():
                self.refresh()
                hit, same_url = self._lookup(article.sha256 or "", article.original_url)
                if hit is not None:
                    raise AlreadyArchived(hit, same_url)
                md_rel = self._commit(article, original, folder, slug, suffix,
                                      review_notes or {})
        url = article.original_url
        self._remember(md_rel, article.sha256 or None,
                       url_key(url) if url and url.strip() else None)
        folder_rel, _, name = md_rel.rpartition("/")
        if listed := self._dirs.get(folder_rel):
            listed.files.add(name)  # known: not read again when the folder is listed again
        return self.content / md_rel

    def _commit(self, article: Article, original: bytes, folder: str, slug: str,
                suffix: str, review_notes: Mapping[str, str]) -> str:
        for n in range(1, 10_000):
            stem = slug if n == 1 else f"{slug}-{n}"
            md_rel = f"{ARTICLES_DIR}/{folder}/{stem}.md"
            orig_rel = f"{ORIGINALS_DIR}/{folder}/{stem}{suffix}"
            if _exists(self.content / md_rel) or _exists(self.content / orig_rel):
                continue
            article.original, article.path = orig_rel, md_rel
            notes = {"review": review_notes} if review_notes else None
            text = dump(article.frontmatter(), article.body, notes).encode("utf-8")
            if commit_pair(self.content, [(orig_rel, original), (md_rel, text)]):
                return md_rel
        raise IngestError(f"no free file name for {slug!r} in {folder} after 9,999 tries "
                          "(rename some articles, or give --title)")


def _load_index(path: Path) -> dict[str, list]:
    """The previous run's index, without the entries too recent to trust (a file changed
    within the same mtime tick as its entry was written would look unchanged)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["version"] != INDEX_VERSION:
            return {}
        limit = int(data["written_ns"]) - _RACY_NS
        return {rel: v for rel, v in data["files"].items()
                if isinstance(v, list) and len(v) == 5 and isinstance(v[1], int) and v[1] < limit
                and all(isinstance(k, str | None) for k in v[3:])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def commit_pair(content: Path, files: list[tuple[str, bytes]]) -> bool:
    """Create every ``(relative path, data)`` of ``files`` or none; the caller holds the lock.

    Returns False, leaving nothing behind, if one of the names was taken meanwhile.
    """
    txid = secrets.token_hex(8)
    tmp_name = f"{TMP_PREFIX}{txid}{TMP_SUFFIX}"
    plan = [(rel, f"{rel.rsplit('/', 1)[0]}/{tmp_name}") for rel, _ in files]
    journal = content / f"{JOURNAL_PREFIX}{txid}{JOURNAL_SUFFIX}"
    record = json.dumps({"files": [{"target": rel, "tmp": tmp} for rel, tmp in plan]})
    _create(journal, record.encode("utf-8"))
    _sync_dir(content)
    for (_, data), (_, tmp) in zip(files, plan, strict=True):
        (content / tmp).parent.mkdir(parents=True, exist_ok=True)
        _create(content / tmp, data)
    try:
        for rel, tmp in plan:
            os.link(content / tmp, content / rel)
            _sync_dir((content / rel).parent)  # the original is durable before the article
    except FileExistsError:  # a name was taken after it was chosen (by hand: we hold the lock)
        _roll_back(content, plan)
        _remove(journal)
        return False
    _finish(content, plan, journal)
    return True


def recover(content: Path, sweep: bool = False) -> list[str]:
    """Finish or undo the writes a killed ingest left (its journals); with ``sweep``, also
    remove stray temporary files anywhere under ``articles/`` and ``originals/``.

    Call it holding the lock (so no live ingest is writing). An article whose link was made
    is kept with its original; anything earlier is undone. A target is removed only if it is
    provably ingest's own (the journal's temporary file, linked or copied). Returns what it
    did, as paths relative to ``content``.
    """
    done: list[str] = []
    try:
        names = sorted(p.name for p in content.iterdir())
    except OSError:
        return done
    for name in names:
        if not (name.startswith(JOURNAL_PREFIX) and name.endswith(JOURNAL_SUFFIX)):
            continue
        journal = content / name
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))["files"]
            plan = [(str(e["target"]), str(e["tmp"])) for e in entries]
        except (OSError, ValueError, KeyError, TypeError):
            plan = []  # cut short while written: nothing else was written after it
        last_target, last_tmp = plan[-1] if plan else ("", "")
        if plan and _same_file(content / last_tmp, content / last_target):
            _finish(content, plan, journal)  # committed: the article was linked
        else:
            _roll_back(content, plan)
            _remove(journal)
        done.append(name)
    strays = [content / n for n in names if sweep and is_temporary(n)
              and not n.endswith(JOURNAL_SUFFIX)]
    for root in (ARTICLES_DIR, ORIGINALS_DIR) if sweep else ():
        strays += stray_temporaries(content / root)
    for path in strays:
        _remove(path)
        done.append(path.relative_to(content).as_posix())
    return done


def stray_temporaries(root: Path) -> list[Path]:
    """Ingest's temporary files under ``root`` (hidden, never ``*.md`` for current ingest)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(folder, f) for f in files if is_temporary(f)]
    return sorted(found)


def is_temporary(name: str) -> bool:
    """Whether a file name is one of ingest's temporary or journal files."""
    return (name.startswith(LEGACY_TMP_PREFIX)
            or (name.startswith(TMP_PREFIX) and name.endswith((TMP_SUFFIX, JOURNAL_SUFFIX))))


def _finish(content: Path, plan: list[tuple[str, str]], journal: Path) -> None:
    for _, tmp in plan:
        _remove(content / tmp)
    _remove(journal)


def _roll_back(content: Path, plan: list[tuple[str, str]]) -> None:
    """Remove targets linked from this plan's temporary files, then the temporary files."""
    for rel, tmp in reversed(plan):
        if _same_file(content / tmp, content / rel):
            _remove(content / rel)
    for rel, tmp in plan:
        _remove(content / tmp)
        with contextlib.suppress(OSError):
            _sync_dir((content / rel).parent)


def _create(path: Path, data: bytes) -> None:
    """Write a new file (mode 0666 less the umask) and sync it to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_dir(path: Path) -> None:
    """Make the directory's new and removed names durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _same_file(tmp: Path, target: Path) -> bool:
    """Whether ``target`` is the link made from ``tmp``: the same inode, or (a copy of the
    folder that did not keep hard links) the same bytes."""
    try:
        if tmp.samefile(target):
            return True
        return (tmp.stat().st_size == target.stat().st_size
                and tmp.read_bytes() == target.read_bytes())
    except OSError:
        return False


def _exists(path: Path) -> bool:
    return os.path.lexists(path)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


@contextlib.contextmanager
def _explained() -> Iterator[None]:
    """Turn the OSErrors that :func:`_explain` knows into an :class:`IngestError`."""
    try:
        yield
    except OSError as exc:
        if (explained := _explain(exc)) is exc:
            raise
        raise explained from exc


def _explain(exc: OSError) -> Exception:
    """An :class:`IngestError` saying what to do for errors a name or a file system causes."""
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENAMETOOLONG:
        return IngestError(f"the file name is too long for this file system{where} (use a "
                           "shorter --content path, or give a shorter --title)")
    if exc.errno in (errno.EILSEQ, errno.EINVAL):
        return IngestError(f"this file system refuses the file name{where} (give a plain "
                           "--title, or use a content folder on another file system)")
    if exc.errno in (errno.EPERM, errno.ENOTSUP, errno.EXDEV) and exc.filename2:
        return IngestError(f"cannot hard-link{where}: the content folder's file system does "
                           "not support hard links (keep the content folder on a local disk)")
    return exc
