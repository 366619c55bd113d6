"""The strict frontmatter loader in a real site build: each bad article file is one warning
naming the file and the key (strict builds fail on it), never a traceback, and nothing the
loader refused reaches the HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.archive.test_frontmatter import DEFECTS, article, head, write_defects
from tests.helpers import ROOT, build_site, collect_messages

FOLDER = "articles/2031/03"
# Files the loader cannot use at all: left out of the site.
UNUSABLE = ("latin1", "broken-link", "not-a-file", "alias-bomb", "anchor-only", "duplicate-key",
            "raw-esc", "python-tag", "deep-nesting", "huge", "no-frontmatter")
# Articles whose title, date or source the loader refused: built as a "Needs review" page
# naming the field (the refused value is not shown), out of every listing until fixed.
REFUSED_REQUIRED = {"bad-date": "date", "title-list": "title", "title-number": "title",
                    "nul-title": "title", "markup-title": "title", "source-mapping": "source",
                    "markup-source": "source"}


def _content(root: Path, defects: dict) -> Path:
    content = root / "content"
    shutil.copytree(ROOT / "content" / "articles", content / "articles")
    shutil.copytree(ROOT / "content" / "originals", content / "originals")
    write_defects(content / FOLDER, defects)
    (content / FOLDER / "good.md").write_text(article(head("good")), encoding="utf-8")
    return content


def _build(content: Path, site: Path, strict: bool) -> tuple[list[str], Exception | None]:
    """Every INFO+ message of the build, and what it raised."""
    raised: Exception | None = None
    with collect_messages() as messages:
        try:
            build_site(content, site, strict=strict, search=False, cache=False)
        except Exception as exc:  # what a build raises is what is tested
            raised = exc
    return messages, raised


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[str], Exception |
                                                                            None, Path, Path]]:
    root = tmp_path_factory.mktemp("loader-build")
    content = _content(root, DEFECTS)
    out = {}
    for mode in ("strict", "lenient"):
        site = root / f"site-{mode}"
        out[mode] = (*_build(content, site, mode == "strict"), content, site)
    return out


def _line(messages: list[str], name: str, key: str) -> list[str]:
    return [m for m in messages if f"{FOLDER}/{name}.md: {key}: " in m]


@pytest.mark.parametrize("name", list(DEFECTS))
def test_each_defect_is_one_warning_naming_file_and_key(builds, name: str) -> None:
    _, key, message = DEFECTS[name]
    for messages, _, _, _ in builds.values():
        mine = [m for m in messages if f"{FOLDER}/{name}.md" in m]
        assert len(mine) == 1 and _line(mine, name, key) == mine, mine
        assert message in mine[0]


def test_strict_build_fails_on_the_warnings_alone(builds) -> None:
    messages, raised, _, _ = builds["strict"]
    assert isinstance(raised, Abort) and "in strict mode" in str(raised), raised
    assert not any("Traceback" in m or "Error reading page" in m or "BuildError" in m
                   for m in messages), messages


def test_lenient_build_publishes_the_rest_and_nothing_refused(builds) -> None:
    messages, raised, _, site = builds["lenient"]
    assert raised is None, messages
    assert (site / FOLDER / "good" / "index.html").is_file()
    for name in UNUSABLE:
        assert not (site / FOLDER / name).exists(), name
    for name, key in REFUSED_REQUIRED.items():
        page = (site / FOLDER / name / "index.html").read_text(encoding="utf-8")
        assert "Needs review" in page and f"na-review__fields\">{key}<" in page, name
        listed = [p for p in site.rglob("*.html") if p.parent.name != name
                  and f"/{name}/" in p.read_text(encoding="utf-8")]
        assert not listed, (name, listed)
    # Articles with a refused optional value are built, without the value.
    for name in ("markup-credit", "esc-byline", "markup-related", "esc-body", "review-number"):
        assert (site / FOLDER / name / "index.html").is_file(), name
    pages = list(site.rglob("*.html"))
    assert pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for bad in ("<svg onload", "<img src=x", "<script>alert", "<!-- comment", "\x00",
                    "\x1b", "\x9b", "Synthetic, list"):
            assert bad not in text, (path, bad)


def test_cached_rebuild_reports_the_same(tmp_path: Path) -> None:
    """A second build takes unchanged articles from the cache and starts the related lists
    early in a second process that reads the files itself: the same warnings, no crash."""
    content = _content(tmp_path, DEFECTS)
    site = tmp_path / "site"
    options = {"search": False, "cache": True, "workers": 2}
    with collect_messages() as first:
        build_site(content, site, strict=False, **options)
    good = content / FOLDER / "good.md"
    good.write_text(good.read_text(encoding="utf-8").replace("Headline", "Edited Headline"),
                    encoding="utf-8")  # new data: the related lists are computed again
    with collect_messages() as second:
        build_site(content, site, strict=False, **options)
    warnings = [m for m in first if f"{FOLDER}/" in m]
    assert len(warnings) == len(DEFECTS)
    assert sorted(m for m in second if f"{FOLDER}/" in m) == sorted(warnings)
    assert any("related lists computed in a second process" in m for m in second), second
    assert not any("computing them again" in m or "Traceback" in m for m in second), second
    assert any("reused" in m for m in second), second
    for name in UNUSABLE:
        assert not (site / FOLDER / name).exists(), name
