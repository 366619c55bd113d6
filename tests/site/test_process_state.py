"""A build leaves the process as it found it: the build date it pinned, the log filters it
added and the garbage collector's frozen generation are all undone (under `mkdocs serve`,
or in any program that builds twice, leftovers would change the next build)."""

from __future__ import annotations

import gc
import logging
import os
import time
from pathlib import Path

import pytest

from tests.helpers import build_site
from tests.site.conftest import write_fixture


def _gzip_mtime(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[4:8], "little")  # RFC 1952 MTIME


_LOGGERS = ("mkdocs.commands.build", "mkdocs.structure.pages")


def test_a_build_restores_process_wide_state(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    gc.unfreeze()
    filters = {name: list(logging.getLogger(name).filters) for name in _LOGGERS}
    write_fixture(tmp_path / "content")
    build_site(tmp_path / "content", tmp_path / "site")
    # The compressed sitemap carries the pinned date (the newest ingest time), not today's.
    assert _gzip_mtime(tmp_path / "site" / "sitemap.xml.gz") < time.time() - 86_400
    assert "SOURCE_DATE_EPOCH" not in os.environ
    assert gc.get_freeze_count() == 0
    assert {name: list(logging.getLogger(name).filters) for name in _LOGGERS} == filters


def test_a_build_date_set_by_the_caller_wins_and_stays(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")  # 2000-01-01
    write_fixture(tmp_path / "content")
    build_site(tmp_path / "content", tmp_path / "site", cache=False)
    assert _gzip_mtime(tmp_path / "site" / "sitemap.xml.gz") == 946684800
    assert os.environ["SOURCE_DATE_EPOCH"] == "946684800"


@pytest.mark.parametrize("serve", [False, True], ids=["build", "serve"])
def test_what_a_build_made_is_frozen_only_under_build(serve: bool) -> None:
    """`mkdocs build` freezes what it has made (its full collections then skip it); `serve`
    never does, or each rebuild's garbage would stay frozen until the server stops."""
    from newsarchive.mkdocs_plugin.process_state import ProcessState

    gc.unfreeze()
    state = ProcessState()
    state.start_run(serve=serve)
    try:
        frozen = gc.get_freeze_count()
        made = [[i] for i in range(1000)]  # tracked by the collector
        state.freeze_build()
        assert (gc.get_freeze_count() > frozen) is not serve
        assert made
    finally:
        state.end_run()
    assert gc.get_freeze_count() == 0
