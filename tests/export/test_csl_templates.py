"""Citation templates (export/csl_templates.py) give exactly what citeproc-py gives."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.export import citation, csl, csl_templates
from newsarchive.schema import Article

WORDS = ("the", "of", "and", "in", "on", "a", "to", "Velmora", "Dunmoor", "Kestrel", "talks",
         "ceasefire", "UN", "aid", "report", "2nd", "50%", "e.g.", "isn't", "“quoted”",
         '"straight"', "Новости", "فيلمورا", "—", "&", "x/y", "synthetic", "filler", "AND",
         "Über", "état", "O'Neil", "mid-year", "1999", "<b>", "{braces}", "\\back")
EDGES = ("", "", "", "?", "!", ".", ":", " ", "'", "“", "…")
PEOPLE = ("Ana Kestrel", "Ivo Marsh", "Lina Oster", "Pia van der Holm", "Oren Varga Jr.",
          "Jean-Luc Dunmoor", "Ana Maria de la Vega", "Teo Brand", "Иван Велмор",
          "J. R. Quill", "mira linde", "Sol O'Quill")
ORGS = ("Velmora Staff", "Kestrel Wire Service", "By Dunmoor Desk")
LANGUAGES = ("en", "en", "en", "fr", "ru", "ar", None)


def record(rng: random.Random, i: int) -> dict:
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 9)))
    title = rng.choice(EDGES) + title + rng.choice(EDGES)
    people = rng.sample(PEOPLE + ORGS, rng.choice((0, 1, 1, 1, 2, 3, 8)))
    byline = (", " if rng.random() < 0.5 else " and ").join(people) or None
    date = None if rng.random() < 0.1 else dt.date(rng.randint(1990, 2026),
                                                   rng.randint(1, 12), rng.randint(1, 28))
    article = Article(
        title=title.strip() or "Untitled", date=date, byline=byline, region="VL-KS",
        source=rng.choice(("Kestrel Daily", "The Velmora Times", "Dunmoor.example",
                           "Radio “Free” Velmora")),
        original_url=rng.choice((f"https://kestrel.example/{i}?a=1&b=2",
                                 f"https://velmora.example/news/{i}/", "")) or None,
        language=rng.choice(LANGUAGES),
        archived=dt.datetime(2025, 1, 2, tzinfo=dt.UTC) if i % 3 else None,
        path=f"articles/{i}.md")
    return citation.csl_item(article, page_url=f"https://archive.example.org/a/{i}/",
                             site_name="Velmora Archive")


@pytest.mark.parametrize("style", list(csl.STYLES))
def test_templates_format_like_citeproc(style: str) -> None:
    rng = random.Random(7)
    items = [record(rng, i) for i in range(1000)]
    templated = [csl.formatted(item, style) for item in items]
    direct = [csl.formatted(item, style, templates=False) for item in items]
    assert templated == direct
    # The templates were used, not skipped: every record with plain values had one.
    templates = csl._templates(style)
    shapes = [csl_templates.shape(csl.record(item)) for item in items]
    plain = [key for key in shapes if key is not None]
    assert len(plain) > 200
    assert all(templates._by_shape[key] is not None for key in plain)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(min_size=1, max_size=40), family=st.text(min_size=1, max_size=12),
       given_name=st.text(max_size=12), day=st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)))
def test_any_values_format_like_citeproc(title: str, family: str, given_name: str,
                                         day: dt.date) -> None:
    item = {"id": "x", "type": "article-newspaper", "title": title,
            "container-title": "Kestrel Daily", "issued": {"date-parts": [[day.year, day.month,
                                                                            day.day]]},
            "author": [{"family": family, "given": given_name} if given_name
                       else {"literal": family}], "language": "en"}
    for style in csl.STYLES:
        assert csl.formatted(item, style) == csl.formatted(item, style, templates=False)


def test_values_with_markup_or_edge_spaces_are_left_to_citeproc() -> None:
    item = record(random.Random(1), 1)
    assert csl_templates.shape(item) is not None
    for title in (" Velmora", "Velmora\n", 'A <span class="nocase">iPhone</span> story'):
        assert csl_templates.shape(item | {"title": title}) is None
        for style in csl.STYLES:
            assert csl.templated(item | {"title": title}, style) is None
            assert csl.formatted(item | {"title": title}, style) == \
                csl.formatted(item | {"title": title}, style, templates=False)


@pytest.mark.parametrize("style", list(csl.STYLES))
def test_initials_and_end_punctuation_are_templated(style: str) -> None:
    """Where citeproc-py merges a value's final period with the style's ("C." + ". "), the
    template knows it: such common records are not sent back to citeproc-py."""
    item = {"id": "x", "type": "article-newspaper", "title": "Is Velmora next?",
            "container-title": "Kestrel Daily", "author": [{"family": "Drummelow", "given": "C."}],
            "issued": {"date-parts": [[2005, 1, 21]]}, "URL": "https://k.example/1",
            "language": "en"}
    fast = csl.templated(item, style)
    assert fast is not None
    assert fast == csl.formatted(item, style, templates=False)


def test_templates_made_in_another_process_format_like_citeproc() -> None:
    """make_templates() gives templates that pickle (a forked child makes them during a
    first build); add_templates() in a process that has made none formats with them, and
    the text is citeproc-py's."""
    import pickle
    import subprocess
    import sys
    import textwrap

    rng = random.Random(11)
    items = [record(rng, i) for i in range(300)]
    made = csl.make_templates([csl.record(item) for item in items], list(csl.STYLES))
    assert set(made) == set(csl.STYLES)
    assert sum(t is not None for t in made["apa"].values()) >= 5
    payload = pickle.dumps((made, items))
    # A fresh interpreter: no template of its own, only those unpickled.
    script = textwrap.dedent("""
        import pickle, sys
        from newsarchive.export import csl
        made, items = pickle.loads(sys.stdin.buffer.read())
        csl.add_templates(made)
        built = []
        from newsarchive.export import csl_templates
        original = csl_templates.build
        def counting(render, item):
            built.append(item)
            return original(render, item)
        csl_templates.build = counting
        out = []
        for style in csl.STYLES:
            for item in items:
                out.append(csl.templated(item, style))
                assert out[-1] is None or out[-1] == csl.formatted(item, style, templates=False)
        sys.stdout.buffer.write(pickle.dumps((out, len(built))))
    """)
    done = subprocess.run([sys.executable, "-c", script], input=payload, capture_output=True,
                          check=True)
    out, built = pickle.loads(done.stdout)
    assert built == 0  # every shape's template came from the other process
    assert sum(text is not None for text in out) > 400
