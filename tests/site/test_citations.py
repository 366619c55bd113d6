"""Citations on the built site: <head> metadata, the "Cite" box, and the listings' exports.

Real builds of synthetic archives (invented outlets and filler text); every file is read
back by an independent parser: JSON-LD and CSL-JSON with json, BibTeX with bibtexparser,
RIS line by line.
"""

from __future__ import annotations

import base64
import json
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from lxml import html as lxml_html

from newsarchive.export import citation
from newsarchive.schema import Article
from tests.helpers import build_site, page, texts, write_article
from tests.site.conftest import FIXTURE, Archive, write_fixture

SITE_URL = "https://archive.example.org/"
# What plain-text metadata may hold (markup puts an article under review, out of listings):
# quotes, a "<" with a space after it, entities as text, braces, handler-like text.
HOSTILE = ('"q" \'a\' < /script> < img src=x onerror=alert(2)> &amp; '
           '&lt;script&gt;alert(1)&lt;/script&gt; {b} x=" onfocus=alert(3) "')


@pytest.fixture(scope="module")
def cited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cited")
    content, site = root / "content", root / "site"
    write_fixture(content)
    write_article(content, "articles/2031/03/hostile.md", body="Synthetic filler body.",
                  title=f"Velmora filler {HOSTILE}", date="2031-03-02",
                  source=f"Filler Gazette {HOSTILE}", region="SY-ID",
                  original_url="https://news.example.org/hostile", language="en",
                  byline=f"Ana Kestrel {HOSTILE}", tags=["ceasefire"])
    write_article(content, "articles/2031/03/byline.md", body="Synthetic filler body.",
                  title="Velmora {filler} 100% & $5 #1", date="2031-03-03",
                  source="Filler Gazette", region="SY-ID",
                  original_url="https://news.example.org/byline", language="en",
                  byline=f"Ana Kestrel {HOSTILE}", tags=["ceasefire"])
    write_article(content, "articles/2031/03/slot.md", title="Velmora filler slot",
                  body=f"Synthetic filler body.\n\n{SLOT}\nSynthetic filler after it.",
                  date="2031-03-04", source="Filler Gazette", region="SY-ID",
                  original_url="https://news.example.org/slot", language="en", tags=[])
    build_site(content, site, strict=False, page_size=2,
               mkdocs_options={"site_url": SITE_URL})
    return site


# The place the Cite box is put in once the theme has rendered a page (views/article.py).
SLOT = '<details data-pagefind-ignore="all" data-newsarchive-cite></details>'


def test_cite_box_goes_in_its_place_whatever_the_body_holds(cited: Path,
                                                            tmp_path: Path) -> None:
    """A body that holds the box's placeholder (raw HTML) neither moves the box nor gets a
    second one: sanitized, it loses the placeholder's attribute; unsanitized (a curator's
    trusted content), the box still fills the frame's place, before the body."""
    unsanitized = tmp_path / "site"
    build_site(cited.parent / "content", unsanitized, strict=False, sanitize=False)
    for site, body_keeps_it in ((cited, False), (unsanitized, True)):
        doc = page(site, "articles/2031/03/slot/")
        [box] = doc.xpath('//details[@class="na-cite"]')
        assert box.getnext().get("class") == "na-article-body"
        assert len(box.xpath('.//p[@class="na-cite__text"]')) == 2
        assert len(doc.xpath("//*[@data-newsarchive-cite]")) == int(body_keeps_it)
        [body] = doc.xpath('//div[@class="na-article-body"]')
        assert "Synthetic filler after it." in body.text_content()


def jsonld(doc: lxml_html.HtmlElement) -> dict[str, Any]:
    [script] = doc.xpath('//script[@type="application/ld+json"]')
    return json.loads(script.text)


def meta(doc: lxml_html.HtmlElement) -> list[tuple[str, str]]:
    return [(m.get("name"), m.get("content"))
            for m in doc.xpath('//meta[starts-with(@name, "citation_")]')]


def downloads(doc: lxml_html.HtmlElement) -> dict[str, str]:
    """File name -> decoded text of the cite box's data: links."""
    out = {}
    for a in doc.xpath('//details[@class="na-cite"]//a[@download]'):
        head, data = a.get("href").split(",", 1)
        assert head.startswith("data:") and head.endswith(";charset=utf-8;base64"), head
        out[a.get("download")] = base64.b64decode(data).decode("utf-8")
    return out


def ris_records(text: str) -> list[list[tuple[str, str]]]:
    """RIS read line by line: every line ends CR LF and is ``XY  - value``."""
    assert text.endswith("\r\n")
    records: list[list[tuple[str, str]]] = [[]]
    for line in text[:-2].split("\r\n"):
        if line == "":
            assert records[-1] == [], "a blank line only between records"
            continue
        assert line[2:6] == "  - " and line[:2].isalnum() and line[:2].isupper(), line
        records[-1].append((line[:2], line[6:]))
        if line[:2] == "ER":
            records.append([])
    assert records.pop() == []
    for record in records:
        assert record[0] == ("TY", "NEWS") and record[-1] == ("ER", "")
    return records


def test_jsonld_field_by_field(cited: Path) -> None:
    data = jsonld(page(cited, "articles/2031/01/a/"))
    assert data == {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": "Synthetic Alpha Report", "datePublished": "2031-01-05",
        "author": [{"@type": "Organization", "name": "Filler Wire"}],
        "publisher": {"@type": "Organization", "name": "Synthetic Courier"},
        "url": SITE_URL + "articles/2031/01/a/",
        "isBasedOn": "https://news.example.org/a", "sameAs": "https://news.example.org/a",
        "archivedAt": "https://web.archive.org/web/20310105/https://news.example.org/a",
        "inLanguage": "en",
        "contentLocation": {"@type": "Place", "name": "Idlib", "identifier": "SY-ID",
                            "address": {"@type": "PostalAddress", "addressCountry": "SY",
                                        "addressRegion": "SY-ID"}},
        "isPartOf": {"@type": "WebSite", "name": "newsarchive"},
    }


def test_highwire_tags(cited: Path) -> None:
    assert meta(page(cited, "articles/2031/02/c/")) == [
        ("citation_title", "Synthetic Charlie Report"),
        ("citation_author", "Filler Wire"),
        ("citation_publication_date", "2031/02/01"),
        ("citation_journal_title", "Filler Gazette"),
        ("citation_public_url", SITE_URL + "articles/2031/02/c/"),
        ("citation_language", "en"),
    ]
    # Listings carry none: they are not one citable work.
    assert meta(page(cited, "tags/ceasefire/")) == []


def test_without_site_url_no_archived_url(tmp_path: Path) -> None:
    write_fixture(tmp_path / "content")
    build_site(tmp_path / "content", tmp_path / "site", strict=True)
    doc = page(tmp_path / "site", "articles/2031/01/a/")
    assert "url" not in jsonld(doc) and jsonld(doc)["headline"] == "Synthetic Alpha Report"
    assert "citation_public_url" not in dict(meta(doc))
    bib = bibtexparser.parse_string(downloads(doc)["a.bib"])
    assert "Archived by newsarchive" in bib.entries[0]["note"]
    assert "http" not in bib.entries[0]["note"]


def test_cite_box_both_styles(cited: Path) -> None:
    doc = page(cited, "articles/2031/01/a/")
    [box] = doc.xpath('//details[@class="na-cite"]')
    assert texts(box.xpath("./summary")) == ["Cite this article"]
    assert texts(box.xpath('.//p[@class="na-cite__style"]')) == [
        "APA (7th edition)", "Chicago (author-date, 16th edition)"]
    apa, chicago = texts(box.xpath('.//p[@class="na-cite__text"]'))
    assert apa == ("Filler Wire. (2031, January 5). Synthetic Alpha Report. Synthetic Courier. "
                   "https://news.example.org/a")
    assert chicago.startswith("Filler Wire. 2031. “Synthetic Alpha Report”. Synthetic Courier,")
    assert box.xpath('.//p[@class="na-cite__text"]/i/text()') == ["Synthetic Courier"] * 2
    # One copy button per citation, naming it, pointing at its text; hidden until the
    # script shows it (without JavaScript there is no dead button).
    buttons = box.xpath('.//button[contains(@class, "na-cite__copy")]')
    assert [b.get("data-copy") for b in buttons] == \
        [p.get("id") for p in box.xpath('.//p[@class="na-cite__text"]')]
    assert all(b.get("hidden") is not None and b.get("type") == "button" for b in buttons)
    [script] = doc.xpath('//script[contains(@src, "cite.js")]')
    assert (cited / "assets/newsarchive/cite.js").is_file()
    assert script.get("src") == "../../../../assets/newsarchive/cite.js"
    # Not searchable text: the box would match every query for its outlet.
    assert box.get("data-pagefind-ignore") == "all"


def test_article_downloads_parse(cited: Path) -> None:
    files = downloads(page(cited, "articles/2031/01/b/"))
    assert sorted(files) == ["b.bib", "b.json", "b.ris"]
    [entry] = bibtexparser.parse_string(files["b.bib"]).entries
    assert entry.entry_type == "article" and entry.key == "fillerwire2031synthetic"
    assert entry["title"] == "{Synthetic} {Bravo} {Report}"
    assert entry["journal"] == "Synthetic Courier" and entry["date"] == "2031-01-07"
    assert entry["url"] == "https://news.example.org/b"
    [record] = ris_records(files["b.ris"])
    assert ("TI", "Synthetic Bravo Report") in record and ("T2", "Synthetic Courier") in record
    assert ("AN", SITE_URL + "articles/2031/01/b/") in record and ("DA", "2031/01/07/") in record
    [item] = json.loads(files["b.json"])
    assert item["title"] == "Synthetic Bravo Report" and item["type"] == "article-newspaper"
    assert item["issued"] == {"date-parts": [[2031, 1, 7]]}
    assert item["archive_location"] == SITE_URL + "articles/2031/01/b/"


def test_listing_exports_hold_every_article(cited: Path) -> None:
    """A tag listed over several pages (page_size 2): its files hold all its articles,
    linked from the first page only; BibTeX keys unique in the file."""
    titles = {title for _, title, _, _, _, tags, _ in FIXTURE if "ceasefire" in tags}
    titles.add(jsonld(page(cited, "articles/2020/01/"
                           "russian-led-air-strikes-suspended-in-idlib-after-ceasefire/"))
               ["headline"])
    titles.add("Velmora {filler} 100% & $5 #1")
    titles.add(f"Velmora filler {HOSTILE}")
    first = page(cited, "tags/ceasefire/")
    links = first.xpath('//p[@class="na-exports"]/a')
    assert [a.get("href") for a in links] == ["articles.bib", "articles.ris", "articles.json"]
    assert "All 6 articles" in texts(first.xpath('//p[@class="na-exports"]'))[0]
    assert page(cited, "tags/ceasefire/page/1/").xpath('//p[@class="na-exports"]') == []
    folder = cited / "tags/ceasefire"
    bib = bibtexparser.parse_string((folder / "articles.bib").read_text(encoding="utf-8"))
    assert not bib.failed_blocks and len(bib.entries) == len(titles) == 6
    keys = [e.key for e in bib.entries]
    assert len(set(keys)) == len(keys)
    records = ris_records((folder / "articles.ris").read_bytes().decode("utf-8"))
    assert {dict(r)["TI"] for r in records} == titles
    items = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    assert {i["title"] for i in items} == titles
    # Newest first, like the listing.
    assert [i["issued"]["date-parts"][0] for i in items] == sorted(
        (i["issued"]["date-parts"][0] for i in items), reverse=True)
    [entry] = [e for e in bib.entries if "textbraceleft{}filler" in e["title"]]
    assert entry["title"] == "{Velmora} \\textbraceleft{}filler\\textbraceright{} 100\\% \\& \\$5 \\#1"
    for listing in ("regions/sy/", "regions/sy/sy-id/", "sources/filler-gazette/"):
        assert (cited / listing / "articles.bib").is_file(), listing
        assert page(cited, listing).xpath('//p[@class="na-exports"]/a/@href') == \
            ["articles.bib", "articles.ris", "articles.json"]


def test_joined_files_are_exports_own(cited: Path) -> None:
    """The files joined from per-article entries have the bytes export/ makes of the same
    items (keys deduplicated across the file)."""
    from newsarchive.archive.catalog import Catalog
    from newsarchive.site.model import Site
    from newsarchive.site.views import cite
    from newsarchive.vocab import load_vocab

    arts = [Article(title="Same Title", date=None, source="Kestrel Daily", region="SY",
                    original_url=f"https://k.example/{i}", byline="Ana Kestrel",
                    path=f"articles/{i}.md") for i in range(3)]
    arts.append(Article(title="Other", date=None, source="Kestrel Daily", region="SY",
                        original_url="https://k.example/o", path="articles/o.md"))
    site = Site(catalog=Catalog.build(arts), vocab=load_vocab(), urls={}, page_size=50,
                date_format="%Y", timeline=False, views=[])
    cite.generate(site, "Velmora Archive")
    state = site.extras[cite.MEMO]
    items = [state.item(a) for a in arts]
    assert state.bibtex(arts) == citation.bibtex(items)
    assert state.ris(arts) == citation.ris(items)
    assert state.csl_json(arts) == citation.csl_json(items)
    assert state.csl_json([]) == citation.csl_json([])


def test_hostile_values_stay_text(cited: Path) -> None:
    raw = (cited / "articles/2031/03/hostile/index.html").read_text(encoding="utf-8")
    doc = lxml_html.fromstring(raw)
    # JSON-LD: the script element holds the whole object, the values come back exactly.
    start = raw.index('<script type="application/ld+json">')
    body = raw[start:raw.index("</script>", start)]
    assert "<" not in body.split(">", 1)[1]
    data = jsonld(doc)
    assert data["headline"] == f"Velmora filler {HOSTILE}"
    assert data["publisher"]["name"] == f"Filler Gazette {HOSTILE}"
    assert dict(meta(doc))["citation_title"] == f"Velmora filler {HOSTILE}"
    assert dict(meta(doc))["citation_journal_title"] == f"Filler Gazette {HOSTILE}"
    # The cite box: the values as text, no element or attribute made of them.
    [box] = doc.xpath('//details[@class="na-cite"]')
    assert not box.xpath(".//script | .//img | .//*[@onerror] | .//*[@onfocus]")
    for text in texts(box.xpath('.//p[@class="na-cite__text"]')):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "< img src=x" in text
    assert "&amp;lt;script&amp;gt;" in raw[raw.index('<details class="na-cite"'):]
    assert not doc.xpath("//*[@onerror] | //*[@onfocus]")
    files = downloads(doc)
    [entry] = bibtexparser.parse_string(files["hostile.bib"]).entries
    assert "\\textbraceleft{}b\\textbraceright{}" in entry["journal"]
    assert "\\&lt;script\\&gt;alert(1)\\&lt;/script\\&gt;" in entry["journal"]
    [record] = ris_records(files["hostile.ris"])
    assert dict(record)["T2"] == f"Filler Gazette {HOSTILE}"
    assert json.loads(files["hostile.json"])[0]["container-title"] == f"Filler Gazette {HOSTILE}"


def test_no_styles_keeps_metadata_and_downloads(tmp_path: Path) -> None:
    write_fixture(tmp_path / "content")
    build_site(tmp_path / "content", tmp_path / "site", strict=True, cite_styles=[])
    doc = page(tmp_path / "site", "articles/2031/01/a/")
    [box] = doc.xpath('//details[@class="na-cite"]')
    assert box.xpath('.//p[@class="na-cite__text"]') == [] and not box.xpath(".//button")
    assert sorted(downloads(doc)) == ["a.bib", "a.json", "a.ris"]
    assert jsonld(doc)["headline"] == "Synthetic Alpha Report"


def test_citations_off_leaves_no_metadata_box_or_exports(tmp_path: Path) -> None:
    write_fixture(tmp_path / "content")
    site = tmp_path / "site"
    build_site(tmp_path / "content", site, strict=True, citations=False, feeds=True,
               mkdocs_options={"site_url": "https://archive.example.org/"})
    doc = page(site, "articles/2031/01/a/")
    assert doc.xpath('//details[@class="na-cite"] | //details[@data-newsarchive-cite]') == []
    assert doc.xpath('//script[@type="application/ld+json"]') == []
    assert meta(doc) == []
    assert page(site, "tags/ceasefire/").xpath('//p[@class="na-exports"]') == []
    assert list(site.rglob("articles.bib")) == [] and list(site.rglob("articles.ris")) == []
    assert (site / "feed.xml").is_file()  # the other outputs stay


def memo(archive: Archive) -> dict[str, dict[str, tuple[str, str]]]:
    from newsarchive.site.views import cite

    with (archive.cache / "site-memo.pickle").open("rb") as fh:
        pickle.load(fh)  # the key
        table = pickle.load(fh).tables[cite.TABLE]
    assert all(isinstance(v, str) for v in table.values())  # packed: nothing for the GC
    return {path: cite.kept(packed) for path, packed in table.items()}


def test_edit_reformats_only_that_article(archive: Archive) -> None:
    first = archive.build()
    assert any(m.startswith("newsarchive: formatted 12 citations") for m in first.messages)
    before = memo(archive)
    assert len(before) == 6 and all(len(styles) == 2 for styles in before.values())
    archive.edit("articles/2031/02/c.md", "Synthetic Charlie Report", "Synthetic Charlie Edited")
    second = archive.build()
    assert [m.split(" in ")[0] for m in second.messages if "formatted" in m] == [
        "newsarchive: formatted 2 citations"]
    after = memo(archive)
    changed = {p for p in after if after[p] != before[p]}
    assert changed == {"articles/2031/02/c.md"}
    assert "Synthetic Charlie Edited" in after["articles/2031/02/c.md"]["apa"][1]
    # The other article pages are the previous build's files; the edited one shows the title.
    articles = {p for p in second.after if p.startswith("articles/")}
    assert "articles/2031/02/c/index.html" in second.rendered
    kept = articles - second.rendered
    assert {"articles/2031/01/a/index.html", "articles/2031/01/e/index.html"} <= kept
    for again in articles & second.rendered:  # each shows the new title (related, next...)
        assert "Synthetic Charlie Edited" in (archive.site / again).read_text(encoding="utf-8")
    doc = page(archive.site, "articles/2031/02/c/")
    assert "Synthetic Charlie Edited" in texts(doc.xpath('//p[@class="na-cite__text"]'))[0]
    # Another option renders every page again, from the formatted citations kept.
    third = archive.build(page_size=1)
    assert third.reused[0] == 0
    assert not [m for m in third.messages if "formatted" in m]
    archive.build()
    # A full build without the cache gives the same page.
    full = archive.full_build()
    assert (full / "articles/2031/02/c/index.html").read_bytes() == \
        (archive.site / "articles/2031/02/c/index.html").read_bytes()
    shutil.rmtree(full)


def test_pool_formats_like_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """prepare() gives the same citations from templates, from citeproc-py in this process
    and from citeproc-py in forked workers (from POOL_FROM citations)."""
    import datetime as dt

    from newsarchive.archive.catalog import Catalog
    from newsarchive.site.model import Site
    from newsarchive.site.views import cite
    from newsarchive.vocab import load_vocab

    arts = [Article(title=f"Synthetic filler {i}", date=dt.date(2031, 1, 1 + i % 28),
                    source="Kestrel Daily", region="SY", original_url=f"https://k.example/{i}",
                    byline=("Ana Kestrel", "Ivo Marsh and Lina Oster", None)[i % 3],
                    path=f"articles/{i}.md") for i in range(12)]
    tables = []
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: no pool")
    forks: list[int] = []
    real = cite.pool_size

    def workers(n: int, minimum: int) -> int:
        forks.append(real(n, minimum))
        return forks[-1]

    monkeypatch.setattr(cite, "pool_size", workers)
    for pool_from, templates in ((10**6, True), (10**6, False), (1, False)):
        monkeypatch.setattr(cite, "POOL_FROM", pool_from)
        monkeypatch.setattr(cite, "TEMPLATES_FROM", 0 if templates else 10**6)
        site = Site(catalog=Catalog.build(arts), vocab=load_vocab(), urls={}, page_size=50,
                    date_format="%Y", timeline=False, views=[])
        cite.generate(site, "Velmora Archive")
        assert cite.prepare(site, arts) == 24
        assert site.memo.changed and cite.prepare(site, arts) == 0
        tables.append(site.memo.table(cite.TABLE))
    assert tables[0] == tables[1] == tables[2] and len(tables[0]) == 12
    assert forks[0] == forks[1] == 1 and forks[-1] >= 2


def test_citations_formatted_early_in_a_child_are_those_of_one_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """start_prepare() formats a first build's citations in a forked child; prepare() takes
    them (and formats only what the child did not): the same memo as prepare() alone. A
    child that fails leaves prepare() to do all of it."""
    import datetime as dt

    from newsarchive.archive.catalog import Catalog
    from newsarchive.build import fork
    from newsarchive.site.model import Site
    from newsarchive.site.views import cite
    from newsarchive.vocab import load_vocab

    arts = [Article(title=f"Synthetic filler {i}", date=dt.date(2031, 1, 1 + i % 28),
                    source="Kestrel Daily", region="SY", original_url=f"https://k.example/{i}",
                    byline=("Ana Kestrel", "Ivo Marsh and Lina Oster", None)[i % 3],
                    path=f"articles/{i}.md") for i in range(12)]
    late = Article(title="Synthetic filler late", date=dt.date(2031, 2, 1), source="Kestrel Daily",
                   region="SY", original_url="https://k.example/late", path="articles/late.md")
    monkeypatch.setattr(cite, "TEMPLATES_FROM", 0)

    def site_for() -> Site:
        site = Site(catalog=Catalog.build([*arts, late]), vocab=load_vocab(), urls={},
                    page_size=50, date_format="%Y", timeline=False, views=[])
        site.url_of = lambda uri: uri.removesuffix(".md") + "/"
        cite.generate(site, "Velmora Archive")
        return site

    alone = site_for()
    assert cite.prepare(alone, [*arts, late]) == 26
    early_site = site_for()
    early = cite.start_prepare(early_site, arts)
    assert early is not None and early.pid is not None  # forked
    assert cite.prepare(early_site, [*arts, late], early=early) == 26
    assert not early.in_parent and early_site.memo.changed
    assert early_site.memo.table(cite.TABLE) == alone.memo.table(cite.TABLE)
    # The child also made the file entries of the second half of the articles: this
    # process makes only the first half's, and the files are those of one process.
    made: list[str] = []
    real_entry = cite.bibtex_format.entry

    def counted(item: dict, key: str) -> str:
        made.append(item["title"])
        return real_entry(item, key)

    monkeypatch.setattr(cite.bibtex_format, "entry", counted)
    early_state, alone_state = early_site.extras[cite.MEMO], alone.extras[cite.MEMO]
    early_state.make_entries(arts)
    assert made == [a.title for a in arts[:6]]
    # Given all the entries to make (its templates were made before), the child leaves
    # none to this process.
    all_site = site_for()
    assert cite.prepare(all_site, [*arts, late],
                        early=cite.start_prepare(all_site, arts, entries=1.0)) == 26
    made.clear()
    all_site.extras[cite.MEMO].make_entries(arts)
    assert made == []
    assert all_site.extras[cite.MEMO].bibtex(arts) == alone.extras[cite.MEMO].bibtex(arts)
    for export in ("bibtex", "ris", "csl_json"):
        assert getattr(early_state, export)(arts) == getattr(alone_state, export)(arts)
    assert [cite.box(early_site, a) for a in arts] == [cite.box(alone, a) for a in arts]
    monkeypatch.setattr(cite.bibtex_format, "entry", real_entry)

    class Dies(fork.ForkedCall):
        def _write(self) -> None:
            raise MemoryError("synthetic failure of the early child")

    monkeypatch.setattr(cite, "ForkedCall", Dies)
    failed_site = site_for()
    failed = cite.start_prepare(failed_site, arts)
    assert failed is not None
    assert cite.prepare(failed_site, [*arts, late], early=failed) == 26
    assert failed.in_parent
    assert failed_site.memo.table(cite.TABLE) == alone.memo.table(cite.TABLE)
    failed_state = failed_site.extras[cite.MEMO]
    failed_state.make_entries(arts)  # none came from the child: all are made here
    assert failed_state.bibtex(arts) == alone.extras[cite.MEMO].bibtex(arts)
    monkeypatch.setattr(cite, "TEMPLATES_FROM", 10**6)
    assert cite.start_prepare(site_for(), arts) is None  # too few to fork for
    monkeypatch.setattr(cite, "ForkedCall", fork.ForkedCall)
    # The templates' child, forked while the articles are read, formats the citations of
    # those it was given too: prepare() keeps them, under the keys it would have made.
    ahead_site = site_for()
    made = cite.start_templates(arts[:8], ahead_site.cite_styles, "Velmora Archive")
    assert made is not None
    templates, formatted, then = cite.take_templates(ahead_site, made)
    assert templates > 0 and formatted == 16 and then is None and not made.in_parent
    assert cite.prepare(ahead_site, [*arts, late]) == 26
    assert ahead_site.memo.table(cite.TABLE) == alone.memo.table(cite.TABLE)
    assert cite.prepare(ahead_site, [*arts, late]) == 0  # all kept, none formatted again
    # ... and with them, their pages' <head> additions and Cite boxes (citing_site(): the
    # site that child has), the ones the build's own site gives; one made for another URL
    # (a plugin moved the page since) is made again.
    from newsarchive.mkdocs_plugin.pages import SitePages
    from newsarchive.site.views import article as article_view

    formatted = {a.path: alone.memo.table(cite.TABLE)[a.path] for a in arts[:8]}
    child = SitePages(cite.citing_site(load_vocab(), "", ahead_site.cite_styles,
                                       "Velmora Archive", formatted, ahead_site.url_of),
                      None)  # type: ignore[arg-type]
    by_path = {a.path: a for a in arts}
    made = child.parts_ahead({p: by_path[p] for p in formatted})
    own = SitePages(alone, None)  # type: ignore[arg-type]
    slot = f"<main>{article_view.CITE_SLOT}</main>"
    for path, (url, head, box) in made.items():
        assert url == alone.url_of(path)
        assert head == own.head(path, url, by_path) and 'ld+json' in head
        assert f"<main>{box}</main>" == own.complete(path, url, slot, by_path)
    own.ahead = {"articles/0.md": ("elsewhere/", "<made for elsewhere>", "<made for elsewhere>")}
    assert "elsewhere" not in own.head("articles/0.md", "articles/0/", by_path)
    assert "elsewhere" not in own.complete("articles/0.md", "articles/0/", slot, by_path)
    own.ahead = {"articles/0.md": ("articles/0/", "<made ahead>", "<made ahead>")}
    assert own.head("articles/0.md", "articles/0/", by_path) == "<made ahead>"
    assert own.complete("articles/0.md", "articles/0/", slot,
                        by_path) == "<main><made ahead></main>"


def test_kept_citations_are_packed_and_an_older_form_is_formatted_again() -> None:
    """The memo keeps each article's citations as one string (a table of strings costs the
    garbage collector nothing); an entry in another form, as an older build left it, is
    formatted again, and a value no HTML holds (NUL) is not kept."""
    import datetime as dt

    from newsarchive.archive.catalog import Catalog
    from newsarchive.site.model import Site
    from newsarchive.site.views import cite
    from newsarchive.vocab import load_vocab

    arts = [Article(title=f"Synthetic filler {i}", date=dt.date(2031, 1, 1 + i),
                    source="Kestrel Daily", region="SY", original_url=f"https://k.example/{i}",
                    byline="Ana Kestrel", path=f"articles/{i}.md") for i in range(3)]
    site = Site(catalog=Catalog.build(arts), vocab=load_vocab(), urls={}, page_size=50,
                date_format="%Y", timeline=False, views=[])
    site.memo.tables["citations"] = {"articles/0.md": {"apa": ("k", "old")}}  # older builds'
    cite.generate(site, "Velmora Archive")
    assert "citations" not in site.memo.tables and site.memo.changed
    assert cite.prepare(site, arts) == 6
    table = site.memo.table(cite.TABLE)
    assert all(isinstance(v, str) for v in table.values())
    fresh = {p: cite.kept(v) for p, v in table.items()}
    assert set(fresh["articles/0.md"]) == {"apa", "chicago-author-date"}
    assert "Synthetic filler 0" in fresh["articles/0.md"]["apa"][1]
    table["articles/1.md"] = {"apa": fresh["articles/1.md"]["apa"]}  # an older build's form
    site.memo.changed = False
    assert cite.prepare(site, arts) == 2 and site.memo.changed
    assert cite.kept(table["articles/1.md"]) == fresh["articles/1.md"]
    cite._keep(table, "articles/2.md", {"apa": ("k", "a\0b")})
    assert "articles/2.md" not in table
    assert cite.box(site, arts[2])["styles"][0]["html"] == fresh["articles/2.md"]["apa"][1]
    assert cite.kept(table["articles/2.md"]) == fresh["articles/2.md"]
