"""The dataset in the built site: data/archive.csv, archive.jsonl and datapackage.json read
back (the standard library, Frictionless), the Data page's sizes, counts and links, the
home page's and footer's way to it, hostile titles, options, and the build cache.
Every article is synthetic (the fixture archive, plus invented ones here)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
from frictionless import validate

from newsarchive.export.dataset import COLUMNS, TEXT_COLUMN, unescape_cell
from tests.helpers import build_site, page, texts, write_article
from tests.site.conftest import Archive, write_fixture

SITE_URL = "https://archive.example.org/"
DATA = ("archive.csv", "archive.jsonl", "datapackage.json")
HOSTILE_TITLE = '=HYPERLINK("https://evil.example/","Velmora") & " < script > alert(1) < b"'
MARKUP_TITLE = "<script>alert(1)</script> Synthetic Velmora headline"


def _extra_articles(content: Path) -> None:
    """A hostile headline (the newest article, so the Data page's sample shows it), an
    article waiting for review and one whose title holds markup (the loader refuses that
    title, so it waits for review too: in no listing, so in no row)."""
    write_article(content, "articles/2033/06/hostile.md",
                  body="Synthetic filler paragraph.", title=HOSTILE_TITLE,
                  date="2033-06-01", source="Synthetic Courier", region="UA-63",
                  original_url="https://news.example.org/hostile", language="en",
                  byline="@Synthetic Wire", tags=["shelling"])
    write_article(content, "articles/2031/05/waiting.md", body="Synthetic filler paragraph.",
                  title="Synthetic Review Item", date="2031-05-01", source=None,
                  region="SY", original_url="https://news.example.org/waiting",
                  review=["source"])
    write_article(content, "articles/2033/06/markup.md", body="Synthetic filler paragraph.",
                  title=MARKUP_TITLE, date="2033-06-02", source="Synthetic Courier",
                  region="UA-63", original_url="https://news.example.org/markup")


def _listed(content: Path) -> int:
    """Article files in the content folder, less the two waiting for review."""
    return len([p for p in (content / "articles").rglob("*.md")
                if p.name not in ("waiting.md", "markup.md")])


@pytest.fixture(scope="module")
def absolute_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("dataset")
    content, site = root / "content", root / "site"
    write_fixture(content)
    _extra_articles(content)
    build_site(content, site, strict=False, mkdocs_options={"site_url": SITE_URL})
    return content, site


def _rows(site: Path) -> list[list[str]]:
    data = (site / "data" / "archive.csv").read_bytes().decode("utf-8")
    return list(csv.reader(io.StringIO(data, newline="")))


def _page_file(site: Path, url: str) -> Path:
    """The file a site-relative page URL is served from."""
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def _resolve(page_url: str, href: str) -> str:
    """A relative link from the page at ``page_url`` as a site-relative URL."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    joined = posixpath.normpath(posixpath.join("/" + base, href)).lstrip("/")
    return joined + "/" if href.endswith("/") and joined else joined


# -- the files --------------------------------------------------------------------------------

def test_csv_reads_back_one_row_per_listed_article(absolute_site) -> None:
    content, site = absolute_site
    rows = _rows(site)
    header, hxl, data = rows[0], rows[1], rows[2:]
    assert header == [c.name for c in COLUMNS]
    assert hxl == [c.hxl for c in COLUMNS]
    assert all(tag.startswith("#") for tag in hxl)
    assert len(data) == _listed(content) == 7
    titles = [unescape_cell(dict(zip(header, r, strict=True))["title"]) for r in data]
    assert "Synthetic Review Item" not in titles
    assert not [t for t in titles if "Synthetic Velmora headline" in t]
    for row in data:
        values = dict(zip(header, row, strict=True))
        # the archived page exists and is the article's page
        assert values["archived_url"].startswith(SITE_URL)
        built = _page_file(site, values["archived_url"].removeprefix(SITE_URL))
        assert built.is_file(), values["archived_url"]
        h1 = page(site, values["archived_url"].removeprefix(SITE_URL)).xpath("//h1")[0]
        assert " ".join(h1.text_content().split()) == \
            " ".join(unescape_cell(values["title"]).split())
        assert values["wayback_url"] == \
            f"https://web.archive.org/web/{values['date'].replace('-', '')}/" \
            f"{values['original_url']}"
    by_title = {unescape_cell(r[0]): dict(zip(header, r, strict=True)) for r in data}
    alpha = by_title["Synthetic Alpha Report"]
    assert (alpha["country"], alpha["country_name"], alpha["region"]) == ("SY", "Syria", "SY-ID")
    assert alpha["tags"] == "ceasefire|airstrikes"
    # a whole-country article has no region code
    assert by_title["Synthetic Delta Report"]["region"] == ""


def test_jsonl_has_the_same_records(absolute_site) -> None:
    _, site = absolute_site
    lines = (site / "data" / "archive.jsonl").read_text(encoding="utf-8").splitlines()
    objects = [json.loads(line) for line in lines]
    data = _rows(site)[2:]
    assert len(objects) == len(data)
    assert [o["title"] for o in objects] == [unescape_cell(r[0]) for r in data]
    assert HOSTILE_TITLE in [o["title"] for o in objects]  # unchanged in JSON
    assert all(isinstance(o["tags"], list) for o in objects)


def test_frictionless_validates_the_built_package(absolute_site) -> None:
    _, site = absolute_site
    report = validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((site / "data" / "datapackage.json").read_bytes())
    assert descriptor["homepage"] == SITE_URL
    for resource in descriptor["resources"]:
        data = (site / "data" / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_hostile_title_is_inert_in_the_csv(absolute_site) -> None:
    _, site = absolute_site
    cells = [c for row in _rows(site)[2:] for c in row]
    assert "'" + HOSTILE_TITLE in cells
    assert "'@Synthetic Wire" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


# -- the Data page ----------------------------------------------------------------------------

def _data_page(site: Path) -> Any:
    return page(site, "data/")


def test_data_page_shows_sizes_hashes_and_row_count(absolute_site) -> None:
    content, site = absolute_site
    doc = _data_page(site)
    shown = {}
    for row in doc.xpath('//table[contains(@class, "na-data-files")]/tbody/tr'):
        link = row.xpath(".//a")[0]
        name = link.text_content()
        data = (site / "data" / _resolve("data/", link.get("href"))
                .removeprefix("data/")).read_bytes()
        size_cell = " ".join(row.xpath('.//td[contains(@class, "na-data-size")]')[0]
                             .text_content().split())
        assert f"({len(data):,} bytes)" in size_cell
        assert row.xpath(".//code")[0].text_content() == hashlib.sha256(data).hexdigest()
        shown[name] = len(data)
    assert sorted(shown) == sorted(DATA)
    assert doc.xpath('//*[contains(@class, "na-data-rows")]')[0].text_content() == \
        str(_listed(content))
    text = " ".join(doc.xpath("//article")[0].text_content().split())
    assert "does not include its text" in text  # the licence note
    assert "LibreOffice" in text and "Excel" in text
    assert "#adm1+code" in text
    assert "relative to the site's root" not in text  # site_url is set
    # the page's <head> links the three files
    alternates = {link.get("type"): link.get("href")
                  for link in doc.xpath('//head/link[@rel="alternate"]')}
    assert alternates == {"text/csv": "archive.csv", "application/jsonl": "archive.jsonl",
                          "application/json": "datapackage.json"}


def test_hostile_title_is_inert_on_the_data_page(absolute_site) -> None:
    _, site = absolute_site
    doc = _data_page(site)
    sample = doc.xpath('//table[contains(@class, "na-data-sample")]//td')
    assert HOSTILE_TITLE in texts(sample)  # shown as text ...
    assert not doc.xpath("//article//script")  # ... not run
    for name in (*DATA, "index.html"):
        assert b"<script>alert(1)" not in (site / "data" / name).read_bytes(), name


def test_data_page_is_linked_from_home_and_footer(absolute_site) -> None:
    _, site = absolute_site
    home = page(site, "")
    # from the site's root, links go down, never up ("../data/" only works over HTTP)
    assert [a.get("href") for a in home.xpath('//nav[@class="na-entry"]/a')
            if "Data" in a.text_content()] == ["data/"]
    for url in ("", "articles/2031/01/a/", "tags/ceasefire/", "data/"):
        links = page(site, url).xpath('//footer//nav[@class="na-footer-links"]/a')
        assert [a.text_content() for a in links] == ["Data"], url
        assert _resolve(url, links[0].get("href")) == "data/", url
        assert not (url == "" and links[0].get("href").startswith("..")), url
    # Not a navigation entry: the tabs are ways to browse, and every page renders them.
    tabs = [" ".join(a.text_content().split()) for a in home.xpath('//a[@class="md-tabs__link"]')]
    assert tabs[-1] == "Search" and "Data" not in tabs


# -- without site_url, other options ---------------------------------------------------------

def test_without_site_url_archived_urls_are_site_relative(fixture_site) -> None:
    _, site, warnings = fixture_site
    assert not warnings
    data = _rows(site)[2:]
    header = _rows(site)[0]
    for row in data:
        url = dict(zip(header, row, strict=True))["archived_url"]
        assert not url.startswith(("http", "/")), url
        assert _page_file(site, url).is_file(), url
    text = " ".join(_data_page(site).xpath("//article")[0].text_content().split())
    assert "relative to the site's root" in text
    assert validate(str(site / "data" / "datapackage.json")).valid


def test_page_urls_without_directory_urls(tmp_path: Path) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    write_fixture(content)
    build_site(content, site, mkdocs_options={"use_directory_urls": False}, cache=False)
    header, _, *data = _rows(site)
    for row in data:
        url = dict(zip(header, row, strict=True))["archived_url"]
        assert url.endswith(".html") and (site / url).is_file(), url
    link = page(site, "articles/2031/01/a.html").xpath('//nav[@class="na-footer-links"]/a')[0]
    assert _resolve("articles/2031/01/a.html", link.get("href")) == "data/index.html"


def test_empty_archive_describes_the_csv_alone(tmp_path: Path) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    write_article(content, "articles/2031/05/waiting.md", body="Synthetic filler paragraph.",
                  title="Synthetic Review Item", date="2031-05-01", source=None, region="SY",
                  original_url="https://news.example.org/waiting", review=["source"])
    build_site(content, site, strict=False, cache=False)
    assert len(_rows(site)) == 2  # the column names and the hashtags
    assert not (site / "data" / "archive.jsonl").exists()
    report = validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    doc = _data_page(site)
    assert doc.xpath('//*[contains(@class, "na-data-rows")]')[0].text_content() == "0"
    assert "no JSON Lines file" in " ".join(doc.xpath("//article")[0].text_content().split())


def test_dataset_off_writes_no_data_and_no_links(tmp_path: Path) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    write_fixture(content)
    build_site(content, site, dataset=False, cache=False)
    assert not (site / "data").exists()
    home = page(site, "")
    assert not home.xpath('//nav[@class="na-footer-links"]')
    assert "Data" not in texts(home.xpath('//nav[@class="na-entry"]/a/strong'))


def test_texts_and_licence_options(tmp_path: Path) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    write_fixture(content)
    build_site(content, site, dataset_texts=True, cache=False,
               dataset_licence={"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                                "path": "https://creativecommons.org/licenses/by/4.0/"})
    header, hxl, *data = _rows(site)
    assert (header[-1], hxl[-1]) == (TEXT_COLUMN.name, TEXT_COLUMN.hxl)
    by_title = {r[0]: r[-1] for r in data}
    assert by_title["Synthetic Alpha Report"].strip().startswith(
        "Synthetic filler paragraph for Synthetic Alpha Report")
    assert "## A filler heading" in by_title["Synthetic Alpha Report"]
    descriptor = json.loads((site / "data" / "datapackage.json").read_bytes())
    assert descriptor["licenses"][0] == {
        "name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/"}
    assert validate(str(site / "data" / "datapackage.json")).valid
    doc = _data_page(site)
    text = " ".join(doc.xpath("//article")[0].text_content().split())
    assert "the text column holds their texts" in text
    assert doc.xpath('//a[@href="https://creativecommons.org/licenses/by/4.0/"]')


# -- the build cache --------------------------------------------------------------------------

def _stamps(site: Path) -> dict[str, tuple[int, int]]:
    return {name: ((site / "data" / name).stat().st_ino, (site / "data" / name).stat()
                   .st_mtime_ns) for name in DATA}


def test_incremental_builds_remake_the_data_only_when_an_article_changes(built: Archive) -> None:
    first = {n: (built.site / "data" / n).read_bytes() for n in DATA}
    before = _stamps(built.site)
    again = built.build()
    assert "data/index.html" in again.kept
    assert _stamps(built.site) == before  # the previous build's files, put back
    assert {n: (built.site / "data" / n).read_bytes() for n in DATA} == first

    built.edit("articles/2031/01/a.md", "Synthetic Alpha Report", "Synthetic Alpha Update")
    edited = built.build()
    assert "data/index.html" in edited.rendered
    after = _stamps(built.site)
    assert all(after[n] != before[n] for n in DATA)
    assert b"Synthetic Alpha Update" in (built.site / "data" / "archive.csv").read_bytes()
    assert b"Synthetic Alpha Update" in (built.site / "data" / "archive.jsonl").read_bytes()
    assert validate(str(built.site / "data" / "datapackage.json")).valid
    # the same bytes as a build from scratch
    full = built.full_build()
    for name in (*DATA, "index.html"):
        assert (built.site / "data" / name).read_bytes() == \
            (full / "data" / name).read_bytes(), name
    sizes = re.findall(rb'data-bytes="(\d+)"', (built.site / "data" / "index.html").read_bytes())
    assert [int(s) for s in sizes] == [len((built.site / "data" / n).read_bytes()) for n in DATA]


def test_with_texts_an_edited_body_remakes_the_data(archive: Archive) -> None:
    archive.build(dataset_texts=True)
    before = _stamps(archive.site)
    assert "data/index.html" in archive.build(dataset_texts=True).kept
    archive.edit("articles/2031/01/a.md", "More synthetic filler text.",
                 "Edited synthetic filler text.")
    edited = archive.build(dataset_texts=True)
    assert "data/index.html" in edited.rendered
    assert all(_stamps(archive.site)[n] != before[n] for n in DATA)
    assert b"Edited synthetic filler text." in (archive.site / "data" / "archive.csv").read_bytes()
    assert validate(str(archive.site / "data" / "datapackage.json")).valid
