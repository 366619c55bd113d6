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


def _stamp(path: Path) -> tuple[int, ...]:
    """What identifies an unchanged file without reading it (none: it is missing)."""
    try:
        st = path.stat()
    except OSError:
        return ()
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


@cache
def _load(regions: Path, tags: Path, sources: Path, stamps: tuple[tuple[int, ...], ...]) -> Vocab:
    """Cached by the files' stamps too: a process that builds twice (``mkdocs serve``)
    sees an edited vocabulary, never the version it loaded first."""
    return Vocab(Gazetteer.load(regions), TagVocabulary.load(tags), SourceTable.load(sources))


def load_vocab(
    regions: str | Path | None = None,
    tags: str | Path | None = None,
    sources: str | Path | None = None,
) -> Vocab:
    """Load the vocabularies; each path defaults to the shipped data file."""
    paths = (Path(regions or DATA_DIR / "regions.yaml").resolve(),
             Path(tags or DATA_DIR / "tags.yaml").resolve(),
             Path(sources or DATA_DIR / "sources.yaml").resolve())
    return _load(*paths, tuple(_stamp(p) for p in paths))
