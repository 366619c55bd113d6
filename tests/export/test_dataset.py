"""The dataset files read back: the CSV with the standard library (header, HXL row, every
field, hostile values), the JSON Lines with ``json``, and the descriptor and both files with
Frictionless. Every article here is synthetic (invented places such as Velmora)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from frictionless import Package, validate

from newsarchive.export.dataset import (
    COLUMNS,
    TAG_SEPARATOR,
    Config,
    DataFile,
    Record,
    archive_csv,
    archive_files,
    archive_jsonl,
    datapackage,
    escape_cell,
    licence_note,
    make_records,
    unescape_cell,
)
from newsarchive.schema import Article

PLACES = {"XV": "Velmora", "XV-01": "Upper Velmora", "XV-02": "Dornast Vale", "XQ": "Quillan"}
SITE = "https://archive.example.org/"
DEFAULT = Config()


def _article(n: int, **fields: Any) -> Article:
    values: dict[str, Any] = {
        "title": f"Velmora council debated ferry schedules (synthetic item {n})",
        "date": dt.date(2021, 3, 1) + dt.timedelta(days=n % 7),
        "source": "The Velmora Courier (synthetic)",
        "region": "XV-01" if n % 3 else "XV-02",
        "original_url": f"https://courier.velmora.example.org/2021/03/item-{n}",
        "byline": "Synthetic Desk" if n % 2 else None,
        "language": "en",
        "tags": ["synthetic-ferries", "synthetic-council"][: n % 3],
        "archived": dt.datetime(2021, 4, 1, 12, 0, n % 60, tzinfo=dt.UTC),
        "sha256": hashlib.sha256(f"synthetic {n}".encode()).hexdigest(),
        "body": f"*Synthetic article {n}, not a news report.*\n\nFiller paragraph.",
        "path": f"articles/2021/03/item-{n:03d}.md",
    }
    values.update(fields)
    return Article(**values)


# Hostile values in every text field that reaches the CSV: formulas, quotes, commas, line
# breaks, control characters, right-to-left text, line separators JSON leaves raw.
HOSTILE = [
    _article(101, title='=HYPERLINK("https://evil.example/","Velmora (synthetic)")',
             byline="+Synthetic Agency", source="@velmora_wire (synthetic)"),
    _article(102, title="-40 degrees in Dornast Vale (synthetic)", byline="-Synthetic Desk"),
    _article(103, title="\tTabbed synthetic headline", byline="\rCarriage synthetic byline"),
    _article(104, title="'=already quoted synthetic formula", byline="''+two apostrophes"),
    _article(105, title="'Ceasefire holds', says synthetic Velmora mayor"),
    _article(106, title='Synthetic "quoted", with, commas\nand a second line\r\nand a third'),
    _article(107, title="NUL\x00and controls\x01\x1f\x7f\x85 in a synthetic title"),
    _article(108, title="خبر اصطناعي عن فيلمورا \u202bRTL\u202c עברית סינתטית",
             language="ar", byline="مكتب اصطناعي"),
    _article(109, title="Line\u2028separator and\u2029paragraph separator (synthetic)"),
    _article(110, title="Whole-country synthetic item", region="XQ", tags=["synthetic-ferries"]),
    _article(111, title="Synthetic item with no byline, hash or archive time", byline=None,
             sha256=None, archived=None),
]


def _records(articles: list[Article]) -> list[Record]:
    return make_records(articles, archived_url=lambda a: SITE + a.path[:-3] + "/",
                        wayback_url=lambda a: (f"https://web.archive.org/web/{a.date:%Y%m%d}/"
                                               f"{a.original_url}"),
                        place_name=PLACES.get)


def _articles() -> list[Article]:
    return [_article(n) for n in range(1, 31)] + HOSTILE


def _expected(record: Record, config: Config = DEFAULT) -> dict[str, Any]:
    """What a row must say, from the article (not from the code under test)."""
    a = record.article
    region = a.region if "-" in a.region else None
    out = {
        "title": a.title, "date": a.date.isoformat(), "source": a.source, "byline": a.byline,
        "country": a.region[:2], "country_name": PLACES[a.region[:2]], "region": region,
        "region_name": PLACES[region] if region else None, "tags": a.tags,
        "language": a.language, "original_url": a.original_url,
        "archived_url": SITE + a.path[:-3] + "/",
        "wayback_url": f"https://web.archive.org/web/{a.date:%Y%m%d}/{a.original_url}",
        "sha256": a.sha256,
        "archived": a.archived.strftime("%Y-%m-%dT%H:%M:%SZ") if a.archived else None,
    }
    if config.include_text:
        out["text"] = a.body
    return out


def _read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _typed(header: list[str], row: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, cell in zip(header, row, strict=True):
        value = unescape_cell(cell) if cell else None
        out[name] = (value.split(TAG_SEPARATOR) if value else []) if name == "tags" else value
    return out


def _sorted(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date, a.path))


# -- CSV --------------------------------------------------------------------------------------

def test_csv_header_hxl_row_and_every_field_round_trip() -> None:
    articles = _articles()
    records = _records(articles)
    rows = _read_csv(archive_csv(records))
    header, hxl, data = rows[0], rows[1], rows[2:]
    assert header == ["title", "date", "source", "byline", "country", "country_name", "region",
                      "region_name", "tags", "language", "original_url", "archived_url",
                      "wayback_url", "sha256", "archived"]
    assert all(tag.startswith("#") and " " not in tag for tag in hxl)
    assert dict(zip(header, hxl, strict=True))["region"] == "#adm1+code"
    assert len(data) == len(articles)
    by_title = {r.article.title: r for r in records}
    for row in data:
        typed = _typed(header, row)
        assert typed == _expected(by_title[typed["title"]])
    # rows are oldest first, then by path
    assert [_typed(header, r)["title"] for r in data] == [a.title for a in _sorted(articles)]


def test_csv_cells_cannot_start_a_formula() -> None:
    data = _read_csv(archive_csv(_records(_articles())))[2:]
    for row in data:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    cells = {c for row in data for c in row}
    assert "'" + HOSTILE[0].title in cells  # =HYPERLINK(...) shown as text
    assert "'-40 degrees in Dornast Vale (synthetic)" in cells
    assert "''=already quoted synthetic formula" in cells  # escaped once more, reversibly
    assert "'''+two apostrophes" in cells
    # a headline that merely starts with an apostrophe is left as it is
    assert "'Ceasefire holds', says synthetic Velmora mayor" in cells


@pytest.mark.parametrize("value", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "''-x",
                                   "'quoted'", "plain", "", "'", "x=1", " =1"])
def test_escape_cell_round_trips(value: str) -> None:
    cell = escape_cell(value)
    assert unescape_cell(cell) == value
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert (cell != value) == (value.lstrip("'")[:1] in ("=", "+", "-", "@", "\t", "\r"))


def test_same_articles_same_bytes_in_any_order() -> None:
    articles = _articles()
    shuffled = articles[:]
    random.Random(7).shuffle(shuffled)
    # make_records sorts; the writers sort too, so records in any order give the same bytes
    records = _records(articles)
    reversed_records = records[::-1]
    assert archive_csv(records) == archive_csv(_records(shuffled)) == archive_csv(reversed_records)
    assert archive_jsonl(records) == archive_jsonl(reversed_records)
    files = [DataFile("archive.csv", archive_csv(records)),
             DataFile("archive.jsonl", archive_jsonl(records))]
    assert datapackage(files) == datapackage(files)


def test_csv_of_an_empty_archive_has_its_two_header_rows() -> None:
    rows = _read_csv(archive_csv([]))
    assert [len(r) for r in rows] == [len(COLUMNS), len(COLUMNS)]
    assert archive_jsonl([]) == b""


# -- JSON Lines -------------------------------------------------------------------------------

def test_jsonl_round_trip_typed() -> None:
    articles = _articles()
    records = _records(articles)
    data = archive_jsonl(records)
    lines = data.decode("utf-8").splitlines()  # splitlines also breaks on U+2028, U+0085...
    assert len(lines) == len(articles)  # ... which therefore stay escaped
    objects = [json.loads(line) for line in lines]
    by_title = {r.article.title: r for r in records}
    for obj in objects:
        assert obj == _expected(by_title[obj["title"]])
        assert list(obj) == [c.name for c in COLUMNS]
    assert isinstance(objects[0]["tags"], list)
    assert [o["title"] for o in objects] == [a.title for a in _sorted(articles)]


# -- full texts -------------------------------------------------------------------------------

def test_texts_only_when_configured() -> None:
    articles = [*_articles(), _article(200, body="- a Markdown list first\n- =SUM(1)\n\nend")]
    records = _records(articles)
    assert b"Filler paragraph" not in archive_csv(records)
    assert b"Filler paragraph" not in archive_jsonl(records)
    assert "does not include its text" in licence_note()

    config = Config(include_text=True)
    rows = _read_csv(archive_csv(records, config))
    assert rows[0][-1] == "text" and rows[1][-1] == "#meta+text"
    by_title = {r.article.title: r for r in records}
    for row in rows[2:]:
        typed = _typed(rows[0], row)
        assert typed == _expected(by_title[typed["title"]], config)
    for line in archive_jsonl(records, config).decode("utf-8").splitlines():
        obj = json.loads(line)
        assert obj["text"] == by_title[obj["title"]].article.body
    note = licence_note(config)
    assert "belong to their publishers" in note and "text column" in note


# -- the descriptor ---------------------------------------------------------------------------

def _write_package(folder: Path, records: list[Record], config: Config = DEFAULT) -> Path:
    csv_bytes, jsonl_bytes = archive_csv(records, config), archive_jsonl(records, config)
    (folder / "archive.csv").write_bytes(csv_bytes)
    (folder / "archive.jsonl").write_bytes(jsonl_bytes)
    data = datapackage([DataFile("archive.csv", csv_bytes),
                        DataFile("archive.jsonl", jsonl_bytes)], config)
    path = folder / "datapackage.json"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("include_text", [False, True])
def test_frictionless_validates_descriptor_and_both_files(tmp_path: Path,
                                                          include_text: bool) -> None:
    articles = _articles()
    config = Config(include_text=include_text)
    path = _write_package(tmp_path, _records(articles), config)
    report = validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(path))
    for name in ("archive-csv", "archive-jsonl"):
        rows = package.get_resource(name).read_rows()
        assert len(rows) == len(articles)  # the HXL row is not read as data
        first = _sorted(articles)[0]
        assert rows[0]["title"] == first.title
        assert rows[0]["date"] == first.date
        assert rows[0]["archived"] == first.archived
    json_tags = [r["tags"] for r in package.get_resource("archive-jsonl").read_rows()]
    assert json_tags == [a.tags for a in _sorted(articles)]


def test_descriptor_fields(tmp_path: Path) -> None:
    records = _records(_articles())
    path = _write_package(tmp_path, records, Config(name="Velmora Archive",
                                                    title="Velmora archive (synthetic)",
                                                    homepage=SITE))
    descriptor = json.loads(path.read_bytes())
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["name"] == "velmora-archive"
    assert descriptor["homepage"] == SITE
    assert descriptor["licenses"][0]["name"] == "notspecified"
    assert descriptor["description"] == licence_note()
    assert descriptor["sources"][0]["title"]
    csv_res, jsonl_res = descriptor["resources"]
    for res in (csv_res, jsonl_res):
        data = (tmp_path / res["path"]).read_bytes()
        assert res["bytes"] == len(data)
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert res["encoding"] == "utf-8"
        assert [f["name"] for f in res["schema"]["fields"]] == [c.name for c in COLUMNS]
        assert res["schema"]["primaryKey"] == ["archived_url"]
    assert (csv_res["format"], csv_res["mediatype"]) == ("csv", "text/csv")
    assert jsonl_res["format"] == "jsonl"
    # CSV Dialect v1 requires delimiter and doubleQuote; commentRows marks the HXL row
    assert csv_res["dialect"]["delimiter"] == "," and csv_res["dialect"]["doubleQuote"] is True
    assert csv_res["dialect"]["commentRows"] == [2]
    types = {f["name"]: f["type"] for f in csv_res["schema"]["fields"]}
    assert (types["date"], types["archived"], types["tags"]) == ("date", "datetime", "string")
    assert {f["name"]: f["type"] for f in jsonl_res["schema"]["fields"]}["tags"] == "array"
    hxl = _read_csv((tmp_path / "archive.csv").read_bytes())[1]
    for field, tag in zip(csv_res["schema"]["fields"], hxl, strict=True):
        assert field["description"].endswith(f"HXL: {tag}")
    assert "apostrophe" in csv_res["description"]


def test_frictionless_reads_the_hxl_row_as_data_without_the_dialect(tmp_path: Path) -> None:
    path = _write_package(tmp_path, _records(_articles()))
    descriptor = json.loads(path.read_bytes())
    del descriptor["resources"][0]["dialect"]["commentRows"]
    path.write_text(json.dumps(descriptor))
    report = validate(str(path))
    assert not report.valid
    assert {e[0] for e in report.flatten(["rowNumber"])} == {2}


def test_frictionless_detects_a_changed_file(tmp_path: Path) -> None:
    path = _write_package(tmp_path, _records(_articles()))
    with (tmp_path / "archive.csv").open("ab") as f:
        f.write(b"Extra synthetic row,2021-03-01,Velmora,,XV,,,,,en,https://x.example/,"
                b"https://y.example/,https://z.example/,,\r\n")
    report = validate(str(path))
    assert {"hash-count", "byte-count"} <= {e[0] for e in report.flatten(["type"])}


def test_datapackage_refuses_an_unknown_kind_of_file() -> None:
    with pytest.raises(ValueError, match=r"archive\.xlsx"):
        datapackage([DataFile("archive.xlsx", b"")])


def test_empty_archive_csv_alone_validates(tmp_path: Path) -> None:
    csv_bytes = archive_csv([])
    (tmp_path / "archive.csv").write_bytes(csv_bytes)
    path = tmp_path / "datapackage.json"
    path.write_bytes(datapackage([DataFile("archive.csv", csv_bytes)]))
    report = validate(str(path))
    assert report.valid, report.flatten(["type", "note"])
    assert Package(str(path)).get_resource("archive-csv").read_rows() == []


def test_both_files_at_once_are_the_files_made_one_by_one() -> None:
    records = _records(_articles())
    for config in (Config(), Config(include_text=True)):
        assert archive_files(records, config) == (archive_csv(records, config),
                                                  archive_jsonl(records, config))
