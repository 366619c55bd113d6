"""Refusing what is not a news article: policy pages, documentation, source code."""

from __future__ import annotations

from newsarchive.ingest.model import Extracted


def refuse_non_article(found: Extracted) -> None:
    """Raise :class:`IngestError` with the reason when ``found`` is not a news article."""
