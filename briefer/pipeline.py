"""The whole pipeline, read top to bottom as named stages: the table of contents.

sources -> ``Article`` -> sentences (each with its token record) -> topic
candidates and announced events -> ranked, de-duplicated items -> ``Brief``.
Rendering and writing files is a separate step (``briefer.render.write_brief``)
so a Python caller can build a ``Brief`` and do with it what it likes.
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
from briefer.rank import method as ranking_method
from briefer.text.sentences import segment_article
from briefer.topics import assign_topics
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
) -> Brief:
    """Build the brief for ``date`` from article files, folders, URLs and feeds.

    ``config`` defaults to the packaged defaults plus ``briefer.toml`` in the working
    folder; ``method`` and ``sentences`` override it. ``reader`` (default: one set up from
    ``[sources]``) reads the sources; its ``last_report`` then says what was read. Unreadable
    articles are skipped and listed in ``Brief.skipped``; if none is left, ``InputError`` is
    raised. The configuration travels with the brief (``Brief.config``). The facts that
    ``previous`` (a brief's folder, or ``read_previous``'s result) reported are marked or dropped.
    """
    config = (config or load_config()).with_overrides(method=method, sentences=sentences)
    before = checked_previous(previous, date)  # a bad previous brief fails before any reading
    try:
        ranking_method(config.method)
    except ValueError as error:
        raise ConfigError(str(error)) from None

    # Ingest: files, folders, pages, feeds -> articles; an unreadable one is skipped, not
    # fatal; a story read twice is read once.
    report = (reader or SourceReader(source_options(config, date))).read(inputs)
    leave_out_later(report, date)  # a brief dated D uses nothing reported after D
    if not report.articles:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in report.skipped)
        raise InputError("No readable articles" + (f" ({reasons})" if reasons else ""))

    # Segment: articles -> sentences with their offsets and token records.
    all_sentences = [s for article in report.articles for s in segment_article(article)]

    # Topics: the events sentences announce (for the outlook), each topic's candidates.
    candidates, events = assign_topics(report.articles, all_sentences, config.topics)

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
