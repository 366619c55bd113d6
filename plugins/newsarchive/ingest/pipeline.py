"""Ingest a batch of saved files: one outcome per file, failures never stop the batch."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsarchive.ingest.enrich import Overrides, build_article
from newsarchive.ingest.model import IngestError
from newsarchive.ingest.readers import MAX_BYTES, choose, original_suffix
from newsarchive.ingest.store import AlreadyArchived, ArchiveStore
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
    """Files named, and files inside directories named (recursively, sorted, no hidden)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in rel):
                    yield child
        else:
            yield path


def ingest_file(
    path: Path,
    store: ArchiveStore,
    vocab: Vocab,
    overrides: Overrides | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Ingest one file; every expected failure becomes an outcome, never an exception."""
    try:
        if not path.is_file():
            raise IngestError("no such file (check the path)")
        if path.stat().st_size > MAX_BYTES:
            raise IngestError(f"larger than {MAX_BYTES // 2**20} MB; not a single saved article")
        data = path.read_bytes()
        if not data.strip():
            raise IngestError("the file is empty (nothing to archive; check the save)")
        sha = hashlib.sha256(data).hexdigest()
        if hit := store.find(sha, None):
            return Outcome(path, "exists", f"already archived as {hit.path}")
        name, reader, payload = choose(path, data)
        found = reader(payload, path)
        article, missing = build_article(
            found, vocab, overrides, sha256=sha, reader=name,
            archived=now or dt.datetime.now(dt.UTC),
        )
        if article.original_url and (hit := store.find(sha, article.original_url)):
            return Outcome(path, "exists", f"already archived as {hit.path} (same URL)")
        target = store.write(article, data, original_suffix(path))
        return Outcome(path, "written", target=target, review=missing)
    except AlreadyArchived as exc:  # by another ingest running at the same time
        return Outcome(path, "exists", str(exc))
    except IngestError as exc:
        return Outcome(path, "failed", str(exc))
    except OSError as exc:
        return Outcome(path, "failed", f"cannot read or write: {exc.strerror or exc} "
                                       "(check permissions and free disk space)")
    except RecursionError:
        return Outcome(path, "failed", "the page is nested too deeply to parse (re-save it)")
    except Exception as exc:  # one bad file must never stop a batch
        return Outcome(path, "failed", f"unexpected {type(exc).__name__}: {exc} (a bug in "
                                       "newsarchive: please report it with this file)")
