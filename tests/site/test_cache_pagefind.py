"""No Pagefind process outlives a build that is killed, even by SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
            pagefind = [pid for pid, (ppid, _, cmd) in _processes().items()
                        if ppid == build.pid and "pagefind" in cmd]
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
