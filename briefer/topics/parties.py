"""Who takes part in an event, and whether they make it diplomacy.

Participants are people, states and organisations a sentence names: runs of
capitalised words with a title ("Foreign Minister Sergey Lavrov"), a
nationality with a group ("Mongolian officials"), a country near the event
word, an international body. Not participants: places where the event is, a
named event itself, ideas ("Global Food Security", "NATO Strategic Concept")
and titles in quotes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefer.text.entities import (
    CONNECTORS,
    GROUP_NOUNS,
    ORGS,
    TITLE_WORDS,
    WORD_RE,
    NameRun,
    Place,
    capitalised_runs,
    known_places,
    nationality_words,
    places_in,
    words_of,
)

#: Last words of a named event ("Munich Security Conference", "Belt and Road Forum").
EVENT_NOUNS = words_of(
    "summit forum meeting conference ministerial dialogue talks session event assembly "
    "congress consultations"
)

#: Words that make the parties of an event officials, states or international bodies.
_OFFICIAL_RE = re.compile(
    r"\b(?:[Mm]inisters?|[Pp]resident|[Pp]remier|[Ss]ecretary|[Aa]mbassadors?|[Ee]nvoys?|"
    r"[Dd]iplomats?|diplomatic|[Dd]elegations?|officials|[Ll]eaders|[Gg]overnments?|"
    r"[Cc]hancellor|King|Queen|[Cc]ounterparts?|bilateral|[Ss]ummit|[Mm]inisterial|"
    r"heads of state|NATO|UN|EU|G7|G20|ASEAN|Quad|APEC|OSCE)\b"
)


def diplomatic(text: str, who: Sequence[str], places: Sequence[Place]) -> bool:
    """Is the event one between officials, states or international bodies?

    A club's "rescue talks with creditors" or a firm's "negotiations" is not
    diplomacy: when the sentence names its parties, an official's title, a
    state or a body must be among them, or the sentence must name the
    diplomatic kind of event (a summit, a ministerial). A sentence that names
    no party ("The visit will take place next month") is read as its article
    is: the topic took it from an article about diplomacy.
    """
    if not who or _OFFICIAL_RE.search(text):
        return True
    if any(place.country for place in places if not place.locative):
        return True
    return any(_a_party(name) for name in who)


#: Words of firms, clubs and media: their talks are business or sport, not diplomacy.
_COMMERCIAL = words_of(
    """Corp Corporation Inc Ltd plc PLC Group Holdings Motors Airlines Airways FC United City
    Rovers Athletic Wanderers News Times Post Journal Records Studios Pictures Entertainment
    Industries Company Co Bank Capital Partners Technologies Systems Club"""
)


def _a_party(name: str) -> bool:
    """A state's people, a body, a titled official, or a person's name ("Nikolai Patrushev")."""
    words = name.split(" ")
    if words[0] in nationality_words() or any(w in ORGS or w in TITLE_WORDS for w in words):
        return True
    return (
        2 <= len(words) <= 4
        and not any(w in _COMMERCIAL for w in words)
        and all(w[:1].isupper() and not w.isupper() and "." not in w for w in words)
    )


def gap(text: str, a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    if a_end <= b_start:
        return words_between(text, a_end, b_start)
    if b_end <= a_start:
        return words_between(text, b_end, a_start)
    return 0


def words_between(text: str, start: int, end: int) -> int:
    if end < start:
        return -1
    return len(WORD_RE.findall(text[start:end]))


def participants(
    text: str, places: Sequence[Place] | None = None, kinds: Sequence[tuple[int, int]] = ()
) -> list[str]:
    """People, countries and delegations a sentence names, in order of mention.

    ``kinds`` are the spans of the sentence's event words: a country counts
    only near one of them.
    """
    places = places_in(text) if places is None else places
    venue_spans = [(p.start, p.end) for p in places if p.locative or not p.country]
    country_names = {  # "Russia's participation in the forum", not "Russia's war" far away
        p.name
        for p in places
        if p.country
        and not p.locative
        and any(gap(text, start, end, p.start, p.end) <= 12 for start, end in kinds)
    }
    appositives = [  # ", the Secretary of Russia's Security Council," describes a name
        m.span()
        for m in re.finditer(r",\s+the\s+(\w+)[^,;]{0,80},", text)
        if m.group(1) in TITLE_WORDS
    ]
    demonyms = nationality_words()
    found: list[str] = []
    for run in capitalised_runs(text):
        if any(a <= run.start and run.end <= b for a, b in appositives):
            continue
        if any(a <= run.start < b for a, b in venue_spans):
            continue
        for part in _split_and(run):
            name = _participant(part, text, demonyms, country_names)
            if name and name not in found:
                found.append(name)
    return found


def _split_and(run: NameRun) -> list[NameRun]:
    """ "Wang Yi and Sergei Lavrov" names two participants; "Belt and Road Forum" one event.

    Inside a title ("Secretary of State for East Asian and Pacific Affairs")
    "and" splits only before a new title, nationality or country.
    """
    if " and " not in run.text or ends_in_event_word(run.text) or run.text in known_places():
        return [run]
    titled = any(w in ("of", "for") for w in run.text.split(" "))
    pieces = run.text.split(" and ")
    merged = [pieces[0]]
    for piece in pieces[1:]:
        if titled and not _starts_a_name(piece):
            merged[-1] = f"{merged[-1]} and {piece}"
        else:
            merged.append(piece)
    parts: list[NameRun] = []
    start = run.start
    for piece in merged:
        parts.append(NameRun(piece, start, start + len(piece)))
        start += len(piece) + len(" and ")
    return parts


def _starts_a_name(text: str) -> bool:
    first = text.split(" ")[0]
    gazetteer = known_places()
    return (
        first in TITLE_WORDS - CONNECTORS
        or first in nationality_words()
        or any(text.startswith(name + " ") or text == name for name in gazetteer if gazetteer[name])
    )


def _participant(
    run: NameRun, text: str, demonyms: frozenset[str], countries: set[str]
) -> str | None:
    words = run.text.split(" ")
    group = re.match(rf"\s+(?:senior\s+|top\s+|high-level\s+)?({GROUP_NOUNS})\b", text[run.end :])
    if run.text in known_places():
        return run.text if run.text in countries else None
    if run.text in demonyms or (words[0] in demonyms and _titled(" ".join(words[1:]))):
        if group:
            return f"{run.text} {group.group(1)}"
        return run.text if len(words) > 1 else None
    if ends_in_event_word(run.text) or _a_concept(run, text):
        return None
    if any(w in ORGS for w in words):
        return run.text
    names = [w for w in words if w not in TITLE_WORDS and w not in demonyms]
    if not names:
        return None
    if len(words) == 1 and not group:
        return None  # a lone capitalised word: too often not a participant ("Telegram")
    return run.text + (f" {group.group(1)}" if group and len(names) == len(words) else "")


#: Last words of a capitalised run that names an idea, not a party ("Global Food Security",
#: "NATO Strategic Concept"), unless an organisation's head word makes it a body.
_CONCEPT_ENDS = words_of(
    """Security Concept Election Strategy Initiative Program Programme Agenda Framework Partnership
    Cooperation Development Policy Plan Act Day Year Declaration Vision Mechanism Process
    Corridor Rights Freedom Democracy Prosperity Stability Growth Recovery"""
)
_BODY_HEADS = words_of(
    """Council Ministry Department Office Bureau Agency Commission Committee Organization
    Organisation Union Alliance Bank Fund Court Assembly Government Administration Forces"""
)


def _a_concept(run: NameRun, text: str) -> bool:
    """Is the run an idea or a title in quotes rather than a person, state or organisation?"""
    words = run.text.split(" ")
    if words[-1] in _CONCEPT_ENDS and not any(w in _BODY_HEADS for w in words):
        return True
    before = text[: run.start]
    return before.count("\u201c") > before.count("\u201d")  # inside “quotes”


def _titled(text: str) -> bool:
    return bool(text) and all(w in TITLE_WORDS for w in text.split(" "))


def ends_in_event_word(text: str) -> bool:
    return text.split(" ")[-1].lower() in EVENT_NOUNS
