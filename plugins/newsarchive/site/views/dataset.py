"""The dataset and its Data page: every listed article as ``data/archive.csv`` (with an HXL
hashtag row), ``data/archive.jsonl`` and a Frictionless ``data/datapackage.json``
(formats: ``export/dataset.py``).

The three files are made here, once per build (about a second at 50,000 articles): the Data
page shows their sizes and SHA-256 hashes, so it needs their bytes before any page renders,
and the descriptor records the other two files' sizes and hashes. Each file's cache key is
the digest of the bytes made this build, so a build reuses the previous file exactly when
its bytes would be the same (always when no article changed).
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from newsarchive.archive.frontmatter import FrontmatterError, split
from newsarchive.archive.loader import read_article
from newsarchive.export.dataset import (
    DataFile,
    archive_csv,
    archive_jsonl,
    columns,
    datapackage,
    licence_note,
    make_records,
)
from newsarchive.schema import Article, without_controls
from newsarchive.site.model import GeneratedFile, GeneratedPage, Site
from newsarchive.site.views.article import wayback_url, web_url

DATA_URI = "data/index.md"
CSV_PATH = "data/archive.csv"
JSONL_PATH = "data/archive.jsonl"
PACKAGE_PATH = "data/datapackage.json"
ENTRY_POINT = (DATA_URI, "Data", "The archive as CSV and JSON Lines")
SAMPLE_ROWS = 3

_KINDS = {  # output path -> (media type, format, what it is)
    CSV_PATH: ("text/csv", "CSV", "One row per article, with an HXL hashtag row under the "
               "column names; opens in any spreadsheet."),
    JSONL_PATH: ("application/jsonl", "JSON Lines", "One JSON object per line and per "
                 "article, with the same fields; tags as a list."),
    PACKAGE_PATH: ("application/json", "Frictionless Data Package", "Describes both files: "
                   "column types, sizes, SHA-256 hashes, licence."),
}


def generate(site: Site) -> None:
    """Register the three files and the Data page (``site.dataset`` says what they carry)."""
    config = site.dataset
    assert config is not None, "the dataset view runs only when the site has a dataset"
    articles = site.catalog.articles
    if config.include_text:
        articles = [dataclasses.replace(a, body=_body(site.content_dir, a)) for a in articles]
    records = make_records(articles, archived_url=lambda a: _archived_url(site, a),
                           wayback_url=wayback_url, place_name=lambda code: _name(site, code))
    data = {CSV_PATH: archive_csv(records, config)}
    # An empty JSON Lines file has no keys to read a header from (frictionless refuses it):
    # with no article, the descriptor describes the CSV alone.
    if records:
        data[JSONL_PATH] = archive_jsonl(records, config)
    data[PACKAGE_PATH] = datapackage(
        [DataFile(path.removeprefix("data/"), data[path]) for path in data], config)
    files = []
    for path, content in data.items():
        sha = hashlib.sha256(content).hexdigest()
        site.add_file(GeneratedFile(path, ("dataset", path, sha),
                                    lambda _url_of, content=content: content))
        media, kind, what = _KINDS[path]
        files.append({"path": path, "name": path.rpartition("/")[2], "media": media,
                      "kind": kind, "what": what, "bytes": len(content),
                      "size": human_size(len(content)), "bytes_text": f"{len(content):,}",
                      "sha256": sha})
    newest = records[::-1][:SAMPLE_ROWS]  # records are oldest first
    site.add(GeneratedPage(
        uri=DATA_URI, title="Data", template="data.html", nav_title="Data",
        description="The archive's metadata as CSV and JSON Lines, with a Frictionless "
                    "descriptor.",
        context={
            "files": files, "rows": len(records), "rows_text": f"{len(records):,}",
            "columns": [{"name": c.name, "title": c.title, "description": c.description,
                         "hxl": c.hxl} for c in columns(config)],
            "licence": licence_note(config),
            "licence_name": config.license_name, "licence_title": config.license_title,
            "licence_path": web_url(config.license_path or ""),
            "absolute": bool(site.site_url), "texts": config.include_text,
            "sample": [{"title": r.article.title, "date": site.fmt_date(r.article.date),
                        "source": r.article.source,
                        "place": site.region_label(r.article.region)} for r in newest],
        },
        alternates=[(_KINDS[f["path"]][0], f"{f['kind']}: {f['name']}", f["path"])
                    for f in files],
    ))


def human_size(size: int) -> str:
    """``1.2 MB``-style size (decimal units, as file managers show them)."""
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def _archived_url(site: Site, article: Article) -> str:
    url = site.page_url(article.path) if site.page_url is not None else \
        article.path.removesuffix(".md") + "/"
    return site.absolute(url) if site.site_url else url


def _name(site: Site, code: str) -> str | None:
    region = site.vocab.regions.get(code)
    return region.name if region is not None else None


def _body(content_dir: Path | None, article: Article) -> str:
    """The article's Markdown body as its file holds it now ("" when it cannot be read:
    the article was loaded moments ago, so only a file changed meanwhile fails here)."""
    if content_dir is None:
        return ""
    text, _ = read_article(content_dir / article.path)
    try:
        return without_controls(split(text)[1]) if text is not None else ""
    except FrontmatterError:
        return ""

