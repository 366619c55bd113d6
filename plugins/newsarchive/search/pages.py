"""Shorter page names in a Pagefind bundle, so that a reader's first query downloads less.

Every query loads each shard's page list (``pagefind.<lang>_<hash>.pf_meta``): one entry per
page, its fragment's name and its word count. Pagefind names a fragment by seven hex digits
of its content hash, which gzip cannot compress: about 7 bytes a page, 358 KB of page lists
at 50,000 articles, most of what one query costs. This renames each fragment to a shared
tag plus its position in the list (``3fa9c2`` + ``1a3``), which compresses to about 4 bytes
a page, and writes the page list and ``pagefind-entry.json`` again to match.

The tag is a digest of the shard's original fragment names, so a fragment's name still
changes whenever any page of its shard changes (browsers may cache these files for good),
and two builds of the same pages give the same names. The renamed fragments are the same
files; Pagefind looks pages up by their position, and the name only locates the fragment.

The page list format is Pagefind's own (gzip of ``pagefind_dcd`` + CBOR, checked for Pagefind
1.5). A bundle that does not look exactly like that is left as Pagefind wrote it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from pathlib import Path
from typing import NamedTuple

import cbor2

from newsarchive.build.cache import replace_file

# Part of each shard's cache key: a change to the naming re-indexes every shard.
PAGE_NAMES = 1
_MAGIC = b"pagefind_dcd"
_ENTRY = "pagefind-entry.json"


def _read_meta(path: Path) -> list | None:
    """The decoded page list file, or None when it is not in the format this expects:
    [version, [[fragment name, word count], ...], index chunks, filters, sorts, fields]."""
    try:
        raw = gzip.decompress(path.read_bytes())
        data = cbor2.loads(raw[len(_MAGIC):]) if raw.startswith(_MAGIC) else None
    except (OSError, EOFError, ValueError, zlib.error, cbor2.CBORDecodeError):
        return None
    if not (isinstance(data, list) and len(data) >= 2 and isinstance(data[1], list)):
        return None
    for page in data[1]:
        if not (isinstance(page, list) and len(page) == 2 and isinstance(page[0], str)
                and isinstance(page[1], int)):
            return None
    return data


class _Renaming(NamedTuple):
    """One language's page list (decoded), its fragments' names and their new names."""

    data: list
    old: list[str]
    new: list[str]


def compact_page_names(bundle: Path) -> int:
    """Rename the fragments of the Pagefind bundle in ``bundle`` (see the module docstring);
    return how many were renamed (0 when the bundle is not in the expected format)."""
    found = _read_entry(bundle)
    if found is None:
        return 0
    entry, metas = found
    plans = _plan_renaming(bundle / "fragment", metas)
    if plans is None:
        return 0
    written = _write_renamed(bundle, entry, metas, plans)
    return _remove_old_names(bundle / "fragment", metas, written)


def _read_entry(bundle: Path) -> tuple[dict, dict[str, Path]] | None:
    """``pagefind-entry.json`` and the path of each language's page list, or None when the
    entry file is missing or not in the expected format."""
    try:
        entry = json.loads((bundle / _ENTRY).read_text(encoding="utf-8"))
        metas = {lang: bundle / f"pagefind.{info['hash']}.pf_meta"
                 for lang, info in entry["languages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return entry, metas


def _plan_renaming(fragments: Path, metas: dict[str, Path]) -> dict[str, _Renaming] | None:
    """The new fragment names of every language, or None when any language's page list
    cannot be renamed (so the bundle is left as it is)."""
    plans: dict[str, _Renaming] = {}
    taken: set[str] = set()
    for lang, path in metas.items():
        plan = _plan_language(lang, path, fragments, taken)
        if plan is None:
            return None
        taken.update(plan.new)
        plans[lang] = plan
    return plans


def _plan_language(lang: str, path: Path, fragments: Path, taken: set[str]) -> _Renaming | None:
    """New names for the fragments of one page list, or None when it is not in the expected
    format, is compacted already, a new name is in use, or a fragment is missing."""
    data = _read_meta(path)
    if data is None:
        return None
    old = [name for name, _ in data[1]]
    if old and all("_" not in name for name in old):
        return None  # compacted already (Pagefind's own names are "<lang>_<hash>")
    tag = hashlib.sha256("\n".join([lang, *old]).encode("utf-8")).hexdigest()[:6]
    new = [f"{tag}{i:x}" for i in range(len(old))]
    if taken.intersection(new) or set(old).intersection(new):
        return None
    if not all((fragments / f"{name}.pf_fragment").is_file() for name in old):
        return None
    return _Renaming(data, old, new)


def _write_renamed(bundle: Path, entry: dict, metas: dict[str, Path],
                   plans: dict[str, _Renaming]) -> dict[str, tuple[Path, list[str]]]:
    """Link each fragment under its new name, write the page lists and the entry file to
    match; return each language's new page list and old fragment names.

    New names are hard links first, and the entry file switches to them last: a failure on
    the way leaves the bundle as Pagefind wrote it, never half renamed.
    """
    fragments = bundle / "fragment"
    made: list[Path] = []
    written: dict[str, tuple[Path, list[str]]] = {}
    try:
        for lang, plan in plans.items():
            _link_new_names(fragments, plan, made)
            meta, meta_hash = _write_page_list(bundle, lang, plan, metas[lang], made)
            written[lang] = (meta, plan.old)
            entry["languages"][lang]["hash"] = meta_hash
        replace_file(bundle / _ENTRY, json.dumps(entry, ensure_ascii=False,
                                                  separators=(",", ":")).encode("utf-8"))
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        for leftover in bundle.glob("*.tmp"):
            leftover.unlink(missing_ok=True)
        raise
    return written


def _link_new_names(fragments: Path, plan: _Renaming, made: list[Path]) -> None:
    """Hard-link each fragment under its new name; each link is added to ``made`` at once."""
    for old_name, name in zip(plan.old, plan.new, strict=True):
        target = fragments / f"{name}.pf_fragment"
        os.link(fragments / f"{old_name}.pf_fragment", target)
        made.append(target)


def _write_page_list(bundle: Path, lang: str, plan: _Renaming, current: Path,
                     made: list[Path]) -> tuple[Path, str]:
    """Write the page list with the new names (added to ``made`` unless it is ``current``,
    the same file); return its path and its hash as the entry file names it."""
    for page, name in zip(plan.data[1], plan.new, strict=True):
        page[0] = name
    body = gzip.compress(_MAGIC + cbor2.dumps(plan.data), 9, mtime=0)
    meta_hash = f"{lang}_{hashlib.sha256(body).hexdigest()[:10]}"
    meta = bundle / f"pagefind.{meta_hash}.pf_meta"
    if meta != current:
        replace_file(meta, body)
        made.append(meta)
    return meta, meta_hash


def _remove_old_names(fragments: Path, metas: dict[str, Path],
                      written: dict[str, tuple[Path, list[str]]]) -> int:
    """Remove the fragments' old names and the replaced page lists; return how many
    fragments were renamed."""
    renamed = 0
    for lang, (meta, old) in written.items():
        for old_name in old:
            (fragments / f"{old_name}.pf_fragment").unlink()
            renamed += 1
        if meta != metas[lang]:
            metas[lang].unlink()
    return renamed
