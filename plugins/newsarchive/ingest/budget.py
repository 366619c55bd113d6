"""Running one file's reading in a child process with a time and a memory budget.

A pathological page (a parser trap, a bomb) must fail alone, with a clear line, and let the
batch go on. Python cannot interrupt a regular expression or lxml from the outside, so the
work runs in a forked child: its address space is capped with ``RLIMIT_AS`` and the parent
kills it at the deadline. The child inherits everything already loaded (readers,
vocabularies), so a fork costs a few milliseconds. Where there is no ``fork`` (Windows) the
work runs in this process, without limits.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from newsarchive.ingest.model import IngestError

T = TypeVar("T")

DEFAULT_SECONDS = 30.0
DEFAULT_MEMORY = 2 * 1024**3  # bytes the work may add to what ingest already holds


@dataclass(frozen=True)
class Limits:
    """Per-file budget: wall-clock ``seconds`` and ``memory`` bytes of address space."""

    seconds: float = DEFAULT_SECONDS
    memory: int = DEFAULT_MEMORY


class UnexpectedError(Exception):
    """An exception the work did not expect (a bug), reported from the child process."""


def _size(n: int) -> str:
    return f"{n / 2**30:g} GB" if n >= 2**30 else f"{n / 2**20:g} MB"


def memory_error_message(limits: Limits) -> str:
    return (f"reading this file needs more than the {_size(limits.memory)} of memory "
            "ingest allows per file (a page this large or this complex is not one saved "
            "article); save the article page alone, or check the file")


def run_bounded(work: Callable[[], T], limits: Limits) -> T:
    """Return ``work()``, computed in a child process within ``limits``.

    Raise :class:`IngestError` when the work raises it, runs out of memory, nests too deeply
    or passes the deadline; :class:`UnexpectedError` for any other exception in the work.
    """
    if not hasattr(os, "fork"):
        return _unpack(_outcome(work, limits), limits)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, exit without running the parent's cleanup
        code = 1
        try:
            os.close(read_fd)
            _cap_memory(limits.memory)
            payload = _outcome(work, limits)
            try:
                data = pickle.dumps(payload, pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                data = pickle.dumps(("error", memory_error_message(limits)))
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    try:
        data = _read_all(read_fd, time.monotonic() + limits.seconds)
    except TimeoutError:
        _kill(pid)
        raise IngestError(
            f"reading this file took longer than {limits.seconds:g} s, the time ingest allows "
            "per file (a pathological page?); it was stopped. Check the file, or allow more "
            "time with --timeout SECONDS") from None
    except BaseException:
        _kill(pid)
        raise
    finally:
        os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    if not data:
        code = os.waitstatus_to_exitcode(status)
        what = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
        raise IngestError(f"the reader stopped without a result ({what}); the file may need "
                          f"more than the {_size(limits.memory)} of memory ingest allows "
                          "per file. Check the file, or save the article page again")
    return _unpack(pickle.loads(data), limits)


def _outcome(work: Callable[[], Any], limits: Limits) -> tuple[str, Any]:
    try:
        return "ok", work()
    except IngestError as exc:
        return "error", str(exc)
    except MemoryError:
        return "error", memory_error_message(limits)
    except RecursionError:
        return "error", "the page is nested too deeply to parse (re-save it)"
    except Exception as exc:
        return "bug", f"{type(exc).__name__}: {exc}"


def _unpack(payload: tuple[str, Any], limits: Limits) -> Any:
    kind, value = payload
    if kind == "ok":
        return value
    if kind == "error":
        raise IngestError(value)
    raise UnexpectedError(value)


def _cap_memory(extra: int) -> None:
    """Limit this process's address space to what it holds now plus ``extra`` bytes."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:  # noqa: PTH123
            held = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        held = 0
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = held + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or limit < soft:
        with contextlib.suppress(ValueError, OSError):  # not every system enforces RLIMIT_AS
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _read_all(fd: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
