"""The regions gazetteer: ISO 3166 codes with names and aliases in several scripts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from newsarchive.vocab.datafile import VocabularyError, load_mapping
from newsarchive.vocab.matching import PhraseMatcher, closest


@dataclass(frozen=True, slots=True)
class Region:
    """A country (``level: country``) or one of its subdivisions (``level: region``)."""

    code: str
    level: str
    name: str
    country: str
    names: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @property
    def is_country(self) -> bool:
        return self.level == "country"


@dataclass(frozen=True)
class PlaceGuess:
    """What ingest infers from an article's text."""

    region: str | None
    places: list[str]


class Gazetteer:
    """Regions keyed by code; loaded from a curator-editable YAML file."""

    def __init__(self, regions: dict[str, Region], path: Path | None = None) -> None:
        self._regions = regions
        self.path = path

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        raw = load_mapping(path)
        regions: dict[str, Region] = {}
        for code, entry in raw.items():
            code = str(code)
            if not isinstance(entry, dict) or "name" not in entry:
                raise VocabularyError(f"{path}: {code}: expected a mapping with at least `name`")
            level = str(entry.get("level", "region" if "-" in code else "country"))
            regions[code] = Region(
                code=code,
                level=level,
                name=str(entry["name"]),
                country=str(entry.get("country") or code.split("-", 1)[0]),
                names={str(k): str(v) for k, v in (entry.get("names") or {}).items()},
                aliases=tuple(str(a) for a in entry.get("aliases") or ()),
                languages=tuple(str(a) for a in entry.get("languages") or ()),
            )
        for region in regions.values():
            if region.country not in regions:
                raise VocabularyError(
                    f"{path}: {region.code}: country {region.country!r} has no entry of its own"
                )
        return cls(regions, path)

    def __contains__(self, code: object) -> bool:
        return code in self._regions

    def __getitem__(self, code: str) -> Region:
        return self._regions[code]

    def __iter__(self) -> Iterator[Region]:
        return iter(self._regions.values())

    def __len__(self) -> int:
        return len(self._regions)

    def get(self, code: str) -> Region | None:
        return self._regions.get(code)

    def country_of(self, code: str) -> Region | None:
        region = self._regions.get(code)
        return self._regions.get(region.country) if region else None

    def check(self, code: str) -> str | None:
        """``None`` if ``code`` is known, else an error message with a suggestion."""
        if code in self._regions:
            return None
        where = f" in {self.path}" if self.path else ""
        guess = self._suggest(code)
        hint = f" (did you mean {guess}?)" if guess else ""
        return f"{code!r} is not in the gazetteer{where}{hint}"

    def _suggest(self, value: str) -> str | None:
        if value.upper() in self._regions:
            return f"'{value.upper()}'"
        by_name = self._name_index
        hit = by_name.get(value.casefold())
        if hit is None:
            near = closest(value, by_name)
            hit = by_name.get(near.casefold()) if near else None
        if hit is None:
            code = closest(value, self._regions)
            return f"'{code}' ({self._regions[code].name})" if code else None
        return f"'{hit}' ({self._regions[hit].name})"

    @cached_property
    def _name_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        # Countries first so a region's alias equal to a country name keeps the region.
        for region in sorted(self._regions.values(), key=lambda r: not r.is_country):
            for name in (region.name, *region.names.values(), *region.aliases):
                index[name.casefold()] = region.code
        return index

    @cached_property
    def _matcher(self) -> PhraseMatcher:
        return PhraseMatcher(self._name_index)

    def infer(self, text: str, max_places: int = 8) -> PlaceGuess:
        """Guess the article's region and the other places it names.

        The region is the subdivision named most often; failing that, the country named most
        often. Ties go to the place named first in the gazetteer order, so results are stable.
        """
        counts = self._matcher.count(text)
        if not counts:
            return PlaceGuess(None, [])
        order = {code: i for i, code in enumerate(self._regions)}
        ranked = sorted(counts, key=lambda c: (-counts[c], order[c]))
        subdivisions = [c for c in ranked if not self._regions[c].is_country]
        region = subdivisions[0] if subdivisions else ranked[0]
        places = [c for c in ranked if c != region][:max_places]
        return PlaceGuess(region, places)

    def label(self, code: str) -> str:
        """Human label, e.g. ``Syria / Idlib``; the code itself when unknown."""
        region = self._regions.get(code)
        if region is None:
            return code
        if region.is_country:
            return region.name
        return f"{self._regions[region.country].name} / {region.name}"

    def local_name(self, code: str) -> str | None:
        """The name in the country's own script, when the gazetteer has it."""
        region = self._regions.get(code)
        if region is None:
            return None
        country = self._regions[region.country]
        for lang in country.languages:
            if lang in region.names and region.names[lang] != region.name:
                return region.names[lang]
        return None

    def subdivisions(self, country: str) -> list[Region]:
        return [r for r in self._regions.values() if r.country == country and not r.is_country]
