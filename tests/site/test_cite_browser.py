"""The "Cite" box in Chromium: opened and copied by keyboard alone; the downloads saved
under their file names with the bytes the page holds; hostile metadata stays text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import build_site, chromium, chromium_or_skip, serve, write_article
from tests.site.conftest import write_fixture

CHROMIUM = chromium_or_skip()

pytestmark = pytest.mark.browser

# Plain-text metadata may hold this (markup proper puts an article under review).
HOSTILE = ('"q" \'a\' < /script> < img src=x onerror=window.__xss=1> '
           '&lt;img src=x onerror=window.__xss=2&gt; x=" onfocus=window.__xss=3 "')


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("cite-browser")
    content, site = root / "content", root / "site"
    write_fixture(content)
    write_article(content, "articles/2031/03/hostile.md", body="Synthetic filler body.",
                  title=f"Velmora filler {HOSTILE}", date="2031-03-02",
                  source=f"Filler Gazette {HOSTILE}", region="SY-ID",
                  original_url="https://news.example.org/hostile", language="en",
                  byline=f"Ana Kestrel {HOSTILE}", tags=["ceasefire"])
    build_site(content, site, search=False, mkdocs_options={"site_url": "https://a.example/"})
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(CHROMIUM) as b:
        yield b


def test_open_and_copy_by_keyboard(served: str, browser: object, tmp_path: Path) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(served + "articles/2031/01/a/")
    box = page.locator("details.na-cite")
    assert box.get_attribute("open") is None
    page.locator("details.na-cite > summary").focus()
    page.keyboard.press("Enter")
    assert box.get_attribute("open") is not None
    buttons = page.locator(".na-cite__copy")
    assert buttons.count() == 2 and buttons.nth(0).is_visible()  # shown by the script
    page.keyboard.press("Tab")  # the first copy button is the next stop
    assert page.evaluate("document.activeElement.textContent") == "Copy APA citation"
    page.keyboard.press("Enter")
    status = page.locator(".na-cite__status")
    status.filter(has_text="copied").wait_for(timeout=5000)
    assert status.text_content() == "APA citation copied."
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator(".na-cite__text").nth(0).inner_text().strip()
    assert copied.startswith("Filler Wire. (2031, January 5). Synthetic Alpha Report.")
    # A download saves under its file name, with the text the link holds.
    with page.expect_download() as info:
        page.get_by_role("link", name="CSL-JSON").click()
    download = info.value
    assert download.suggested_filename == "a.json"
    saved = tmp_path / "a.json"
    download.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))[0]["title"] == "Synthetic Alpha Report"
    context.close()


def test_without_javascript_text_stays(served: str, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(served + "articles/2031/01/a/")
    page.locator("details.na-cite > summary").click()
    assert page.locator(".na-cite__text").nth(1).is_visible()
    assert not page.locator(".na-cite__copy").nth(0).is_visible()  # no dead button
    context.close()


def test_hostile_metadata_inert(served: str, browser: object) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(served + "articles/2031/03/hostile/")
    page.locator("details.na-cite > summary").click()
    for i in range(page.locator("a, button, summary").count()):
        element = page.locator("a, button, summary").nth(i)
        if element.is_visible():
            element.focus()
    assert page.evaluate("window.__xss") is None
    assert page.locator(".na-cite img, .na-cite [onerror], .na-cite [onfocus]").count() == 0
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["headline"] == f"Velmora filler {HOSTILE}"
    assert page.locator('meta[name="citation_journal_title"]').get_attribute("content") == \
        f"Filler Gazette {HOSTILE}"
    assert "< img src=x onerror=window.__xss=1>" in page.locator(".na-cite__text").nth(0) \
        .inner_text()
    context.close()
