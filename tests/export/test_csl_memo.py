"""The memoising style (export/csl_engine.py ``_Style``) formats exactly as citeproc-py's own."""

from __future__ import annotations

import datetime as dt
import functools
import itertools

import pytest
from citeproc import CitationStylesStyle

from newsarchive.export import citation, csl, csl_engine
from newsarchive.schema import Article

BYLINES = ("Ana Kestrel", "Ana Kestrel and Ivo Marsh", "By Velmora Staff", "",
           "Reporting by Lina Oster; editing by Teo Brand", "Pia van der Holm, Oren Varga Jr.",
           "Ana Kestrel, Ivo Marsh, Lina Oster, Teo Brand, Pia Holm, Sol Quill, Mira Linde, "
           "Oren Varga")


def items() -> list[dict]:
    out = []
    for i, (byline, date) in enumerate(itertools.product(
            BYLINES, (dt.date(2024, 3, 5), None, dt.date(1999, 12, 31)))):
        out.append(citation.csl_item(Article(
            title=f"Synthetic filler headline {i}: Velmora & “Dunmoor” {{braces}}",
            date=date, source="Kestrel Daily", region="VL-KS", byline=byline or None,
            original_url=f"https://kestrel.example/{i}?a=1&b=2", language="en",
            archived=dt.datetime(2025, 1, 2, tzinfo=dt.UTC) if i % 2 else None,
            path=f"articles/{i}.md"), page_url=None, site_name="Velmora Archive"))
    return out


@pytest.mark.parametrize("style", list(csl.STYLES))
def test_memoised_style_formats_like_citeproc(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # templates=False: each entry rendered by citeproc-py with the style under test (a
    # template, made once, would hide which style the second pass used).
    ours = [csl.formatted(item, style, templates=False) for item in items()]
    assert isinstance(csl_engine._style(style), csl_engine._Style)
    plain = functools.cache(lambda key: CitationStylesStyle(
        str(csl.STYLES_DIR / csl.STYLES[key][0]), locale=csl.LOCALE, validate=False))
    monkeypatch.setattr(csl_engine, "_style", plain)
    theirs = [csl.formatted(item, style, templates=False) for item in items()]
    assert not isinstance(plain(style), csl_engine._Style)
    assert ours == theirs
    assert len(set(ours)) == len(ours)  # the items differ, and so do their entries
