"""Terminal side of ``newsarchive ingest``: overrides, progress, per-file lines, summary."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from pathlib import Path

import click

from newsarchive.ingest.budget import DEFAULT_SECONDS, Limits
from newsarchive.ingest.enrich import EVIDENCE_LOGGER, EvidenceLines, Overrides
from newsarchive.ingest.pipeline import Outcome, expand, ingest_file
from newsarchive.ingest.store import ArchiveStore
from newsarchive.vocab import Vocab


def _overrides(values: dict[str, object], vocab: Vocab) -> Overrides:
    """Validate command-line values against the vocabularies before touching any file."""
    region = values.get("region")
    if region and (hint := vocab.check_region(str(region))):
        raise click.BadParameter(hint, param_hint="--region")
    tags: list[str] = []
    for raw in str(values.get("tags") or "").split(","):
        if raw.strip():
            slug = vocab.tags.resolve(raw) or raw.strip()
            if hint := vocab.check_tag(slug):
                raise click.BadParameter(hint, param_hint="--tags")
            tags.append(slug)
    return Overrides(
        title=values.get("title"), date=values.get("date"), source=values.get("source"),
        region=region, url=values.get("url"), byline=values.get("byline"),
        language=values.get("language"), tags=tags,
    )  # type: ignore[arg-type]


def run_ingest(paths: list[Path], content: Path, vocab: Vocab, values: dict[str, object],
               *, quiet: bool = False, timeout: float = DEFAULT_SECONDS) -> int:
    """Ingest every file; return the exit code (1 if any file failed).

    Each file is read within ``timeout`` seconds (see :mod:`newsarchive.ingest.budget`).
    """
    overrides = _overrides(values, vocab)
    limits = Limits(seconds=timeout)
    files = list(expand(paths))
    store = ArchiveStore(content)
    counts: Counter[str] = Counter()
    terminal = _Terminal(total=len(files), quiet=quiet)
    evidence = EvidenceLines()
    logging.getLogger(EVIDENCE_LOGGER).addHandler(evidence)
    logging.getLogger(EVIDENCE_LOGGER).setLevel(logging.INFO)
    for path in files:
        evidence.lines.clear()
        outcome = ingest_file(path, store, vocab, overrides, limits=limits)
        counts[outcome.status] += 1
        counts["review"] += _report(path, outcome, evidence.lines, terminal, quiet=quiet)
        terminal.advance()
    terminal.close()
    click.echo(_summary(counts), err=True)
    return 1 if counts["failed"] else 0


class _Terminal:
    """Prints lines to stdout or stderr, above a progress bar on an interactive terminal
    when there is more than one file and ``quiet`` is off."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.bar = None
        if sys.stderr.isatty() and total > 1 and not quiet:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: each file is read in a forked child
            self.bar = tqdm(total=total, unit="file", file=sys.stderr, leave=False)

    def say(self, line: str, err: bool = False) -> None:
        """Print one line (to stderr when ``err``)."""
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr if err else sys.stdout)
        else:
            click.echo(line, err=err)

    def advance(self) -> None:
        """One more file done."""
        if self.bar is not None:
            self.bar.update()

    def close(self) -> None:
        """Remove the progress bar, if any."""
        if self.bar is not None:
            self.bar.close()


def _report(path: Path, outcome: Outcome, evidence: list[str], terminal: _Terminal,
            *, quiet: bool) -> int:
    """Print the lines about one file's outcome; return how many fields it left to review.

    Errors and review lines are printed even when ``quiet``.
    """
    if outcome.status == "failed":
        terminal.say(f"error: {path}: {outcome.message}", err=True)
        return 0
    if outcome.status == "exists":
        if not quiet:
            terminal.say(f"skipped: {path}: {outcome.message}", err=True)
        return 0
    if not quiet:
        terminal.say(str(outcome.target))
        if "region" not in outcome.review:  # else the review line says why
            for line in evidence:
                terminal.say(f"  {line}", err=True)
    for key, why in outcome.review.items():
        terminal.say(f"review: {outcome.target}: {key}: {why}; written as empty and listed "
                     f"under `review` (fill it in, or re-ingest with --{_flag(key)})", err=True)
    return len(outcome.review)


def _summary(counts: Counter[str]) -> str:
    """The last line: how many files were written, skipped, failed, fields to review."""
    return (f"ingest: {counts['written']} written, {counts['exists']} already archived, "
            f"{counts['failed']} failed" + (f", {counts['review']} field(s) to review"
                                           if counts["review"] else ""))


def _flag(key: str) -> str:
    return {"original_url": "url"}.get(key, key)
