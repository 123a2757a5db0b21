"""The ``briefer`` command: a thin layer over the library.

Each command parses options, calls one library function, and turns
``BrieferError`` into a one-line ``Error: ...`` with exit code 1. Heavy
imports (NLTK, sumy, WeasyPrint) happen inside the commands, so ``--help``
answers at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__
from .commands.options import allow_private_option, config_option
from .config import METHODS

FORMAT_NAMES = ("md", "html", "pdf", "json")


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMAT_NAMES]
    if unknown or not formats:
        named = ", ".join(unknown) or "(none)"
        raise click.BadParameter(f"unknown format {named} (choose from {','.join(FORMAT_NAMES)})")
    return formats


@contextmanager
def _user_errors() -> Iterator[None]:
    """Show a ``BrieferError`` as one line and exit 1, with no traceback."""
    from .errors import BrieferError

    try:
        yield
    except BrieferError as error:
        raise click.ClickException(str(error)) from error


class _OneLineHandler(logging.Handler):
    """Library warnings (a skipped article, say) as one plain line on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname.lower()}: {record.getMessage()}", err=True)


def _configure_logging(verbose: bool) -> None:
    logger = logging.getLogger("briefer")
    logger.handlers[:] = [_OneLineHandler()]
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False


def method_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--method",
        type=click.Choice(METHODS),
        help="Method that ranks sentences (default from config: brief).",
    )(function)


def sentences_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--sentences",
        type=click.IntRange(min=0),
        help="Sentences per section (default from config: 4).",
    )(function)


@click.group()
@click.version_option(__version__, prog_name="briefer")
@click.option("-v", "--verbose", is_flag=True, help="Show what each stage does.")
def main(verbose: bool) -> None:
    """Write a dated, intelligence-style brief from a day's news articles."""
    _configure_logging(verbose)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--date",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="The brief's date (default: today).",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where <date>/brief.* are written (default from config: output/).",
)
@config_option()
@method_option
@sentences_option
@click.option(
    "--format",
    "formats",
    default=",".join(FORMAT_NAMES),
    show_default=True,
    callback=_parse_formats,
    help="Comma-separated outputs to write.",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of templates that override the defaults file by file.",
)
@click.option(
    "--since",
    metavar="24h|3d|YYYY-MM-DD",
    help="Keep only articles dated in this window before the brief's date (undated: kept).",
)
@click.option("--no-cache", is_flag=True, help="Fetch every URL again, ignoring today's cache.")
@allow_private_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
def build(
    inputs: tuple[str, ...],
    date: dt.date | None,
    output_dir: Path | None,
    config_path: Path | None,
    method: str | None,
    sentences: int | None,
    formats: list[str],
    templates: Path | None,
    since: str | None,
    no_cache: bool,
    allow_private: bool,
    quiet: bool,
) -> None:
    """Build the brief from article files, folders, URLs and feeds (INPUT...)."""
    from .commands.reading import ProgressBar
    from .config import load_config
    from .document import document_settings
    from .pipeline import build_brief
    from .render import write_brief
    from .sources.read import SourceReader, allowing_private, source_options

    with _user_errors():
        if templates is not None and not templates.is_dir():
            raise click.BadParameter(f"{templates} is not a folder", param_hint="--templates")
        config = allowing_private(load_config(config_path), allow_private)
        document = document_settings(config)
        date = date or dt.date.today()
        options = source_options(
            config, date, since=since, cache=False if no_cache else None, cache_day=dt.date.today()
        )
        with ProgressBar(quiet) as progress:
            reader = SourceReader(options, progress)
            brief = build_brief(
                inputs, date, config, method=method, sentences=sentences, reader=reader
            )
        for skipped_path, reason in brief.skipped:
            click.echo(f"skipped {skipped_path}: {reason}", err=True)
        written = write_brief(
            brief,
            output_dir or config.output_dir,
            formats,
            templates or config.templates,
            document=document,
        )
        if not quiet and reader.last_report is not None:
            click.echo(reader.last_report.summary(), err=True)
    for path in written.values():
        click.echo(str(path))


@main.command()
@click.argument("source")
@method_option
@sentences_option
@allow_private_option
def summarize(source: str, method: str | None, sentences: int | None, allow_private: bool) -> None:
    """Print the key sentences of one article, in article order.

    SOURCE is a .txt, .md or .html file, or the URL of a page.
    """
    import datetime as dt
    from dataclasses import replace

    from .config import load_config
    from .errors import InputError
    from .pipeline import segment_article
    from .rank import summarize as choose
    from .sources.read import SourceReader, allowing_private, source_options

    with _user_errors():
        if "://" not in source and not Path(source).is_file():
            raise InputError(f"No such file: {source}")
        config = load_config().with_overrides(method=method, sentences=sentences)
        config = allowing_private(config, allow_private)
        options = replace(source_options(config, dt.date.today()), urls=(), feeds=(), since=None)
        report = SourceReader(options).read([source])
        if report.skipped:
            raise InputError(f"{source}: {report.skipped[0].reason}")
        if len(report.articles) != 1:
            count = len(report.articles)
            raise InputError(f"{source} holds {count} articles; summarize reads one (try build)")
        article_sentences = segment_article(report.articles[0])
        all_terms = [term for topic in config.topics for term in topic.terms]
        for sentence in choose(config.method, article_sentences, config.sentences, all_terms):
            click.echo(sentence.text)


from .commands.eval import eval_command  # noqa: E402
from .commands.mail import daily, send  # noqa: E402

main.add_command(send)
main.add_command(daily)
main.add_command(eval_command)

from .commands.templates import templates  # noqa: E402

main.add_command(templates)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
