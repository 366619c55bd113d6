"""Cutting whole elements (``<script>…</script>``) out of page text in linear time.

A regular expression such as ``<script\\b[^>]*>.*?</script>`` rescans the rest of the page for
every opening tag that is never closed: 500,000 unclosed ``<script>`` tags take hours. Here one
cursor walks forward only, so the work is proportional to the length of the text. As in a
browser, an element that is never closed runs to the end of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import AnyStr


def _patterns(name: AnyStr) -> tuple[re.Pattern[AnyStr], re.Pattern[AnyStr]]:
    if isinstance(name, bytes):
        return (re.compile(rb"<" + name + rb"(?![\w:-])", re.IGNORECASE),
                re.compile(rb"</" + name + rb"\s*>", re.IGNORECASE))
    return (re.compile(r"<" + name + r"(?![\w:-])", re.IGNORECASE),
            re.compile(r"</" + name + r"\s*>", re.IGNORECASE))


def drop_elements(text: AnyStr, name: AnyStr, *, keep: Callable[[AnyStr], bool] | None = None,
                  replacement: AnyStr | None = None) -> AnyStr:
    """``text`` without the elements called ``name``, each replaced by ``replacement``.

    ``keep(opening_tag)`` spares an element (JSON-LD scripts, say). An opening tag without its
    ``>`` and an element without its end tag both run to the end of the text.
    """
    opening, closing = _patterns(name)
    gt = b">" if isinstance(text, bytes) else ">"
    space = replacement if replacement is not None else text[:0] + (
        b" " if isinstance(text, bytes) else " ")
    out: list[AnyStr] = []
    pos = 0
    while (start := opening.search(text, pos)) is not None:
        tag_end = text.find(gt, start.end())
        close = closing.search(text, tag_end + 1) if tag_end >= 0 else None
        end = close.end() if close else len(text)
        if tag_end >= 0 and keep is not None and keep(text[start.start():tag_end + 1]):
            out.append(text[pos:end])
        else:
            out.extend((text[pos:start.start()], space))
        pos = end
        if close is None:
            break
    out.append(text[pos:])
    return text[:0].join(out)


def drop_tags(text: AnyStr, replacement: AnyStr) -> AnyStr:
    """``text`` with every ``<…>`` tag replaced; a ``<`` never closed is kept as text.

    ``<[^>]*>`` would rescan to the end of the text for each unclosed ``<``; here a ``<``
    whose tag has no ``>`` ends the search, since no later ``<`` can find one either.
    """
    lt, gt = (b"<", b">") if isinstance(text, bytes) else ("<", ">")
    out: list[AnyStr] = []
    pos = 0
    while (start := text.find(lt, pos)) >= 0:
        end = text.find(gt, start + 1)
        if end < 0:
            break
        out.extend((text[pos:start], replacement))
        pos = end + 1
    out.append(text[pos:])
    return text[:0].join(out)
