"""The ``newsarchive`` command: ingest saved articles, check the archive."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from newsarchive.vocab import load_vocab
from newsarchive.vocab.datafile import VocabularyError


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (expected YYYY-MM-DD)") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsarchive")
def main() -> None:
    """Curate an archive of conflict news: ingest saved articles, check the archive."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), default="content",
              show_default=True, help="Archive (content) directory to write into.")
@click.option("--title", help="Set the title (wins over what ingest finds).")
@click.option("--date", callback=_date, help="Set the publication date, YYYY-MM-DD.")
@click.option("--source", help="Set the publication name, e.g. 'The Moscow Times'.")
@click.option("--region", help="Set the region by gazetteer code, e.g. SY-ID.")
@click.option("--tags", help="Set the tags, comma separated slugs, e.g. ceasefire,airstrikes.")
@click.option("--url", help="Set the original URL.")
@click.option("--byline", help="Set the byline (author or agency).")
@click.option("--language", help="Set the ISO 639-1 language code.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, metavar="SECONDS",
              help="Time allowed to read one file; a file that takes longer fails alone.")
def ingest(paths: tuple[Path, ...], content: Path, quiet: bool, timeout: float,
           **values: object) -> None:
    """Archive saved articles (.txt, .html, .htm, .html.gz files or directories of them).

    Writes one Markdown article per input under CONTENT/articles/ and keeps the original byte
    for byte under CONTENT/originals/. Prints each written path. Inputs already archived (same
    bytes or same URL) are skipped; nothing existing is ever overwritten. Exits non-zero if
    any file failed.
    """
    from newsarchive.ingest.cli_ingest import run_ingest

    try:
        vocab = load_vocab()
    except VocabularyError as exc:
        raise click.ClickException(str(exc)) from exc
    sys.exit(run_ingest(list(paths), content, vocab, values, quiet=quiet, timeout=timeout))


_VOCAB_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@main.command()
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), default="content",
              show_default=True, help="Archive (content) directory to check.")
@click.option("--regions", type=_VOCAB_FILE, help="Gazetteer file instead of the shipped one.")
@click.option("--tags", type=_VOCAB_FILE, help="Tags vocabulary instead of the shipped one.")
@click.option("--sources", type=_VOCAB_FILE, help="Sources table instead of the shipped one.")
def check(content: Path, regions: Path | None, tags: Path | None, sources: Path | None) -> None:
    """Validate every article's frontmatter against the schema and vocabularies.

    Prints one line per problem (file: key: what is wrong and how to fix it) and exits
    non-zero if any. Unreadable files, broken links and files that are not UTF-8 are
    problems too; hidden files (names starting with ".") are not articles.
    """
    from newsarchive.archive.check import check_archive

    if not content.is_dir():
        raise click.ClickException(f"{content}: no such directory (pass --content DIR)")
    try:
        vocab = load_vocab(regions, tags, sources)
    except VocabularyError as exc:
        raise click.ClickException(str(exc)) from exc
    result = check_archive(content, vocab)
    for line in result.messages():
        click.echo(f"{content}/{line}", err=True)
    bad = len({p for p, _ in result.problems})
    click.echo(f"checked {result.files} article(s): {bad} with problems", err=True)
    sys.exit(1 if result.problems else 0)
