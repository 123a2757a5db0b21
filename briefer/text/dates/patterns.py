"""The patterns of time expressions in English news text, one named group per kind."""

from __future__ import annotations

import re

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
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "final": 4, "last": 4,
    "latter": 2,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}

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
_COUNT = r"(?:\d+|(?i:" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r"))"
_ORDINAL = r"(?:\d{1,2}(?:st|nd|rd|th)|(?i:" + "|".join(sorted(ORDINALS, key=len, reverse=True))
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

#: "for" starts a month only after a word of scheduling ("slated for August"), never in
#: "voted for May" or "for March's meeting".
_SCHEDULED_FOR = (
    "(?:"
    + "|".join(
        rf"(?<=\b{word}\s)"
        for word in ("scheduled", "slated", "planned", "set", "due", "pencilled", "penciled",
                     "earmarked", "targeted", "timed", "booked", "rescheduled", "expected")
    )
    + r")(?i:for)"
)  # fmt: skip

#: "and"/"or" start a month right after another: "in July and August", "in June or July".
_AFTER_A_MONTH = "(?:" + "|".join(rf"(?<=\b{name}\s)" for name in MONTHS) + r")(?:and|or)"

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
    r"(?P<months>(?i:the\s+)?(?P<months_n>(?i:first|last|final))\s+(?P<months_c>(?i:three|six))"
    r"\s+(?i:months)" + _OF_YEAR.format(p="months") + ")",
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
    rf"(?P<mon>(?P<mon_rel>{_SCHEDULED_FOR}|{_AFTER_A_MONTH}|\b(?i:in|during|by|until|till|through|since|from|before|after|"
    r"early|late|mid|this|next|last|of|the\s+previous|the\s+following|this\s+past|"
    r"this\s+coming|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of))"
    rf"[\s-]+{_MOD}(?P<mon_m>{_M})(?!\.?\s*\d))",
    rf"(?P<year>(?:(?P<year_rel>\b(?i:in|during|by|until|till|since|for|from|early|late|mid|"
    r"before|after|of|through|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|"
    r"the\s+middle\s+of)[\s-]+)|(?<![\d$\u00a3\u20ac.,:/#\u2013-]))"
    rf"(?P<year_y>{_Y})(?![\d,.]\d|\s*[-\u2013\u2014/]\s*\d\d|\s*%|\s*(?:{_NOT_A_YEAR})\b|:\d))",
]
DATE_RE = re.compile("|".join(_PATTERNS))
BACK_WORDS = re.compile(
    r"^(?i:last|past|the\s+past|earlier|since|yesterday|previous|the\s+previous|this\s+past|"
    r"the\s+day\s+before)\b|(?i:\bago)$"
)
AHEAD_WORDS = re.compile(
    r"^(?i:next|the\s+next|coming|the\s+coming|this\s+coming|following|the\s+following|later|"
    r"tomorrow|the\s+day\s+after|in|within)\b"
)
