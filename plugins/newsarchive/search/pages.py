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


def compact_page_names(bundle: Path) -> int:
    """Rename the fragments of the Pagefind bundle in ``bundle`` (see the module docstring);
    return how many were renamed (0 when the bundle is not in the expected format)."""
    try:
        entry = json.loads((bundle / _ENTRY).read_text(encoding="utf-8"))
        languages = entry["languages"]
        metas = {lang: bundle / f"pagefind.{info['hash']}.pf_meta"
                 for lang, info in languages.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0
    fragments = bundle / "fragment"
    plans: dict[str, tuple[list, list[str], list[str]]] = {}  # lang -> data, old, new names
    taken: set[str] = set()
    for lang, path in metas.items():
        data = _read_meta(path)
        if data is None:
            return 0
        old = [name for name, _ in data[1]]
        if old and all("_" not in name for name in old):
            return 0  # compacted already (Pagefind's own names are "<lang>_<hash>")
        tag = hashlib.sha256("\n".join([lang, *old]).encode("utf-8")).hexdigest()[:6]
        new = [f"{tag}{i:x}" for i in range(len(old))]
        if taken.intersection(new) or set(old).intersection(new) or not all(
                (fragments / f"{name}.pf_fragment").is_file() for name in old):
            return 0
        taken.update(new)
        plans[lang] = (data, old, new)
    # New names are hard links first, and the entry file switches to them last: a failure on
    # the way leaves the bundle as Pagefind wrote it, never half renamed.
    made: list[Path] = []
    written: dict[str, tuple[Path, list[str]]] = {}
    try:
        for lang, (data, old, new) in plans.items():
            for old_name, name in zip(old, new, strict=True):
                target = fragments / f"{name}.pf_fragment"
                os.link(fragments / f"{old_name}.pf_fragment", target)
                made.append(target)
            for page, name in zip(data[1], new, strict=True):
                page[0] = name
            body = gzip.compress(_MAGIC + cbor2.dumps(data), 9, mtime=0)
            meta_hash = f"{lang}_{hashlib.sha256(body).hexdigest()[:10]}"
            meta = bundle / f"pagefind.{meta_hash}.pf_meta"
            if meta != metas[lang]:
                replace_file(meta, body)
                made.append(meta)
            written[lang] = (meta, old)
            languages[lang]["hash"] = meta_hash
        replace_file(bundle / _ENTRY, json.dumps(entry, ensure_ascii=False,
                                                  separators=(",", ":")).encode("utf-8"))
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        for leftover in bundle.glob("*.tmp"):
            leftover.unlink(missing_ok=True)
        raise
    renamed = 0
    for lang, (meta, old) in written.items():
        for old_name in old:
            (fragments / f"{old_name}.pf_fragment").unlink()
            renamed += 1
        if meta != metas[lang]:
            metas[lang].unlink()
    return renamed
