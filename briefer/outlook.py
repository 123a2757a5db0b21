"""The outlook: planned visits, meetings and summits, with their dates resolved.

A sentence is judged on its own words, never on the heading above it
("Jinping's Upcoming Visit to Russia" introduces a past visit). It yields
events only when it speaks of something still to come: a firm cue ("will",
"upcoming", "is set to", "next month") or a date that lies after the
article's own date. Past ("had made a similar visit in March"), ongoing ("is
currently on a four-day visit") and hypothetical ("would meet if") events
yield nothing.

Dates are resolved against the article's date by ``briefer.dates``, keeping
the granularity the text gives; no date in the text means ``when`` is None.

Who, what and where come from simple, robust means: runs of capitalised
words, titles ("Foreign Minister"), a gazetteer of countries, capitals and
major cities shipped in ``briefer/data/places.txt``, and the event's kind word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from .config import Config
from .dates import MONTHS, WEEKDAYS, DateMention, find_dates, when_bounds
from .errors import ConfigError
from .model import Event, Item

# --- Is the sentence about something to come? ---------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that say an event is planned: it will happen unless something changes.
_FIRM = re.compile(
    r"\b(?:will|shall)\b|\w'll\b"
    r"|\b(?:is|are)\s+(?:set|due|scheduled|slated|poised|going|planning|preparing|to)\s+"
    r"(?:to\s+)?(?=\w)"
    r"|\b(?:plans?|intends?|aims?|agreed)\s+to\b|\bto\s+be\s+(?:held|hosted|convened)\b"
    r"|\b(?:upcoming|forthcoming|planned|scheduled|next)\b|\blater\s+(?:this|in\s+the)\b"
    r"|\bin\s+the\s+coming\b|\btomorrow\b|\bpreparations?\s+for\b|\bplans\s+for\b",
    re.IGNORECASE,
)
#: Words that say an event is expected, hoped for or hinted at, not fixed.
_HEDGED = re.compile(
    r"\b(?:expected|likely|hinted|hints|reportedly|anticipated|tentative(?:ly)?|"
    r"hopes?\s+to|looks?\s+forward\s+to|looking\s+forward\s+to)\b",
    re.IGNORECASE,
)
#: Words that make an event hypothetical when nothing firmer is said.
_CONDITIONAL = re.compile(r"\b(?:would|could|might|if|unless|whether|(?-i:may))\b", re.I)
#: Words right before a date that make it a past reference ("talks begun in January").
_PAST_BEFORE = re.compile(
    r"(?<!\bbe\s)(?<!\bbeen\s)"  # "will be held next month" is still to come
    r"\b(?:begun|began|since|ago|held|met|visited|made|signed|concluded|took|was|were|had|"
    r"did|earlier|previous|previously|last|recent|recently|launched|started|marked)\b"
    r"[^,;.]{0,25}$",
    re.IGNORECASE,
)
#: An event word. The lookahead (every first letter below; a new word needs its letter there)
#: skips most words before the alternation is tried: the search then takes a third of the time.
_KIND_RE = re.compile(
    r"\b(?=[acdefhjmnpstv])"
    r"(?:(?P<visit>visit(?:s|ing)?|trips?|travel(?:s|ling|ing)?|tours?|journey|delegations?"
    r"|arriv(?:e|es|ing|al)|pilgrimages?)"
    r"|(?P<meeting>meet(?:s|ing|ings)?|(?:co-)?host(?:s|ing)?|(?-i:Event))"
    r"|(?P<summit>summits?)"
    r"|(?P<forum>forums?)"
    r"|(?P<talks>talks|consultations|negotiations|dialogues?|discussions)"
    r"|(?P<conference>conferences?|ministerials?|sessions?|assembly|congress|ceremony)"
    r"|(?P<attendance>attend(?:s|ing)?|participat(?:e|es|ing|ion)))\b",
    re.IGNORECASE,
)
#: Last words of a named event ("Munich Security Conference", "Belt and Road Forum").
_EVENT_NOUNS = _words(
    "summit forum meeting conference ministerial dialogue talks session event assembly "
    "congress consultations"
)
_WORD_RE = re.compile(r"\w(?:[\w.+&/-]*\w)?")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class _Kind:
    """An event word in a sentence ("visit", "Summit", "will meet")."""

    kind: str
    word: str
    start: int
    end: int


def sentence_mood(text: str) -> str | None:
    """How a sentence speaks of events: "planned", "expected", "hypothetical" or None.

    None covers the past ("had made a similar visit in March") and the
    ongoing ("is currently on a four-day visit"), which no cue marks as coming.
    """
    firm = bool(_FIRM.search(text))
    hedged = bool(_HEDGED.search(text))
    if firm:
        return "expected" if hedged else "planned"
    if hedged:
        return "expected"
    if _CONDITIONAL.search(text):
        return "hypothetical"
    return None


def detect_events(text: str, article_date: dt.date | None) -> list[Event]:
    """The future events ``text`` (one sentence) announces, with their dates resolved.

    A sentence with no cue of the future still announces an event when it
    dates it after the article ("the NATO Foreign Ministerial taking place in
    Berlin May 14-15", said on May 14). Each date that lies ahead makes one
    event, tied to the nearest event word; an "upcoming"/"planned" event that
    no date is tied to makes one more; with no date at all, the sentence makes
    one undated event.
    """
    kinds = _event_words(text)
    if not kinds:
        return []
    mood = sentence_mood(text)
    if mood in ("planned", "expected"):
        dates = [d for d in _dates_ahead(text, article_date) if not d.backward]
    elif mood is None and article_date is not None and _DIGIT.search(text):
        dates = [  # an explicit date ahead: "taking place in Berlin May 14-15"
            d
            for d in find_dates(text, article_date)
            if d.first is not None
            and d.last is not None
            and not d.backward
            and d.first >= article_date
            and d.last > article_date
            and _DIGIT.search(d.text)  # "on Wednesday" in a story is as often past
        ]
        mood = "planned" if dates else None
    else:
        return []
    if mood is None:
        return []
    places = _places_in(text)
    who = tuple(participants(text, places))
    anchors = _anchor_dates(text, kinds, dates)
    alone = len(anchors) == 1
    events = [_event(text, kind, date, who, places, kinds, mood, alone) for kind, date in anchors]
    return _unique_events(events)


def article_events(sentences: Sequence[str], article_date: dt.date | None) -> list[list[Event]]:
    """The events of each sentence of one article, in order, elaborations left out.

    An article that announces a dated trip goes on to describe it: "During his
    visit, he will meet ...", "This will be the first visit to Fiji since
    1985". An undated sentence that refers back to an event the article has
    already dated (its visit, summit, conference), or that names the same
    place as one, adds detail to that event, not a new row. "In continuation
    of his visit, Wang Yi will engage in talks" stays: the visit it refers
    to is under way, not one announced as coming.
    """
    found: list[list[Event]] = []
    announced: list[tuple[Event, set[str]]] = []
    for text in sentences:
        events = detect_events(text, article_date)
        found.append([e for e in events if not _elaborates(text, e, announced)])
        dated = [e for e in events if e.when_text is not None]
        if dated:  # most sentences announce nothing: spare them a second search
            kinds = {k.kind for k in _event_words(text)}
            announced.extend((e, kinds) for e in dated)
    return found


_ANAPHOR_RE = re.compile(
    r"\b(?i:his|her|their|its|the|this|that|these|those|each)\s+(?:[A-Z][\w.-]*\s+){0,4}"
    r"(?P<noun>(?i:visits?|trips?|travel|tour|summit|forum|conferences?|ministerials?|"
    r"meetings?|talks|dialogue))\b"
)


def _elaborates(text: str, event: Event, announced: list[tuple[Event, set[str]]]) -> bool:
    if event.when_text is not None or not announced:
        return False
    if event.where is not None:
        return any(earlier.where == event.where for earlier, _ in announced)
    for match in _ANAPHOR_RE.finditer(text):
        kind = _KIND_RE.fullmatch(match.group("noun"))
        if kind and any(kind.lastgroup in kinds for _, kinds in announced):
            return True
    return False


def _dates_ahead(text: str, article_date: dt.date | None) -> list[DateMention]:
    """Time expressions of a future sentence that point ahead (or are vague)."""
    ahead = []
    cue = _FIRM.search(text) or _HEDGED.search(text)
    for mention in find_dates(text, article_date):
        if mention.text.lower() in ("today", "tonight") and (
            not cue or cue.start() > mention.start
        ):
            continue  # "spoke today ... to discuss the upcoming trip": today is the call's
        if mention.kind in ("decade", "century") or _names_this_year(mention, article_date):
            continue  # "21st century challenges", "as the 2022 co-chair": not the event's date
        if _PAST_BEFORE.search(text[: mention.start]) and mention.when:
            continue  # "talks begun in January 2020", "their May 15 meeting" said later
        if mention.last is not None and article_date is not None and mention.last < article_date:
            continue
        ahead.append(mention)
    return ahead


def _names_this_year(mention: DateMention, article_date: dt.date | None) -> bool:
    """A bare year, no later than the article's ("the 2022 co-chair"), qualifies a noun."""
    return (
        mention.kind == "year"
        and mention.text.isdigit()
        and article_date is not None
        and int(mention.text) <= article_date.year
    )


def _event_words(text: str) -> list[_Kind]:
    found = []
    for match in _KIND_RE.finditer(text):
        kind = match.lastgroup or "meeting"
        word = match.group(0)
        if (
            re.search(r"(?i:please|to)\s+$", text[: match.start()])
            and kind == "visit"
            and (re.match(r"\s*(?:www\.|https?:)", text[match.end() :]))
        ):
            continue  # "please visit www.state.gov"
        found.append(_Kind(kind, word, match.start(), match.end()))
    return found


def _anchor_dates(
    text: str, kinds: list[_Kind], dates: list[DateMention]
) -> list[tuple[_Kind, DateMention | None]]:
    """Tie each date to its nearest event word; add undated "upcoming X" events."""
    tied: dict[int, tuple[_Kind, DateMention | None]] = {}
    for date in dates:
        kind = min(kinds, key=lambda k: (_gap(text, k.start, k.end, date.start, date.end), k.start))
        earlier = tied.get(id(kind), (kind, None))[1]
        if earlier is None or _gap(text, kind.start, kind.end, date.start, date.end) < _gap(
            text, kind.start, kind.end, earlier.start, earlier.end
        ):
            tied[id(kind)] = (kind, date)  # two dates for one event word: the nearer one
    if not tied:
        return [(_main_kind(text, kinds), None)]
    for kind in kinds:
        if id(kind) in tied or not re.search(
            r"(?i:upcoming|planned|forthcoming)\s+(?:\S+\s+){0,5}$", text[: kind.start]
        ):
            continue
        near = min(_gap(text, kind.start, kind.end, d.start, d.end) for d in dates)
        after = any(0 <= _words_between(text, kind.end, d.start) <= 8 for d in dates)
        if near > 4 and not after:
            tied[id(kind)] = (kind, None)
    return sorted(tied.values(), key=lambda pair: pair[0].start)


def _main_kind(text: str, kinds: list[_Kind]) -> _Kind:
    """The event word an undated sentence is about: the first after its future cue."""
    cue = _FIRM.search(text) or _HEDGED.search(text)
    if cue:
        after = [k for k in kinds if k.start >= cue.start()]
        if after:
            return after[0]
    return kinds[0]


def _gap(text: str, a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    if a_end <= b_start:
        return _words_between(text, a_end, b_start)
    if b_end <= a_start:
        return _words_between(text, b_end, a_start)
    return 0


def _words_between(text: str, start: int, end: int) -> int:
    if end < start:
        return -1
    return len(_WORD_RE.findall(text[start:end]))


def _event(
    text: str,
    kind: _Kind,
    date: DateMention | None,
    who: tuple[str, ...],
    places: list[_Place],
    kinds: list[_Kind],
    mood: str,
    alone: bool,
) -> Event:
    where = _where(text, kind, places, kinds)
    what = _what(text, kind, places, alone)
    if what.startswith("visit to ") and where and ";" in where:
        what = "trip"  # "travel to Belgium, Poland, Moldova, ..."
    return Event(
        what=what,
        when=date.when if date else None,
        when_text=date.text if date else None,
        who=who,
        where=where,
        status=mood,
    )


def _unique_events(events: list[Event]) -> list[Event]:
    """One event per date in a sentence (a trip and the visit it names are one row)."""
    kept: dict[str | None, Event] = {}
    for event in events:
        kept.setdefault(event.when, event)
    return list(kept.values())


# --- What, who, where ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    name: str
    start: int
    end: int
    locative: bool  # "in Beijing", "to China": where the event is, not who takes part
    country: bool


@dataclass(frozen=True)
class _Run:
    """A run of capitalised words ("Foreign Minister Sergey Lavrov")."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, bool]:
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
def _demonyms() -> frozenset[str]:
    return frozenset(_data_lines("demonyms.txt"))


def _data_lines(name: str, keep_comments: bool = False) -> list[str]:
    text = resources.files("briefer").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line and (keep_comments or not line.startswith("#"))]


_TITLE_WORDS = _words(
    """President Vice Prime Minister Ministers Foreign Secretary Deputy Assistant Under State
    Chancellor King Queen Prince Crown Premier Counselor Envoy Special Director Director-General
    General Governor Senator Admiral Commander Chair Chairman Chairwoman Spokesperson Adviser
    Advisor National Security Ambassador Ambassador-at-Large Councilor Leader Pope Sheikh Emir
    Speaker Defense Defence Affairs External Chargé d\u2019Affaires Mayor Chief Representative
    Senior Sultan Mr Mrs Ms Dr Gen Sen Rep Gov Sec Amb Lt Col Maj Capt of the for and"""
)
_GROUP_NOUNS = (
    r"officials|leaders|delegations?|counterparts|diplomats|ministers|government|"
    r"envoys|negotiators|lawmakers|allies|partners|officers|authorities|representatives"
)
_ORGS = _words("NATO EU UN ASEAN G7 G20 Quad OSCE IAEA WTO IMF OPEC BRICS SCO APEC AU")
#: Words after which "of" / "for" continue a name ("Secretary of State", "Republic of Korea").
_HEADS = _TITLE_WORDS | _words(
    """Organization Organisation Ministry Department Bureau Office Council Committee Republic
    Union Bank Fund Agency Commission Conference Forum Institute University Center Centre
    Association League Kingdom States Federation Court Assembly Summit Meeting Minister"""
)
_CONNECTORS = frozenset(["of", "and", "for", "the", "de", "al", "bin", "von", "van", "du", "da"])
_SENTENCE_ADVERBS = _words(
    "Then Finally Also However Meanwhile Most Today Tomorrow Yesterday Earlier Later "
    "First Next Last During Among Following After Before Both Further Moreover Additionally"
)


def _capitalised_runs(text: str) -> list[_Run]:
    """Runs of capitalised words, joined by "of", "and", "the" between capitals."""
    words = list(_WORD_RE.finditer(text))
    runs: list[_Run] = []
    current: list[re.Match[str]] = []

    def close() -> None:
        while current and current[-1].group(0) in _CONNECTORS:
            current.pop()
        if current:
            start, end = current[0].start(), current[-1].end()
            runs.append(_Run(text[start:end], start, end))
        current.clear()

    for index, word in enumerate(words):
        token = word.group(0)
        joined = bool(current) and _adjacent(text, current[-1], word)
        capital = token[0].isupper() and token not in MONTHS and token not in WEEKDAYS
        if (capital and (joined or not current)) or (
            token in _CONNECTORS
            and current
            and joined
            and _next_is_capital(words, index)
            and (token not in ("of", "for") or current[-1].group(0) in _HEADS)
        ):
            current.append(word)
        else:
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
        if token in _CONNECTORS:
            continue
        return token[0].isupper()
    return False


def _strip_sentence_start(run: _Run, text: str) -> _Run:
    """Drop capitalised function words ("The", "In", "Then") and "the" that start a run."""
    from .text import stop_words

    lead = text[: run.start].strip(" \u201c\"'\u2018(")
    starts_clause = not lead or lead[-1] in ".,;:"
    words = run.text.split(" ")
    while words and (
        words[0] in _SENTENCE_ADVERBS
        or words[0] in _CONNECTORS
        or (starts_clause and words[0].lower() in stop_words())
    ):
        words.pop(0)
    rest = " ".join(words)
    return _Run(rest, run.end - len(rest), run.end)


_LIST_GAP = re.compile(r"\s*(?:,|,?\s*and)\s*(?:the\s+)?")


def _places_in(text: str) -> list[_Place]:
    """Gazetteer places in the sentence; "in"/"to"/"at"/"visit" before one makes it the venue."""
    gazetteer = _gazetteer()
    found: list[_Place] = []
    for run in _capitalised_runs(text):
        for name, start in _place_names(run, gazetteer):
            before = text[:start]
            possessive = text[start + len(name) : start + len(name) + 2] in ("\u2019s", "'s")
            after_preposition = re.search(
                r"(?i:\b(?:in|to|at|visit|visits|visiting|from)\s+(?:the\s+)?)$", before
            )
            in_a_list = (
                found and found[-1].locative and _LIST_GAP.fullmatch(text[found[-1].end : start])
            )
            locative = not possessive and bool(after_preposition or in_a_list)
            found.append(_Place(name, start, start + len(name), bool(locative), gazetteer[name]))
    return found


def _place_names(run: _Run, gazetteer: dict[str, bool]) -> Iterable[tuple[str, int]]:
    """Places inside a run: the whole run, else its longest known tail ("Hawaii")."""
    words = run.text.split(" ")
    for size in range(len(words), 0, -1):
        for first in range(0, len(words) - size + 1):
            name = " ".join(words[first : first + size])
            if name in gazetteer:
                start = run.start + len(" ".join(words[:first])) + (1 if first else 0)
                yield name, start
                return


def participants(text: str, places: Sequence[_Place] | None = None) -> list[str]:
    """People, countries and delegations a sentence names, in order of mention."""
    places = _places_in(text) if places is None else places
    venue_spans = [(p.start, p.end) for p in places if p.locative or not p.country]
    kinds = _event_words(text)
    country_names = {  # "Russia's participation in the forum", not "Russia's war" far away
        p.name
        for p in places
        if p.country
        and not p.locative
        and any(_gap(text, k.start, k.end, p.start, p.end) <= 12 for k in kinds)
    }
    appositives = [  # ", the Secretary of Russia's Security Council," describes a name
        m.span()
        for m in re.finditer(r",\s+the\s+(\w+)[^,;]{0,80},", text)
        if m.group(1) in _TITLE_WORDS
    ]
    demonyms = _demonyms()
    found: list[str] = []
    for run in _capitalised_runs(text):
        if any(a <= run.start and run.end <= b for a, b in appositives):
            continue
        if any(a <= run.start < b for a, b in venue_spans):
            continue
        for part in _split_and(run):
            name = _participant(part, text, demonyms, country_names)
            if name and name not in found:
                found.append(name)
    return found


def _split_and(run: _Run) -> list[_Run]:
    """ "Wang Yi and Sergei Lavrov" names two participants; "Belt and Road Forum" one event.

    Inside a title ("Secretary of State for East Asian and Pacific Affairs")
    "and" splits only before a new title, nationality or country.
    """
    if " and " not in run.text or _ends_in_event_word(run.text) or run.text in _gazetteer():
        return [run]
    titled = any(w in ("of", "for") for w in run.text.split(" "))
    pieces = run.text.split(" and ")
    merged = [pieces[0]]
    for piece in pieces[1:]:
        if titled and not _starts_a_name(piece):
            merged[-1] = f"{merged[-1]} and {piece}"
        else:
            merged.append(piece)
    parts: list[_Run] = []
    start = run.start
    for piece in merged:
        parts.append(_Run(piece, start, start + len(piece)))
        start += len(piece) + len(" and ")
    return parts


def _starts_a_name(text: str) -> bool:
    first = text.split(" ")[0]
    gazetteer = _gazetteer()
    return (
        first in _TITLE_WORDS - _CONNECTORS
        or first in _demonyms()
        or any(text.startswith(name + " ") or text == name for name in gazetteer if gazetteer[name])
    )


def _participant(run: _Run, text: str, demonyms: frozenset[str], countries: set[str]) -> str | None:
    words = run.text.split(" ")
    group = re.match(rf"\s+(?:senior\s+|top\s+|high-level\s+)?({_GROUP_NOUNS})\b", text[run.end :])
    if run.text in _gazetteer():
        return run.text if run.text in countries else None
    if run.text in demonyms or (words[0] in demonyms and _titled(" ".join(words[1:]))):
        if group:
            return f"{run.text} {group.group(1)}"
        return run.text if len(words) > 1 else None
    if _ends_in_event_word(run.text):
        return None
    if any(w in _ORGS for w in words):
        return run.text
    names = [w for w in words if w not in _TITLE_WORDS and w not in demonyms]
    if not names:
        return None
    if len(words) == 1 and not group:
        return None  # a lone capitalised word: too often not a participant ("Telegram")
    return run.text + (f" {group.group(1)}" if group and len(names) == len(words) else "")


def _titled(text: str) -> bool:
    return bool(text) and all(w in _TITLE_WORDS for w in text.split(" "))


def _ends_in_event_word(text: str) -> bool:
    return text.split(" ")[-1].lower() in _EVENT_NOUNS


def _crosses_event(kind: _Kind, place: _Place, kinds: Sequence[_Kind]) -> bool:
    """Is another event word between this one and the place?"""
    low, high = (
        sorted((kind.end, place.start)) if kind.end <= place.start else (place.end, kind.start)
    )
    return any(other is not kind and low <= other.start < high for other in kinds)


def _what(text: str, kind: _Kind, places: Sequence[_Place], alone: bool) -> str:
    """A short name for the event: "third Belt and Road Forum", "visit to China", "talks".

    A named event ("Munich Security Conference") wins: the one the event word
    is part of, else (when the sentence holds one event) the one it names.
    """
    named = [run for run in _capitalised_runs(text) if _ends_in_event_word(run.text)]
    own = [r for r in named if r.start <= kind.start and kind.end <= r.end + 1]
    near = named if alone else []
    for run in own or near:
        ordinal = re.search(r"\b(\w+(?:st|nd|rd|th))\s+$", text[: run.start])
        return (ordinal.group(1) + " " if ordinal else "") + run.text
    if kind.kind == "visit":
        destination = [p for p in places if p.locative and p.start >= kind.end]
        if destination and _words_between(text, kind.end, destination[0].start) <= 6:
            return f"visit to {destination[0].name}"
        return "visit"
    noun = kind.word.lower() if kind.kind in ("talks", "conference") else kind.kind
    noun = {"attendance": "meeting"}.get(noun, noun)
    quoted = re.search(r"\u201c[^\u201d]{1,40}\u201d\s+$", text[: kind.start])
    return (quoted.group(0) if quoted else "") + noun


def _where(text: str, kind: _Kind, places: Sequence[_Place], kinds: Sequence[_Kind]) -> str | None:
    """The venue: the list of places after "in"/"to"/"at" nearest the event word.

    A list ("to Australia, Fiji, and Hawaii") is kept together, a city with its
    country ("Munich, Germany") as one; a place more than a dozen words away
    from the event word, or past another event word, is about something else.
    """
    groups: list[list[_Place]] = []
    for place in (p for p in places if p.locative):
        between = text[groups[-1][-1].end : place.start] if groups else ""
        if groups and _LIST_GAP.fullmatch(between):
            groups[-1].append(place)
        else:
            groups.append([place])
    scored = [
        (min(_gap(text, kind.start, kind.end, p.start, p.end) for p in group), group)
        for group in groups
    ]
    scored = [
        (gap, group)
        for gap, group in scored
        if gap <= 12 and not _crosses_event(kind, group[0], kinds)
    ]
    if not scored:
        return None
    group = min(scored, key=lambda pair: (pair[0], pair[1][0].start))[1]
    names: list[str] = []
    for place in group:
        if place.country and names and not _gazetteer().get(names[-1], True):
            names[-1] = f"{names[-1]}, {place.name}"
        else:
            names.append(place.name)
    return "; ".join(names)


# --- The outlook section ---------------------------------------------------------------------

PASSED = "date passed"


@dataclass(frozen=True)
class OutlookOptions:
    """The ``[outlook]`` configuration table."""

    keep_passed: bool = True  # show events dated before the brief, marked "date passed"


def outlook_options(config: Config) -> OutlookOptions:
    """Read and check ``[outlook]``; an unknown key or a wrong type names the file."""
    table = config.table("outlook")
    where = config.table_files.get("outlook", "briefer/defaults.toml")
    for key in table:
        if key not in ("keep_passed",):
            raise ConfigError(f"{where}: unknown key 'outlook.{key}'")
    keep = table.get("keep_passed", True)
    if not isinstance(keep, bool):
        raise ConfigError(f"{where}: 'outlook.keep_passed' must be true or false")
    return OutlookOptions(keep_passed=keep)


def as_of(event: Event, brief_date: dt.date) -> Event:
    """The event as the brief's reader sees it: "date passed" once its date is behind."""
    bounds = when_bounds(event.when)
    if bounds and bounds[1] < brief_date:
        return replace(event, status=PASSED)
    return event


def same_event(a: Event, b: Event) -> bool:
    """Do two reports speak of one event? Same named event, or overlapping dates and a shared
    place or participant."""
    named = _named(a.what) and a.what.lower().removeprefix("the ") == b.what.lower().removeprefix(
        "the "
    )
    bounds_a, bounds_b = when_bounds(a.when), when_bounds(b.when)
    if bounds_a and bounds_b:
        if bounds_a[1] < bounds_b[0] or bounds_b[1] < bounds_a[0]:
            return False
        shared_place = bool(_place_words(a.where) & _place_words(b.where))
        shared_people = bool(set(a.who) & set(b.who))
        return named or shared_place or shared_people
    return named and (a.where == b.where or a.where is None or b.where is None)


def _named(what: str) -> bool:
    return any(word[:1].isupper() for word in what.split(" "))


def _place_words(where: str | None) -> set[str]:
    return {part.strip() for part in re.split(r"[;,]", where or "") if part.strip()}


def chronological(items: Sequence[Item]) -> list[Item]:
    """Upcoming dated events by date, then undated ones, then those whose date has passed."""

    def key(pair: tuple[int, Item]) -> tuple[int, dt.date, dt.date, int]:
        position, item = pair
        event = item.event
        bounds = when_bounds(event.when) if event else None
        group = 2 if event and event.status == PASSED else (0 if bounds else 1)
        first, last = bounds or (dt.date.max, dt.date.max)
        return group, first, last, position

    return [item for _, item in sorted(enumerate(items), key=key)]
