"""Datelines and wire credits at the head of an article: "MOSCOW (Reuters) - ", "(CNN)".

Wire copy opens with where it was filed and who filed it ("WASHINGTON (AP) _ ",
"New Delhi, India (CNN)", "BEIJING, March 3 (Xinhua) -- ", "NEW YORK — "). They are
not part of the first sentence: left in, a brief item reads "(CNN)The last time...",
and in a 100-word summary every lead sentence spends three or four words on them.
``dateline_length`` says how many characters of a first paragraph they take, so the
segmenter starts the first sentence after them; the article's text is left as it is.

The rules favour precision: a parenthesis is a credit only when it names a known
agency, is written in capitals or runs straight into the next word ("(CNN)The"), so
"(Almost) Everyone..." stays a sentence; a place in capitals before a dash counts
only when it is a known place, several words, followed by its region, or before a
wire dash ("_", "--"), so "NATO — the alliance..." stays too. Measured on labelled
first paragraphs in ``benchmarks/datelines.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Agencies and outlets that credit wire copy in parentheses.
KNOWN_CREDITS = frozenset(
    (
        "ap",
        "afp",
        "reuters",
        "upi",
        "xinhua",
        "bloomberg",
        "efe",
        "dpa",
        "ansa",
        "kyodo",
        "kyodo news",
        "yonhap",
        "tass",
        "itar-tass",
        "ria novosti",
        "interfax",
        "pti",
        "ians",
        "ani",
        "bbc",
        "cnn",
        "cnnmoney",
        "voa",
        "rfe/rl",
        "anadolu",
        "bernama",
        "antara",
        "the hollywood reporter",
        "ew.com",
        "people.com",
        "rolling stone",
        "mashable",
        "wired",
        "variety",
    )
)

_PLACE_WORD = r"[A-Z][\w.'’/-]*"  # "LUXEMBOURG/BRUSSELS"
_CAPS_WORD = r"[A-Z][A-Z.'’/-]+"
_MONTH_DAY = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}"
_DASH = r"(?:—|–|--|-|_)"
#: After a place in capitals: a dash, spaced or not, or a colon ("NEW DELHI: ").
_CAPITALS_DASH = r"(?:\s*(?:—|–)\s*|\s+(?P<wire>--|_)\s+|\s+-\s+|:\s+)"
#: An optional place in title case, an optional date, then a credit in parentheses.
_CREDITED = re.compile(
    rf"(?P<place>(?:{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}}"
    rf"(?:, {_PLACE_WORD}(?: {_PLACE_WORD}){{0,2}}){{0,2}}(?:, {_MONTH_DAY})? )?)"
    rf"(?P<date>{_MONTH_DAY} )?"  # "April 12 (Reuters) - ": the date alone
    r"\((?P<credit>[^()\n]{1,40})\)"
    rf"(?P<gap>\s*(?:{_DASH}\s+)?)"
)
#: A place in capitals, its region and date optional, then a dash: "PHNOM PENH, Cambodia _ ".
_CAPITALS = re.compile(
    rf"(?P<place>{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}})"
    rf"(?P<region>(?:, {_PLACE_WORD}(?: {_PLACE_WORD}){{0,2}}){{0,2}})"
    rf"(?:, {_MONTH_DAY})?"
    rf"{_CAPITALS_DASH}"
)
#: What a sentence can open with once its dateline is off.
_OPENING = re.compile(r"[\"“‘'(\[]?[A-Z0-9]")


def dateline_length(paragraph: str) -> int:
    """How many characters at the head of an article's first paragraph are a dateline or
    a wire credit (0 when there is none); white space before it counts with it."""
    lead = paragraph[:120]
    indent = len(lead) - len(lead.lstrip())
    head = paragraph[indent : indent + 120]
    for match in (_credited(head), _capitals(head)):
        if match and _OPENING.match(paragraph, indent + match):
            return indent + match
    return 0


def _credited(head: str) -> int:
    match = _CREDITED.match(head)
    if not match:
        return 0
    credit = match["credit"].strip()
    runs_on = not match["gap"]
    if not (
        credit.lower() in KNOWN_CREDITS or credit.isupper() or (runs_on and credit[:1].isupper())
    ):
        return 0
    place = match["place"].strip()
    if place and not _is_place(place):
        return 0
    return match.end()


def _is_place(text: str) -> bool:
    """A dateline's place: in capitals ("WASHINGTON"), a known place, or "Town, Region"."""
    first = text.split(",")[0].strip()
    return first.isupper() or "," in text or first.title() in _places_titled()


def _capitals(head: str) -> int:
    match = _CAPITALS.match(head)
    if not match:
        return 0
    place = match["place"]
    if len(re.sub(r"[^A-Z]", "", place)) < 3:
        return 0
    # "_" and "--" stand for a dash only in wire copy: there a lone word in capitals is a place.
    if " " in place or match["region"] or match["wire"] or place.title() in _places_titled():
        return match.end()
    return 0


@lru_cache(maxsize=1)
def _places_titled() -> frozenset[str]:
    from briefer.text.entities import known_places  # entities imports the segmenter

    return frozenset(name.title() for name in known_places())
