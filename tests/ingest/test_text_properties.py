"""Property: any paragraph list, laid out as a save with any header, comes back unchanged.

Paragraphs are random synthetic words (Latin, Cyrillic, Arabic or CJK letters) in sentences
that end with closing punctuation; headers are any subset and order of byline, date line and
photo credit in the forms the synthetic layouts use.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsarchive.ingest.text.header import byline_of
from newsarchive.ingest.text_reader import read_text

ALPHABETS = ("abcdefghijklmnopqrstuvwxyzäéøñ", "абвгдеёжзийклмнопрстуфхцчшщыэюя",
             "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "的一是不了人我在有他这中大来上个国到说们为子和")
URL = "https://news.example.org/2031/03/synthetic-property-save"


@st.composite
def sentences(draw: st.DrawFn, alphabet: str) -> str:
    words = draw(st.lists(st.text(alphabet, min_size=1, max_size=9), min_size=1, max_size=12))
    text = " ".join(words)
    return text[0].upper() + text[1:] + draw(st.sampled_from(".!?…:;»”"))


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    alphabet = draw(st.sampled_from(ALPHABETS))
    text = " ".join(draw(st.lists(sentences(alphabet), min_size=1, max_size=4)))
    # A sentence that opens with a byline label and then names ("By Ab.") is a byline.
    assume(byline_of(text) is None)
    return text


BYLINES = ("By <u>Mara Velk</u>", "By Ilyas Qorvan and Pell Arrowan", "Автор: Тамара Велкова",
           'By <a href="/authors/x">Nadia Osterk</a>')
DATES = ("March 3, 2031", "3 de março de 2031", "Updated: 3 March 2031, 10:42 GMT", "2031-03-03",
         "3 марта 2031 г.")
CREDITS = ("Photo: Pell Arrowan / Synthetic Wire", "Mara Velk/SWP")


@st.composite
def header_lines(draw: st.DrawFn) -> list[str]:
    """At most one byline, date line and credit, in any order."""
    lines = [draw(st.none() | st.sampled_from(kind)) for kind in (BYLINES, DATES, CREDITS)]
    return draw(st.permutations([line for line in lines if line]))


def plain(markdown: str) -> list[str]:
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>|~])", r"\1", markdown)
    return [p for p in text.split("\n\n") if p.strip()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.filter_too_much])
@given(pars=st.lists(paragraph(), min_size=1, max_size=8), header=header_lines(),
       sep=st.sampled_from(["\n\n", "\n\n\n", "\n"]), newline=st.sampled_from(["\n", "\r\n"]),
       bom=st.booleans())
def test_paragraphs_come_back_unchanged(pars: list[str], header: list[str], sep: str,
                                        newline: str, bom: bool) -> None:
    text = sep.join(["Synthetic Velmora Property Save", *header, *pars, f"Original url: {URL}"])
    text = ("\ufeff" if bom else "") + text.replace("\n", newline)
    found = read_text(text)
    assert plain(found.body) == pars
    assert found.url == URL
    dates = [line for line in header if "2031" in line]
    assert found.date == (dt.date(2031, 3, 3) if dates else None)
    assert bool(found.byline) == any(line.startswith(("By", "Автор")) for line in header)
    assert bool(found.photo_credit) == any("/" in line and "<" not in line for line in header)
