"""Incremental builds: reuse the previous build's pages whose inputs did not change.

Every page gets a key: a hash of everything its HTML depends on (the build fingerprint, its
URL, its source and the archive data it shows). A page whose key matches the previous
build's is not converted or rendered again: the plugin keeps it out of MkDocs' Markdown
pass, and its previous output is moved or hard-linked into the new site. Aggregate pages
(tags, regions, chronology) are keyed by what they show (``page_keys``), article pages by
their file and their context (related lists, previous / next), so each changes exactly
when a full build would change it.

The cache never trusts ``site/``: other builds write there too (``cache: false``, ``--dirty``,
the plugin disabled, another tool). The manifest records, for each output it vouches for,
its key and the file itself (inode, size, mtime and SHA-256); a previous output is reused
only when its key matches and the file on disk is that file (same stat) or has those bytes
(same hash). The cache keeps its own hard-linked copy of the output it vouches for
(``output/``), so a build without ``site/`` (a fresh clone in CI with the cache folder
restored, or ``site/`` deleted) still reuses every unchanged page, checked by hash.

The cache lives outside ``site/`` (default ``.cache/newsarchive`` next to mkdocs.yml):
``manifest.json`` (URL -> key and file of the last build), ``output/`` (that build's pages
and search shards, hard links), ``articles.pickle`` (parsed frontmatter by file stat, or by
text hash when the stat changed), ``related.pickle`` (the last related lists and their
inputs' digest), ``search-pages/`` (the staged search pages, by shard) and, during a build,
``previous-site/`` (the last output, moved aside before MkDocs cleans the site directory:
``site/`` when it is there, else ``output/``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 7  # bump when the cache layout or the key recipe changes
# Plugin options that do not change any output: left out of the fingerprint, so a cache
# restored into another checkout (CI) or folder still matches.
_NOT_OUTPUT = ("cache", "cache_dir", "workers", "enabled")


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


def write_recorded(path: Path, data: bytes) -> list[Any]:
    """:func:`replace_file`, and the written file's :func:`file_record`, hashed from ``data``
    (not read back): a writer with a core to itself hashes its own files."""
    replace_file(path, data)
    return file_record(path, hashlib.sha256(data).hexdigest())


def file_sha(path: str | Path) -> str:
    with open(path, "rb") as fh:  # noqa: PTH123 (a str path, once per page)
        return hashlib.file_digest(fh, "sha256").hexdigest()


def file_record(path: str | Path, sha: str | None = None) -> list[Any]:
    """What identifies an output file: inode, size, mtime (cheap to check) and SHA-256
    (checked when the stat differs: a restored or copied cache; read from the file unless
    its writer gives it)."""
    st = os.stat(path)  # noqa: PTH116
    return [st.st_ino, st.st_size, st.st_mtime_ns, sha or file_sha(path)]


def _files_under(root: Path) -> list[tuple[str, str]]:
    """(relative path, path) of every file under ``root``, sorted."""
    found = []
    base = str(root) + os.sep
    for folder, _, names in os.walk(root):
        rel = (folder + os.sep)[len(base):].replace(os.sep, "/")
        found.extend((rel + name, os.path.join(folder, name)) for name in names)  # noqa: PTH118
    return sorted(found)


def dir_stamp(root: Path) -> str:
    """Digest of a folder's file names and stats (cheap: no file is read)."""
    parts = []
    for rel, path in _files_under(root):
        st = os.stat(path)  # noqa: PTH116
        parts.append(f"{rel}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}")
    return digest(*parts)


def dir_content(root: Path) -> str:
    """Digest of a folder's file names and bytes."""
    return digest(*(f"{rel}\0{file_sha(path)}" for rel, path in _files_under(root)))


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """Hard-link ``source`` at ``target``, or copy it (another file system)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


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
        json.dumps({k: v for k, v in options.items() if k not in _NOT_OUTPUT},
                   sort_keys=True, default=str),
        tree_digest(templates, *(Path(d) for d in config.theme.dirs[:1] if d)),
        tree_digest(*(Path(p) for p in vocab_files if p)),
        str(config.site_url), str(config.use_directory_urls),
    )


class CacheBusy(Exception):
    """Another build holds the cache folder."""


class BuildCache:
    """Keys of the last build's pages, its output, and parsed articles by file stat."""

    def __init__(self, root: Path, site_dir: Path, fingerprint: str,
                 memo: dict[str, tuple[str, Any]] | None = None) -> None:
        self.root = root
        # Results kept in memory between builds of one process (`mkdocs serve`): file ->
        # (key, value); load_result answers from it without reading the pickle again.
        self.memo = memo if memo is not None else {}
        self.site_dir = site_dir
        # The manifest records the base; page keys also hash what add_to_fingerprint adds.
        # Not the site folder: outputs are checked file by file (see the module docstring).
        self.base = self.fingerprint = digest(str(FORMAT), fingerprint)
        self.previous = root / "previous-site"
        self.mirror = root / "output"
        self.keys: dict[str, str] = {}  # this build: dest path -> key
        self.reused: set[str] = set()
        self._old: dict[str, str] = {}
        # The last build's outputs as the manifest recorded them: page -> file_record, folder
        # ("x/") -> [dir_stamp, dir_content].
        self._old_files: dict[str, list[Any]] = {}
        self._rehashed: set[str] = set()  # reused outputs whose stat differed (same bytes)
        self._from_mirror: set[str] = set()  # reused from output/, not from site/
        # Whether output/ still mirrors the last build (else close() makes it again).
        self._mirror_kept = False
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
        if manifest.get("fingerprint") == self.base and isinstance(manifest.get("files"), dict):
            # The last output: site/ (whatever wrote it last: each file is checked before it
            # is reused), else the cache's own copy (a fresh clone, site/ deleted).
            moved = False
            if self.site_dir.is_dir():
                with contextlib.suppress(OSError):  # another file system: use the copy
                    self.site_dir.rename(self.previous)
                    moved = True
                    self._mirror_kept = self.mirror.is_dir()
            if not moved and self.mirror.is_dir():
                with contextlib.suppress(OSError):
                    self.mirror.rename(self.previous)
                    moved = True
            if moved:
                self._old = dict(manifest.get("pages", {}))
                self._old_files = dict(manifest["files"])
                self.old_anchors = dict(manifest.get("anchors", {}))
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

    def article_by_text(self, uri: str, stat: os.stat_result,
                        text_sha: str) -> tuple[Any, ...] | None:
        """The parsed article when the file's stat changed but its text did not (a fresh
        checkout, a copy): reused, and remembered under the new stat."""
        entry = self._articles.get(uri)
        if entry is not None and entry[3] == text_sha:
            self._articles_now[uri] = (_stamp(stat), *entry[1:])
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
    def load_result(self, name: str, key: str, *, any_build: bool = False) -> Any | None:
        """A result stored by :meth:`store_result` under the same key, else None.
        ``any_build``: a result valid whatever the build fingerprint (its entries keyed by
        their own inputs), kept across option and config changes; package versions count."""
        return self._stored(name, key, read=True, any_build=any_build)[1]

    def has_result(self, name: str, key: str) -> bool:
        """Whether :meth:`load_result` would find a result (its value is not read)."""
        return self._stored(name, key, read=False)[0]

    def _stored(self, name: str, key: str, read: bool,
                any_build: bool = False) -> tuple[bool, Any]:
        """Whether a result is stored under ``key``, and its value if ``read``."""
        full = self._result_key(key, any_build)
        memo = self.memo.get(f"{self.root}/{name}")
        if memo is not None and memo[0] == full:
            return True, memo[1]
        with contextlib.suppress(OSError, EOFError, pickle.UnpicklingError, ValueError,
                                 AttributeError, ImportError), \
                (self.root / f"{name}.pickle").open("rb") as fh:
            # The key comes first: a stale result is not read at all.
            if pickle.load(fh) != full:
                return False, None
            if not read:
                return True, None
            value = pickle.load(fh)
            self.memo[f"{self.root}/{name}"] = (full, value)
            return True, value
        return False, None

    def store_result(self, name: str, key: str, value: Any, *, any_build: bool = False) -> None:
        full = self._result_key(key, any_build)
        self.memo[f"{self.root}/{name}"] = (full, value)
        replace_file(self.root / f"{name}.pickle",
                     pickle.dumps(full, protocol=pickle.HIGHEST_PROTOCOL)
                     + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def _result_key(self, key: str, any_build: bool) -> str:
        return digest(str(FORMAT), versions(), key) if any_build else digest(self.base, key)

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
        if not reuse or self._old.get(dest) != key:
            return False
        if self._unchanged(dest, str(self.previous)):
            self.reused.add(dest)
            return True
        if self._mirror_kept and self._unchanged(dest, str(self.mirror)):
            # site/ holds another build's page (cache off, --dirty...): the cache's own copy
            self.reused.add(dest)
            self._from_mirror.add(dest)
            return True
        return False

    def _unchanged(self, dest: str, root: str) -> bool:
        """Whether ``root``'s copy of ``dest`` is the file the manifest recorded: same stat,
        or (stat changed: copied, restored, rewritten) same bytes."""
        record = self._old_files.get(dest)
        if record is None:
            return False
        # A str path: building a Path here cost more than the stat, 10,000 times a build.
        previous = f"{root}/{dest}"
        try:
            st = os.stat(previous)  # noqa: PTH116
        except OSError:
            return False
        if [st.st_ino, st.st_size, st.st_mtime_ns] == record[:3]:
            return True
        if st.st_size != record[1] or file_sha(previous) != record[3]:
            return False
        self._rehashed.add(dest)  # the same bytes in another file: recorded anew
        return True

    def restore(self, dest: str) -> None:
        target = self.site_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        source = self.mirror if dest in self._from_mirror else self.previous
        link_or_copy(source / dest, target)

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
            if unit and not any(d in self._from_mirror for d in units[unit]) and \
                    self._move_folder(unit, written):
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
        try:
            source.rename(target)
        except OSError:  # another file system: file by file
            return False
        return True

    def check_dir(self, rel: str, key: str) -> bool:
        """Record a whole output folder's key (e.g. the search index); when it matches the
        previous build's, move that folder into the new site and return True."""
        key = digest(self.fingerprint, rel + "/", key)
        self.keys[rel + "/"] = key
        record = self._old_files.get(rel + "/")
        if self._old.get(rel + "/") != key or record is None:
            return False
        source = self.previous / rel
        same = self._dir_unchanged(source, record)
        if same is None and self._mirror_kept:
            same = self._dir_unchanged(self.mirror / rel, record)
            if same is not None:  # site/ holds another build's: the cache's own copy
                source = self.mirror / rel
                self._from_mirror.add(rel + "/")
        if same is None:
            return False
        if same == "bytes":
            self._rehashed.add(rel + "/")
        target = self.site_dir / rel
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source == self.previous / rel:
            with contextlib.suppress(OSError):  # else another file system: copied below
                source.rename(target)
        if not target.exists():
            shutil.copytree(source, target, copy_function=link_or_copy)
        self.reused.add(rel + "/")
        return True

    @staticmethod
    def _dir_unchanged(source: Path, record: list[Any]) -> str | None:
        """How ``source`` matches the folder recorded: "stat" (the same files), "bytes"
        (other files, the same bytes), or None."""
        if not source.is_dir():
            return None
        if dir_stamp(source) == record[0]:
            return "stat"
        return "bytes" if dir_content(source) == record[1] else None

    # -- end of build -----------------------------------------------------------------------
    def close(self, success: bool, pending: set[str] = frozenset(),
              late: tuple[set[str], Callable[[], dict[str, list[Any]]]] | None = None
              ) -> None:
        """Write the manifest (only after a successful build) and drop the old output.

        ``pending``: outputs still being written in the background (search shards under
        ``mkdocs serve``); they join the manifest through :meth:`confirm` once finished.
        ``late``: outputs another process is still writing, and what waits for them and
        returns the records the writer made of those it wrote (:func:`write_recorded`); every
        other output is recorded and linked first (the writer has a core to itself then).
        """
        if success:
            pages = {k: v for k, v in self.keys.items() if k not in pending}
            later = set() if late is None else late[0] & pages.keys()
            files = self._records({k: v for k, v in pages.items() if k not in later})
            self._sync_mirror(files, later)
            if late is not None:
                known = late[1]()
                more = self._records({k: pages[k] for k in later}, known)
                self._link_outputs(more)
                files.update(more)
            self._write_manifest({k: v for k, v in pages.items() if k in files}, files)
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
        pages, files = manifest.get("pages", {}), manifest.get("files", {})
        added = self._records({k: self.keys[k] for k in outputs})
        for rel in added:
            self._mirror_dir(rel)
        pages.update({k: self.keys[k] for k in added})
        files.update(added)
        self._write_manifest(pages, files)

    def _records(self, outputs: dict[str, str], known: dict[str, list[Any]] | None = None
                 ) -> dict[str, list[Any]]:
        """The manifest's record of each output this build leaves in the site folder (those
        missing are left out: the next build makes them again). ``known``: records their
        writer made as it wrote them, taken as they are."""
        files: dict[str, list[Any]] = {}
        known = known or {}
        for dest in outputs:
            if dest in known:
                files[dest] = known[dest]
                continue
            if dest in self.reused and dest not in self._rehashed:
                files[dest] = self._old_files[dest]  # the very file the last build recorded
                continue
            path = self.site_dir / dest
            with contextlib.suppress(OSError):
                files[dest] = [dir_stamp(path), dir_content(path)] if dest.endswith("/") \
                    else file_record(path)
        return files

    def _sync_mirror(self, files: dict[str, list[Any]], later: set[str]) -> None:
        """Make output/ hold exactly the outputs of ``files`` (and ``later``, linked by
        :meth:`_link_outputs` once written) as hard links: only what this build wrote, when
        output/ still mirrors the last build; all of it otherwise."""
        if not self._mirror_kept:
            self._trash(self.mirror)
            self.mirror.mkdir(parents=True)
        for dest in self._old_files if self._mirror_kept else ():
            if dest not in files and dest not in later:  # its page or shard is gone
                if dest.endswith("/"):
                    self._trash(self.mirror / dest)
                else:
                    (self.mirror / dest).unlink(missing_ok=True)
        self._link_outputs(files)

    def _link_outputs(self, files: dict[str, list[Any]]) -> None:
        """Link this build's outputs of ``files`` into output/ (reused ones are there)."""
        for dest in files:
            if self._mirror_kept and dest in self.reused and dest not in self._rehashed:
                continue  # the same file as the last build's, already linked there
            if dest.endswith("/"):
                self._mirror_dir(dest)
            else:
                target = self.mirror / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(target.name + ".tmp")
                tmp.unlink(missing_ok=True)
                link_or_copy(self.site_dir / dest, tmp)
                tmp.replace(target)

    def _mirror_dir(self, rel: str) -> None:
        target = self.mirror / rel
        self._trash(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.site_dir / rel, target, copy_function=link_or_copy)

    def _trash(self, path: Path) -> None:
        """Take a folder out of the way now and delete it in the background."""
        if path.exists():
            trash = self.root / f"trash-{os.getpid()}-{time.monotonic_ns()}"
            path.rename(trash)
            subprocess.Popen(["rm", "-rf", str(trash)], start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _write_manifest(self, pages: dict[str, str], files: dict[str, list[Any]]) -> None:
        anchors = {k: v for k, v in self.anchors.items() if k in pages}
        replace_file(self.root / "manifest.json", json.dumps(
            {"fingerprint": self.base, "pages": pages, "files": files, "anchors": anchors},
            sort_keys=True).encode("utf-8"))

    def _discard_previous(self) -> None:
        """Delete the old output without making the build wait for it (10,000 files take
        seconds to unlink); a leftover is removed at the start of the next build."""
        self._trash(self.previous)
