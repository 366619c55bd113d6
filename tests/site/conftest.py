"""A small fixture archive built once per test session, for tests that read its HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import ROOT, build_site, write_article

# Synthetic articles: clearly marked filler text, real gazetteer codes only as labels.
FIXTURE = [
    # rel path, title, date, source, region, tags, related_titles
    ("articles/2031/01/a.md", "Synthetic Alpha Report", "2031-01-05", "Synthetic Courier",
     "SY-ID", ["ceasefire", "airstrikes"], []),
    ("articles/2031/01/b.md", "Synthetic Bravo Report", "2031-01-07", "Synthetic Courier",
     "SY-ID", ["ceasefire"], ["Synthetic Alpha Report"]),
    ("articles/2031/02/c.md", "Synthetic Charlie Report", "2031-02-01", "Filler Gazette",
     "UA-63", ["shelling"], []),
    ("articles/2032/03/d.md", "Synthetic Delta Report", "2032-03-10", "Filler Gazette",
     "SY", ["airstrikes"], []),
    ("articles/2031/01/e.md", "Synthetic Echo Report", "2031-01-05", "Filler Gazette",
     "SY-HL", ["ceasefire"], []),
]


def write_fixture(content: Path) -> None:
    for rel, title, date, source, region, tags, related in FIXTURE:
        write_article(
            content, rel,
            body=f"Synthetic filler paragraph for {title}, generated for the test suite.\n\n"
                 "## A filler heading\n\nMore synthetic filler text.",
            title=title, date=date, source=source, region=region,
            original_url=f"https://news.example.org/{Path(rel).stem}",
            byline="Filler Wire", language="en", tags=tags, related_titles=related,
            original=f"originals/{Path(rel).stem}.txt",
        )
        orig = content / "originals" / f"{Path(rel).stem}.txt"
        orig.parent.mkdir(parents=True, exist_ok=True)
        orig.write_text("<script>alert('original')</script> synthetic original")
    # The real seed article ships in the archive; the fixture carries it too.
    seed = ROOT / "content"
    for sub in ("articles/2020", "originals/2020"):
        shutil.copytree(seed / sub, content / sub, dirs_exist_ok=True)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    root = tmp_path_factory.mktemp("fixture")
    content, site = root / "content", root / "site"
    write_fixture(content)
    warnings = build_site(content, site, strict=True, page_size=2)
    return content, site, warnings
