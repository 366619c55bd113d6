"""The published date of a saved page when its own statements disagree."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from newsarchive.ingest.html_reader import choose_date
from tests.ingest.html_pages import HEADLINE, article_page, ingest, written


def _jsonld(published: str) -> str:
    return json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                       "headline": HEADLINE, "datePublished": published})


def test_statement_confirmed_by_the_other_witnesses_wins(tmp_path: Path) -> None:
    # A template writes the site's launch date into JSON-LD; the meta tag, the <time> element
    # and the URL all say 4 March 2021.
    html = article_page(jsonld=_jsonld("2015-06-01T00:00:00Z"),
                        published="2021-03-04T09:30:00+02:00",
                        canonical="https://courier.velmora.example/news/2021/03/04/river-bridge")
    src = tmp_path / "page.html"
    src.write_text(html, encoding="utf-8")
    code, output = ingest(src, tmp_path / "content")
    assert code == 0, output
    meta, _ = written(tmp_path / "content")
    assert str(meta["date"]) == "2021-03-04"


def test_first_statement_wins_a_tie() -> None:
    assert choose_date(["2020-01-05", "2020-02-07"], None, None) == dt.date(2020, 1, 5)


def test_url_and_htmldate_break_a_disagreement() -> None:
    stated = ["2020-01-05T10:00:00Z", "2020-02-07T10:00:00Z"]
    url = "https://courier.velmora.example/2020/02/07/filler"
    assert choose_date(stated, None, url) == dt.date(2020, 2, 7)
    assert choose_date(stated, "2020-02-08", None) == dt.date(2020, 2, 7)


def test_a_day_apart_is_the_same_date_in_another_time_zone() -> None:
    # 23:30 in New York is the next day in UTC: both confirm the first statement.
    stated = ["2020-03-01T23:30:00-05:00", "2020-03-02T04:30:00Z", "2019-12-31"]
    assert choose_date(stated, None, None) == dt.date(2020, 3, 1)


def test_without_statements_the_url_then_htmldate() -> None:
    url = "https://courier.velmora.example/2017/09/14/bridge-filler"
    assert choose_date([], "2017-09-20", url) == dt.date(2017, 9, 14)
    assert choose_date([], "2017-09-20", None) == dt.date(2017, 9, 20)
    assert choose_date([], None, None) is None
