"""Incremental builds: reuse the previous build's pages whose inputs did not change.

Every page gets a key: a hash of everything its HTML depends on (the build fingerprint, its
URL, its source and the archive data it shows). A page whose key matches the previous
build's is not converted or rendered again: the plugin keeps it out of MkDocs' Markdown
pass, and its previous output is moved or hard-linked into the new site. Aggregate pages
(tags, regions, chronology) are keyed by what they show (``page_keys``), article pages by
their file and their context (related lists, previous / next), so each changes exactly
when a full build would change it.

The cache lives outside ``site/`` (default ``.cache/newsarchive`` next to mkdocs.yml):
``manifest.json`` (URL -> key of the last build), ``articles.pickle`` (parsed frontmatter by
file stat), ``related.pickle`` (the last related lists and their inputs' digest),
``search-pages/`` (the staged search pages, by shard) and, during a build,
``previous-site/`` (the last build's output, moved aside before MkDocs cleans the site
directory).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import pickle
import shutil
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 6  # bump when the cache layout or the key recipe changes


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a temporary file renamed over it)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def tree_digest(*roots: Path | None) -> str:
    """Hash of every file's path and bytes under the given folders (templates, overrides)."""
    h = hashlib.sha256()
    for root in roots:
        if root is None or not root.exists():
            continue
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            h.update(str(path.relative_to(root.parent)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def versions() -> str:
    names = ("newsarchive", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions",
             "nh3", "jinja2", "pagefind", "cbor2")  # pagefind: shards of one version only merge
    found = []
    for name in names:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return ";".join(found)


def _stamp(stat: os.stat_result) -> tuple[int, ...]:
    """What identifies an unchanged file without reading it (ctime catches same-size edits
    within the mtime resolution, and files replaced by renames)."""
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


def fingerprint(config: Any, options: dict[str, Any], vocab: Any, templates: Path) -> str:
    """Everything every page depends on: config, options, templates, overrides, vocabularies,
    package versions. Any change to it makes the next build a full one."""
    config_file = Path(config.config_file_path) if config.config_file_path else None
    vocab_files = [vocab.regions.path, vocab.tags.path, vocab.sources.path]
    return digest(
        versions(),
        config_file.read_bytes() if config_file and config_file.is_file() else b"",
        json.dumps(options, sort_keys=True, default=str),
        tree_digest(templates, *(Path(d) for d in config.theme.dirs[:1] if d)),
        tree_digest(*(Path(p) for p in vocab_files if p)),
        str(config.docs_dir), str(config.site_url), str(config.use_directory_urls),
    )


class QuietSkips(logging.Filter):
    """Pages reused from the cache are held out of MkDocs' Markdown pass and write no output
    of their own, on purpose: MkDocs need not report either."""

    def __init__(self) -> None:
        super().__init__()
        self.skipped: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Page skipped: '"):
            return message.split("'", 2)[1] not in self.skipped
        if message.endswith("which is excluded from the built site."):
            return message.split("'")[3] not in self.skipped
        return True


class CacheBusy(Exception):
    """Another build holds the cache folder."""


class BuildCache:
    """Keys of the last build's pages, its output, and parsed articles by file stat."""

    def __init__(self, root: Path, site_dir: Path, fingerprint: str,
                 memo: dict[str, tuple[str, Any]] | None = None) -> None:
        self.root = root
        # Results kept in memory between builds of one process (`mkdocs serve`): name ->
        # (key, value); load_result answers from it without reading the pickle again.
        self.memo = memo if memo is not None else {}
        self.site_dir = site_dir
        # The manifest records the base; page keys also hash what add_to_fingerprint adds.
        self.base = self.fingerprint = digest(str(FORMAT), fingerprint, str(site_dir))
        self.previous = root / "previous-site"
        self.keys: dict[str, str] = {}  # this build: dest path -> key
        self.reused: set[str] = set()
        self._old: dict[str, str] = {}
        self._lock: Any = None  # the open lock file while this build uses the cache
        # Heading ids of each page (MkDocs checks links to anchors against them): a reused
        # page keeps those of the build that rendered it.
        self.old_anchors: dict[str, list[str]] = {}
        self.anchors: dict[str, list[str]] = {}
        self._articles: dict[str, tuple[Any, ...]] = {}
        self._articles_now: dict[str, tuple[Any, ...]] = {}
        self.articles_saved: str | None = None  # articles_seen() of what is on disk already

    # -- start of build ---------------------------------------------------------------------
    def open(self) -> None:
        """Load the manifest and move the last output aside (before MkDocs cleans it).

        Raises :class:`CacheBusy` when another build (say `mkdocs serve` next to a
        `mkdocs build`) is using the same cache folder.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = (self.root / "lock").open("w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            self._lock = None
            raise CacheBusy(str(self.root)) from None
        shutil.rmtree(self.previous, ignore_errors=True)
        for trash in self.root.glob("trash-*"):
            shutil.rmtree(trash, ignore_errors=True)
        manifest = self._read_json(self.root / "manifest.json")
        # Gone until this build succeeds: an interrupted build must not vouch for its output.
        (self.root / "manifest.json").unlink(missing_ok=True)
        if manifest.get("fingerprint") == self.base and self.site_dir.is_dir():
            try:
                self.site_dir.rename(self.previous)
                self._old = dict(manifest.get("pages", {}))
                self.old_anchors = dict(manifest.get("anchors", {}))
            except OSError:  # another filesystem: fall back to a full build
                self._old = {}
        self._articles = self.load_result("articles", "") or {}

    def resumes(self) -> bool:
        """Whether this build starts from the last one's output (an incremental build)."""
        return bool(self._old)

    def known_articles(self) -> int:
        """How many parsed articles the last build left in the cache."""
        return len(self._articles)

    @staticmethod
    def _read_json(path: Path) -> dict[str, Any]:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    # -- parsed articles --------------------------------------------------------------------
    def article(self, uri: str, stat: os.stat_result) -> tuple[Any, ...] | None:
        entry = self._articles.get(uri)
        if entry is not None and entry[0] == _stamp(stat):
            self._articles_now[uri] = entry
            return entry[1:]
        return None

    def remember_article(self, uri: str, stat: os.stat_result, *value: Any) -> None:
        self._articles_now[uri] = (_stamp(stat), *value)

    def articles_seen(self) -> str:
        """Digest of the article files this build has parsed or reused (path and stat)."""
        return digest(*(f"{uri}\0{entry[0]}" for uri, entry in sorted(self._articles_now.items())))

    def save_articles(self) -> str:
        """Write the parsed articles for the next build; return :meth:`articles_seen`.

        Entries are keyed by file stat, so they hold whether or not this build succeeds: a
        second process that read the same files may write them early (``articles_saved``).
        """
        self.store_result("articles", "", self._articles_now)
        return self.articles_seen()

    # -- computed once per distinct input ---------------------------------------------------
    def load_result(self, name: str, key: str) -> Any | None:
        """A result stored by :meth:`store_result` under the same key, else None."""
        return self._stored(name, key, read=True)[1]

    def has_result(self, name: str, key: str) -> bool:
        """Whether :meth:`load_result` would find a result (its value is not read)."""
        return self._stored(name, key, read=False)[0]

    def _stored(self, name: str, key: str, read: bool) -> tuple[bool, Any]:
        """Whether a result is stored under ``key``, and its value if ``read``."""
        full = digest(self.base, key)
        memo = self.memo.get(name)
        if memo is not None and memo[0] == full:
            return True, memo[1]
        with contextlib.suppress(OSError, EOFError, pickle.UnpicklingError, ValueError), \
                (self.root / f"{name}.pickle").open("rb") as fh:
            # The key comes first: a stale result is not read at all.
            if pickle.load(fh) != full:
                return False, None
            if not read:
                return True, None
            value = pickle.load(fh)
            self.memo[name] = (full, value)
            return True, value
        return False, None

    def store_result(self, name: str, key: str, value: Any) -> None:
        self.memo[name] = (digest(self.base, key), value)
        replace_file(self.root / f"{name}.pickle",
                     pickle.dumps(digest(self.base, key), protocol=pickle.HIGHEST_PROTOCOL)
                     + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def release_in_child(self) -> None:
        """In a forked child: close its copy of the lock file (the lock stays this build's,
        held through the parent's copy)."""
        if self._lock is not None:
            self._lock.close()  # flock: the lock lives on while the parent's copy is open
            self._lock = None

    def jinja_dir(self) -> Path:
        """Where the theme's compiled templates are kept (Jinja's bytecode cache)."""
        path = self.root / "jinja"
        path.mkdir(parents=True, exist_ok=True)
        return path

    # -- pages ------------------------------------------------------------------------------
    def add_to_fingerprint(self, *parts: str) -> None:
        """Inputs every page depends on that are only known once the files are read."""
        self.fingerprint = digest(self.fingerprint, *parts)

    def check(self, dest: str, key: str, reuse: bool = True) -> bool:
        """Record ``dest``'s key; True when the previous output can be reused (and ``reuse``:
        False when the page must be rendered anyway)."""
        key = digest(self.fingerprint, dest, key)
        self.keys[dest] = key
        # A str path: building a Path here cost more than the stat, 10,000 times a build.
        previous = f"{self.previous}/{dest}"
        if reuse and self._old.get(dest) == key and os.path.isfile(previous):  # noqa: PTH113
            self.reused.add(dest)
            return True
        return False

    def restore(self, dest: str) -> None:
        target = self.site_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(self.previous / dest, target)

    def restore_all(self, dests: list[str], written: set[str]) -> None:
        """Put many reused pages into place: whole folders by one rename where possible, else
        file by file (a folder and a hard link each: 11,000 pages take about 2 s).

        ``written``: every page this build writes. A folder of the last output moves whole
        only when it holds nothing else (no page of a deleted article, no stale file) and the
        new site has no such folder yet; pages rendered again are then written over theirs.
        """
        units: dict[str, list[str]] = {}
        for dest in dests:
            parts = dest.split("/")
            units.setdefault("/".join(parts[:-2]), []).append(dest)
        moved: list[str] = []
        for unit in sorted(units, key=lambda u: (u.count("/"), u)):
            if any(unit == m or unit.startswith(m + "/") for m in moved):
                continue  # moved with a folder above it
            if unit and self._move_folder(unit, written):
                moved.append(unit)
                continue
            for dest in units[unit]:
                self.restore(dest)

    def _move_folder(self, unit: str, written: set[str]) -> bool:
        source, target = self.previous / unit, self.site_dir / unit
        if target.exists() or not source.is_dir():
            return False
        root = str(source) + os.sep
        for folder, _, names in os.walk(source):
            prefix = unit + "/" + (folder + os.sep)[len(root):].replace(os.sep, "/")
            if any(prefix + name not in written for name in names):
                return False
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)
        return True

    def check_dir(self, rel: str, key: str) -> bool:
        """Record a whole output folder's key (e.g. the search index); when it matches the
        previous build's, move that folder into the new site and return True."""
        key = digest(self.fingerprint, rel + "/", key)
        self.keys[rel + "/"] = key
        source = self.previous / rel
        if self._old.get(rel + "/") != key or not source.is_dir():
            return False
        target = self.site_dir / rel
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)
        self.reused.add(rel + "/")
        return True

    # -- end of build -----------------------------------------------------------------------
    def close(self, success: bool, pending: set[str] = frozenset()) -> None:
        """Write the manifest (only after a successful build) and drop the old output.

        ``pending``: outputs still being written in the background (search shards under
        ``mkdocs serve``); they join the manifest through :meth:`confirm` once finished.
        """
        if success:
            self._write_manifest({k: v for k, v in self.keys.items() if k not in pending})
            if self.articles_saved != self.articles_seen():
                self.store_result("articles", "", self._articles_now)
        else:
            (self.root / "manifest.json").unlink(missing_ok=True)
        self._discard_previous()
        if self._lock is not None:
            self._lock.close()  # releases the lock
            self._lock = None

    def confirm(self, outputs: set[str]) -> None:
        """Add outputs finished after the build (see ``close``) to its manifest."""
        manifest = self._read_json(self.root / "manifest.json")
        if manifest.get("fingerprint") != self.base:
            return  # another build has started since: it decides what to trust
        pages = manifest.get("pages", {})
        pages.update({k: self.keys[k] for k in outputs})
        self._write_manifest(pages)

    def _write_manifest(self, pages: dict[str, str]) -> None:
        anchors = {k: v for k, v in self.anchors.items() if k in pages}
        replace_file(self.root / "manifest.json", json.dumps(
            {"fingerprint": self.base, "pages": pages, "anchors": anchors},
            sort_keys=True).encode("utf-8"))

    def _discard_previous(self) -> None:
        """Delete the old output without making the build wait for it (10,000 files take
        seconds to unlink); a leftover is removed at the start of the next build."""
        if not self.previous.exists():
            return
        trash = self.root / f"trash-{os.getpid()}"
        self.previous.rename(trash)
        subprocess.Popen(["rm", "-rf", str(trash)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
