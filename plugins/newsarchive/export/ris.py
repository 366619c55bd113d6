"""RIS records from CSL-JSON items (see :func:`newsarchive.export.citation.csl_item`).

A view calls ``ris([item, ...])`` and serves the text as a ``.ris`` file (UTF-8). The RIS
specification ends each line with CR LF, and so does this; Zotero, EndNote and Mendeley read
it. Each tag line is ``XY  - value``: a value is one line of plain text (line breaks and
control characters become spaces). Tags, as Zotero maps them for a newspaper article:
TY NEWS, TI title, AU one per author ("Family, Given" or the name as written), PY year,
DA ``YYYY/MM/DD/``, T2 the newspaper, UR the original URL, Y2 the access date (when the
archive saved it), LA language, DB the archive's name, AN the archived page, ER the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from newsarchive.export.names import clean, sorted_name

EOL = "\r\n"


def _date(item: Mapping[str, Any], key: str) -> list[int]:
    try:
        return [int(p) for p in item[key]["date-parts"][0]]
    except (KeyError, IndexError, TypeError, ValueError):
        return []


def _ris_date(parts: list[int]) -> str:
    """RIS dates are ``YYYY/MM/DD/other``; unknown parts stay empty."""
    padded = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:3]]
    padded += [""] * (3 - len(padded))
    return "/".join(padded) + "/"


def record(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (tag, value) lines of one item, TY first and ER last."""
    lines = [("TY", "NEWS"), ("TI", clean(str(item.get("title", ""))))]
    for name in item.get("author") or []:
        lines.append(("AU", clean(sorted_name(name))))
    issued = _date(item, "issued")
    if issued:
        lines += [("PY", f"{issued[0]:04d}"), ("DA", _ris_date(issued))]
    if item.get("container-title"):
        lines.append(("T2", clean(str(item["container-title"]))))
    if item.get("URL"):
        lines.append(("UR", clean(str(item["URL"]))))
    accessed = _date(item, "accessed")
    if accessed:
        lines.append(("Y2", _ris_date(accessed)))
    if item.get("language"):
        lines.append(("LA", clean(str(item["language"]))))
    if item.get("archive"):
        lines.append(("DB", clean(str(item["archive"]))))
    if item.get("archive_location"):
        lines.append(("AN", clean(str(item["archive_location"]))))
    lines.append(("ER", ""))
    return lines


def ris(items: Iterable[Mapping[str, Any]]) -> str:
    """A .ris file: the records in order, CR LF line ends, a blank line between records."""
    records = [EOL.join(f"{tag}  - {value}" for tag, value in record(i)) + EOL for i in items]
    return EOL.join(records)
