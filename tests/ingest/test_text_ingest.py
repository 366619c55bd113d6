"""Plain-text ingest: the real seed article, bad inputs, idempotence, no overwrite."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.archive.frontmatter import split
from newsarchive.cli import main
from tests.helpers import seed_path

SEED_URL = ("https://www.themoscowtimes.com/2020/01/12/russian-led-air-strikes-suspended-in-"
            "idlib-after-ceasefire-a68869")


def ingest(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["ingest", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def articles(content: Path) -> list[Path]:
    return sorted((content / "articles").rglob("*.md"))


def read(path: Path) -> tuple[dict, str]:
    return split(path.read_text(encoding="utf-8"))


SYNTH = """Filler Council Meets in Qarvella Valley

By <b>Synthetic Wire</b>

March 3, 2031

Photo: Synthetic Photo Desk

This is synthetic filler text for the newsarchive test suite about the invented Qarvella
valley, written so that the paragraph is long enough to count as body text.

A second synthetic paragraph continues the invented story for testing purposes only, and it
has a full stop at the end.

Original url: https://news.example.org/2031/03/filler-council
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return tmp_path / "content"


def test_seed_frontmatter_and_body_exact(content: Path) -> None:
    code, out, err = ingest(seed_path(), "--content", content)
    assert code == 0, err
    [md] = articles(content)
    assert out.strip() == str(md)
    data, body = read(md)
    seed_bytes = seed_path().read_bytes()
    assert data["title"] == "Russian-Led Air Strikes Suspended in Idlib After Ceasefire"
    assert str(data["date"]) == "2020-01-12"
    assert data["source"] == "The Moscow Times"
    assert data["byline"] == "Reuters"
    assert data["photo_credit"] == "Baderkhan Ahmad / AP / TASS"
    assert data["region"] == "SY-ID"
    assert data["original_url"] == SEED_URL
    assert data["language"] == "en"
    assert data["related_titles"] == [
        "Over 230,000 People Flee Idlib in Two-Week Russian-Backed Offensive",
        "Russia's Role in Syria is Changing",
    ]
    assert {"ceasefire", "airstrikes"} <= set(data["tags"])
    assert data["sha256"] == hashlib.sha256(seed_bytes).hexdigest()
    assert "review" not in data
    # The original is preserved byte for byte inside the content directory.
    assert (content / data["original"]).read_bytes() == seed_bytes
    assert data["original"].startswith("originals/2020/01/")
    # Body: the broken sentence rejoined; no HTML, related or URL lines.
    assert ("to stem the flow of tens of thousands of civilians uprooted by the violence."
            in body)
    assert body.lstrip().startswith("Russia and its allies halted air strikes")
    assert body.rstrip().endswith("residents and rescuers said.")
    for unwanted in ("<u>", "Related article", "Original url", "themoscowtimes.com",
                     "Baderkhan"):
        assert unwanted not in body
    assert len([p for p in body.split("\n\n") if p.strip()]) == 14
    # Why SY-ID, printed once under the file (read in a child process, printed by this one).
    evidence = [line for line in err.splitlines() if line.strip().startswith("region ")]
    assert len(evidence) == 1 and evidence[0].strip().startswith("region SY-ID: "), err
    assert "mentions" in evidence[0] and "title" in evidence[0], err


def test_same_input_twice_writes_nothing(content: Path) -> None:
    assert ingest(seed_path(), "--content", content)[0] == 0
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    code, out, err = ingest(seed_path(), "--content", content)
    assert code == 0
    assert out == ""
    assert "already archived as articles/2020/01/" in err
    assert "0 written, 1 already archived, 0 failed" in err
    after = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    assert after == before


def test_same_url_different_bytes_is_already_archived(content: Path, tmp_path: Path) -> None:
    assert ingest(seed_path(), "--content", content)[0] == 0
    variant = tmp_path / "variant.txt"
    variant.write_bytes(seed_path().read_bytes().replace(b"Sunday", b"Sunday,"))
    code, _, err = ingest(variant, "--content", content)
    assert code == 0 and "(same URL)" in err
    assert len(articles(content)) == 1


def test_slug_collision_gets_distinct_path_and_nothing_is_overwritten(
    content: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(SYNTH, encoding="utf-8")
    second.write_text(SYNTH.replace("filler-council", "filler-council-2")
                      .replace("second synthetic", "different synthetic"), encoding="utf-8")
    assert ingest(first, second, "--content", content)[0] == 0
    paths = [p.name for p in articles(content)]
    assert paths == ["filler-council-meets-in-qarvella-valley-2.md",
                     "filler-council-meets-in-qarvella-valley.md"]
    originals = sorted(p.name for p in (content / "originals").rglob("*.txt"))
    assert originals == ["filler-council-meets-in-qarvella-valley-2.txt",
                         "filler-council-meets-in-qarvella-valley.txt"]


def test_missing_fields_are_written_and_marked_for_review(content: Path, tmp_path: Path) -> None:
    src = tmp_path / "synthetic.txt"
    src.write_text(SYNTH, encoding="utf-8")
    code, _, err = ingest(src, "--content", content)
    assert code == 0
    [md] = articles(content)
    data, _ = read(md)
    # Invented places and outlet: no region, no known source.
    assert data["review"] == ["source", "region"]
    assert data["region"] is None and data["source"] is None
    assert data["byline"] == "Synthetic Wire"
    assert data["photo_credit"] == "Photo: Synthetic Photo Desk"
    assert f"review: {md}: region: no place from the gazetteer" in err
    # The file says why too, on the review line, for the curator reading it in git.
    assert "\n- region  # no place from the gazetteer is named in the text\n" in \
        md.read_text(encoding="utf-8")
    # Validation keeps failing until a curator fills them in.
    check = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert check.exit_code == 1
    assert "region: missing (ingest could not determine it)" in check.stderr


def test_command_line_values_win(content: Path, tmp_path: Path) -> None:
    src = tmp_path / "synthetic.txt"
    src.write_text(SYNTH, encoding="utf-8")
    code, _, err = ingest(src, "--content", content, "--region", "SY-ID", "--tags",
                          "Ceasefire,airstrikes", "--source", "Synthetic Wire Service",
                          "--date", "2031-03-04")
    assert code == 0, err
    data, _ = read(articles(content)[0])
    assert data["region"] == "SY-ID"
    assert data["tags"] == ["ceasefire", "airstrikes"]
    assert data["source"] == "Synthetic Wire Service"
    assert str(data["date"]) == "2031-03-04"
    assert "review" not in data
    assert CliRunner().invoke(main, ["check", "--content", str(content)]).exit_code == 0


def test_unknown_region_on_command_line_is_refused_with_suggestion(
    content: Path, tmp_path: Path
) -> None:
    src = tmp_path / "synthetic.txt"
    src.write_text(SYNTH, encoding="utf-8")
    code, _, err = ingest(src, "--content", content, "--region", "Idlb")
    assert code == 2
    assert "'Idlb' is not in the gazetteer" in err and "SY-ID" in err
    assert not content.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"\n\n  \n", "the file is empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary data, not a text save"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"JFIF" * 10, "unsupported file type '.jpg'"),
    ],
)
def test_bad_inputs_get_one_clear_line(content: Path, tmp_path: Path, name: str, data: bytes,
                                       message: str) -> None:
    src = tmp_path / name
    src.write_bytes(data)
    code, out, err = ingest(src, "--content", content)
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors == [errors[0]] and f"error: {src}: {message}" in errors[0]
    assert out == "" and not content.exists()


def test_no_date_and_unparseable_date_go_to_review(content: Path, tmp_path: Path) -> None:
    (tmp_path / "nodate.txt").write_text(SYNTH.replace("March 3, 2031\n", ""), encoding="utf-8")
    (tmp_path / "baddate.txt").write_text(
        SYNTH.replace("March 3, 2031", "Marhc 45, 2031").replace("filler-council", "x"),
        encoding="utf-8")
    code, _, err = ingest(tmp_path / "nodate.txt", tmp_path / "baddate.txt", "--content", content)
    assert code == 0
    assert "date: no publication date found" in err
    assert "date: the date line 'Marhc 45, 2031' is not a valid date" in err
    undated = sorted((content / "articles" / "undated").glob("*.md"))
    assert len(undated) == 2
    for md in undated:
        data, _ = read(md)
        assert data["date"] is None and "date" in data["review"]


def test_no_url_goes_to_review(content: Path, tmp_path: Path) -> None:
    src = tmp_path / "nourl.txt"
    src.write_text(SYNTH.split("Original url")[0], encoding="utf-8")
    code, _, err = ingest(src, "--content", content, "--region", "SY-ID")
    assert code == 0
    data, _ = read(articles(content)[0])
    assert data["original_url"] is None and data["review"] == ["source", "original_url"]
    assert "original_url: no URL found in the save" in err and "--url" in err


@pytest.mark.parametrize("encoding", ["windows-1251", "windows-1256", "koi8-r", "utf-16"])
def test_legacy_encodings_decode(content: Path, tmp_path: Path, encoding: str) -> None:
    if encoding == "windows-1256":
        title, para = ("اجتماع تجريبي في وادي قارفيلا",
                       "هذا نص تجريبي مصطنع لاختبار الأرشيف فقط، ولا يصف أي حدث حقيقي في أي مكان. "
                       "الفقرة طويلة بما يكفي لتعد نصا.")
        lang = "ar"
    else:
        title, para = ("Синтетическое совещание в долине Карвелла",
                       "Это синтетический текст для проверки архива, он не описывает никаких "
                       "реальных событий и нужен только для теста кодировки.")
        lang = "ru"
    text = f"{title}\n\n2031-03-03\n\n{para}\n\nOriginal url: https://news.example.org/{encoding}\n"
    src = tmp_path / "legacy.txt"
    src.write_bytes(text.encode(encoding))
    code, _, err = ingest(src, "--content", content, "--region", "SY-ID")
    assert code == 0, err
    [md] = articles(content)
    data, body = read(md)
    assert data["title"] == title
    assert para.split(",")[0] in body
    assert data["language"] == lang
    # Non-Latin titles keep their script in the path: readable, not transliterated.
    assert md.stem.split("-")[0] == title.split()[0].lower()


def test_batch_of_1000_with_bad_files_goes_on(content: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    bad = {17: b"", 444: b"\x00\x01\x02" * 50, 901: b"   \n"}
    for i in range(1000):
        data = bad[i] if i in bad else SYNTH.replace("Qarvella Valley", f"Qarvella Valley {i}").replace(
            "filler-council", f"filler-council-{i}").encode()
        (batch / f"save-{i:04d}.txt").write_bytes(data)
    code, out, err = ingest(batch, "--content", content, "--region", "SY-ID", "--source", "X")
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert [e.split(":")[1].strip().rsplit("/", 1)[1] for e in errors] == [
        "save-0017.txt", "save-0444.txt", "save-0901.txt"]
    assert len(out.splitlines()) == 997 == len(articles(content))
    assert "997 written, 0 already archived, 3 failed" in err
    # No half-written or temporary files anywhere.
    assert not list(content.rglob(".tmp-*"))


def test_write_failure_leaves_nothing_behind(content: Path, tmp_path: Path) -> None:
    src = tmp_path / "synthetic.txt"
    src.write_text(SYNTH, encoding="utf-8")
    (content / "articles" / "2031").mkdir(parents=True)
    (content / "articles" / "2031" / "03").write_text("a file where a folder must go")
    code, _, err = ingest(src, "--content", content, "--region", "SY-ID")
    assert code == 1 and "error:" in err
    assert not list((content / "originals").rglob("*.txt")) if (content / "originals").exists() \
        else True
    assert (content / "articles" / "2031" / "03").read_text() == "a file where a folder must go"


def test_plain_text_stays_text_when_rendered(content: Path, tmp_path: Path) -> None:
    import markdown

    tricky = SYNTH.replace(
        "A second synthetic paragraph",
        "2019. Year of synthetic filler {: onclick=alert(1) } <script>alert(2)</script> "
        "and *stars* and [a](javascript:alert(3)) in the synthetic paragraph")
    src = tmp_path / "tricky.txt"
    src.write_text(tricky, encoding="utf-8")
    assert ingest(src, "--content", content, "--region", "SY-ID")[0] == 0
    _, body = read(articles(content)[0])
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "toc", "tables"])
    assert "<script" not in html and "onclick" not in html.replace("{: onclick", "")
    assert 'href="javascript' not in html
    assert "<p>2019. Year of synthetic filler {: onclick=alert(1) }" in html
    assert "<ol" not in html and "\\" not in html
