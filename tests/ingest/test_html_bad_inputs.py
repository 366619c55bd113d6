"""Bad saves: one clear error line each (what is wrong, what to do), or a good article."""

from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest

from tests.ingest.html_pages import KEPT, article_page, ingest, written


def _run(tmp_path: Path, data: bytes, name: str = "page.html") -> tuple[int, str]:
    src = tmp_path / name
    src.write_bytes(data)
    return ingest(src, tmp_path / "content")


@pytest.mark.parametrize(("data", "words"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    (b"%PDF-1.7\n%filler\n" + b"0" * 500, "PDF"),
    (b"PK\x03\x04" + b"\x00" * 300, "ZIP"),
    (b"Just a filler line of plain text for the synthetic fixture.\n" * 20, "no HTML markup"),
])
def test_non_html_renamed_html(tmp_path: Path, data: bytes, words: str) -> None:
    code, out = _run(tmp_path, data)
    assert code == 1
    line = next(ln for ln in out.splitlines() if ln.startswith("error:"))
    assert words in line
    assert not (tmp_path / "content" / "articles").exists()


def test_home_page_refused(tmp_path: Path) -> None:
    teasers = "".join(
        f'<li><a href="/news/{n}">Filler teaser headline number {n} of the home page</a></li>'
        for n in range(40))
    page = f"""<html lang="en"><head><title>Velmora Courier: filler news front page</title>
    <meta property="og:type" content="website"><link rel="canonical" href="https://courier.velmora.example/">
    </head><body><nav><a href="/">Home</a></nav><main><ul>{teasers}</ul></main>
    <footer>Filler footer</footer></body></html>"""
    code, out = _run(tmp_path, page.encode())
    assert code == 1
    assert "article" in out and "save the article page itself" in out.lower()


def test_not_found_page_refused(tmp_path: Path) -> None:
    page = """<html><head><title>404 Page not found | Velmora Courier</title></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav><h1>Page not found</h1>
    <p>Sorry, the filler page you were looking for does not exist on this synthetic site.</p>
    </body></html>"""
    code, out = _run(tmp_path, page.encode())
    assert code == 1
    assert "error page" in out or "no article text" in out


def test_truncated_page_with_article_works(tmp_path: Path) -> None:
    page = article_page().encode()
    cut = page[: page.index(b"A final filler paragraph")]
    code, out = _run(tmp_path, cut)
    assert code == 0, out
    _, body = written(tmp_path / "content")
    for sentence in KEPT:
        assert sentence in body


def test_missing_fields_still_written_for_review(tmp_path: Path) -> None:
    page = article_page(jsonld="{}", published="", modified="", canonical="")
    page = page.replace('<time datetime="">4 March 2021</time>', "")
    code, out = _run(tmp_path, page.encode())
    assert code == 0, out
    meta, _ = written(tmp_path / "content")
    assert "original_url" in meta["review"]
    assert "review:" in out


@pytest.mark.parametrize("kind", ["inline-image", "junk-markup"])
def test_50_mb_page(tmp_path: Path, kind: str) -> None:
    page = article_page()
    if kind == "inline-image":  # SingleFile inlines images as data: URLs
        blob = base64.b64encode(b"\x00filler-pixels" * 3_600_000).decode()
        filler = f'<img alt="filler" src="data:image/png;base64,{blob}">'
    else:
        filler = '<div class="ad-slot"><span>filler ad slot</span></div>\n' * 900_000
    page = page.replace("</article>", "</article>" + filler)
    data = page.encode()
    assert len(data) > 48_000_000
    start = time.monotonic()
    code, out = _run(tmp_path, data)
    elapsed = time.monotonic() - start
    assert code == 0, out
    assert elapsed < 30, f"{elapsed:.1f} s"
    _, body = written(tmp_path / "content")
    assert KEPT[0] in body
    assert "base64" not in body
