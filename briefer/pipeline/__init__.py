"""The whole pipeline, read top to bottom as named stages: the table of contents.

sources -> ``Article`` -> sentences (each with its token record) -> topic candidates and
announced events -> ranked, de-duplicated items -> ``Brief``; ``briefer.render.write_brief``
writes the files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from briefer.compose.brief import Day, compose_brief
from briefer.compose.previous import PreviousBrief, checked_previous
from briefer.compose.timeline import leave_out_later, read_timeline, timeline_options
from briefer.config import Config, load_config
from briefer.errors import ConfigError, InputError
from briefer.ingest.read import SourceReader, source_options
from briefer.model import Brief
from briefer.pipeline.executors import executor_choice, running
from briefer.pipeline.per_article import events_of, read_and_work, sentences_of, topics_of
from briefer.rank import method as ranking_method
from briefer.topics.stories import group_stories


def build_brief(
    inputs: Iterable[str | Path],
    date: dt.date,
    config: Config | None = None,
    *,
    method: str | None = None,
    sentences: int | None = None,
    reader: SourceReader | None = None,
    previous: PreviousBrief | Path | str | None = None,
    executor: str | None = None,
) -> Brief:
    """Build the brief for ``date`` from article files, folders, URLs and feeds.

    ``config`` defaults to the packaged defaults plus ``briefer.toml`` in the working
    folder; ``method``, ``sentences`` and ``executor`` (``[run] executor``) override it.
    ``reader`` (default: from ``[sources]``) reads the sources; unreadable articles are
    listed in ``Brief.skipped`` (none left: ``InputError``). Facts ``previous`` (a brief's
    folder) reported are marked or dropped. ``Brief.config`` keeps the configuration.
    """
    config = (config or load_config()).with_overrides(method=method, sentences=sentences)
    before = checked_previous(previous, date)  # a bad previous brief fails before any reading
    try:
        ranking_method(config.method)
    except ValueError as error:
        raise ConfigError(str(error)) from None

    # Ingest, then per article where the executor runs it: sentences, events, sketches.
    with running(executor_choice(config, executor)) as batches:
        reader = reader or SourceReader(source_options(config, date))
        report, work = read_and_work(reader, inputs, batches, config.topics)
    leave_out_later(report, date)  # a brief dated D uses nothing reported after D
    if not report.articles:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in report.skipped)
        raise InputError("No readable articles" + (f" ({reasons})" if reasons else ""))
    all_sentences = sentences_of(report.articles, work)

    # Topics: the events sentences announce (for the outlook), each topic's candidates.
    found = events_of(report.articles, work)  # None when no topic reads them
    candidates, events = topics_of(report.articles, work, all_sentences, config.topics, found)

    # Stories: the day's articles grouped by the event they report.
    stories = group_stories(report.articles, sentences=all_sentences)

    # The brief's date: stale announcements are not news, older reporting weighs less.
    shown = {s.key: s for group in candidates.values() for s in group}.values()
    timeline = read_timeline(timeline_options(config), report.articles, shown, date)

    # Rank, select and compose: the sections of stories, the bottom line, the sources.
    day = Day(
        date, report.articles, all_sentences, candidates, events, report.skipped, stories,
        stale=timeline.stale, recency=timeline.recency, previous=before,
    )  # fmt: skip
    return compose_brief(config, day)
