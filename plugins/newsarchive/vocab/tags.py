"""The tags vocabulary: slugs with display names and the phrases that suggest them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from newsarchive.vocab.datafile import VocabularyError, load_mapping
from newsarchive.vocab.matching import PhraseMatcher, closest


@dataclass(frozen=True, slots=True)
class Tag:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()


class TagVocabulary:
    """Tags keyed by slug; loaded from a curator-editable YAML file."""

    def __init__(self, tags: dict[str, Tag], path: Path | None = None) -> None:
        self._tags = tags
        self.path = path

    @classmethod
    def load(cls, path: Path) -> TagVocabulary:
        tags: dict[str, Tag] = {}
        for slug, entry in load_mapping(path).items():
            slug = str(slug)
            if not isinstance(entry, dict) or "name" not in entry:
                raise VocabularyError(f"{path}: {slug}: expected a mapping with at least `name`")
            tags[slug] = Tag(slug, str(entry["name"]),
                             tuple(str(a) for a in entry.get("aliases") or ()))
        return cls(tags, path)

    def __contains__(self, slug: object) -> bool:
        return slug in self._tags

    def __getitem__(self, slug: str) -> Tag:
        return self._tags[slug]

    def __iter__(self) -> Iterator[Tag]:
        return iter(self._tags.values())

    def __len__(self) -> int:
        return len(self._tags)

    def name(self, slug: str) -> str:
        tag = self._tags.get(slug)
        return tag.name if tag else slug

    def resolve(self, value: str) -> str | None:
        """The slug for a slug, name or alias given by a curator; ``None`` if unknown."""
        return self._alias_index.get(value.strip().casefold())

    def check(self, slug: str) -> str | None:
        if slug in self._tags:
            return None
        where = f" in {self.path}" if self.path else ""
        resolved = self.resolve(slug)
        guess = resolved or closest(slug, self._tags)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        return f"{slug!r} is not in the tags vocabulary{where}{hint}"

    @cached_property
    def _alias_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for tag in self._tags.values():
            for phrase in (*tag.aliases, tag.name, tag.slug, tag.slug.replace("-", " ")):
                index[phrase.casefold()] = tag.slug
        return index

    @cached_property
    def _matcher(self) -> PhraseMatcher:
        return PhraseMatcher(self._alias_index)

    def infer(self, title: str, text: str, limit: int = 5) -> list[str]:
        """Suggest tags: named in the title, or at least twice in the text; most frequent first."""
        in_title = self._matcher.count(title)
        in_text = self._matcher.count(text)
        order = {slug: i for i, slug in enumerate(self._tags)}
        chosen = [s for s in in_text | in_title if in_title[s] or in_text[s] >= 2]
        chosen.sort(key=lambda s: (-(in_title[s] * 3 + in_text[s]), order[s]))
        return chosen[:limit]
