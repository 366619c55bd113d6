"""The built site: article header, home page, validation in the build, originals unpublished."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.helpers import build_site, page, texts, write_article

SEED_PAGE = "articles/2020/01/russian-led-air-strikes-suspended-in-idlib-after-ceasefire/"


def meta(doc) -> dict[str, str]:
    keys = texts(doc.cssselect(".na-meta dt"))
    values = texts(doc.cssselect(".na-meta dd"))
    return dict(zip(keys, values, strict=True))


def test_build_is_clean(fixture_site) -> None:
    _, _, warnings = fixture_site
    assert warnings == []


def test_seed_article_header(fixture_site) -> None:
    _, site, _ = fixture_site
    doc = page(site, SEED_PAGE)
    assert texts(doc.cssselect("article h1")) == [
        "Russian-Led Air Strikes Suspended in Idlib After Ceasefire"]
    m = meta(doc)
    assert m["Source"] == "The Moscow Times"
    assert m["By"] == "Reuters"
    assert m["Published"] == "12 January 2020"
    assert m["Region"].startswith("Syria / Idlib")
    assert "إدلب" in m["Region"]  # the local-script name next to the English one
    assert m["Photo"] == "Baderkhan Ahmad / AP / TASS"
    assert "Ceasefire" in m["Tags"]
    original = doc.cssselect("a.na-original")[0].get("href")
    assert original == ("https://www.themoscowtimes.com/2020/01/12/russian-led-air-strikes-"
                        "suspended-in-idlib-after-ceasefire-a68869")
    assert doc.cssselect("a.na-wayback")[0].get("href") == \
        f"https://web.archive.org/web/20200112/{original}"
    body = doc.cssselect(".na-article-body")[0].text_content()
    assert "tens of thousands of civilians uprooted by the violence." in body
    assert "Related article" not in body and "Original url" not in body


def test_header_links_to_listing_pages(fixture_site) -> None:
    _, site, _ = fixture_site
    doc = page(site, "articles/2031/01/a/")
    hrefs = [a.get("href") for a in doc.cssselect(".na-meta a")]
    for expected in ("../../../../sources/synthetic-courier/", "../../../../regions/sy/",
                     "../../../../regions/sy/sy-id/", "../../../../tags/ceasefire/",
                     "../../../../chronology/2031/01/#2031-01-05"):
        assert expected in hrefs


def test_home_lists_articles_newest_first(fixture_site) -> None:
    _, site, _ = fixture_site
    doc = page(site, "")
    titles = texts(doc.cssselect(".na-list .na-item__title"))
    assert titles == ["Synthetic Delta Report", "Synthetic Charlie Report",
                      "Synthetic Bravo Report", "Synthetic Alpha Report",
                      "Synthetic Echo Report",
                      "Russian-Led Air Strikes Suspended in Idlib After Ceasefire"]


def test_originals_are_not_published(fixture_site) -> None:
    _, site, _ = fixture_site
    assert not (site / "originals").exists()
    for html in site.rglob("*.html"):
        assert "alert('original')" not in html.read_text(encoding="utf-8")


def test_nav_holds_indexes_not_articles(fixture_site) -> None:
    _, site, _ = fixture_site
    doc = page(site, "")
    tabs = texts(doc.cssselect(".md-tabs__link"))
    assert tabs == ["Home", "Chronology", "Regions", "Tags", "Sources", "Search"]
    nav_links = texts(doc.cssselect("nav.md-nav--primary a"))
    assert not any("Synthetic" in t for t in nav_links)


def test_strict_build_fails_on_bad_frontmatter(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "articles/2031/01/bad.md", title="Synthetic Bad", date="2031-01-01",
                  source="Filler", region="Idlb", original_url="https://news.example.org/bad",
                  tags=["nonsense-tag"])
    with pytest.raises(Abort):
        build_site(content, tmp_path / "site", strict=True)
    warnings = build_site(content, tmp_path / "site2", strict=False)
    joined = "\n".join(warnings)
    assert "articles/2031/01/bad.md: region: 'Idlb' is not in the gazetteer" in joined
    assert "articles/2031/01/bad.md: tags: 'nonsense-tag' is not in the tags vocabulary" in joined


def test_browser_tab_titles(fixture_site) -> None:
    _, site, _ = fixture_site
    assert page(site, "").findtext(".//title") == "newsarchive"
    assert page(site, "tags/ceasefire/").findtext(".//title") == "Tag: Ceasefire - newsarchive"
    assert page(site, SEED_PAGE).findtext(".//title") == \
        "Russian-Led Air Strikes Suspended in Idlib After Ceasefire - newsarchive"
