"""The one key for "the same article at the source": ingest's duplicate lookup, ``check``'s
duplicate report and the related lists' duplicate groups all compare :func:`url_key`.

Two URLs name the same article when they differ only in what a link to the same page varies
in. The key therefore **ignores**:

- surrounding whitespace;
- the scheme (``http`` and ``https`` are the same page) and any ``user:password@``;
- the case of the host, a leading ``www.`` and a trailing dot of the host;
- a default port (``:80``, ``:443``, or an empty ``:``);
- trailing slashes of the path (``/a/b/`` is ``/a/b``; ``https://example.org/`` is the host);
- tracking parameters: ``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``, ``mc_eid`` (any case);
- the order of the remaining query parameters, and how they are percent- or ``+``-encoded;
- the fragment (``#comments``).

It **keeps** the case of the path and of the query (servers may tell ``/A`` from ``/a``),
any other port (``:8080`` may be another server), every other query parameter (``?id=3``
often *is* the article) and the rest of the path as written.

A string without ``scheme://`` is read as ``host/path`` (``www.example.org/a`` is
``example.org/a``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

__all__ = ["TRACKING_PARAMETERS", "url_key"]

# Query parameters that say where a reader came from, not which article it is (prefixes).
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
_DEFAULT_PORTS = ("", "80", "443")

_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_URL_RE = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*:)?//(?:[^@/?#]*@)?(\[[^\]/?#]*\]|[^/?#:]*)(?::([^/?#]*))?"
    r"([^?#]*)(?:\?([^#]*))?",
    re.IGNORECASE)


def url_key(url: str) -> str:
    """``HTTPS://www.Example.org:443/a/B/?utm_source=x&id=3#top`` -> ``example.org/a/B?id=3``.

    See the module docstring for what the key ignores and keeps.
    """
    text = url.strip()
    if not _SCHEME_RE.match(text):
        text = "//" + text
    match = _URL_RE.match(text)
    assert match is not None  # every part after "//" is optional
    host, port, path, query = match.groups()
    host = host.lower().removeprefix("www.").rstrip(".")
    if port is not None and port not in _DEFAULT_PORTS:
        host = f"{host}:{port}"
    path = path.rstrip("/")
    if query:
        query = urlencode(sorted((k, v) for k, v in parse_qsl(query, keep_blank_values=True)
                                 if not k.lower().startswith(TRACKING_PARAMETERS)))
    return f"{host}{path}?{query}" if query else f"{host}{path}"
