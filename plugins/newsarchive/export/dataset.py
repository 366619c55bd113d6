"""The dataset: every listed article as CSV (with an HXL hashtag row) and JSON Lines, and a
Frictionless Data Package descriptor (``datapackage.json``) that describes both.

Pure functions: records in, bytes out; the same records give the same bytes (no clock, no
random). How a view calls them (the three files go in one folder, since the descriptor names
the other two by relative path)::

    from newsarchive.export.dataset import (Config, DataFile, archive_csv, archive_jsonl,
                                            datapackage, licence_note, make_records)

    config = Config(title=site_name, homepage=site_url)   # include_text=False by default
    records = make_records(listed_articles,
                           archived_url=lambda a: page_url(a),   # absolute with site_url
                           wayback_url=wayback_url,              # as the article page links it
                           place_name=lambda code: gazetteer[code].name)
    csv_bytes = archive_csv(records, config)
    jsonl_bytes = archive_jsonl(records, config)   # or both at once: archive_files()
    descriptor = datapackage([DataFile("archive.csv", csv_bytes),
                              DataFile("archive.jsonl", jsonl_bytes)], config)

The Data page then shows ``len(records)`` rows, ``len(csv_bytes)`` (etc.) bytes per file and
:func:`licence_note` (:func:`columns` gives each column's title, description and hashtag).
With no listed article the JSONL file is empty, which frictionless-py 5.18 cannot read (it
finds no keys for a header): such a site should write no Data page, or describe the CSV alone.

Choices a reader of the files needs to know (each is also said in the descriptor):

- Rows are sorted by publication date, then by article path.
- ``tags`` holds tag slugs separated by ``|`` in the CSV (a slug never holds ``|``, and
  ``|`` is neither the comma nor the semicolon a spreadsheet may split on); a list in JSONL.
- ``region`` is the ISO 3166-2 code of a subdivision, empty when the article is filed under a
  whole country (then ``country`` alone says where).
- Spreadsheet formula defence (OWASP "CSV injection"): in the CSV only, a cell that starts
  with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, possibly after apostrophes,
  gets one apostrophe in front, so a spreadsheet shows it as text instead of running it.
  This changes what such a cell holds (a headline "-40 degrees in the valley" reads
  "'-40 degrees..."), but reversibly: :func:`unescape_cell` (drop the first apostrophe of a
  cell that matches the rule) gives the exact value back, and the JSONL holds every value
  untouched. Values that merely start with an apostrophe are left alone.
- Row 2 of the CSV holds the HXL hashtags (see :data:`COLUMNS` for each choice). The
  descriptor's dialect marks it ``commentRows: [2]`` (Table Dialect, Data Package v2, which
  frictionless-py 5 reads), so Frictionless tools do not read it as data. ``commentChar`` is
  not used: some readers apply it anywhere in a line and would cut a headline at a ``#``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsarchive.archive.catalog import oldest_first
from newsarchive.schema import Article

__all__ = ["COLUMNS", "TAG_SEPARATOR", "TEXT_COLUMN", "Column", "Config", "DataFile", "Record",
           "archive_csv", "archive_files", "archive_jsonl", "columns", "datapackage", "escape_cell",
           "licence_note", "make_records", "unescape_cell"]

TAG_SEPARATOR = "|"


@dataclass(frozen=True, slots=True)
class Config:
    """What the dataset carries and how the descriptor names it."""

    include_text: bool = False  # add a ``text`` column with each article's Markdown body
    name: str = "newsarchive"  # the package's identifier (lowercase, ``-._/`` allowed)
    title: str = "News archive"
    homepage: str | None = None  # the site's URL, when it has one
    # The licence of the metadata (an Open Definition / SPDX identifier): "notspecified"
    # until the curators choose one; the article texts stay their publishers' in any case.
    license_name: str = "notspecified"
    license_title: str = "Metadata: the archive's curators. Article texts: their publishers."
    license_path: str | None = None  # URL of the licence text


@dataclass(frozen=True, slots=True)
class Record:
    """One row: an article and what the site knows about it."""

    article: Article
    archived_url: str  # the article's page on this site: absolute, or relative to the site root
    wayback_url: str  # the Internet Archive link the article page shows
    country_name: str = ""
    region_name: str = ""  # the subdivision's own name ("Idlib"), "" for a whole country


@dataclass(frozen=True, slots=True)
class DataFile:
    """A file the descriptor describes: its path relative to ``datapackage.json``, and bytes."""

    path: str
    data: bytes


def make_records(articles: Iterable[Article], archived_url: Callable[[Article], str],
                 wayback_url: Callable[[Article], str],
                 place_name: Callable[[str], str | None]) -> list[Record]:
    """The records of ``articles`` (pass the listed ones), sorted by date then path.
    ``place_name`` gives the name of a country or region code (None when unknown)."""
    out: list[Record] = []
    for article in sorted(articles, key=oldest_first):
        region = _region(article)
        out.append(Record(article, archived_url(article), wayback_url(article),
                          (place_name(article.country) or "") if article.country else "",
                          (place_name(region) or "") if region else ""))
    return out


# -- columns ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Column:
    """One column of the CSV, key of the JSONL objects and field of the Table Schemas."""

    name: str
    title: str
    hxl: str  # the HXL hashtag and attributes of row 2
    type: str  # Table Schema type
    description: str
    value: Callable[[Record], Any]  # the typed value: str, list[str] or None
    format: str | None = None
    constraints: tuple[tuple[str, Any], ...] = ()
    json_type: str | None = None  # when the JSONL holds another type than the CSV


def _region(article: Article) -> str | None:
    return article.region if "-" in article.region else None


def _timestamp(value: dt.datetime | None) -> str | None:
    """``YYYY-MM-DDTHH:MM:SSZ`` (isoformat: several times faster than strftime)."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


# HXL 1.1 (https://hxlstandard.org/standard/1-1final/dictionary/): #meta is metadata about the
# row, with core attributes +source and +url; #date with +reported is a reporting date;
# #country / #adm1 with +code / +name are places, +v_iso2 names the ISO 3166-1 alpha-2 code
# list. Attributes are open: where no core one fits, a plain word names the column (+title,
# +author, +lang, +archived, +wayback, +sha256). Topic keywords: #meta +keywords, as
# OurAirports' HXL files on HDX have them. ISO 3166-2 has no core vocabulary attribute (+v_pcode is
# OCHA's P-codes, another list), hence #adm1 +code alone.
COLUMNS: tuple[Column, ...] = (
    Column("title", "Title", "#meta+title", "string", "Headline as published.",
           lambda r: r.article.title, constraints=(("required", True),)),
    Column("date", "Date", "#date+reported", "date",
           "Publication date at the source (YYYY-MM-DD).",
           lambda r: r.article.date.isoformat() if r.article.date else None,
           constraints=(("required", True),)),
    Column("source", "Source", "#meta+source", "string", "The publication (news outlet).",
           lambda r: r.article.source, constraints=(("required", True),)),
    Column("byline", "Byline", "#meta+author", "string", "Author(s) or agency, when known.",
           lambda r: r.article.byline or None),
    Column("country", "Country code", "#country+code+v_iso2", "string",
           "ISO 3166-1 alpha-2 code of the country the article is filed under.",
           lambda r: r.article.country or None,
           constraints=(("required", True), ("pattern", "[A-Z]{2}"))),
    Column("country_name", "Country", "#country+name", "string", "Name of the country.",
           lambda r: r.country_name or None),
    Column("region", "Region code", "#adm1+code", "string",
           "ISO 3166-2 code of the subdivision; empty when the article is filed under the "
           "whole country.", lambda r: _region(r.article),
           constraints=(("pattern", "[A-Z]{2}-[A-Z0-9]{1,3}"),)),
    Column("region_name", "Region", "#adm1+name", "string", "Name of the subdivision.",
           lambda r: (r.region_name or None) if _region(r.article) else None),
    Column("tags", "Tags", "#meta+keywords", "string",
           f"Topic tags (slugs of the archive's tag vocabulary), separated by "
           f"'{TAG_SEPARATOR}'.", lambda r: list(r.article.tags), json_type="array"),
    Column("language", "Language", "#meta+lang", "string",
           "ISO 639-1 code of the article's language.",
           lambda r: r.article.language or None, constraints=(("pattern", "[a-z]{2}"),)),
    Column("original_url", "Original URL", "#meta+url+original", "string",
           "The article at its publisher.", lambda r: r.article.original_url,
           format="uri", constraints=(("required", True),)),
    Column("archived_url", "Archived URL", "#meta+url+archived", "string",
           "The article's page in this archive (relative to the site root when the site has "
           "no address of its own).", lambda r: r.archived_url,
           constraints=(("required", True),)),
    Column("wayback_url", "Wayback URL", "#meta+url+wayback", "string",
           "The Internet Archive's copies of the original around the publication date.",
           lambda r: r.wayback_url, format="uri", constraints=(("required", True),)),
    Column("sha256", "SHA-256", "#meta+sha256", "string",
           "SHA-256 of the preserved original save (the file the curators ingested).",
           lambda r: r.article.sha256 or None, constraints=(("pattern", "[0-9a-f]{64}"),)),
    Column("archived", "Archived at", "#date+archived", "datetime",
           "When the article was ingested (UTC).",
           lambda r: _timestamp(r.article.archived)),
)
TEXT_COLUMN = Column("text", "Text", "#meta+text", "string",
                     "The article's text (Markdown), as archived. It belongs to its publisher.",
                     lambda r: r.article.body)


def columns(config: Config) -> tuple[Column, ...]:
    """The columns of the dataset, in order (for the Data page's list of columns too)."""
    return (*COLUMNS, TEXT_COLUMN) if config.include_text else COLUMNS


def _sorted(records: Iterable[Record]) -> list[Record]:
    return sorted(records, key=lambda r: oldest_first(r.article))


# -- CSV --------------------------------------------------------------------------------------

_TRIGGERS = frozenset("=+-@\t\r'")
_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def escape_cell(value: str) -> str:
    """``value`` as a CSV cell that a spreadsheet shows as text: an apostrophe in front when
    it starts (after any apostrophes) with ``=``, ``+``, ``-``, ``@``, tab or CR."""
    if value[:1] in _TRIGGERS and _NEEDS_ESCAPE.match(value):
        return "'" + value
    return value


def unescape_cell(cell: str) -> str:
    """The value :func:`escape_cell` was given for ``cell``."""
    return cell[1:] if cell[:1] == "'" and _ESCAPED.match(cell) else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if value.__class__ is list:
        return TAG_SEPARATOR.join(value)
    if value[:1] in _TRIGGERS:
        return escape_cell(value)
    return value


def _table(records: Iterable[Record], cols: Sequence[Column]) -> list[list[Any]]:
    """Each record's values, column by column, oldest record first."""
    getters = [c.value for c in cols]
    return [[get(r) for get in getters] for r in _sorted(records)]


def archive_csv(records: Iterable[Record], config: Config = Config()) -> bytes:
    """The CSV (UTF-8 without BOM, CRLF line ends as RFC 4180): the column names, the HXL
    hashtags, then one row per record, oldest first."""
    cols = columns(config)
    return _csv(_table(records, cols), cols)


def _csv(table: list[list[Any]], cols: Sequence[Column]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in cols])
    writer.writerow([c.hxl for c in cols])
    writer.writerows([_cell(v) for v in values] for values in table)
    return out.getvalue().encode("utf-8")


# -- JSON Lines -------------------------------------------------------------------------------

# JSON allows these raw in strings, but str.splitlines() and some line readers break on them.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}
_LINE_BREAKS_RE = re.compile("[\u2028\u2029\x85]")


def archive_jsonl(records: Iterable[Record], config: Config = Config()) -> bytes:
    """JSON Lines (UTF-8): one object per record, oldest first, keys in column order; dates
    as ISO 8601 text, ``tags`` a list, missing values null."""
    cols = columns(config)
    return _jsonl(_table(records, cols), cols)


def archive_files(records: Iterable[Record], config: Config = Config()) -> tuple[bytes, bytes]:
    """:func:`archive_csv` and :func:`archive_jsonl` of the same records, each value read
    once for both."""
    cols = columns(config)
    table = _table(records, cols)
    return _csv(table, cols), _jsonl(table, cols)


# Made once: json.dumps() with options builds a new encoder on every call.
_JSON_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _jsonl(table: list[list[Any]], cols: Sequence[Column]) -> bytes:
    names = [c.name for c in cols]
    lines = []
    for values in table:
        line = _JSON_LINE.encode(dict(zip(names, values, strict=True)))
        if _LINE_BREAKS_RE.search(line):
            line = _LINE_BREAKS_RE.sub(lambda m: _LINE_BREAKS[m.group()], line)
        lines.append(line + "\n")
    return "".join(lines).encode("utf-8")


# -- the descriptor ---------------------------------------------------------------------------

def licence_note(config: Config = Config()) -> str:
    """Who owns what in the dataset, for the Data page and the descriptor."""
    note = ("The metadata (titles, dates, sources, places, tags, links) is the archive "
            "curators' work. The articles belong to their publishers: ")
    if config.include_text:
        return note + ("the text column holds their texts as archived, for research; their "
                       "publishers' rights and terms apply.")
    return note + ("the dataset links each article (original_url, wayback_url) and does not "
                   "include its text.")


_FORMULA_NOTE = (
    "Spreadsheet formula defence: a CSV cell that starts with '=', '+', '-', '@', a tab or a "
    "carriage return, possibly after apostrophes, has one apostrophe added in front, so a "
    "spreadsheet shows it as text. Remove the first character of such a cell to get the "
    "exact value; the JSON Lines file holds every value unchanged.")


def _field(col: Column, json_file: bool) -> dict[str, Any]:
    field: dict[str, Any] = {"name": col.name, "title": col.title,
                             "type": col.json_type if json_file and col.json_type else col.type,
                             "description": f"{col.description} HXL: {col.hxl}"}
    if col.format:
        field["format"] = col.format
    if col.constraints:
        field["constraints"] = dict(col.constraints)
    return field


def _schema(config: Config, json_file: bool) -> dict[str, Any]:
    return {"fields": [_field(c, json_file) for c in columns(config)],
            "primaryKey": ["archived_url"], "missingValues": [""]}


def _resource(file: DataFile, config: Config) -> dict[str, Any]:
    stem, _, ext = file.path.rpartition("/")[2].rpartition(".")
    head: dict[str, Any] = {"name": _name(f"{stem}-{ext}"), "path": file.path,
                            "profile": "tabular-data-resource"}
    if ext == "csv":
        head |= {"title": f"{config.title}: articles (CSV with an HXL hashtag row)",
                 "description": ("Row 1 holds the column names, row 2 the HXL hashtags "
                                 "(https://hxlstandard.org), then one row per article, oldest "
                                 f"first. Tags are separated by '{TAG_SEPARATOR}'. "
                                 + _FORMULA_NOTE),
                 "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"}
        dialect: dict[str, Any] = {"delimiter": ",", "doubleQuote": True,
                                   "lineTerminator": "\r\n", "quoteChar": '"', "header": True,
                                   "commentRows": [2]}
        tail: dict[str, Any] = {"dialect": dialect, "schema": _schema(config, json_file=False)}
    elif ext == "jsonl":
        head |= {"title": f"{config.title}: articles (JSON Lines)",
                 "description": ("One JSON object per line and per article, oldest first, "
                                 "with the same keys as the CSV's columns; tags is a list."),
                 "format": "jsonl", "mediatype": "application/jsonl", "encoding": "utf-8"}
        tail = {"schema": _schema(config, json_file=True)}
    else:
        raise ValueError(f"{file.path}: no Table Schema for this kind of file (expected a "
                         ".csv or .jsonl path)")
    stats = {"bytes": len(file.data), "hash": "sha256:" + hashlib.sha256(file.data).hexdigest()}
    return head | stats | tail


def _name(text: str) -> str:
    """A Data Package identifier: lowercase letters, digits and ``-._/``."""
    return re.sub(r"[^-a-z0-9._/]+", "-", text.lower()).strip("-") or "dataset"


def datapackage(files: Sequence[DataFile], config: Config = Config()) -> bytes:
    """The Frictionless Data Package descriptor (``datapackage.json``) of ``files`` (the
    outputs of :func:`archive_csv` and :func:`archive_jsonl`), with their sizes, SHA-256
    hashes and Table Schemas. Keys in a fixed order; nothing from the clock."""
    licence: dict[str, Any] = {"name": config.license_name, "title": config.license_title}
    if config.license_path:
        licence["path"] = config.license_path
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": _name(config.name),
        "title": config.title,
        "description": licence_note(config),
    }
    if config.homepage:
        package["homepage"] = config.homepage
    package |= {
        "licenses": [licence],
        "sources": [{"title": "The publications named in the source column; original_url "
                              "links each article at its publisher."}],
        "resources": [_resource(f, config) for f in files],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
