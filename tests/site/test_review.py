"""Articles with fields under review: their own page says so, the listings leave them out,
`mkdocs serve` (mkdocs.yml: not strict) shows the archive, and the strict build fails with one
line per missing field and nothing else."""

from __future__ import annotations

import contextlib
import logging
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from tests.helpers import ROOT, build_site, collect_messages, page, write_article
from tests.site.conftest import write_fixture
from tests.site.test_reproducible import tree

REVIEW = {
    # path: (frontmatter changes, fields the notice names)
    "articles/2031/01/r.md": ({"source": None, "review": ["source"]}, ["source"]),
    "articles/2031/01/s.md": ({"date": None, "region": None, "review": ["date", "region"]},
                              ["date", "region"]),
    # Left empty by hand, not listed under review: the same treatment.
    "articles/2031/01/t.md": ({"source": ""}, ["source"]),
}
_NOTICE = '//*[contains(concat(" ", @class, " "), " na-review ")]'
TITLES = {"articles/2031/01/r.md": "Synthetic Romeo Unsourced",
          "articles/2031/01/s.md": "Synthetic Sierra Undated",
          "articles/2031/01/t.md": "Synthetic Tango Blank"}


def _write_reviews(content: Path) -> None:
    for rel, (changes, _) in REVIEW.items():
        fields = {"title": TITLES[rel], "date": "2031-01-09", "source": "Filler Gazette",
                  "region": "SY-ID", "original_url": f"https://news.example.org/{rel[-4]}",
                  # A tag and a source of their own: listings that would exist for them alone.
                  "tags": ["ceasefire", "prisoners-of-war"]}
        fields.update(changes)
        write_article(content, rel, body="Synthetic filler paragraph awaiting review.", **fields)


def _expected_lines(content: Path) -> list[str]:
    import os

    docs = os.path.relpath(content, ROOT)
    return sorted(f"{docs}/{rel}: {field}: missing" for rel, (_, fields) in REVIEW.items()
                  for field in fields)


def _build_as_serve(content: Path, site: Path, cache: Path) -> None:
    """A build with mkdocs.yml's own strictness (what `mkdocs serve` / `make serve` use)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(content), site_dir=str(site))
    assert not config.strict  # strict lives in `make build` and CI, not in mkdocs.yml
    config.plugins["newsarchive"].config.update(cache_dir=str(cache))
    with contextlib.chdir(ROOT):
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()


@pytest.fixture(scope="module")
def review_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    root = tmp_path_factory.mktemp("review")
    content, site = root / "content", root / "site"
    write_fixture(content)
    _write_reviews(content)
    with collect_messages(logging.WARNING) as found:
        _build_as_serve(content, site, root / "cache")
    return content, site, found


def test_serve_build_succeeds_with_one_line_per_missing_field(review_site) -> None:
    content, site, found = review_site
    assert (site / "index.html").is_file()
    lines = sorted(re.sub(r"(: missing).*", r"\1", m) for m in found)
    assert lines == _expected_lines(content)


def test_review_page_names_the_fields(review_site) -> None:
    _, site, _ = review_site
    for rel, (_, fields) in REVIEW.items():
        doc = page(site, rel.removesuffix(".md") + "/")
        [notice] = doc.xpath(_NOTICE)
        assert "Needs review" in notice.text_content()
        assert notice.xpath('.//*[@class="na-review__fields"]')[0].text_content() == \
            ", ".join(fields)
        assert doc.xpath("//h1")[0].text_content().strip() == TITLES[rel]


def test_review_pages_link_to_nothing_missing(review_site) -> None:
    _, site, _ = review_site
    for rel in REVIEW:
        where = site / rel.removesuffix(".md") / "index.html"
        doc = page(site, rel.removesuffix(".md") + "/")
        for href in doc.xpath("//a/@href"):
            if "://" in href or href.startswith(("#", "mailto:", "data:")):  # data: Cite box
                continue
            target = (where.parent / href.split("#")[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{rel} links to {href}, which is not built"
        # No listing of its own tag, source, region or date is linked from the facts.
        assert not doc.xpath('//dl[contains(@class, "na-meta")]//a[not(contains(@class, '
                             '"na-original")) and not(contains(@class, "na-wayback"))]')
    assert not (site / "sources/source").exists()
    assert not (site / "tags/prisoners-of-war").exists()


def _targets(html: Path) -> set[Path]:
    """The files the page's relative links point to."""
    found = set()
    for href in page(html.parent, "index.html" if html.name == "index.html" else html.name) \
            .xpath("//a/@href"):
        if "://" in href or href.startswith(("#", "mailto:")):
            continue
        target = (html.parent / href.split("#")[0]).resolve()
        found.add(target / "index.html" if target.is_dir() else target)
    return found


def test_review_articles_are_in_no_listing(review_site) -> None:
    _, site, _ = review_site
    own = {(site / rel.removesuffix(".md") / "index.html").resolve() for rel in REVIEW}
    listed = site / "articles/2031/01/a/index.html"
    seen_listed = False
    for html in site.rglob("*.html"):
        if html.resolve() in own:
            continue
        text = html.read_text(encoding="utf-8")
        for rel, title in TITLES.items():
            assert title not in text, f"{html.relative_to(site)} names {rel}"
        targets = _targets(html)
        assert not targets & own, f"{html.relative_to(site)} links to a page under review"
        seen_listed |= listed.resolve() in targets
    assert seen_listed  # the check above does see links to articles
    # Nor in the search index: never staged for Pagefind.
    staged = (site.parent / "cache/search-pages/staged.json").read_text()
    assert "articles/2031/01/a/index.html" in staged
    assert all(f"articles/2031/01/{Path(rel).stem}/index.html" not in staged for rel in REVIEW)


def test_strict_build_fails_naming_only_the_articles_and_fields(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_fixture(content)
    _write_reviews(content)
    with collect_messages(logging.WARNING) as found, pytest.raises(Abort, match="Aborted with 4 warnings in strict mode"):
        build_site(content, tmp_path / "site", strict=True, cache=False)
    lines = sorted(re.sub(r"(: missing).*", r"\1", m) for m in found)
    assert lines == _expected_lines(content)


def test_filled_in_article_joins_the_listings_like_a_full_build(tmp_path: Path) -> None:
    content, site, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    write_fixture(content)
    _write_reviews(content)
    build_site(content, site, strict=False, cache_dir=str(cache))
    fixed = content / "articles/2031/01/r.md"
    fixed.write_text(fixed.read_text().replace("source: null", "source: Filler Gazette")
                     .replace("review:\n- source\n", ""))
    assert "review:" not in fixed.read_text()
    build_site(content, site, strict=False, cache_dir=str(cache))
    assert TITLES["articles/2031/01/r.md"] in \
        (site / "sources/filler-gazette/index.html").read_text()
    assert not page(site, "articles/2031/01/r/").xpath(_NOTICE)
    full = tmp_path / "full"
    build_site(content, full, strict=False, cache=False)
    assert tree(site) == tree(full)
