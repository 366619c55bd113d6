"""The coverage map on the built site: circles against the archive's region counts, links,
the table, page keys, the ``map`` option, and (in Chromium) no request beyond the site,
hostile place names inert, keyboard focus and screenshots.

Screenshots (home and a country page, 1280 px and 390 px) are written to
``$NEWSARCHIVE_SCREENSHOTS`` (default: pytest's temp dir) for people to look at.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from lxml import html as lxml_html

from newsarchive.archive.frontmatter import split
from newsarchive.vocab import DATA_DIR, load_vocab
from tests.helpers import ROOT, build_site, write_article
from tests.site.conftest import FIXTURE, Archive, write_fixture

SVG = "{http://www.w3.org/2000/svg}"


def fixture_counts() -> Counter[str]:
    """Articles per region code in the fixture archive (its synthetic articles and the
    shipped seed article), read from the fixture's own data."""
    counts = Counter(region for _, _, _, _, region, _, _ in FIXTURE)
    for path in (ROOT / "content" / "articles" / "2020").rglob("*.md"):
        meta, _ = split(path.read_text(encoding="utf-8"))
        counts[meta["region"]] += 1
    return counts


def label(code: str) -> str:
    regions = load_vocab().regions
    region = regions[code]
    if region.is_country:
        return region.name
    return f"{region.name}, {regions[region.country].name}"


def names(counts: Counter[str]) -> list[str]:
    return sorted(f"{label(c)}: {n} article{'s' if n != 1 else ''}" for c, n in counts.items())


def page(site: Path, rel: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / rel).read_bytes())


def circles(doc: lxml_html.HtmlElement) -> list[tuple[str, str, float]]:
    """(href, accessible name, radius) of every circle of the page's map."""
    found = []
    for link in doc.iter("a", f"{SVG}a"):
        if "na-map__link" not in (link.get("class") or ""):
            continue
        [circle] = [c for c in link.iter() if str(c.tag).endswith("circle")]
        found.append((link.get("href"), link.get("aria-label"), float(circle.get("r"))))
    return found


def table_rows(doc: lxml_html.HtmlElement) -> list[tuple[str, int, bool]]:
    """(href, count, on the map) of every row of the map's table."""
    rows = []
    for tr in doc.cssselect(".na-coverage__table tbody tr"):
        link = tr.cssselect("th a")[0]
        count = int(tr.cssselect(".na-coverage__count")[0].text_content().replace(",", ""))
        rows.append((link.get("href"), count, "not on the map" not in tr.text_content()))
    return rows


def resolve(site: Path, rel: str, href: str) -> Path:
    """The built file a relative link on the page ``rel`` leads to; the link must stay in
    the site."""
    assert not urlsplit(href).scheme and not href.startswith("/"), href
    target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
    assert not target.startswith(".."), f"{rel}: {href} leaves the site"
    path = site / target
    return path / "index.html" if path.is_dir() else path


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("map")
    write_fixture(root / "content")
    build_site(root / "content", root / "site", page_size=2)
    return root / "site"


def test_home_map_has_one_circle_per_region_with_its_count(built_site: Path) -> None:
    counts = fixture_counts()
    found = circles(page(built_site, "index.html"))
    assert sorted(name for _, name, _ in found) == names(counts)
    # Sized by the count: the busiest region has the largest circle, equal counts equal ones.
    by_name = {name.split(":")[0]: r for _, name, r in found}
    busiest = max(counts, key=lambda c: counts[c])
    assert by_name[label(busiest)] == max(by_name.values())
    assert len({r for _, name, r in found if name.endswith(": 1 article")}) == 1


def test_country_pages_map_their_own_regions_only(built_site: Path) -> None:
    counts = fixture_counts()
    for country in {c.split("-")[0] for c in counts}:
        doc = page(built_site, f"regions/{country.lower()}/index.html")
        mine = Counter({c: n for c, n in counts.items() if c.split("-")[0] == country})
        assert sorted(name for _, name, _ in circles(doc)) == names(mine)
        svg = doc.cssselect("svg.na-map")[0]
        assert "na-map--country" in svg.get("class")
        assert svg.get("aria-labelledby") == "na-map-country-title na-map-country-desc"
        [title] = [e for e in svg if str(e.tag).endswith("title")]
        assert load_vocab().regions[country].name in title.text


def test_every_circle_and_row_links_to_a_built_page_of_its_region(built_site: Path) -> None:
    for rel in ("index.html", "regions/sy/index.html", "regions/ua/index.html"):
        doc = page(built_site, rel)
        found = circles(doc)
        assert found
        for href, name, _ in found:
            target = resolve(built_site, rel, href)
            assert target.is_file(), (rel, href)
            heading = lxml_html.fromstring(target.read_bytes()).cssselect("h1")[0].text_content()
            # The region page's title is "Region, Country", a country page's its name.
            assert heading == name.split(":")[0], (rel, href, heading)
        # The table: the same links and counts as the circles, every row on the map here.
        rows = table_rows(doc)
        assert sorted((h, n) for h, n, _ in rows) == sorted(
            (h, int(re.search(r": (\d+) article", name).group(1))) for h, name, _ in found)
        assert all(on_map for _, _, on_map in rows)
        assert [n for _, n, _ in rows] == sorted((n for _, n, _ in rows), reverse=True)
        caption = doc.cssselect(".na-coverage__table caption")[0]
        assert caption.get("id") == doc.cssselect(".na-coverage__table")[0].get(
            "aria-labelledby")
        assert [th.text for th in doc.cssselect(".na-coverage__table thead th")] == [
            "Region", "Country", "Articles"]


def test_map_only_on_home_and_first_country_pages(built_site: Path) -> None:
    with_map = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                if b'class="na-map ' in p.read_bytes()}
    countries = {c.split("-")[0].lower() for c in fixture_counts()}
    assert with_map == {"index.html", *(f"regions/{c}/index.html" for c in countries)}
    # Syria's listing has older pages (page_size 2): they show no map.
    assert (built_site / "regions/sy/page/1/index.html").is_file()
    # The stylesheet is published and linked from the <head> (the theme's extra_css).
    assert (built_site / "assets/newsarchive/svgmap.css").is_file()
    for rel in with_map:
        links = [e.get("href") for e in page(built_site, rel).cssselect("head link[rel=stylesheet]")]
        assert any(resolve(built_site, rel, h) == built_site / "assets/newsarchive/svgmap.css"
                   for h in links if not urlsplit(h).scheme)


def test_map_makes_no_reference_to_another_host(built_site: Path) -> None:
    doc = page(built_site, "index.html")
    svg = doc.cssselect("svg.na-map")[0]
    refs = [v for e in svg.iter() for k, v in e.attrib.items()
            if k in ("href", "src") or k.endswith("}href") or "url(" in v]
    assert refs
    for ref in refs:
        assert not urlsplit(ref).scheme and not ref.startswith("//"), ref
    assert not svg.cssselect("script, foreignObject, image")


def test_map_option_off(tmp_path: Path) -> None:
    write_fixture(tmp_path / "content")
    build_site(tmp_path / "content", tmp_path / "site", map=False)
    site = tmp_path / "site"
    assert not [p for p in site.rglob("*.html") if b"na-map" in p.read_bytes()]
    assert not (site / "assets/newsarchive/svgmap.css").exists()
    assert b"svgmap.css" not in (site / "index.html").read_bytes()


def test_unknown_place_is_listed_in_the_table_without_a_circle(tmp_path: Path) -> None:
    write_fixture(tmp_path / "content")
    write_article(tmp_path / "content", "articles/2031/04/x.md", title="Synthetic Xray Report",
                  date="2031-04-02", source="Filler Gazette", region="XA-01",
                  original_url="https://news.example.org/x", language="en", tags=["shelling"])
    build_site(tmp_path / "content", tmp_path / "site", strict=False)
    doc = page(tmp_path / "site", "index.html")
    rows = table_rows(doc)
    assert [(n, on) for h, n, on in rows if h == "regions/xa/"] == [(1, False)]
    assert len(circles(doc)) == len(rows) - 1
    assert "XA" not in " ".join(name for _, name, _ in circles(doc))
    # Its country's page: no place with a point, so the table alone.
    country = page(tmp_path / "site", "regions/xa/index.html")
    assert not country.cssselect("svg.na-map")
    assert table_rows(country) == [("./", 1, False)]
    assert "None of these places has a point" in country.cssselect(".na-coverage")[0].text_content()


# -- page keys --------------------------------------------------------------------------------

def test_a_new_article_changes_the_maps_that_count_it_and_no_other(built: Archive) -> None:
    write_article(built.content, "articles/2031/05/k.md", title="Synthetic Kilo Report",
                  date="2031-05-02", source="Filler Gazette", region="UA-63",
                  original_url="https://news.example.org/k", byline="Filler Wire",
                  language="en", tags=["shelling"])
    done = built.build()
    assert {"index.html", "regions/ua/index.html"} <= done.rendered
    assert "regions/sy/index.html" in done.kept
    assert "Kharkiv, Ukraine: 2 articles" in [n for _, n, _ in circles(
        page(built.site, "index.html"))]
    write_article(built.content, "articles/2031/05/l.md", title="Synthetic Lima Report",
                  date="2031-05-03", source="Filler Gazette", region="SY-HL",
                  original_url="https://news.example.org/l", byline="Filler Wire",
                  language="en", tags=["shelling"])
    done = built.build()
    assert {"index.html", "regions/sy/index.html"} <= done.rendered
    assert "regions/ua/index.html" in done.kept
    for rel in ("index.html", "regions/sy/index.html"):
        assert "Aleppo, Syria: 2 articles" in [n for _, n, _ in circles(page(built.site, rel))]
    full = built.full_build()
    for rel in ("index.html", "regions/sy/index.html", "regions/ua/index.html"):
        assert (full / rel).read_bytes() == (built.site / rel).read_bytes(), rel


# -- in Chromium ------------------------------------------------------------------------------

HOSTILE = {  # where -> a payload that marks <html> when it runs
    "region name": '<svg onload=top.document.all[0].dataset.xss1x60=1>',
    "country name": 'W"><img src=x onerror=top.document.all[0].dataset.xss2x61=1>',
    "region code": '" autofocus onfocus=top.document.all[0].dataset.xss3x62=1 x="',
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with hostile names in a copy of the regions vocabulary (Idlib's and
    Syria's) and an article filed under a hostile region code."""
    root = tmp_path_factory.mktemp("hostile-map")
    vocab = root / "vocab"
    vocab.mkdir()
    data = yaml.safe_load((DATA_DIR / "regions.yaml").read_text(encoding="utf-8"))
    data["SY-ID"]["name"] = f"Idlib {HOSTILE['region name']}"
    data["SY"]["name"] = f"Syria {HOSTILE['country name']}"
    (vocab / "regions.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                        encoding="utf-8")
    shutil.copy(DATA_DIR / "coordinates.tsv", vocab / "coordinates.tsv")
    write_fixture(root / "content")
    write_article(root / "content", "articles/2031/04/h.md", title="Synthetic Hotel Report",
                  date="2031-04-02", source="Filler Gazette",
                  region=f"SY-{HOSTILE['region code']}", original_url="https://news.example.org/h",
                  language="en", tags=["shelling"])
    build_site(root / "content", root / "site", strict=False,
               regions_file=str(vocab / "regions.yaml"))
    return root / "site"


def test_hostile_place_names_stay_text(hostile_site: Path) -> None:
    for rel in ("index.html", "regions/sy/index.html"):
        doc = page(hostile_site, rel)
        found = [name for _, name, _ in circles(doc)]
        assert any(HOSTILE["region name"] in n and HOSTILE["country name"] in n for n in found)
        assert not doc.cssselect("svg.na-map img, svg.na-map svg[onload], [onerror], [onfocus]")
        text = doc.cssselect(".na-coverage__table")[0].text_content()
        assert HOSTILE["region name"] in text and HOSTILE["country name"] in text


@pytest.fixture(scope="module")
def browser():
    from tests.helpers import chromium, chromium_or_skip

    with chromium(chromium_or_skip()) as b:
        yield b


@pytest.mark.browser
def test_hostile_place_names_are_inert_in_chromium(browser, hostile_site: Path) -> None:
    from tests.site.test_xss_browser import PROBE, serve

    with serve(hostile_site) as base:
        tab = browser.new_page()
        for rel in ("", "regions/sy/"):
            tab.goto(base + rel, wait_until="load")
            for _ in range(60):  # focus every link of the page, circles included
                tab.keyboard.press("Tab")
            result = tab.evaluate(PROBE)
            assert result == {"ran": [], "handlers": [], "urls": []}, (rel, result)
            assert tab.locator("svg.na-map a.na-map__link").count() >= 2
        tab.close()


@pytest.mark.browser
def test_pages_with_a_map_request_nothing_beyond_the_site(browser, built_site: Path) -> None:
    from tests.site.test_xss_browser import serve

    with serve(built_site) as base:
        tab = browser.new_page()
        requests: list[str] = []
        tab.on("request", lambda r: requests.append(r.url))
        for rel in ("", "regions/sy/"):
            tab.goto(base + rel, wait_until="networkidle")
        tab.close()
    assert requests
    elsewhere = [u for u in requests if not (u.startswith(base) or u.startswith("data:"))]
    assert elsewhere == []
    assert any(u.endswith("/assets/newsarchive/svgmap.css") for u in requests)


@pytest.mark.browser
def test_keyboard_reaches_a_circle_with_a_visible_focus_ring(browser, built_site: Path,
                                                            tmp_path_factory) -> None:
    from tests.site.test_xss_browser import serve

    shots = Path(os.environ.get("NEWSARCHIVE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    shots.mkdir(parents=True, exist_ok=True)
    with serve(built_site) as base:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(base, wait_until="load")
        for _ in range(150):
            tab.keyboard.press("Tab")
            if tab.evaluate("document.activeElement.classList.contains('na-map__link')"):
                break
        else:
            pytest.fail("Tab never reached a circle of the map")
        name = tab.evaluate("document.activeElement.getAttribute('aria-label')")
        assert name in names(fixture_counts())
        ring = tab.evaluate("getComputedStyle(document.activeElement.querySelector('circle'))"
                            ".strokeWidth")
        assert ring == "3px"
        tab.locator("svg.na-map").screenshot(path=str(shots / "map-focus-1280.png"))
        tab.keyboard.press("Enter")  # the focused circle follows its link
        tab.wait_for_url(re.compile(r".*/regions/.+"))
        assert tab.locator("h1").inner_text() == name.split(":")[0]
        tab.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_and_the_table_on_small_screens(browser, built_site: Path, width: int,
                                                    tmp_path_factory) -> None:
    from tests.site.test_xss_browser import serve

    shots = Path(os.environ.get("NEWSARCHIVE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    shots.mkdir(parents=True, exist_ok=True)
    with serve(built_site) as base:
        tab = browser.new_page(viewport={"width": width, "height": 900})
        for name, rel in (("home", ""), ("country", "regions/sy/")):
            tab.goto(base + rel, wait_until="load")
            table = tab.locator(".na-coverage__table table")
            assert table.is_visible()
            box = table.bounding_box()
            assert box is not None and box["width"] <= width
            # Every row's link is there to tap, not clipped by the page.
            for link in table.locator("tbody a").all():
                link.scroll_into_view_if_needed()
                assert link.is_visible()
                b = link.bounding_box()
                assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= width
            svg = tab.locator("svg.na-map").bounding_box()
            assert svg is not None and svg["width"] <= width
            # The header sticks to the top: in a full-page picture it would cover the map.
            tab.add_style_tag(content=".md-header { position: static }")
            tab.screenshot(path=str(shots / f"map-{name}-{width}.png"), full_page=True)
            tab.locator(".na-coverage").screenshot(
                path=str(shots / f"map-{name}-{width}-section.png"))
        tab.close()
