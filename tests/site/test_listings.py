"""Generated pages: every listing holds exactly its articles, in order; every link resolves."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

from tests.helpers import page, texts


def listing(site: Path, url: str) -> list[str]:
    """Titles listed on a (possibly paginated) listing page, following its pager."""
    titles: list[str] = []
    seen: set[str] = set()
    queue = [url]
    while queue:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        doc = page(site, current)
        titles += texts(doc.cssselect("article .na-list .na-item__title"))
        for a in doc.cssselect(".na-pager a[rel=next]"):
            queue.append(_resolve(current, a.get("href")))
    return titles


def _resolve(base: str, href: str) -> str:
    return urljoin("/" + base, href).lstrip("/")


def test_tag_pages_list_their_articles_newest_first(fixture_site) -> None:
    _, site, _ = fixture_site
    assert listing(site, "tags/ceasefire/") == [
        "Synthetic Bravo Report", "Synthetic Alpha Report", "Synthetic Echo Report",
        "Russian-Led Air Strikes Suspended in Idlib After Ceasefire"]
    assert listing(site, "tags/shelling/")[0] == "Synthetic Charlie Report"


def test_tag_index_counts(fixture_site) -> None:
    _, site, _ = fixture_site
    doc = page(site, "tags/")
    counts = dict(zip(texts(doc.cssselect(".na-counts a")),
                      texts(doc.cssselect(".na-counts .na-count")), strict=True))
    assert counts["Ceasefire"] == "4"
    assert counts["Airstrikes"] == "3"


def test_pagination_splits_long_listings(fixture_site) -> None:
    _, site, _ = fixture_site  # built with page_size=2
    first = page(site, "tags/ceasefire/")
    assert len(first.cssselect("article .na-list > li")) == 2
    # The older page is numbered from the oldest in its URL, from the newest for readers.
    older = page(site, "tags/ceasefire/page/1/")
    assert len(older.cssselect("article .na-list > li")) == 2
    assert not (site / "tags/ceasefire/page/2/index.html").exists()
    assert texts(first.cssselect(".na-pager [aria-current=page]")) == ["1"]
    assert texts(older.cssselect(".na-pager [aria-current=page]")) == ["2"]
    assert "(page 2 of 2)" in texts(older.cssselect("h1"))[0]
    assert "4 articles" in texts(first.cssselect(".na-lead"))[0]
    assert texts(older.cssselect(".na-lead"))[0].startswith("Articles of ")


def test_region_pages(fixture_site) -> None:
    _, site, _ = fixture_site
    assert listing(site, "regions/sy/sy-id/") == [
        "Synthetic Bravo Report", "Synthetic Alpha Report",
        "Russian-Led Air Strikes Suspended in Idlib After Ceasefire"]
    # The country page holds its regions' articles and its own.
    assert listing(site, "regions/sy/") == [
        "Synthetic Delta Report", "Synthetic Bravo Report", "Synthetic Alpha Report",
        "Synthetic Echo Report", "Russian-Led Air Strikes Suspended in Idlib After Ceasefire"]
    region = page(site, "regions/sy/sy-id/")
    assert "إدلب" in region.cssselect(".na-local")[0].text_content()
    assert "SY-ID" in region.cssselect(".na-lead")[0].text_content()
    index = page(site, "regions/")
    countries = texts(index.cssselect(".na-regions > li > a"))
    assert countries == ["Syria", "Ukraine"]


def test_source_pages(fixture_site) -> None:
    _, site, _ = fixture_site
    assert listing(site, "sources/filler-gazette/") == [
        "Synthetic Delta Report", "Synthetic Charlie Report", "Synthetic Echo Report"]
    assert listing(site, "sources/the-moscow-times/") == [
        "Russian-Led Air Strikes Suspended in Idlib After Ceasefire"]


def test_chronology_pages(fixture_site) -> None:
    _, site, _ = fixture_site
    month = page(site, "chronology/2031/01/")
    assert [h.get("id") for h in month.cssselect("article h2")] == ["2031-01-05", "2031-01-07"]
    assert texts(month.cssselect("article .na-item__title")) == [
        "Synthetic Alpha Report", "Synthetic Echo Report", "Synthetic Bravo Report"]
    years = texts(page(site, "chronology/").cssselect(".na-years > li > a"))
    assert years == ["2020", "2031", "2032"]
    year = page(site, "chronology/2031/")
    assert texts(year.cssselect(".na-counts a")) == ["January 2031", "February 2031"]


def test_timeline_bars_link_to_month_pages(fixture_site) -> None:
    _, site, _ = fixture_site
    home = page(site, "")
    bars = home.cssselect("svg.na-timeline__chart a")
    assert len(bars) == 4  # Jan 2020, Jan 2031, Feb 2031, Mar 2032
    labels = [a.get("aria-label") for a in bars]
    assert "January 2031: 3 articles" in labels
    assert home.cssselect("svg.na-timeline__chart title")[0].text == \
        "The archive: articles per month"
    tag_bars = page(site, "tags/shelling/").cssselect("svg.na-timeline__chart a")
    # The seed article (January 2020) is tagged shelling too.
    assert [a.get("aria-label") for a in tag_bars] == ["January 2020: 1 article",
                                                      "February 2031: 1 article"]


def test_prev_next_chain_covers_every_article_once(fixture_site) -> None:
    _, site, _ = fixture_site
    start = "articles/2020/01/russian-led-air-strikes-suspended-in-idlib-after-ceasefire/"
    assert not page(site, start).cssselect(".na-prevnext a[rel=prev]")
    chain, current = [], start
    while current:
        chain.append(current)
        nxt = page(site, current).cssselect(".na-article-footer .na-prevnext a[rel=next]")
        current = _resolve(current, nxt[0].get("href")) if nxt else None
    articles = sorted(str(p.parent.relative_to(site)) + "/"
                      for p in (site / "articles").rglob("index.html"))
    assert sorted(chain) == articles and len(chain) == len(set(chain)) == 6


def test_every_internal_link_resolves(fixture_site) -> None:
    _, site, _ = fixture_site
    broken = []
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for html_file in pages:
        rel = html_file.relative_to(site).as_posix()
        doc = page(site, rel)
        anchors = {e.get("id") for e in doc.iter() if e.get("id")}
        for el in doc.iter("a", "link", "script", "img"):
            ref = el.get("href") or el.get("src")
            if not ref or ref.startswith(("http:", "https:", "mailto:", "data:", "javascript:")):
                continue
            target, fragment = urldefrag(urljoin("/" + rel, ref))
            target = unquote(target).lstrip("/")
            path = site / target
            if target == "" or target.endswith("/"):
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{rel}: {ref}")
            elif fragment and path.suffix == ".html":
                ids = anchors if path == html_file else {
                    e.get("id") for e in page(site, path.relative_to(site).as_posix()).iter()
                    if e.get("id")}
                if fragment not in ids:
                    broken.append(f"{rel}: {ref} (no #{fragment})")
    assert broken == []


def test_source_related_titles_link_both_ways(fixture_site) -> None:
    _, site, _ = fixture_site
    citing = page(site, "articles/2031/01/b/")
    links = citing.cssselect(".na-cites a")
    assert texts(links) == ["Synthetic Alpha Report"]
    assert links[0].get("href") == "../a/"
    cited = page(site, "articles/2031/01/a/")
    assert texts(cited.cssselect(".na-cited-by a")) == ["Synthetic Bravo Report"]
    # The seed's own related titles are not archived: listed as text, not as links.
    seed = page(site, "articles/2020/01/russian-led-air-strikes-suspended-in-idlib-after-"
                      "ceasefire/")
    items = texts(seed.cssselect(".na-cites li"))
    assert items[0].startswith("Over 230,000 People Flee Idlib in Two-Week Russian-Backed")
    assert "(not in the archive)" in items[0] and not seed.cssselect(".na-cites a")


def test_related_lists_give_reasons(fixture_site) -> None:
    _, site, _ = fixture_site
    doc = page(site, "articles/2031/01/a/")
    titles = texts(doc.cssselect(".na-related .na-item__title"))
    reasons = texts(doc.cssselect(".na-related .na-reason"))
    assert "Synthetic Alpha Report" not in titles  # never related to itself
    # Same region and both tags outweigh closeness in time; then same region, one tag.
    assert list(zip(titles, reasons, strict=True))[:3] == [
        ("Russian-Led Air Strikes Suspended in Idlib After Ceasefire",
         "same region: Idlib; shared tags: Ceasefire, Airstrikes; 11 years earlier"),
        ("Synthetic Bravo Report", "same region: Idlib; shared tags: Ceasefire; 2 days later"),
        ("Synthetic Echo Report", "same country: Syria; shared tags: Ceasefire; same day"),
    ]
