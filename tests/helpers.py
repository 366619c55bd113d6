"""Shared test helpers: write synthetic articles, build real sites, read their HTML."""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from newsarchive.archive.frontmatter import dump

ROOT = Path(__file__).resolve().parent.parent
SEED_IN_REPO = ROOT / "content" / "originals" / "2020" / "01" / \
    "russian-led-air-strikes-suspended-in-idlib-after-ceasefire.txt"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def seed_path() -> Path:
    """The seed article: the shipped archive's preserved original (byte-identical)."""
    return SEED_IN_REPO


def write_article(content: Path, rel: str, body: str = "Synthetic filler paragraph.",
                  **fields: Any) -> Path:
    """Write an article file with the given frontmatter under ``content``."""
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(fields, body), encoding="utf-8")
    return path


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(docs: Path, site: Path, strict: bool = True,
               mkdocs_options: dict[str, Any] | None = None, **plugin_options: Any) -> list[str]:
    """Build ``docs`` with the project's mkdocs.yml; return the warnings MkDocs logged.

    ``mkdocs_options`` override mkdocs.yml (e.g. ``nav``). Raises ``mkdocs.exceptions.Abort``
    when ``strict`` and any warning was logged.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site),
                         strict=strict, **(mkdocs_options or {}))
    plugin_options.setdefault("cache_dir", str(site.parent / f".cache-{site.name}"))
    config.plugins["newsarchive"].config.update(plugin_options)
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with contextlib.chdir(ROOT):
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
    return [r.getMessage() for r in handler.records]


@contextlib.contextmanager
def collect_messages(level: int = logging.INFO) -> Iterator[list[str]]:
    """Every message at ``level`` or above that MkDocs and the plugin log inside the block
    (INFO: cache reports; WARNING: what ``strict`` counts)."""
    records: list[str] = []

    class Grab(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    grab = Grab(level)
    logger = logging.getLogger("mkdocs")
    old = logger.level
    logger.addHandler(grab)
    logger.setLevel(min(level, old) if old else level)
    try:
        yield records
    finally:
        logger.removeHandler(grab)
        logger.setLevel(old)


def build_log(docs: Path, site: Path, **plugin_options: Any) -> list[str]:
    """Build like :func:`build_site` and return every INFO+ message (for cache reports)."""
    with collect_messages() as records:
        build_site(docs, site, **plugin_options)
    return records


def page(site: Path, url_path: str) -> lxml_html.HtmlElement:
    """Parse the built page at ``url_path`` (e.g. ``tags/ceasefire/``)."""
    target = site / url_path
    if target.is_dir() or url_path.endswith("/") or url_path == "":
        target = target / "index.html"
    return lxml_html.fromstring(target.read_bytes())


def texts(nodes: list[Any]) -> list[str]:
    return [" ".join(n.text_content().split()) for n in nodes]


def chromium_or_skip() -> str:
    """The browser the browser tests drive: skips the calling test module when none is
    installed, except in CI (``NEWSARCHIVE_REQUIRE_BROWSER=1``), where that is an error."""
    import pytest

    chromium = os.environ.get("NEWSARCHIVE_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        if os.environ.get("NEWSARCHIVE_REQUIRE_BROWSER") == "1":
            raise RuntimeError(f"{chromium} not found: install Debian's chromium package")
        pytest.skip(f"no browser at {chromium} (set NEWSARCHIVE_CHROMIUM)",
                    allow_module_level=True)
    return chromium


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site without a log line per request."""

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free localhost port; yields its base URL (with a final slash)."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


# The flags the project's guide gives for headless Chromium.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]


@contextlib.contextmanager
def chromium(executable: str) -> Iterator[Any]:
    """A Playwright browser driving the system Chromium (``chromium_or_skip()``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
