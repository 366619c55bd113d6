"""The regions gazetteer: ISO 3166 codes with names and aliases in several scripts."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from newsarchive.vocab import matching
from newsarchive.vocab.datafile import VocabularyError, load_mapping
from newsarchive.vocab.matching import NameIndex, closest, fold_word, script_of

# A country alias ending like a demonym ("Syrian", "Afghans", "Sudanese") says who,
# not where: it is weaker evidence than the place's name.
# Words that describe a place rather than name it: directions, positions, kinds of
# subdivision, landforms. A name made only of these means different places in
# different stories ("Northern State" in Sudan, "the Northern District" anywhere).
COMMON_WORD_FILES = ("common_words.txt", "common_words_local.txt")
DESCRIPTIVE_WORDS = frozenset(["north", "northern", "south", "southern", "east", "eastern", "west", "western", "central", "middle", "mid", "upper", "lower", "inner", "outer", "greater", "far", "near", "north-east", "northeast", "northeastern", "southeast", "southeastern", "northwest", "northwestern", "southwest", "southwestern", "the", "of", "and", "al", "el", "state", "states", "province", "provinces", "region", "regions", "district", "districts", "capital", "territory", "territories", "governorate", "county", "city", "municipality", "area", "zone", "secretariat", "division", "department", "republic", "kingdom", "federal", "autonomous", "special", "metropolitan", "rural", "urban", "coast", "coastal", "island", "islands", "sea", "river", "rivers", "mountain", "mountains", "lake", "lakes", "valley", "bay", "gulf", "desert", "plain", "plains", "highlands", "lowlands", "delta", "border", "frontier", "peninsula", "red", "white", "blue", "green", "black", "yellow", "great", "new", "old", "high", "holy"])
_DEMONYM_ENDINGS = ("ian", "ians", "ese", "ish", "ean", "eans", "an", "ans", "i", "is", "ic")


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


@dataclass(frozen=True, slots=True)
class PlaceName:
    """What one name in the gazetteer (or the city table) stands for.

    ``code`` is the most specific gazetteer code the name gives (a city's subdivision
    when known, else its country); ``kind`` is ``country``, ``region`` or ``city``;
    ``generic`` marks a name made only of common words ("Northern State", "Central"),
    which counts only when other evidence already points at its country; ``demonym``
    a country's people or adjective; ``capital`` a name of the national capital, which
    often stands for the government ("Washington said").
    """

    code: str
    country: str
    kind: str
    label: str
    population: int = 0
    generic: bool = False
    demonym: bool = False
    capital: bool = False


def _place_state(place: PlaceName) -> tuple:
    return (place.code, place.country, place.kind, place.label, place.population,
            place.generic, place.demonym, place.capital)


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
    def common_words(self) -> frozenset[str]:
        """Common words, folded: English (``common_words.txt`` next to the gazetteer file,
        generated) and Arabic (``common_words_local.txt``, kept by hand)."""
        words: set[str] = set()
        for name in COMMON_WORD_FILES:
            path = self.path.parent / name if self.path else None
            if path and path.exists():
                lines = path.read_text(encoding="utf-8").splitlines()
                words.update(fold_word(x.strip()) for x in lines
                             if x.strip() and not x.startswith("#"))
        return frozenset(words)

    def is_generic(self, name: str, country: bool = False) -> bool:
        """True for a name that is not evidence of its place by itself.

        That is a name made only of words that describe a place ("Northern State",
        "Central District", "Red Sea"), or a single common English word ("Van",
        "Mary", "Acre"). Countries' own names and demonyms are exempt from the second
        rule: they are known proper nouns, and matching is case-sensitive.
        """
        words = [fold_word(w) for w in re.findall(r"\w+", name)]
        if not words:
            return False
        if all(w in DESCRIPTIVE_WORDS for w in words):
            return True
        return len(words) == 1 and not country and words[0] in self.common_words

    def place_names(self) -> list[tuple[str, PlaceName]]:
        """Every name of the gazetteer and of the city table with what it stands for."""
        out: list[tuple[str, PlaceName]] = []
        cities = self._cities()
        # A subdivision named like the capital (Vienna, Berlin) is the capital, by all names.
        capitals = {(p.country, fold_word(name)) for name, p in cities if p.capital}
        for region in self._regions.values():
            kind = "country" if region.is_country else "region"
            primary = {region.name, *region.names.values()}
            all_names = dict.fromkeys((region.name, *region.names.values(), *region.aliases))
            capital = not region.is_country and any(
                (region.country, fold_word(n)) in capitals for n in all_names)
            for name in all_names:
                demonym = (region.is_country and name not in primary and " " not in name
                           and not name.endswith("stan")
                           and name.lower().endswith(_DEMONYM_ENDINGS))
                generic = self.is_generic(name, country=region.is_country)
                out.append((name, PlaceName(region.code, region.country, kind, name,
                                            generic=generic, demonym=demonym,
                                            capital=capital)))
        out.extend(cities)
        return out

    def _cities(self) -> list[tuple[str, PlaceName]]:
        """The city table's names; one made of common words ("Reading") is generic."""
        path = self.path.parent / "cities.tsv" if self.path else None
        if not path or not path.exists():
            return []
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            country, region, population, names, *flags = line.split("\t")
            if country not in self._regions or (region and region not in self._regions):
                continue
            labels = names.split("|")
            capital = "capital" in flags
            refs = {generic: PlaceName(region or country, country, "city", labels[0],
                                       int(population), generic=generic, capital=capital)
                    for generic in (False, True)}
            out.extend((name, refs[self._common_city_name(name)]) for name in labels)
        return out

    def _common_city_name(self, name: str) -> bool:
        """A city name made only of common words ("Reading", "Cape Town", "The Gap")."""
        if self.is_generic(name) or script_of(name) != "LATIN":
            return self.is_generic(name)
        words = [fold_word(w) for w in re.findall(r"\w+", name)]
        return all(w in self.common_words or w in DESCRIPTIVE_WORDS for w in words)

    @cached_property
    def name_index(self) -> NameIndex[PlaceName]:
        """All place names, for finding them in article text.

        Building it takes seconds (tens of thousands of names), so it is kept in the user's
        cache folder, keyed by a digest of the data files and of this code; a cache that
        cannot be read or written is simply rebuilt.
        """
        cache = self._index_cache_path()
        if cache is not None:
            try:
                return NameIndex.loads(cache.read_bytes(), lambda v: PlaceName(*v))
            except (OSError, EOFError, TypeError, ValueError):
                pass
        index = NameIndex(self.place_names())
        if cache is not None:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
                tmp.write_bytes(index.dumps(_place_state))
                tmp.replace(cache)
            except OSError:
                pass
        return index

    def _index_cache_path(self) -> Path | None:
        if self.path is None:
            return None
        digest = hashlib.sha256()
        for path in (self.path, self.path.parent / "cities.tsv",
                     *(self.path.parent / name for name in COMMON_WORD_FILES), Path(__file__),
                     Path(matching.__file__)):
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"-")
        root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(root) / "newsarchive" / f"places-{digest.hexdigest()[:20]}.marshal"

    def point(self, code: str) -> tuple[float, float] | None:
        """Where the map puts ``code``: (latitude, longitude) in degrees, or ``None``.

        From ``coordinates.tsv`` next to the gazetteer file (generated by
        ``scripts/build_gazetteer.py``), read on first use only: ingest never pays for it.
        """
        return self._points.get(code)

    @cached_property
    def _points(self) -> dict[str, tuple[float, float]]:
        path = self.path.parent / "coordinates.tsv" if self.path else None
        if not path or not path.exists():
            return {}
        points = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                code, lat, lon = line.split("\t")[:3]
                points[code] = (float(lat), float(lon))
        return points

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
