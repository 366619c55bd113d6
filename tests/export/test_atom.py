"""Atom feeds: read back with feedparser (what feed readers use) and lxml.

Every article is synthetic (invented places like Velmora, marked filler text).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import pickle
import random

import feedparser
import pytest
from lxml import etree

from newsarchive.export.atom import (
    ATOM_NS,
    COUNTRY_SCHEME,
    REGION_SCHEME,
    FeedEntry,
    atom_feed,
    entry_for,
    tag_uri,
)
from newsarchive.schema import Article

SITE = "https://archive.example.org/"
TAGS = {"ceasefire": "Ceasefire", "shelling": "Shelling", "displacement": "Displacement"}
REGIONS = {"VL-NO": "Norden, Velmora", "VL": "Velmora", "QZ-ES": "Estrel, Qazaria"}
FILLER = "Synthetic filler text for tests, describing nothing that happened."


def _article(n: int, day: dt.date, **over: object) -> Article:
    values: dict[str, object] = {
        "title": f"Velmora test headline {n}",
        "date": day,
        "source": "The Velmora Courier",
        "region": "VL-NO",
        "original_url": f"https://courier.example/velmora/{n}",
        "byline": f"Test Reporter {n}",
        "tags": ["ceasefire", "shelling"],
        "archived": dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=dt.UTC)
        + dt.timedelta(days=2),
        "body": f"## Filler heading\n\nThe *town* of **Velmora {n}** held a [test](https://x.example/) "
                f"meeting &amp; more. {FILLER}\n\nSecond paragraph. {FILLER}\n",
        "path": f"articles/{day:%Y/%m}/velmora-{n:03d}.md",
    }
    values.update(over)
    return Article(**values)  # type: ignore[arg-type]


def _url(article: Article) -> str:
    return SITE + article.path.removesuffix(".md") + "/"


def _entry(article: Article, **kw: object) -> FeedEntry:
    return entry_for(article, _url(article), REGIONS.get(article.region),
                     {s: TAGS[s] for s in article.tags if s in TAGS},
                     tag_scheme=SITE + "tags/", **kw)  # type: ignore[arg-type]


def _feed(entries: list[FeedEntry], **kw: object) -> bytes:
    args: dict[str, object] = {
        "feed_url": SITE + "tags/ceasefire/feed.xml", "page_url": SITE + "tags/ceasefire/",
        "title": "Ceasefire · Velmora test archive", "subtitle": "Articles tagged Ceasefire.",
        "entries": entries, "updated": None}
    args.update(kw)
    return atom_feed(**args)  # type: ignore[arg-type]


def _parse(data: bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def _utc(struct: object) -> dt.datetime:
    return dt.datetime.fromtimestamp(calendar.timegm(struct), dt.UTC)  # type: ignore[arg-type]


@pytest.fixture
def articles() -> list[Article]:
    days = [dt.date(2031, 5, 1), dt.date(2031, 5, 3), dt.date(2031, 5, 3), dt.date(2030, 12, 30),
            dt.date(2031, 4, 17)]
    return [_article(n, day) for n, day in enumerate(days)]


def test_feed_lists_entries_newest_first_ties_by_path(articles: list[Article]) -> None:
    shuffled = articles[:]
    random.Random(7).shuffle(shuffled)
    parsed = _parse(_feed([_entry(a) for a in shuffled]))

    expected = sorted(articles, key=lambda a: (-a.date.toordinal(), a.path))  # type: ignore[union-attr]
    assert [e.link for e in parsed.entries] == [_url(a) for a in expected]
    # Two articles of 3 May: the one with the smaller path comes first.
    assert [e.title for e in parsed.entries[:2]] == ["Velmora test headline 1",
                                                     "Velmora test headline 2"]
    assert parsed.feed.title == "Ceasefire · Velmora test archive"
    assert parsed.feed.subtitle == "Articles tagged Ceasefire."
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"self": SITE + "tags/ceasefire/feed.xml", "alternate": SITE + "tags/ceasefire/"}
    assert parsed.feed.generator == "newsarchive"


def test_entry_fields(articles: list[Article]) -> None:
    article = articles[0]
    parsed = _parse(_feed([_entry(article)]))
    (entry,) = parsed.entries

    assert entry.title == "Velmora test headline 0"
    assert entry.title_detail.type == "text/plain"
    assert entry.link == _url(article)
    assert entry.id == _url(article)  # no id authority: the page's URL
    assert [link.href for link in entry.links if link.rel == "via"] == [article.original_url]
    assert _utc(entry.published_parsed) == dt.datetime(2031, 5, 1, tzinfo=dt.UTC)
    assert _utc(entry.updated_parsed) == dt.datetime(2031, 5, 3, 9, 30, tzinfo=dt.UTC)
    assert entry.author == "Test Reporter 0"
    assert entry.source.title == "The Velmora Courier"
    assert [(t.term, t.scheme, t.label) for t in entry.tags] == [
        ("ceasefire", SITE + "tags/", "Ceasefire"),
        ("shelling", SITE + "tags/", "Shelling"),
        ("VL-NO", REGION_SCHEME, "Norden, Velmora"),
    ]
    # The lede, as the words a reader sees: no heading, no Markdown, no entity.
    assert entry.summary == f"The town of Velmora 0 held a test meeting & more. {FILLER}"
    assert entry.summary_detail.type == "text/plain"
    assert entry.summary_detail.language == "en"
    # The feed is as new as its newest entry: nothing reads the clock.
    assert _utc(parsed.feed.updated_parsed) == dt.datetime(2031, 5, 3, 9, 30, tzinfo=dt.UTC)


def test_entry_without_byline_has_the_source_as_author(articles: list[Article]) -> None:
    article = dataclasses.replace(articles[0], byline=None, archived=None, region="VL",
                                  language="ar")
    parsed = _parse(_feed([_entry(article)]))
    (entry,) = parsed.entries
    assert "author" not in entry  # no byline is invented
    assert entry.source.author == "The Velmora Courier"
    # No archived time: updated is the publication date.
    assert _utc(entry.updated_parsed) == _utc(entry.published_parsed)
    assert entry.tags[-1].scheme == COUNTRY_SCHEME
    assert entry.title_detail.language == "ar"
    root = etree.fromstring(_feed([_entry(article)]))
    assert root.find(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}author") is None


def test_tag_uri_ids_do_not_depend_on_the_site_url(articles: list[Article]) -> None:
    article = articles[0]
    entry = _entry(article, id_authority="archive.example.org,2026")
    moved = entry_for(article, "https://new-home.example.net/a/velmora-000/", "Norden, Velmora",
                      TAGS, id_authority="archive.example.org,2026")
    assert entry.id == moved.id == "tag:archive.example.org,2026:articles/2031/05/velmora-000"
    assert _parse(_feed([entry])).entries[0].id == entry.id
    assert tag_uri("curators@example.org,2026-01-02", "a b/ü") == \
        "tag:curators@example.org,2026-01-02:a%20b/%C3%BC"
    for bad in ("archive.example.org", "https://archive.example.org,2026", "x,2026"):
        with pytest.raises(ValueError, match="RFC 4151"):
            tag_uri(bad, "a")


def test_limit_keeps_the_latest() -> None:
    start = dt.date(2031, 1, 1)
    many = [_article(n, start + dt.timedelta(days=n)) for n in range(60)]
    parsed = _parse(_feed([_entry(a) for a in many]))
    assert len(parsed.entries) == 50
    assert parsed.entries[0].title == "Velmora test headline 59"
    assert parsed.entries[-1].title == "Velmora test headline 10"
    assert len(_parse(_feed([_entry(a) for a in many], limit=5)).entries) == 5
    assert len(_parse(_feed([_entry(a) for a in many], limit=None)).entries) == 60


def test_given_updated_and_empty_feed(articles: list[Article]) -> None:
    when = dt.datetime(2032, 1, 1, 12, tzinfo=dt.UTC)
    parsed = _parse(_feed([_entry(articles[0])], updated=when))
    assert _utc(parsed.feed.updated_parsed) == when
    empty = _parse(_feed([], updated=when))
    assert empty.entries == []
    with pytest.raises(ValueError, match="no entries and no `updated`"):
        _feed([])


def test_same_input_same_bytes(articles: list[Article]) -> None:
    first = _feed([_entry(a) for a in articles])
    again = _feed([_entry(a) for a in reversed(articles)])
    assert first == again
    # An entry sent to another process (a parallel build) writes the same feed.
    copies = [pickle.loads(pickle.dumps(_entry(a))) for a in articles]
    assert copies == [_entry(a) for a in articles]
    assert _feed(copies) == first
    assert first.startswith(b"<?xml version='1.0' encoding='utf-8'?>")


HOSTILE = [
    "<script>alert(1)</script>",
    "]]><img src=x onerror=alert(1)>",
    "Velmora\x00 NUL \x1b[31m ESC \x7f\x85 C1",
    "Velmora \ufffe\uffff not characters",
    "Velmora \ud800 lone \udfff surrogates",
    "<![CDATA[x]]> <?php echo 1 ?> <!-- c --> &amp; &lt;b&gt;",
]


def _clean(value: str) -> str:
    """What XML can hold of ``value``: the forbidden characters dropped, the rest kept."""
    return "".join(c for c in value if c in "\t\n\r" or (
        " " <= c <= "\x7e" or "\xa0" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd"
        or c >= "\U00010000"))


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_values_stay_text(articles: list[Article], payload: str) -> None:
    article = dataclasses.replace(
        articles[0], title=payload, byline=payload, source=payload, tags=["ceasefire"],
        body=f"{payload} {FILLER}")
    entry = entry_for(article, _url(article), payload, {"ceasefire": payload},
                      tag_scheme=SITE + "tags/")
    data = _feed([entry], title=payload, subtitle=payload)

    parsed = _parse(data)
    text = _clean(payload)
    assert parsed.feed.title == text
    assert parsed.entries[0].title == text
    assert parsed.entries[0].author == text

    root = etree.fromstring(data)  # well-formed, or this raises
    for element in root.iter():
        # Only Atom's elements: no payload became an element, comment or instruction.
        assert isinstance(element.tag, str)
        assert element.tag.startswith(f"{{{ATOM_NS}}}"), element.tag
    ns = {"a": ATOM_NS}
    for path in ("a:title", "a:subtitle", "a:entry/a:title", "a:entry/a:author/a:name",
                 "a:entry/a:source/a:title"):
        (element,) = root.xpath(path, namespaces=ns)
        assert len(element) == 0 and element.text == text, path
    labels = {c.get("term"): c.get("label") for c in root.xpath("//a:category", namespaces=ns)}
    assert labels == {"ceasefire": text, "VL-NO": text}
    summary = root.xpath("string(a:entry/a:summary)", namespaces=ns)
    assert "<script" not in summary and "alert(1)</" not in summary
    assert FILLER in summary  # the words around the payload are kept


def test_summary_with_html_is_its_text(articles: list[Article]) -> None:
    body = ('<p>Velmora <b>bold</b> <script>alert("x")</script><img src=x onerror=alert(1)> '
            'end.</p>\n\nNext.')
    entry = _entry(dataclasses.replace(articles[0], body=body))
    assert entry.summary == "Velmora bold end."
    assert _parse(_feed([entry])).entries[0].summary == "Velmora bold end."


@pytest.mark.parametrize("url", ["/tags/ceasefire/feed.xml", "tags/feed.xml",
                                 "//archive.example.org/feed.xml", "javascript:alert(1)",
                                 "file:///etc/feed.xml", "https://", ""])
def test_relative_urls_are_refused(articles: list[Article], url: str) -> None:
    _refused(articles, url, "is not an absolute http")


@pytest.mark.parametrize("url", ["https://a.example/x y/", "https://a.example/\x00",
                                 "https://a.example/\n"])
def test_urls_with_spaces_or_controls_are_refused(articles: list[Article], url: str) -> None:
    _refused(articles, url, "holds a space or control character")


def _refused(articles: list[Article], url: str, why: str) -> None:
    entry = _entry(articles[0])
    with pytest.raises(ValueError, match=f"feed_url .* {why}"):
        _feed([entry], feed_url=url)
    with pytest.raises(ValueError, match=f"page_url .* {why}"):
        _feed([entry], page_url=url)
    with pytest.raises(ValueError, match=f"entry link of .*velmora-000.* {why}"):
        entry_for(articles[0], url, "Norden, Velmora", TAGS)
    with pytest.raises(ValueError, match=f"tag_scheme .* {why}"):
        entry_for(articles[0], _url(articles[0]), "Norden, Velmora", TAGS, tag_scheme=url)
    with pytest.raises(ValueError, match=f"entry link of .*velmora-000.* {why}"):
        _feed([dataclasses.replace(entry, link=url)])


def test_an_article_with_no_date_and_no_archived_time_is_refused(
        articles: list[Article]) -> None:
    article = dataclasses.replace(articles[0], date=None, archived=None)
    with pytest.raises(ValueError, match="no date and no archived time"):
        _entry(article)


def test_a_hand_edited_original_url_is_not_linked(articles: list[Article]) -> None:
    article = dataclasses.replace(articles[0], original_url="javascript:alert(1)")
    entry = _parse(_feed([_entry(article)])).entries[0]
    assert [link.rel for link in entry.links] == ["alternate"]
