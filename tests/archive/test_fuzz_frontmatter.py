"""Property-based fuzzing of the frontmatter loader (Hypothesis).

Invariants, whatever the text: the loader returns problems and never raises; each call is
bounded in time (Hypothesis' deadline); and whatever article it returns holds only valid,
plain-text metadata (no markup, no control characters), with a problem for any value it
dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.archive.frontmatter import MAX_FRONTMATTER
from newsarchive.archive.loader import load_parts
from newsarchive.schema import KEYS, PASSTHROUGH, Article, plain_text_problem
from newsarchive.vocab import load_vocab
from tests.helpers import ROOT

SEED = next((ROOT / "content" / "articles").rglob("*.md")).read_text(encoding="utf-8")
# NEWSARCHIVE_FUZZ_EXAMPLES=5000 for a longer search. No example database: a failure prints
# its example, and the worktree stays clean.
FUZZ = settings(max_examples=int(os.environ.get("NEWSARCHIVE_FUZZ_EXAMPLES", "300")),
                deadline=dt.timedelta(seconds=2), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
VOCAB = load_vocab()

# Characters and snippets that stress YAML and the plain-text rules.
_NASTY = ["&a ", "*a", "&a [x, y]", "<<: *a", "!!python/object:os.system ", "!!binary ",
          "!!timestamp ", "!!set ", "? ", "[", "]", "{", "}", ", ", ": ", "\n- ", "\n  ", "#",
          "---\n", "...\n", "\x00", "\x1b", "\x7f", "\x85", "\x9b", "\ufeff", "\r", "\t",
          '"\\0"', '"\\e"', '"\\x9b"', "'", '"', "<svg onload=alert(1)>", "</p>", "<!--",
          "<?xml", "2020-13-45", "2020-02-30", "1e400", "0x1F", ".inf", "null", "~", "yes",
          "title: ", "date: ", "review: ", "tags: ", "\u202e", "\U0001f600", "\\"]
_TEXT = st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(_NASTY)),
                 max_size=12).map("".join)


def _scalars() -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                     _TEXT, st.dates().map(str), st.dates(), st.datetimes())


_VALUES = st.recursive(_scalars(), lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=3)), max_leaves=12)
_KEYS = st.one_of(st.sampled_from(sorted(set(KEYS) | PASSTHROUGH)), _TEXT)


def check_invariants(text: str) -> None:
    """Load ``text`` as an article file; assert what must hold of the outcome."""
    data, _, article, problems = load_parts(text, "articles/x.md", VOCAB)
    for p in problems:  # one line each, nothing a terminal would interpret
        assert p.key and p.message and p.format("x").isprintable(), p
    if article is None:
        assert data is None and problems, "an unusable file must say why"
        return
    for f in dataclasses.fields(Article):
        value = getattr(article, f.name)
        if f.name in ("body", "path"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                assert plain_text_problem(item) is None, (f.name, item)
            else:
                assert item is None or isinstance(item, (dt.date, dt.datetime)), (f.name, item)
    for key in ("title", "source", "region", "original_url"):
        if not getattr(article, key):
            assert any(p.key == key for p in problems), f"{key} dropped without a problem"


@FUZZ
@given(st.text(max_size=400))
def test_random_text_as_frontmatter(text: str) -> None:
    check_invariants(f"---\n{text}\n---\n\nSynthetic filler body.\n")
    check_invariants(text)


@FUZZ
@given(st.dictionaries(_KEYS, _VALUES, max_size=8), st.booleans())
def test_random_mappings(data: dict[str, Any], flow: bool) -> None:
    try:
        block = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    except yaml.YAMLError:
        return  # PyYAML refuses to write it: nothing to load
    check_invariants(f"---\n{block}---\n\nSynthetic filler body.\n")


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(SEED)), st.integers(0, 30), _TEXT), min_size=1,
                max_size=6))
def test_mutated_seed_article(edits: list[tuple[int, int, str]]) -> None:
    text = SEED
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut:]
    check_invariants(text)


@FUZZ
@given(st.integers(2, 12), st.integers(2, 12), st.sampled_from(["[", "{", "- ", "  "]))
def test_alias_bombs_and_deep_nesting(width: int, depth: int, opener: str) -> None:
    """Billion-laughs blocks of any shape are refused before they expand; deep nesting too."""
    lines = [f"l0: &a [{', '.join(['lol'] * width)}]"]
    lines += [f"l{i}: &{chr(97 + i)} [{', '.join([f'*{chr(96 + i)}'] * width)}]"
              for i in range(1, depth)]
    check_invariants("---\n" + "\n".join(lines) + "\n---\n")
    nested = opener * (depth * 2_000)
    check_invariants(f"---\ntitle: x\nplaces: {nested}\n---\n")


@pytest.mark.parametrize("size", [MAX_FRONTMATTER - 100, MAX_FRONTMATTER + 1, 5_000_000])
def test_huge_frontmatter_is_bounded(size: int) -> None:
    filler = "related_titles:\n" + "- Synthetic filler headline\n" * (size // 28)
    check_invariants(f"---\ntitle: Synthetic\n{filler}---\n\nbody\n")
