"""Page furniture that extractors keep inside an article's container, and what must stay.

Synthetic Markdown and pages of an invented outlet; every sentence says it is filler.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsarchive.ingest.html.trim import is_date_stamp, trim
from newsarchive.ingest.html_reader import read_html
from tests.ingest.html_pages import article_page

TITLE = "Council of Velmora opens the new river bridge"
DATE = dt.date(2021, 3, 4)
PROSE = [
    f"Filler paragraph {n} of the synthetic fixture: the council of Velmora met on Tuesday "
    "to open the invented bridge over the Ostra river, and an invented engineer spoke at length "
    "about the filler works that took two winters."
    for n in range(1, 4)
]


def _trim(before: list[str], after: list[str], middle: list[str] | None = None, **kw) -> str:
    blocks = [*before, PROSE[0], *(middle or []), PROSE[1], PROSE[2], *after]
    return trim("\n\n".join(blocks), kw.pop("titles", [TITLE]), kw.pop("dates", [DATE]), **kw)


def test_furniture_before_the_text_dropped() -> None:
    before = ["Velmora opens the new river bridge", "04/03/2021", "Published 4 March 2021, 10:02",
              r"\- Posted by: Ilsa Verrin - Category:", "Tags: filler, bridge"]
    assert _trim(before, []).split("\n\n") == PROSE


def test_furniture_after_the_text_dropped() -> None:
    after = ["© 2021 Velmora filler publishing group", "Copyright Velmora Courier. All rights "
             "reserved.", "【纠错】【责任编辑:虚构 】", "### Comments", "12 comments",
             "**Citation**: Filler headline (2021, March 4) retrieved 5 March 2021 from "
             "https://courier.velmora.example/news/filler",
             "## [Click here to subscribe to the Velmora filler newsletter](https://x.example/s)",
             "Sign up for the filler newsletter", "Explore further",
             "[Invented ferry line suspended](https://courier.velmora.example/ferry)"]
    assert _trim([], after).split("\n\n") == PROSE


def test_gallery_slide_titles_and_pagination_dropped_anywhere() -> None:
    middle = ["Filler gallery of the bridge"] * 5 + ["&lt;&lt;", "&lt;", "1", "2", "3", "&gt;"]
    assert _trim([], [], middle).split("\n\n") == PROSE


def test_heading_naming_the_site_above_the_text_drops_its_teaser_box() -> None:
    before = ["#### Velmora Courier top stories", "- Invented market reopens after the floods",
              "- Filler ferry line suspended for the winter"]
    out = _trim(before, [], sites=["Velmora Courier"])
    assert out.split("\n\n") == PROSE


def test_deck_heading_equal_to_the_description_dropped() -> None:
    deck = "A filler standfirst that the page also states as its description."
    assert _trim([f"## {deck}"], [], decks=[deck]).split("\n\n") == PROSE


def test_short_paragraphs_inside_the_article_stay() -> None:
    middle = ["On 4 March 2021 the filler council voted.", "Tags: the invented word of the day.",
              "## 4 March 2021", "| 1 | 2 |\n| --- | --- |\n| 3 | 4 |", "2021", "12/03/2021"]
    assert _trim([], [], middle).split("\n\n") == [PROSE[0], *middle, PROSE[1], PROSE[2]]


def test_interview_speaker_labels_stay() -> None:
    middle = ["ILSA VERRIN:", "Filler question one?", "ILSA VERRIN:", "Filler question two?",
              "ILSA VERRIN:", "Filler question three?", "Q", "Filler answer.", "Q", "Filler.",
              "Q", "More filler."]
    assert _trim([], [], middle).split("\n\n") == [PROSE[0], *middle, PROSE[1], PROSE[2]]


def test_short_last_sentence_and_lede_stay() -> None:
    lede = "Velmora has a new bridge."
    last = ["The ministry of filler did not comment.",
            "The filler council will publish the results in its newsletter."]
    assert _trim([lede], last).split("\n\n") == [lede, *PROSE, *last]


def test_rule_of_underscores_kept_as_a_rule() -> None:
    page = article_page(paragraphs=[*PROSE[:2], "___", PROSE[2]])
    found = read_html(page.encode("utf-8"), Path("page.html"))
    assert "\n\n___\n\n" in found.body


def test_article_of_short_paragraphs_loses_nothing() -> None:
    short = ["Filler line one.", "Filler line two, dated 4 March 2021", "Tags: filler"]
    assert trim("\n\n".join(short), [TITLE], [DATE]).split("\n\n") == short


def test_date_stamp() -> None:
    assert is_date_stamp("sexta-feira, 4 de março de 2021 às 20:13", [DATE])
    assert is_date_stamp("기사입력 :[ 2021-03-04 17:32 ]", [DATE])
    assert is_date_stamp("Updated 2021.03.04.", [DATE])
    assert not is_date_stamp("Published 5 March 2021", [DATE])  # not the article's date
    assert not is_date_stamp("On 4 March 2021 the filler council voted.", [DATE])


def test_furniture_inside_the_article_container_of_a_page(tmp_path: Path) -> None:
    paragraphs = ["Council of Velmora opens the new river bridge", "4 March 2021 09:30",
                  *PROSE, "Copyright 2021 The Velmora Courier. Filler rights reserved"]
    page = article_page(paragraphs=paragraphs, related_label="Related article:")
    found = read_html(page.encode("utf-8"), tmp_path / "page.html")
    assert all(p in found.body for p in PROSE)
    assert "09:30" not in found.body
    assert "Copyright" not in found.body
    assert TITLE not in found.body
