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

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

Tense = Literal["past", "future"]

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
    "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "final": 4, "last": 4,
    "latter": 2,
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}

# --- The patterns -------------------------------------------------------------------------

# Month names are matched with their capital ("May", never the verb "may"; never "May's").
_M = (  # full names, or abbreviations with an optional dot ("Sept.", never "April.")
    r"(?:"
    + "|".join(
        name + (r"\b(?![’']s)" if name == "May" else r"\b" if len(name) > 4 else r"\b\.?")
        for name in sorted(MONTHS, key=len, reverse=True)
    )
    + r")"
)
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_Y = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_TO = r"\s*(?:-|\u2013|\u2014|(?i:to|through|thru|until|till|and))\s*"
_LEAD = (
    r"(?:\b(?i:on|from|between|in|during|by|until|till|through|since|for|before|after|of|"
    r"as\s+of|starting|beginning|ending|effective|from)\s+)?"
)
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")\b"
_ON_WEEKDAY = rf"(?:{_WEEKDAY},?\s+)?"  # "Friday, Feb. 28"
_UNIT = r"(?i:days?|weeks?|months?|years?)"
_COUNT = r"(?:\d+|(?i:" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r"))"
_ORDINAL = r"(?:\d{1,2}(?:st|nd|rd|th)|(?i:" + "|".join(sorted(_ORDINALS, key=len, reverse=True))
_ORDINAL += r"))"
_ORD4 = r"(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
_MOD = r"(?:(?i:early|late|mid)-?\s*)?"
_OF_YEAR = (  # "of 2023", "of the year", "of last year", ", 2023"
    r"(?:\s+(?i:of)\s+(?:(?P<{p}_y>" + _Y + r")|(?i:the\s+(?:current\s+)?year)|"
    r"(?P<{p}_w>(?i:last|next|this))\s+(?i:year))|,?\s+(?P<{p}_y2>" + _Y + r"))"
)
_NOT_A_YEAR = (  # "2000 people", "1500 GMT", "1999 percent"
    r"people|persons|troops|soldiers|workers|jobs|employees|staff|students|children|residents|"
    r"refugees|migrants|votes|voters|km|kilometres|kilometers|miles|metres|meters|feet|ft|"
    r"tons|tonnes|barrels|units|cases|deaths|homes|houses|cars|vehicles|dollars|euros|pounds|"
    r"yuan|rupees|points|calories|hours|minutes|acres|hectares|members|delegates|officers|"
    r"police|flights|passengers|rounds|shares|copies|words|pages|times|GMT|BST|EST|EDT|UTC|"
    r"hrs|local\s+time|percent|per\s+cent"
)
_RELATIVE_WORDS = (
    r"later\s+this|earlier\s+this|this\s+coming|this\s+past|this|next|last|past|coming|"
    r"the\s+coming|the\s+previous|the\s+following|the\s+next|the\s+past|previous|following|"
    r"later\s+in\s+the|earlier\s+in\s+the|(?:late|early|mid-?)\s*(?:last|next|this)|"
    r"the\s+current|current"
)

_PATTERNS = [
    r"(?P<iso>\b(?P<iso_y>\d{4})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])\b)",
    rf"(?P<weekof>\b(?i:the\s+)?(?i:week)\s+of\s+(?P<weekof_m>{_M})\s+(?P<weekof_d>{_D})"
    rf"(?:,?\s*(?P<weekof_y>{_Y}))?)",
    rf"(?P<mdr>{_LEAD}{_ON_WEEKDAY}(?P<mdr_m>{_M})\s+(?P<mdr_d1>{_D}){_TO}"
    rf"(?:(?P<mdr_m2>{_M})\s+)?(?P<mdr_d2>{_D})(?:,?\s*(?P<mdr_y>{_Y}))?)",
    rf"(?P<dmr>{_LEAD}(?P<dmr_d1>{_D})(?:\s+(?P<dmr_m1>{_M}))?{_TO}(?P<dmr_d2>{_D})\s+"
    rf"(?P<dmr_m>{_M})(?:,?\s*(?P<dmr_y>{_Y}))?)",
    rf"(?P<md>{_LEAD}{_ON_WEEKDAY}(?P<md_m>{_M})\s+(?P<md_d>{_D})(?!\d|:)"
    rf"(?:,?\s*(?P<md_y>{_Y}))?)",
    rf"(?P<dm>{_LEAD}{_ON_WEEKDAY}(?i:the\s+)?(?P<dm_d>{_D})\s+(?i:of\s+)?(?P<dm_m>{_M})"
    rf"(?:,?\s*(?P<dm_y>{_Y}))?)",
    rf"(?P<mrel>{_LEAD}(?P<mrel_m>{_M})(?:\s+(?i:of))?\s+(?P<mrel_w>(?i:last|this|next))\s+"
    rf"(?i:year)\b)",
    rf"(?P<my>{_LEAD}{_MOD}(?P<my_m>{_M}),?\s+(?i:of\s+)?(?P<my_y>{_Y}))",
    rf"(?P<fiscal>(?i:the\s+)?(?P<fiscal_w>(?i:this|next|last|current|previous|coming))\s+"
    rf"(?i:fiscal|financial)\s+(?i:year)\b|(?i:the\s+)?(?P<fiscal_y0>{_Y})\s+(?i:fiscal|financial)"
    rf"\s+(?i:year)\b|\b(?i:fiscal|financial)(?:\s+(?i:year))?\s+(?P<fiscal_y>{_Y}|['\u2019]\d\d\b)"
    r"|\bFY\s?(?P<fiscal_y2>(?:19|20)\d\d|\d\d)\b)",
    rf"(?P<quarter>(?i:the\s+)?(?P<quarter_n>{_ORD4})[\s-]+(?i:quarter)s?\b"
    rf"(?!\s+of\s+(?:the\s+)?(?:game|match|contest|century))"
    + _OF_YEAR.format(p="quarter")
    + r"?)",
    rf"(?P<qn>\bQ(?P<qn_n>[1-4])\b(?:\s*(?P<qn_y>{_Y}))?|\b(?P<qn_y1>{_Y})\s*Q(?P<qn_n1>[1-4])\b)",
    rf"(?P<half>(?i:the\s+)?(?P<half_n>(?i:first|second|1st|2nd|latter))[\s-]+(?i:half)\b"
    rf"(?:{_OF_YEAR.format(p='half')}|(?!\s+of\b)))",
    rf"(?P<hn>\bH(?P<hn_n>[12])\s*(?P<hn_y>{_Y}))",
    rf"(?P<season>(?:(?P<season_w>\b(?i:this\s+past|this\s+coming|this|last|next|the\s+coming|"
    r"the\s+previous|the\s+following|(?:in|during|over|by|until|since|for)\s+the|the|in|"
    rf"early|late|mid)[\s-]+){_MOD}(?P<season_s>(?i:spring|summer|autumn|fall|winter))\b"
    rf"(?:\s+(?i:of\s+)?(?P<season_y>{_Y}))?|(?P<season_s2>[Ss]pring|[Ss]ummer|[Aa]utumn|"
    rf"[Ww]inter|[Ff]all)\s+(?i:of\s+)?(?P<season_y2>{_Y})|(?P<season_y3>{_Y})\s+"
    r"(?P<season_s3>(?i:spring|summer|autumn|fall|winter))\b)"
    r"(?!\s+(?:of\s+(?!\d)|collection|school|break|semester|term|wheat|crops?|offensive|"
    r"camp|storm|olympics|games|session|meetings?\b)))",
    rf"(?P<decade>(?i:the\s+)?{_MOD}(?:(?P<decade_y>1[89]\d0|20\d0)|['\u2019](?P<decade_s>\d0))"
    r"['\u2019]?s\b)",
    rf"(?P<century>(?i:the\s+)?(?P<century_n>{_ORDINAL})[\s-]+(?i:century)\b)",
    rf"(?P<yra>\b(?i:between)\s+(?P<yra_1>{_Y})\s+(?i:and)\s+(?P<yra_2>{_Y}))",
    rf"(?P<yrb>(?:\b(?i:from|in|during|for|between|since|of|by|until|through)\s+)?(?<![\d$\u00a3\u20ac.,:/#-])"
    rf"(?P<yrb_1>{_Y})(?:\s*[-\u2013\u2014/]\s*|\s+(?i:to|through|until|till)\s+)"
    r"(?P<yrb_2>(?:1[89]|20)\d\d|\d\d)(?![\d-]|\.\d))",
    r"(?P<endof>(?:\b(?i:by|at|before|until|towards?|around|in|from|since|after|for)\s+)?"
    r"\b(?i:the\s+(?:end|start|beginning|middle|rest|close)\s+of\s+)"
    r"(?P<endof_w>(?i:the|this|next|last|the\s+current))\s+(?P<endof_u>(?i:week|month|year)))\b",
    rf"(?P<rel>\b(?P<rel_w>(?i:{_RELATIVE_WORDS}))\s+(?P<rel_u>(?i:week|month|year|weekend|"
    r"quarter))\b)",
    r"(?P<wkend>\b(?P<wkend_w>(?i:over\s+the|at\s+the|on\s+the|during\s+the|by\s+the|for\s+the|"
    r"the))\s+(?i:weekend)\b)",
    rf"(?P<within>\b(?P<within_w>(?i:in|within))\s+(?P<within_n>{_COUNT})\s+"
    rf"(?P<within_u>{_UNIT})\b(?P<within_t>\s+(?i:time|from\s+now))?)",
    rf"(?P<ago>\b(?P<ago_n>{_COUNT})\s+(?P<ago_u>{_UNIT})\s+(?i:ago)\b)",
    r"(?P<vague>\b(?i:in\s+the\s+(?:near|coming|foreseeable|not\s+too\s+distant)\s+"
    r"(?:future|days|weeks|months)|in\s+the\s+next\s+few\s+(?:days|weeks|months)|"
    r"in\s+(?:a\s+few|several|coming)\s+(?:days|weeks|months)|soon|shortly)\b)",
    r"(?P<day>\b(?i:the\s+day\s+after\s+tomorrow|the\s+day\s+before\s+yesterday|tomorrow|"
    r"tonight|today|yesterday|last\s+night|this\s+(?:morning|afternoon|evening)|"
    r"earlier\s+today|later\s+today)\b)",
    rf"(?P<wd>(?P<wd_rel>\b(?i:next|this\s+coming|this\s+past|this|last|on|coming|"
    r"the\s+previous|the\s+following|the\s+next|previous|following|by|until|till|since|from|"
    r"before|after|through|as\s+of|starting|every|late|early)\s+)?"
    rf"(?P<wd_d>{_WEEKDAY})(?:\s+(?i:morning|afternoon|evening|night))?)",
    rf"(?P<mon>(?P<mon_rel>\b(?i:in|during|by|until|till|through|since|from|before|after|"
    r"early|late|mid|this|next|last|of|the\s+previous|the\s+following|this\s+past|"
    r"this\s+coming|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of))"
    rf"[\s-]+{_MOD}(?P<mon_m>{_M})(?!\.?\s*\d))",
    rf"(?P<year>(?:(?P<year_rel>\b(?i:in|during|by|until|till|since|for|from|early|late|mid|"
    r"before|after|of|through|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|"
    r"the\s+middle\s+of)[\s-]+)|(?<![\d$\u00a3\u20ac.,:/#\u2013-]))"
    rf"(?P<year_y>{_Y})(?![\d,.]\d|\s*[-\u2013\u2014/]\s*\d\d|\s*%|\s*(?:{_NOT_A_YEAR})\b|:\d))",
]
_DATE_RE = re.compile("|".join(_PATTERNS))
_BACK_WORDS = re.compile(
    r"^(?i:last|past|the\s+past|earlier|since|yesterday|previous|the\s+previous|this\s+past|"
    r"the\s+day\s+before)\b|(?i:\bago)$"
)
_AHEAD_WORDS = re.compile(
    r"^(?i:next|the\s+next|coming|the\s+coming|this\s+coming|following|the\s+following|later|"
    r"tomorrow|the\s+day\s+after|in|within)\b"
)

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


@dataclass(frozen=True)
class _Span:
    first: dt.date
    last: dt.date
    value: str


_KIND_NAMES = {
    "iso": "day", "weekof": "week", "mdr": "day-range", "dmr": "day-range", "md": "day",
    "dm": "day", "mrel": "month", "my": "month", "mon": "month", "fiscal": "fiscal-year",
    "quarter": "quarter", "qn": "quarter", "half": "half", "hn": "half", "season": "season",
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
    for match in _DATE_RE.finditer(text):
        kind = match.lastgroup
        assert kind is not None
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        words = " ".join(match.group(0).split())
        backward = bool(_BACK_WORDS.search(words))
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


def _kind_name(kind: str, groups: dict[str, str]) -> str:
    if kind in ("md", "dm", "mdr", "dmr") and not groups.get(f"{kind}_y"):
        return "month-day" if kind in ("md", "dm") else "day-range"
    if kind == "rel" and groups["rel_u"].lower() in ("week", "weekend"):
        return groups["rel_u"].lower()
    return _KIND_NAMES.get(kind, kind)


def _expression_tense(words: str, kind: str) -> Tense | None:
    """The direction the expression's own words give ("last Friday", "next spring")."""
    if kind in ("mrel", "iso", "my", "decade", "century", "yra", "yrb"):
        return None
    if _BACK_WORDS.search(words):
        return "past"
    if _AHEAD_WORDS.search(words) and not (kind == "mon" or kind == "year" or kind == "season"):
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
) -> _Span | None:
    """Resolve; a date off the calendar ("next month" on 9999-12-31) is no date."""
    try:
        return _RESOLVERS[kind](groups, anchor, tense, words, sentence)
    except (ValueError, OverflowError, KeyError):
        return None


# --- Reading the tense --------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019][a-z]+)?")
_CLAUSE_END = re.compile(r"[;!?\n]|(?<=[a-z]{3})\.\s+(?=[A-Z])")
_MODALS = frozenset(
    "will shall would to 'll \u2019ll could should must can may might wo won't won\u2019t".split()
)
_FUTURE_WORDS = frozenset(
    "will shall would wo won't won\u2019t upcoming forthcoming planned scheduled slated "
    "rescheduled tomorrow soon expects expect forecasts predicts anticipates".split()
)
_AFTER_BE_FUTURE = frozenset(
    "to set due scheduled slated expected poised going planning preparing likely supposed "
    "planned about".split()
)
_PAST_WORDS = frozenset(
    "had did ago earlier previously yesterday recently already last former".split()
)
_SCHEDULE_VERBS = frozenset(  # present tense that speaks of a fixed plan: "the summit opens Monday"
    "begins starts opens ends closes meets visits arrives departs leaves expires resumes runs "
    "kicks convenes returns travels heads hosts faces plays launches reopens".split()
)
_IRREGULAR_PAST = frozenset(
    """said told met made took gave came went saw began won lost fell rose sold bought paid
    left led held sent spoke wrote brought thought found kept struck drew grew knew threw flew
    fled broke chose froze stole swore tore wore woke rode ran sang sat stood understood fought
    caught taught sought built felt heard meant shot spent slept became withdrew forgot got ate
    drove arose hung dealt laid lent bent swept wept dug stuck swung rang sprang shrank sank
    overtook undertook forgave overcame upheld withheld beat bore""".split()
)
_NOT_PAST_ED = frozenset(
    """need speed feed seed bleed breed proceed exceed succeed indeed hundred kindred sacred
    naked wicked bed shed wed red embed based related called detailed limited advanced
    concerned interested united unprecedented skilled talented aged beloved learned alleged
    proposed expected planned scheduled anticipated armed elected supposed bred greed weed
    deed creed freed heed""".split()
)
_AUXILIARIES = frozenset("was were is are am be been being has have had will would".split())
_POSTPONED = frozenset("postponed delayed deferred rescheduled pushed moved".split())


def sentence_tense(text: str, start: int, end: int) -> Tense | None:
    """Past or future, as the verb nearest ``text[start:end]`` in its clause reads.

    "said Friday": past; "will meet on Friday": future; "who was arrested in
    August, will appear in court on Friday": each date takes its own verb. A
    verb before the expression is preferred to one after it ("On Friday, the
    court sentenced him" still reads the verb after). None: no verb to go by.
    """
    clause_start = 0
    for boundary in _CLAUSE_END.finditer(text, 0, start):
        clause_start = boundary.end()
    after_end = _CLAUSE_END.search(text, end)
    clause_end = after_end.start() if after_end else len(text)
    before = [m.group(0) for m in _TOKEN.finditer(text, clause_start, start)]
    after = [m.group(0) for m in _TOKEN.finditer(text, end, clause_end)]
    first_word = _TOKEN.search(text, start, end)
    words = [*before, first_word.group(0) if first_word else "", *after]
    here = len(before)
    best: tuple[int, Tense] | None = None
    for index, _ in enumerate(words):
        if index == here:
            continue
        cue = _cue(words, index)
        if cue is None:
            continue
        distance = here - index if index < here else index - here + 3
        if best is None or distance < best[0]:
            best = (distance, cue)
    return best[1] if best else None


def _cue(words: Sequence[str], index: int) -> Tense | None:
    """The tense one word gives, read with the two words before and the one after it."""
    word = words[index]
    lower = word.lower().replace("\u2019", "'")
    previous = [w.lower() for w in words[max(0, index - 3) : index]]
    following = words[index + 1].lower() if index + 1 < len(words) else ""
    if lower in _FUTURE_WORDS or lower.endswith("'ll"):
        return "future"
    if lower == "going" and following == "to":
        return "future"
    if lower in ("is", "are", "am"):
        return "future" if following in _AFTER_BE_FUTURE or following.endswith("ing") else None
    if lower in ("was", "were"):
        return "future" if following in _AFTER_BE_FUTURE else "past"
    if lower in ("has", "have"):
        return "future" if following == "to" else "past"
    if lower in _PAST_WORDS:
        return "past"
    if lower in ("due", "set", "expected"):
        return "future" if following in ("to", "for", "on", "in") else None
    if lower in _SCHEDULE_VERBS:
        return "future"
    if lower in _POSTPONED and following in ("until", "to", "till"):
        return "future"
    if word != lower and index > 0:
        return None  # a capitalised word inside a clause is a name ("United", "Ted")
    past_form = lower in _IRREGULAR_PAST or (
        lower.endswith("ed") and len(lower) > 4 and lower not in _NOT_PAST_ED
    )
    if not past_form:
        return None
    if following == "by" and not set(previous[-2:]) & _AUXILIARIES:
        return None  # "the event co-hosted by the UN on March 16": a participle, no tense
    return _participle_tense(previous)


def _participle_tense(previous: Sequence[str]) -> Tense:
    """ "will be held", "to be signed", "is scheduled": ahead; "has been held", "held": past."""
    last = previous[-1] if previous else ""
    if last in ("be", "being"):
        return "future" if any(w in _MODALS for w in previous[:-1]) else "past"
    if last in _MODALS or last in ("is", "are", "am"):
        return "future"
    return "past"


# --- Resolving ----------------------------------------------------------------------------

#: A resolver takes the match's groups, the anchor, the tense, the expression and its sentence.
_Resolver = Callable[
    [dict[str, str], "dt.date | None", "Tense | None", str, str], "_Span | None"
]


def _day_span(first: dt.date, last: dt.date) -> _Span:
    value = first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"
    return _Span(first, last, value)


def _month_span(year: int, month: int) -> _Span:
    return _Span(dt.date(year, month, 1), _month_end(year, month), f"{year:04d}-{month:02d}")


def _year_span(year: int) -> _Span:
    return _Span(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year:04d}")


def _week_span(day: dt.date, weekend: bool = False) -> _Span:
    year, week, weekday = day.isocalendar()
    monday = day - dt.timedelta(days=weekday - 1)
    if weekend:
        return _Span(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6),
                     f"{year:04d}-W{week:02d}-WE")  # fmt: skip
    return _Span(monday, monday + dt.timedelta(days=6), f"{year:04d}-W{week:02d}")


def _quarter_span(year: int, quarter: int) -> _Span:
    first = dt.date(year, 3 * quarter - 2, 1)
    return _Span(first, _month_end(year, 3 * quarter), f"{year:04d}-Q{quarter}")


def _half_span(year: int, half: int) -> _Span:
    return _Span(dt.date(year, 6 * half - 5, 1), _month_end(year, 6 * half), f"{year:04d}-H{half}")


def _season_span(year: int, season: str) -> _Span:
    first_month, last_month = _SEASON_MONTHS[season]
    last_year, last_month = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    first = dt.date(year, first_month, 1)
    return _Span(first, _month_end(last_year, last_month), f"{year:04d}-{season}")


def _fiscal_span(year: int) -> _Span:
    return _Span(dt.date(year - 1, 10, 1), dt.date(year, 9, 30), f"FY{year:04d}")


def _years_span(first: int, last: int) -> _Span:
    return _Span(dt.date(first, 1, 1), dt.date(last, 12, 31), f"{first:04d}/{last:04d}")


def _choose(
    span: Callable[[int], _Span | None],
    anchor: dt.date,
    tense: Tense | None,
    back: int = 0,
    ahead: int = 0,
) -> _Span | None:
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


def _strictly(
    span: Callable[[int], _Span | None], anchor: dt.date, direction: str
) -> _Span | None:
    """ "last June": the last June wholly before the anchor; "next June": the first after."""
    readings = [r for r in (_try(span, anchor.year + k) for k in (-2, -1, 0, 1, 2)) if r]
    if direction == "last":
        return next((r for r in reversed(readings) if r.last < anchor), None)
    return next((r for r in readings if r.first > anchor), None)


def _try(span: Callable[[int], _Span | None], year: int) -> _Span | None:
    try:
        return span(year)
    except (ValueError, OverflowError):
        return None


def _distance(span: _Span, anchor: dt.date) -> int:
    if span.first <= anchor <= span.last:
        return 0
    return min(abs((span.first - anchor).days), abs((span.last - anchor).days))


def _resolve_iso(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span:
    day = dt.date(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]))
    return _day_span(day, day)


def _resolve_days(kind: str) -> _Resolver:
    def resolve(
        g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
    ) -> _Span | None:
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

        def span(year: int) -> _Span | None:
            first = dt.date(year, month1, day1)
            last = dt.date(year + (month < month1), month, day2)
            return _day_span(first, last) if last >= first else None

        year_text = g.get(f"{kind}_y")
        if year_text:
            return span(int(year_text))
        if anchor is None:
            return None
        return _choose(span, anchor, tense, back=14, ahead=7)

    return resolve


def _resolve_week_of(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    day = _resolve_days("md")({"md_m": g["weekof_m"], "md_d": g["weekof_d"],
                               **({"md_y": g["weekof_y"]} if "weekof_y" in g else {})},
                              anchor, tense, words, sentence)  # fmt: skip
    return _week_span(day.first) if day else None


def _resolve_month_relative(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    if anchor is None:
        return None
    shift = {"last": -1, "this": 0, "next": 1}[g["mrel_w"].lower()]
    return _month_span(anchor.year + shift, _month(g["mrel_m"]))


def _resolve_month_year(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span:
    return _month_span(int(g["my_y"]), _month(g["my_m"]))


def _resolve_month(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    if anchor is None:
        return None
    month = _month(g["mon_m"])
    relation = " ".join(g["mon_rel"].lower().split())
    if relation in ("this", "last", "next"):  # this year's, last year's, next year's
        return _month_span(anchor.year + {"this": 0, "last": -1, "next": 1}[relation], month)
    if relation in ("last", "next", "the previous", "the following", "this past", "this coming"):
        direction = "last" if relation in ("last", "the previous", "this past") else "next"
        return _strictly(lambda y: _month_span(y, month), anchor, direction)
    if relation == "since":
        tense = "past"
    return _choose(lambda y: _month_span(y, month), anchor, tense)


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
) -> _Span | None:
    text = g.get("fiscal_y") or g.get("fiscal_y0") or g.get("fiscal_y2")
    if text:
        digits = re.sub(r"\D", "", text)
        year = int(digits) if len(digits) == 4 else _two_digit_year(int(digits), anchor)
        return _fiscal_span(year)
    if anchor is None:
        return None
    return _fiscal_span(_fiscal_year_of(anchor) + _relative_direction(g["fiscal_w"]))


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
    span: Callable[[int, int], _Span],
    anchor: dt.date | None,
    tense: Tense | None,
    words: str,
    sentence: str,
) -> _Span | None:
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
) -> _Span | None:
    ordinal = g["quarter_n"].lower()
    named_year = any(k in g for k in ("quarter_y", "quarter_y2", "quarter_w")) or " of " in words
    if ordinal == "last" and not named_year and not words.lower().startswith("the"):
        return _shift_period(anchor, "quarter", -1)  # "last quarter": the one before this
    number = _ORDINALS.get(ordinal) or int(ordinal[0])
    return _period_of_year(g, "quarter", number, _quarter_span, anchor, tense, words, sentence)


def _resolve_q(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    number = int(g.get("qn_n") or g["qn_n1"])
    return _period_of_year(g, "qn", number, _quarter_span, anchor, tense, words, sentence)


def _resolve_half(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    ordinal = g["half_n"].lower()
    number = _ORDINALS.get(ordinal) or int(ordinal[0])
    return _period_of_year(g, "half", number, _half_span, anchor, tense, words, sentence)


def _resolve_h(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span:
    return _half_span(int(g["hn_y"]), int(g["hn_n"]))


def _shift_period(anchor: dt.date | None, unit: str, shift: int) -> _Span | None:
    if anchor is None:
        return None
    if unit == "quarter":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + shift
        return _quarter_span(index // 4, index % 4 + 1)
    if unit == "year":
        return _year_span(anchor.year + shift)
    if unit == "month":
        year, month = divmod(anchor.year * 12 + anchor.month - 1 + shift, 12)
        return _month_span(year, month + 1)
    day = anchor + dt.timedelta(weeks=shift)
    return _week_span(day, weekend=unit == "weekend")


def _resolve_season(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    name = (g.get("season_s") or g.get("season_s2") or g["season_s3"]).lower()
    season = _SEASONS[name]
    year_text = g.get("season_y") or g.get("season_y2") or g.get("season_y3")
    if year_text:
        return _season_span(int(year_text), season)
    if anchor is None:
        return None
    relation = " ".join((g.get("season_w") or "").lower().split())

    def span(year: int) -> _Span:
        return _season_span(year, season)

    if relation == "this":  # the season this year, or the winter under way in January
        current = _choose(span, anchor, None)
        return current if current and current.first <= anchor <= current.last else span(
            anchor.year
        )
    if relation in ("last", "the previous", "this past"):
        return _strictly(span, anchor, "last")
    if relation in ("next", "the following", "this coming", "the coming"):
        return _strictly(span, anchor, "next")
    if relation.startswith("since"):
        tense = "past"
    return _choose(span, anchor, tense)


def _resolve_decade(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span:
    if "decade_y" in g:
        year = int(g["decade_y"])
    else:
        digits = int(g["decade_s"])
        year = 2000 + digits if anchor and 2000 + digits <= anchor.year else 1900 + digits
    decade = year // 10
    return _Span(dt.date(year, 1, 1), dt.date(decade * 10 + 9, 12, 31), f"{decade:03d}")


def _resolve_century(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    text = g["century_n"].lower()
    number = int(re.sub(r"\D", "", text)) if text[0].isdigit() else _ORDINALS[text]
    if not 1 <= number <= 99:
        return None
    first_year = max(1, (number - 1) * 100)
    return _Span(
        dt.date(first_year, 1, 1), dt.date(number * 100 - 1, 12, 31), f"{number - 1:02d}"
    )


def _resolve_year_range(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
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
    return _years_span(first, second)


def _resolve_end_of(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    return _shift_period(anchor, g["endof_u"].lower(), _relative_direction(g["endof_w"]))


def _resolve_relative(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    unit = g["rel_u"].lower()
    relation = " ".join(g["rel_w"].lower().split())
    shift = _relative_direction(relation)
    if unit == "weekend" and anchor is not None and shift == 0 and anchor.weekday() == 6:
        return _week_span(anchor, weekend=True)
    return _shift_period(anchor, unit, shift)


def _resolve_weekend(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    """ "over the weekend": the last one in past reporting, the coming one otherwise."""
    if anchor is None:
        return None
    if tense == "past" and anchor.weekday() < 5:
        return _week_span(anchor - dt.timedelta(weeks=1), weekend=True)
    return _week_span(anchor, weekend=True)


def _resolve_count(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    if anchor is None:
        return None
    kind = "within" if "within_n" in g else "ago"
    count_text = g[f"{kind}_n"].lower()
    count = int(count_text) if count_text.isdigit() else _NUMBERS[count_text]
    unit = g[f"{kind}_u"].lower().rstrip("s")
    sign = -1 if kind == "ago" else 1
    if kind == "within" and g["within_w"].lower() == "within":
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
        return _day_span(anchor, anchor + dt.timedelta(days=days))
    if unit == "day":
        day = anchor + dt.timedelta(days=sign * count)
        return _day_span(day, day)
    return _shift_period(anchor, unit, sign * count)


def _resolve_vague(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> None:
    return None


def _resolve_day(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
    if anchor is None:
        return None
    word = words.lower()
    offset = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day after tomorrow": 2,
              "the day before yesterday": -2}.get(word, 0)  # fmt: skip
    day = anchor + dt.timedelta(days=offset)
    return _day_span(day, day)


def _resolve_weekday(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span | None:
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
    return _day_span(day, day)


def _resolve_year(
    g: dict[str, str], anchor: dt.date | None, tense: Tense | None, words: str, sentence: str
) -> _Span:
    return _year_span(int(g["year_y"]))


_RESOLVERS: dict[str, _Resolver] = {
    "iso": _resolve_iso,
    "weekof": _resolve_week_of,
    "mdr": _resolve_days("mdr"),
    "dmr": _resolve_days("dmr"),
    "md": _resolve_days("md"),
    "dm": _resolve_days("dm"),
    "mrel": _resolve_month_relative,
    "my": _resolve_month_year,
    "fiscal": _resolve_fiscal,
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


def _month_end(year: int, month: int) -> dt.date:
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
        span = _fiscal_span(int(g["fy_y"]))
    elif g["week"]:
        monday = dt.date.fromisocalendar(int(g["week_y"]), int(g["week_w"]), 1)
        span = _week_span(monday, weekend=bool(g["week_we"]))
    elif g["part"]:
        year, part = int(g["part_y"]), g["part_p"]
        if part[0] == "Q":
            span = _quarter_span(year, int(part[1]))
        elif part[0] == "H":
            span = _half_span(year, int(part[1]))
        else:
            span = _season_span(year, part)
    elif g["day"]:
        day = dt.date.fromisoformat(g["day"])
        return day, day
    elif g["month"]:
        span = _month_span(int(g["month_y"]), int(g["month_m"]))
    elif g["year"]:
        span = _year_span(int(g["year"]))
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
    return _day_span(first, last).value


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
    if "-W" in when:
        kind = "weekend" if when.endswith("-WE") else "week"
        return f"{kind} of {first.day} {first:%B %Y}"
    if len(when) == 7 and when[5] in "QH":
        return f"Q{when[6]} {when[:4]}" if when[5] == "Q" else (
            f"{'first' if when[6] == '1' else 'second'} half of {when[:4]}"
        )
    if len(when) == 7 and when[5:] in _SEASON_NAMES:
        return f"{_SEASON_NAMES[when[5:]]} {when[:4]}"
    if len(when) == 3:
        return f"the {when}0s"
    if len(when) == 2:
        number = int(when) + 1
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
            number % 10, "th"
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
