"""The subscribe links of feeds in a real browser (Playwright driving the system Chromium),
at a phone's width and a desktop's. Screenshots go to ``$NEWSARCHIVE_SCREENSHOTS`` (default:
pytest's temp dir) for people to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest

from tests.helpers import build_site, chromium, chromium_or_skip, serve
from tests.site.conftest import write_fixture

CHROMIUM = chromium_or_skip()
SITE_URL = "https://archive.example.org/"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("feeds-browser")
    write_fixture(root / "content")
    build_site(root / "content", root / "site", feeds=True, search=False,
               mkdocs_options={"site_url": SITE_URL})
    with serve(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(CHROMIUM) as b:
        yield b


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(("path", "whose"), [("tags/ceasefire/", "Tag: Ceasefire"),
                                             ("", "the whole archive")])
def test_subscribe_link_is_named_visible_and_leads_to_the_feed(
        served: str, browser, tmp_path: Path, width: int, path: str, whose: str) -> None:
    page = browser.new_page(viewport={"width": width, "height": 844})
    try:
        page.goto(served + path)
        link = page.get_by_role("link", name=f"Subscribe to the Atom feed of {whose}",
                                exact=True)
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        box = link.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width  # no sideways scrolling
        assert box["height"] >= 40  # a touch target
        link.focus()
        assert page.evaluate("document.activeElement.classList.contains('na-feed__link')")
        shots = Path(os.environ.get("NEWSARCHIVE_SCREENSHOTS", tmp_path))
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"feed-link-{path.strip('/') or 'home'}"
                                         f"-{width}.png".replace("/", "-")))
        response = page.request.get(served + path + link.get_attribute("href"))
        assert response.ok
        parsed = feedparser.parse(response.body())
        assert not parsed.bozo and parsed.version == "atom10"
        assert {lk.href for lk in parsed.feed.links if lk.rel == "alternate"} == \
            {SITE_URL + path}
        assert parsed.entries
    finally:
        page.close()
