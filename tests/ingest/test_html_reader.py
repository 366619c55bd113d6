"""Saved news pages through ``newsarchive ingest``: what the curator finds in the written file."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from newsarchive.ingest.html_reader import clean_title, read_html
from newsarchive.ingest.store import make_slug
from tests.ingest.html_pages import (
    BOILERPLATE,
    HEADLINE,
    KEPT,
    OUTLET,
    RELATED,
    article_page,
    ingest,
    written,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "html"


def _ingest_page(tmp_path: Path, html: str | bytes, name: str = "page.html") -> tuple[dict, str]:
    src = tmp_path / name
    src.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
    code, out = ingest(src, tmp_path / "content")
    assert code == 0, out
    return written(tmp_path / "content")


def test_article_text_kept_and_boilerplate_dropped(tmp_path: Path) -> None:
    _, body = _ingest_page(tmp_path, article_page())
    for sentence in KEPT:
        assert sentence in body
    for junk in BOILERPLATE:
        assert junk not in body
    assert "filler tracking script" not in body
    assert "font-family" not in body
    assert RELATED[0] not in body  # the "Related article:" line is metadata, not text


def test_control_characters_in_the_page_are_dropped(tmp_path: Path) -> None:
    """Control characters (invisible in a browser, refused by XML) are not text; a form feed
    still separates words."""
    marked = [KEPT[0].replace(" ", " \x1b", 1), KEPT[1].replace(" ", "\x0c", 1), *KEPT[2:]]
    _, body = _ingest_page(tmp_path, article_page(paragraphs=marked))
    for sentence in KEPT:
        assert sentence in body
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", body)


def test_frontmatter_from_page_metadata(tmp_path: Path) -> None:
    meta, _ = _ingest_page(tmp_path, article_page())
    assert meta["title"] == HEADLINE  # without the " | The Velmora Courier" suffix
    assert str(meta["date"]) == "2021-03-04"  # published, not modified
    assert str(meta["modified"]) == "2021-03-09"
    assert meta["original_url"] == "https://courier.velmora.example/news/2021/03/04/river-bridge"
    assert meta["source"] == OUTLET
    assert meta["byline"] == "Ilsa Verrin"
    assert meta["language"] == "en"
    assert meta["ingest"] == "html"
    assert set(RELATED) <= set(meta["related_titles"])


def test_links_absolute_and_script_links_dropped(tmp_path: Path) -> None:
    _, body = _ingest_page(tmp_path, article_page())
    assert "[the council page](https://courier.velmora.example/council)" in body
    assert "javascript" not in body.lower()
    assert "a script link" in body  # the text stays, the link goes


def test_original_preserved_byte_for_byte(tmp_path: Path) -> None:
    page = article_page().encode("utf-8")
    meta, _ = _ingest_page(tmp_path, page)
    assert (tmp_path / "content" / meta["original"]).read_bytes() == page


def test_gzipped_page(tmp_path: Path) -> None:
    meta, body = _ingest_page(tmp_path, gzip.compress(article_page().encode()), "page.html.gz")
    assert KEPT[0] in body
    assert meta["original"].endswith(".html.gz")


def test_malformed_jsonld_is_ignored(tmp_path: Path) -> None:
    page = article_page(jsonld='{"@type": "NewsArticle", "headline": "Broken filler, "date',
                        published="2020-11-02T08:00:00Z")
    meta, body = _ingest_page(tmp_path, page)
    assert meta["title"] == HEADLINE
    assert str(meta["date"]) == "2020-11-02"
    assert KEPT[1] in body


def test_jsonld_with_trailing_comma_still_read(tmp_path: Path) -> None:
    ld = ('{"@type": "NewsArticle", "headline": "Filler JSON-LD headline for the fixture",'
          ' "datePublished": "2019-06-01",}')
    page = article_page(jsonld=ld, published="", modified="").replace(
        '<meta property="og:title" content="' + HEADLINE + '">', "")
    meta, _ = _ingest_page(tmp_path, page)
    assert str(meta["date"]) == "2019-06-01"


def test_two_dates_published_wins(tmp_path: Path) -> None:
    page = article_page(published="2018-05-01T22:10:00-04:00", modified="2018-05-20T10:00:00Z")
    meta, _ = _ingest_page(tmp_path, page)
    # The date as the publisher wrote it (its own time zone), not converted to UTC.
    assert str(meta["date"]) == "2018-05-01"
    assert str(meta["modified"]) == "2018-05-20"


def test_date_from_url_when_page_states_none(tmp_path: Path) -> None:
    page = article_page(jsonld="{}", published="", modified="",
                        canonical="https://courier.velmora.example/2017/09/14/bridge-filler")
    page = page.replace('<time datetime="">4 March 2021</time>', "")
    meta, _ = _ingest_page(tmp_path, page)
    assert str(meta["date"]) == "2017-09-14"


def test_saved_from_comment_gives_url(tmp_path: Path) -> None:
    page = article_page(canonical="/relative/only")
    page = "<!-- saved from url=(0052)https://courier.velmora.example/news/saved-filler -->\n" \
        + page
    meta, _ = _ingest_page(tmp_path, page)
    assert meta["original_url"] == "https://courier.velmora.example/news/saved-filler"


@pytest.mark.parametrize(("raw", "expected"), [
    ("Filler headline for the fixture | The Velmora Courier", "Filler headline for the fixture"),
    ("Filler headline for the fixture - Velmora Courier", "Filler headline for the fixture"),
    ("The Velmora Courier | Filler headline for the fixture", "Filler headline for the fixture"),
    ("Filler headline : 31.10.2023, 10.19 Uhr", "Filler headline"),
    ("Brexit - what the filler fixture says next", "Brexit - what the filler fixture says next"),
    ("Filler headline for the fixture - World - Velmora Courier", "Filler headline for the fixture"),
    ("Filler headline for the fixture | Local news | The Velmora Courier",
     "Filler headline for the fixture"),
    ("The Velmora Courier | Sport | Filler headline for the fixture",
     "Filler headline for the fixture"),
    ("Filler bridge, explained - Part 2 - Velmora Courier", "Filler bridge, explained - Part 2"),
    ("Filler fixture: what next - Velmora Courier", "Filler fixture: what next"),
])
def test_clean_title(raw: str, expected: str) -> None:
    keys = {"thevelmoracourier", "velmoracourier", "velmora"}
    assert clean_title(raw, keys) == expected


def test_heading_wins_over_seo_title(tmp_path: Path) -> None:
    page = article_page().replace(f"<title>{HEADLINE} | {OUTLET}</title>",
                                  "<title>Velmora bridge opens</title>")
    page = page.replace(f'<meta property="og:title" content="{HEADLINE}">', "")
    meta, _ = _ingest_page(tmp_path, page)
    assert meta["title"] == HEADLINE


def test_language_from_page_and_script(tmp_path: Path) -> None:
    paragraphs = [f"Синтетическое предложение номер {i} для тестовой страницы без смысла, "
                  "только наполнитель для проверки." for i in range(6)]
    # lang="en" from a template, but the text is Cyrillic: the text wins.
    meta, _ = _ingest_page(tmp_path, article_page(paragraphs=paragraphs, lang="en",
                                                  jsonld="{}"))
    assert meta["language"] == "ru"


def test_language_region_subtag_dropped() -> None:
    data = article_page(lang="pt-BR", jsonld="{}").encode()
    assert read_html(data, Path("x.html")).language == "pt"


def test_related_box_and_inline_related(tmp_path: Path) -> None:
    found = read_html(article_page().encode(), Path("x.html"))
    assert found.related_titles[:2] == RELATED or set(RELATED) <= set(found.related_titles)
    assert HEADLINE not in found.related_titles


RTL_TITLES = [
    ("ar", "افتتاح جسر جديد في مدينة خيالية للاختبار"),
    ("he", "פתיחת גשר חדש בעיר דמיונית לבדיקה"),
    ("fa", "گشایش پل تازه در شهری خیالی برای آزمایش"),
]


@pytest.mark.parametrize(("lang", "title"), RTL_TITLES)
def test_rtl_titles_slugify_readably(lang: str, title: str) -> None:
    slug = make_slug(title)
    first_word = title.split()[0]
    assert slug.startswith(first_word), slug  # kept in its own script, not transliterated
    assert re.fullmatch(r"[\w-]+", slug)


@pytest.mark.parametrize(("lang", "title"), RTL_TITLES)
def test_rtl_pages_get_unique_paths(tmp_path: Path, lang: str, title: str) -> None:
    filler = {"ar": "جملة حشو للاختبار الاصطناعي فقط ولا معنى لها في هذا النص",
              "he": "משפט מילוי לבדיקה סינתטית בלבד ואין לו משמעות בטקסט הזה",
              "fa": "جمله پرکننده برای آزمایش ساختگی است و معنایی در این متن ندارد"}[lang]
    content = tmp_path / "content"
    paths = []
    for n in range(2):
        page = article_page(headline=title, lang=lang, jsonld="{}",
                            canonical=f"https://rtl.velmora.example/{lang}/{n}",
                            paragraphs=[f"{filler} {i} {n}." for i in range(8)])
        src = tmp_path / f"{lang}-{n}.html"
        src.write_text(page, encoding="utf-8")
        code, out = ingest(src, content)
        assert code == 0, out
        paths.append(out.splitlines()[0])
    assert paths[0] != paths[1]
    for path in paths:
        meta, _ = written_one(Path(path))
        assert meta["title"] == title
        assert meta["language"] == lang


def written_one(path: Path) -> tuple[dict, str]:
    from newsarchive.archive.frontmatter import split

    return split(path.read_text(encoding="utf-8"))


def test_handwritten_fixture(tmp_path: Path) -> None:
    meta, body = _ingest_page(tmp_path, (FIXTURES / "velmora_report.html").read_bytes())
    assert meta["title"] == "Filler harbour report from Port Ostra"
    assert str(meta["date"]) == "2022-08-15"
    assert "Filler opening sentence of the handwritten synthetic fixture." in body
    assert "- First filler list item of the fixture" in body
    assert "> Filler quotation of an invented harbour master" in body
    assert "Newsletter filler sign-up" not in body
    assert json.dumps(meta["related_titles"], ensure_ascii=False).count("Ostra") >= 1
