"""The one URL key for "the same article": a table of URL pairs, and ingest, ``check`` and
the related lists agreeing on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsarchive.archive.check import check_archive
from newsarchive.archive.loader import load_articles
from newsarchive.archive.related import compute_related
from newsarchive.archive.urlkey import url_key
from newsarchive.ingest.store import ArchiveStore
from newsarchive.vocab import load_vocab
from tests.helpers import write_article

BASE = "https://news.example.org/2031/03/synthetic-filler-item"

SAME = [
    ("scheme", BASE, "http://news.example.org/2031/03/synthetic-filler-item"),
    ("www", "https://example.org/a", "https://www.example.org/a"),
    ("host case", BASE, "https://NEWS.Example.ORG/2031/03/synthetic-filler-item"),
    ("trailing slash", BASE, BASE + "/"),
    ("root path", "https://example.org", "https://example.org/"),
    ("fragment", BASE, BASE + "#comments"),
    ("utm", BASE, BASE + "?utm_source=feed&utm_medium=rss&UTM_Campaign=x"),
    ("fbclid", BASE, BASE + "?fbclid=IwAR0synthetic"),
    ("gclid", BASE, BASE + "/?gclid=synthetic#top"),
    ("mailchimp", BASE, BASE + "?mc_cid=1&mc_eid=2"),
    ("tracking among real parameters", "https://example.org/item?id=3",
     "https://example.org/item?utm_source=x&id=3"),
    ("parameter order", "https://example.org/item?id=3&page=2",
     "https://example.org/item?page=2&id=3"),
    ("query encoding", "https://example.org/search?q=a+b", "https://example.org/search?q=a%20b"),
    ("empty query", BASE, BASE + "?"),
    ("default port https", BASE, "https://news.example.org:443/2031/03/synthetic-filler-item"),
    ("default port http", BASE, "http://news.example.org:80/2031/03/synthetic-filler-item"),
    ("user info", BASE, "https://reader@news.example.org/2031/03/synthetic-filler-item"),
    ("host trailing dot", BASE, "https://news.example.org./2031/03/synthetic-filler-item"),
    ("whitespace", BASE, f"  {BASE}\n"),
    ("no scheme", "https://www.example.org/a", "example.org/a/"),
    ("everything at once", "https://example.org/a/B?id=3",
     " HTTP://www.Example.org:80/a/B/?utm_medium=x&id=3&fbclid=y#top "),
]

DIFFERENT = [
    ("path case", "https://example.org/News/Item", "https://example.org/news/item"),
    ("identifying parameter", "https://example.org/item?id=3", "https://example.org/item?id=4"),
    ("parameter missing", "https://example.org/item?id=3", "https://example.org/item"),
    ("other parameter kept", BASE, BASE + "?ref=front-page"),
    ("other port", "https://example.org/a", "https://example.org:8080/a"),
    ("subdomain", "https://news.example.org/a", "https://example.org/a"),
    ("mobile subdomain", "https://example.org/a", "https://m.example.org/a"),
    ("other host", "https://example.org/a", "https://example.net/a"),
    ("other path", BASE, BASE + "-2"),
    ("file suffix", "https://example.org/a", "https://example.org/a.html"),
    ("parent path", "https://example.org/a/b", "https://example.org/a"),
]


@pytest.mark.parametrize(("why", "a", "b"), SAME, ids=[row[0] for row in SAME])
def test_same_article(why: str, a: str, b: str) -> None:
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize(("why", "a", "b"), DIFFERENT, ids=[row[0] for row in DIFFERENT])
def test_different_article(why: str, a: str, b: str) -> None:
    assert url_key(a) != url_key(b)


def test_key_is_readable() -> None:
    assert url_key("HTTPS://www.Example.org:443/a/B/?utm_source=x&id=3#top") == \
        "example.org/a/B?id=3"
    assert url_key("https://example.org:8080/") == "example.org:8080"


@pytest.mark.parametrize(("why", "a", "b", "same"),
                         [(*SAME[-1], True), (*DIFFERENT[0], False), (*DIFFERENT[4], False)],
                         ids=["same", "path-case", "port"])
def test_ingest_check_and_related_agree(tmp_path: Path, why: str, a: str, b: str,
                                        same: bool) -> None:
    """``check`` reports the pair, ingest's store finds the first by the second URL, and the
    related lists treat the two as one article: all three or none."""
    content = tmp_path / "content"
    vocab = load_vocab()
    write_article(content, "articles/2031/03/item-1.md", title="Synthetic item 1",
                  date=dt.date(2031, 3, 1), source="The Moscow Times", region="SY-ID",
                  original_url=a)
    messages = check_archive(content, vocab).messages()
    assert messages == []
    found = ArchiveStore(content).find("0" * 64, b)
    write_article(content, "articles/2031/03/item-2.md", title="Synthetic item 2",
                  date=dt.date(2031, 3, 2), source="The Moscow Times", region="SY-ID",
                  original_url=b)
    messages = check_archive(content, vocab).messages()
    first, second = load_articles(content, vocab).articles
    related = compute_related([first, second], vocab)
    assert (found is not None) is same
    assert any("same original_url as articles/2031/03/item-1.md" in m for m in messages) is same
    # The two share a region: only a copy of the same article is left out of the list.
    assert (related[first.path] == []) is same
