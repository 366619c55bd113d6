"""Bytes of a saved page to text: BOM, then the page's declaration, then detection.

A declaration is believed only when the bytes agree with it: pages declared as a single-byte
charset (ISO-8859-2, windows-1252 ...) whose bytes are valid UTF-8 are UTF-8, because a
single-byte charset decodes anything while non-ASCII text is almost never valid UTF-8 by chance.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from newsarchive.ingest.decode import BOMS
from newsarchive.ingest.html.blocks import drop_elements, drop_tags
from newsarchive.ingest.model import IngestError

# <meta charset=...>, <meta http-equiv="Content-Type" content="...; charset=...">, <?xml encoding>
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
# WHATWG encoding rules: what browsers actually use for these labels.
_ALIASES = {
    "iso-8859-1": "windows-1252", "latin1": "windows-1252", "latin-1": "windows-1252",
    "us-ascii": "windows-1252", "ascii": "windows-1252", "iso-8859-9": "windows-1254",
    "tis-620": "windows-874", "iso-8859-11": "windows-874", "x-sjis": "shift_jis",
    "gb2312": "gb18030", "gbk": "gb18030", "x-euc-kr": "euc-kr", "ks_c_5601-1987": "euc-kr",
    "utf8": "utf-8", "unicode": "utf-8",
}
_DETECT_SAMPLE = 2_000_000  # bytes charset-normalizer looks at; enough for any article
# The legacy encodings browsers support (WHATWG Encoding Standard): a saved page is in one.
WEB_ENCODINGS = [
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "koi8_r", "koi8_u", "cp866", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5",
    "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14",
    "iso8859_15", "iso8859_16", "cp874", "shift_jis", "euc_jp", "iso2022_jp", "gb18030",
    "big5", "euc_kr", "mac_cyrillic",
]


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first 8 KB, as a Python codec name, if known."""
    match = _DECLARED.search(data[:8192])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 apart from a few bad bytes (a truncated save, one stray byte)."""
    text = data[:_DETECT_SAMPLE].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ord(ch) > 127) - bad
    return non_ascii > 0 and bad <= max(3, non_ascii // 200)


def decode_html(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for a saved page; raise :class:`IngestError` if hopeless."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    declared = declared_charset(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # Pure ASCII decodes as anything; the declaration then decides (entities carry the rest).
        if declared and not data.isascii():
            return text, "utf-8"
        return (text, "utf-8") if not declared else (data.decode(declared, "replace"), declared)
    if (declared is None or declared.startswith("utf-8")) and _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), "utf-8"
    if declared and declared not in ("utf-16", "utf-16-le", "utf-16-be"):
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    # Markup is ASCII and drowns the signal: detect on the text between the tags.
    sample = data[:_DETECT_SAMPLE]
    for name in (b"script", b"style"):
        sample = drop_elements(sample, name)
    sample = drop_tags(sample, b" ")
    best = from_bytes(sample, cp_isolation=WEB_ENCODINGS).best()
    if best is None or best.encoding is None:
        raise IngestError("cannot tell the text encoding of the page (re-save it as UTF-8, or "
                          "with a <meta charset> declaration)")
    return data.decode(best.encoding, errors="replace"), best.encoding
