"""Do two similar sentences report the same fact? Their names, places, numbers and dates say.

Word overlap alone cannot tell "Kritenbrink will travel to Cambodia and Laos
May 1-7" from "Kritenbrink will travel to Tokyo, Japan from March 10-12": the
template is the same, the event is not. A ``FactKey`` holds what pins a
sentence to one event -- the people and organisations it names, the places,
the numbers, the months, and whether it announces something to come -- and
two sentences *disagree* when each names something of one kind that the other
does not (each has a place the other lacks, each a number the other lacks).
A sentence that merely leaves a detail out (a highlight that drops the first
name, a restatement without the date) does not disagree: restatements keep
their recall, different events stay apart.

A plan and its later readout ("The Secretary will reaffirm our support..."
in February, "The Secretary again underscored the United States' support..."
in May) are two facts: a sentence that announces an event and one that does
not never agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefer.text.dates import MONTHS, WEEKDAYS
from briefer.text.entities import (
    TITLE_WORDS,
    NameRun,
    capitalised_runs,
    known_places,
    nationality_words,
)
from briefer.text.words import points_back, stop_words

#: Entities are read from the first characters only: the cost of a very long
#: "sentence" (a table row, a list run together) stays bounded.
MAX_CHARS = 1200

_NUMBER = re.compile(r"(?<![\w.])(?<![A-Za-z]-)\d[\d,]*(?:\.\d+)?")
_FUTURE = re.compile(
    r"\b(?:will|shall|to be held|is to|are to|is set to|are set to|plans? to|upcoming|"
    r"next (?:week|month|year)|later this (?:week|month|year)|tomorrow)\b",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(MONTHS) | frozenset(WEEKDAYS)
_MONTH_NAMES = tuple(m for m in MONTHS if m[0].isupper() and len(m) > 3 and m != "Sept")
#: Any of the month names as a whole word: one scan for all eleven (no name is a prefix of
#: another, and word-bounded matches cannot overlap, so ``findall`` finds every name present).
_MONTH_RE = re.compile(r"\b(?:" + "|".join(_MONTH_NAMES) + r")\b")
_MAY = re.compile(r"\bMay \d")
_MENTION_SPLIT = re.compile(r",\s*|\s+and\s+")


@dataclass(frozen=True)
class FactKey:
    """What ties a sentence to one event: names, places, numbers, months, future or not."""

    names: tuple[frozenset[str], ...]  # each mention as its name words ("Sergey", "Lavrov")
    strong: tuple[frozenset[str], ...]  # the names that are surely of someone: titled or full
    places: frozenset[str]
    numbers: frozenset[str]
    months: frozenset[str]
    future: bool  # announces something to come ("will", "upcoming", "next month")


@lru_cache(maxsize=65536)
def fact_key(text: str) -> FactKey:
    """The ``FactKey`` of one sentence (cached: a sentence is compared many times)."""
    text = text[:MAX_CHARS]
    gazetteer = known_places()
    demonyms = nationality_words()
    stops = stop_words()
    names: list[frozenset[str]] = []
    strong: list[frozenset[str]] = []
    places: set[str] = set()
    for run, part in _mentions(text):
        words = [w for w in part.split(" ") if w]
        found_place = False
        for size in range(len(words), 0, -1):
            for first in range(len(words) - size + 1):
                candidate = " ".join(words[first : first + size])
                if candidate in gazetteer:
                    places.add(candidate)
                    found_place = True
        if found_place and all(_is_place_word(w, gazetteer) for w in words):
            continue
        name = frozenset(
            w
            for w in (word.rstrip(".") for word in words)
            if w not in TITLE_WORDS
            and w not in demonyms
            and w not in _NOT_NAMES
            and w not in gazetteer
            and len(w) > 1
            and w.lower() not in stops
        )
        sentence_start = run.start <= 2 and len(words) == 1 and part == run.text
        if name and not sentence_start:
            names.append(name)
            if len(name) > 1 or len(words) > len(name):  # "Scott Morrison", "Mr Katter"
                strong.append(name)
    numbers = frozenset(n.replace(",", "") for n in _NUMBER.findall(text))
    months = frozenset(_MONTH_RE.findall(text))
    if _MAY.search(text):  # "May" is a month only before a day ("May 1"), else a verb
        months |= {"May"}
    return FactKey(
        names=tuple(names),
        strong=tuple(strong),
        places=frozenset(places),
        numbers=numbers,
        months=months,
        future=bool(_FUTURE.search(text)),
    )


def _mentions(text: str) -> list[tuple[NameRun, str]]:
    """Each capitalised run, split at "and" and commas: "Prime Minister Hun Sen and Foreign
    Minister Prak Sokhonn" names two people."""
    return [
        (run, part)
        for run in capitalised_runs(text)
        for part in _MENTION_SPLIT.split(run.text)
        if part
    ]


def _is_place_word(word: str, gazetteer: dict[str, bool]) -> bool:
    return word in gazetteer or word in _place_words()


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Every word of the gazetteer's names ("Democratic", "Congo", "South")."""
    return frozenset(word for name in known_places() for word in name.split(" "))


def agree(a: FactKey, b: FactKey) -> bool:
    """True unless the two keys point at different events (see the module docstring)."""
    if a.future != b.future and not a.numbers & b.numbers and not _share_a_name(a, b):
        return False  # a plan and a readout, unless both give the same date or person
    if _each_has_own(a.places, b.places) or _each_has_own(a.numbers, b.numbers):
        return False
    if _each_has_own(a.months, b.months):
        return False
    return not _names_differ(a, b)


#: Reports of one fact come out within days of each other. Articles dated further apart
#: (a plan in February, its readout in May) report one fact only when the sentences
#: share a name or a place as well: a page's date may be when it was scraped, not written.
DAYS_APART = 7


def same_event(a: FactKey, b: FactKey) -> bool:
    """Could two leads report one event: no one, no number and no month of its own on each side?

    Looser than ``agree``: two outlets' leads on one story may open on
    different places and tenses, rarely on different people or dates.
    """
    if _each_has_own(a.numbers, b.numbers) or _each_has_own(a.months, b.months):
        return False
    return not _names_differ(a, b)


_YEAR = re.compile(r"(?:19|20)\d\d")


def same_time(a: FactKey, b: FactKey) -> bool:
    """Could two leads dated weeks apart tell of one time? Not when one names a month and
    the two share no month and no number (a bare year aside).

    "Blinken spoke today with Wang Yi" (5 March) and "Blinken will travel to
    Bali July 6-11" share a man, not a date. Two leads that name no month may
    still be one story whose pages were dated when they were read (the seeds).
    """
    if not a.months and not b.months:
        return True
    numbers = {n for n in a.numbers & b.numbers if not _YEAR.fullmatch(n)}
    return bool(a.months & b.months) or bool(numbers)


def same_fact(a: str, b: str, days_apart: int | None = None) -> bool:
    """Do two sentences (already similar in words) agree on who, where, how many and when?

    ``days_apart`` is the distance of their articles' dates, when both are known.
    """
    first, second = fact_key(a), fact_key(b)
    if days_apart is not None and abs(days_apart) > DAYS_APART and not _share(first, second):
        return False
    return agree(first, second)


#: How far below the measured cosine threshold two sentences still restate one fact when
#: they are anchored to it (``restates``): chosen on half "a" of tests/data/stories/fact_pairs.
CLOSE_BELOW = 0.10


def restates(
    a: str, b: str, similarity: float, threshold: float, days_apart: int | None = None
) -> bool:
    """Is ``b`` the fact of ``a`` told again, given the cosine of their words?

    At or above ``threshold`` they must agree (``same_fact``). A little below
    it (within ``CLOSE_BELOW``), a highlight that rewords its sentence ("$40bn
    taxi firm accused of not adequately vetting drivers") still restates it
    when, beyond agreeing, the two share a person or a number (a bare year
    aside) and neither opens by pointing back: "They conferred about the June
    28-30 NATO Summit" may be anyone's meeting.
    """
    if similarity < threshold - CLOSE_BELOW:
        return False
    if not same_fact(a, b, days_apart):
        return False
    if similarity >= threshold:
        return True
    first, second = fact_key(a), fact_key(b)
    shared_number = any(not _YEAR.fullmatch(n) for n in first.numbers & second.numbers)
    shared_person = any(x & y for x in first.strong for y in second.strong)
    anchored = shared_number or shared_person
    return anchored and not points_back(a) and not points_back(b)


def _share(a: FactKey, b: FactKey) -> bool:
    """Do the two name one place or one person in common?"""
    return bool(a.places & b.places) or _share_a_name(a, b)


def _share_a_name(a: FactKey, b: FactKey) -> bool:
    return any(x & y for x in a.names for y in b.names)


def _each_has_own(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a - b) and bool(b - a)


def _names_differ(a: FactKey, b: FactKey) -> bool:
    """Each sentence names someone the other does not ("Lavrov" against "Rau").

    Two mentions are one name when they share a word ("Secretary Blinken",
    "Antony J. Blinken"). Only a name that surely is someone's counts as the
    sentence's own: one with a title or of two words ("Foreign Minister Rau",
    "Kristina Karo"), not a lone capitalised word ("Hollywood", "CPS").
    """
    own_a = [name for name in a.strong if not any(name & other for other in b.names)]
    own_b = [name for name in b.strong if not any(name & other for other in a.names)]
    return bool(own_a) and bool(own_b)
