"""``briefer build``: the brief from article files, folders, URLs and feeds."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from briefer.cli.options import (
    allow_private_option,
    config_option,
    method_option,
    parse_date,
    sentences_option,
    user_errors,
)

FORMAT_NAMES = ("md", "html", "pdf", "json", "ics")
DEFAULT_FORMATS = ("md", "html", "pdf", "json")  # ics (the outlook as a calendar) on request


#: Collector thresholds for a build: a young collection every 10,000 net allocations (not
#: 700), a full one after 20 x 20 of them. A build makes a few million objects that live
#: to its end (sentences, token records, matrices); at the default thresholds the
#: collector scanned them again and again: 0.6 s of a 3,000-article build's 8 s, 1.2 s at
#: 10,000, for garbage that is almost all freed by reference counting. Full collections
#: still come, as the collector spaces them (when a quarter of the long-lived objects are
#: new), so a cycle-heavy part of the run is still collected; peak memory is unchanged.
BUILD_GC_THRESHOLDS = (10_000, 20, 20)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*BUILD_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _check_since(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A malformed window is a malformed option: exit 2, as click does, before any reading."""
    if value is None:
        return None
    from briefer.ingest.read import parse_since

    try:
        parse_since(value, dt.date.today())
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value


def _parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMAT_NAMES]
    if unknown or not formats:
        named = ", ".join(unknown) or "(none)"
        raise click.BadParameter(f"unknown format {named} (choose from {','.join(FORMAT_NAMES)})")
    return formats


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--date",
    callback=parse_date,
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
@sentences_option()
@click.option(
    "--format",
    "formats",
    default=",".join(DEFAULT_FORMATS),
    show_default=True,
    callback=_parse_formats,
    help="Comma-separated outputs to write (also: ics, the outlook as a calendar).",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of templates that override the defaults file by file.",
)
@click.option(
    "--since",
    metavar="24h|3d|YYYY-MM-DD",
    callback=_check_since,
    help="Keep only articles dated in this window before the brief's date (undated: kept).",
)
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    metavar="BRIEF_DIR",
    help="A previous brief's folder: facts it reported are marked (or, repeat = drop, left out).",
)
@click.option("--no-cache", is_flag=True, help="Fetch every URL again, ignoring today's cache.")
@allow_private_option
@click.option(
    "--executor",
    metavar="local|processes|dask://HOST:PORT",
    help="Where the per-article work runs (default from config: local).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
@_fewer_collections()  # the imports below too: a second of them, all long-lived objects
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
    previous: Path | None,
    no_cache: bool,
    allow_private: bool,
    executor: str | None,
    quiet: bool,
) -> None:
    """Build the brief from article files, folders, URLs and feeds (INPUT...)."""
    from briefer.cli.reading import ProgressBar
    from briefer.compose.previous import checked_previous, summary_line
    from briefer.compose.timeline import stale_warning, timeline_options
    from briefer.config import load_config
    from briefer.config.document import document_settings
    from briefer.ingest.read import SourceReader, allowing_private, source_options
    from briefer.pipeline import build_brief
    from briefer.pipeline.executors import executor_choice
    from briefer.render import write_brief

    with user_errors():
        if templates is not None and not templates.is_dir():
            raise click.BadParameter(f"{templates} is not a folder", param_hint="--templates")
        config = allowing_private(load_config(config_path), allow_private)
        timing = timeline_options(config)
        document_settings(config)  # a mistake in [document] stops the build before it reads
        executor_choice(config, executor)  # and so does one in --executor or [run]
        date = date or dt.date.today()
        before = checked_previous(previous, date)  # a bad previous brief stops before reading
        options = source_options(
            config, date, since=since, cache=False if no_cache else None, cache_day=dt.date.today()
        )
        with ProgressBar(quiet) as progress:
            reader = SourceReader(options, progress)
            brief = build_brief(
                inputs, date, config, method=method, sentences=sentences, reader=reader,
                previous=before,
                executor=executor,
            )  # fmt: skip
        for skipped in brief.skipped:
            click.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)
        # The rest (the [document] settings, [brief] templates) comes with the brief.
        written = write_brief(brief, output_dir, formats, templates)
        report = reader.last_report
        if not quiet and report is not None:
            click.echo(summary_line(report.summary(), brief.previous), err=True)
            if old := stale_warning(report.articles, date, timing):
                click.echo(f"warning: {old}", err=True)
    for path in written.values():
        click.echo(str(path))
