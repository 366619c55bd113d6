"""The text reader reads a save's layout: header-line classes, rejoining, related lines, URL.

All saves here are synthetic filler about invented places (Velmora, Qarvella); none is news.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.archive.frontmatter import split
from newsarchive.cli import main
from newsarchive.ingest.model import IngestError
from newsarchive.ingest.text_reader import read_text

TITLE = "Filler Council Meets in Qarvella Valley"
LONG = ("This synthetic filler paragraph about the invented Velmora valley is long enough to be "
        "body text and ends with a full stop.")
SECOND = "A second synthetic paragraph continues the invented story for testing purposes only."
URL = "https://news.example.org/2031/03/filler-council-meets-in-qarvella-valley"


def save(*header: str, body: tuple[str, ...] = (LONG, SECOND), url: str = URL) -> str:
    return "\n\n".join([TITLE, *header, *body, f"Original url: {url}"]) + "\n"


def paragraphs(markdown: str) -> list[str]:
    """Body paragraphs as plain text (Markdown escapes dropped)."""
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>|~])", r"\1", markdown)
    return [p for p in text.split("\n\n") if p.strip()]


# --- header lines: bylines -------------------------------------------------------------------

@pytest.mark.parametrize(("line", "name"), [
    ("By <u>Mara Velk</u>", "Mara Velk"),
    ("By Mara Velk", "Mara Velk"),
    ("By <u>Mara Velk</u> and <u>Pell Arrowan</u>", "Mara Velk and Pell Arrowan"),
    ('By <a href="/authors/mara-velk">Mara Velk</a>', "Mara Velk"),
    ("By [Mara Velk](https://news.example.org/authors/mara-velk)", "Mara Velk"),
    ("BY MARA VELK", "MARA VELK"),
    ("By: Mara Velk", "Mara Velk"),
    ("Written by Mara Velk", "Mara Velk"),
    ("Por Mara Velk", "Mara Velk"),
    ("Автор: Тамара Велкова", "Тамара Велкова"),
    ("By Тамара Велкова", "Тамара Велкова"),
    ("بقلم: سليم فارموري", "سليم فارموري"),
    ("벨모라 기자", "벨모라"),
])
def test_byline_forms(line: str, name: str) -> None:
    found = read_text(save(line, "March 3, 2031"))
    assert found.byline == name
    assert found.date == dt.date(2031, 3, 3)
    assert paragraphs(found.body)[0].startswith("This synthetic filler")


def test_sentence_starting_with_by_is_body_not_byline() -> None:
    lede = "By Sunday the invented Velmora truce had collapsed"
    found = read_text(save("March 3, 2031", body=(lede, SECOND)))
    assert found.byline is None
    assert paragraphs(found.body)[0].startswith(lede)


def test_label_less_name_before_the_date_is_the_byline() -> None:
    found = read_text(save("Mara Velk", "March 3, 2031"))
    assert found.byline == "Mara Velk"
    assert "Mara Velk" not in found.body


# --- header lines: dates ---------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "March 3, 2031", "Mar. 3, 2031", "3 March 2031", "2031-03-03", "03.03.2031",
    "Monday, March 3, 2031", "Monday, 3 March 2031, 14:35 GMT", "Mar. 3, 2031 4:05 PM",
    "Updated: 3 March 2031, 10:42 GMT", "Published 3 March 2031", "Last updated: 03/03/2031",
    "3 de março de 2031", "Atualizado em 3 de março de 2031, 14h30",
    "Mis à jour le 3 mars 2031 à 14h35", "Stand: 3. März 2031, 14:35 Uhr",
    "3 марта 2031 г., 14:35", "Обновлено: 3 марта 2031", "3 березня 2031 року",
    "3 مارس 2031", "2031年3月3日", "2031년 3월 3일",
])
def test_date_line_forms(line: str) -> None:
    found = read_text(save("By Mara Velk", line))
    assert found.date == dt.date(2031, 3, 3), line
    assert found.photo_credit is None and not found.notes
    assert line not in found.body


def test_second_date_line_is_the_modification_date() -> None:
    found = read_text(save("March 3, 2031", "Updated: March 5, 2031"))
    assert (found.date, found.modified) == (dt.date(2031, 3, 3), dt.date(2031, 3, 5))


def test_unrecognised_date_line_goes_to_review_not_to_credit_or_body() -> None:
    found = read_text(save("By Mara Velk", "Marhc 45, 2031", "Photo: Pell Arrowan / SWP"))
    assert found.date is None
    assert found.notes["date"] == "the date line 'Marhc 45, 2031' is not a valid date"
    assert found.photo_credit == "Photo: Pell Arrowan / SWP"
    assert "Marhc" not in found.body


def test_relative_words_never_make_a_date() -> None:
    # "14h" must not be read as "14 hours ago": a date needs the year the line states.
    found = read_text(save("Atualizado 14h30"))
    assert found.date is None
    assert paragraphs(found.body)[0] == "Atualizado 14h30"


# --- header lines: photo credits -------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Photo: Pell Arrowan / Synthetic Wire", "Pell Arrowan/SWP",
    "Pell Arrowan / Velmora Photo Desk / Filler Images", "Credit: Filler Images",
    "Фото: Тамара Велкова / SWP", "SWP Photo/Pell Arrowan",
])
def test_photo_credit_forms(line: str) -> None:
    found = read_text(save("By Mara Velk", "March 3, 2031", line))
    assert found.photo_credit == line
    assert line not in found.body


@pytest.mark.parametrize("lede", [
    "Velmora council votes.",  # a one-sentence lede
    "Claim",  # a label paragraph
    "Two synthetic councils",  # short text without punctuation
    "Velmora/Qarvella talks resumed after a long pause in the invented capital.",
])
def test_anything_else_in_the_header_is_body(lede: str) -> None:
    found = read_text(save("By Mara Velk", "March 3, 2031", body=(lede, LONG)))
    assert found.photo_credit is None
    assert paragraphs(found.body)[0] == lede


def test_header_lines_in_any_order_and_one_block() -> None:
    text = f"{TITLE}\nPhoto: Pell Arrowan / SWP\nMarch 3, 2031\nBy Mara Velk\n\n{LONG}\n\n" \
           f"Original url: {URL}\n"
    found = read_text(text)
    assert (found.byline, found.date, found.photo_credit) == (
        "Mara Velk", dt.date(2031, 3, 3), "Photo: Pell Arrowan / SWP")


# --- rejoining: both directions ----------------------------------------------------------------

@pytest.mark.parametrize(("first", "second"), [
    ("The invented Velmora council said on Friday that the", "bridge would reopen."),
    ("The invented Velmora council met on Friday,", "Qarvella residents said."),
    ("The synthetic committee thanked the residents of", "Qarvella for their patience."),
    ("The invented council of the synthetic Velmora valley said on Friday it had agreed with",
     "Qarvella to reopen the bridge."),
    ("- A synthetic list item that was cut", "in the middle."),
    ("ヴェルモラ渓谷の架空の議会は金曜日、合成テスト用の橋を再開すると発表し、住民は",
     "歓迎した。"),
])
def test_broken_paragraph_is_rejoined(first: str, second: str) -> None:
    found = read_text(save("March 3, 2031", body=(LONG, first, second, SECOND)))
    space = "" if first.endswith("は") else " "  # Japanese joins without a space
    assert paragraphs(found.body)[1] == f"{first}{space}{second}"
    assert len(paragraphs(found.body)) == 3


@pytest.mark.parametrize(("first", "second"), [
    ("Velmora Bridge Schedule", "The synthetic bridge opens at dawn."),  # a heading
    ("Five filler tips for invented travellers", "The synthetic list follows."),
    ("The invented council listed three items:", "The synthetic bridge comes first."),
    ("— Velmora Council (@velmora_synthetic) March 3, 2031", "Residents answered at once."),
    ("1 Velmora 5040 5 1 17 27", "2 Qarvella 5035 7 0 15 24"),  # table rows
    ("___", "The synthetic text goes on."),
])
def test_one_line_paragraphs_stay_alone(first: str, second: str) -> None:
    found = read_text(save("March 3, 2031", body=(LONG, first, second)))
    assert len(paragraphs(found.body)) == 3


def test_paragraphs_broken_across_a_related_line_are_rejoined() -> None:
    body = (LONG, "The invented council said the", "Related: Velmora bridge story",
            "bridge would reopen.")
    found = read_text(save("March 3, 2031", body=body))
    assert found.related_titles == ["Velmora bridge story"]
    assert paragraphs(found.body)[1] == "The invented council said the bridge would reopen."


# --- related lines ----------------------------------------------------------------------------

def test_related_line_forms_in_order() -> None:
    forms = ["Related article: Velmora one", "Read more: Velmora two", "Related: Velmora three",
             "Read also: Velmora four", "— Read also: Velmora five", "• READ ALSO: Velmora six",
             "- Read more: Velmora seven", "Читайте также: Велмора восемь",
             "Leia também: Velmora nove", "Lire aussi : Velmora dix", "اقرأ أيضا: فيلمورا",
             "See also: Velmora twelve", "» Read also Velmora thirteen"]
    body = [LONG]
    for form in forms:
        body += [form, SECOND]
    found = read_text(save("March 3, 2031", body=tuple(body)))
    assert found.related_titles == [f.split(":", 1)[1].strip() if ":" in f else
                                    f.split("also ", 1)[1] for f in forms]
    assert len(paragraphs(found.body)) == len(forms) + 1


def test_sentences_about_related_things_stay_in_the_body() -> None:
    line = "Related talks in the invented Velmora valley ended early."
    found = read_text(save("March 3, 2031", body=(LONG, line)))
    assert found.related_titles == [] and len(paragraphs(found.body)) == 2


# --- URL, BOM, line endings -------------------------------------------------------------------

@pytest.mark.parametrize("broken", [
    URL, f"{URL[:30]} {URL[30:]}", f"{URL[:30]}\n{URL[30:]}", f"{URL[:30]}\u00ad{URL[30:]}",
    f"\n\n{URL[:30]} {URL[30:]}",
])
def test_broken_url_is_repaired(broken: str) -> None:
    assert read_text(save("March 3, 2031", url=broken)).url == URL


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_bom_and_line_endings(newline: str) -> None:
    text = "\ufeff" + save("By Mara Velk", "March 3, 2031").replace("\n", newline)
    found = read_text(text)
    assert found.title == TITLE and found.byline == "Mara Velk" and found.url == URL
    assert len(paragraphs(found.body)) == 2


def test_save_with_single_line_breaks_between_paragraphs() -> None:
    text = "\n".join([TITLE, "By Mara Velk", "March 3, 2031", LONG,
                      "The invented council said the", "bridge would reopen.", SECOND,
                      f"Original url: {URL}"])
    found = read_text(text)
    assert found.byline == "Mara Velk" and found.url == URL
    assert paragraphs(found.body) == [LONG, "The invented council said the bridge would reopen.",
                                      SECOND]


def test_korean_work_titles_in_angle_brackets_are_text() -> None:
    line = "벨모라 드라마 <왔다, 장보리>는 합성 테스트용 문장입니다."
    found = read_text(save("March 3, 2031", body=(line, LONG)))
    assert "왔다, 장보리" in found.body


def test_title_only_is_refused() -> None:
    with pytest.raises(IngestError, match="no article text"):
        read_text(f"{TITLE}\n\nBy Mara Velk\n\nMarch 3, 2031\n\nOriginal url: {URL}\n")


def test_unrecognised_date_reaches_review_on_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "save.txt"
    src.write_text(save("By Mara Velk", "22 de outubrro de 2031", "Photo: Pell Arrowan / SWP"),
                   encoding="utf-8")
    content = tmp_path / "content"
    result = CliRunner().invoke(main, ["ingest", str(src), "--content", str(content),
                                       "--region", "SY-ID"])
    assert result.exit_code == 0, result.stderr
    assert "date: the date line '22 de outubrro de 2031' is not a valid date" in result.stderr
    [md] = (content / "articles").rglob("*.md")
    data, body = split(md.read_text(encoding="utf-8"))
    assert data["date"] is None and "date" in data["review"]
    assert data["photo_credit"] == "Photo: Pell Arrowan / SWP"
    assert "outubrro" not in body


def test_unread_date_line_after_a_good_one_stays_as_text() -> None:
    found = read_text(save("March 3, 2031", "Marhc 45, 2031"))
    assert found.date == dt.date(2031, 3, 3) and not found.notes
    assert paragraphs(found.body)[0] == "Marhc 45, 2031"


def test_two_unread_date_lines_are_both_in_review() -> None:
    found = read_text(save("Marhc 45, 2031", "Updated: Marhc 46, 2031"))
    assert found.date is None
    assert "'Marhc 45, 2031'" in found.notes["date"] and "Marhc 46" in found.notes["date"]
    assert "Marhc" not in found.body


def test_paragraphs_one_per_line_after_a_blank_line_header() -> None:
    text = "\n\n".join([TITLE, "By Mara Velk", "March 3, 2031",
                        "\n".join([LONG, "Velmora Bridge Schedule", SECOND, LONG]),
                        f"Original url: {URL}"])
    assert paragraphs(read_text(text).body) == [LONG, "Velmora Bridge Schedule", SECOND, LONG]


def test_hard_wrapped_paragraph_is_one_paragraph() -> None:
    wrapped = ("This synthetic filler paragraph about the invented Velmora\n"
               "valley is hard-wrapped at seventy characters. It goes on for a\n"
               "few lines and ends here.")
    found = read_text(save("March 3, 2031", body=(wrapped, SECOND)))
    assert paragraphs(found.body) == [wrapped.replace("\n", " "), SECOND]


def test_header_lines_under_a_standfirst_are_still_header() -> None:
    deck = "A synthetic standfirst about the invented council"
    found = read_text(save(deck, "By Mara Velk", "March 3, 2031", "Photo: Pell Arrowan / SWP"))
    assert (found.byline, found.date, found.photo_credit) == (
        "Mara Velk", dt.date(2031, 3, 3), "Photo: Pell Arrowan / SWP")
    assert paragraphs(found.body) == [deck, LONG, SECOND]


def test_credit_after_the_lede_is_not_taken_from_the_body() -> None:
    found = read_text(save("By Mara Velk", "March 3, 2031",
                           body=("Velmora council votes.", "Pell Arrowan/SWP", LONG)))
    assert found.photo_credit is None
    assert paragraphs(found.body) == ["Velmora council votes.", "Pell Arrowan/SWP", LONG]
