"""A brief dated D says what was known on D: the timeline rules of the ``[timeline]`` table.

- **No later article.** An article dated after D is left out and listed in
  ``Brief.skipped`` with the reason (so brief.json, the summary line and the
  "skipped" lines on stderr show it); the information cut-off, the newest
  source's date, is then never after D. When even the newest article is more
  than ``stale_after_days`` before D, a warning says so ("newest article 927
  days before the brief's date").
- **Nothing stale shown as coming.** In the bottom line and the topic sections a
  sentence that announces something (``sentence_mood``: planned or expected) is
  left out when a date it reads as ahead ended before D ("Blinken will travel
  to Germany on June 23" in a brief of 3 August), or when its article is more
  than ``announcement_max_age_days`` before D (what was planned then has
  likely happened or changed since). The outlook keeps such events, marked
  "date passed". A younger announcement older than the day before D is shown
  with its report date, like every such item (``render``: "as of 15 November
  2023").
- **Older reporting weighs less.** A sentence's score in the bottom line and the
  sections is multiplied by ``0.5 ** (age / half_life_days)``, ``age`` being
  the days from its article's date to D (undated articles: no decay); the
  half-life 0 turns the decay off.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from briefer.config import Config
from briefer.ingest.read import ReadReport
from briefer.model import Article, Sentence, SentenceKey, Skipped
from briefer.text.dates import dates_in
from briefer.topics.events import sentence_mood

log = logging.getLogger(__name__)

#: Words without which a sentence has no time expression: find_dates is spared the rest.
_TIME_HINT = re.compile(
    r"\d|\b(?:today|tonight|tomorrow|yesterday|week|weekend|month|year|quarter|half|spring|"
    r"summer|autumn|fall|winter|soon|day|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|"
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
    re.IGNORECASE,
)

TIMELINE_KEYS = ("half_life_days", "announcement_max_age_days", "stale_after_days")


@dataclass(frozen=True)
class TimelineOptions:
    """The ``[timeline]`` table."""

    half_life_days: float = 3.0  # 0: no decay
    announcement_max_age_days: int = 7  # older announcements are left out of bluf and sections
    stale_after_days: int = 7  # warn when the newest article is older than this


def timeline_options(config: Config) -> TimelineOptions:
    """Read and check ``[timeline]``; an unknown key or a wrong value names the file."""
    table = config.read_table("timeline", TIMELINE_KEYS)
    defaults = TimelineOptions()
    return TimelineOptions(
        half_life_days=table.number(
            "half_life_days", defaults.half_life_days, 0, "a number of days"
        ),
        announcement_max_age_days=table.integer(
            "announcement_max_age_days", defaults.announcement_max_age_days, 0
        ),
        stale_after_days=table.integer("stale_after_days", defaults.stale_after_days, 0),
    )


@dataclass(frozen=True)
class Timeline:
    """What composing takes from the brief's date: sentences not to show as news, and weights."""

    stale: frozenset[SentenceKey]  # announcements whose date has passed, or too old
    recency: Mapping[str, float]  # article id -> the weight of its age


def leave_out_later(report: ReadReport, date: dt.date) -> list[Article]:
    """Move articles dated after the brief's ``date`` from the report to its skipped list."""
    later = [a for a in report.articles if a.date is not None and a.date > date]
    if not later:
        return []
    report.articles[:] = [a for a in report.articles if a.date is None or a.date <= date]
    for article in later:
        reason = f"dated {article.date}, after the brief's date {date}: left out"
        report.skipped.append(Skipped(str(article.path), reason))
        log.info("%s is %s", article.path, reason)
    return later


def stale_warning(
    articles: Iterable[Article], date: dt.date, options: TimelineOptions
) -> str | None:
    """ "newest article 927 days before the brief's date", when it is older than allowed."""
    dates = [a.date for a in articles if a.date is not None]
    if not dates:
        return None
    age = (date - max(dates)).days
    if age <= options.stale_after_days:
        return None
    return f"newest article {age} days before the brief's date ({max(dates)}, brief {date})"


def read_timeline(
    options: TimelineOptions,
    articles: Sequence[Article],
    sentences: Iterable[Sentence],
    date: dt.date,
) -> Timeline:
    """The stale announcements among ``sentences`` and every article's recency weight
    (and a log line when even the newest article is stale).

    In an article with an announced date that has passed ("On May 18-19,
    Donfried will visit Sofia"), its undated announcements, which elaborate
    that plan ("During her visit, she will meet ..."), are stale too.
    """
    if warning := stale_warning(articles, date, options):
        log.info("%s", warning)  # `briefer build` prints it after its summary line
    dates = {article.id: article.date for article in articles}
    announcing: dict[str, list[tuple[SentenceKey, str]]] = {}
    for sentence in sentences:
        reading = announcement(sentence.text, dates.get(sentence.article_id), date, options)
        if reading is not None:
            announcing.setdefault(sentence.article_id, []).append((sentence.key, reading))
    stale: set[SentenceKey] = set()
    for readings in announcing.values():
        passed = any(reading == "passed" for _, reading in readings)
        stale.update(
            key
            for key, reading in readings
            if reading in ("passed", "old") or (passed and reading == "undated")
        )
    return Timeline(
        frozenset(stale), {a.id: recency_weight(a.date, date, options) for a in articles}
    )


def is_stale_announcement(
    text: str, reported: dt.date | None, date: dt.date, options: TimelineOptions
) -> bool:
    """Does ``text``, reported on ``reported``, present as coming what is behind ``date``?"""
    return announcement(text, reported, date, options) in ("passed", "old")


def announcement(
    text: str, reported: dt.date | None, date: dt.date, options: TimelineOptions
) -> str | None:
    """How an announcing sentence stands on ``date``: "old" (its article is more than
    ``announcement_max_age_days`` before), "passed" (a date it reads as ahead ended before),
    "ahead" (a date it reads as ahead is still to come), "undated"; None: it announces nothing.
    """
    if sentence_mood(text) not in ("planned", "expected"):
        return _explicitly_ahead(text, reported, date)
    if reported is not None and (date - reported).days > options.announcement_max_age_days:
        return "old"
    reading = "undated"
    if not _TIME_HINT.search(text):
        return reading
    for mention in dates_in(text, reported):
        ahead = mention.tense == "future" or (mention.tense is None and not mention.backward)
        if not ahead or mention.last is None:
            continue
        if mention.last < date:
            return "passed"
        reading = "ahead"
    return reading


def _explicitly_ahead(text: str, reported: dt.date | None, date: dt.date) -> str | None:
    """ "the NATO Ministerial taking place in Berlin May 14-15", said on May 14, with no cue of
    the future: "passed" once that written-out date, ahead of its article, is behind ``date``."""
    if reported is None or not any(c.isdigit() for c in text):
        return None
    for mention in dates_in(text, reported):
        written_out = any(c.isdigit() for c in mention.text) and not mention.backward
        if (
            written_out
            and mention.first
            and mention.last
            and mention.first >= reported
            and reported < mention.last < date
        ):
            return "passed"
    return None


def recency_weight(reported: dt.date | None, date: dt.date, options: TimelineOptions) -> float:
    """``0.5 ** (days old / half-life)``; 1 for an undated article or no decay."""
    if reported is None or options.half_life_days <= 0:
        return 1.0
    age = max(0, (date - reported).days)
    return float(0.5 ** (age / options.half_life_days))


def weighted(
    scores: Sequence[float], sentences: Sequence[Sentence], recency: Mapping[str, float]
) -> list[float]:
    """Scores with their articles' recency applied: an older sentence always scores lower."""
    result = []
    for score, sentence in zip(scores, sentences, strict=True):
        weight = recency.get(sentence.article_id, 1.0)
        result.append(score * weight if score >= 0 else score / max(weight, 1e-300))
    return result
