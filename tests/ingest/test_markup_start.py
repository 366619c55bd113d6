"""One definition of where markup starts (``newsarchive.markup``), shared by ingest's
``strip_tags`` and the schema's plain-text check: whatever ingest writes, the loader accepts.

HTML starts a tag only at ``<`` followed by an ASCII letter, ``/``, ``!`` or ``?``; a ``<``
before a Cyrillic or accented letter is text (``x <Ж``) and stays in the title.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsarchive.archive.frontmatter import split
from newsarchive.cli import main
from newsarchive.ingest.markdown_text import strip_tags
from newsarchive.schema import plain_text_problem
from tests.ingest.synthetic_saves import COMPLETE

FIXTURE = (Path(__file__).resolve().parent.parent / "fixtures" / "html" /
           "velmora_report.html").read_text(encoding="utf-8")

# Pieces that sit next to "<" in hostile or unusual titles: ASCII and non-ASCII letters,
# tag-start punctuation, entities, controls and invisible characters that vanish on cleaning.
PIECES = ["<", ">", "/", "!", "?", "b", "Z", "Ж", "б", "é", "ß", "\u212a", "ǅ", "3", " ", "\t",
          "\n", "\x00", "\x1b", "\x85", "\x9f", "\u200b", "\u2028", "&lt;", "&#60;", "&#x3c;",
          "&amp;lt;", "&#1;", "&", ";", "script", "svg onload=x", "<!--", "-->", "<?xml"]
PROPERTY = settings(max_examples=400, deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@example("a <б")
@example("<Ж")
@example("<\u200bscript>alert(1)</script>")  # a control between "<" and the letter
@example("&lt;\x00svg onload=x")
@example("<<b>svg onload=x")
@given(st.one_of(st.text(max_size=200),
                 st.lists(st.sampled_from(PIECES), max_size=30).map("".join)))
def test_every_stripped_text_passes_the_loader(text: str) -> None:
    assert plain_text_problem(strip_tags(text)) is None


@pytest.mark.parametrize("text", ["x <Ж", "<б", "a < b", "<3 Velmora", "<é", "<\u212a"])
def test_text_after_lt_that_html_reads_as_text_is_kept_and_accepted(text: str) -> None:
    assert strip_tags(text) == text
    assert plain_text_problem(text) is None


@pytest.mark.parametrize("text", ["x <b", "x </", "x <!--", "x <?php", "x <Svg"])
def test_markup_is_stripped_and_refused(text: str) -> None:
    assert strip_tags(text) == "x"
    assert "holds markup" in (plain_text_problem(text) or "")


def test_title_with_lt_before_non_ascii_letters_ingests_and_checks(tmp_path: Path) -> None:
    save = tmp_path / "save.txt"
    save.write_text(
        "Synthetic filler: Velmora ferry fares <Ж and <б in the invented harbour\n\n"
        "By Synthetic Wire\n\nMarch 4, 2031\n\n"
        "Synthetic filler paragraph about the invented town of Velmora and its ferry, long "
        "enough to count as article text for the newsarchive test suite.\n\n"
        "A second synthetic filler paragraph, for testing purposes only.\n\n"
        "Original url: https://news.example.org/2031/03/synthetic-velmora-ferry\n",
        encoding="utf-8")
    content = tmp_path / "content"
    ingest = CliRunner().invoke(main, ["ingest", str(save), "--content", str(content),
                                       *COMPLETE])
    assert ingest.exit_code == 0, ingest.output
    [article] = (content / "articles").rglob("*.md")
    meta, _ = split(article.read_text(encoding="utf-8"))
    assert meta["title"] == \
        "Synthetic filler: Velmora ferry fares <Ж and <б in the invented harbour"
    assert meta["date"] in ("2031-03-04", dt.date(2031, 3, 4))
    check = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert check.exit_code == 0, check.output


def test_saved_page_title_with_lt_before_non_ascii_letters_ingests_and_checks(
        tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(FIXTURE.replace("Filler harbour report from Port Ostra",
                                    "Filler harbour report &lt;Ж from Port Ostra &lt;б"),
                    encoding="utf-8")
    content = tmp_path / "content"
    ingest = CliRunner().invoke(main, ["ingest", str(page), "--content", str(content),
                                       *COMPLETE])
    assert ingest.exit_code == 0, ingest.output
    [article] = (content / "articles").rglob("*.md")
    meta, _ = split(article.read_text(encoding="utf-8"))
    assert meta["title"] == "Filler harbour report <Ж from Port Ostra <б"
    check = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert check.exit_code == 0, check.output
