"""No Pagefind process outlives a build that is killed, even by SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsarchive.build.fork import dying_with_parent
from tests.helpers import ROOT

_BUILD = """
import sys
from pathlib import Path
from scripts.synthetic import write_archive, write_vocab
from tests.helpers import build_site
base = Path(sys.argv[1])
write_archive(base / "content", 300, words=(300, 600))
vocab = write_vocab(base / "vocab")
print("building", flush=True)
build_site(base / "content", base / "site", strict=False, related=False,
           regions_file=str(vocab["regions"]), tags_file=str(vocab["tags"]),
           sources_file=str(vocab["sources"]))
"""


def _processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (parent pid, state, command line) of every process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                "utf-8", "replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        found[int(entry.name)] = (int(fields[1]), fields[0], cmdline)
    return found


def _alive(pid: int) -> bool:
    info = _processes().get(pid)
    return info is not None and info[1] != "Z"  # a zombie has exited (its parent reaps it)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_pagefind_dies_with_a_killed_build(tmp_path: Path) -> None:
    env = {**os.environ, "RAYON_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    build = subprocess.Popen([sys.executable, "-c", _BUILD, str(tmp_path)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    pagefind: list[int] = []
    try:
        deadline = time.monotonic() + 300
        while not pagefind and time.monotonic() < deadline and build.poll() is None:
            # The binary itself (not setpriv or the shell that starts it: see
            # build/fork.py dying_with_parent), so it runs with its parent death signal set.
            pagefind = [pid for pid, (ppid, _, cmd) in _processes().items()
                        if ppid == build.pid and Path(cmd.split(" ", 1)[0]).name == "pagefind"]
            time.sleep(0.005)
        assert pagefind, "the build never started Pagefind"
        # Paused, so it cannot finish its work and exit by itself meanwhile (SIGKILL still
        # reaches a stopped process).
        for pid in pagefind:
            os.kill(pid, signal.SIGSTOP)
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in pagefind) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in pagefind), "Pagefind outlived the killed build"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        for pid in pagefind:  # only the processes this test saw the build start
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent death signal")
def test_a_command_started_after_its_build_died_exits_at_once() -> None:
    """The wrapper that sets Pagefind's parent death signal runs the command only while the
    build that started it is still its parent: one whose build died first exits."""
    argv, preexec = dying_with_parent([sys.executable, "-c", "print('ran')"])
    ran = subprocess.run(argv, capture_output=True, text=True, preexec_fn=preexec)
    assert ran.returncode == 0 and ran.stdout == "ran\n"
    if preexec is not None:
        pytest.skip("no setpriv here: the parent is checked in preexec_fn")
    at = argv.index(str(os.getpid()))
    orphan = [*argv[:at], "1", *argv[at + 1:]]  # as if its parent were init
    ran = subprocess.run(orphan, capture_output=True, text=True)
    assert ran.returncode == 111 and ran.stdout == ""
