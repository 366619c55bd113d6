"""Combining extractors: synthetic pages on which one extractor fails, and the choice made."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from newsarchive.ingest.html import page
from newsarchive.ingest.html.choose import choose
from newsarchive.ingest.html.extractors import Candidate, run_readability, run_trafilatura
from tests.ingest.html_pages import KEPT, article_page, ingest, written

HEAD = "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Velmora filler page</title></head><body>"
H1 = "<h1>Council of Velmora opens the new river bridge</h1>"
# Teasers of other (invented) stories: another topic, so another vocabulary.
TEASERS = [f"Teaser summary {n}: Karvel harbour cranes repainted orange during autumn, invented filler."
           for n in range(1, 13)]
ARTICLE = [f"{p} {p.replace('Filler', 'More filler')}" for p in KEPT]
SENTENCES = [f"Filler sentence {w} of the divided report tells how the Velmora council voted on "
             "the bridge budget." for w in ("one", "two", "three", "four", "five", "six", "seven",
                                           "eight", "nine", "ten", "eleven", "twelve")]


def _extractions(html: str) -> tuple[Candidate, Candidate]:
    tree = page.parse_capped(html)
    return run_trafilatura(tree, None)[0], run_readability(tree, None)


def _ingest(tmp_path: Path, html: str) -> tuple[dict, str]:
    src = tmp_path / "page.html"
    src.write_text(html, encoding="utf-8")
    code, output = ingest(src, tmp_path / "content")
    assert code == 0, output
    return written(tmp_path / "content")


def test_teaser_list_one_extractor_keeps_is_left_out(tmp_path: Path) -> None:
    teasers = "".join(f"<li>{t}</li>" for t in TEASERS)
    html = (f"{HEAD}<article>{H1}<div class='body'>{''.join(f'<p>{p}</p>' for p in ARTICLE)}"
            f"</div><ul>{teasers}</ul></article></body></html>")
    traf, read = _extractions(html)
    assert "Teaser summary 3" in traf.text and "Teaser summary 3" not in read.text
    _, body = _ingest(tmp_path, html)
    assert all(p in body for p in ARTICLE)
    assert "Teaser summary" not in body


def test_article_in_line_breaks_beats_a_promo_paragraph(tmp_path: Path) -> None:
    story = "".join(f"<span>{s}</span><br><br>" for s in SENTENCES)
    promo = " ".join(TEASERS[:3])
    html = (f"{HEAD}{H1}<div class='story'>{story}</div><div class='x'><p>{promo}</p></div>"
            "</body></html>")
    traf, read = _extractions(html)
    assert "Teaser summary 2" in read.text and "Teaser summary 2" not in traf.text
    _, body = _ingest(tmp_path, html)
    assert all(s in body for s in SENTENCES)
    assert "Teaser summary" not in body


def test_script_rendered_page_falls_back_on_jsonld_article_body(tmp_path: Path) -> None:
    text = "\n".join(ARTICLE)
    jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                         "headline": "Council of Velmora opens the new river bridge",
                         "datePublished": "2021-03-04T09:30:00+02:00", "articleBody": text})
    html = (f"{HEAD.replace('</head>', '')}<script type='application/ld+json'>{jsonld}</script>"
            "</head><body><div id='app'>Loading filler…</div></body></html>")
    meta, body = _ingest(tmp_path, html)
    assert meta["title"] == "Council of Velmora opens the new river bridge"
    assert all(p in " ".join(body.split()) for p in ARTICLE)
    assert "Loading" not in body


def test_article_body_stands_in_when_no_extractor_finds_text() -> None:
    stub = Candidate("trafilatura", _tree("<p>Loading filler…</p>"))
    chosen = choose([stub, Candidate("readability", None)], "\n\n".join(ARTICLE))
    assert chosen.name == "articleBody"
    assert [" ".join(p.itertext()) for p in chosen.body] == ARTICLE


def _tree(*blocks: str) -> etree._Element:
    return etree.fromstring(f"<body>{''.join(blocks)}</body>")


def test_article_body_picks_the_extraction_that_covers_it() -> None:
    article = [f"<p>{p}</p>" for p in ARTICLE]
    leaky = Candidate("trafilatura", _tree(*article, *(f"<p>{t}</p>" for t in TEASERS)))
    clean = Candidate("readability", _tree(*article))
    assert choose([leaky, clean], "\n".join(ARTICLE)).name == "readability"
    assert choose([clean, leaky], "\n".join(ARTICLE)).name == "readability"


def test_text_only_one_extractor_has_is_kept_when_it_is_about_the_article() -> None:
    # The primary kept quoted statements (same names and topic) that the challenger lost.
    quotes = [f"<quote>Filler quote {n}: the Velmora council engineer said the Ostra river bridge "
              f"budget vote was fair.</quote>" for n in range(4)]
    article = [f"<p>{p}</p>" for p in ARTICLE]
    full = Candidate("trafilatura", _tree(*article[:2], *quotes, *article[2:]))
    short = Candidate("readability", _tree(*article))
    assert choose([full, short]).name == "trafilatura"
    # ... and the challenger is taken when it is the one holding them.
    assert choose([short, full]).name == "trafilatura"


def test_teasers_only_one_extractor_has_are_boilerplate() -> None:
    article = [f"<p>{p}</p>" for p in ARTICLE]
    teasers = [f"<p><ref target='https://x.example/{n}'>Karvel harbour teaser {n}</ref> {t}</p>"
               for n, t in enumerate(TEASERS)]
    leaky = Candidate("trafilatura", _tree(*article, *teasers))
    clean = Candidate("readability", _tree(*article))
    assert choose([leaky, clean]).name == "readability"
    assert choose([clean, leaky]).name == "readability"


def test_empty_extraction_loses_to_one_with_text() -> None:
    empty = Candidate("trafilatura", None)
    found = Candidate("readability", _tree(*(f"<p>{p}</p>" for p in ARTICLE)))
    assert choose([empty, found]).name == "readability"
    assert choose([Candidate("a", None), Candidate("b", None)]) is None


def test_link_list_between_paragraphs_is_kept_edge_list_dropped(tmp_path: Path) -> None:
    documents = [f"Filler document {n}: the Velmora council minutes of week {n} on the bridge "
                 "budget and the ferry timetable" for n in range(1, 7)]
    cited = "".join(f"<li><a href='/docs/{n}'>{d}</a></li>" for n, d in enumerate(documents))
    trailing = "".join(f"<li><a href='/more/{n}'>Karvel harbour teaser link {n} filler</a></li>"
                       for n in range(6))
    paragraphs = [*ARTICLE[:2], f"The council published these filler documents:</p><ul>{cited}"
                  f"</ul><p>{ARTICLE[2]}", ARTICLE[3]]
    # Short prose after the list (a credit line) does not make the list part of the article.
    credit = "<p>Filler credit line: text and photos by the invented Velmora desk.</p>"
    html = article_page(paragraphs=paragraphs, related_label="",
                        extra_body=f"<ul>{trailing}</ul>{credit}")
    _, body = _ingest(tmp_path, html)
    assert all(d in body for d in documents)
    assert all(p in body for p in ARTICLE)
    assert "teaser link" not in body


def test_unannounced_link_list_between_paragraphs_is_dropped(tmp_path: Path) -> None:
    # Sites insert lists of their other stories between an article's paragraphs.
    others = "".join(f"<li><a href='/news/{n}'>Karvel harbour filler headline number {n} of "
                     "another invented story</a></li>" for n in range(5))
    paragraphs = [*ARTICLE[:2], f"{ARTICLE[2]}</p><ul>{others}</ul><p>{ARTICLE[3]}"]
    html = article_page(paragraphs=paragraphs, related_label="")
    _, body = _ingest(tmp_path, html)
    assert all(p in body for p in ARTICLE)
    assert "Karvel harbour" not in body
