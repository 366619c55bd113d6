"""Safety rules for what the page hands us: links, and text that must stay text.

The Markdown writer (:mod:`.markdown`) never emits HTML: every piece of page text goes through
:func:`escape_inline`, which turns ``<``, ``>`` and ``&`` into entities and backslash-escapes
Markdown syntax, including the ``{: ...}`` of attr_list (which could otherwise set an
``onclick`` on the rendered paragraph). Links keep only http(s) and mailto targets.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

from newsarchive.ingest.markdown_text import escape_inline, escape_line_start

__all__ = ["escape_inline", "escape_line_start", "safe_url"]

_SAFE_SCHEMES = ("http", "https", "mailto")


def safe_url(href: str | None, base: str | None) -> str | None:
    """An absolute http(s)/mailto URL safe inside ``[text](...)``, or ``None`` to drop the link.

    Browsers ignore tabs, newlines and leading control characters in URLs, so
    ``java&#9;script:`` is still ``javascript:``; they are removed before the scheme is read.
    """
    if not href:
        return None
    href = re.sub(r"[\x00-\x20\x7f]+", "", href)
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base, href) if base else href
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in _SAFE_SCHEMES:
        return None
    if scheme != "mailto" and not urlsplit(url).hostname:
        return None
    # Percent-encode what could end the link or start a title in Markdown; colons after the
    # host too, so no "javascript:" can appear anywhere in the rendered attribute.
    parts = urlsplit(url)
    safe = "/?&=#%@+,;~!$*-._"
    if scheme == "mailto":
        return "mailto:" + quote(url[len("mailto:"):], safe=safe)
    rest = url[len(f"{parts.scheme}://{parts.netloc}"):]
    return f"{scheme}://{quote(parts.netloc, safe=':@[]%.-_~')}{quote(rest, safe=safe)}"
