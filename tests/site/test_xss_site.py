"""Attack strings from saved pages, ingested and built into a real site: nothing executable
from a page reaches the published HTML (the OWASP corpus of tests/ingest/test_xss.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import main
from tests.helpers import build_site, page, write_article
from tests.ingest.html_pages import KEPT, article_page
from tests.ingest.test_xss import XSS

FORBIDDEN = {"script", "iframe", "object", "embed", "style", "base", "form", "frame",
             "frameset", "applet", "svg", "math", "meta", "link"}
BAD_URL = re.compile(r"^\s*(javascript|vbscript|data|livescript):", re.IGNORECASE)
# The Cite box's downloads (views/cite.py): a citation file of a fixed type, base64.
CITATION_FILE = re.compile(r"data:application/(x-bibtex|x-research-info-systems|"
                           r"vnd\.citationstyles\.csl\+json);charset=utf-8;base64,[A-Za-z0-9+/=]*")


@pytest.mark.parametrize("workers", [1, 2])  # 2: pages also rendered by forked children
def test_no_attack_reaches_the_built_site(tmp_path: Path, workers: int) -> None:
    saves, content, site = tmp_path / "saves", tmp_path / "content", tmp_path / "site"
    saves.mkdir()
    for i, attack in enumerate(XSS):
        paragraphs = [KEPT[0], f"Filler sentence around the attack {attack} and after it.",
                      attack, KEPT[1], f'Filler link <a href="{attack}">attack target</a>.',
                      KEPT[2], KEPT[3]]
        (saves / f"attack-{i:02d}.html").write_text(article_page(
            paragraphs=paragraphs, headline=f"Filler headline {i} {attack}",
            canonical=f"https://courier.velmora.example/news/attack-{i}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(saves), "--content", str(content),
                                       "--region", "SY-ID", "--source", "Velmora Courier"])
    written = sorted((content / "articles").rglob("*.md"))
    # Pages whose unclosed <script>/<style> swallows the article are refused, not written.
    assert len(written) >= 30, result.output
    # Defence in depth: raw HTML typed into an article by hand is cleaned at build time too.
    write_article(content, "articles/2031/01/hand-edited.md", title="Synthetic hand edit",
                  date="2031-01-01", source="Filler", region="SY-ID",
                  original_url="https://news.example.org/hand",
                  body='Synthetic text.\n\n<script>alert("hand")</script>\n\n'
                       '<p onclick="alert(1)">para</p><iframe src="javascript:alert(2)"></iframe>'
                       '<a href="javascript:alert(3)">link</a>')
    written.append(content / "articles/2031/01/hand-edited.md")
    build_site(content, site, strict=True, workers=workers)

    pages = sorted(site.rglob("*.html"))
    article_pages = [p for p in pages if "/articles/" in p.as_posix()]
    assert len(article_pages) == len(written)
    for html_file in pages:
        doc = page(site, html_file.relative_to(site).as_posix())
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), (html_file, el.tag, name)
                if name.lower() in ("href", "src", "action", "formaction", "background",
                                    "data", "poster"):
                    assert not BAD_URL.match(value) or (
                        el.tag == "a" and name == "href" and el.get("download")
                        and CITATION_FILE.fullmatch(value)), (html_file, el.tag, name, value)
            if el.tag == "script" and el.get("type") == "application/ld+json":
                # Data, not code: one JSON value, and nothing in it can end the element.
                assert "<" not in el.text and json.loads(el.text)["@type"] == "NewsArticle"
            elif el.tag == "script":
                # Only the theme's and the search page's own scripts, never a page's.
                assert "alert" not in (el.text or "") and "xss" not in el.get("src", "")
        for content_root in doc.cssselect(".md-content"):
            inside = {el.tag for el in content_root.iter() if isinstance(el.tag, str)}
            # Our own markup only: the search page's form and script, the listings' timeline.
            allowed = {"script", "form"} if html_file.parent.name == "search" else \
                set() if html_file in article_pages else {"svg"}
            assert not (inside & FORBIDDEN) - allowed, (html_file, inside & FORBIDDEN)
