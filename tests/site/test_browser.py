"""The built site in a real browser (Playwright driving the system Chromium).

Desktop and mobile widths, dark scheme, right-to-left articles. Screenshots are written to
``$NEWSARCHIVE_SCREENSHOTS`` (default: pytest's temp dir) for people to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import build_site, chromium, chromium_or_skip, serve, write_article
from tests.site.conftest import write_fixture

CHROMIUM = chromium_or_skip()

pytestmark = pytest.mark.browser

ARABIC_TITLE = "نص تجريبي عن وادي قارفيلا المتخيل"
ARABIC_BODY = ("هذا نص تجريبي مصطنع لاختبار عرض الأرشيف من اليمين إلى اليسار، ولا يصف أي حدث "
               "حقيقي.\n\nفقرة ثانية تجريبية لملء الصفحة.")


HOSTILE_TITLE = 'Synthetic zorblat & <3 "quoted" > report'

CYRILLIC = [
    ("ru", "Синтетическая заметка о долине Карвелла",
     "Это синтетический текст для проверки поиска, он не описывает реальных событий."),
    ("uk", "Синтетична нотатка про долину Карвелла",
     "Це синтетичний текст для перевірки пошуку, він не описує реальних подій."),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    content, site = root / "content", root / "site"
    write_fixture(content)
    write_article(content, "articles/2031/04/arabic.md", body=ARABIC_BODY, title=ARABIC_TITLE,
                  date="2031-04-02", source="Synthetic Courier", region="SY-ID",
                  original_url="https://news.example.org/ar", language="ar",
                  tags=["ceasefire"])
    for lang, title, text in CYRILLIC:
        write_article(content, f"articles/2031/05/{lang}.md", body=text, title=title,
                      date="2031-05-02", source="Synthetic Courier", region="UA-63",
                      original_url=f"https://news.example.org/{lang}", language=lang)
    # Hostile text in the index: it must come back as text, never as markup.
    write_article(content, "articles/2032/06/hostile.md", title=HOSTILE_TITLE,
                  body="Synthetic zorblat padding with a literal &lt;mark&gt; tag and "
                       "<script>window.__xss = 2</script> inline.",
                  date="2032-06-02", source="Synthetic Courier", region="SY-ID",
                  original_url="https://news.example.org/hostile", language="en")
    # Shards of at most 4 pages: 2020, 2031 and 2032 are separate Pagefind bundles, so every
    # search test also checks that the search page merges them.
    build_site(content, site, search_shard_size=4)
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["2020", "2031", "2032"]
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(CHROMIUM) as b:
        yield b


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = Path(os.environ.get("NEWSARCHIVE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


SEED = "articles/2020/01/russian-led-air-strikes-suspended-in-idlib-after-ceasefire/"


@pytest.mark.parametrize(("name", "width", "height"),
                         [("desktop", 1280, 900), ("mobile", 390, 844)])
@pytest.mark.parametrize("path", ["", SEED, "regions/", "chronology/2031/01/", "tags/ceasefire/"])
def test_pages_fit_the_screen(served, browser, shots, name, width, height, path) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + path)
    assert page.locator("article h1").first.is_visible()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} overflows by {overflow}px at {width}px"
    slug = path.strip("/").replace("/", "_") or "home"
    page.screenshot(path=str(shots / f"{slug}-{name}.png"), full_page=True)
    assert errors == []
    page.close()


def test_timeline_bar_opens_its_month(served, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served)
    page.locator("svg.na-timeline__chart a[aria-label^='February 2031']").click()
    page.wait_for_url("**/chronology/2031/02/")
    assert page.locator("article h1").inner_text() == "February 2031"
    page.close()


def test_arabic_article_reads_right_to_left(served, browser, shots) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "articles/2031/04/arabic/")
    body = page.locator(".na-article-body")
    assert body.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator(".na-article-header").evaluate("e => getComputedStyle(e).direction") \
        == "rtl"
    assert page.locator("article h1").inner_text() == ARABIC_TITLE
    page.screenshot(path=str(shots / "arabic-desktop.png"), full_page=True)
    page.close()


def test_dark_scheme(served, browser, shots) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page.goto(served + SEED)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == "slate"
    page.screenshot(path=str(shots / "seed-dark.png"), full_page=False)
    page.close()


def _search(browser, served: str, query: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors
    page.goto(served + "search/?q=" + query)
    _wait_for_results(page)
    return page


def _wait_for_results(page) -> None:
    page.wait_for_function(
        "() => { const m = document.querySelector('.na-search__status');"
        " return m && /article|No articles/.test(m.textContent); }", timeout=15_000)
    page.wait_for_load_state("networkidle")


def _titles(page) -> list[str]:
    return page.locator(".na-search__result-title").all_inner_texts()


def test_search_finds_articles_with_highlighted_excerpts(served, browser, shots) -> None:
    page = _search(browser, served, "filler")
    titles = _titles(page)
    assert "Synthetic Alpha Report" in titles
    assert not any(t in titles for t in ("Tags", "Regions", "Chronology"))  # listings not indexed
    assert page.locator(".na-search__result-excerpt mark").count() > 0
    assert all(m.lower() == "filler" for m in
               page.locator(".na-search__result-excerpt mark").all_inner_texts())
    excerpts = " ".join(page.locator(".na-search__result-excerpt").all_inner_texts())
    assert "¶" not in excerpts  # heading permalinks are not article text
    assert "<" not in excerpts  # highlighting is markup, not text
    meta = page.locator(".na-search__result-meta").first.inner_text()
    assert "·" in meta  # date · source
    # Result links work from the search page (relative to it).
    page.locator(".na-search__result-title", has_text="Synthetic Alpha Report").click()
    page.wait_for_url("**/articles/**")
    assert page.locator("article h1").inner_text() == "Synthetic Alpha Report"
    assert page.errors == []
    page.close()


def test_search_page_loads_no_filter_lists_until_asked(served, browser, shots) -> None:
    fetched: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(served + "search/?q=filler")
    _wait_for_results(page)
    assert not any("/filter/" in u for u in fetched)
    page.locator(".na-search__filters > summary").click()
    page.wait_for_selector(".na-search__group")
    assert any("/filter/" in u for u in fetched)
    legends = page.locator(".na-search__group legend").all_inner_texts()
    assert legends[:2] == ["Country", "Region"] and "Source" in legends and "Year" in legends
    page.screenshot(path=str(shots / "search-filters-desktop.png"), full_page=True)
    page.close()


def _filter(page, group: str, value: str) -> None:
    if not page.locator(".na-search__filters").evaluate("d => d.open"):
        page.locator(".na-search__filters > summary").click()
    box = page.locator(".na-search__group", has=page.locator("legend", has_text=group))
    box.wait_for()
    option = box.locator(".na-search__option", has_text=value)
    if not option.is_visible():
        box.locator(".na-search__all").click()
    option.locator("input").check()
    _wait_for_results(page)
    page.wait_for_timeout(300)


def test_search_filters_by_source_with_counts(served, browser) -> None:
    page = _search(browser, served, "synthetic")
    _filter(page, "Source", "Filler Gazette")
    assert set(_titles(page)) == {"Synthetic Charlie Report", "Synthetic Delta Report",
                                  "Synthetic Echo Report"}
    count = page.locator(".na-search__option", has_text="Filler Gazette") \
        .locator(".na-search__count").inner_text()
    assert count == "3"
    assert page.errors == []
    page.close()


def test_search_filters_combine_region_and_year(served, browser, shots) -> None:
    page = _search(browser, served, "synthetic")
    everything = set(_titles(page))
    _filter(page, "Country", "Syria")
    syria = set(_titles(page))
    assert syria and syria < everything
    _filter(page, "Year", "2031")
    both = set(_titles(page))
    assert both and both <= syria and ARABIC_TITLE in both
    page.screenshot(path=str(shots / "search-filtered-desktop.png"), full_page=True)
    page.locator(".na-search__clear").click()
    _wait_for_results(page)
    page.wait_for_timeout(300)
    assert set(_titles(page)) == everything
    assert page.errors == []
    page.close()


def test_search_on_a_phone_in_dark_mode(served, browser, shots) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page.goto(served + "search/?q=filler")
    _wait_for_results(page)
    page.locator(".na-search__filters > summary").click()
    page.wait_for_selector(".na-search__group")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    fg = page.locator(".na-search__input").evaluate("e => getComputedStyle(e).color")
    assert fg != "rgb(0, 0, 0)"  # follows Material's dark palette
    page.screenshot(path=str(shots / "search-mobile-dark.png"), full_page=True)
    page.close()


def test_search_by_keyboard(served, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "search/")
    page.locator("#na-search-q").focus()
    page.keyboard.type("filler")
    page.keyboard.press("Enter")
    _wait_for_results(page)
    assert "q=filler" in page.url
    page.keyboard.press("Tab")  # the Search button, then the filters
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(".na-search__group")
    page.close()


def test_search_results_show_hostile_index_text_as_text(served, browser) -> None:
    page = _search(browser, served, "zorblat")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert _titles(page) == [HOSTILE_TITLE]
    results = page.locator(".na-search__results")
    assert results.locator("img, script").count() == 0
    excerpt = page.locator(".na-search__result-excerpt").first.inner_text()
    assert "<mark>" in excerpt  # the article's literal text, shown as text
    assert [m.lower() for m in results.locator("mark").all_inner_texts()] == ["zorblat"] * \
        results.locator("mark").count()
    assert page.evaluate("window.__xss") is None and dialogs == []
    page.close()


def test_search_finds_arabic_words(served, browser) -> None:
    page = _search(browser, served, "قارفيلا")
    assert _titles(page) == [ARABIC_TITLE]
    excerpt = page.locator(".na-search__result-excerpt").first
    assert excerpt.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert not page.locator(".na-search__more").is_visible()  # one result: nothing more
    page.close()


@pytest.mark.parametrize(("word", "lang"), [("синтетический", "ru"), ("синтетичний", "uk")])
def test_search_finds_cyrillic_words(served, browser, word: str, lang: str) -> None:
    page = _search(browser, served, word)
    expected = next(title for code, title, _ in CYRILLIC if code == lang)
    assert _titles(page) == [expected]
    page.close()


def test_header_search_box_opens_results(served, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "tags/")
    page.fill("#na-q", "filler")
    page.press("#na-q", "Enter")
    page.wait_for_url("**/search/?q=filler")
    page.wait_for_selector(".na-search__result", timeout=15_000)
    page.close()


def test_timeline_spans_the_content_width(served, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "tags/ceasefire/")
    chart = page.locator("svg.na-timeline__chart").bounding_box()
    column = page.locator("article.md-content__inner").bounding_box()
    assert chart is not None and column is not None
    assert chart["width"] >= 0.9 * column["width"]
    page.close()
