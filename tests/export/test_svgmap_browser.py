"""The coverage map in a real browser: keyboard focus, the focus ring, links, screenshots.

Screenshots (desktop 1200 px, mobile 390 px) are written to ``$NEWSARCHIVE_SCREENSHOTS``
(default: pytest's temp dir) for people to look at. Synthetic places and counts only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsarchive.export import svgmap
from newsarchive.export.svgmap import MapPoint, render_map
from tests.helpers import chromium, chromium_or_skip

CHROMIUM = chromium_or_skip()

pytestmark = pytest.mark.browser

# Invented regions at invented spots, counts from 1 to 50,000.
SPOTS = [(35.9, 36.6), (36.2, 37.1), (33.5, 36.3), (35.3, 40.1), (48.5, 35.0), (47.8, 37.8),
         (49.9, 36.3), (15.4, 44.2), (33.3, 44.4), (36.3, 43.1), (31.5, 34.5), (34.5, 69.2),
         (15.6, 32.5), (12.0, 24.9), (32.9, 13.2), (16.3, -3.0), (2.0, 45.3), (19.7, 96.1)]
COUNTS = [50_000, 12_000, 8_000, 3_500, 30_000, 18_000, 5_000, 120, 650, 4_000, 9_000, 35,
          700, 250, 20, 5, 2, 1]


def points() -> list[MapPoint]:
    return [MapPoint(f"XS-{i:02d}", f"Velmora {i}, Karvella", lat, lon, count, f"r{i:02d}.html")
            for i, ((lat, lon), count) in enumerate(zip(SPOTS, COUNTS, strict=True))]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("map")
    css = svgmap.CSS.read_text(encoding="utf-8")
    for name, svg in (("world", render_map(points(), title="Synthetic coverage")),
                      ("country", render_map(points(), focus="SY", title="Synthetic Syria",
                                             id_prefix="country-map"))):
        (root / f"{name}.html").write_text(
            "<!doctype html><html lang=en><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width'>"
            f"<title>{name}</title><style>body{{margin:16px;font-family:sans-serif}}{css}"
            f"</style><h1>Synthetic map</h1>{svg}", encoding="utf-8")
    for i in range(len(SPOTS)):
        (root / f"r{i:02d}.html").write_text(f"<!doctype html><title>r{i:02d}</title>",
                                             encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(CHROMIUM) as b:
        yield b


def test_keyboard_reaches_every_circle_with_a_visible_focus_ring(browser, pages):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((pages / "world.html").as_uri())
    names = []
    for _ in points():
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        ring = page.evaluate("getComputedStyle(document.activeElement.querySelector('circle'))"
                             ".strokeWidth")
        assert ring == "3px"
    assert sorted(names) == sorted(f"Velmora {i}, Karvella: {c:,} article{'s' * (c != 1)}"
                                   for i, c in enumerate(COUNTS))
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # a focused circle follows its link
    page.wait_for_url("**/r*.html")
    page.close()


def test_circles_can_be_clicked_and_have_accessible_names(browser, pages):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((pages / "country.html").as_uri())
    link = page.get_by_role("link", name="Velmora 3, Karvella: 3,500 articles")
    link.click()
    page.wait_for_url("**/r03.html")
    page.close()


@pytest.mark.parametrize(("name", "width"), [("world", 1200), ("world", 390),
                                             ("country", 1200), ("country", 390)])
def test_screenshots(browser, pages, tmp_path_factory, name, width):
    out = Path(os.environ.get("NEWSARCHIVE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    out.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((pages / f"{name}.html").as_uri())
    box = page.locator("svg.na-map").bounding_box()
    assert box["width"] <= width - 16  # the map fits the page: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(out / f"map-{name}-{width}.png"), full_page=True)
    page.close()
