"""Controlled vocabularies: regions (gazetteer), tags and sources, loaded from data files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from newsarchive.vocab.regions import Gazetteer, Region
from newsarchive.vocab.sources import SourceTable
from newsarchive.vocab.tags import Tag, TagVocabulary

DATA_DIR = Path(__file__).parent / "data"

__all__ = ["DATA_DIR", "Gazetteer", "Region", "SourceTable", "Tag", "TagVocabulary", "Vocab",
           "load_vocab"]


@dataclass(frozen=True)
class Vocab:
    """All vocabularies together; satisfies :class:`newsarchive.schema.Vocabulary`."""

    regions: Gazetteer
    tags: TagVocabulary
    sources: SourceTable

    def check_region(self, code: str) -> str | None:
        return self.regions.check(code)

    def check_tag(self, slug: str) -> str | None:
        return self.tags.check(slug)


@cache
def _load(regions: Path, tags: Path, sources: Path) -> Vocab:
    return Vocab(Gazetteer.load(regions), TagVocabulary.load(tags), SourceTable.load(sources))


def load_vocab(
    regions: str | Path | None = None,
    tags: str | Path | None = None,
    sources: str | Path | None = None,
) -> Vocab:
    """Load the vocabularies; each path defaults to the shipped data file."""
    return _load(
        Path(regions or DATA_DIR / "regions.yaml").resolve(),
        Path(tags or DATA_DIR / "tags.yaml").resolve(),
        Path(sources or DATA_DIR / "sources.yaml").resolve(),
    )
