"""Citation exports of synthetic articles, read back by independent parsers where one exists.

Every name, place and outlet here is invented ("Velmora", "Kestrel Daily"); the texts are
filler, not reports of any event.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from newsarchive.export import citation
from newsarchive.export.csl import cache_key
from newsarchive.export.names import authors, csl_name
from newsarchive.schema import Article

PAGE = "https://archive.example/articles/2024/03/velmora-ceasefire/"
WAYBACK = "https://web.archive.org/web/20240305/https://kestrel.example/news/velmora?id=7&x=1"
HOSTILE = 'Velmora {brace} \\back @home 100% A&B #1 snake_case $5 ~tilde ^hat "q" <script>alert(1)</script>'
CLOSER = "Filler </script><script>alert(1)</script> <!-- x --> \u2028 end"


def article(**over: object) -> Article:
    fields: dict[str, object] = {
        "title": "Velmora Ceasefire Holds Through Second Week",
        "date": dt.date(2024, 3, 5),
        "source": "Kestrel Daily",
        "region": "VL-KS",
        "original_url": "https://kestrel.example/news/velmora?id=7&x=1",
        "byline": "Ana Kestrel and Ivo Marsh",
        "language": "en",
        "archived": dt.datetime(2024, 3, 7, 9, 30, tzinfo=dt.UTC),
        "path": "articles/2024/03/velmora-ceasefire.md",
    }
    fields.update(over)
    return Article(**fields)  # type: ignore[arg-type]


def item(**over: object) -> dict:
    return citation.csl_item(article(**over), page_url=PAGE, site_name="Velmora Archive")


# -- authors -------------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "expected"), [
    ("By Velmora Staff", ["Velmora Staff"]),
    ("Ana Kestrel and Ivo Marsh", ["Ana Kestrel", "Ivo Marsh"]),
    ("Ana Kestrel, Ivo Marsh", ["Ana Kestrel", "Ivo Marsh"]),
    ("Ana Kestrel & Ivo Marsh", ["Ana Kestrel", "Ivo Marsh"]),
    ("Ana Kestrel, Ivo Marsh, and Lina Oster", ["Ana Kestrel", "Ivo Marsh", "Lina Oster"]),
    ("Reporting by Ana Kestrel; editing by Ivo Marsh", ["Ana Kestrel"]),
    ("Reporting by Ana Kestrel in Velmora; Additional reporting by Lina Oster; "
     "Writing by Teo Brand; Editing by Pia Holm", ["Ana Kestrel", "Lina Oster", "Teo Brand"]),
    ("Ana Kestrel, photos by Ivo Marsh", ["Ana Kestrel"]),
    ("Text and photos by Ana Kestrel", ["Ana Kestrel"]),
    ("Ana Kestrel; Ivo Marsh", ["Ana Kestrel", "Ivo Marsh"]),
    ("By Ana Kestrel, Senior Correspondent", ["Ana Kestrel"]),
    ("Ana Kestrel, Velmora Wire", ["Ana Kestrel", "Velmora Wire"]),
    ("Ivo Marsh, Jr.", ["Ivo Marsh Jr."]),
    ("By Ana Kestrel.", ["Ana Kestrel"]),
    ("Ana Kestrel\nand Ivo Marsh", ["Ana Kestrel", "Ivo Marsh"]),
    ("Ana Kestrel and Ana Kestrel", ["Ana Kestrel"]),
    ("", []),
    (None, []),
])
def test_authors_split_a_byline(byline: str | None, expected: list[str]) -> None:
    assert authors(byline) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Ana Kestrel", {"family": "Kestrel", "given": "Ana"}),
    ("A. B. Kestrel", {"family": "Kestrel", "given": "A. B."}),
    ("Ana van der Kestrel", {"family": "van der Kestrel", "given": "Ana"}),
    ("Ivo Marsh Jr.", {"family": "Marsh", "given": "Ivo", "suffix": "Jr."}),
    ("Иван Кестрелов", {"family": "Кестрелов", "given": "Иван"}),
    ("Velmora Staff", {"literal": "Velmora Staff"}),
    ("Velmora Wire", {"literal": "Velmora Wire"}),
    ("VNA", {"literal": "VNA"}),
    ("Kestrel", {"literal": "Kestrel"}),
    ("فلان الكسترلي", {"literal": "فلان الكسترلي"}),  # no case: order of names unknown
])
def test_names_are_parsed_only_when_safe(name: str, expected: dict) -> None:
    assert csl_name(name) == expected


# -- CSL-JSON ------------------------------------------------------------------------------

def test_csl_item_fields() -> None:
    got = item()
    assert got["type"] == "article-newspaper"
    assert got["title"] == "Velmora Ceasefire Holds Through Second Week"
    assert got["container-title"] == "Kestrel Daily"
    assert got["author"] == [{"family": "Kestrel", "given": "Ana"},
                             {"family": "Marsh", "given": "Ivo"}]
    assert got["issued"] == {"date-parts": [[2024, 3, 5]]}
    assert got["accessed"] == {"date-parts": [[2024, 3, 7]]}
    assert got["URL"] == "https://kestrel.example/news/velmora?id=7&x=1"
    assert got["archive"] == "Velmora Archive"
    assert got["archive_location"] == PAGE
    assert got["language"] == "en"


def test_csl_item_id_is_stable_and_distinct() -> None:
    assert item()["id"] == item(title="Another Title")["id"]  # the id follows the file
    assert item()["id"] != item(path="articles/2024/03/other.md")["id"]
    assert re.fullmatch(r"newsarchive-[0-9a-f]{16}", item()["id"])


def test_csl_item_leaves_out_what_is_unknown() -> None:
    got = citation.csl_item(article(byline=None, date=None, archived=None), page_url=None,
                            site_name="")
    assert not {"author", "issued", "accessed", "archive", "archive_location"} & set(got)


def test_csl_json_round_trips_and_is_safe_in_html() -> None:
    items = [item(title=CLOSER, byline="Ana Kestrel"), item(title="Ünïcode — Велмора")]
    text = citation.csl_json(items)
    assert json.loads(text) == items
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert "Велмора" in text  # UTF-8 kept, not \u-escaped
    assert text == citation.csl_json(items)  # deterministic
    assert list(json.loads(text)[0]) == sorted(json.loads(text)[0])


# -- BibTeX --------------------------------------------------------------------------------

@functools.cache
def _decoder() -> LatexNodes2Text:
    """pylatexenc's LaTeX-to-text, taught the LaTeX kernel's \\textbraceleft/right and
    \\textasciicircum (its defaults drop the first two and give U+02C6 for the third)."""
    context = get_default_latex_context_db()
    context.add_context_category("newsarchive-test", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"), MacroTextSpec("textasciitilde", "~"),
    ])
    return LatexNodes2Text(latex_context=context)


def _parse(text: str, decode: bool = True) -> bibtexparser.Library:
    extra = [LatexDecodingMiddleware(decoder=_decoder())] if decode else []
    library = bibtexparser.parse_string(text, append_middleware=extra)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def test_bibtex_parses_back_field_by_field() -> None:
    text = citation.bibtex([item()])
    library = _parse(text)
    (entry,) = library.entries
    assert entry.entry_type == "article"
    fields = {f.key: f.value for f in entry.fields}
    assert fields["title"] == "Velmora Ceasefire Holds Through Second Week"
    assert fields["author"] == "Kestrel, Ana and Marsh, Ivo"
    assert fields["journal"] == "Kestrel Daily"
    assert fields["date"] == "2024-03-05"
    assert fields["year"] == "2024"
    assert fields["month"] == "mar"
    raw = _parse(text, decode=False).entries[0].fields_dict  # url is verbatim, not LaTeX
    assert raw["url"].value == "https://kestrel.example/news/velmora?id=7&x=1"
    assert fields["urldate"] == "2024-03-07"
    assert fields["language"] == "en"
    assert fields["note"] == f"Archived by Velmora Archive at {PAGE}"
    assert entry.key == "kestrel2024velmora"


@pytest.mark.parametrize("field", ["title", "source", "byline"])
def test_bibtex_hostile_values_round_trip(field: str) -> None:
    value = HOSTILE + "\nsecond line"
    over = {"title": value} if field == "title" else \
        {"source": value} if field == "source" else {"byline": value}
    one = item(**over)
    text = citation.bibtex([one, item(title="Plain Title")])
    # Braces balance in every field, counting escaped ones as BibTeX does.
    for line in text.splitlines():
        if "=" in line:
            assert line.count("{") == line.count("}"), line
    library = _parse(text)
    assert len(library.entries) == 2  # "@" and "}" did not start or end an entry
    fields = {f.key: f.value for f in library.entries[0].fields}
    flat = " ".join(value.split())
    if field == "title":
        assert fields["title"] == flat
    elif field == "source":
        assert fields["journal"] == flat
    else:
        raw = {f.key: f.value for f in _parse(text, decode=False).entries[0].fields}
        assert raw["author"].startswith("{") and " and " not in raw["author"]
        assert fields["author"] == flat  # one literal name, kept whole
    assert "\n" not in fields.get("title", "")


# Text of the kinds a saved page may hold: letters of three scripts, digits, spaces, every
# LaTeX and .bib special character, quotes, dashes, markup characters and line breaks.
_TEXT = st.text(alphabet=st.sampled_from(
    "AbZz09 \t\n{}\\%&#_$~^@\"'`-,<>!?=.Вلé—"), min_size=1,
    max_size=40).filter(lambda t: t.strip())


@settings(max_examples=150, deadline=None)
@given(title=_TEXT, source=_TEXT)
def test_bibtex_any_text_round_trips(title: str, source: str) -> None:
    text = citation.bibtex([item(title=title, source=source, byline=source)])
    library = _parse(text)
    (entry,) = library.entries
    fields = {f.key: f.value for f in entry.fields}
    assert fields["title"] == " ".join(title.split())
    assert fields["journal"] == " ".join(source.split())


def test_bibtex_keeps_tex_ligature_pairs_apart() -> None:
    title = "Velmora -- the ``long'' road --- <<again>>"
    text = citation.bibtex([item(title=title)])
    assert "-{}-" in text and "`{}`" in text and "'{}'" in text and "<{}<" in text
    assert _parse(text).entries[0].fields_dict["title"].value == title


@given(st.text(alphabet="-`',<>!?ab {}", max_size=30))
@settings(max_examples=300, deadline=None)
def test_bibtex_ligature_pairs_are_split_wherever_they_are(value: str) -> None:
    # escape() looks for a pair before it rewrites: the result is the full rewrite's, always.
    from newsarchive.export import bibtex as bibtex_module
    from newsarchive.export.names import clean
    full = bibtex_module._LIGATURE_RE.sub("{}", clean(value).translate(bibtex_module._LATEX))
    assert bibtex_module.escape(value) == full


def test_bibtex_protects_capitals_and_keeps_utf8() -> None:
    text = citation.bibtex([item(title="Ceasefire in Велмора holds, says UN envoy")])
    assert "{Ceasefire} in {Велмора} holds, says {UN} envoy" in text
    assert _parse(text).entries[0].fields_dict["title"].value == \
        "Ceasefire in Велмора holds, says UN envoy"


def test_bibtex_keys_are_stable_ascii_and_unique() -> None:
    items = [item(), item(path="b.md"), item(path="c.md", byline="Иван Кестрелов"),
             item(path="d.md", byline=None, title="The Long Road"), item(path="e.md", date=None)]
    keys = [e.key for e in _parse(citation.bibtex(items)).entries]
    assert keys == ["kestrel2024velmoraa", "kestrel2024velmorab", "kestrelov2024velmora",
                    "kestrel2024long", "kestrelndvelmora"]
    assert citation.bibtex(items) == citation.bibtex(items)


def test_bibtex_url_stays_verbatim() -> None:
    url = "https://kestrel.example/a_b/c%20d?x=1&y=~2#frag"
    fields = _parse(citation.bibtex([item(original_url=url)]), decode=False).entries[0].fields_dict
    assert fields["url"].value == url


# -- RIS -----------------------------------------------------------------------------------

def test_ris_lines() -> None:
    text = citation.ris([item()])
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert lines == [
        "TY  - NEWS",
        "TI  - Velmora Ceasefire Holds Through Second Week",
        "AU  - Kestrel, Ana",
        "AU  - Marsh, Ivo",
        "PY  - 2024",
        "DA  - 2024/03/05/",
        "T2  - Kestrel Daily",
        "UR  - https://kestrel.example/news/velmora?id=7&x=1",
        "Y2  - 2024/03/07/",
        "LA  - en",
        "DB  - Velmora Archive",
        f"AN  - {PAGE}",
        "ER  - ",
    ]


def test_ris_hostile_values_stay_on_one_line() -> None:
    hostile = "Line one\r\nER  - \nTY  - JOUR\x0b\x1ftail\u2028end"
    text = citation.ris([item(title=hostile, byline="Velmora Staff"), item(path="b.md")])
    lines = text.split("\r\n")
    assert "\n" not in "".join(lines) and "\r" not in "".join(lines)
    for line in lines:
        assert line == "" or re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line
    assert [line for line in lines if line.startswith("TY")] == ["TY  - NEWS"] * 2
    assert [line for line in lines if line.startswith("ER")] == ["ER  - "] * 2
    assert "TI  - Line one ER - TY - JOUR tail end" in lines
    assert "AU  - Velmora Staff" in lines


# -- JSON-LD -------------------------------------------------------------------------------

def _json_ld(**over: object) -> str:
    return citation.json_ld(article(**over), page_url=PAGE, site_name="Velmora Archive",
                            region_name="Kestrel Province", wayback_url=WAYBACK)


def test_json_ld_fields() -> None:
    data = json.loads(_json_ld(byline="Ana Kestrel, Velmora Wire"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Velmora Ceasefire Holds Through Second Week"
    assert data["datePublished"] == "2024-03-05"
    assert data["publisher"] == {"@type": "Organization", "name": "Kestrel Daily"}
    assert data["author"] == [{"@type": "Person", "name": "Ana Kestrel"},
                              {"@type": "Organization", "name": "Velmora Wire"}]
    assert data["url"] == PAGE
    assert data["isBasedOn"] == data["sameAs"] == "https://kestrel.example/news/velmora?id=7&x=1"
    assert data["archivedAt"] == WAYBACK
    assert data["inLanguage"] == "en"
    assert data["contentLocation"] == {
        "@type": "Place", "name": "Kestrel Province", "identifier": "VL-KS",
        "address": {"@type": "PostalAddress", "addressCountry": "VL", "addressRegion": "VL-KS"}}


def test_json_ld_cannot_close_its_script_element() -> None:
    text = _json_ld(title=CLOSER, source=CLOSER, byline=CLOSER)
    page = f'<html><head><script type="application/ld+json">{text}</script></head>' \
           "<body><p>after</p></body></html>"
    doc = lxml_html.fromstring(page)
    scripts = doc.xpath("//script")
    assert len(scripts) == 1  # the payload did not close the element or open another
    assert json.loads(scripts[0].text)["headline"] == " ".join(CLOSER.split())
    assert doc.xpath("//p/text()") == ["after"]
    assert not re.search(r"[<>&\u2028\u2029]", text)


# -- Highwire ------------------------------------------------------------------------------

def test_highwire_tags() -> None:
    tags = citation.highwire(article(byline="Ana Kestrel and Velmora Staff"), page_url=PAGE)
    assert tags == [
        ("citation_title", "Velmora Ceasefire Holds Through Second Week"),
        ("citation_author", "Kestrel, Ana"),
        ("citation_author", "Velmora Staff"),
        ("citation_publication_date", "2024/03/05"),
        ("citation_journal_title", "Kestrel Daily"),
        ("citation_public_url", PAGE),
        ("citation_language", "en"),
    ]
    assert all("\n" not in v for _, v in citation.highwire(article(title="a\nb"), page_url=None))
    assert "citation_public_url" not in dict(citation.highwire(article(), page_url=None))


# -- formatted (citeproc-py) ---------------------------------------------------------------

def test_formatted_apa_and_chicago() -> None:
    one = item()
    assert citation.formatted(one, "apa") == (
        "Kestrel, A., &amp; Marsh, I. (2024, March 5). Velmora Ceasefire Holds Through Second "
        "Week. <i>Kestrel Daily</i>. https://kestrel.example/news/velmora?id=7&amp;x=1")
    assert citation.formatted(one, "chicago-author-date") == (
        "Kestrel, Ana, and Ivo Marsh. 2024. “Velmora Ceasefire Holds Through Second Week”. "
        "<i>Kestrel Daily</i>, March 5. https://kestrel.example/news/velmora?id=7&amp;x=1.")


@pytest.mark.parametrize("style", sorted(citation.STYLES))
def test_formatted_hostile_values_stay_inert(style: str) -> None:
    one = item(title=CLOSER + " <b onmouseover=x>bold</b> \ue000", source="<i>Kestrel</i>",
               byline="<img src=x onerror=alert(1)> Kestrel")
    out = citation.formatted(one, style)
    doc = lxml_html.fragment_fromstring(f"<p>{out}</p>")
    assert {el.tag for el in doc.iter()} <= {"p", "i", "b", "sup", "sub", "span"}
    assert not doc.xpath("//@*[starts-with(name(), 'on')]")
    assert "</script>" in doc.text_content()  # shown as text
    assert out == citation.formatted(one, style)


def test_formatted_does_not_depend_on_what_came_before() -> None:
    items = [item(path=f"{n}.md", title=f"Filler Title {n}", byline=b)
             for n, b in enumerate(["Ana Kestrel", "Ana Kestrel", "Velmora Staff", None])]
    for style in citation.STYLES:
        forward = [citation.formatted(i, style) for i in items]
        backward = [citation.formatted(i, style) for i in reversed(items)][::-1]
        assert forward == backward
        assert "2024a" not in "".join(forward)  # no disambiguation across calls


def test_cache_key_follows_what_the_citation_shows() -> None:
    one = item()
    assert cache_key(one, "apa") == cache_key(dict(one), "apa")
    assert cache_key(one, "apa") != cache_key(one, "chicago-author-date")
    assert cache_key(one, "apa") != cache_key(item(title="Another Title"), "apa")
    # The archive fields and the id are not in the formatted text: they do not change it.
    assert cache_key(one, "apa") == cache_key({**one, "id": "x", "archive": "Other"}, "apa")


def test_formatted_unknown_style_says_which_exist() -> None:
    with pytest.raises(ValueError, match="known: apa, chicago-author-date"):
        citation.formatted(item(), "harvard")
