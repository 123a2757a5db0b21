"""Events a sentence announces: planned visits, meetings and summits, with their dates.

A sentence is judged on its own words, never on the heading above it
("Jinping's Upcoming Visit to Russia" introduces a past visit). It yields
events only when it speaks of something still to come: a firm cue ("will",
"upcoming", "is set to", "next month") or a date that lies after the
article's own date. Past ("had made a similar visit in March"), ongoing ("is
currently on a four-day visit") and hypothetical ("would meet if") events
yield nothing.

Dates are resolved against the article's date by ``briefer.text.dates``,
keeping the granularity the text gives; no date in the text means ``when`` is
None. Who and where come from the names ``briefer.text.entities`` finds and
the event's kind word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from briefer.model import Article, Event, Sentence, SentenceKey
from briefer.text.dates import DateMention, dates_in
from briefer.text.entities import (
    LIST_GAP,
    WORD_RE,
    Place,
    capitalised_runs,
    known_places,
    places_in,
    words_of,
)
from briefer.text.words import stop_words
from briefer.topics.parties import (
    EVENT_NOUNS,
    diplomatic,
    ends_in_event_word,
    gap,
    participants,
    words_between,
)

_words = words_of
_WORD_RE = WORD_RE

# --- Is the sentence about something to come? ---------------------------------------------


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
            for d in dates_in(text, article_date)
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
    places = places_in(text)
    who = tuple(participants(text, places, [(k.start, k.end) for k in kinds]))
    if not diplomatic(text, who, places):
        return []
    anchors = _anchor_dates(text, kinds, dates)
    alone = len(anchors) == 1
    events = [_event(text, kind, date, who, places, kinds, mood, alone) for kind, date in anchors]
    return _one_per_purpose(_unique_events(events))


#: Distinct sentences whose events and dates are kept: a day repeats its wire copy.
EVENTS_CACHED = 1 << 15


@lru_cache(maxsize=EVENTS_CACHED)
def _events_of(text: str, article_date: dt.date | None) -> tuple[Event, ...]:
    """``detect_events``, once per distinct sentence and date (it reads nothing else)."""
    return tuple(detect_events(text, article_date))


def _one_per_purpose(events: list[Event]) -> list[Event]:
    """A trip to a named event is that event: "travel to Germany on June 23 to join foreign
    ministers for the Berlin Ministerial Conference on June 24" is one row, the conference."""
    kept: list[Event] = []
    for event in events:
        previous = kept[-1] if kept else None
        if previous is not None and _is_trip(previous) and _named_event(event):
            kept[-1] = replace(
                event,
                where=event.where or previous.where,
                who=tuple(dict.fromkeys((*previous.who, *event.who))),
            )
        else:
            kept.append(event)
    return kept


def _is_trip(event: Event) -> bool:
    return event.what in ("trip", "visit") or event.what.startswith("visit to ")


def _named_event(event: Event) -> bool:
    return any(word[:1].isupper() for word in event.what.split(" "))


def article_events(sentences: Sequence[str], article_date: dt.date | None) -> list[list[Event]]:
    """The events of each sentence of one article, in order, elaborations left out.

    An article that announces a dated trip goes on to describe it: "During his
    visit, he will meet ...", "This will be the first visit to Fiji since
    1985". An undated sentence that refers back to an event the article has
    already dated (its visit, summit, conference), or that names the same
    place as one, adds detail to that event, not a new row; so does an
    undated meeting with no place of its own after a dated trip ("He will
    meet with Foreign Minister Saleumxay": a meeting on the trip). "In
    continuation of his visit, Wang Yi will engage in talks" stays: the visit
    it refers to is under way, not one announced as coming.
    """
    found: list[list[Event]] = []
    announced = _Announced()
    for text in sentences:
        events = _events_of(text, article_date)
        if not events:  # most sentences announce nothing
            found.append([])
            continue
        found.append([e for e in events if not _elaborates(text, e, announced)])
        dated = [e for e in events if e.when_text is not None]
        if dated:  # most sentences announce nothing: spare them a second search
            announced.add(dated, {k.kind for k in _event_words(text)})
    return found


class _Announced:
    """The dated events an article has announced so far, as ``_elaborates`` asks about them:
    any at all, their places, their kind words. Sets, so an article announcing thousands
    of events is not read over again for each sentence."""

    def __init__(self) -> None:
        self.places: set[str | None] = set()
        self.kinds: set[str] = set()

    def add(self, events: Sequence[Event], kinds: set[str]) -> None:
        self.places.update(event.where for event in events)
        self.kinds.update(kinds)

    def __bool__(self) -> bool:
        return bool(self.places)


_ANAPHOR_RE = re.compile(
    r"\b(?i:his|her|their|its|the|this|that|these|those|each)\s+(?:[A-Z][\w.-]*\s+){0,4}"
    r"(?P<noun>(?i:visits?|trips?|travel|tour|summit|forum|conferences?|ministerials?|"
    r"meetings?|talks|dialogue))\b"
)


def _elaborates(text: str, event: Event, announced: _Announced) -> bool:
    if event.when_text is not None or not announced:
        return False
    if event.where is not None:
        return event.where in announced.places
    if event.what == "meeting" and "visit" in announced.kinds:
        return True  # a meeting on the trip the article has dated
    for match in _ANAPHOR_RE.finditer(text):
        kind = _KIND_RE.fullmatch(match.group("noun"))
        if kind and kind.lastgroup in announced.kinds:
            return True
    return False


def _dates_ahead(text: str, article_date: dt.date | None) -> list[DateMention]:
    """Time expressions of a future sentence that point ahead (or are vague)."""
    ahead = []
    cue = _FIRM.search(text) or _HEDGED.search(text)
    for mention in dates_in(text, article_date):
        if mention.text.lower() in ("today", "tonight") and (
            not cue or cue.start() > mention.start
        ):
            continue  # "spoke today ... to discuss the upcoming trip": today is the call's
        if mention.kind in ("decade", "century") or (  # "21st century challenges"
            mention.kind == "year"  # a bare year no later than the article's: "the 2022 co-chair"
            and mention.text.isdigit()
            and int(mention.text) <= (article_date or dt.date.min).year
        ):
            continue
        if _PAST_BEFORE.search(text[: mention.start]) and mention.when:
            continue  # "talks begun in January 2020", "their May 15 meeting" said later
        if mention.last is not None and article_date is not None and mention.last < article_date:
            continue
        ahead.append(mention)
    return ahead


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
        if _in_a_name(text, match):
            continue  # "Sen. Jeff Sessions", "Mrs Meeting": a name, not an event
        found.append(_Kind(kind, word, match.start(), match.end()))
    return found


_NAME_BEFORE = re.compile(r"\b([A-Z][\w'’.-]*)\s+$")


def _in_a_name(text: str, match: re.Match[str]) -> bool:
    """A capitalised event word right after a capitalised name, not ending a named event."""
    word = match.group(0)
    if not word[:1].isupper() or word.lower() in EVENT_NOUNS or match.start() == 0:
        return False
    before = _NAME_BEFORE.search(text[: match.start()])
    return before is not None and before.group(1).lower() not in stop_words()


def _anchor_dates(
    text: str, kinds: list[_Kind], dates: list[DateMention]
) -> list[tuple[_Kind, DateMention | None]]:
    """Tie each date to its nearest event word; add undated "upcoming X" events."""
    tied: dict[int, tuple[_Kind, DateMention | None]] = {}
    for date in dates:
        kind = min(kinds, key=lambda k: (gap(text, k.start, k.end, date.start, date.end), k.start))
        earlier = tied.get(id(kind), (kind, None))[1]
        if earlier is None or gap(text, kind.start, kind.end, date.start, date.end) < gap(
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
        near = min(gap(text, kind.start, kind.end, d.start, d.end) for d in dates)
        after = any(0 <= words_between(text, kind.end, d.start) <= 8 for d in dates)
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


def _event(
    text: str,
    kind: _Kind,
    date: DateMention | None,
    who: tuple[str, ...],
    places: list[Place],
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


def _crosses_event(kind: _Kind, place: Place, kinds: Sequence[_Kind]) -> bool:
    """Is another event word between this one and the place?"""
    low, high = (
        sorted((kind.end, place.start)) if kind.end <= place.start else (place.end, kind.start)
    )
    return any(other is not kind and low <= other.start < high for other in kinds)


def _what(text: str, kind: _Kind, places: Sequence[Place], alone: bool) -> str:
    """A short name for the event: "third Belt and Road Forum", "visit to China", "talks".

    A named event ("Munich Security Conference") wins: the one the event word
    is part of, else (when the sentence holds one event) the one it names.
    """
    named = [run for run in capitalised_runs(text) if ends_in_event_word(run.text)]
    own = [r for r in named if r.start <= kind.start and kind.end <= r.end + 1]
    near = named if alone else []
    for run in own or near:
        ordinal = re.search(r"\b(\w+(?:st|nd|rd|th))\s+$", text[: run.start])
        return (ordinal.group(1) + " " if ordinal else "") + run.text
    if kind.kind == "visit":
        destination = [p for p in places if p.locative and p.start >= kind.end]
        if destination and words_between(text, kind.end, destination[0].start) <= 6:
            return f"visit to {destination[0].name}"
        return "visit"
    noun = kind.word.lower() if kind.kind in ("talks", "conference") else kind.kind
    noun = {"attendance": "meeting"}.get(noun, noun)
    quoted = re.search(r"\u201c[^\u201d]{1,40}\u201d\s+$", text[: kind.start])
    return (quoted.group(0) if quoted else "") + noun


def _where(text: str, kind: _Kind, places: Sequence[Place], kinds: Sequence[_Kind]) -> str | None:
    """The venue: the list of places after "in"/"to"/"at" nearest the event word.

    A list ("to Australia, Fiji, and Hawaii") is kept together, a city with its
    country ("Munich, Germany") as one; a place more than a dozen words away
    from the event word, or past another event word, is about something else.
    """
    groups: list[list[Place]] = []
    for place in (p for p in places if p.locative):
        between = text[groups[-1][-1].end : place.start] if groups else ""
        if groups and LIST_GAP.fullmatch(between):
            groups[-1].append(place)
        else:
            groups.append([place])
    scored = [
        (min(gap(text, kind.start, kind.end, p.start, p.end) for p in group), group)
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
        if place.country and names and not known_places().get(names[-1], True):
            names[-1] = f"{names[-1]}, {place.name}"
        else:
            names.append(place.name)
    return "; ".join(names)


def announced_events(
    articles: Sequence[Article], sentences: Sequence[Sentence]
) -> dict[SentenceKey, list[Event]]:
    """The coming events each sentence announces, dated against its own article's date."""
    by_article: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_article.setdefault(sentence.article_id, []).append(sentence)
    events: dict[SentenceKey, list[Event]] = {}
    for article in articles:
        own = by_article.get(article.id, [])
        found = article_events([s.text for s in own], article.date)
        events.update((s.key, e) for s, e in zip(own, found, strict=True))
    return events
