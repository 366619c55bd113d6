"""Related articles: known answers on a hand-made archive, and the related-titles links."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from newsarchive.archive.related import (
    Relation,
    Weights,
    compute_related,
    link_related_titles,
    normalise_title,
    time_phrase,
)
from newsarchive.schema import Article
from newsarchive.vocab import Vocab
from newsarchive.vocab.regions import Gazetteer, Region
from newsarchive.vocab.sources import SourceTable
from newsarchive.vocab.tags import Tag, TagVocabulary
from scripts.synthetic import generate


def _vocab() -> Vocab:
    regions = {
        "SY": Region("SY", "country", "Syria", "SY"),
        "SY-ID": Region("SY-ID", "region", "Idlib", "SY"),
        "SY-HL": Region("SY-HL", "region", "Aleppo", "SY"),
        "SY-DI": Region("SY-DI", "region", "Damascus", "SY"),
        "UA": Region("UA", "country", "Ukraine", "UA"),
        "UA-14": Region("UA-14", "region", "Donetsk", "UA"),
        "UA-63": Region("UA-63", "region", "Kharkiv", "UA"),
    }
    tags = {slug: Tag(slug, name) for slug, name in [
        ("ceasefire", "Ceasefire"), ("airstrikes", "Airstrikes"),
        ("displacement", "Displacement"), ("humanitarian-aid", "Humanitarian aid"),
        ("shelling", "Shelling and artillery"),
    ]}
    return Vocab(Gazetteer(regions), TagVocabulary(tags), SourceTable({}))


VOCAB = _vocab()


def art(path: str, region: str, date: str | None, tags: list[str], places: list[str] = (),
        url: str | None = None, title: str | None = None, **extra: object) -> Article:
    return Article(
        title=title or f"Test article {path}",
        date=dt.date.fromisoformat(date) if date else None,
        source="Test Source",
        region=region,
        original_url=url or f"https://example.org/{path}",
        tags=list(tags),
        places=list(places),
        path=path,
        **extra,
    )


def archive() -> list[Article]:
    """Eight articles; a/8 is a/2 archived twice (same URL once normalised)."""
    return [
        art("a/1.md", "SY-ID", "2020-02-10", ["ceasefire", "airstrikes"], ["SY-HL"]),
        art("a/2.md", "SY-ID", "2020-02-08", ["ceasefire", "airstrikes"],
            url="https://example.org/a2"),
        art("a/3.md", "SY-ID", "2020-02-20", ["displacement"], ["SY-HL"]),
        art("a/4.md", "SY-HL", "2020-02-11", ["airstrikes"], ["SY-ID"]),
        art("a/5.md", "SY-DI", "2020-02-10", ["humanitarian-aid"]),
        art("a/6.md", "UA-14", "2020-02-10", ["shelling", "ceasefire"]),
        art("a/7.md", "UA-63", "2021-06-01", ["shelling"]),
        art("b/8.md", "SY-ID", "2020-02-09", ["ceasefire", "airstrikes"],
            url="http://www.example.org/a2/?utm_source=feed"),
    ]


# Weights by hand, N = 8, rarity log(1 + N / df):
#   ceasefire, airstrikes (df 4): 2 * log 3 = 2.1972   shelling (df 2): 2 * log 5 = 3.2189
#   place SY-ID (df 5): log 2.6 = 0.9555   place SY-HL (df 3): log(11/3) = 1.2993
#   time: 2 / (1 + |days| / 30)
TAG4, SHELLING = 2 * math.log(3), 2 * math.log(5)
IDLIB, ALEPPO = math.log(2.6), math.log(11 / 3)


def t(days: int) -> float:
    return 2 / (1 + abs(days) / 30)


def test_known_top_k_with_reasons() -> None:
    related = compute_related(archive(), VOCAB, k=5)
    first = related["a/1.md"]
    assert [r.target for r in first] == ["b/8.md", "a/3.md", "a/4.md", "a/6.md", "a/5.md"]
    expected_scores = [
        3 + 1 + 2 * TAG4 + IDLIB + t(1),  # b/8: the copy of a/2 one day nearer wins; a/2 is out
        3 + 1 + IDLIB + ALEPPO + t(10),
        1 + TAG4 + IDLIB + ALEPPO + t(1),
        TAG4 + t(0),
        1 + t(0),
    ]
    assert [r.score for r in first] == pytest.approx(expected_scores, abs=1e-8)
    assert [r.reason_text for r in first] == [
        "same region: Idlib; shared tags: Ceasefire, Airstrikes; 1 day earlier",
        "same region: Idlib; shared places: Aleppo; 10 days later",
        "same country: Syria; shared tags: Airstrikes; shared places: Idlib, Aleppo; 1 day later",
        "shared tags: Ceasefire; same day",
        "same country: Syria; same day",
    ]
    assert first[0] == Relation("b/8.md", first[0].score, (
        "same region: Idlib", "shared tags: Ceasefire, Airstrikes", "1 day earlier"))

    # a/2 never lists its own copy b/8.
    assert [r.target for r in related["a/2.md"]] == ["a/1.md", "a/3.md", "a/4.md", "a/6.md",
                                                     "a/5.md"]
    assert [r.target for r in related["b/8.md"]] == ["a/1.md", "a/3.md", "a/4.md", "a/6.md",
                                                     "a/5.md"]
    assert related["a/7.md"] == [Relation("a/6.md", pytest.approx(1 + SHELLING + t(-477)), (
        "same country: Ukraine", "shared tags: Shelling and artillery", "16 months earlier"))]
    # Symmetric scores: a/1 -> a/4 equals a/4 -> a/1.
    back = {r.target: r.score for r in related["a/4.md"]}
    assert back["a/1.md"] == first[2].score


def test_never_self_and_k_respected() -> None:
    articles = archive()
    for k in (1, 2, 3):
        related = compute_related(articles, VOCAB, k=k)
        assert set(related) == {a.path for a in articles}
        for path, relations in related.items():
            assert len(relations) <= k
            assert path not in [r.target for r in relations]
    assert [r.target for r in compute_related(articles, VOCAB, k=2)["a/1.md"]] == [
        "b/8.md", "a/3.md"]
    assert compute_related(articles, VOCAB, k=0)["a/1.md"] == []


def test_duplicates_by_sha_and_title_date() -> None:
    sha = "ab" * 32
    articles = [
        art("x/1.md", "SY-ID", "2020-01-01", ["ceasefire"], title="Same headline"),
        art("x/2.md", "SY-ID", "2020-01-01", ["ceasefire"], title="SAME headline "),
        art("x/3.md", "SY-ID", "2020-01-05", ["ceasefire"], sha256=sha),
        art("x/4.md", "SY-ID", "2020-03-01", ["ceasefire"], sha256=sha),
        art("x/5.md", "SY-ID", "2020-06-01", ["ceasefire"]),
    ]
    related = compute_related(articles, VOCAB)
    assert [r.target for r in related["x/1.md"]] == ["x/3.md", "x/5.md"]
    assert [r.target for r in related["x/3.md"]] == ["x/1.md", "x/5.md"]
    # From x/4, x/1 (60 days earlier) outranks x/5 (92 days later); x/2 is x/1's copy.
    assert [r.target for r in related["x/4.md"]] == ["x/1.md", "x/5.md"]


def test_ties_newest_first_then_path() -> None:
    articles = [
        art("t/0.md", "SY-ID", "2020-05-10", ["ceasefire"]),
        art("t/b.md", "SY-ID", "2020-05-07", ["ceasefire"]),
        art("t/a.md", "SY-ID", "2020-05-07", ["ceasefire"]),
        art("t/c.md", "SY-ID", "2020-05-13", ["ceasefire"]),
        art("t/u.md", "SY-ID", None, ["ceasefire"]),
    ]
    first = compute_related(articles, VOCAB)["t/0.md"]
    # Same score three days either side: the later one first, then same date by path; the
    # undated article has no time term and comes last.
    assert [r.target for r in first] == ["t/c.md", "t/a.md", "t/b.md", "t/u.md"]
    assert first[-1].reasons == ("same region: Idlib", "shared tags: Ceasefire")
    assert first[0].reasons[-1] == "3 days later"


def test_deterministic_whatever_the_input_order() -> None:
    articles = generate(600, seed=3, words=None)
    expected = compute_related(articles, None)
    for seed in (1, 2):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        assert compute_related(shuffled, None) == expected


def test_workers_give_the_same_answer() -> None:
    articles = generate(1500, seed=5, words=None)
    assert compute_related(articles, None, workers=2) == compute_related(articles, None,
                                                                         workers=1)


def test_weights_change_the_order() -> None:
    # Without the region and time terms, a/4 (a shared tag) beats a/3 (same region).
    related = compute_related(archive(), VOCAB, weights=Weights(region=0.0, time=0.0))
    assert [r.target for r in related["a/1.md"]][:3] == ["b/8.md", "a/4.md", "a/3.md"]


def test_duplicate_paths_rejected() -> None:
    articles = archive()
    articles.append(art("a/1.md", "SY", "2020-01-01", []))
    with pytest.raises(ValueError, match=r"a/1\.md"):
        compute_related(articles, VOCAB)


def test_time_phrase() -> None:
    assert time_phrase(0) == "same day"
    assert time_phrase(-1) == "1 day earlier"
    assert time_phrase(-2) == "2 days earlier"
    assert time_phrase(21) == "3 weeks later"
    assert time_phrase(-90) == "3 months earlier"
    assert time_phrase(800) == "2 years later"


def test_normalise_title() -> None:
    assert normalise_title("“Russia’s  Offensive:  Day 3”") == "russias offensive day 3"


SEED_TITLE = "Over 230,000 People Flee Idlib in Two-Week Russian-Backed Offensive"


def test_related_titles_tolerant_with_backlinks() -> None:
    articles = [
        art("r/flee.md", "SY-ID", "2019-12-27", [], title=SEED_TITLE),
        art("r/other.md", "SY-ID", "2019-12-20", [], title="Turkey Says Talks Continue"),
        art("r/cites-curly.md", "SY-ID", "2020-01-02", [], title="Citing one",
            related_titles=["“over 230,000 people flee Idlib in two-week Russian-backed "
                            "offensive”", "A headline not in the archive"]),
        art("r/cites-typo.md", "SY-ID", "2020-01-03", [], title="Citing two",
            related_titles=["Over 230,000 People Flee Idlib In Two Week Russian Backed "
                            "Ofensive", "TURKEY SAYS TALKS CONTINUE."]),
        art("r/self.md", "SY-ID", "2020-01-04", [], title="Citing itself",
            related_titles=["Citing itself"]),
    ]
    cites, cited_by = link_related_titles(articles)
    assert cites == {
        "r/cites-curly.md": ["r/flee.md"],
        "r/cites-typo.md": ["r/flee.md", "r/other.md"],
    }
    assert cited_by == {
        "r/flee.md": ["r/cites-curly.md", "r/cites-typo.md"],
        "r/other.md": ["r/cites-typo.md"],
    }
    # Input order does not matter.
    assert link_related_titles(articles[::-1]) == (cites, cited_by)


def test_related_titles_prefers_nearest_of_equal_titles() -> None:
    articles = [
        art("s/old.md", "SY", "2010-01-01", [], title="Weekly roundup"),
        art("s/new.md", "SY", "2020-01-01", [], title="Weekly Roundup"),
        art("s/c.md", "SY", "2020-01-08", [], title="Citing", related_titles=["weekly roundup"]),
    ]
    assert link_related_titles(articles)[0] == {"s/c.md": ["s/new.md"]}


def test_synthetic_related_titles_resolve() -> None:
    articles = generate(800, seed=1, words=None)
    cites, cited_by = link_related_titles(articles)
    listed = [t for a in articles for t in a.related_titles if "not in the archive" not in t]
    assert listed
    assert sum(len(v) for v in cites.values()) == len(listed)
    assert sum(len(v) for v in cited_by.values()) == len(listed)
