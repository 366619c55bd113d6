"""What an incremental build renders again when a vocabulary, a template or the archive's
timeline changes: every page that shows the change, with the change on it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from newsarchive.vocab import DATA_DIR
from tests.helpers import ROOT, page
from tests.site.conftest import Archive
from tests.site.test_reproducible import tree


def html_pages(site: Path) -> dict[str, str]:
    """Every HTML page of a built site (the search index aside) -> its text."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html"))
            if p.relative_to(site).parts[0] != "pagefind"}


def test_a_renamed_tag_reaches_every_page_that_names_it(archive: Archive) -> None:
    """The vocabularies are in the build fingerprint: a new display name renders every page
    again, and each page that showed the old name shows the new one (in the same process,
    as under ``mkdocs serve``)."""
    tags = archive.root / "vocab" / "tags.yaml"
    tags.parent.mkdir()
    shutil.copyfile(DATA_DIR / "tags.yaml", tags)
    first = archive.build(tags_file=str(tags))
    naming = {p for p, text in html_pages(archive.site).items()
              if "Shelling and artillery" in text}
    # The tag's page, the tags index and the page of the article tagged with it, at least.
    assert {"tags/shelling/index.html", "tags/index.html",
            "articles/2031/02/c/index.html"} <= naming

    text = tags.read_text(encoding="utf-8")
    assert "  name: Shelling and artillery\n" in text
    tags.write_text(text.replace("  name: Shelling and artillery\n",
                                 "  name: Synthetic Bombardment Label\n"), encoding="utf-8")
    renamed = archive.build(tags_file=str(tags))
    assert renamed.reused == (0, first.reused[1])  # every page, none from the cache
    assert not renamed.kept
    after = html_pages(archive.site)
    assert {p for p, t in after.items() if "Synthetic Bombardment Label" in t} == naming
    assert not any("Shelling and artillery" in t for t in after.values())
    heading = page(archive.site, "tags/shelling/").cssselect("article h1")[0]
    assert heading.text_content().strip() == "Tag: Synthetic Bombardment Label"
    assert tree(archive.site) == tree(archive.full_build(tags_file=str(tags)))


def _mkdocs_build(archive: Archive, tags: Path) -> tuple[int, int]:
    """``mkdocs build --strict`` in a process of its own, as a curator runs it, with
    ``tags`` as the tags vocabulary; the plugin's (pages reused, pages) report."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(archive.content), site_dir=str(archive.site))
    config["theme"]["custom_dir"] = str(ROOT / "site_overrides")
    [options] = [p["newsarchive"] for p in config["plugins"] if "newsarchive" in p]
    options.update(tags_file=str(tags), cache_dir=str(archive.cache))
    path = archive.root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(path)],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    [counts] = re.findall(r"newsarchive: reused (\d+) of (\d+) pages", done.stderr)
    return int(counts[0]), int(counts[1])


def test_a_renamed_tag_reaches_every_page_that_names_it_in_the_next_build(archive: Archive
                                                                          ) -> None:
    """The same rename between two ``mkdocs build`` runs: every page is rendered again, and
    each page that showed the old name shows the new one."""
    tags = archive.root / "vocab" / "tags.yaml"
    tags.parent.mkdir()
    shutil.copyfile(DATA_DIR / "tags.yaml", tags)
    assert _mkdocs_build(archive, tags)[0] == 0
    _, pages = _mkdocs_build(archive, tags)
    assert _mkdocs_build(archive, tags) == (pages, pages)  # unchanged: all reused
    naming = {p for p, text in html_pages(archive.site).items()
              if "Shelling and artillery" in text}
    assert {"tags/shelling/index.html", "tags/index.html",
            "articles/2031/02/c/index.html"} <= naming

    text = tags.read_text(encoding="utf-8")
    tags.write_text(text.replace("  name: Shelling and artillery\n",
                                 "  name: Synthetic Bombardment Label\n"), encoding="utf-8")
    assert _mkdocs_build(archive, tags) == (0, pages)
    after = html_pages(archive.site)
    assert {p for p, t in after.items() if "Synthetic Bombardment Label" in t} == naming
    assert not any("Shelling and artillery" in t for t in after.values())


def test_an_edited_theme_override_reaches_every_page(archive: Archive) -> None:
    """The theme's overrides (``custom_dir``) are in the build fingerprint: a template edit
    renders every page again, and each page shows it."""
    overrides = archive.root / "site_overrides"
    shutil.copytree(ROOT / "site_overrides", overrides)
    theme = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]
    options = {"mkdocs_options": {"theme": {**theme, "custom_dir": str(overrides)}}}
    first = archive.build(**options)
    assert not any("Synthetic footer note" in t for t in html_pages(archive.site).values())

    footer = overrides / "partials" / "footer.html"
    text = footer.read_text(encoding="utf-8")
    assert text.count('<footer class="md-footer">') == 1
    footer.write_text(text.replace(
        '<footer class="md-footer">',
        '<footer class="md-footer">\n<p class="na-test-note">Synthetic footer note</p>'),
        encoding="utf-8")
    edited = archive.build(**options)
    assert edited.reused == (0, first.reused[1])
    assert not edited.kept
    after = html_pages(archive.site)
    assert len(after) > 20
    for rel in after:
        notes = page(archive.site, rel).cssselect("footer p.na-test-note")
        assert [n.text for n in notes] == ["Synthetic footer note"], rel
    assert tree(archive.site) == tree(archive.full_build(**options))


def _bars(site: Path, url: str) -> list[str]:
    """What the timeline chart of a page says, bar by bar ("January 2031: 3 articles")."""
    return [a.get("aria-label") for a in page(site, url).cssselect("svg.na-timeline__chart a")]


def _without_timeline(text: str) -> str:
    return re.sub(r'<figure class="na-timeline".*?</figure>', "", text, flags=re.DOTALL)


def test_a_date_moved_between_months_redraws_the_home_timeline(archive: Archive) -> None:
    """The home page charts the whole archive's months. Moving an article to another month
    leaves everything else on it as it was (same counts, same span, not among the latest), so
    only the page key's whole-archive part (the month counts) can tell it to render again."""
    archive.build(home_latest=1)
    home = (archive.site / "index.html").read_text(encoding="utf-8")
    assert "January 2031: 3 articles" in _bars(archive.site, "")
    assert "February 2031: 1 article" in _bars(archive.site, "")

    archive.edit("articles/2031/01/b.md", "date: '2031-01-07'", "date: '2031-02-02'")
    moved = archive.build(home_latest=1)
    bars = _bars(archive.site, "")
    assert "January 2031: 2 articles" in bars and "February 2031: 2 articles" in bars
    assert "index.html" in moved.rendered
    after = (archive.site / "index.html").read_text(encoding="utf-8")
    assert after != home and _without_timeline(after) == _without_timeline(home)
    # Pages that show neither the moved article nor the whole timeline are reused.
    assert {"tags/shelling/index.html", "chronology/2032/03/index.html"} <= moved.kept
    assert tree(archive.site) == tree(archive.full_build(home_latest=1))
