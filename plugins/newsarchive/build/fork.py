"""Work done in a forked child while the build goes on: results come back through a file.

The child shares the parent's memory until either writes to it; ``gc.freeze`` in the child
keeps the collector from touching (and so copying) the parent's pages. A child that fails in
any way leaves the work to the parent, which then reproduces any error where it belongs.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def pool_size(jobs: int, minimum: int) -> int:
    """Processes for a fork pool over ``jobs`` items: one below ``minimum`` items (forking
    would cost more than it saves) or where forking is unsafe, else one per core (at most 8)."""
    # Forking a process that runs other threads (mkdocs serve) can deadlock in the child.
    if jobs < minimum or threading.active_count() > 1 or \
            "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        return min(len(os.sched_getaffinity(0)), 8)
    except AttributeError:  # pragma: no cover - not on Linux
        return min(os.cpu_count() or 1, 8)


def die_with_parent() -> Callable[[], None] | None:
    """For ``Popen(preexec_fn=...)``: the child gets SIGKILL when this process dies, even by
    SIGKILL itself (Linux ``PR_SET_PDEATHSIG``), so no Pagefind outlives a killed build.

    The signal follows the thread that started the child: call Popen from a thread that
    waits for it. Elsewhere than on Linux: None (``on_build_error`` still stops it).
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:  # in the child, between fork and exec: no allocation-heavy work
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the build died before the line above
            os._exit(1)

    return preexec


# Run by setpriv (util-linux) with the parent death signal set: exits if the build died
# before that (its parent is then another process), else becomes the command.
_CHECK_PARENT = 'test "$PPID" = "$1" || exit 111; shift; exec "$@"'


@functools.cache
def _setpriv() -> str | None:
    """setpriv, if it sets the parent death signal here (util-linux 2.33 and later)."""
    found = shutil.which("setpriv") if sys.platform.startswith("linux") else None
    if found is None or not Path("/bin/sh").exists():
        return None
    try:
        done = subprocess.run([found, "--pdeathsig", "KILL", "--", "/bin/sh", "-c", "exit 0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return found if done.returncode == 0 else None


def dying_with_parent(command: list[str]) -> tuple[list[str], Callable[[], None] | None]:
    """``command`` and the ``preexec_fn`` to start it with so that it gets SIGKILL when this
    process dies (:func:`die_with_parent`), for ``Popen(argv, preexec_fn=...)``.

    Where util-linux's ``setpriv`` can set that signal, the command runs through it (and a
    shell that checks this process is still its parent) and needs no ``preexec_fn``: Python
    then starts it with ``vfork``, without copying this process's page tables. A ``fork`` of
    a build holding hundreds of megabytes costs milliseconds, and every page this process
    writes afterwards faults once more (Pagefind starts twenty times in a large build: about
    140,000 page faults, a second or two of system time). Elsewhere: ``command`` as it is
    with :func:`die_with_parent`.
    """
    setpriv = _setpriv()
    if setpriv is None:
        return command, die_with_parent()
    return [setpriv, "--pdeathsig", "KILL", "--", "/bin/sh", "-c", _CHECK_PARENT,
            "newsarchive", str(os.getpid()), *command], None


class Forked:
    """A forked child whose results go through a temporary file; the parent waits or kills."""

    def __init__(self, prefix: str) -> None:
        fd, name = tempfile.mkstemp(prefix=prefix)
        os.close(fd)
        self._out = Path(name)
        self.pid: int | None = None

    def _fork(self, body: Callable[[], None], in_child: Callable[[], None] | None) -> bool:
        """Run ``body`` in a child (``in_child`` first); False when the system refused."""
        orphan_guard = die_with_parent()  # a killed build takes this child with it
        try:
            pid = os.fork()
        except OSError:
            self._out.unlink(missing_ok=True)
            return False
        if pid == 0:  # the child: never returns
            code = 1
            try:
                if orphan_guard is not None:
                    orphan_guard()
                if in_child is not None:
                    in_child()
                gc.freeze()  # the parent's objects stay shared: no collection writes to them
                body()
                code = 0
            except BaseException:  # the parent does the work itself and reports any error
                pass
            finally:
                os._exit(code)
        self.pid = pid
        return True

    def _wait(self) -> bool:
        """Wait for the child; True when it exited cleanly (its results are in the file)."""
        assert self.pid is not None
        try:
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            return os.waitstatus_to_exitcode(status) == 0
        finally:
            if self.pid is not None:  # interrupted while waiting
                self.kill()

    def kill(self) -> None:
        """Stop the child (the build failed before its results were taken)."""
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, 9)
                os.waitpid(self.pid, 0)
            self.pid = None
        self._out.unlink(missing_ok=True)


class ForkedCall(Forked):
    """``fn()`` computed in a forked child while this process goes on (MkDocs' nav, the
    generated pages); :meth:`result` waits for it, or computes it here if the child failed."""

    def __init__(self, fn: Callable[[], Any], in_child: Callable[[], None] | None = None,
                 fallback: Callable[[], Any] | None = None) -> None:
        """``fallback``: what :meth:`result` computes here if the child failed (default
        ``fn``)."""
        super().__init__("newsarchive-result-")
        self.fn = fn
        self.fallback = fallback if fallback is not None else fn
        self.in_parent = True  # False once the result came from the child
        self._value: Any = None
        self._known = False
        self._forked = self._fork(self._write, in_child)

    def _write(self) -> None:  # in the child
        value = self.fn()
        with self._out.open("wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)

    def result(self) -> Any:
        if self._known:
            return self._value
        if self._forked:
            try:
                if self._wait():
                    with self._out.open("rb") as src:
                        self._value = pickle.load(src)
                    self.in_parent = False
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
                pass
            finally:
                self._out.unlink(missing_ok=True)
        if self.in_parent:
            self._value = self.fallback()
        self._known = True
        return self._value
