"""Choosing a reader for a saved file by its name and its first bytes."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable
from pathlib import Path

from newsarchive.ingest.decode import decode_text, looks_binary
from newsarchive.ingest.model import Extracted, IngestError

Reader = Callable[[bytes, Path], Extracted]

TEXT_SUFFIXES = (".txt", ".text", "")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MAX_BYTES = 200 * 1024 * 1024  # a saved file, and the page inside a .gz, at most
_CHUNK = 1024 * 1024


def read_plain_text(data: bytes, path: Path) -> Extracted:
    from newsarchive.ingest.text_reader import read_text

    if looks_binary(data):
        raise IngestError("binary data, not a text save (ingest takes .txt and .html saves)")
    text, _ = decode_text(data)
    return read_text(text)


def read_html_page(data: bytes, path: Path) -> Extracted:
    from newsarchive.ingest.html_reader import read_html

    return read_html(data, path)


def original_suffix(path: Path) -> str:
    """The suffix the preserved original keeps: ``.html.gz`` stays two suffixes."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if len(suffixes) == 2 and suffixes[1] == ".gz":
        return "".join(suffixes)
    return suffixes[-1] if suffixes else ".txt"


def gunzip_capped(data: bytes, limit: int) -> bytes:
    """Unpack gzip data, stopping as soon as more than ``limit`` bytes come out.

    Unpacked chunk by chunk: a decompression bomb (1 MB that expands to 1 GB) is refused
    after ``limit`` bytes, never unpacked whole.
    """
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > limit:
                    raise IngestError(
                        f"the page inside this gzip file unpacks to more than {limit // 2**20} "
                        "MB (a decompression bomb, or not one saved article); unpacking "
                        "stopped there. Save the article page again, uncompressed")
    except (OSError, EOFError, zlib.error) as exc:
        raise IngestError(f"not a valid gzip file ({exc}); re-save the page") from exc
    return bytes(out)


def reader_kind(path: Path) -> str:
    """``"html"`` or ``"text"``: the reader a file's name points to (its bytes may overrule)."""
    suffix = original_suffix(path).removesuffix(".gz")
    return "text" if suffix in TEXT_SUFFIXES or suffix == ".md" else "html"


def choose(path: Path, data: bytes) -> tuple[str, Reader, bytes]:
    """Return ``(reader name, reader, payload)``; gzip is unpacked here."""
    suffix = original_suffix(path)
    if suffix.endswith(".gz"):
        data = gunzip_capped(data, MAX_BYTES)
        suffix = suffix.removesuffix(".gz")
    head = data[:2048].lstrip().lower()
    if suffix in HTML_SUFFIXES or head.startswith((b"<!doctype html", b"<html")):
        return "html", read_html_page, data
    if suffix in TEXT_SUFFIXES or suffix == ".md":
        return "text", read_plain_text, data
    raise IngestError(f"unsupported file type {suffix!r} (ingest takes .txt, .html, .htm and "
                      ".html.gz saves)")
