"""Tags on evidence, suggestions the site ignores, and ingest's printed evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.archive.frontmatter import split
from newsarchive.cli import main
from newsarchive.schema import validate
from newsarchive.vocab import load_vocab
from newsarchive.vocab.tags import TagVocabulary
from tests.helpers import seed_path

TAGS = """
drones: {name: Drones, aliases: [drone, drones]}
sanctions: {name: Sanctions, aliases: [sanctions]}
politics-government: {name: Politics, broad: true, aliases: [government],
                      specific: [senate]}
"""
FILLER = "Synthetic filler text for the test suite. "


@pytest.fixture()
def tags(tmp_path: Path) -> TagVocabulary:
    path = tmp_path / "tags.yaml"
    path.write_text(TAGS, encoding="utf-8")
    return TagVocabulary.load(path)


def test_headline_confirmed_by_the_text_gives_a_tag(tags):
    guess = tags.infer("Filler drones seen", FILLER, FILLER + "One filler drone. " + FILLER)
    assert guess.tags == ["drones"]


def test_headline_alone_is_only_a_suggestion(tags):
    guess = tags.infer("Filler drones seen", FILLER, FILLER * 3)
    assert guess.tags == [] and guess.suggested == ["drones"]


def test_lede_and_repetition_give_a_tag_a_single_passing_phrase_nothing(tags):
    lede = FILLER + "Filler sanctions. "
    body = lede + FILLER + "More sanctions. Sanctions again. "
    assert tags.infer("Filler", lede, body).tags == ["sanctions"]
    assert tags.infer("Filler", FILLER, FILLER + "One mention of sanctions. ").suggested == []
    assert tags.infer("Filler", FILLER, FILLER + "Sanctions. Sanctions. ").suggested == [
        "sanctions"]


def test_broad_tag_needs_the_headline(tags):
    lede = FILLER + "The filler government met. "
    body = lede + "Government. Government. Government. "
    guess = tags.infer("Filler meeting", lede, body)
    assert guess.tags == [] and guess.suggested == ["politics-government"]
    guess = tags.infer("Filler government falls", lede, body)
    assert guess.tags == ["politics-government"]


def test_broad_tags_specific_phrases_count_from_the_lede(tags):
    # "Senate" names the topic precisely, "government" does not.
    lede = FILLER + "The filler senate met. "
    body = lede + "Senate. Filler senate. The government. "
    assert tags.infer("Filler meeting", lede, body).tags == ["politics-government"]
    body = lede + "The government. "
    guess = tags.infer("Filler meeting", lede, body)
    assert guess.tags == [] and guess.suggested == ["politics-government"]


def test_suggested_tags_never_block_a_check():
    data = {"title": "Filler", "date": "2031-03-03", "source": "Synthetic Wire",
            "region": "SY", "original_url": "https://example.org/filler",
            "suggested_tags": ["not-a-tag", "drones"]}
    article, problems = validate(data, load_vocab())
    assert article is not None and problems == []


def test_seed_keeps_its_region_and_prints_the_evidence(tmp_path: Path):
    content = tmp_path / "content"
    result = CliRunner().invoke(main, ["ingest", str(seed_path()), "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert "  region SY-ID: " in result.stderr
    data, _ = split(next((content / "articles").rglob("*.md")).read_text(encoding="utf-8"))
    assert data["region"] == "SY-ID"
    assert {"ceasefire", "airstrikes"} <= set(data["tags"])
    assert "review" not in data
