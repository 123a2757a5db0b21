"""Resolvers: one per pattern, from the matched words, the anchor and the tense to a value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from briefer.text.dates.patterns import MONTHS, NUMBERS, ORDINALS, SEASONS, WEEKDAYS
from briefer.text.dates.tense import Tense
from briefer.text.dates.timex import (
    Span,
    day_span,
    fiscal_span,
    half_span,
    month_span,
    quarter_span,
    season_span,
    week_span,
    year_span,
    years_span,
)

# --- Resolving ----------------------------------------------------------------------------

#: A resolver takes the match's groups, the anchor, the tense, the expression and its sentence.
Resolver = Callable[[dict[str, str], "dt.date | None", "Tense | None", str, str], "Span | None"]


def _choose(
    span: Callable[[int], Span | None],
    anchor: dt.date,
    tense: Tense | None,
    back: int = 0,
    ahead: int = 0,
) -> Span | None:
    """The reading of a year-less expression (in the anchor's year, or one either side)
    that fits the tense.

    Coming: the first reading that ends no more than ``back`` days before the
    anchor. Past: the last that starts no more than ``ahead`` days after it.
    Otherwise the reading that holds the anchor, or the nearest. For a day,
    ``back`` is two weeks (a date a few days back in a future sentence is a
    past reference, "their May 15 meeting", not an event a year ahead) and
    ``ahead`` one week.
    """
    readings = [r for r in (_try(span, anchor.year + k) for k in (-1, 0, 1)) if r is not None]
    if not readings:
        return None
    if tense == "future":
        limit = anchor - dt.timedelta(days=back)
        return next((r for r in readings if r.last >= limit), readings[-1])
    if tense == "past":
        limit = anchor + dt.timedelta(days=ahead)
        return next((r for r in reversed(readings) if r.first <= limit), readings[0])
    return min(readings, key=lambda r: _distance(r, anchor))


def _strictly(span: Callable[[int], Span | None], anchor: dt.date, direction: str) -> Span | None:
    """ "last June": the last June wholly before the anchor; "next June": the first after."""
    readings = [r for r in (_try(span, anchor.year + k) for k in (-2, -1, 0, 1, 2)) if r]
    if direction == "last":
        return next((r for r in reversed(readings) if r.last < anchor), None)
    return next((r for r in readings if r.first > anchor), None)


def _try(span: Callable[[int], Span | None], year: int) -> Span | None:
    try:
        return span(year)
    except (ValueError, OverflowError):
        return None


def _distance(span: Span, anchor: dt.date) -> int:
    if span.first <= anchor <= span.last:
        return 0
    return min(abs((span.first - anchor).days), abs((span.last - anchor).days))


def _resolve_iso(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span:
    day = dt.date(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]))
    return day_span(day, day)


def _resolve_days(kind: str) -> Resolver:
    def resolve(
        g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
    ) -> Span | None:
        month = _month(g[f"{kind}_m"])
        if kind in ("md", "dm"):
            day1 = day2 = _day(g[f"{kind}_d"])
            month1 = month
        elif kind == "mdr":
            day1, day2 = _day(g["mdr_d1"]), _day(g["mdr_d2"])
            month1, month = month, _month(g.get("mdr_m2", g["mdr_m"]))
        else:
            day1, day2 = _day(g["dmr_d1"]), _day(g["dmr_d2"])
            month1 = _month(g.get("dmr_m1", g["dmr_m"]))

        def span(year: int) -> Span | None:
            first = dt.date(year, month1, day1)
            last = dt.date(year + (month < month1), month, day2)
            return day_span(first, last) if last >= first else None

        year_text = g.get(f"{kind}_y")
        if year_text:
            return span(int(year_text))
        if anchor is None:
            return None
        return _choose(span, anchor, tense, back=14, ahead=7)

    return resolve


def _resolve_week_of(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    day = _resolve_days("md")({"md_m": g["weekof_m"], "md_d": g["weekof_d"],
                               **({"md_y": g["weekof_y"]} if "weekof_y" in g else {})},
                              anchor, tense, words, sentence)  # fmt: skip
    return week_span(day.first) if day else None


def _resolve_month_relative(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    if anchor is None:
        return None
    shift = {"last": -1, "this": 0, "next": 1}[g["mrel_w"].lower()]
    return month_span(anchor.year + shift, _month(g["mrel_m"]))


def _resolve_month_year(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span:
    return month_span(int(g["my_y"]), _month(g["my_m"]))


def _resolve_month(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    if anchor is None:
        return None
    month = _month(g["mon_m"])
    relation = " ".join(g["mon_rel"].lower().split())
    if relation in ("this", "last", "next"):  # this year's, last year's, next year's
        return month_span(anchor.year + {"this": 0, "last": -1, "next": 1}[relation], month)
    if relation in ("last", "next", "the previous", "the following", "this past", "this coming"):
        direction = "last" if relation in ("last", "the previous", "this past") else "next"
        return _strictly(lambda y: month_span(y, month), anchor, direction)
    if relation == "since":
        tense = "past"
    return _choose(lambda y: month_span(y, month), anchor, tense)


def _relative_direction(words: str) -> int:
    """-1 for "last", "previous", "past"; 1 for "next", "coming", "following"; else 0."""
    lowered = words.lower()
    if re.search(r"\b(?:last|previous|past)\b", lowered):
        return -1
    if re.search(r"\b(?:next|following)\b|^(?:the\s+)?coming|this\s+coming", lowered):
        return 1
    return 0


def _fiscal_year_of(day: dt.date) -> int:
    return day.year + (day.month >= 10)


def _resolve_fiscal(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    text = g.get("fiscal_y") or g.get("fiscal_y0") or g.get("fiscal_y2")
    if text:
        digits = re.sub(r"\D", "", text)
        year = int(digits) if len(digits) == 4 else _two_digit_year(int(digits), anchor)
        return fiscal_span(year)
    if anchor is None:
        return None
    return fiscal_span(_fiscal_year_of(anchor) + _relative_direction(g["fiscal_w"]))


def _two_digit_year(digits: int, anchor: dt.date | None) -> int:
    """ "FY24", "fiscal '89": the year of that name nearest the anchor (2000s without one)."""
    base = anchor.year if anchor else 2000
    candidates = [century + digits for century in (1900, 2000, 2100)]
    return min(candidates, key=lambda y: (abs(y - base - 5), y))


_RESULTS = re.compile(r"(?i)\b(?:results|earnings|figures|reports?|reporting|data)\b")


def _period_of_year(
    g: dict[str, str],
    prefix: str,
    number: int,
    span: Callable[[int, int], Span],
    anchor: dt.date | None,
    tense: Tense | None,
    words: str,
    sentence: str,
) -> Span | None:
    """A quarter or a half: of the year named, else of the anchor's year read by tense."""
    year_text = g.get(f"{prefix}_y") or g.get(f"{prefix}_y2") or g.get(f"{prefix}_y1")
    if year_text:
        return span(int(year_text), number)
    if anchor is None:
        return None
    shift = g.get(f"{prefix}_w")
    if shift:
        return span(anchor.year + {"last": -1, "this": 0, "next": 1}[shift.lower()], number)
    if re.search(r"(?i)\bof\s+the\s+(?:current\s+)?year\b", words):
        return span(anchor.year, number)
    if tense is None:
        tense = "past"  # "third-quarter profit rose": results are reported after the quarter
    # "will report second-quarter earnings" in July: a quarter's results come after it ends.
    results = _RESULTS.search(sentence)
    return _choose(lambda y: span(y, number), anchor, tense, back=92 if results else 0)


def _resolve_quarter(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    ordinal = g["quarter_n"].lower()
    named_year = any(k in g for k in ("quarter_y", "quarter_y2", "quarter_w")) or " of " in words
    if ordinal == "last" and not named_year and not words.lower().startswith("the"):
        return _shift_period(anchor, "quarter", -1)  # "last quarter": the one before this
    number = ORDINALS.get(ordinal) or int(ordinal[0])
    return _period_of_year(g, "quarter", number, quarter_span, anchor, tense, words, sentence)


def _resolve_months(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    """ "the first three months of the year": Q1; "the last six months of 2023": 2023-H2."""
    first = g["months_n"].lower() == "first"
    if g["months_c"].lower() == "three":
        return _period_of_year(g, "months", 1 if first else 4, quarter_span, anchor, tense, words,
                               sentence)  # fmt: skip
    return _period_of_year(g, "months", 1 if first else 2, half_span, anchor, tense, words,
                           sentence)  # fmt: skip


def _resolve_q(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    number = int(g.get("qn_n") or g["qn_n1"])
    return _period_of_year(g, "qn", number, quarter_span, anchor, tense, words, sentence)


def _resolve_half(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    ordinal = g["half_n"].lower()
    number = ORDINALS.get(ordinal) or int(ordinal[0])
    return _period_of_year(g, "half", number, half_span, anchor, tense, words, sentence)


def _resolve_h(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span:
    return half_span(int(g["hn_y"]), int(g["hn_n"]))


def _shift_period(anchor: dt.date | None, unit: str, shift: int) -> Span | None:
    if anchor is None:
        return None
    if unit == "quarter":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + shift
        return quarter_span(index // 4, index % 4 + 1)
    if unit == "year":
        return year_span(anchor.year + shift)
    if unit == "month":
        year, month = divmod(anchor.year * 12 + anchor.month - 1 + shift, 12)
        return month_span(year, month + 1)
    day = anchor + dt.timedelta(weeks=shift)
    return week_span(day, weekend=unit == "weekend")


def _resolve_season(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    name = (g.get("season_s") or g.get("season_s2") or g["season_s3"]).lower()
    season = SEASONS[name]
    year_text = g.get("season_y") or g.get("season_y2") or g.get("season_y3")
    if year_text:
        return season_span(int(year_text), season)
    if anchor is None:
        return None
    relation = " ".join((g.get("season_w") or "").lower().split())

    def span(year: int) -> Span:
        return season_span(year, season)

    if relation == "this":  # the season this year, or the winter under way in January
        current = _choose(span, anchor, None)
        return current if current and current.first <= anchor <= current.last else span(anchor.year)
    if relation in ("last", "the previous", "this past"):
        return _strictly(span, anchor, "last")
    if relation in ("next", "the following", "this coming", "the coming"):
        return _strictly(span, anchor, "next")
    if relation.startswith("since"):
        tense = "past"
    return _choose(span, anchor, tense)


def _resolve_decade(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span:
    if "decade_y" in g:
        year = int(g["decade_y"])
    else:
        digits = int(g["decade_s"])
        year = 2000 + digits if anchor and 2000 + digits <= anchor.year else 1900 + digits
    decade = year // 10
    return Span(dt.date(year, 1, 1), dt.date(decade * 10 + 9, 12, 31), f"{decade:03d}")


def _resolve_century(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    text = g["century_n"].lower()
    number = int(re.sub(r"\D", "", text)) if text[0].isdigit() else ORDINALS[text]
    if not 1 <= number <= 99:
        return None
    first_year = max(1, (number - 1) * 100)
    return Span(dt.date(first_year, 1, 1), dt.date(number * 100 - 1, 12, 31), f"{number - 1:02d}")


def _resolve_year_range(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    prefix = "yra" if "yra_1" in g else "yrb"
    first = int(g[f"{prefix}_1"])
    second_text = g[f"{prefix}_2"]
    second = int(second_text)
    if len(second_text) == 2:
        second = first // 100 * 100 + second
        if second < first:
            second += 100
    if second <= first or second - first > 100:
        return None
    return years_span(first, second)


def _resolve_end_of(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    return _shift_period(anchor, g["endof_u"].lower(), _relative_direction(g["endof_w"]))


def _resolve_relative(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    unit = g["rel_u"].lower()
    relation = " ".join(g["rel_w"].lower().split())
    shift = _relative_direction(relation)
    if unit == "weekend" and anchor is not None and shift == 0 and anchor.weekday() == 6:
        return week_span(anchor, weekend=True)
    return _shift_period(anchor, unit, shift)


def _resolve_weekend(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    """ "over the weekend": the last one in past reporting, the coming one otherwise."""
    if anchor is None:
        return None
    if tense == "past" and anchor.weekday() < 5:
        return week_span(anchor - dt.timedelta(weeks=1), weekend=True)
    return week_span(anchor, weekend=True)


def _resolve_count(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    if anchor is None:
        return None
    kind = "within" if "within_n" in g else "ago"
    count_text = g[f"{kind}_n"].lower()
    count = int(count_text) if count_text.isdigit() else NUMBERS[count_text]
    unit = g[f"{kind}_u"].lower().rstrip("s")
    sign = -1 if kind == "ago" else 1
    if kind == "within" and g["within_w"].lower() == "within":
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
        return day_span(anchor, anchor + dt.timedelta(days=days))
    if unit == "day":
        day = anchor + dt.timedelta(days=sign * count)
        return day_span(day, day)
    return _shift_period(anchor, unit, sign * count)


def _resolve_vague(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> None:
    return None


def _resolve_day(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    if anchor is None:
        return None
    word = words.lower()
    offset = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day after tomorrow": 2,
              "the day before yesterday": -2}.get(word, 0)  # fmt: skip
    day = anchor + dt.timedelta(days=offset)
    return day_span(day, day)


def _resolve_weekday(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span | None:
    if anchor is None:
        return None
    target = WEEKDAYS.index(g["wd_d"])
    relation = " ".join((g.get("wd_rel") or "").lower().split())
    ahead = (target - anchor.weekday()) % 7
    back = (anchor.weekday() - target) % 7
    if relation == "every":
        return None
    if relation in ("last", "the previous", "previous", "this past"):
        day = anchor - dt.timedelta(days=back or 7)
    elif relation in ("next", "the following", "the next", "following", "this coming"):
        day = anchor + dt.timedelta(days=ahead or 7)
    elif relation == "since" or tense == "past":
        day = anchor - dt.timedelta(days=back)
    elif tense == "future" or relation in ("this", "coming", "by", "until", "till"):
        day = anchor + dt.timedelta(days=ahead)
    elif ahead <= 1:
        day = anchor + dt.timedelta(days=ahead)  # no verb: the nearer, the past on a tie
    else:
        day = anchor - dt.timedelta(days=back)
    return day_span(day, day)


def _resolve_year(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> Span:
    return year_span(int(g["year_y"]))


RESOLVERS: dict[str, Resolver] = {
    "iso": _resolve_iso,
    "weekof": _resolve_week_of,
    "mdr": _resolve_days("mdr"),
    "dmr": _resolve_days("dmr"),
    "md": _resolve_days("md"),
    "dm": _resolve_days("dm"),
    "mrel": _resolve_month_relative,
    "my": _resolve_month_year,
    "fiscal": _resolve_fiscal,
    "months": _resolve_months,
    "quarter": _resolve_quarter,
    "qn": _resolve_q,
    "half": _resolve_half,
    "hn": _resolve_h,
    "season": _resolve_season,
    "decade": _resolve_decade,
    "century": _resolve_century,
    "yra": _resolve_year_range,
    "yrb": _resolve_year_range,
    "endof": _resolve_end_of,
    "rel": _resolve_relative,
    "wkend": _resolve_weekend,
    "within": _resolve_count,
    "ago": _resolve_count,
    "vague": _resolve_vague,
    "day": _resolve_day,
    "wd": _resolve_weekday,
    "mon": _resolve_month,
    "year": _resolve_year,
}


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".")]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))
