"""A small fixture archive built once per test session, for tests that read its HTML."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, build_site, collect_messages, write_article

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


def reused(messages: list[str]) -> tuple[int, int]:
    """(pages reused, pages in all) from the plugin's report (search shards count too)."""
    [line] = [m for m in messages if m.startswith("newsarchive: reused")]
    parts = line.split()
    return int(parts[2]), int(parts[4])


# Pages MkDocs renders in every build, cache or not: its 404 page and the search page.
ALWAYS_RENDERED = {"404.html", "search/index.html"}


@dataclass
class Build:
    """One build of an :class:`Archive`: what it logged, and which pages it rendered again
    (a page reused from the cache is the previous build's file itself: the same inode and
    modification time; a freed inode may be used again, the time tells)."""

    messages: list[str]  # INFO and above
    warnings: list[str]  # WARNING and above (what strict mode counts)
    before: dict[str, tuple[int, int]]  # page -> (inode, mtime), before the build
    after: dict[str, tuple[int, int]]

    @property
    def reused(self) -> tuple[int, int]:
        return reused(self.messages)

    @property
    def kept(self) -> set[str]:
        """HTML pages that are the previous build's files."""
        return {p for p, stamp in self.after.items() if self.before.get(p) == stamp}

    @property
    def rendered(self) -> set[str]:
        """HTML pages written by this build."""
        return set(self.after) - self.kept


@dataclass
class Archive:
    """A content folder built incrementally (``site/`` with a build cache), and a full build
    of the same content to compare with."""

    root: Path
    builds: list[Build] = field(default_factory=list)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    def pages(self) -> dict[str, tuple[int, int]]:
        """Every HTML page of ``site/`` (search index aside) -> its inode and mtime."""
        if not self.site.is_dir():
            return {}
        return {p.relative_to(self.site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
                for p in self.site.rglob("*.html")
                if p.relative_to(self.site).parts[0] != "pagefind"}

    def build(self, **options: Any) -> Build:
        """Build ``content`` into ``site`` with the cache; raises what MkDocs raises."""
        before = self.pages()
        with collect_messages() as messages:
            warnings = build_site(self.content, self.site, cache_dir=str(self.cache), **options)
        done = Build(messages, warnings, before, self.pages())
        self.builds.append(done)
        return done

    def full_build(self, **options: Any) -> Path:
        """The same content built without the cache, into ``full/``."""
        full = self.root / "full"
        if full.exists():
            shutil.rmtree(full)
        build_site(self.content, full, cache=False, **options)
        return full

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace ``old`` (which must be there) by ``new`` in a file under ``content``."""
        path = self.content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    """The fixture articles written, nothing built yet."""
    written = Archive(tmp_path)
    write_fixture(written.content)
    return written


@pytest.fixture
def built(archive: Archive) -> Archive:
    """The fixture articles built once with the cache (default options)."""
    archive.build()
    return archive
