"""The lede: an article's first prose paragraph as plain text (synthetic bodies only)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.export import lede as lede_module
from newsarchive.export.lede import lede, shorten
from newsarchive.ingest.markdown_text import paragraphs_to_markdown

FILLER = "Synthetic filler text for tests."


def test_first_paragraph_without_markdown() -> None:
    body = (f"Officials in *Velmora* said **nothing** [new](https://x.example/) at `noon` "
            f"&amp; left[^1]. {FILLER}\n\nSecond paragraph.\n\n[^1]: A footnote.\n")
    assert lede(body) == f"Officials in Velmora said nothing new at noon & left. {FILLER}"


@pytest.mark.parametrize("before", [
    "# Velmora heading", "## Second heading", "![Velmora map](map.png)", "- a list item",
    "1. a numbered item", "> a quotation", "| a | table |\n|---|---|\n| 1 | 2 |", "---",
    "    indented code", "```\nfenced code\n\nstill code\n```", "!!! note\n    admonition",
    "<script>alert(1)</script>", "<h2>raw heading</h2>", "<ul><li>raw list</li></ul>",
])
def test_blocks_that_are_not_prose_are_skipped(before: str) -> None:
    assert lede(f"{before}\n\nThe lede of Velmora. {FILLER}\n\nNext.") == \
        f"The lede of Velmora. {FILLER}"


def test_raw_html_in_the_paragraph_is_text() -> None:
    body = "Velmora <b>held</b> <script>steal()</script><style>p{}</style><u>talks</u>."
    assert lede(body) == "Velmora held talks."


def test_raw_html_block_counts_by_its_visible_text() -> None:
    assert lede("<div>Velmora <i>raw</i> block</div>\n\nNext.") == "Velmora raw block"
    assert lede("<script>x()</script> Velmora text\n\nNext.") == "Velmora text"
    assert lede("<!-- note --> Velmora\x00 \ud800text\n\nNext.") == "Velmora text"


def test_no_paragraph() -> None:
    assert lede("") == ""
    assert lede("# Only a heading\n\n- and a list") == ""


def test_long_paragraph_is_cut_on_a_word_boundary() -> None:
    words = " ".join(f"velmora{n}," for n in range(100))
    text = lede(words)
    assert len(text) <= 300
    assert text.endswith("…")
    assert text[:-1] == words[:len(text) - 1].rstrip(",")  # whole words, no trailing comma
    assert words[len(text) - 1] in " ,"
    assert lede(words, limit=40) == "velmora0, velmora1, velmora2, velmora3…"


def test_text_without_spaces_is_cut_at_the_limit() -> None:
    assert shorten("维" * 400, 300) == "维" * 299 + "…"
    assert shorten("short", 300) == "short"


_PIECES = st.sampled_from([
    *"ab &;#x1\\*_[]<>!-=\n .()`{}", "&amp;", "&lt;", "&#38;", "&copy;", "&copy", "\\*",
    "\\\\", "  \n", "\n# ", "\n> ", "\n---", "\n1. ", "\n- ", "\n=", "AT&T", "<b>",
    "https://x.example/",
])


@settings(max_examples=400, suppress_health_check=list(HealthCheck), deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_text_read_without_rendering_is_what_markdown_renders(block: str) -> None:
    """The fast path (plain blocks, escapes, entities) gives what rendering would."""
    block = block.strip("\n")
    plain = lede_module._ESCAPE_OR_ENTITY.sub("", block)
    if (not block.strip() or "\n\n" in block or lede_module._NOT_PROSE.match(block)
            or lede_module._MARKDOWN_SYNTAX.search(plain)):
        return  # rendered anyway
    assert lede_module._paragraph_text(block) == lede_module._rendered_text(block)


@settings(max_examples=400, suppress_health_check=list(HealthCheck), deadline=None)
@given(st.sampled_from(["*", "_", "**", "__", "***", "___"]),
       st.lists(_PIECES, max_size=20).map("".join))
def test_a_paragraph_in_emphasis_is_read_as_markdown_renders_it(mark: str, inner: str) -> None:
    """A whole block in emphasis (``*Editor's note ...*``) is read without rendering, and
    gives what rendering would."""
    block = f"{mark}{inner}{mark}".strip("\n")
    if not block.strip() or "\n\n" in block or lede_module._NOT_PROSE.match(block):
        return
    assert lede_module._paragraph_text(block) == lede_module._rendered_text(block)


def test_an_emphasised_first_paragraph_is_the_lede() -> None:
    body = f"*Synthetic note: {FILLER}*\n\nSecond paragraph."
    assert lede(body) == f"Synthetic note: {FILLER}"
    assert lede_module._EMPHASISED.fullmatch(f"*Synthetic note: {FILLER}*")


def test_ingest_escapes_read_without_rendering() -> None:
    body = r"Velmora \*not emphasis\* \[1\] AT&T &amp; &lt;b&gt; 5 \_ 6" + f". {FILLER}"
    assert lede(body) == f"Velmora *not emphasis* [1] AT&T & <b> 5 _ 6. {FILLER}"


@settings(max_examples=300, suppress_health_check=list(HealthCheck), deadline=None)
@given(st.lists(st.sampled_from([*"ab &;#x1\\*_[]<>!-=+|:.()`{}\"'", "AT&T", "&amp;", "<b>",
                                 "1986. ", "https://x.example/"]), max_size=30).map("".join))
def test_an_ingested_paragraph_comes_back_as_its_text(text: str) -> None:
    """What ingest writes for a paragraph of text (escaped Markdown) has that text as lede."""
    want = " ".join(text.split())
    if want:
        assert lede(paragraphs_to_markdown([text]), limit=1000) == want
