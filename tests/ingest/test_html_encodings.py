"""Pages in the encodings news sites use: the text must come out exactly as written."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newsarchive.ingest.html.encoding import decode_html
from tests.ingest.html_pages import article_page, ingest, written

RUSSIAN = [f"Синтетическое предложение {n} для проверки кодировки: выдуманный город Велмора "
           "открыл новый мост через реку Остра, и это только наполнитель." for n in range(5)]
ARABIC = [f"جملة حشو اصطناعية رقم {n} لاختبار الترميز: مدينة فيلمورا الخيالية افتتحت جسرا "
          "جديدا فوق نهر أوسترا، وهذا نص للاختبار فقط." for n in range(5)]
GERMAN = [f"Füllsatz Nummer {n} für die synthetische Testseite: Die erfundene Stadt Velmora "
          "öffnet eine Brücke über die Ostra, größer als je zuvor." for n in range(5)]

CASES = [
    ("windows-1251", "ru", "Мост через реку Остра открыт", RUSSIAN),
    ("koi8-r", "ru", "Мост через реку Остра открыт", RUSSIAN),
    ("windows-1256", "ar", "افتتاح جسر فوق نهر أوسترا", ARABIC),
    ("iso-8859-1", "de", "Brücke über die Ostra eröffnet", GERMAN),
]


@pytest.mark.parametrize(("charset", "lang", "headline", "paragraphs"), CASES)
def test_declared_charset(tmp_path: Path, charset: str, lang: str, headline: str,
                          paragraphs: list[str]) -> None:
    page = article_page(headline=headline, paragraphs=paragraphs, lang=lang, charset=charset)
    src = tmp_path / "page.html"
    src.write_bytes(page.encode(charset))
    code, out = ingest(src, tmp_path / "content")
    assert code == 0, out
    meta, body = written(tmp_path / "content")
    assert meta["title"] == headline
    assert meta["language"] == lang
    for sentence in paragraphs:
        assert sentence in body


@pytest.mark.parametrize(("charset", "paragraphs"), [("windows-1251", RUSSIAN),
                                                      ("windows-1256", ARABIC)])
def test_undeclared_legacy_charset_is_detected(charset: str, paragraphs: list[str]) -> None:
    page = article_page(paragraphs=paragraphs, charset=None)
    text, _ = decode_html(page.encode(charset))
    assert paragraphs[0] in text


def test_utf8_with_bom(tmp_path: Path) -> None:
    page = article_page(paragraphs=GERMAN, lang="de", charset=None)
    src = tmp_path / "page.html"
    src.write_bytes(codecs.BOM_UTF8 + page.encode("utf-8"))
    code, out = ingest(src, tmp_path / "content")
    assert code == 0, out
    _, body = written(tmp_path / "content")
    assert GERMAN[0] in body
    assert "\ufeff" not in body


def test_wrong_declaration_utf8_bytes_win() -> None:
    # Declared iso-8859-2, saved as UTF-8: decoding as declared would give "Ã¼" mojibake.
    page = article_page(paragraphs=GERMAN, charset="iso-8859-2")
    text, encoding = decode_html(page.encode("utf-8"))
    assert encoding == "utf-8"
    assert GERMAN[1] in text


def test_http_equiv_declaration() -> None:
    page = article_page(paragraphs=RUSSIAN, charset=None).replace(
        "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">')
    text, encoding = decode_html(page.encode("koi8-r"))
    assert encoding == "koi8-r"
    assert RUSSIAN[2] in text


def test_truncated_utf8_still_utf8() -> None:
    page = article_page(paragraphs=RUSSIAN, charset=None).encode("utf-8")
    cut = page[: page.index("наполнитель".encode()) + 3]  # ends inside a character
    text, encoding = decode_html(cut)
    assert encoding == "utf-8"
    assert RUSSIAN[0].removesuffix("наполнитель.") in text
