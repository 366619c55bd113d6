"""Synthetic archives for tests and benchmarks.

Everything generated is obviously invented: outlets such as "The Varnholt Courier" on
``example.org`` / ``.test`` domains, countries with ISO user-assigned codes (``XA``, ``XB``
...; ISO 3166 never assigns them) and regions ``XA-01`` ... with invented names, and filler
text that says it is synthetic. Nothing describes a real place or event. Tags come from the
real tags vocabulary (topics, not events) so the site's tag pages are exercised.

The output depends only on ``n``, ``seed`` and the tag slugs: the same call gives the same
articles and the same bytes. Each article draws from its own seeded generator, so its
metadata does not depend on ``words`` (benchmarks can skip the body).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

import yaml

from newsarchive.archive.frontmatter import dump
from newsarchive.schema import Article
from newsarchive.vocab import DATA_DIR
from newsarchive.vocab.tags import TagVocabulary

__all__ = ["COUNTRIES", "OUTLETS", "REGIONS", "generate", "tag_slugs", "write_archive",
           "write_vocab"]

# (code, name); ISO 3166-1 reserves XA-XZ for user assignment (XK is avoided: it is widely
# used for Kosovo).
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("XA", "Varnholt"), ("XB", "Quessaly"), ("XC", "Drelmoor"), ("XD", "Oskavine"),
    ("XE", "Tirrowan"), ("XF", "Zembrask"), ("XG", "Ulvenmark"), ("XH", "Pellavora"),
)
_REGION_NAMES: tuple[tuple[str, ...], ...] = (
    ("Qarvella", "Brindlemoss", "Halvecroft", "Yorrindale", "Caskwether", "Mirrowfen"),
    ("Zantiquel", "Pomvarre", "Esquillon", "Thraxemoor", "Lunnquist Vale", "Dorvasque"),
    ("Fenwhistle", "Grollmarch", "Saltherne", "Quibrook", "Ashvellow", "Nettlecairn"),
    ("Vostrelle", "Kambrisk", "Orvanthe", "Jesquarel", "Ilmaroth", "Pyrrowind"),
    ("Wendlequay", "Tassimere", "Corvallane", "Rhundel Flats", "Ebberquist", "Sollowmere"),
    ("Xandrivel", "Murkavon", "Trelliquay", "Baskerholm", "Zivvelan", "Orquidesse"),
    ("Hollowquen", "Starnvik Reach", "Pemberquill", "Grisvane", "Uldermoss", "Kettlewarne"),
    ("Quorravel", "Lindquessa", "Morvanquay", "Tazzelmere", "Brackenvoss", "Vellicorne"),
)
REGIONS: tuple[tuple[str, str, str], ...] = tuple(
    (f"{cc}-{j + 1:02d}", name, cc)
    for (cc, _), names in zip(COUNTRIES, _REGION_NAMES, strict=True)
    for j, name in enumerate(names)
)
# (name, domain)
OUTLETS: tuple[tuple[str, str], ...] = (
    ("The Varnholt Courier", "varnholt-courier.example.org"),
    ("Quessaly Morning Ledger", "morning-ledger.quessaly.test"),
    ("Drelmoor Evening Star", "evening-star.example.org"),
    ("The Oskavine Dispatch", "oskavine-dispatch.test"),
    ("Tirrowan Wire Service", "tirrowan-wire.example.org"),
    ("Zembrask Gazette", "gazette.zembrask.test"),
    ("Ulvenmark Herald", "ulvenmark-herald.example.org"),
    ("The Pellavora Observer", "pellavora-observer.test"),
    ("Synthetic News Agency", "agency.synthetic.example.org"),
    ("The Benchmark Tribune", "benchmark-tribune.test"),
)
_FALLBACK_TAGS: tuple[tuple[str, str], ...] = (
    ("synthetic-ceasefire-talks", "Synthetic ceasefire talks"),
    ("synthetic-water-rationing", "Synthetic water rationing"),
    ("synthetic-bridge-repairs", "Synthetic bridge repairs"),
    ("synthetic-council-votes", "Synthetic council votes"),
    ("synthetic-harvest-reports", "Synthetic harvest reports"),
    ("synthetic-border-queues", "Synthetic border queues"),
)
_SUBJECTS = ("council", "ferry operators", "grain cooperative", "observers", "river authority",
             "provincial assembly", "relief committee", "rail workers", "weather office",
             "mediators", "archive volunteers", "harbour board")
_VERBS = ("debated", "reported on", "postponed", "announced", "reviewed", "disputed",
          "published figures on", "extended", "suspended", "welcomed")
_OBJECTS = ("water rationing", "a bridge repair plan", "the ceasefire timetable",
            "night curfews", "the harvest estimate", "checkpoint queues", "a census pilot",
            "ferry schedules", "school reopening", "the road survey")
_BYLINES = ("Synthetic Desk", "A. Quorlen", "B. Vessimar", "C. Drummelow", "Benchmark Staff",
            None)
_START = dt.date(2005, 1, 1)
_SPAN_DAYS = 20 * 365


def tag_slugs(path: Path | None = None) -> list[tuple[str, str]]:
    """``(slug, name)`` of the tags vocabulary, in file order; a small invented list when the
    file is missing."""
    path = path or DATA_DIR / "tags.yaml"
    if not path.is_file():
        return list(_FALLBACK_TAGS)
    return [(t.slug, t.name) for t in TagVocabulary.load(path)]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _variant(title: str, rng: random.Random) -> str:
    """The same headline as another outlet might print it: curly quotes, other case."""
    choice = rng.randrange(4)
    if choice == 0:
        return title
    if choice == 1:
        return title.upper()
    if choice == 2:
        return f"“{title}”"
    return title.lower() + "."


def _body(rng: random.Random, words: tuple[int, int], region: str, places: Sequence[str],
          serial: int) -> str:
    target = rng.randint(*words)
    names = [region, *places]
    head = (f"*Synthetic article {serial}, generated for testing, benchmarking and the demo "
            "archive. It is not a news report: its places, outlets and people are invented.*")
    paragraphs, para, count, k = [head], [], 0, 0
    while count < target:
        k += 1
        sentence = (f"Synthetic filler sentence {k} about {rng.choice(names)} "
                    "for benchmarking.")
        para.append(sentence)
        count += len(sentence.split())
        if len(para) >= rng.randint(3, 6):
            paragraphs.append(" ".join(para))
            para = []
    if para:
        paragraphs.append(" ".join(para))
    return "\n\n".join(paragraphs)


def generate(
    n: int,
    seed: int = 0,
    words: tuple[int, int] | None = (300, 900),
    tags: Sequence[tuple[str, str]] | None = None,
) -> list[Article]:
    """``n`` synthetic articles, oldest first, with ``path`` set (``articles/YYYY/MM/x.md``).

    Args:
        n: number of articles.
        seed: the same seed gives the same articles.
        words: range of body lengths in words; ``None`` for empty bodies (faster).
        tags: ``(slug, name)`` pairs to draw from (default: :func:`tag_slugs`); the first are
            the most frequent (Zipf-like).
    """
    tag_pool = [slug for slug, _ in (tags if tags is not None else tag_slugs())]
    tag_cum = list(accumulate(1.0 / (r + 1) ** 1.1 for r in range(len(tag_pool))))
    region_cum = list(accumulate(1.0 / (r + 1) ** 0.6 for r in range(len(REGIONS))))
    by_country: dict[str, list[str]] = {}
    for code, _, cc in REGIONS:
        by_country.setdefault(cc, []).append(code)
    region_names = {code: name for code, name, _ in REGIONS}
    region_names.update(COUNTRIES)

    master = random.Random(f"newsarchive-synthetic:{seed}")
    offsets = sorted(master.randrange(_SPAN_DAYS) for _ in range(n))

    articles: list[Article] = []
    by_region: dict[str, list[int]] = {}
    for i, offset in enumerate(offsets):
        rng = random.Random(f"newsarchive-synthetic:{seed}:{i}")
        date = _START + dt.timedelta(days=offset)
        region = rng.choices(REGIONS, cum_weights=region_cum)[0][0]
        country = region[:2]
        places = _draw_places(rng, region, by_country[country])
        chosen = _draw_tags(rng, tag_pool, tag_cum)
        outlet, domain = OUTLETS[rng.randrange(len(OUTLETS))]
        title = (f"{region_names[region]} {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} "
                 f"{rng.choice(_OBJECTS)} (synthetic item {i + 1})")
        related: list[str] = []
        earlier = by_region.get(region, [])
        if earlier and rng.random() < 0.15:
            for j in rng.sample(earlier[-50:], min(len(earlier[-50:]), rng.randint(1, 3))):
                related.append(_variant(articles[j].title, rng))
            if rng.random() < 0.3:
                related.append(f"Synthetic headline {i + 1} that is not in the archive")
        by_region.setdefault(region, []).append(i)
        slug = _slug(title)
        body = _body(random.Random(f"newsarchive-synthetic:{seed}:{i}:body"), words,
                     region_names[region], [region_names[p] for p in places],
                     i + 1) if words else ""
        archived = dt.datetime(date.year, date.month, date.day, 12, 0, 0, tzinfo=dt.UTC) + \
            dt.timedelta(days=rng.randint(0, 30), seconds=rng.randrange(86_400))
        articles.append(Article(
            title=title,
            date=date,
            source=outlet,
            region=region,
            original_url=f"https://{domain}/{date:%Y/%m}/{slug}",
            byline=rng.choice(_BYLINES),
            language="en",
            tags=chosen,
            places=places,
            related_titles=related,
            archived=archived,
            sha256=hashlib.sha256(f"synthetic:{seed}:{i}".encode()).hexdigest(),
            ingest="synthetic",
            body=body,
            path=f"articles/{date:%Y/%m}/{slug}.md",
        ))
    return articles


def _draw_places(rng: random.Random, region: str, same_country: list[str]) -> list[str]:
    """0 to 3 places besides ``region``: mostly of its country, sometimes the country itself
    or any region."""
    country = region[:2]
    places: list[str] = []
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        pick = rng.random()
        if pick < 0.6:
            place = rng.choice(same_country)
        elif pick < 0.8:
            place = country
        else:
            place = rng.choice(REGIONS)[0]
        if place != region and place not in places:
            places.append(place)
    return places


def _draw_tags(rng: random.Random, tag_pool: list[str], tag_cum: list[float]) -> list[str]:
    """1 to 4 distinct tags, the first of the pool the most frequent."""
    chosen: list[str] = []
    if tag_pool:
        for slug in rng.choices(tag_pool, cum_weights=tag_cum, k=rng.choice((1, 2, 2, 3, 4))):
            if slug not in chosen:
                chosen.append(slug)
    return chosen


def write_archive(
    dest: Path, n: int, seed: int = 0, words: tuple[int, int] | None = (300, 900)
) -> list[Path]:
    """Write ``n`` synthetic articles under ``dest/articles/``; returns the files written."""
    written: list[Path] = []
    for article in generate(n, seed, words):
        path = dest / article.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(article.frontmatter(), article.body), encoding="utf-8",
                        newline="\n")
        written.append(path)
    return written


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def write_vocab(dest: Path) -> dict[str, Path]:
    """Write the test-only vocabularies of the invented world into ``dest``.

    Writes ``regions.yaml`` (gazetteer format) and ``sources.yaml``; ``tags`` is the real
    tags file, or an invented ``tags.yaml`` written here when that file is missing. Returns
    the paths by :func:`newsarchive.vocab.load_vocab` keyword.
    """
    dest.mkdir(parents=True, exist_ok=True)
    header = "# Synthetic test-only vocabulary written by scripts/synthetic.py.\n"
    regions: dict[str, dict[str, object]] = {}
    for cc, name in COUNTRIES:
        regions[cc] = {"level": "country", "name": name, "names": {}, "aliases": [],
                       "languages": ["en"]}
        for code, rname, rcc in REGIONS:
            if rcc == cc:
                regions[code] = {"level": "region", "country": cc, "name": rname, "names": {},
                                 "aliases": [f"{rname} Province"]}
    paths = {"regions": dest / "regions.yaml", "sources": dest / "sources.yaml"}
    paths["regions"].write_text(header + _yaml(regions), encoding="utf-8")
    paths["sources"].write_text(header + _yaml({d: name for name, d in OUTLETS}),
                                encoding="utf-8")
    real_tags = DATA_DIR / "tags.yaml"
    if real_tags.is_file():
        paths["tags"] = real_tags
    else:
        paths["tags"] = dest / "tags.yaml"
        paths["tags"].write_text(
            header + _yaml({slug: {"name": name, "aliases": []} for slug, name in _FALLBACK_TAGS}),
            encoding="utf-8")
    return paths
