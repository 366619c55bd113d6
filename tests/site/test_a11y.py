"""Accessibility of the built site in Chromium: axe-core on every kind of page, the timeline
by keyboard, and the phone layout (tag pills, the year page's timeline).

axe-core comes bundled with ``axe-playwright-python``: nothing is downloaded at test time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import build_site, chromium, chromium_or_skip, serve, write_article
from tests.site.conftest import write_fixture

CHROMIUM = chromium_or_skip()

pytestmark = pytest.mark.browser

SEED = "articles/2020/01/russian-led-air-strikes-suspended-in-idlib-after-ceasefire/"
LONG_TAGS = ["assassinations", "landmines", "accountability", "humanitarian-aid",
             "border-security"]
LONG = "articles/2031/03/long-tags/"

# Every kind of page the site generates, at its first page. Add new kinds here.
PAGES = [
    ("home", ""),
    ("article", SEED),
    ("article-long-tags", LONG),
    ("tag", "tags/ceasefire/"),
    ("country", "regions/sy/"),
    ("region", "regions/sy/sy-id/"),
    ("source", "sources/filler-gazette/"),
    ("year", "chronology/2031/"),
    ("month", "chronology/2031/01/"),
    ("chronology", "chronology/"),
    ("regions", "regions/"),
    ("tags", "tags/"),
    ("search", "search/?q=filler"),
    ("data", "data/"),
]

BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("a11y")
    content, site = root / "content", root / "site"
    write_fixture(content)
    # Long multi-word tag names: the pills must wrap between words on a phone.
    write_article(content, "articles/2031/03/long-tags.md", title="Synthetic Golf Report",
                  body="Synthetic filler paragraph about the invented town of Velmora.",
                  date="2031-03-03", source="Synthetic Courier", region="SY-ID",
                  original_url="https://news.example.org/g", byline="Filler Wire",
                  language="en", tags=LONG_TAGS)
    build_site(content, site)
    return site


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    with serve(built) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(CHROMIUM) as b:
        yield b


def _open(browser, url: str, width: int, scheme: str = "light"):
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(url)
    if "/search/" in url:  # results and filters are drawn by script: check them too
        page.wait_for_function(
            "() => /article|No articles/.test("
            "document.querySelector('.na-search__status').textContent)", timeout=15_000)
        page.locator(".na-search__filters > summary").click()
        page.wait_for_selector(".na-search__group")
    page.wait_for_load_state("networkidle")
    return page


def _blocking(results: dict) -> list[str]:
    """One line per serious or critical violation: rule, impact, element, what is wrong."""
    lines = []
    for v in results["violations"]:
        if v["impact"] not in BLOCKING:
            continue
        for node in v["nodes"]:
            why = "; ".join(c["message"] for c in node["any"] + node["all"] + node["none"])
            lines.append(f"{v['id']} ({v['impact']}) {node['target']}: {why}")
    return lines


@pytest.mark.parametrize(("scheme", "width"),
                         [("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)])
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[n for n, _ in PAGES])
def test_axe_finds_no_serious_violations(served, browser, name, path, scheme, width) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = _open(browser, served + path, width, scheme)
    assert page.locator("article h1").first.is_visible()
    results = Axe().run(page).response
    assert results["testEngine"]["version"].startswith("4.")
    page.close()
    problems = _blocking(results)
    assert problems == [], f"{name} ({scheme}, {width}px):\n" + "\n".join(problems)


def _focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        const bar = e.querySelector('rect'), b = bar && getComputedStyle(bar);
        return {inChart: !!e.closest('svg.na-timeline__chart'), tag: e.tagName,
                label: e.getAttribute('aria-label'), href: e.getAttribute('href'),
                outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
                ring: b && [b.stroke, parseFloat(b.strokeWidth), b.vectorEffect]}; }""")


def test_timeline_bars_by_keyboard(served, browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page = _open(browser, served, 1280)
    bars = page.locator("svg.na-timeline__chart a")
    names = [bars.nth(i).get_attribute("aria-label") for i in range(bars.count())]
    assert len(names) == 5  # months with articles: 2020-01, 2031-01, -02, -03, 2032-03
    page.locator("body").focus()
    reached: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        info = _focused(page)
        if info["inChart"]:
            reached.append(info["label"])
            # The focused element names its month and count, and shows where focus is.
            expect(page.locator(":focus")).to_have_accessible_name(info["label"])
            assert info["outline"] != "none" and info["outlineWidth"] >= 2, info
            # The chart is stretched, so the outline is thin: the bar's ring is in screen px.
            stroke, width, effect = info["ring"]
            assert stroke != "none" and width >= 2 and effect == "non-scaling-stroke", info
            if len(reached) == 1:
                page.screenshot(path=str(tmp_path / "timeline-focus.png"))
        elif reached:
            break
    assert reached == names
    assert reached[0] == "January 2020: 1 article"
    assert reached[1] == "January 2031: 3 articles"
    # Shift+Tab back onto the last bar, Enter opens its month.
    page.keyboard.press("Shift+Tab")
    assert _focused(page)["label"] == "March 2032: 1 article"
    page.keyboard.press("Enter")
    page.wait_for_url("**/chronology/2032/03/")
    page.close()


# Splits inside a word: two adjacent non-space characters of one element (a tag pill, a
# file name) on different lines.
_BROKEN_WORDS = """(selector) => { const out = [];
  for (const pill of document.querySelectorAll(selector)) {
    const text = pill.textContent, range = document.createRange();
    const node = pill.firstChild; let prev = null;
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (prev && /\\S/.test(text[i - 1]) && /\\S/.test(text[i]) && box.top >= prev.bottom - 1)
        out.push(text.slice(0, i) + '|' + text.slice(i));
      prev = box;
    }
  } return out; }"""


@pytest.mark.parametrize("width", [320, 360, 390])
@pytest.mark.parametrize("path", [SEED, LONG])
def test_tag_pills_wrap_between_words_on_a_phone(served, browser, path, width) -> None:
    page = _open(browser, served + path, width)
    pills = page.locator(".na-meta .na-tag")
    assert pills.count() >= 3
    assert page.evaluate(_BROKEN_WORDS, ".na-tag") == []
    # A pill is one box: it moves to the next line whole, or wraps inside its own border.
    assert pills.evaluate_all("ps => ps.map(p => getComputedStyle(p).display)") == \
        ["inline-block"] * pills.count()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.close()


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_data_page_file_names_stay_whole(served, browser, width) -> None:
    """The Data page's file names are links a reader copies or recognises: never split."""
    page = _open(browser, served + "data/", width)
    names = page.locator(".na-data-files th a")
    assert names.all_inner_texts()[:2] == ["archive.csv", "archive.jsonl"]
    assert page.evaluate(_BROKEN_WORDS, ".na-data-files th a") == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.close()


def test_year_page_charts_its_months_on_a_phone(served, browser, built: Path) -> None:
    page = _open(browser, served + "chronology/2031/", 390)
    chart = page.locator("svg.na-timeline__chart")
    assert chart.count() == 1 and chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] >= 300 and box["height"] > 50
    labels = chart.locator("a").evaluate_all("as => as.map(a => a.getAttribute('aria-label'))")
    # One link per month with articles, named like the page's own list of months.
    assert labels == ["January 2031: 3 articles", "February 2031: 1 article",
                      "March 2031: 1 article"]
    months = page.locator(".na-counts a").all_inner_texts()
    assert [label.split(":")[0] for label in labels] == months
    # The whole year is the axis, labelled by month; no list of years linking to the page.
    axis = page.locator(".na-timeline__years span").all_inner_texts()
    assert axis == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                    "Nov", "Dec"]
    assert page.locator(".na-timeline__alt").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    chart.locator("a").nth(1).click()
    page.wait_for_url("**/chronology/2031/02/")
    page.close()
