"""Property-based fuzzing of the two readers and of ``ingest_file`` (Hypothesis).

Inputs: random text and bytes, synthetic text saves with hostile lines, and mutated copies of
the synthetic fixture page (truncated tags, unclosed attributes, control characters, inserted
markup). Invariants:

- no exception other than :class:`IngestError` leaves a reader; ``ingest_file`` reports every
  failure as an outcome, never as "a bug in newsarchive";
- each input is read within the Hypothesis deadline;
- no metadata field (title, source, byline, photo credit, related titles) holds markup: ``<``
  followed by a letter, ``/``, ``!`` or ``?``.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsarchive.archive.frontmatter import split
from newsarchive.ingest.model import Extracted, IngestError
from newsarchive.ingest.pipeline import ingest_file
from newsarchive.ingest.readers import read_html_page, read_plain_text
from newsarchive.ingest.store import ArchiveStore
from newsarchive.vocab import load_vocab

FIXTURE = (Path(__file__).resolve().parent.parent / "fixtures" / "html" /
           "velmora_report.html").read_text(encoding="utf-8")
MARKUP = re.compile(r"<[A-Za-z/!?]")
FIELDS = ("title", "source", "byline", "photo_credit", "url")

# Fragments a hostile or broken page is made of.
HOSTILE = [
    "<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>", "<?xml", "<!doctype html>", '"', "'",
    "=", "&", "&lt;", "&gt;", "&amp;lt;", "&#60;", "&#x3c;", "\x00", "\x1b", "\x07", "\x0b",
    "\u2028", "\ufeff", "\ud7ff", "<title>", "</title>", "<script>", "</script>", "<style>",
    "<svg onload=alert(1)", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">',
    '<meta property="og:title" content="', '<meta property="og:site_name" content="W"><svg ',
    '<meta name="author" content="<b>', '<div title="', "<p>", "</p>", "<h1>", "</h1>",
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "<svg ',
    "<iframe src=", "<textarea>", "<noscript>", "<math>", "<template>", "By <u>Filler</u>",
]
VOCAB = load_vocab()
NOW = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
FUZZ = settings(max_examples=60, deadline=dt.timedelta(seconds=20), database=None,
                suppress_health_check=[HealthCheck.too_slow], print_blob=True)

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
fragment = st.one_of(st.sampled_from(HOSTILE), any_text)


@st.composite
def mutated_page(draw: st.DrawFn) -> str:
    """The fixture page with a few random edits: cuts, insertions, deletions, duplications."""
    page = FIXTURE
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(page)))
        kind = draw(st.sampled_from(["insert", "insert", "delete", "duplicate", "truncate"]))
        if kind == "insert":
            page = page[:at] + draw(fragment) + page[at:]
        elif kind == "delete":
            page = page[:at] + page[at + draw(st.integers(1, 200)):]
        elif kind == "duplicate":
            page = page[:at] + page[at:at + draw(st.integers(1, 400))] * 2 + page[at:]
        else:
            page = page[:max(at, 200)]
    return page


@st.composite
def text_save(draw: st.DrawFn) -> str:
    """A plain-text save (title, byline, date, paragraphs, URL) with hostile pieces in it."""
    def line(base: str) -> str:
        parts = [base, *draw(st.lists(fragment, max_size=4))]
        return "".join(draw(st.permutations(parts)))

    paragraph = ("Filler paragraph of a synthetic text save about the invented town of Velmora "
                 "and its river, long enough to count as article text.")
    lines = [line("Filler headline about Velmora"), line("By Filler Newsdesk"),
             line("March 4, 2021"), line("Photo: filler credit")]
    lines += [line(paragraph) for _ in range(draw(st.integers(1, 4)))]
    lines.append(line("Related article: Filler market reopens"))
    lines.append("Original url: " + line("https://courier.velmora.example/news/1"))
    return "\n\n".join(lines)


def _markup_in(found: Extracted) -> list[str]:
    values = [getattr(found, name) or "" for name in FIELDS] + list(found.related_titles)
    return [v for v in values if MARKUP.search(v)]


def _read(reader, data: bytes, name: str) -> Extracted | None:
    try:
        return reader(data, Path(name))
    except IngestError:
        return None


# --- no exception but IngestError, in bounded time ---------------------------------------------

@FUZZ
@given(st.one_of(mutated_page(), st.lists(fragment, max_size=40).map("".join)))
@example("<p></p>\x1b")  # a control character lxml parses but refuses in text set later
def test_html_reader_raises_only_ingest_error(page: str) -> None:
    _read(read_html_page, page.encode("utf-8", "surrogatepass"), "page.html")


@FUZZ
@given(st.binary(max_size=2000))
def test_html_reader_on_random_bytes(data: bytes) -> None:
    _read(read_html_page, b"<html><body><p>" + data, "page.html")


@FUZZ
@given(st.one_of(text_save(), any_text))
def test_text_reader_raises_only_ingest_error(save: str) -> None:
    _read(read_plain_text, save.encode("utf-8"), "save.txt")


@FUZZ
@given(st.binary(max_size=2000))
def test_text_reader_on_random_bytes(data: bytes) -> None:
    _read(read_plain_text, data, "save.txt")


# --- no markup in metadata ---------------------------------------------------------------------

# Failing examples here are strip_tags' fault (ingest/markdown_text.py): its pattern <[^>]*>
# leaves a tag that is never closed ("<svg onload=alert(1)") and text such as "<Filler" that a
# page wrote as "&lt;Filler". The helper "xss" is hardening strip_tags on its own branch: once
# that branch is merged these tests must pass, and strict=True makes them fail until this mark
# is removed. The explicit examples are the issue's own cases, so the failure is not left to
# the random search.
# The headline, in every place the page states it, as text that reads as an unclosed tag.
UNCLOSED_TITLE_PAGE = FIXTURE.replace("Filler harbour report from Port Ostra",
                                      "Filler harbour report &lt;svg onload=alert(1)")
UNCLOSED_TITLE_SAVE = ("Filler headline about Velmora <svg onload=alert(1)\n\nBy Filler Newsdesk"
                       "\n\nMarch 4, 2021\n\n" + "Filler paragraph about Velmora. " * 5)


@settings(FUZZ, derandomize=True)
@example(UNCLOSED_TITLE_PAGE)
@given(mutated_page())
def test_html_reader_metadata_holds_no_markup(page: str) -> None:
    found = _read(read_html_page, page.encode("utf-8"), "page.html")
    if found is not None:
        assert _markup_in(found) == []


@settings(FUZZ, derandomize=True)
@example(UNCLOSED_TITLE_SAVE)
@given(text_save())
def test_text_reader_metadata_holds_no_markup(save: str) -> None:
    found = _read(read_plain_text, save.encode("utf-8"), "save.txt")
    if found is not None:
        assert _markup_in(found) == []


# --- the whole pipeline, child process and written files included ------------------------------

@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Ingest once before the timed examples: the first file loads the readers and builds the
    vocabularies' matchers, which the deadline of one example is not about."""
    tmp = tmp_path_factory.mktemp("warm")
    for name, data in (("page.html", FIXTURE), ("save.txt", UNCLOSED_TITLE_SAVE)):
        (tmp / name).write_text(data, encoding="utf-8")
        ingest_file(tmp / name, ArchiveStore(tmp / "content"), VOCAB, now=NOW)


@settings(FUZZ, max_examples=25)
@given(st.one_of(mutated_page().map(lambda p: ("page.html", p)),
                 text_save().map(lambda s: ("save.txt", s))))
def test_ingest_file_reports_every_failure(warm: None, named: tuple[str, str]) -> None:
    name, data = named
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / name
        src.write_bytes(data.encode("utf-8", "surrogatepass"))
        outcome = ingest_file(src, ArchiveStore(Path(tmp) / "content"), VOCAB, now=NOW)
        assert outcome.status in ("written", "failed"), outcome
        assert "a bug in newsarchive" not in outcome.message
        if outcome.status == "written":
            assert outcome.target is not None
            meta, _ = split(outcome.target.read_text(encoding="utf-8"))
            assert meta["sha256"] and meta["ingest"] in ("html", "text")
