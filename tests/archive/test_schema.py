"""The frontmatter schema: one definition, clear errors naming key and expected value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.archive.frontmatter import dump, split
from newsarchive.cli import main
from newsarchive.schema import KEYS, REQUIRED, Article, validate
from newsarchive.vocab import load_vocab
from tests.helpers import write_article

GOOD = {
    "title": "Synthetic Filler Headline",
    "date": dt.date(2031, 3, 3),
    "source": "The Moscow Times",
    "region": "SY-ID",
    "original_url": "https://news.example.org/a",
    "tags": ["ceasefire"],
}


@pytest.fixture(scope="module")
def vocab():
    return load_vocab()


def messages(data: dict, vocab) -> list[str]:
    return [p.format("x.md") for p in validate(data, vocab)[1]]


def test_good_article_has_no_problems(vocab) -> None:
    article, problems = validate(GOOD, vocab)
    assert problems == []
    assert isinstance(article, Article)
    assert article.date == dt.date(2031, 3, 3) and article.country == "SY"


def test_frontmatter_round_trips_through_yaml(vocab) -> None:
    article, _ = validate(GOOD, vocab)
    data, body = split(dump(article.frontmatter(), "Body text."))
    again, problems = validate(data, vocab, body=body)
    assert problems == [] and again.frontmatter() == article.frontmatter()
    assert body.strip() == "Body text."


@pytest.mark.parametrize("key", REQUIRED)
def test_each_required_key_is_reported_missing(vocab, key: str) -> None:
    data = {k: v for k, v in GOOD.items() if k != key}
    assert messages(data, vocab) == [f"x.md: {key}: missing: fill it in"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"region": "SY-IDX"}, "x.md: region: 'SY-IDX' is not in the gazetteer"),
        ({"region": "Idlb"}, "(did you mean 'SY-ID' (Idlib)?)"),
        ({"tags": ["ceasfire"]}, "x.md: tags: 'ceasfire' is not in the tags vocabulary"),
        ({"tags": ["truce"]}, "(did you mean 'ceasefire'?)"),
        ({"date": "12 January 2020"}, "x.md: date: '12 January 2020' is not a date "
                                      "(expected YYYY-MM-DD)"),
        ({"original_url": "www.example.org/a"}, "is not an http(s) URL"),
        ({"language": "English"}, "x.md: language: 'English' is not an ISO 639-1 code"),
        ({"sha256": "abc"}, "x.md: sha256: expected 64 lowercase hex digits"),
        ({"colour": "red"}, "x.md: colour: unknown key (expected one of: title, date"),
        ({"review": ["region"]}, "x.md: review: 'region' is filled in: remove it from `review`"),
        ({"review": ["colour"]}, "x.md: review: 'colour' is not a required key"),
        ({"review": [["region"]]}, "x.md: review: entry 1 is a list, expected text"),
        ({"date": "2031-3-3"}, "x.md: date: '2031-3-3' is not a date (expected YYYY-MM-DD)"),
        ({"archived": "yesterday"}, "x.md: archived: 'yesterday' is not a timestamp"),
        ({"byline": ["Filler Wire"]}, "x.md: byline: expected text, got a list (give one value)"),
        ({"places": "SY-XX"}, "x.md: places: 'SY-XX' is not in the gazetteer"),
        ({"related_titles": [None]}, "x.md: related_titles: entry 1 is nothing, expected text"),
        ({"suggested_tags": 3}, "x.md: suggested_tags: expected a list of text values"),
        ({"search": "no"}, "x.md: search: expected a mapping of options such as `exclude: true`"),
        ({"hide": {"toc": True}}, "x.md: hide: expected a list of text values, got a mapping"),
        ({"original_url": "https://news.example.org/a\"onmouseover=x"}, "is not an http(s) URL"),
        ({"source": "Synthetic <i>Courier</i>"}, "x.md: source: holds markup ('<i>Courier</i>')"),
        ({"title": "Synthetic \u0085 Headline"}, "x.md: title: holds the control character U+0085"),
        ({"": "x"}, "x.md: '': unknown key"),
    ],
)
def test_bad_values_name_key_and_expectation(vocab, change: dict, expected: str) -> None:
    found = messages({**GOOD, **change}, vocab)
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize("change", [
    {"title": "Synthetic a < b, 3 <4 and <- arrows"}, {"description": "Synthetic summary"},
    {"hide": ["navigation", "toc"]}, {"search": {"exclude": True}}, {"tags": "ceasefire"},
    {"archived": "2031-03-03T10:00:00Z"}, {"archived": dt.datetime(2031, 3, 3, 10)},
    {"modified": "2031-03-04"}, {"title": "Synthetic headline\twith a tab"},
    {"byline": None}, {"tags": []}, {"suggested_tags": ["ceasefire"]},
])
def test_valid_values_pass(vocab, change: dict) -> None:
    assert messages({**GOOD, **change}, vocab) == []


def test_vocabulary_errors_name_the_data_file(vocab) -> None:
    [message] = messages({**GOOD, "region": "XX-99"}, vocab)
    assert str(vocab.regions.path) in message
    assert "regions.yaml" in message


def test_schema_keys_are_documented_once() -> None:
    import newsarchive.schema as schema

    for key in KEYS:
        assert f"``{key}``" in schema.__doc__


def test_check_command_reports_every_problem(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "articles/2031/03/good.md", **{**GOOD, "date": "2031-03-03"})
    write_article(content, "articles/2031/03/bad.md",
                  **{**GOOD, "region": "Idlb", "date": "soon", "original_url": "https://b.example"})
    (content / "articles/2031/03/broken.md").write_text("---\ntitle: [unclosed\n---\nx\n")
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{content}/articles/2031/03/bad.md: date: 'soon' is not a date (expected YYYY-MM-DD)" \
        in lines
    assert any(line.startswith(f"{content}/articles/2031/03/bad.md: region: 'Idlb'")
               for line in lines)
    assert any(line.startswith(f"{content}/articles/2031/03/broken.md: title: frontmatter "
                               "is not valid YAML at line 3") for line in lines)
    assert lines[-1] == "checked 3 article(s): 2 with problems"


def test_check_passes_on_shipped_archive() -> None:
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 0, result.stderr
    assert "checked 1 article(s): 0 with problems" in result.stderr


def test_check_finds_duplicates(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "articles/2031/03/a.md", **{**GOOD, "date": "2031-03-03"})
    write_article(content, "articles/2031/03/b.md",
                  **{**GOOD, "date": "2031-03-03", "original_url": "http://www.News.example.org/a/"})
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 1
    assert "b.md: original_url: same original_url as articles/2031/03/a.md" in result.stderr
