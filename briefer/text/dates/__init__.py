"""Time expressions in news text, resolved against the article's own date, tense read.

``find_dates(sentence, anchor)`` finds every time expression in a sentence and
gives its value in TimeML's TIMEX3 notation, which other tools read: a day
``2024-10-03``, a range ``2022-02-07/2022-02-11``, a month ``2024-10``, a year
``2024``, a range of years ``1990/1991``, an ISO week ``2024-W21`` (its weekend
``2024-W21-WE``), a quarter ``2024-Q3``, a half ``2024-H1``, a season
``2024-SP`` (``SU``, ``FA``, ``WI``), a fiscal year ``FY2024``, a decade ``197``
and a century ``19``.

An expression that does not say its year or week ("Friday", "in October",
"Feb. 28", "the third quarter") is read in the direction its sentence gives:
past reporting ("said Friday", "pleaded guilty Thursday", "was arrested in
early August") takes the last such date, an announcement ("will meet on
Friday", "is due to visit in October") the coming one. The tense is the verb
nearest the expression in its clause (see ``sentence_tense``); with no verb to
go by, the nearest reading wins. Words in the expression itself come first:
"last", "ago", "previous" point back, "next", "coming", "in two weeks" ahead,
"this September" is this year's.

A vague expression ("in the near future", "every Friday") or one that cannot be
resolved (no article date for "next month"; a date past the calendar's ends,
"next month" on 9999-12-31) gives ``when`` None: a date is never invented and
never raises. Seasons are the northern meteorological ones (spring is March to
May; winter ``2024-WI`` is December 2024 to February 2025); a fiscal year is the
U.S. federal one (FY2024 runs from 1 October 2023 to 30 September 2024).
``benchmarks/dates_eval.py`` scores this resolver and ``dateparser`` on the
labelled set in ``tests/data/dates/``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from briefer.text.dates.patterns import AHEAD_WORDS, BACK_WORDS, DATE_RE, MONTHS, WEEKDAYS
from briefer.text.dates.resolve import RESOLVERS
from briefer.text.dates.tense import Tense, sentence_tense
from briefer.text.dates.timex import Span, describe_when, format_when, when_bounds

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "DateMention",
    "Tense",
    "dates_in",
    "describe_when",
    "find_dates",
    "format_when",
    "sentence_tense",
    "when_bounds",
]

# --- The result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DateMention:
    """A time expression in a sentence, resolved against the article's date.

    ``when`` is its TIMEX3 value, None when the expression is vague ("in the
    near future") or cannot be resolved (no article date for "next month", no
    year for "May 3"). ``first`` and ``last`` are the days it covers.
    ``backward`` says the words themselves point back ("last month", "since
    1985", "two weeks ago"). ``kind`` names the pattern ("day", "weekday",
    "quarter", ...); ``tense`` is how the sentence was read for an expression
    that leaves its direction open (None: no verb to go by, or not needed).
    """

    text: str
    start: int
    end: int
    when: str | None
    first: dt.date | None
    last: dt.date | None
    backward: bool
    kind: str = "day"
    tense: Tense | None = None


_KIND_NAMES = {
    "iso": "day", "weekof": "week", "mdr": "day-range", "dmr": "day-range", "md": "day",
    "dm": "day", "mrel": "month", "my": "month", "mon": "month", "fiscal": "fiscal-year",
    "quarter": "quarter", "qn": "quarter", "months": "quarter", "half": "half", "hn": "half",
    "season": "season",
    "decade": "decade", "century": "century", "yra": "year-range", "yrb": "year-range",
    "endof": "relative", "rel": "relative", "wkend": "weekend", "within": "relative",
    "ago": "relative", "vague": "vague", "day": "relative-day", "wd": "weekday", "year": "year",
}  # fmt: skip


def find_dates(text: str, anchor: dt.date | None) -> list[DateMention]:
    """Every time expression in ``text`` (one sentence), resolved against ``anchor``.

    ``anchor`` is the article's date; without it only expressions that carry
    their year resolve. The direction of an under-specified date comes from
    the sentence itself (``sentence_tense``).
    """
    found = []
    for match in DATE_RE.finditer(text):
        kind = match.lastgroup
        assert kind is not None
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        words = " ".join(match.group(0).split())
        backward = bool(BACK_WORDS.search(words))
        tense = _expression_tense(words, kind) or sentence_tense(text, match.start(), match.end())
        span = _safely(kind, groups, anchor, tense, words, text)
        leading = len(match.group(0)) - len(match.group(0).lstrip())
        found.append(
            DateMention(
                text=match.group(0).strip(),
                start=match.start() + leading,
                end=match.end(),
                when=span.value if span else None,
                first=span.first if span else None,
                last=span.last if span else None,
                backward=backward,
                kind=_kind_name(kind, groups),
                tense=tense,
            )
        )
    return found


#: Distinct (sentence, anchor) pairs whose dates are kept: a day repeats its wire copy.
DATES_CACHED = 1 << 15


@lru_cache(maxsize=DATES_CACHED)
def dates_in(text: str, anchor: dt.date | None) -> tuple[DateMention, ...]:
    """``find_dates``, once per distinct sentence and anchor, as a tuple no caller can
    change: the events read a sentence's dates and the timeline reads them again."""
    return tuple(find_dates(text, anchor))


def _kind_name(kind: str, groups: dict[str, str]) -> str:
    if kind == "months" and groups["months_c"].lower() == "six":
        return "half"
    if kind in ("md", "dm", "mdr", "dmr") and not groups.get(f"{kind}_y"):
        return "month-day" if kind in ("md", "dm") else "day-range"
    if kind == "rel" and groups["rel_u"].lower() in ("week", "weekend"):
        return groups["rel_u"].lower()
    return _KIND_NAMES.get(kind, kind)


def _expression_tense(words: str, kind: str) -> Tense | None:
    """The direction the expression's own words give ("last Friday", "next spring")."""
    if kind in ("mrel", "iso", "my", "decade", "century", "yra", "yrb"):
        return None
    if BACK_WORDS.search(words):
        return "past"
    if AHEAD_WORDS.search(words) and not (kind == "mon" or kind == "year" or kind == "season"):
        return "future"  # "in October", "in 2024", "in the spring" leave it to the verb
    if re.match(r"(?i:next|coming|this\s+coming|the\s+coming|the\s+following)\b", words):
        return "future"
    return None


def _safely(
    kind: str,
    groups: dict[str, str],
    anchor: dt.date | None,
    tense: Tense | None,
    words: str,
    sentence: str,
) -> Span | None:
    """Resolve; a date off the calendar ("next month" on 9999-12-31) is no date."""
    try:
        return RESOLVERS[kind](groups, anchor, tense, words, sentence)
    except (ValueError, OverflowError, KeyError):
        return None
