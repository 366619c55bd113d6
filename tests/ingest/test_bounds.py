"""Bounded work per input file: bombs, pathological pages, time and memory budgets, links.

Each hostile file must fail alone with one clear ``error:`` line while the rest of the batch is
archived. Speed is measured by ``scripts/bench_hostile.py``, not here.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
import zlib
from pathlib import Path

import pytest

from newsarchive.ingest import budget
from newsarchive.ingest.budget import Limits, UnexpectedError, run_bounded
from newsarchive.ingest.html.blocks import drop_elements, drop_tags
from newsarchive.ingest.html.page import MAX_PARSE_CHARS, shrink
from newsarchive.ingest.model import IngestError
from newsarchive.ingest.pipeline import ingest_file
from newsarchive.ingest.readers import MAX_BYTES
from newsarchive.ingest.store import ArchiveStore
from newsarchive.vocab import load_vocab
from tests.ingest.html_pages import KEPT, article_page, ingest

SAVE = """Filler flood report from the Velmora river

By Filler Newsdesk

March 4, 2021

The invented river of Velmora rose by a filler metre on Tuesday, a synthetic paragraph for the bounds tests says at some length.

A second filler paragraph of the synthetic save closes the invented report with a calm summary.

Original url: https://courier.velmora.example/news/2021/03/04/filler-flood
"""


def _errors(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("error:")]


def _gzip_bomb(unpacked: int) -> bytes:
    """A valid .html.gz whose page unpacks to at least ``unpacked`` bytes: a page head, then
    gzip members of 64 MB of spaces each (concatenated members are one valid gzip file)."""
    comp = zlib.compressobj(6, zlib.DEFLATED, 31)
    head = comp.compress(article_page().encode().replace(b"</html>", b"")) + comp.flush()
    comp = zlib.compressobj(6, zlib.DEFLATED, 31)
    chunk = b" " * 2**20
    member = b"".join([*(comp.compress(chunk) for _ in range(64)), comp.flush()])
    return head + member * (unpacked // 2**26 + 1)


def _batch(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


# --- decompression bombs ----------------------------------------------------------------------

def test_gzip_bomb_is_refused_and_the_batch_goes_on(tmp_path: Path) -> None:
    bomb = _gzip_bomb(MAX_BYTES + 2**20)
    assert len(bomb) < MAX_BYTES // 200  # about 1,000:1
    folder = _batch(tmp_path, {"a-bomb.html.gz": bomb, "b-report.txt": SAVE.encode()})
    code, out = ingest(folder, tmp_path / "content")
    assert code == 1
    [line] = _errors(out)
    assert "a-bomb.html.gz" in line and "unpacks to more than 200 MB" in line
    assert "bug" not in line and "MemoryError" not in line
    assert "1 written, 0 already archived, 1 failed" in out
    assert not list((tmp_path / "content" / "originals").rglob("*.gz"))


def test_gzip_bomb_is_never_unpacked_whole(tmp_path: Path) -> None:
    """A 1 GB bomb within 600 MB of memory: unpacking it whole would run out."""
    src = tmp_path / "bomb.html.gz"
    src.write_bytes(_gzip_bomb(2**30))
    outcome = ingest_file(src, ArchiveStore(tmp_path / "content"), load_vocab(),
                          limits=Limits(memory=600 * 2**20))
    assert outcome.status == "failed"
    assert "unpacks to more than 200 MB" in outcome.message


def test_gzip_page_under_the_cap_is_read(tmp_path: Path) -> None:
    page = article_page().encode()
    comp = zlib.compressobj(6, zlib.DEFLATED, 31)
    src = tmp_path / "page.html.gz"
    src.write_bytes(comp.compress(page) + comp.flush())
    code, out = ingest(src, tmp_path / "content")
    assert code == 0, out
    [md] = (tmp_path / "content" / "articles").rglob("*.md")
    assert KEPT[0] in md.read_text(encoding="utf-8")


# --- linear scans ----------------------------------------------------------------------------

def test_drop_elements_like_a_browser() -> None:
    text = ('<p>before</p><script>var a = "<p>x</p>";</script><p>middle</p>'
            '<script type="application/ld+json">{"a": 1}</script>'
            "<SCRIPT src=x></SCRIPT ><scripts>kept</scripts><p>after</p><script>unclosed <p>lost")
    out = drop_elements(text, "script", keep=lambda tag: "ld+json" in tag)
    assert out == ('<p>before</p> <p>middle</p><script type="application/ld+json">{"a": 1}'
                   "</script> <scripts>kept</scripts><p>after</p> ")
    assert drop_elements("<p>a</p><svg <p>never closed", "svg") == "<p>a</p> "
    assert drop_elements(b"x<style>a{}</style>y", b"style") == b"x y"


def test_drop_tags_keeps_an_unclosed_lt_as_text() -> None:
    assert drop_tags("a<b>c</b>d < e", " ") == "a c d < e"
    assert drop_tags(b"<<<a>x", b"") == b"x"


def test_shrink_of_a_page_of_unclosed_scripts_keeps_the_article() -> None:
    head = "<html><body><article><p>Filler article text of the shrink test.</p></article>"
    text = head + "<script>" * 500_000
    assert len(text) > MAX_PARSE_CHARS
    assert shrink(text).startswith(head)
    assert len(shrink(text)) < len(head) + 10


def test_unclosed_script_tags_do_not_need_the_time_budget(tmp_path: Path) -> None:
    """500,000 unclosed <script> tags once took hours; now the page is simply read."""
    page = article_page().encode().replace(b"</body>", b"<script>" * 500_000)
    other = article_page(charset=None, canonical="https://courier.velmora.example/news/2")
    legacy = other.encode().replace(b"</body>", b"<script>" * 500_000).replace(
        b"filler site", b"filler caf\xe9 site")
    assert not legacy.isascii()
    folder = _batch(tmp_path, {"a.html": page, "b.html": legacy})
    code, out = ingest(folder, tmp_path / "content")
    assert "took longer" not in out, out
    assert code == 0, out
    assert len(list((tmp_path / "content" / "articles").rglob("*.md"))) == 2


def test_runs_of_lt_in_metadata_do_not_need_the_time_budget(tmp_path: Path) -> None:
    """A title of 200,000 "<" once took minutes in strip_tags (each "<" rescanned the run)."""
    save = SAVE.replace("\n", " " + "<" * 200_000 + "\n", 1)
    assert save.startswith(SAVE.split("\n", 1)[0] + " <<")
    folder = _batch(tmp_path, {"a.txt": save.encode()})
    code, out = ingest(folder, tmp_path / "content")
    assert "took longer" not in out, out
    assert code == 0, out
    [md] = (tmp_path / "content" / "articles").rglob("*.md")
    head = md.read_text(encoding="utf-8").split("\n---", 1)[0]
    assert "title: Filler flood report from the Velmora river <<<" in head  # "<" alone is text


# --- the time and memory budget ----------------------------------------------------------------

def test_a_file_over_the_time_budget_fails_alone(tmp_path: Path) -> None:
    para = "<p>Filler paragraph of a large synthetic page about the invented river Ostra.</p>\n"
    big = article_page().replace("</article>", "</article>" + para * 400_000)
    folder = _batch(tmp_path, {"a-big.html": big.encode(), "b-report.txt": SAVE.encode()})
    code, out = ingest(folder, tmp_path / "content", "--timeout", "2")
    assert code == 1
    [line] = _errors(out)
    assert "a-big.html" in line
    assert "took longer than 2 s" in line and "--timeout" in line
    assert "1 written, 0 already archived, 1 failed" in out


def test_timeout_option_is_checked(tmp_path: Path) -> None:
    code, out = ingest(tmp_path / "x.txt", tmp_path / "content", "--timeout", "0")
    assert code == 2 and "--timeout" in out


def test_a_file_over_the_memory_budget_fails_alone(tmp_path: Path) -> None:
    """A page of 192 MB (under the size caps) cannot be unpacked within 64 MB of memory."""
    src = tmp_path / "big.html.gz"
    src.write_bytes(_gzip_bomb(3 * 2**26 - 2**20))
    store = ArchiveStore(tmp_path / "content")
    outcome = ingest_file(src, store, load_vocab(), now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
                          limits=Limits(seconds=600, memory=64 * 2**20))
    assert outcome.status == "failed"
    assert "more than the 64 MB of memory ingest allows per file" in outcome.message
    assert not (tmp_path / "content").exists()


def _sleep_forever() -> None:
    time.sleep(3600)


def _allocate() -> bytes:
    return b"x" * 2**31


def _crash() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _fail() -> None:
    raise ValueError("filler failure")


def _refuse() -> None:
    raise IngestError("filler refusal")


def test_run_bounded_reports_each_way_to_fail() -> None:
    assert run_bounded(lambda: {"a": [1, 2]}, Limits()) == {"a": [1, 2]}
    with pytest.raises(IngestError, match=r"longer than 0\.5 s"):
        run_bounded(_sleep_forever, Limits(seconds=0.5))
    with pytest.raises(IngestError, match="memory"):
        run_bounded(_allocate, Limits(memory=256 * 2**20))
    with pytest.raises(IngestError, match="SIGKILL"):
        run_bounded(_crash, Limits())
    with pytest.raises(UnexpectedError, match="ValueError: filler failure"):
        run_bounded(_fail, Limits())
    with pytest.raises(IngestError, match="filler refusal"):
        run_bounded(_refuse, Limits())


def _children() -> set[int]:
    """Processes (zombies included) whose parent is this one."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_run_bounded_leaves_no_child_behind() -> None:
    before = _children()
    with pytest.raises(IngestError):
        run_bounded(_sleep_forever, Limits(seconds=0.2))
    assert run_bounded(lambda: 1, Limits()) == 1
    assert _children() == before


def test_memory_message_names_the_limit() -> None:
    assert "2 GB" in budget.memory_error_message(Limits())


# --- symbolic links ------------------------------------------------------------------------------

def test_symlinks_in_inputs_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SAVE.replace("flood", "secret"), encoding="utf-8")
    folder = _batch(tmp_path, {"report.txt": SAVE.encode()})
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "folder-link").symlink_to(outside)
    (folder / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (folder / ".hidden.txt").symlink_to(outside / "secret.txt")
    named = tmp_path / "named.txt"
    named.symlink_to(outside / "secret.txt")

    code, out = ingest(folder, tmp_path / "content")
    assert code == 1
    errors = _errors(out)
    assert sorted(e.split(":")[1].strip().rsplit("/", 1)[1] for e in errors) == [
        "broken.txt", "folder-link", "link.txt"]
    assert all("symbolic link" in e and "name the file itself" in e for e in errors)
    assert "1 written, 0 already archived, 3 failed" in out
    [md] = (tmp_path / "content" / "articles").rglob("*.md")
    assert "secret" not in md.read_text(encoding="utf-8")

    code, out = ingest(named, tmp_path / "content2")
    assert code == 1 and "symbolic link" in _errors(out)[0]
    assert not (tmp_path / "content2").exists()
