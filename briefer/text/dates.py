"""Time expressions in news text, resolved against the article's own date.

"next month" in an article dated 2023-11-15 is 2023-12; "in October" on
2024-05-19 is 2024-10; "from February 7 to 11" on 2022-02-04 is
2022-02-07/2022-02-11. The result keeps the granularity the text gives: a
day "2024-10-03", a range "2022-02-07/2022-02-11", a month "2024-10", a year
"2024". A vague expression ("in the near future") or one that cannot be
resolved (no article date for "next month") gives None: a date is never
invented. ``benchmarks/outlook_eval.py --dateparser`` compares this resolver
with ``dateparser`` on the labelled set (docs/outlook.md has the figures).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# Month names are matched with their capital ("May", never the verb "may").
_M = (  # full names, or abbreviations with an optional dot ("Sept.", never "April.")
    r"(?:"
    + "|".join(
        name + (r"\b" if len(name) > 4 or name == "May" else r"\b\.?")
        for name in sorted(MONTHS, key=len, reverse=True)
    )
    + r")"
)
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_Y = r"(?:1[89]\d\d|20\d\d)\b"
_TO = r"\s*(?:-|\u2013|\u2014|(?i:to|through|until|till|and))\s*"
_LEAD = r"(?:(?i:on|from|between|in|during|by|until|since|for)\s+)?"
_UNIT = r"(?i:days?|weeks?|months?|years?)"
_COUNT = r"(?:\d+|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")\b"

_DATE_RE = re.compile(
    "|".join(
        [
            rf"(?P<mdr>{_LEAD}(?P<mdr_m>{_M})\s+(?P<mdr_d1>{_D}){_TO}(?:(?P<mdr_m2>{_M})\s+)?"
            rf"(?P<mdr_d2>{_D})(?:,?\s*(?P<mdr_y>{_Y}))?)",
            rf"(?P<dmr>{_LEAD}(?P<dmr_d1>{_D})(?:\s+(?P<dmr_m1>{_M}))?{_TO}(?P<dmr_d2>{_D})\s+"
            rf"(?P<dmr_m>{_M})(?:,?\s*(?P<dmr_y>{_Y}))?)",
            rf"(?P<md>{_LEAD}(?P<md_m>{_M})\s+(?P<md_d>{_D})(?!\d)(?:,?\s*(?P<md_y>{_Y}))?)",
            rf"(?P<dm>{_LEAD}(?i:the\s+)?(?P<dm_d>{_D})\s+(?i:of\s+)?(?P<dm_m>{_M})"
            rf"(?:,?\s*(?P<dm_y>{_Y}))?)",
            rf"(?P<my>{_LEAD}(?:(?i:early|late|mid)-?\s*)?(?P<my_m>{_M}),?\s+(?P<my_y>{_Y}))",
            rf"(?P<mon>(?P<mon_rel>(?i:in|during|by|until|since|from|before|after|early|late|mid"
            rf"|this|next|last|of))[\s-]+(?:(?i:early|late|mid)-?\s*)?(?P<mon_m>{_M})(?!\s*\d))",
            r"(?P<endof>(?i:(?:by|at|before|until|towards?)\s+the\s+end\s+of\s+(?:the|this)\s+)"
            r"(?P<endof_u>(?i:week|month|year)))",
            r"(?P<rel>(?P<rel_w>(?i:later\s+this|earlier\s+this|this\s+coming|this|next|last|"
            r"past|later\s+in\s+the|earlier\s+in\s+the|coming))\s+"
            r"(?P<rel_u>(?i:week|month|year|weekend))\b)",
            rf"(?P<within>(?P<within_w>(?i:in|within))\s+(?P<within_n>{_COUNT})\s+"
            rf"(?P<within_u>{_UNIT})(?P<within_t>\s+(?i:time|from\s+now))?)",
            rf"(?P<ago>(?P<ago_n>{_COUNT})\s+(?P<ago_u>{_UNIT})\s+(?i:ago))",
            r"(?P<vague>(?i:in\s+the\s+(?:near|coming|foreseeable|not\s+too\s+distant)\s+"
            r"(?:future|days|weeks|months)|in\s+the\s+next\s+few\s+(?:days|weeks|months)|"
            r"in\s+(?:a\s+few|several|coming)\s+(?:days|weeks|months)|soon|shortly))",
            r"(?P<day>(?i:the\s+day\s+after\s+tomorrow|tomorrow|tonight|today|yesterday))",
            rf"(?P<wd>(?P<wd_rel>(?i:next|this|last|on|coming)\s+)?(?P<wd_d>{_WEEKDAY}))",
            rf"(?P<year>(?P<year_rel>(?i:in|during|by|until|since|for|early|late|mid|before|"
            rf"after|of))[\s-]+(?P<year_y>{_Y}))",
        ]
    )
)
_PAST_WORDS = re.compile(r"^(?i:last|past|earlier|since|yesterday)\b|(?i:\bago)$")


@dataclass(frozen=True)
class DateMention:
    """A time expression in a sentence, resolved against the article's date.

    ``when`` is None when the expression is vague ("in the near future") or
    cannot be resolved (no article date for "next month", no year for "May 3").
    ``backward`` says the words themselves point back ("last month", "since
    1985", "two weeks ago").
    """

    text: str
    start: int
    end: int
    when: str | None
    first: dt.date | None
    last: dt.date | None
    backward: bool


def find_dates(text: str, anchor: dt.date | None, future: bool | None = True) -> list[DateMention]:
    """Every time expression in ``text``, resolved against ``anchor`` (the article's date).

    ``future`` picks the reading of a year-less date: True takes the next one
    (an event announced as coming), False the last one, None the nearest.
    """
    found = []
    for match in _DATE_RE.finditer(text):
        kind = match.lastgroup
        assert kind is not None
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        backward = bool(_PAST_WORDS.search(match.group(0).strip()))
        direction: bool | None = False if backward else future
        first, last, granularity = _resolve(kind, groups, anchor, direction)
        found.append(
            DateMention(
                text=match.group(0).strip(),
                start=match.start(),
                end=match.end(),
                when=format_when(first, last, granularity),
                first=first,
                last=last,
                backward=backward,
            )
        )
    return found


def format_when(first: dt.date | None, last: dt.date | None, granularity: str) -> str | None:
    """ISO text at the given granularity: day, range, month or year."""
    if first is None or last is None:
        return None
    if granularity == "year":
        return f"{first.year:04d}"
    if granularity == "month":
        return f"{first.year:04d}-{first.month:02d}"
    if first == last:
        return first.isoformat()
    return f"{first.isoformat()}/{last.isoformat()}"


def when_bounds(when: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day an ISO ``when`` covers (None for no date)."""
    if not when:
        return None
    if "/" in when:
        first, last = when.split("/", 1)
        return dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if len(when) == 4:
        year = int(when)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if len(when) == 7:
        year, month = int(when[:4]), int(when[5:])
        return dt.date(year, month, 1), _month_end(year, month)
    day = dt.date.fromisoformat(when)
    return day, day


_Resolved = tuple[dt.date | None, dt.date | None, str]


def _resolve(
    kind: str, g: dict[str, str], anchor: dt.date | None, future: bool | None
) -> _Resolved:
    if kind in ("mdr", "dmr", "md", "dm"):
        return _resolve_days(kind, g, anchor, future)
    if kind in ("my", "mon", "year"):
        return _resolve_months(kind, g, anchor, future)
    return _resolve_relative(kind, g, anchor, future)


def _resolve_days(
    kind: str, g: dict[str, str], anchor: dt.date | None, future: bool | None
) -> _Resolved:
    month = _month(g[f"{kind}_m"])
    if kind in ("md", "dm"):
        day1 = day2 = _day(g[f"{kind}_d"])
        month1 = month
    else:
        day1, day2 = _day(g[f"{kind}_d1"]), _day(g[f"{kind}_d2"])
        if kind == "mdr":
            month1, month = month, _month(g.get("mdr_m2", g["mdr_m"]))
        else:
            month1 = _month(g.get("dmr_m1", g["dmr_m"]))
    year_text = g.get(f"{kind}_y")

    def span(year: int) -> tuple[dt.date, dt.date] | None:
        try:
            first = dt.date(year, month1, day1)
            last = dt.date(year + (month < month1), month, day2)
        except ValueError:
            return None
        return (first, last) if last >= first else None

    if year_text:
        dates = span(int(year_text))
    elif anchor is None:
        return None, None, "day"
    else:
        dates = _pick_year(span, anchor, future)
    return (dates[0], dates[1], "day") if dates else (None, None, "day")


def _resolve_months(
    kind: str, g: dict[str, str], anchor: dt.date | None, future: bool | None
) -> _Resolved:
    if kind == "year":
        year = int(g["year_y"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    month = _month(g[f"{kind}_m"])

    def span(year: int) -> tuple[dt.date, dt.date]:
        return dt.date(year, month, 1), _month_end(year, month)

    if kind == "my":
        first, last = span(int(g["my_y"]))
        return first, last, "month"
    if anchor is None:
        return None, None, "month"
    relation = g["mon_rel"].lower()
    if relation == "next":
        future = True
    elif relation in ("last", "since"):
        future = False
    dates = _pick_year(span, anchor, future)
    return (dates[0], dates[1], "month") if dates else (None, None, "month")


_Span = tuple[dt.date, dt.date]


def _pick_year(
    span: Callable[[int], _Span | None], anchor: dt.date, future: bool | None
) -> _Span | None:
    """The reading of a year-less date that fits the tense.

    Coming: the first reading that ends no more than two weeks before the
    article (a date a few days back is a past reference, "their May 15
    meeting", or a stale report, not an event a year ahead). Past: the last
    reading that starts no later than a week after it. Otherwise the nearest.
    """
    readings: list[_Span] = [
        r for r in (span(anchor.year + k) for k in (-1, 0, 1)) if r is not None
    ]
    if not readings:
        return None
    grace = dt.timedelta(days=14)
    if future is True:
        return next((r for r in readings if r[1] >= anchor - grace), readings[-1])
    if future is False:
        return next(
            (r for r in reversed(readings) if r[0] <= anchor + dt.timedelta(days=7)), readings[0]
        )
    return min(readings, key=lambda r: min(abs((r[0] - anchor).days), abs((r[1] - anchor).days)))


def _resolve_relative(
    kind: str, g: dict[str, str], anchor: dt.date | None, future: bool | None
) -> _Resolved:
    if anchor is None or kind == "vague":
        return None, None, "day"
    if kind == "day":
        word = " ".join(g["day"].lower().split())
        offset = {"yesterday": -1, "tomorrow": 1, "the day after tomorrow": 2}.get(word, 0)
        day = anchor + dt.timedelta(days=offset)
        return day, day, "day"
    if kind == "wd":
        return _resolve_weekday(g, anchor, future)
    if kind in ("within", "ago"):
        return _resolve_count(kind, g, anchor)
    if kind == "endof":
        return _relative_unit(g["endof_u"].lower(), 0, anchor, later=True)
    words = " ".join(g["rel_w"].lower().split())
    unit = g["rel_u"].lower()
    shift = {"next": 1, "coming": 1, "this coming": 1, "last": -1, "past": -1}.get(words, 0)
    if unit == "week" and words in ("coming", "this coming"):
        shift = 0 if words == "coming" else 1
    return _relative_unit(unit, shift, anchor, later=words.startswith("later"))


def _relative_unit(unit: str, shift: int, anchor: dt.date, later: bool) -> _Resolved:
    if unit == "year":
        year = anchor.year + shift
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if unit == "month":
        year, month = divmod(anchor.year * 12 + anchor.month - 1 + shift, 12)
        return dt.date(year, month + 1, 1), _month_end(year, month + 1), "month"
    monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=shift)
    if unit == "weekend":
        return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "day"
    first = max(monday, anchor + dt.timedelta(days=1)) if later and shift == 0 else monday
    last = monday + dt.timedelta(days=6)
    return min(first, last), last, "day"


def _resolve_weekday(g: dict[str, str], anchor: dt.date, future: bool | None) -> _Resolved:
    target = WEEKDAYS.index(g["wd_d"])
    relation = (g.get("wd_rel") or "").strip().lower()
    ahead = (target - anchor.weekday()) % 7
    if relation == "last" or (future is False and relation != "next"):
        back = (anchor.weekday() - target) % 7 or (7 if relation == "last" else 0)
        day = anchor - dt.timedelta(days=back)
    elif relation == "next":
        day = anchor + dt.timedelta(days=ahead or 7)
    elif future is None and ahead > 3:
        day = anchor - dt.timedelta(days=7 - ahead)
    else:
        day = anchor + dt.timedelta(days=ahead)
    return day, day, "day"


def _resolve_count(kind: str, g: dict[str, str], anchor: dt.date) -> _Resolved:
    count_text = g[f"{kind}_n"].lower()
    count = int(count_text) if count_text.isdigit() else _NUMBERS[count_text]
    unit = g[f"{kind}_u"].lower().rstrip("s")
    sign = -1 if kind == "ago" else 1
    if unit in ("day", "week"):
        day = anchor + dt.timedelta(days=sign * count * (7 if unit == "week" else 1))
        if kind == "within":
            return (anchor, day, "day") if g["within_w"].lower() == "within" else (day, day, "day")
        return day, day, "day"
    if unit == "month":
        return _relative_unit("month", sign * count, anchor, later=False)
    return _relative_unit("year", sign * count, anchor, later=False)


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".")]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def describe_when(when: str | None) -> str | None:
    """A reader's date: "12 December 2023", "7\u201311 February 2022", "October 2024", "2024"."""
    bounds = when_bounds(when)
    if when is None or bounds is None:
        return None
    first, last = bounds
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
