"""Ingest a batch of saved files: one outcome per file, failures never stop the batch."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib
import logging
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from newsarchive.ingest.budget import Limits, UnexpectedError, memory_error_message, run_bounded
from newsarchive.ingest.dates import parse_date
from newsarchive.ingest.enrich import EVIDENCE_LOGGER, EvidenceLines, Overrides, build_article
from newsarchive.ingest.model import Extracted, IngestError
from newsarchive.ingest.readers import MAX_BYTES, choose, original_suffix, reader_kind
from newsarchive.ingest.refuse import refuse_non_article
from newsarchive.ingest.store import AlreadyArchived, ArchiveStore
from newsarchive.schema import Article
from newsarchive.vocab import Vocab


@dataclass
class Outcome:
    """What happened to one input file."""

    source: Path
    status: str  # "written", "exists" or "failed"
    message: str = ""
    target: Path | None = None
    review: dict[str, str] = field(default_factory=dict)


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and files inside directories named (recursively, sorted, no hidden).

    Symbolic links are yielded as they are (links to folders are not followed), so that
    :func:`ingest_file` refuses each with a message.
    """
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if (child.is_symlink() or child.is_file()) and not any(
                        p.startswith(".") for p in rel):
                    yield child
        else:
            yield path


def ingest_file(
    path: Path,
    store: ArchiveStore,
    vocab: Vocab,
    overrides: Overrides | None = None,
    now: dt.datetime | None = None,
    limits: Limits | None = None,
) -> Outcome:
    """Ingest one file; every expected failure becomes an outcome, never an exception.

    Reading the file and building the article run in a child process within ``limits``
    (time and memory, see :mod:`newsarchive.ingest.budget`); looking up duplicates and
    writing happen here.
    """
    try:
        return _archive(path, store, vocab, overrides, now, limits or Limits())
    except AlreadyArchived as exc:  # by another ingest running at the same time
        return Outcome(path, "exists", str(exc))
    except IngestError as exc:
        return Outcome(path, "failed", str(exc))
    except OSError as exc:
        return Outcome(path, "failed", f"cannot read or write: {exc.strerror or exc} "
                                       "(check permissions and free disk space)")
    except MemoryError:
        return Outcome(path, "failed", memory_error_message(limits or Limits()))
    except RecursionError:
        return Outcome(path, "failed", "the page is nested too deeply to parse (re-save it)")
    except UnexpectedError as exc:
        return Outcome(path, "failed", f"unexpected {exc} (a bug in newsarchive: please report "
                                       "it with this file)")
    except Exception as exc:  # one bad file must never stop a batch
        return Outcome(path, "failed", f"unexpected {type(exc).__name__}: {exc} (a bug in "
                                       "newsarchive: please report it with this file)")


def _archive(path: Path, store: ArchiveStore, vocab: Vocab, overrides: Overrides | None,
             now: dt.datetime | None, limits: Limits) -> Outcome:
    """:func:`ingest_file` without the handling of failures: raises what goes wrong."""
    data = _read_input(path)
    sha = hashlib.sha256(data).hexdigest()
    if hit := store.find(sha, None):
        return Outcome(path, "exists", f"already archived as {hit.path}")
    _warm_up(vocab, path)
    archived = now or dt.datetime.now(dt.UTC)
    article, missing, loaded, evidence = run_bounded(
        partial(_extract_in_child, path, data, vocab, overrides, sha, archived), limits)
    _load_in_parent(loaded)
    _log_in_parent(evidence)
    if article.original_url and (hit := store.find(sha, article.original_url)):
        return Outcome(path, "exists", f"already archived as {hit.path} (same URL)")
    target = store.write(article, data, original_suffix(path), missing)
    return Outcome(path, "written", target=target, review=missing)


def _read_input(path: Path) -> bytes:
    """The bytes of the saved file at ``path``; an :class:`IngestError` when it is a link,
    missing, not a regular file, too large or empty."""
    if path.is_symlink():
        raise IngestError(f"a symbolic link (to {path.readlink()}); ingest does not follow "
                          "links: name the file itself, or copy it here")
    if not path.is_file():
        raise IngestError("no such file (check the path)")
    data = _read_regular_file(path)
    if not data.strip():
        raise IngestError("the file is empty (nothing to archive; check the save)")
    return data


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file, without following a link swapped in since the check."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise IngestError("not a regular file (ingest takes saved files)")
        if info.st_size > MAX_BYTES:
            raise IngestError(f"larger than {MAX_BYTES // 2**20} MB; not a single saved article")
        return fh.read()


def extract_article(path: Path, data: bytes, vocab: Vocab, overrides: Overrides | None,
                    sha256: str, archived: dt.datetime) -> tuple[Article, dict[str, str]]:
    """Read one saved file into an article (the part that runs within the file's budget)."""
    name, reader, payload = choose(path, data)
    found = reader(payload, path)
    refuse_non_article(found)
    return build_article(found, vocab, overrides, sha256=sha256, reader=name, archived=archived)


def _extract_in_child(*args: object) -> tuple[Article, dict[str, str], list[str], list[str]]:
    """:func:`extract_article`, plus the modules it had to import (see `_load_in_parent`)
    and the evidence lines it logged (logged again in the parent, see `_log_in_parent`)."""
    before = set(sys.modules)
    capture = EvidenceLines()
    with _evidence_goes_to(capture):
        article, missing = extract_article(*args)  # type: ignore[arg-type]
    return article, missing, sorted(set(sys.modules) - before), capture.lines


@contextlib.contextmanager
def _evidence_goes_to(*handlers: logging.Handler) -> Iterator[None]:
    """Within the block, evidence lines reach only ``handlers`` (none: they are dropped)."""
    logger = logging.getLogger(EVIDENCE_LOGGER)
    saved, logger.handlers = logger.handlers, list(handlers)
    try:
        yield
    finally:
        logger.handlers = saved


def _log_in_parent(lines: list[str]) -> None:
    for line in lines:
        logging.getLogger(EVIDENCE_LOGGER).info("%s", line)


def _load_in_parent(modules: list[str]) -> None:
    """Import here what a child had to import (a reader's lazy imports), so that the next
    children inherit it instead of importing it again, file after file."""
    for name in modules:
        if name not in sys.modules:
            with contextlib.suppress(Exception):
                importlib.import_module(name)
    if "dateparser" in modules:
        # dateparser also loads its language data on first use (about 0.7 s): once, here.
        parse_date("4 марта 2021")


_WARM: set[int] = set()


def _warm_up(vocab: Vocab, path: Path) -> None:
    """Load in this process, once, what every child would otherwise load again per file:
    the reader the file needs and the vocabularies' matchers."""
    importlib.import_module(f"newsarchive.ingest.{reader_kind(path)}_reader")
    if id(vocab) not in _WARM:
        _WARM.add(id(vocab))
        sample = Extracted(title="Warm-up", body="Filler text naming no place.")
        with _evidence_goes_to():  # no evidence about the sample
            build_article(sample, vocab, sha256="0" * 64, reader="text",
                          archived=dt.datetime.now(dt.UTC))
