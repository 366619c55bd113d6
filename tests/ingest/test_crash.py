"""Ingest killed (SIGKILL) at every write step: the next run completes the batch.

A child process runs the real ``newsarchive ingest`` with ``os.open``, ``os.write``,
``os.fsync``, ``os.link``, ``os.unlink``, ``os.rename``, ``os.replace`` and ``os.mkdir``
wrapped: the Nth call made on behalf of the store kills the process before it happens. For
every N, the next (unkilled) run must leave every save archived exactly once, with its
original, byte for byte, and nothing else: no duplicate, no orphan, no leftover, ``check``
clean.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.archive.check import check_archive
from newsarchive.archive.frontmatter import split
from newsarchive.cli import main
from newsarchive.vocab import load_vocab
from tests.helpers import ROOT
from tests.ingest.synthetic_saves import COMPLETE, save_text, url_of, write_saves

# A process that imports newsarchive and loads the vocabularies once, then forks one child
# per request: the child wraps the os functions and runs the real `newsarchive ingest`.
SERVER = r"""
import json, os, signal, sys
import newsarchive.ingest.cli_ingest, newsarchive.ingest.pipeline, newsarchive.ingest.readers
from newsarchive.cli import main
from newsarchive.vocab import load_vocab
load_vocab()

def run(kill_at, scope, tally, args):
    calls = 0

    def counted():
        frame = sys._getframe(2)
        for _ in range(6):
            if frame is None:
                return False
            if frame.f_globals.get("__name__") == "newsarchive.ingest.store" and (
                    scope == "all" or frame.f_code.co_name == scope):
                return True
            frame = frame.f_back
        return False

    def wrap(name):
        real = getattr(os, name)
        def step(*a, **k):
            nonlocal calls
            if counted():
                calls += 1
                if calls == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
                if name == "fsync":  # a killed process loses no written data: save the time
                    return None
            return real(*a, **k)
        setattr(os, name, step)

    for name in ("open", "write", "fsync", "link", "unlink", "rename", "replace", "mkdir"):
        wrap(name)
    try:
        main(["ingest", *args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    with open(tally, "w") as fh:
        fh.write(str(calls))
    return code

for line in sys.stdin:
    kill_at, scope, tally, args = json.loads(line)
    pid = os.fork()
    if pid == 0:
        log = os.open(tally + ".log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        code = run(kill_at, scope, tally, args)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status), flush=True)
"""


@pytest.fixture(scope="module")
def server() -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen([sys.executable, "-c", SERVER], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    yield proc
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=60)


def run_killed(server: subprocess.Popen[str], batch: Path, content: Path, kill_at: int,
               scope: str = "all") -> tuple[int, int]:
    """Run ingest in a child killed at its ``kill_at``-th step (0: never); return the exit
    code and, if it was not killed, how many steps it made."""
    assert server.stdin is not None and server.stdout is not None
    tally = content.parent / "tally"
    tally.unlink(missing_ok=True)
    args = [str(batch), "--content", str(content), "-q", *COMPLETE]
    server.stdin.write(json.dumps([kill_at, scope, str(tally), args]) + "\n")
    server.stdin.flush()
    code = int(server.stdout.readline())
    if code not in (0, -signal.SIGKILL):  # the log says why
        raise AssertionError(Path(f"{tally}.log").read_text(encoding="utf-8"))
    return code, int(tally.read_text()) if tally.exists() else -1


def ingest(batch: Path, content: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["ingest", str(batch), "--content", str(content), "-q",
                                       *COMPLETE])
    return result.exit_code, result.stderr


def assert_complete(content: Path, batch: Path, urls: list[str]) -> None:
    """Every URL archived once, with its original; nothing else in the content folder."""
    articles = sorted((content / "articles").rglob("*.md"))
    found: dict[str, Path] = {}
    originals = set()
    for md in articles:
        data, _ = split(md.read_text(encoding="utf-8"))
        assert data["original_url"] not in found, f"{md} doubles {found[data['original_url']]}"
        found[data["original_url"]] = md
        original = content / data["original"]
        assert hashlib.sha256(original.read_bytes()).hexdigest() == data["sha256"]
        originals.add(original)
    assert sorted(found) == sorted(urls)
    assert {p for p in (content / "originals").rglob("*") if p.is_file()} == originals
    hidden = [p.name for p in content.rglob(".*") if p.name != ".ingest.lock"]
    assert hidden == []
    result = check_archive(content, load_vocab())
    assert result.messages() == []


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """An archive holding save 0, and a batch: save 0 again (already archived), saves 1 and
    2, and save 1 saved again (other bytes, same URL)."""
    root = tmp_path_factory.mktemp("crash")
    base, batch = root / "base", root / "batch"
    write_saves(root / "first", [0])
    assert ingest(root / "first", base)[0] == 0
    write_saves(batch, [0, 1, 2])
    (batch / "save-01-again.txt").write_text(save_text(1, " Saved again."), encoding="utf-8")
    return base, batch, [url_of(i) for i in (0, 1, 2)]


def test_killed_at_every_write_step(server: subprocess.Popen[str],
                                    setup: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    base, batch, urls = setup
    content = tmp_path / "content"
    shutil.copytree(base, content)
    code, steps = run_killed(server, batch, content, 0)
    assert code == 0
    assert_complete(content, batch, urls)
    # Two articles, each a journal, two temporary files, two links and their syncs.
    assert steps >= 2 * 12, steps
    states = set()
    for n in range(1, steps + 1):
        shutil.rmtree(content)
        shutil.copytree(base, content)
        code, _ = run_killed(server, batch, content, n)
        assert code == -signal.SIGKILL, f"step {n} of {steps} did not kill"
        states.add(_state(content))
        code, _ = run_killed(server, batch, content, 0)
        assert code == 0, f"after a kill at step {n}"
        assert_complete(content, batch, urls)
    # The kills did land inside the commit: a journal alone, temporary files, an original
    # without its article, an article linked before the clean-up.
    assert {"journal", "journal+tmp", "journal+tmp+orphan", "journal+tmp+pair"} <= states


def test_killed_again_while_recovering(server: subprocess.Popen[str],
                                       setup: tuple[Path, Path, list[str]],
                                       tmp_path: Path) -> None:
    """A run killed while it recovers from a kill is recovered by the next one."""
    base, batch, urls = setup
    content, crashed = tmp_path / "content", tmp_path / "crashed"
    shutil.copytree(base, content)
    _, steps = run_killed(server, batch, content, 0)
    for n in range(1, steps + 1):  # the first kill that leaves an original without article
        shutil.rmtree(content)
        shutil.copytree(base, content)
        run_killed(server, batch, content, n)
        if _state(content) == "journal+tmp+orphan":
            break
    else:
        pytest.fail("no kill left an original without its article")
    shutil.move(content, crashed)
    _, recovery_steps = run_killed(server, batch, shutil.copytree(crashed, content), 0, "recover")
    assert recovery_steps >= 4
    for m in range(1, recovery_steps + 1):
        shutil.rmtree(content)
        shutil.copytree(crashed, content)
        code, _ = run_killed(server, batch, content, m, "recover")
        assert code == -signal.SIGKILL
        code, _ = run_killed(server, batch, content, 0)
        assert code == 0, f"after a kill at recovery step {m}"
        assert_complete(content, batch, urls)


def _state(content: Path) -> str:
    """What a kill left: journal, temporary files, an original without article, both."""
    parts = []
    if any(p.suffix == ".journal" for p in content.iterdir()):
        parts.append("journal")
    if list(content.rglob(".ingest-*.tmp")):
        parts.append("tmp")
    articles = len(list((content / "articles").rglob("*.md")))
    originals = len(list((content / "originals").rglob("*.txt")))
    if originals > articles:
        parts.append("orphan")
    elif parts and any(_linked_twice(p) for p in (content / "articles").rglob("*.md")):
        parts.append("pair")
    return "+".join(parts) or "clean"


def _linked_twice(path: Path) -> bool:
    return path.stat().st_nlink > 1
