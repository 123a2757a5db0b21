"""Names in a sentence: runs of capitalised words, titles, places from a gazetteer.

Simple, robust means rather than a trained tagger: runs of capitalised words
("Foreign Minister Sergey Lavrov"), title words, nationality words
("Mongolian officials") and a gazetteer of countries, capitals and major
cities shipped in ``briefer/text/data/places.txt``. The outlook reads who and
where from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from briefer.text.dates import MONTHS, WEEKDAYS
from briefer.text.words import stop_words


def words_of(text: str) -> frozenset[str]:
    """A set of words written out in a string, for the word lists below."""
    return frozenset(text.split())


_words = words_of
#: A word (with inner dots, hyphens, ampersands: "U.S.", "Asia-Pacific", "AT&T").
WORD_RE = re.compile(r"\w(?:[\w.+&/-]*\w)?")


@dataclass(frozen=True)
class Place:
    name: str
    start: int
    end: int
    locative: bool  # "in Beijing", "to China": where the event is, not who takes part
    country: bool


@dataclass(frozen=True)
class NameRun:
    """A run of capitalised words ("Foreign Minister Sergey Lavrov")."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def known_places() -> dict[str, bool]:
    """Place names from the packaged list, each with whether it is a country."""
    places: dict[str, bool] = {}
    section = ""
    for line in _data_lines("places.txt", keep_comments=True):
        if line.startswith("#"):
            section = line.lower()
            continue
        places[line] = "countries" in section or "states" in section
    return places


@lru_cache(maxsize=1)
def country_names() -> tuple[str, ...]:
    """The countries and territories of the packaged list (not capitals, cities, U.S. states)."""
    names: list[str] = []
    section = ""
    for line in _data_lines("places.txt", keep_comments=True):
        if line.startswith("#"):
            section = line.lower()
        elif section.startswith("# countries"):
            names.append(line)
    return tuple(names)


@lru_cache(maxsize=1)
def nationality_words() -> frozenset[str]:
    return frozenset(_data_lines("demonyms.txt"))


def _data_lines(name: str, keep_comments: bool = False) -> list[str]:
    text = resources.files("briefer.text").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line and (keep_comments or not line.startswith("#"))]


TITLE_WORDS = _words(
    """President Vice Prime Minister Ministers Foreign Secretary Deputy Assistant Under State
    Chancellor King Queen Prince Crown Premier Counselor Envoy Special Director Director-General
    General Governor Senator Admiral Commander Chair Chairman Chairwoman Spokesperson Adviser
    Advisor National Security Ambassador Ambassador-at-Large Councilor Leader Pope Sheikh Emir
    Speaker Defense Defence Affairs External Chargé d\u2019Affaires Mayor Chief Representative
    Senior Sultan Mr Mrs Ms Dr Gen Sen Rep Gov Sec Amb Lt Col Maj Capt of the for and"""
)
GROUP_NOUNS = (
    r"officials|leaders|delegations?|counterparts|diplomats|ministers|government|"
    r"envoys|negotiators|lawmakers|allies|partners|officers|authorities|representatives"
)
ORGS = _words("NATO EU UN ASEAN G7 G20 Quad OSCE IAEA WTO IMF OPEC BRICS SCO APEC AU")
#: Words after which "of" / "for" continue a name ("Secretary of State", "Republic of Korea").
_HEADS = TITLE_WORDS | _words(
    """Organization Organisation Ministry Department Bureau Office Council Committee Republic
    Union Bank Fund Agency Commission Conference Forum Institute University Center Centre
    Association League Kingdom States Federation Court Assembly Summit Meeting Minister"""
)
CONNECTORS = frozenset(["of", "and", "for", "the", "de", "al", "bin", "von", "van", "du", "da"])
_SENTENCE_ADVERBS = _words(
    "Then Finally Also However Meanwhile Most Today Tomorrow Yesterday Earlier Later "
    "First Next Last During Among Following After Before Both Further Moreover Additionally"
)


def capitalised_runs(text: str) -> list[NameRun]:
    """Runs of capitalised words, joined by "of", "and", "the" between capitals."""
    words = list(WORD_RE.finditer(text))
    runs: list[NameRun] = []
    current: list[re.Match[str]] = []

    def close() -> None:
        while current and current[-1].group(0) in CONNECTORS:
            current.pop()
        if current:
            start, end = current[0].start(), current[-1].end()
            runs.append(NameRun(text[start:end], start, end))
        current.clear()

    for index, word in enumerate(words):
        token = word.group(0)
        if not current and not token[0].isupper():
            continue  # most words: no run open and none to start (what follows would agree)
        joined = bool(current) and _adjacent(text, current[-1], word)
        capital = token[0].isupper() and token not in MONTHS and token not in WEEKDAYS
        if (capital and (joined or not current)) or (
            token in CONNECTORS
            and current
            and joined
            and _next_is_capital(words, index)
            and (token not in ("of", "for") or current[-1].group(0) in _HEADS)
        ):
            current.append(word)
        else:
            if current:
                close()
            if capital:
                current.append(word)
        if current and text[word.end() : word.end() + 2] in ("\u2019s", "'s"):
            close()  # "Russia's Security Council": Russia, then the council
    close()
    return [_strip_sentence_start(run, text) for run in runs if run.text]


def _adjacent(text: str, previous: re.Match[str], word: re.Match[str]) -> bool:
    """Only a space between two words, or the dot of an initial or title ("J. Blinken")."""
    gap = text[previous.end() : word.start()]
    if gap.strip() == "":
        return True
    if gap.strip() in ("\u2019", "'") and previous.group(0).endswith("s"):
        return True  # "G20 Foreign Ministers\u2019 Meeting"
    return gap.strip() == "." and len(previous.group(0)) <= 3 and previous.group(0)[0].isupper()


def _next_is_capital(words: list[re.Match[str]], index: int) -> bool:
    for word in words[index + 1 : index + 3]:
        token = word.group(0)
        if token in CONNECTORS:
            continue
        return token[0].isupper()
    return False


def _strip_sentence_start(run: NameRun, text: str) -> NameRun:
    """Drop capitalised function words ("The", "In", "Then") and "the" that start a run."""

    lead = text[: run.start].strip(" \u201c\"'\u2018(")
    starts_clause = not lead or lead[-1] in ".,;:"
    words = run.text.split(" ")
    while words and (
        words[0] in _SENTENCE_ADVERBS
        or words[0] in CONNECTORS
        or (starts_clause and words[0].lower() in stop_words())
    ):
        words.pop(0)
    rest = " ".join(words)
    return NameRun(rest, run.end - len(rest), run.end)


LIST_GAP = re.compile(r"\s*(?:,|,?\s*and)\s*(?:the\s+)?")


def places_in(text: str) -> list[Place]:
    """Gazetteer places in the sentence; "in"/"to"/"at"/"visit" before one makes it the venue."""
    gazetteer = known_places()
    found: list[Place] = []
    for run in capitalised_runs(text):
        for name, start in _place_names(run, gazetteer):
            before = text[:start]
            possessive = text[start + len(name) : start + len(name) + 2] in ("\u2019s", "'s")
            after_preposition = re.search(
                r"(?i:\b(?:in|to|at|visit|visits|visiting|from)\s+(?:the\s+)?)$", before
            )
            in_a_list = (
                found and found[-1].locative and LIST_GAP.fullmatch(text[found[-1].end : start])
            )
            locative = not possessive and bool(after_preposition or in_a_list)
            found.append(Place(name, start, start + len(name), bool(locative), gazetteer[name]))
    return found


def _place_names(run: NameRun, gazetteer: dict[str, bool]) -> Iterable[tuple[str, int]]:
    """Places inside a run: the whole run, else its longest known tail ("Hawaii")."""
    words = run.text.split(" ")
    for size in range(len(words), 0, -1):
        for first in range(0, len(words) - size + 1):
            name = " ".join(words[first : first + size])
            if name in gazetteer:
                start = run.start + len(" ".join(words[:first])) + (1 if first else 0)
                yield name, start
                return
