"""Split and write Markdown files with a YAML frontmatter block.

Reading is strict, since the files are hand-edited and their values reach the published
site: no YAML anchors or aliases (a few lines of them expand to gigabytes), no duplicate keys
(the last one would win silently), at most :data:`MAX_FRONTMATTER` characters, and dates
stay text (``2020-13-45`` is then a schema problem, not a crash of the YAML library). Every
failure is a :class:`FrontmatterError` naming the key where it happened.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from newsarchive.schema import key_name
from newsarchive.vocab.datafile import DuplicateKeyError, StrictLoader, StrictPureLoader

MAX_FRONTMATTER = 65_536  # characters; a real article's block is about 1,000

_OPEN_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
# Where an anchor (&a) or alias (*a) token could start: only then are the YAML events read.
_ANCHOR_RE = re.compile(r"(?:^|[\s\[{,:?-])[&*][^\s,\[\]{}]", re.MULTILINE)
# libyaml composes nested collections recursively in C: far too deep a nesting overflows its
# stack (a crash, not an exception). Text that could nest deeply goes to the pure-Python
# parser, which raises RecursionError instead. Block nesting needs indentation or leading
# indicators ("- - - x"); flow nesting needs brackets.
_DEEP_BLOCK_RE = re.compile(r"\n[ \t?:-]{100}")  # searched in "\n" + the block
_MAX_BRACKETS = 100
_QUOTED_RE = re.compile(r"'(?:[^'\n]|'')*'|\"(?:[^\"\\\n]|\\.)*\"")
_TOO_DEEP = "values are nested too deeply (a value is text, or a list of text)"
_TOP_KEY_RE = re.compile(r"^([^\s#'\"{\[\-?:][^:\n]*?|['\"][^\n]*?['\"]):(?:[ \t]|$)",
                         re.MULTILINE)


class FrontmatterError(ValueError):
    """The file has no usable frontmatter block; ``key`` is the top-level key at fault, if
    one can be named, and ``line`` the line of the file."""

    def __init__(self, message: str, key: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.key = None if key is None else key_name(key)
        self.line = line


def split(text: str) -> tuple[dict[str, Any], str]:
    """Return ``(mapping, body)``; raise :class:`FrontmatterError` with a readable reason."""
    opening = _OPEN_RE.match(text)
    closing = _closing(text, opening.end()) if opening else None
    if opening is None or closing is None:
        raise FrontmatterError("no frontmatter (expected the file to start with a `---` line, "
                               "YAML keys, then another `---` line)")
    head = text[opening.end():closing[0]]
    if len(head) > MAX_FRONTMATTER:
        raise FrontmatterError(f"the frontmatter is {len(head):,} characters long, more than "
                               f"the {MAX_FRONTMATTER:,} allowed (move long text into the body)")
    data = parse(head)
    return data, text[closing[1]:]


def _closing(text: str, start: int) -> tuple[int, int] | None:
    """Start and end of the ``---`` (or ``...``) line that closes the block opened by the
    line ending at ``start``. (str.find: a regex scan costs more than the YAML checks.)"""
    pos = start - 1  # the newline that ends the opening line
    while True:
        dash = text.find("\n---", pos)
        dots = text.find("\n...", pos, len(text) if dash < 0 else dash)  # rarely used
        at = dots if dots >= 0 else dash
        if at < 0:
            return None
        eol = text.find("\n", at + 4)
        end = len(text) if eol < 0 else eol + 1
        if not text[at + 4:end].strip(" \t\r\n"):
            return at + 1, end
        pos = at + 1


def parse(head: str) -> dict[str, Any]:
    """The mapping of a frontmatter block's YAML text (without the ``---`` lines)."""
    # Cheap tests first: most blocks hold no "&" or "*" and no long indentation.
    if ("&" in head or "*" in head) and _ANCHOR_RE.search(head):
        _refuse_anchors(head)
    brackets = head.count("[") + head.count("{") > _MAX_BRACKETS
    if brackets and _flow_depth(head) > _MAX_BRACKETS:
        raise FrontmatterError(_TOO_DEEP, _first_nested_key(head))
    deep = brackets or _DEEP_BLOCK_RE.search("\n" + head)
    try:
        data = yaml.load(head, Loader=StrictPureLoader if deep else StrictLoader)
    except yaml.MarkedYAMLError as exc:
        raise _error(head, exc) from exc
    except yaml.reader.ReaderError as exc:
        raise _control(head, exc) from exc
    except RecursionError as exc:
        raise FrontmatterError(_TOO_DEEP, _first_nested_key(head)) from exc
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # ValueError: e.g. an explicit !!int over the digit limit. Any other failure inside
        # the YAML library is a bad block, too.
        raise FrontmatterError(f"frontmatter could not be read as YAML ({type(exc).__name__})"
                               ) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontmatterError("frontmatter is not a YAML mapping (expected `key: value` lines)")
    return data


def _refuse_anchors(head: str) -> None:
    """Raise if the YAML holds an anchor or an alias (read as events: nothing expands)."""
    try:
        for event in yaml.parse(head, Loader=StrictLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line
                raise FrontmatterError(
                    f"line {line + 2}: YAML anchors and aliases (&name, *name) are not allowed "
                    "(write the value out in full)", _key_at(head, line), line + 2)
    except yaml.YAMLError:
        return  # not YAML at all: the parse proper reports where


def _error(head: str, exc: yaml.MarkedYAMLError) -> FrontmatterError:
    mark = exc.problem_mark or exc.context_mark
    reason = exc.problem or str(exc)
    if mark is None:
        return FrontmatterError(f"frontmatter is not valid YAML: {reason}")
    line = mark.line
    if isinstance(exc, DuplicateKeyError):
        key = exc.key if isinstance(exc.key, str) and _key_at(head, line) == exc.key else None
        return FrontmatterError(f"given twice, on lines {exc.first_line + 2} and {line + 2} "
                                "(keep one of them)" if key else
                                f"{reason}, on lines {exc.first_line + 2} and {line + 2} (keep "
                                "one of them)", key or _key_at(head, line), line + 2)
    return FrontmatterError(f"frontmatter is not valid YAML at line {line + 2}: {reason} (text "
                            "holding ': ', ' #', quotes or brackets must be quoted: 'like "
                            "this'; write a quote inside as '')",
                            _key_at(head, line), line + 2)


def _control(head: str, exc: yaml.reader.ReaderError) -> FrontmatterError:
    """A character YAML refuses (C0 and C1 controls, DEL): where it is, in which key."""
    code = exc.character if isinstance(exc.character, int) else None
    at = head.find(chr(code)) if code is not None else -1
    if at < 0:
        return FrontmatterError(f"frontmatter holds a character YAML does not allow ({exc})")
    line = head.count("\n", 0, at)
    return FrontmatterError(f"line {line + 2} holds the control character U+{code:04X} "
                            "(delete it: metadata is plain text)", _key_at(head, line), line + 2)


def _flow_depth(head: str) -> int:
    """How deep brackets nest outside quoted text (a plain value may hold brackets too: an
    estimate, used only to refuse absurd nesting early)."""
    depth = deepest = 0
    for char in re.findall(r"[\[\]{}]", _QUOTED_RE.sub("", head)):
        depth = depth + 1 if char in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _first_nested_key(head: str) -> str | None:
    """The top-level key of the first line that opens a flow collection or is indented."""
    found = re.search(r"^(?:[ \t-]|[^\n]*[\[{])", head, re.MULTILINE)
    return _key_at(head, head.count("\n", 0, found.start())) if found else None


def _key_at(head: str, line: int) -> str | None:
    """The top-level key whose value covers ``line`` (0-based, in ``head``), if any."""
    start = 0
    for _ in range(line):
        start = head.find("\n", start) + 1
        if start == 0:
            break
    end = head.find("\n", start)
    key = None
    for match in _TOP_KEY_RE.finditer(head, 0, len(head) if end < 0 else end):
        key = match.group(1).strip().strip("'\"")
    return key


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_representer)


MAX_COMMENT = 300  # characters of one item's comment


def _yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)


def comment_text(text: str) -> str:
    """``text`` as one safe line of a YAML comment.

    Line breaks (YAML counts NEL and the Unicode line and paragraph separators too), control
    and format characters and odd spaces become spaces: a comment can then neither start a
    new line (a ``---`` that would close the block, a key) nor hold a character YAML
    refuses or a direction override that shows the line other than it reads.
    """
    line = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return line if len(line) <= MAX_COMMENT else line[:MAX_COMMENT - 1] + "…"


def _with_comments(key: str, items: list[Any], notes: Mapping[str, str]) -> str:
    """The YAML of ``{key: items}`` with a comment after each item that ``notes`` explains."""
    lines = _yaml({key: items}).splitlines(keepends=True)
    if len(lines) != len(items) + 1:
        return "".join(lines)  # an item spans lines: no place for a comment on its line
    for i, item in enumerate(items, start=1):
        note = comment_text(notes.get(item, "")) if isinstance(item, str) else ""
        if note:
            lines[i] = f"{lines[i].rstrip(chr(10))}  # {note}\n"
    return "".join(lines)


def dump(data: dict[str, Any], body: str,
         notes: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """Render frontmatter + body as the text of a Markdown file (keys in the given order).

    ``notes`` maps a list-valued key to comments for some of its items, written after the
    item on its line (``- region  # evidence split: ...``): read by curators, not by YAML.
    """
    if not notes:
        head = _yaml(data)
    else:
        head = "".join(_with_comments(key, value, notes[key])
                       if key in notes and isinstance(value, list) and value
                       else _yaml({key: value}) for key, value in data.items())
    return f"---\n{head}---\n\n{body.strip()}\n"
