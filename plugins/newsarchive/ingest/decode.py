"""Bytes of a saved file to text, honouring BOMs and detecting legacy encodings."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from newsarchive.ingest.model import IngestError

# Legacy encodings news sites and saved texts actually use. Restricting detection to them keeps
# short Cyrillic or Arabic texts from being mistaken for East Asian multi-byte encodings.
NEWS_ENCODINGS = (
    "cp1251", "koi8_r", "koi8_u", "cp866", "mac_cyrillic", "iso8859_5",
    "cp1256", "iso8859_6", "cp1255", "iso8859_8", "cp1253", "iso8859_7", "cp1254", "iso8859_9",
    "cp1252", "iso8859_1", "iso8859_15", "cp1250", "iso8859_2", "cp1257", "iso8859_13",
    "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr", "cp874",
)

# Byte-order marks and the codec that decodes (and drops) each; the HTML reader shares them.
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """True for data no text save would contain (NUL bytes outside UTF-16)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in data[:8192]


def decode_text(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``.

    Order: BOM, then strict UTF-8, then charset-normalizer's detection (which tells
    windows-1251 from KOI8-R and windows-1256).
    """
    for bom, name in BOMS:
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(NEWS_ENCODINGS)).best()
    if best is None or best.encoding is None:
        raise IngestError("cannot tell the text encoding (re-save the file as UTF-8)")
    return str(best), best.encoding
