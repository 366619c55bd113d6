"""Map an extracted article onto the schema: sources, regions, tags, review marks."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace

from newsarchive.ingest.markdown_text import plain_text
from newsarchive.ingest.model import Extracted
from newsarchive.ingest.places import PlaceInference, split_zones
from newsarchive.schema import REQUIRED, Article
from newsarchive.vocab import Vocab

# Ingest's reasons for what it inferred ("region SY-ID: dateline IDLIB, title, 4 mentions");
# the command line prints them next to each written file.
EVIDENCE_LOGGER = "newsarchive.ingest.evidence"
log = logging.getLogger(EVIDENCE_LOGGER)


class EvidenceLines(logging.Handler):
    """Keeps the messages logged to it as lines (ingest's evidence for one file)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@dataclass
class Overrides:
    """Values a curator sets on the command line; they win over what ingest infers."""

    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    region: str | None = None
    url: str | None = None
    byline: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)


def _plain(value: str | None) -> str | None:
    return (plain_text(value) or None) if value else value


def build_article(
    found: Extracted,
    vocab: Vocab,
    overrides: Overrides | None = None,
    *,
    sha256: str,
    archived: dt.datetime,
    reader: str,
) -> tuple[Article, dict[str, str]]:
    """Return the article and, per required key left empty, why (for the terminal)."""
    o = overrides or Overrides()
    # Metadata is plain text from here on, whichever reader (or library) found it and
    # whatever the command line said: no tags, entities or control characters.
    found = replace(found, title=_plain(found.title), source=_plain(found.source),
                    byline=_plain(found.byline), photo_credit=_plain(found.photo_credit),
                    related_titles=[t for t in map(_plain, found.related_titles) if t])
    o = replace(o, title=_plain(o.title), source=_plain(o.source), byline=_plain(o.byline))
    url = o.url or found.url or ""
    source = o.source or (vocab.sources.name_for_url(url) if url else None) or found.source or ""
    guess = PlaceInference(vocab.regions).infer(found.title or "", found.body,
                                                o.language or found.language, url=url)
    region = o.region or guess.region or ""
    if not o.region:
        log.info("%s", guess.evidence)
    zones = split_zones(found.title or "", found.body)
    tag_guess = vocab.tags.infer(zones.title, zones.lede, zones.body)
    tags = list(dict.fromkeys(o.tags or tag_guess.tags))
    suggested = [t for t in tag_guess.suggested if t not in tags]
    article = Article(
        title=o.title or found.title or "",
        date=o.date or found.date,
        source=source,
        region=region,
        original_url=url,
        byline=o.byline or found.byline,
        photo_credit=found.photo_credit,
        language=o.language or found.language or "en",
        tags=tags,
        suggested_tags=suggested,
        places=[p for p in guess.places if p != region],
        related_titles=list(dict.fromkeys(found.related_titles)),
        modified=found.modified,
        archived=archived.astimezone(dt.UTC).replace(microsecond=0),
        sha256=sha256,
        ingest=reader,
        body=found.body,
    )
    why = {
        "title": "no title found",
        "date": found.notes.get("date", "no publication date found"),
        "source": "the URL's domain is not in the sources table and the page names no publisher",
        "region": guess.evidence,
        "original_url": "no URL found in the save",
    }
    missing = {key: why[key] for key in REQUIRED if getattr(article, key) in (None, "")}
    article.review = list(missing)
    return article, missing
