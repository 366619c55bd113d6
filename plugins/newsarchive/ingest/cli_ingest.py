"""Terminal side of ``newsarchive ingest``: overrides, progress, per-file lines, summary."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from pathlib import Path

import click

from newsarchive.ingest.budget import DEFAULT_SECONDS, Limits
from newsarchive.ingest.enrich import EVIDENCE_LOGGER, EvidenceLines, Overrides
from newsarchive.ingest.pipeline import expand, ingest_file
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
    show_bar = sys.stderr.isatty() and len(files) > 1 and not quiet
    bar = None
    if show_bar:
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: each file is read in a forked child
        bar = tqdm(total=len(files), unit="file", file=sys.stderr, leave=False)

    def say(line: str, err: bool = False) -> None:
        if bar is not None:
            bar.write(line, file=sys.stderr if err else sys.stdout)
        else:
            click.echo(line, err=err)

    evidence = EvidenceLines()
    logging.getLogger(EVIDENCE_LOGGER).addHandler(evidence)
    logging.getLogger(EVIDENCE_LOGGER).setLevel(logging.INFO)
    for path in files:
        evidence.lines.clear()
        outcome = ingest_file(path, store, vocab, overrides, limits=limits)
        counts[outcome.status] += 1
        if outcome.status == "failed":
            say(f"error: {path}: {outcome.message}", err=True)
        elif outcome.status == "exists":
            if not quiet:
                say(f"skipped: {path}: {outcome.message}", err=True)
        else:
            if not quiet:
                say(str(outcome.target))
                if "region" not in outcome.review:  # else the review line says why
                    for line in evidence.lines:
                        say(f"  {line}", err=True)
            for key, why in outcome.review.items():
                counts["review"] += 1
                say(f"review: {outcome.target}: {key}: {why}; written as empty and listed under "
                    f"`review` (fill it in, or re-ingest with --{_flag(key)})", err=True)
        if bar is not None:
            bar.update()
    if bar is not None:
        bar.close()
    click.echo(
        f"ingest: {counts['written']} written, {counts['exists']} already archived, "
        f"{counts['failed']} failed" + (f", {counts['review']} field(s) to review"
                                       if counts["review"] else ""),
        err=True,
    )
    return 1 if counts["failed"] else 0


def _flag(key: str) -> str:
    return {"original_url": "url"}.get(key, key)
