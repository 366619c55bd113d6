"""Split and write Markdown files with a YAML frontmatter block."""

from __future__ import annotations

import re
from typing import Any

import yaml

from newsarchive.vocab.datafile import SafeLoader

_FM_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


class FrontmatterError(ValueError):
    """The file has no frontmatter block, or its YAML does not parse."""


def split(text: str) -> tuple[dict[str, Any], str]:
    """Return ``(mapping, body)``; raise :class:`FrontmatterError` with a readable reason."""
    match = _FM_RE.match(text)
    if not match:
        raise FrontmatterError("no frontmatter (expected the file to start with a `---` line, "
                               "YAML keys, then another `---` line)")
    try:
        data = yaml.load(match.group(1) or "", Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 2}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise FrontmatterError(f"frontmatter is not valid YAML{line}: {reason}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontmatterError("frontmatter is not a YAML mapping (expected `key: value` lines)")
    return data, text[match.end():]


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_representer)


def dump(data: dict[str, Any], body: str) -> str:
    """Render frontmatter + body as the text of a Markdown file (keys in the given order)."""
    head = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)
    return f"---\n{head}---\n\n{body.strip()}\n"
