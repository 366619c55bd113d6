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
    # Phrases of everyday words ("government", "children"): only a headline is evidence.
    broad: bool = False
    # Phrases of a broad tag that name its topic precisely ("senate", "impeachment"):
    # they count like the phrases of any other tag.
    specific: tuple[str, ...] = ()


@dataclass(frozen=True)
class TagGuess:
    """Tags with real weight in the article, and plausible ones for the curator to judge."""

    tags: list[str]
    suggested: list[str]


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
                             tuple(str(a) for a in entry.get("aliases") or ()),
                             bool(entry.get("broad", False)),
                             tuple(str(a) for a in entry.get("specific") or ()))
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
            for phrase in (*tag.aliases, *tag.specific, tag.name, tag.slug,
                           tag.slug.replace("-", " ")):
                index[phrase.casefold()] = tag.slug
        return index

    @cached_property
    def _matcher(self) -> PhraseMatcher:
        return PhraseMatcher(self._alias_index)

    @cached_property
    def _specific_matcher(self) -> PhraseMatcher:
        return PhraseMatcher({p: t.slug for t in self._tags.values() for p in t.specific})

    def infer(self, title: str, lede: str, body: str, limit: int = 5) -> TagGuess:
        """Tags whose phrases carry weight, and weaker suggestions.

        A tag is given when its phrases are in the headline and again in the text, or in
        the lede and said at least three times in all (a story about it names it early and
        repeatedly); a ``broad`` tag only from the headline, or from its ``specific``
        phrases in the lede and three times in all. A tag named only in the headline, in
        the lede or twice is suggested. ``body`` is the whole text, lede included.
        """
        in_title = self._matcher.count(title)
        in_lede = self._matcher.count(lede)
        in_body = self._matcher.count(body)
        precise_lede = self._specific_matcher.count(lede)
        precise_body = self._specific_matcher.count(body)
        order = {slug: i for i, slug in enumerate(self._tags)}

        def weight(slug: str) -> tuple[int, int]:
            return (-(3 * in_title[slug] + 2 * in_lede[slug] + in_body[slug]), order[slug])

        strong, weak = [], []
        for slug in sorted(in_title | in_lede | in_body, key=weight):
            broad = self._tags[slug].broad
            lede_n, body_n = ((precise_lede[slug], precise_body[slug]) if broad
                              else (in_lede[slug], in_body[slug]))
            if (in_title[slug] and in_body[slug]) or (lede_n and body_n >= 3):
                strong.append(slug)
            elif in_title[slug] or in_lede[slug] or in_body[slug] >= 2:
                weak.append(slug)
        return TagGuess(strong[:limit], weak[:limit])
