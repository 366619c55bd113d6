"""The address of a saved page, under the URL conventions of different CMSs.

Synthetic pages of an invented outlet: each states its address in one of the ways real news
pages do (AMP editions, archive snapshots, tracking parameters, relative or unfilled
canonical links, share widgets pointing to the mobile site).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.ingest.html import urls
from newsarchive.ingest.html_reader import read_html
from tests.ingest.html_pages import article_page

SITE = "https://courier.velmora.example"
STORY = f"{SITE}/news/2021/03/04/river-bridge"


def _url(head: str = "", body: str = "", prefix: str = "") -> str | None:
    page = prefix + article_page(canonical="", head_extra=head, extra_body=body)
    return read_html(page.encode("utf-8"), Path("page.html")).url


def test_amp_edition_saved_gives_the_article_address() -> None:
    prefix = f"<!-- saved from url=(0049){STORY}/amp -->\n"
    assert _url(f'<link rel="canonical" href="{STORY}">', prefix=prefix) == STORY


def test_amp_query_edition_gives_the_article_address() -> None:
    head = f'<meta property="og:url" content="{STORY}?outputType=amp">' \
           f'<link rel="canonical" href="{STORY}">'
    prefix = f"<!-- saved from url=(0060){STORY}?outputType=amp -->\n"
    assert _url(head, prefix=prefix) == STORY


def test_amp_cache_address_is_unwrapped() -> None:
    cached = "https://courier-velmora-example.cdn.ampproject.org/c/s/courier.velmora.example" \
             "/news/2021/03/04/river-bridge"
    assert _url(prefix=f"<!-- saved from url=(0099){cached} -->\n") == STORY


def test_wayback_snapshot_gives_the_original_address() -> None:
    head = f'<link rel="canonical" href="https://web.archive.org/web/20210305101500/{STORY}">'
    assert _url(head) == STORY


def test_tracking_parameters_dropped_content_parameters_kept() -> None:
    head = f'<meta property="og:url" content="{SITE}/view.php?id=77&amp;utm_source=feed' \
           '&amp;fbclid=IwAR0filler&amp;page=2">'
    assert _url(head) == f"{SITE}/view.php?id=77&page=2"


def test_relative_canonical_resolved_against_base_href() -> None:
    head = f'<base href="{SITE}/news/"><link rel="canonical" href="2021/03/04/river-bridge">'
    assert _url(head) == STORY


def test_relative_canonical_resolved_against_og_url() -> None:
    head = f'<link rel="canonical" href="/news/2021/03/04/river-bridge">' \
           f'<meta property="og:url" content="{SITE}/news/2021/03/04/river-bridge?ref=rss">'
    assert _url(head) == STORY


@pytest.mark.parametrize("bad", ["{{ canonical_url }}", "http://localhost:8080/news/draft-77",
                                 "https://cms-staging/news/draft-77"])
def test_unfilled_or_staging_canonical_skipped(bad: str) -> None:
    head = f'<link rel="canonical" href="{bad}"><meta property="og:url" content="{STORY}">'
    assert _url(head) == STORY


def test_section_canonical_skipped_for_the_story_address() -> None:
    head = f'<link rel="canonical" href="{SITE}/news/"><meta property="og:url" content="{STORY}">'
    assert _url(head) == STORY


def test_httrack_comment_gives_address() -> None:
    prefix = "<!-- Mirrored from courier.velmora.example/news/2021/03/04/river-bridge by " \
             "HTTrack Website Copier/3.x [XR&CO'2014], Fri, 05 Mar 2021 10:15:00 GMT -->\n"
    assert _url(prefix=prefix) == STORY


def _widget(href: str) -> str:
    return f'<div class="fb-like" data-href="{href}" data-layout="button"></div>'


def test_mobile_widget_address_takes_the_desktop_folder_the_page_links() -> None:
    links = "".join(f'<a href="/news/view.php?id={n}">Filler story {n} of Velmora</a> '
                    for n in (12, 13, 14))
    body = _widget(f"{SITE}/m/view.php?id=77") + f"<nav>{links}</nav>"
    assert _url(body=body) == f"{SITE}/news/view.php?id=77"


def test_mobile_host_widget_takes_the_desktop_host_the_page_links() -> None:
    links = "".join(f'<a href="https://www.courier.velmora.example/news/{n}">Filler {n}</a> '
                    for n in (12, 13))
    body = _widget("https://m.courier.velmora.example/news/77") + f"<nav>{links}</nav>"
    assert _url(body=body) == "https://www.courier.velmora.example/news/77"


def test_mobile_page_keeps_its_mobile_address() -> None:
    links = "".join(f'<a href="/m/view.php?id={n}">Filler story {n} of Velmora</a> '
                    for n in (12, 13, 14))
    body = _widget(f"{SITE}/m/view.php?id=77") + f"<nav>{links}</nav>"
    assert _url(body=body) == f"{SITE}/m/view.php?id=77"


@pytest.mark.parametrize(("url", "kind"), [
    (f"{STORY}/amp", "amp"), (f"{STORY}/amp/", "amp"), (f"{SITE}/amp/news/77", "amp"),
    (f"{STORY}?amp=1", "amp"), (f"{STORY}?amp", "amp"), (f"{SITE}/news/77.amp.html", "amp"),
    ("https://amp.courier.velmora.example/news/77", "amp"),
    ("https://m.courier.velmora.example/news/77", "mobile"), (f"{SITE}/m/news/77", "mobile"),
    (STORY, None), (f"{SITE}/news/amplifier-filler", None), (f"{SITE}/maps/77", None),
])
def test_edition(url: str, kind: str | None) -> None:
    assert urls.edition(url) == kind
