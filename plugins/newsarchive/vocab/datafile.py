"""Reading curator-edited YAML data files with errors that name the file."""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

import yaml

try:  # the C loader is several times faster on large files
    SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    SafeLoader = yaml.SafeLoader


class VocabularyError(ValueError):
    """A vocabulary data file is unreadable or malformed."""


def cache_dir() -> Path:
    """The user's cache folder for data derived from the vocabulary files."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsarchive"


def read_cached(key: bytes, kind: str) -> Any:
    """What :func:`write_cached` stored under ``key``, or ``None``."""
    try:
        return marshal.loads((cache_dir() / f"{kind}-{hashlib.sha256(key).hexdigest()[:20]}")
                             .read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_cached(key: bytes, kind: str, value: Any) -> None:
    """Keep ``value`` (built-in types only) for the next run; failures are ignored."""
    path = cache_dir() / f"{kind}-{hashlib.sha256(key).hexdigest()[:20]}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        tmp.replace(path)
    except (OSError, ValueError):
        pass


def load_mapping(path: Path) -> dict[str, Any]:
    """Load a YAML file whose top level must be a mapping.

    Large files (the gazetteer) are parsed once per content: the result is kept in the
    user's cache folder, keyed by the file's bytes.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read ({exc.strerror})") from exc
    big = len(raw) > 50_000
    if big and isinstance(cached := read_cached(raw, "yaml"), dict):
        return cached
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=SafeLoader)
    except UnicodeDecodeError as exc:
        raise VocabularyError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except yaml.YAMLError as exc:
        raise VocabularyError(f"{path}: invalid YAML: {exc}") from exc
    if big and isinstance(data, dict):
        write_cached(raw, "yaml", data)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise VocabularyError(f"{path}: expected a mapping at the top level")
    return data
