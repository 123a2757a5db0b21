"""TIMEX3 values: the days each covers, and how a brief writes them for a reader."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from briefer.text.dates.patterns import SEASON_MONTHS


@dataclass(frozen=True)
class Span:
    first: dt.date
    last: dt.date
    value: str


def day_span(first: dt.date, last: dt.date) -> Span:
    value = first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"
    return Span(first, last, value)


def month_span(year: int, month: int) -> Span:
    return Span(dt.date(year, month, 1), month_end(year, month), f"{year:04d}-{month:02d}")


def year_span(year: int) -> Span:
    return Span(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year:04d}")


def week_span(day: dt.date, weekend: bool = False) -> Span:
    year, week, weekday = day.isocalendar()
    monday = day - dt.timedelta(days=weekday - 1)
    if weekend:
        return Span(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6),
                     f"{year:04d}-W{week:02d}-WE")  # fmt: skip
    return Span(monday, monday + dt.timedelta(days=6), f"{year:04d}-W{week:02d}")


def quarter_span(year: int, quarter: int) -> Span:
    first = dt.date(year, 3 * quarter - 2, 1)
    return Span(first, month_end(year, 3 * quarter), f"{year:04d}-Q{quarter}")


def half_span(year: int, half: int) -> Span:
    return Span(dt.date(year, 6 * half - 5, 1), month_end(year, 6 * half), f"{year:04d}-H{half}")


def season_span(year: int, season: str) -> Span:
    first_month, last_month = SEASON_MONTHS[season]
    last_year, last_month = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    first = dt.date(year, first_month, 1)
    return Span(first, month_end(last_year, last_month), f"{year:04d}-{season}")


def fiscal_span(year: int) -> Span:
    return Span(dt.date(year - 1, 10, 1), dt.date(year, 9, 30), f"FY{year:04d}")


def years_span(first: int, last: int) -> Span:
    return Span(dt.date(first, 1, 1), dt.date(last, 12, 31), f"{first:04d}/{last:04d}")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# --- Reading values back ------------------------------------------------------------------

_VALUE_RE = re.compile(
    r"(?P<fy>FY(?P<fy_y>\d{4}))"
    r"|(?P<week>(?P<week_y>\d{4})-W(?P<week_w>\d\d)(?P<week_we>-WE)?)"
    r"|(?P<part>(?P<part_y>\d{4})-(?P<part_p>Q[1-4]|H[12]|SP|SU|FA|WI))"
    r"|(?P<day>\d{4}-\d\d-\d\d)"
    r"|(?P<month>(?P<month_y>\d{4})-(?P<month_m>\d\d))"
    r"|(?P<year>\d{4})|(?P<decade>\d{3})|(?P<century>\d{2})"
)


def when_bounds(when: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day a TIMEX3 value covers (None for no date or a value off the calendar)."""
    if not when:
        return None
    try:
        if "/" in when:
            start, end = when.split("/", 1)
            first, last = _value_bounds(start), _value_bounds(end)
            return (first[0], last[1]) if first and last else None
        return _value_bounds(when)
    except (ValueError, OverflowError):
        return None


def _value_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    match = _VALUE_RE.fullmatch(value)
    if match is None:
        return None
    g = match.groupdict()
    if g["fy"]:
        span = fiscal_span(int(g["fy_y"]))
    elif g["week"]:
        monday = dt.date.fromisocalendar(int(g["week_y"]), int(g["week_w"]), 1)
        span = week_span(monday, weekend=bool(g["week_we"]))
    elif g["part"]:
        year, part = int(g["part_y"]), g["part_p"]
        if part[0] == "Q":
            span = quarter_span(year, int(part[1]))
        elif part[0] == "H":
            span = half_span(year, int(part[1]))
        else:
            span = season_span(year, part)
    elif g["day"]:
        day = dt.date.fromisoformat(g["day"])
        return day, day
    elif g["month"]:
        span = month_span(int(g["month_y"]), int(g["month_m"]))
    elif g["year"]:
        span = year_span(int(g["year"]))
    elif g["decade"]:
        decade = int(g["decade"])
        return dt.date(max(1, decade * 10), 1, 1), dt.date(decade * 10 + 9, 12, 31)
    else:
        century = int(g["century"])
        return dt.date(max(1, century * 100), 1, 1), dt.date(century * 100 + 99, 12, 31)
    return span.first, span.last


def format_when(first: dt.date | None, last: dt.date | None, granularity: str) -> str | None:
    """TIMEX3 text for a day, a range of days, a month or a year."""
    if first is None or last is None:
        return None
    if granularity == "year":
        return f"{first.year:04d}"
    if granularity == "month":
        return f"{first.year:04d}-{first.month:02d}"
    return day_span(first, last).value


_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}


def describe_when(when: str | None) -> str | None:
    """A reader's date: "12 December 2023", "7\u201311 February 2022", "October 2024",
    "week of 20 May 2024", "Q3 2024", "first half of 2024", "spring 2024", "the 1970s"."""
    bounds = when_bounds(when)
    if when is None or bounds is None:
        return None
    first, last = bounds
    if "/" in when:
        start, end = when.split("/", 1)
        if len(start) == len(end) == 4:
            return f"{start}\u2013{end}"
        if len(start) != 10 or len(end) != 10:
            return f"{describe_when(start)} \u2013 {describe_when(end)}"
    return _describe_single(when, first, last)


def _describe_single(when: str, first: dt.date, last: dt.date) -> str:
    if when.startswith("FY"):
        return f"fiscal year {when[2:]}"
    if re.fullmatch(r"\d{4}-W\d\d(?:-WE)?", when):
        kind = "weekend" if when.endswith("-WE") else "week"
        return f"{kind} of {first.day} {first:%B %Y}"
    if len(when) == 7 and when[5] in "QH":
        return (
            f"Q{when[6]} {when[:4]}"
            if when[5] == "Q"
            else (f"{'first' if when[6] == '1' else 'second'} half of {when[:4]}")
        )
    if len(when) == 7 and when[5:] in _SEASON_NAMES:
        return f"{_SEASON_NAMES[when[5:]]} {when[:4]}"
    if len(when) == 3:
        return f"the {when}0s"
    if len(when) == 2:
        number = int(when) + 1
        suffix = (
            "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        return f"the {number}{suffix} century"
    if len(when) == 4:
        return when
    if len(when) == 7:
        return f"{first:%B %Y}"
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}\u2013{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} \u2013 {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} \u2013 {last.day} {last:%B %Y}"
