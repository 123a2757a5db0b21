"""Is an article about a topic, or does it only mention it?

A keyword in passing ("US 400m legend Michael Johnson", "a Ukrainian wannabe
singer") does not make a sports or showbusiness story a story about US
relations or the war. An article is about a topic when

- it speaks the topic's field: some of the topic's ``about`` words (minister,
  talks, sanctions ...) stand in at least ``MIN_ABOUT`` of its sentences (none
  needed in an item no longer than its lede), when the topic lists any; and
- it names the topic where news writing puts its subject, in the title or the
  lede (the first sentences), or names it again and again (in at least
  ``MIN_NAMING`` sentences), or names it once in an article whose sentences
  are mostly of the field (``MIN_ABOUT_SHARE``: a readout of a call in which
  Ukraine comes up once is still diplomacy); and
- its title and lede use none of the topic's ``exclude_terms`` (match,
  tournament, album ...), and fewer than ``MIN_NAMING`` of its sentences do.

Only sentences of such articles enter the topic; inside one, a sentence that
carries the topic without naming it ("any attempt to arrest Putin would be a
declaration of war") enters by a context term. Context is read inside the
article, never across articles.

A topic of relations (``entities = ["counterpart"]``) wants a relation in the
sentence: the US party, the other party and a relational word
(``briefer.topics.relations``); a story of relations (its title or first
sentence relates the two) is about the topic whatever its other words.
Every State Department release names the United States; what makes a
sentence about relations is the other party and what passes between them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from briefer.config import TopicConfig
from briefer.model import Sentence, Tokens
from briefer.text.entities import WORD_RE, country_names, nationality_words, words_of
from briefer.text.tokens import tokenize
from briefer.topics.relations import (
    DESTINATION,
    FOREIGN_OFFICE,
    NO_STORY,
    Story,
    is_entity_note,
    names_us_party,
    relates,
    relation_words,
    speaks_of_war,
)
from briefer.topics.terms import TermMatcher

#: Words a sentence needs to carry on the relation of the sentence next to it ("Thank you.": no).
MIN_PASSAGE_WORDS = 6
#: Sentences from the start of an article that make its lede.
LEDE_SENTENCES = 3
#: Sentences naming the topic that make an article about it wherever they stand.
MIN_NAMING = 3
#: Sentences with a word of the topic's field an article needs (when the topic has ``about``).
MIN_ABOUT = 2
#: Share of an article's sentences with a word of the field that makes one mention enough.
MIN_ABOUT_SHARE = 0.4


@dataclass(frozen=True)
class ArticleView:
    """What salience reads of one article: its title's tokens and its sentences, in order."""

    title: Tokens | None
    sentences: Sequence[Sentence]
    #: The title as written (the counterparts it names), "" when there is none.
    heading: str = ""


class TopicSalience:
    """One topic's article-level test, and its sentence-level test inside an on-topic article."""

    def __init__(self, topic: TopicConfig, terms: TermMatcher) -> None:
        self.topic = topic
        self._terms = terms
        self._about = TermMatcher(topic.about) if topic.about else None
        self._exclude = TermMatcher(topic.exclude_terms) if topic.exclude_terms else None
        self._as_party = "counterpart" in topic.entities
        wants_names = self._as_party or "country" in topic.entities
        self._foreign = _foreign_names(terms) if wants_names else None
        self._story: tuple[tuple[str, str], Story] | None = None  # the last article's

    def about(self, article: ArticleView, named: Sequence[bool]) -> bool:
        """Is the article about the topic? ``named[i]``: sentence i names the topic.

        A story of relations whose title or first sentence relates the two parties
        (``briefer.topics.relations``) speaks the field whatever its other words.
        """
        if not any(named):  # a story of relations names the US in its title, at least
            in_title = article.title is not None and self._terms.found_in(article.title)
            if not in_title or not self.story(article).relations:
                return False
        lede = article.sentences[:LEDE_SENTENCES]
        if self._exclude is not None:
            heads = [s.tokens for s in lede] + ([article.title] if article.title else [])
            if any(self._exclude.found_in(tokens) for tokens in heads):
                return False
            if sum(self._exclude.found_in(s.tokens) for s in article.sentences) >= MIN_NAMING:
                return False  # a sports story that opens on its news, not on the game
        field_share = 1.0
        if self._about is not None:
            hits = sum(self._about.found_in(s.tokens) for s in article.sentences)
            hits += article.title is not None and self._about.found_in(article.title)
            # A short item (a lede and no more) is all lede: naming the topic is enough.
            needed = MIN_ABOUT if len(article.sentences) > LEDE_SENTENCES else 0
            if hits < needed and not self.story(article).relations:
                return False
            field_share = hits / len(article.sentences)
        in_title = article.title is not None and self._terms.found_in(article.title)
        return (
            in_title
            or self.story(article).relations
            or any(named[:LEDE_SENTENCES])
            or sum(named) >= MIN_NAMING
            or field_share >= MIN_ABOUT_SHARE
        )

    def story(self, article: ArticleView) -> Story:
        """What the article's title and first sentence tell of its parties
        (``briefer.topics.relations``); empty when the topic asks for no ``counterpart``.

        ``counterparts``: the one state the title names ("Call with Polish Foreign
        Minister Rau": Poland), empty when it names none or several (a trip's stops).
        """
        if self._foreign is None or not self._as_party:
            return Story()
        key = (article.heading, article.sentences[0].text if article.sentences else "")
        if self._story is not None and self._story[0] == key:
            return self._story[1]
        heading = self._war_blanked_title(article.heading)
        states = {state_of(m["name"]) for m in self._foreign.finditer(heading)}
        counterparts = frozenset(states) if len(states) == 1 else frozenset()
        parties: set[str] = set()
        relations = False
        first = article.sentences[0].text if article.sentences else ""
        for text, blanked in ((article.heading, as_parties(heading)), (first, as_parties(first))):
            tokens = tokenize(text)
            if not text or not names_us_party(self._terms, text, tokens):
                continue
            if not relation_words().found_in(tokens):
                continue
            found = list(self._foreign.finditer(blanked))
            office = FOREIGN_OFFICE.search(text)
            starts = [m.start() for m in found[:1]] + ([office.start()] if office else [])
            if not starts:
                continue
            before = text[: min(starts)]  # the US party acts: it is named first,
            states = {state_of(m["name"]) for m in found}  # or with one state only
            if len(states) == 1 or names_us_party(self._terms, before, tokenize(before)):
                parties |= {state_of(m["name"]) for m in found}
                relations = True
        story = Story(counterparts, frozenset(parties), relations)
        self._story = (key, story)
        return story

    def _war_blanked_title(self, heading: str) -> str:
        """The title without the war's names ("the Russian Missile Attack Against Odesa") nor
        people's nationality ("Mexican Cartel"): its
        words lower-cased but the states', so the war's patterns read it as a sentence."""
        assert self._foreign is not None
        folded = list(heading.lower())
        for match in self._foreign.finditer(heading):
            folded[match.start() : match.end()] = heading[match.start() : match.end()]
        text = "".join(folded)
        for pattern in (_WAR_PARTY, _WAR_SCENE, _NATIONALS):
            text = pattern.sub(lambda m: " " * len(m.group(0)), text)
        return text

    def has_entities(self, sentence: Sentence, story: Story = NO_STORY, named: bool = True) -> bool:
        """Does the sentence name what the topic's ``entities`` ask for?

        ``country``: another country or its people, anywhere in the sentence.
        ``counterpart``: a relation between the US party and another
        (``briefer.topics.relations.relates``): the other party named as a party,
        not where an official travels ("will travel to Germany"); the state of the
        article's title when it names one (a readout of a call with the Polish
        minister is about Poland, not about the Ukraine they discussed), else any
        state but the war's ("Russia's war against Ukraine"). A readout's opening
        line, which only says who spoke with whom, is not yet relations.
        ``named``: the sentence names the topic (a term or a context term).
        """
        if self._foreign is None:
            return named
        text = sentence.text
        if not self._as_party:
            return named and self._foreign.search(text) is not None
        if who_met_whom(text) or is_roster(text):
            return False
        # Named by a term (not "South American"), or by a context term alone.
        names_us = named and (
            names_us_party(self._terms, text, sentence.tokens)
            or not self._terms.found_in(sentence.tokens)
        )
        states = self._states(text, war=not story.counterparts)
        return relates(text, sentence.tokens, names_us, states, story)

    def _states(self, text: str, war: bool = True) -> set[str]:
        """The states a sentence names as parties (``as_parties``), one key each."""
        assert self._foreign is not None
        return {state_of(m["name"]) for m in self._foreign.finditer(as_parties(text, war))}

    def in_passage(self, sentence: Sentence, story: Story, listed: bool = False) -> bool:
        """May a sentence next to a relation, in its paragraph of a story of relations, carry
        the relation on ("But nonetheless, the underpinnings ... remain firm and strong")?

        Only a sentence that goes on from the one before it (a connective or a word
        pointing back: "But", "It", "We") or, ``listed``, an item of a list the relation
        opens ("... by committing to:"); and not when it names a state beyond the
        story's parties, opens a readout, lists a delegation, points elsewhere,
        describes a designated entity or speaks of a war.
        """
        if self._foreign is None or not story.relations:
            return False
        text = sentence.text
        if listed:  # an item of a list a relation opens: "Align international cyber policies;"
            if _mostly_capitals(text):
                return False  # "ENETEC S.A.": a designated entity's name
        elif len(text.split()) < MIN_PASSAGE_WORDS or _CONTINUES.match(text) is None:
            return False  # "Thank you.", "Cabo Verde stands as a model of good governance ..."
        if who_met_whom(text) or is_roster(text) or is_footer(text) or is_entity_note(text):
            return False
        if speaks_of_war(text):  # the war's story
            return False
        return not (self._states(text) - (story.counterparts or story.parties))


def _mostly_capitals(text: str) -> bool:
    """A name in a designations list ("CORPORACION ANTILLANA EXPORTADORA (ANTEX S.A.)")."""
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) > len(letters) / 2


#: A sentence that goes on from the one before it: a connective or a word pointing back.
_CONTINUES = re.compile(
    r"(?:But|And|So|Yet|Also|Lastly|Finally|Furthermore|Moreover|Additionally|Still|That|This"
    r"|These|Those|It|Its|They|Their|We|Our|He|She|His|Her|There)\b"
)


def article_title(title: str | None) -> Tokens | None:
    return tokenize(title) if title else None


#: The words a readout's opening line has besides names: "spoke today by phone with ...".
_PLAIN = words_of("today yesterday with in on at by phone telephone the of and virtually")
_MET = re.compile(r"\b(?:spoke|speaks|met|meets|meet|talked)\b(?P<rest>.*)$", re.DOTALL)
#: The war named by its parties: "Russia's unprovoked war", "Russian aggression against Ukraine".
_WAR_NOUNS = r"(?:war|invasion|aggression|attack|assault|offensive|build-?up)"
_WAR_SCENE = re.compile(
    rf"\b{_WAR_NOUNS}\s+(?:against|on|of|in|towards?)\s+(?:the\s+)?[A-Z][\w'\u2019-]*"
)
_WAR_PARTY = re.compile(
    r"\b[A-Z][\w-]*(?:(?:'s|\u2019s)\s+(?:[a-z][\w-]*,?\s+(?:and\s+)?){0,4}|\s+(?:[a-z][\w-]*\s+){0,2})"
    rf"(?={_WAR_NOUNS}\b)"
)
#: A line that points the reader elsewhere: "For more information ..., please visit www...",
#: "Americans in Venezuela can reach us 24/7 at +1-202-501-4444".
_FOOTER = re.compile(
    r"(?i:\bfor more information\b|\bto learn more\b)|\bwww\.|https?://"
    r"|\+\d{1,3}[- ]\d{3}[- ]\d{3}|\b[\w.]+\.gov\b"  # a phone number, an address: "STEP.state.gov"
)


_POSSESSIVE = re.compile(r"(?<=\w)(?:'s|\u2019s)\b")


def who_met_whom(text: str) -> bool:
    """A readout's opening line: who spoke or met with whom, where and when, and nothing said.

    "Secretary Blinken spoke today with Greek Prime Minister Mitsotakis." opens
    the readout; what they discussed is in the next sentences.
    """
    met = _MET.search(_POSSESSIVE.sub("", text))  # "with China's Director of the Office of ..."
    if met is None or " with " not in met["rest"]:
        return False
    said = [w for w in WORD_RE.findall(met["rest"]) if w[:1].islower()]
    return all(word in _PLAIN for word in said)


#: People's nationality, not their state: "sanctioning two Mexican nationals and nine
#: entities", "Fuel Theft Operators Benefiting Foreign Terrorist Mexican Cartel".
_NATIONALS = re.compile(r"\b[A-Z][a-z]+\s+(?:nationals?|citizens?|cartels?|gangs?)\b")


#: Who sat at the table, not what passed between them: "The U.S. delegation included
#: participants from ...", "... co-chaired for the United States".
_ROSTER = re.compile(
    r"\b[Dd]elegations?\s+(?:included|includes|comprised|consisted)\b|\bco-?chair(?:ed|s)?\s+for\b"
    r"|\b(?:[Rr]epresentatives|[Pp]articipants)\s+from\s+the\s+(?:Government|Ministry|Department)\b"
)


def is_roster(text: str) -> bool:
    """A line that lists a meeting's delegations: who, not what."""
    return _ROSTER.search(text) is not None


def as_parties(text: str, war: bool = True) -> str:
    """The sentence with its travel destinations, people's nationality (and the war's names)
    blanked out."""
    patterns = (
        (DESTINATION, _NATIONALS, _WAR_PARTY, _WAR_SCENE) if war else (DESTINATION, _NATIONALS)
    )
    for pattern in patterns:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def is_footer(text: str) -> bool:
    """A line that sends the reader elsewhere ("For more information ... visit www...")."""
    return _FOOTER.search(text) is not None


@lru_cache(maxsize=8)
def _foreign_cached(key: tuple[str, ...]) -> re.Pattern[str]:
    terms = TermMatcher(key)
    names = list(country_names()) + list(_ABBREVIATIONS) + list(_LONG_NAMES)
    names += sorted(nationality_words())
    names = [n for n in names if not terms.found_in(tokenize(n))]
    names += [n.upper() for n in names if len(n) > 3]  # "MINISTRY OF TOURISM OF CUBA"
    names.sort(key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    # A name, its possessive, or a people in the plural ("Palestinians", "Israelis'").
    ending = r"(?:s?(?:'s|\u2019s|'|\u2019)|s)?"
    return re.compile(rf"(?<![\w.])(?P<name>{alternatives}){ending}(?![\w])")


#: States written as initials the gazetteer does not list.
_ABBREVIATIONS = ("PRC", "DPRK", "ROK")
#: Long names the gazetteer does not list, read before the names inside them ("Republic of Korea").
_LONG_NAMES = (
    "Democratic People's Republic of Korea", "Democratic People\u2019s Republic of Korea",
)  # fmt: skip
#: Names of one state that do not share its name's first four letters ("Polish": Poland).
_SAME_STATE = {
    "PRC": "China", "People's Republic of China": "China", "Chinese": "China",
    "DPRK": "North Korea", **dict.fromkeys(_LONG_NAMES, "North Korea"),
    "ROK": "South Korea", "Republic of Korea": "South Korea",
    "Russian Federation": "Russia", "Russian": "Russia",
    "United Kingdom": "UK", "Britain": "UK", "Great Britain": "UK", "British": "UK",
    "United Arab Emirates": "UAE", "Emirati": "UAE", "Czech Republic": "Czechia",
    "Republic of Cyprus": "Cyprus", "Türkiye": "Turkey", "Turkish": "Turkey", "Myanmar": "Burma",
    "Ivory Coast": "Côte d'Ivoire", "Bosnia and Herzegovina": "Bosnia", "Dutch": "Netherlands",
    "Danish": "Denmark", "Filipino": "Philippines", "French": "France", "Irish": "Ireland",
    "Welsh": "Wales", "Polish": "Poland", "Spanish": "Spain", "Swiss": "Switzerland",
    "Finnish": "Finland", "Lao": "Laos", "Laotian": "Laos", "Greek": "Greece",
}  # fmt: skip


@lru_cache(maxsize=1024)
def state_of(name: str) -> str:
    """One key per state for its names and its people's ("Japanese", "Japan's": Japan)."""
    if name.isupper() and len(name) > 3 and name not in _ABBREVIATIONS:
        name = name.title()  # "CUBAN" in a list of designations
    if name in _SAME_STATE:
        return _SAME_STATE[name]
    if name not in nationality_words():
        return name
    shared = [(_shared_start(name, c), -len(c), c) for c in country_names()]
    size, _, country = max(shared)
    return country if size >= 4 else name


def _shared_start(one: str, other: str) -> int:
    """How many letters two names share from their start."""
    size = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        size += 1
    return size


def _foreign_names(terms: TermMatcher) -> re.Pattern[str]:
    """Countries and nationalities the topic's own terms do not name ("Greece", "Polish")."""
    return _foreign_cached(terms.source)
