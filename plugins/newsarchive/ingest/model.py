"""What a reader extracts from one saved article, before the vocabularies are applied."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class IngestError(Exception):
    """A saved file cannot be ingested. ``str()`` says what is wrong and what to do."""


@dataclass
class Extracted:
    """Fields a reader found. ``None`` means "not found"; the body is Markdown without raw HTML."""

    title: str | None = None
    date: dt.date | None = None
    body: str = ""
    url: str | None = None
    source: str | None = None  # publication name stated by the page itself (og:site_name ...)
    byline: str | None = None
    photo_credit: str | None = None
    language: str | None = None
    modified: dt.date | None = None
    related_titles: list[str] = field(default_factory=list)
    # Human-readable notes about what the reader could not parse, e.g. "date line 'Jnuary 45'".
    notes: dict[str, str] = field(default_factory=dict)
