"""Reading curator-edited YAML (data files, article frontmatter) strictly, with errors that
name the file.

:class:`StrictLoader` is PyYAML's safe loader (the C one when available, for speed) with
three changes: a key given twice is an error (:class:`DuplicateKeyError`) instead of the last
one winning silently; a node met twice (an alias, ``*name``) is an error, so a "billion
laughs" block never expands; and dates and timestamps stay text, so a bad one such as
``2020-13-45`` is reported by whoever validates the value, not raised by PyYAML as a bare
``ValueError``. :class:`StrictPureLoader` is the same over the pure-Python parser.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class DuplicateKeyError(ConstructorError):
    """A mapping gives the same key twice; ``key`` is it, ``first_line`` where it was first
    given (0-based, like the marks)."""

    def __init__(self, key: Any, first: yaml.Mark, again: yaml.Mark) -> None:
        super().__init__(None, None, f"the key {key!r} appears twice", again)
        self.key = key
        self.first_line = first.line


class _Strict:
    """The constructor changes shared by both loaders (a mixin before the loader class)."""

    constructed_objects: dict[Node, Any]
    recursive_objects: dict[Node, None]

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ConstructorError(None, None, "YAML aliases (*name) are not allowed",
                                   node.start_mark)
        return SafeConstructor.construct_object(self, node, deep)  # type: ignore[arg-type]

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        """Like PyYAML's, but a repeated key is an error and ``<<`` merges nothing."""
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, f"expected a mapping, found {node.id}",
                                   node.start_mark)
        mapping: dict[Any, Any] = {}
        marks: dict[Any, yaml.Mark] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                seen = key in mapping
            except TypeError:
                raise ConstructorError("while reading a mapping", node.start_mark,
                                       "a list or mapping cannot be a key",
                                       key_node.start_mark) from None
            if seen:
                raise DuplicateKeyError(key, marks[key], key_node.start_mark)
            marks[key] = key_node.start_mark
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_text(self, node: Node) -> str:
        return SafeConstructor.construct_scalar(self, node)  # type: ignore[arg-type]


def _without_timestamps(resolvers: dict[Any, list[tuple[str, Any]]]
                        ) -> dict[Any, list[tuple[str, Any]]]:
    return {first: [(tag, rx) for tag, rx in pairs if tag != _TIMESTAMP]
            for first, pairs in resolvers.items()}


class StrictPureLoader(_Strict, yaml.SafeLoader):  # type: ignore[misc]
    """The strict loader over PyYAML's pure-Python parser (no C recursion)."""


try:  # the C parser is several times faster on large files
    _CBase: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _CBase = yaml.SafeLoader


class StrictLoader(_Strict, _CBase):  # type: ignore[misc,valid-type]
    """The strict loader over libyaml's parser when PyYAML has it."""


for _cls in (StrictLoader, StrictPureLoader):
    _cls.yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)
    _cls.yaml_constructors = dict(yaml.SafeLoader.yaml_constructors)
    _cls.add_constructor(_TIMESTAMP, _Strict.construct_text)  # an explicit !!timestamp

SafeLoader = StrictLoader  # the name older code imports


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
        data = yaml.load(raw.decode("utf-8"), Loader=StrictLoader)
    except UnicodeDecodeError as exc:
        raise VocabularyError(f"{path}: is not UTF-8 text (re-save it as UTF-8)") from exc
    except yaml.YAMLError as exc:
        raise VocabularyError(f"{path}: invalid YAML: {exc}") from exc
    if big and isinstance(data, dict):
        write_cached(raw, "yaml", data)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise VocabularyError(f"{path}: expected a mapping at the top level")
    return data
