"""Attack strings in a saved page must not reach the site as anything executable.

Each string is planted in a synthetic article (inside a paragraph, as a paragraph of its own,
in a link and in the headline), ingested, and the Markdown body is rendered with
Python-Markdown and the extensions mkdocs.yml uses. The rendered HTML is then checked for
executable content. The full site-build test lives with the site tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from lxml import html as lxml_html

from newsarchive.ingest.html_reader import read_html
from newsarchive.ingest.model import IngestError
from tests.ingest.html_pages import KEPT, article_page, ingest, written

# OWASP XSS filter-evasion classics and friends, as they would appear in page source.
XSS = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<ScRiPt>alert(String.fromCharCode(88,83,83))</sCrIpT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114"
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
    "&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;"
    "&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72"
    "&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<a href=\"jav\tascript:alert('XSS');\">tab link</a>",
    "<a href=\"jav&#x09;ascript:alert('XSS');\">entity tab link</a>",
    "<a href=\"jav&#x0A;ascript:alert('XSS');\">newline link</a>",
    "<a href=\" &#14;  javascript:alert('XSS');\">control char link</a>",
    "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=//xss.example/.j>",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "<iframe src=\"javascript:alert('XSS');\"></iframe>",
    "<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html;base64,"
    "PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://xss.example/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv\" "
    "type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">style expression</DIV>",
    "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><tr><td>cell</td></tr></TABLE>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data link</a>",
    "<a href=\"vbscript:msgbox('XSS')\">vbscript link</a>",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    # Text that would become markup if the Markdown writer trusted it:
    "&lt;script&gt;alert('entity text')&lt;/script&gt;",
    "&lt;img src=x onerror=alert(1)&gt; written as text",
    "[click me](javascript:alert(1)) written as text",
    "<javascript:alert(1)> written as text",
    "Filler paragraph for the attr list attack {: onclick=\"alert(1)\" }",
    "{: onmouseover=alert(1) } on its own",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) as text",
    "<div markdown=\"1\"><script>alert(1)</script></div>",
    "[^1]: <script>alert(1)</script>",
]
EXTENSIONS = ["toc", "tables", "admonition", "attr_list", "md_in_html", "footnotes"]
_FORBIDDEN_TAGS = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|meta|link|base|form|"
                             r"svg|math|frame|frameset|applet)\b", re.IGNORECASE)
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
# What a browser ignores in a URL before it reads the scheme (WHATWG URL: leading C0 controls
# and spaces, and every tab or newline), so "jav\tascript:" is javascript:.
_URL_IGNORED = re.compile(r"^[\x00-\x20]+|[\t\n\r]")


def render(body: str) -> str:
    return markdown.markdown(body, extensions=EXTENSIONS)


def assert_safe(rendered: str) -> None:
    assert not _FORBIDDEN_TAGS.search(rendered), rendered
    for tag in re.findall(r"<[^>]+>", rendered):  # inside tags, not in escaped text
        assert not re.search(r"\son[a-z]+\s*=", tag, re.IGNORECASE), tag
        assert not re.search(r"(javascript|vbscript|data)\s*:", tag, re.IGNORECASE), tag
        assert "expression(" not in tag.lower(), tag
    if rendered.strip():
        tree = lxml_html.fragment_fromstring(rendered, create_parent="div")
        for el in tree.iter():
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), (el.tag, name)
                assert name.lower() != "style", (el.tag, name)
                if name.lower() in ("href", "src", "action", "formaction", "background"):
                    assert not _BAD_SCHEME.match(_URL_IGNORED.sub("", value)), \
                        (el.tag, name, value)


def _page_with(attack: str) -> str:
    paragraphs = [
        KEPT[0],
        f"Filler sentence around the attack for the synthetic fixture {attack} and after it.",
        attack,
        KEPT[1],
        f'Filler link sentence <a href="{attack}">with the attack as its target</a> here.',
        KEPT[2],
        KEPT[3],
    ]
    return article_page(paragraphs=paragraphs, headline=f"Filler headline {attack}")


# Every attack written as markup, as a browser would parse it: the check the tests below rely
# on must refuse each one untouched, or a pass would prove nothing. (`<BODY onload!#...>` is
# left out: an HTML5 parser ends the attribute name at its "/", so no handler is set.)
MARKUP = [a for a in XSS if a.startswith("<") and not a.startswith("<BODY")]


@pytest.mark.parametrize("attack", MARKUP)
def test_the_check_refuses_each_attack_untouched(attack: str) -> None:
    with pytest.raises(AssertionError):
        assert_safe(attack)


def _read(attack: str):
    try:
        return read_html(_page_with(attack).encode("utf-8"), Path("attack.html"))
    except IngestError:
        return None


@pytest.mark.parametrize("attack", XSS)
def test_attack_never_renders_executable(attack: str) -> None:
    found = _read(attack)
    if found is None:
        # An unclosed <script>/<style> swallows the rest of the page, as in a browser: the
        # page is refused with a clear error and nothing is written, which is safe.
        return
    assert KEPT[0] in found.body  # the article itself survives
    assert_safe(render(found.body))
    # Text fields reach templates (autoescaped there) but carry no markup from the page.
    for value in [found.title or "", found.byline or "", *found.related_titles]:
        assert not _FORBIDDEN_TAGS.search(value.replace("&lt;", "<")) or "<" not in value


def test_attacks_through_the_cli(tmp_path: Path) -> None:
    src = tmp_path / "all-attacks.html"
    readable = [a for a in XSS if _read(a) is not None]
    assert len(readable) >= 30
    src.write_text(article_page(paragraphs=[*KEPT, *readable]), encoding="utf-8")
    code, out = ingest(src, tmp_path / "content")
    assert code == 0, out
    _, body = written(tmp_path / "content")
    assert_safe(render(body))
    assert KEPT[3] in body


def test_checker_catches_what_it_should() -> None:
    with pytest.raises(AssertionError):
        assert_safe('<p onclick="alert(1)">x</p>')
    with pytest.raises(AssertionError):
        assert_safe('<a href="javascript:alert(1)">x</a>')
    with pytest.raises(AssertionError):
        assert_safe("<script>alert(1)</script>")
    assert_safe("<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript: as text</p>")


# --- metadata: plain text, whatever the page or the command line holds ------------------------

METADATA_ATTACKS = [
    ("Ceasefire holds in Velmora <svg onload=alert(1)", "Ceasefire holds in Velmora"),
    ("Velmora <img src=x onerror=alert(1)", "Velmora"),
    ('W"><svg onload=alert(1)>', 'W">'),
    ("</title><script>alert(1)</script>", "alert(1)"),
    ("&lt;svg onload=alert(1)&gt;Velmora", "Velmora"),
    ("&amp;lt;svg onload=alert(1)&amp;gt;Velmora", "Velmora"),
    ("<<svg>svg onload=alert(1)>Velmora", "Velmora"),
    ("<<<<a", "<<<"),
    ("<!--><svg onload=alert(1)>-->Velmora", "-->Velmora"),
    ("Velmora\x00\x1b[31m council", "Velmora[31m council"),
    ("Fish &amp; chips < 5 > 2", "Fish & chips < 5 > 2"),
    ("By <u>Filler Wire</u>", "By Filler Wire"),
]


@pytest.mark.parametrize(("value", "expected"), METADATA_ATTACKS)
def test_metadata_is_plain_text(value: str, expected: str) -> None:
    from newsarchive.ingest.markdown_text import plain_text

    cleaned = plain_text(value)
    assert cleaned == expected
    assert not re.search(r"<[A-Za-z/!?]", cleaned)  # nothing a parser reads as a tag


def test_every_metadata_field_of_a_saved_page_is_plain_text(tmp_path: Path) -> None:
    """Hostile <title>, og:site_name, author and related links, as a page would carry them:
    the written frontmatter holds no markup and no control character."""
    attack = "Velmora filler <svg onload=alert(1)"
    page = article_page(headline=f"Council of Velmora opens the bridge {attack}",
                        site_name='W"><svg onload=alert(1)>',
                        extra_body=f"<p>Related article: <a href='/r'>Ferry story {attack}</a></p>")
    page = page.replace("Ilsa Verrin", "Ilsa Verrin <img src=x onerror=alert(1)")
    src = tmp_path / "hostile.html"
    src.write_text(page, encoding="utf-8")
    code, out = ingest(src, tmp_path / "content", "--region", "SY-ID")
    assert code == 0, out
    meta, _ = written(tmp_path / "content")
    values = [meta["title"], meta["source"], meta.get("byline") or "",
              *(meta.get("related_titles") or [])]
    assert meta["title"].startswith("Council of Velmora opens the bridge")
    for value in values:
        assert not re.search(r"<[A-Za-z/!?]", value), value
        assert "onload" not in value and "onerror" not in value, value


def test_every_metadata_field_of_a_text_save_is_plain_text(tmp_path: Path) -> None:
    attack = "<svg onload=alert(1)"
    src = tmp_path / "hostile.txt"
    src.write_text("\n\n".join([
        f"Velmora council opens the bridge {attack}", f"By <u>Filler Wire</u> {attack}",
        "March 5, 2031", "Invented Photographer / <i>Filler Agency</i> <svg/onload=alert(1)>",
        KEPT[0], f"Related article: Velmora ferry story {attack}", KEPT[1],
        "Original url: https://gazette.velmora.example/text/hostile"]) + "\n",
        encoding="utf-8")
    code, out = ingest(src, tmp_path / "content", "--region", "SY-ID", "--source", "Filler")
    assert code == 0, out
    meta, _ = written(tmp_path / "content")
    assert meta["title"] == "Velmora council opens the bridge"
    assert meta["byline"] == "Filler Wire"
    assert meta["photo_credit"] == "Invented Photographer / Filler Agency"
    assert meta["related_titles"] == ["Velmora ferry story"]


def test_command_line_values_are_plain_text_too(tmp_path: Path) -> None:
    src = tmp_path / "page.html"
    src.write_text(article_page(), encoding="utf-8")
    code, out = ingest(src, tmp_path / "content", "--region", "SY-ID",
                       "--title", "Typed <b>title</b> <svg onload=alert(1)",
                       "--source", 'Typed "><svg onload=alert(1)>')
    assert code == 0, out
    meta, _ = written(tmp_path / "content")
    assert meta["title"] == "Typed title"
    assert meta["source"] == 'Typed ">'
