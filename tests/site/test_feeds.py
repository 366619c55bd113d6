"""Atom feeds in built sites: read back with feedparser (what feed readers use) and lxml,
every link checked against the built pages, the listings' links to them, the warning
without ``site_url``, hostile values, reproducible bytes and incremental rebuilds.

Every article is synthetic (tests/site/conftest.py: clearly marked filler text).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from lxml import etree

from newsarchive.vocab import DATA_DIR
from tests.helpers import build_site, page, write_article
from tests.site.conftest import FIXTURE, Archive, write_fixture

SITE_URL = "https://archive.example.org/"
ABSOLUTE = {"site_url": SITE_URL}
ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_ELEMENTS = {ATOM + name for name in (
    "feed", "id", "title", "subtitle", "link", "updated", "generator", "entry", "published",
    "author", "name", "category", "summary", "source")}
SIZE = 3  # feed_size of the module's site: the archive's feed keeps 3 of its 6 articles
# One feed of each kind of listing: (feed, listing page, what the fixture lists there).
KINDS = {
    "archive": ("feed.xml", "", lambda row: True),
    "tag": ("tags/ceasefire/feed.xml", "tags/ceasefire/", lambda row: "ceasefire" in row[5]),
    "country": ("regions/sy/feed.xml", "regions/sy/", lambda row: row[4].startswith("SY")),
    "region": ("regions/sy/sy-id/feed.xml", "regions/sy/sy-id/", lambda row: row[4] == "SY-ID"),
    "source": ("sources/synthetic-courier/feed.xml", "sources/synthetic-courier/",
               lambda row: row[3] == "Synthetic Courier"),
}


@pytest.fixture(scope="module")
def feed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("feeds")
    write_fixture(root / "content")
    build_site(root / "content", root / "site", page_size=2, feeds=True, feed_size=SIZE,
               mkdocs_options=ABSOLUTE)
    return root / "site"


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    assert parsed.version == "atom10"
    return parsed


def built_file(site: Path, url: str) -> Path:
    """The file of ``site`` that the absolute ``url`` serves (an existing one, or fail)."""
    assert url.startswith(SITE_URL), url
    target = site / url.removeprefix(SITE_URL)
    if url.endswith("/"):
        target = target / "index.html"
    assert target.is_file(), url
    return target


def feeds_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.xml"))
            if p.name == "feed.xml"}


def expected_titles(listed: object) -> list[str]:
    """The fixture's articles a listing holds, newest first (ties by path), the first SIZE
    (the seed article is the oldest: it only ever comes last)."""
    rows = sorted((row for row in FIXTURE if listed(row)),  # type: ignore[operator]
                  key=lambda row: (-int(row[2].replace("-", "")), row[0]))
    return [row[1] for row in rows][:SIZE]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_of_listing_has_a_valid_feed_of_its_latest_articles(feed_site: Path,
                                                                       kind: str) -> None:
    feed, listing, listed = KINDS[kind]
    parsed = parse(feed_site / feed)
    titles = [e.title for e in parsed.entries]
    assert titles[:len(expected_titles(listed))] == expected_titles(listed)
    assert len(titles) <= SIZE
    if kind in ("archive", "country"):  # more articles than the feed keeps
        assert len(titles) == SIZE
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links["self"] == SITE_URL + feed
    assert links["alternate"] == SITE_URL + listing
    built_file(feed_site, links["alternate"])
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)


def test_every_entry_links_a_built_article_page(feed_site: Path) -> None:
    feeds = feeds_of(feed_site)
    # The archive's and every tag's, country's, region's and source's (the seed's included).
    assert set(feeds) == {"feed.xml", *(f"tags/{t}/feed.xml" for t in (
        "airstrikes", "ceasefire", "displacement", "politics-government", "shelling")),
        "regions/sy/feed.xml", "regions/sy/sy-hl/feed.xml", "regions/sy/sy-id/feed.xml",
        "regions/ua/feed.xml", "regions/ua/ua-63/feed.xml",
        *(f"sources/{s}/feed.xml" for s in (
            "filler-gazette", "synthetic-courier", "the-moscow-times"))}
    for name in feeds:
        for entry in parse(feed_site / name).entries:
            doc = etree.HTML(built_file(feed_site, entry.link).read_bytes())
            [heading] = doc.xpath("//article//h1")
            assert " ".join("".join(heading.itertext()).split()) == entry.title


def test_entry_has_date_source_byline_categories_and_lede(feed_site: Path) -> None:
    entries = parse(feed_site / "tags/ceasefire/feed.xml").entries
    [alpha] = [e for e in entries if e.title == "Synthetic Alpha Report"]
    assert alpha.link == SITE_URL + "articles/2031/01/a/"
    assert alpha.id == alpha.link  # no feed_id_authority: ids are the pages' URLs
    assert alpha.published.startswith("2031-01-05")
    assert alpha.author == "Filler Wire"
    assert alpha.source.title == "Synthetic Courier"
    assert {(t.term, t.label) for t in alpha.tags} == {
        ("ceasefire", "Ceasefire"), ("airstrikes", "Airstrikes"), ("SY-ID", "Syria / Idlib")}
    assert {t.scheme for t in alpha.tags if t.term != "SY-ID"} == {SITE_URL + "tags/"}
    built_file(feed_site, SITE_URL + "tags/")
    # The lede as plain text: the body's first paragraph, not its heading or later text.
    assert alpha.summary == ("Synthetic filler paragraph for Synthetic Alpha Report, "
                             "generated for the test suite.")
    assert alpha.summary_detail.type == "text/plain"
    via = [link.href for link in alpha.links if link.rel == "via"]
    assert via == ["https://news.example.org/a"]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_listing_links_its_feed_in_head_and_body(feed_site: Path, kind: str) -> None:
    feed, listing, _ = KINDS[kind]
    doc = page(feed_site, listing)
    base = SITE_URL + listing
    [alternate] = doc.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]')
    assert urljoin(base, alternate.get("href")) == SITE_URL + feed
    assert alternate.get("title")
    [subscribe] = doc.cssselect("a.na-feed__link")
    assert urljoin(base, subscribe.get("href")) == SITE_URL + feed
    assert subscribe.get("type") == "application/atom+xml"
    name = " ".join(subscribe.text_content().split())  # its accessible name (icon hidden)
    title = " ".join(doc.cssselect("article h1")[0].text_content().split())
    label = "the whole archive" if kind == "archive" else title
    assert name == f"Subscribe to the Atom feed of {label}"
    assert subscribe.cssselect("svg")[0].get("aria-hidden") == "true"


def test_older_listing_pages_and_article_pages_link_no_feed(feed_site: Path) -> None:
    older = sorted((feed_site / "tags/ceasefire/page").rglob("index.html"))
    assert older  # 4 ceasefire articles, 2 a page
    for path in [*older, feed_site / "articles/2031/01/a/index.html"]:
        html = path.read_text(encoding="utf-8")
        assert "application/atom+xml" not in html, path


def test_without_site_url_one_warning_and_no_feed(tmp_path: Path) -> None:
    write_fixture(tmp_path / "content")
    warnings = build_site(tmp_path / "content", tmp_path / "site", strict=False, feeds=True)
    about = [w for w in warnings if "feed" in w]
    assert len(about) == 1, warnings
    assert "feeds need site_url" in about[0] and "set site_url in mkdocs.yml" in about[0]
    assert not feeds_of(tmp_path / "site")
    for html in (tmp_path / "site").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "application/atom+xml" not in text and "na-feed" not in text, html


def test_feeds_option_off_writes_no_feed_and_no_warning(tmp_path: Path) -> None:
    write_fixture(tmp_path / "content")
    build_site(tmp_path / "content", tmp_path / "site", strict=True, feeds=False,
               mkdocs_options=ABSOLUTE)
    assert not feeds_of(tmp_path / "site")
    assert "application/atom+xml" not in (tmp_path / "site/index.html").read_text("utf-8")


# Metadata holding markup is refused by the loader (tests/archive): what passes it and must
# still stay text is a '<' with a space after it, '&', entities, quotes and ']]>'. A
# vocabulary's names and an article's body are not checked: they hold real markup.
HOSTILE_TITLE = 'Velmora < script>alert("title")< /script> ]]> &amp;lt;b&gt; & \'report\''
HOSTILE_SOURCE = "Filler < img src=x onerror=alert(2)> Gazette & Co"
HOSTILE_BYLINE = 'Filler < a href="javascript:alert(3)"> Wire &#60;b&#62;'
HOSTILE_TAG = '<svg onload=alert(4)> Shelling ]]>'
HOSTILE_LEDE = ('<b onmouseover="alert(5)">Bold</b> synthetic filler '
                '<script>alert(6)</script>lede &lt;i&gt; text.')


def test_hostile_values_stay_text_in_a_built_feed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_fixture(content)
    write_article(content, "articles/2033/01/hostile.md",
                  body=HOSTILE_LEDE + "\n\nMore synthetic filler.",
                  title=HOSTILE_TITLE, date="2033-01-01", source=HOSTILE_SOURCE,
                  region="SY-ID", original_url="https://news.example.org/hostile",
                  byline=HOSTILE_BYLINE, language="en", tags=["shelling"])
    tags = tmp_path / "tags.yaml"
    shutil.copyfile(DATA_DIR / "tags.yaml", tags)
    text = tags.read_text(encoding="utf-8")
    assert "  name: Shelling and artillery\n" in text
    tags.write_text(text.replace("  name: Shelling and artillery\n",
                                 f"  name: '{HOSTILE_TAG}'\n"), encoding="utf-8")
    site = tmp_path / "site"
    build_site(content, site, strict=True, feeds=True, tags_file=str(tags),
               mkdocs_options=ABSOLUTE)
    feeds = feeds_of(site)
    source_feed = [f for f in feeds if f.startswith("sources/filler-img")]
    assert source_feed == ["sources/filler-img-src-x-onerror-alert-2-gazette-co/feed.xml"]
    for name in ("feed.xml", "tags/shelling/feed.xml", "regions/sy/sy-id/feed.xml",
                 source_feed[0]):
        parsed = parse(site / name)
        entry = parsed.entries[0]  # the newest
        assert entry.title == HOSTILE_TITLE
        assert entry.title_detail.type == "text/plain"
        assert entry.author == HOSTILE_BYLINE
        assert entry.source.title == HOSTILE_SOURCE
        assert ("shelling", HOSTILE_TAG) in {(t.term, t.label) for t in entry.tags}
        assert entry.summary == "Bold synthetic filler lede <i> text."
        built_file(site, entry.link)
        root = etree.fromstring(feeds[name], etree.XMLParser(resolve_entities=False,
                                                             no_network=True))
        for element in root.iter():
            assert element.tag in ATOM_ELEMENTS, (name, element.tag)
        [title] = root.findall(f"{ATOM}entry/{ATOM}title")[:1]
        assert title.text == HOSTILE_TITLE and len(title) == 0
    assert parse(site / "tags/shelling/feed.xml").feed.title.startswith(f"Tag: {HOSTILE_TAG}")


@pytest.mark.parametrize(("value", "ok"), [
    ("archive.example.org,2026", True), ("curators@example.org,2026-03-01", True),
    ("archive.example.org", False), ("archive example,2026", False), ("example,2026", False)])
def test_feed_id_authority_is_checked_when_the_config_is_read(value: str, ok: bool) -> None:
    from newsarchive.mkdocs_plugin.config import NewsArchiveConfig

    config = NewsArchiveConfig()
    config.load_dict({"feed_id_authority": value})
    failed, _ = config.validate()
    if ok:
        assert not failed and config.feed_id_authority == value
    else:
        [(key, error)] = failed
        assert key == "feed_id_authority" and "RFC 4151" in str(error)


def test_feeds_are_byte_identical_across_builds(tmp_path: Path) -> None:
    write_fixture(tmp_path / "content")
    for name in ("one", "two"):
        build_site(tmp_path / "content", tmp_path / name, cache=False, feeds=True,
                   feed_id_authority="archive.example.org,2026", mkdocs_options=ABSOLUTE)
    one, two = feeds_of(tmp_path / "one"), feeds_of(tmp_path / "two")
    assert one and one == two
    ids = [e.id for e in parse(tmp_path / "one/feed.xml").entries]
    assert "tag:archive.example.org,2026:articles/2031/01/a" in ids
    assert parse(tmp_path / "one/feed.xml").feed.id == "tag:archive.example.org,2026:feeds/all"


def _stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {name: ((site / name).stat().st_ino, (site / name).stat().st_mtime_ns)
            for name in feeds_of(site)}


def _holding(site: Path, url: str) -> set[str]:
    return {name for name in feeds_of(site)
            if url in {e.link for e in parse(site / name).entries}}


@pytest.mark.parametrize("edit", ["title", "lede"])
def test_an_edit_rewrites_only_the_feeds_that_hold_the_article(archive: Archive,
                                                               edit: str) -> None:
    options = {"feeds": True, "feed_size": SIZE, "mkdocs_options": ABSOLUTE}
    archive.build(**options)
    url = SITE_URL + "articles/2031/01/a/"
    holding = _holding(archive.site, url)
    # Its tags, country, region and source; not the archive's feed (three newer articles).
    assert holding == {"tags/ceasefire/feed.xml", "tags/airstrikes/feed.xml",
                       "regions/sy/feed.xml", "regions/sy/sy-id/feed.xml",
                       "sources/synthetic-courier/feed.xml"}
    before = _stamps(archive.site)
    if edit == "title":
        archive.edit("articles/2031/01/a.md", "Synthetic Alpha Report", "Synthetic Alpha Edited")
        new = "Synthetic Alpha Edited"
    else:
        archive.edit("articles/2031/01/a.md", "Synthetic filler paragraph for",
                     "Synthetic edited lede for")
        new = "Synthetic edited lede for Synthetic Alpha Report"
    archive.build(**options)
    after = _stamps(archive.site)
    assert after.keys() == before.keys()
    assert {name for name in after if after[name] != before[name]} == holding
    for name in holding:
        [entry] = [e for e in parse(archive.site / name).entries if e.link == url]
        assert new in (entry.title if edit == "title" else entry.summary)
    assert feeds_of(archive.site) == feeds_of(archive.full_build(**options))
