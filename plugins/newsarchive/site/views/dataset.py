"""The dataset and its Data page: every listed article as ``data/archive.csv`` (with an HXL
hashtag row), ``data/archive.jsonl`` and a Frictionless ``data/datapackage.json``
(formats: ``export/dataset.py``).

The three files and the Data page (which shows their sizes and SHA-256 hashes) share one
set of inputs: the listed articles (digested by their data, like every page's), plus their
texts when the dataset carries them; the options, names and URLs they depend on are in the
build's fingerprint. The files' bytes are made once per build, on first use (the Data page's
rendering or a file's), so a build that reuses all four never makes them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from markupsafe import escape

from newsarchive.export.dataset import (
    DataFile,
    archive_files,
    columns,
    datapackage,
    licence_note,
    make_records,
)
from newsarchive.schema import Article
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


class DatasetFiles:
    """The three files' bytes, made on first use and then kept for the build; or, once
    :meth:`defer` is called (another process makes them), placeholders on the Data page
    that :meth:`fill` replaces with their sizes and hashes (``site.model.LateParts``)."""

    def __init__(self, site: Site, articles: list[Article], paths: list[str]) -> None:
        self._site = site
        self._articles = articles
        self.paths = paths
        self._files: list[dict[str, Any]] | None = None
        self._late: str | None = None  # the placeholders' prefix, once deferred

    def __repr__(self) -> str:
        # In the Data page's context: its key digests the inputs beside it, not this object.
        return "DatasetFiles"

    @property
    def files(self) -> list[dict[str, Any]]:
        """Per file: path, name, media type, kind, what it is, bytes, size (with the bytes
        when over a thousand), SHA-256, data."""
        if self._late is not None:
            return [{**_describe(path), **self._placeholders(i)}
                    for i, path in enumerate(self.paths)]
        return self._made()

    def data(self, path: str) -> bytes:
        return next(f["data"] for f in self._made() if f["path"] == path)

    def _made(self) -> list[dict[str, Any]]:
        if self._files is None:
            self._files = _make(self._site, self._articles)
        return self._files

    def defer(self) -> None:
        # A new prefix each build: no text of a page can hold it by chance or on purpose.
        self._late = f"na-late-{secrets.token_hex(8)}"

    def fill(self, html: str, measured: Callable[[str], tuple[int, str]]) -> str:
        if self._late is None or self._late not in html:
            return html
        for i, path in enumerate(self.paths):
            values = _sizes(*measured(path))
            for field, token in self._placeholders(i).items():
                html = html.replace(token, str(escape(values[field])))
        return html

    def _placeholders(self, i: int) -> dict[str, str]:
        return {field: f"{self._late}-{i}-{field}" for field in _LATE_FIELDS}


def generate(site: Site) -> None:
    """Register the three files and the Data page (``site.dataset`` says what they carry)."""
    config = site.dataset
    assert config is not None, "the dataset view runs only when the site has a dataset"
    articles = site.catalog.articles
    # With texts, each article file's text digest joins the inputs; the bodies themselves are
    # read only when the files are made (a build that reuses them reads none).
    texts = [site.text_sha.get(a.path, "") for a in articles] if config.include_text else []
    inputs = (site.catalog.articles, texts)
    # An empty JSON Lines file has no keys to read a header from (frictionless refuses it):
    # with no article, the descriptor describes the CSV alone.
    paths = [CSV_PATH, JSONL_PATH, PACKAGE_PATH] if articles else [CSV_PATH, PACKAGE_PATH]
    made = DatasetFiles(site, articles, paths)
    for path in paths:
        site.add_file(GeneratedFile(path, ("dataset", path, inputs),
                                    lambda _url_of, path=path: made.data(path)))
    rows = len(articles)
    site.add(GeneratedPage(
        uri=DATA_URI, title="Data", template="data.html",
        description="The archive's metadata as CSV and JSON Lines, with a Frictionless "
                    "descriptor.",
        context={
            "inputs": inputs, "dataset": made, "rows": rows, "rows_text": f"{rows:,}",
            "columns": [{"name": c.name, "title": c.title, "description": c.description,
                         "hxl": c.hxl} for c in columns(config)],
            "licence": licence_note(config),
            "licence_name": config.license_name, "licence_title": config.license_title,
            "licence_path": web_url(config.license_path or ""),
            "absolute": bool(site.site_url), "texts": config.include_text,
            "sample": [{"title": a.title, "date": site.fmt_date(a.date), "source": a.source,
                        "place": site.region_label(a.region)}
                       for a in site.catalog.articles[:SAMPLE_ROWS]],
        },
        alternates=[(_KINDS[path][0], f"{_KINDS[path][1]}: {path.rpartition('/')[2]}", path)
                    for path in paths],
        late=made,
    ))


def _make(site: Site, articles: list[Article]) -> list[dict[str, Any]]:
    config = site.dataset
    assert config is not None
    if config.include_text:
        articles = [dataclasses.replace(a, body=_body(site, a)) for a in articles]
    records = make_records(articles, archived_url=lambda a: _archived_url(site, a),
                           wayback_url=wayback_url, place_name=lambda code: _name(site, code))
    csv_bytes, jsonl_bytes = archive_files(records, config)
    data = {CSV_PATH: csv_bytes}
    if records:
        data[JSONL_PATH] = jsonl_bytes
    data[PACKAGE_PATH] = datapackage(
        [DataFile(path.removeprefix("data/"), data[path]) for path in data], config)
    return [{**_describe(path), **_sizes(len(content), hashlib.sha256(content).hexdigest()),
             "data": content} for path, content in data.items()]


# What the Data page shows of each file's bytes (placeholders until they are made elsewhere).
_LATE_FIELDS = ("bytes", "size", "sha256")


def _describe(path: str) -> dict[str, str]:
    media, kind, what = _KINDS[path]
    return {"path": path, "name": path.rpartition("/")[2], "media": media, "kind": kind,
            "what": what}


def _sizes(length: int, sha256: str) -> dict[str, str]:
    """What the Data page shows of a file: its size in bytes, its size as read ("1.2 MB
    (1,234,567 bytes)") and its SHA-256."""
    size = human_size(length)
    if length >= 1000:
        size += f" ({length:,} bytes)"
    return {"bytes": str(length), "size": size, "sha256": sha256}


def human_size(size: int) -> str:
    """``1.2 MB``-style size (decimal units, as file managers show them)."""
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def _archived_url(site: Site, article: Article) -> str:
    url = site.url_of(article.path) if site.url_of is not None else \
        article.path.removesuffix(".md") + "/"
    return site.absolute(url) if site.site_url else url


def _name(site: Site, code: str) -> str | None:
    region = site.vocab.regions.get(code)
    return region.name if region is not None else None


def _body(site: Site, article: Article) -> str:
    """The article's Markdown body, through the engine's reader ("" without one)."""
    return site.article_body(article) if site.article_body is not None else ""
