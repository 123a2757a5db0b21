"""A relation with the United States, read in one sentence of an on-topic article.

A topic of relations (``entities = ["counterpart"]``) takes a sentence when it
has both parties and something passes between them:

- **the US party**: one of the topic's terms ("U.S.", "Secretary Rubio"; not
  "South American") or context terms ("the Secretary"); inside a story of
  relations (below) also the voice that stands for the parties: "We", "our", a
  subject "They", "He", "The two", "The Department";
- **the other party**: a state or its people named as a party, not a trip's
  destination nor the war's names (``salience.as_parties``); or a foreign
  office holder ("Prime Minister David Cameron", "Foreign Minister Rau":
  offices the United States does not have) or the pair itself ("both
  countries", "bilateral") when the sentence names no third state; when the
  article's title names one state, that state, named or, in a story of
  relations, understood (not on a trip elsewhere, not at a meeting of NATO, the
  G7 ...);
- **a relational word** (``RELATION_WORDS``): met, talks, call, visit,
  alliance, partnership, agreement, sanctions, support, thanked ... "US Federal
  Reserve chairman Alan Greenspan has given a speech at a Scottish church"
  names both and relates nothing.

A story of relations is an article whose title or first sentence names the US
party first, then another party (or the US party and one state only), with a
relational word: a readout
("Secretary Blinken's Call with Polish Foreign Minister Rau"), a statement
("The United States welcomes ... Venezuela's ..."), a sanctions release
("Today, the Department of State is designating ... the Cuban regime's ...").
Named first, the US acts; "the top diplomats of China and Russia have
acknowledged ... the United States' ... stance" is a story of China and Russia.
Inside a story of relations, what one party says to the other ("He noted ...",
"The Secretary stressed ...") is a relational word too, and a sentence that
names the other party with a relational word needs no US name ("These actions
target ... the Cuban people"), unless it names a third state ("Chile's
partnership with Peru"). There the story's context carries more:

- the pair named (the US party or the parties' voice, and the story's other
  party or a foreign office holder) needs no relational word: "It also states
  that the UK's continued importance to the US will hinge on ...", "We are
  confident this work can deliver tangible results for Venezuelans";
- the pair's own, named bare, is theirs: "The agreement contains ...", "the
  centrality of the relationship";
- with the pair as subject ("They", "Secretary Rubio and President Marcos",
  "The two", "These designations") a third state is what they speak of, not
  a party: "They underscored ... no legal basis for China's expansive maritime
  claims"; not when the sentence is about a war ("discussed ... support for
  Ukraine ... Putin's war"), the war's own story;
- speech ("underscored", "welcomed") wants a speaker: "The devastating
  earthquakes have underscored ... the Venezuelan people" relates no one;
- a designated entity's description in a designations list ("MTT is a
  part-time civilian paramilitary force under ...") is the list's detail, its
  designation ("... (MTT) is designated pursuant to ...") the relation.

A readout's opening line ("... spoke today with ...", "... will meet with
President X, Prime Minister Y") says who, not yet what, and never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefer.model import Tokens
from briefer.text.tokens import tokenize
from briefer.topics.terms import TermMatcher

#: Words of something passing between two states, matched by stem ("met", "visits", "thanked").
RELATION_WORDS = (
    "meet", "met", "meeting", "talks", "call", "spoke", "discuss", "visit", "host", "invite",
    "alliance", "ally", "allies", "partner", "partnership", "relationship", "ties", "threat",
    "cooperation", "cooperate", "coordination", "agreement", "accord", "deal", "treaty",
    "memorandum", "sanction", "designate", "designation", "target", "tariff", "aid",
    "assistance", "grant", "fund", "provide", "invest", "investment", "support", "thank",
    "welcome", "urge", "applaud", "condemn", "reaffirm", "underscore", "emphasize", "sign",
    "dialogue", "bilateral", "trilateral", "negotiate", "negotiation",
    "diplomatic", "diplomacy", "embassy", "ambassador", "envoy", "summit", "congratulate",
    "appreciation", "appreciate", "pressure", "consultations", "wish",
)  # fmt: skip

#: What one party says to the other, in a story of relations: "He noted the Foreign Minister's
#: statement ...", "The Secretary stressed ...".
#: As written: "state-owned" is no speech.
_SPEECH = re.compile(r"\b(?:not|stat|stress|reiterat|express|ask)ed\b|\btold\b")

#: Where an official goes: "travel to Belgium, Poland, and Estonia", "begin his trip in Brussels".
_PLACE = r"[A-Z][\w.'\u2019-]*"
_PLACE_RUN = rf"(?:the\s+)?(?:{_PLACE}(?:\s+|,\s*|,?\s+and\s+(?:the\s+)?))*{_PLACE}"
DESTINATION = re.compile(
    r"\b(?:(?:travel(?:s|ed|led|ing|ling)?|trip|stops?)\s+(?:to|in)|tour(?:s|ed|ing)?)\s+"
    + _PLACE_RUN
)
#: Relational words whose stems other words share ("relations": "related"; "engagement":
#: "engaged in the import"): matched as written.
_AS_WRITTEN = re.compile(r"\b(?:relations|engagements?|commitments?)\b")
#: Bodies of many states: a sentence that names one is not about one state's relations.
_BODIES = re.compile(r"\b(?:NATO|EU|European Union|G7|G20|ASEAN|UN|United Nations|APEC|OSCE)\b")
#: Relational words that are speech and want a speaker: "The devastating earthquakes have
#: underscored the urgency ..." relates no one.
SPEECH_WORDS = (
    "thank", "welcome", "urge", "applaud", "condemn", "reaffirm", "underscore", "emphasize",
    "congratulate", "appreciation", "appreciate", "wish",
)  # fmt: skip
#: Any form of a speech word: "thank" -> thanked, "welcome" -> welcomed, "urge" -> urging.
_SAID = re.compile(r"\b(?:" + "|".join(w.removesuffix("e") for w in SPEECH_WORDS) + ")")
#: A speaker: a name before the speech ("President Marcos welcomed ...", "Paraguay thanked ...").
_NAMED = re.compile(r"\b(?!(?:The|These|This|That|It|Its|In|On|At|As|An?)\b)[A-Z]\w+")
#: A state's region, not a state: "European allies", "the CRS's chief European affairs analyst".
_REGIONS = frozenset({"European"})
#: An opening phrase before the subject: "Today, ", "In Manila on Tuesday, ".
_OPENER = r"^(?:[A-Z][^,]{0,60},\s+)?"
#: The two parties as the subject: "They underscored ...", "Secretary Rubio and President Marcos
#: discussed ...", "The two leaders ...": what they say of a third state is their relation.
_PAIR_SUBJECT = re.compile(
    _OPENER + r"(?:They\b|The (?:two|three)\b|Both (?:leaders|sides|ministers)\b"
    r"|(?:The )?(?:Deputy |Under |Assistant )?Secretary(?: of State)?(?: [A-Z][\w.]*){0,3}"
    r" and (?:the )?(?:[A-Z][\w-]* ){0,3}"
    r"(?:Minister|President|Prime|Chancellor|Premier|Advisor|Secretary)\b"
    r"|The (?:leaders|ministers|Ministers|Secretaries|delegations)\b"
    r"|(?:These|The|Today's) (?:actions|designations|sanctions|measures)\b)"
)
#: A war between others, which the pair may discuss: the war's story, not their relation.
_WAR = re.compile(r"\b(?:(?<!prisoners of )war|invasion|aggression|attack|assault|offensive)\b")
#: What the pair has, named bare inside their story: "The agreement contains ...", "This MOU
#: also strengthens ...", "the influence and centrality of the relationship".
_THE_PAIRS = re.compile(
    _OPENER + r"(?:The|This|These) (?:(?:special|bilateral|strategic) )?"
    r"(?:relationship|alliance|agreement|partnership|MOUs?|memorand(?:um|a)|framework)\b"
    r"|\bthe (?:special )?relationship\b"
)
#: A sanctioned entity's description in a designations list (its name in capitals, then what
#: it is or has done): "MTT is a part-time civilian paramilitary force ...", "Additionally,
#: LOPEZ MIERA has worked to ...". Its designation ("... (MTT) is designated pursuant to
#: ...") is the relation.
_ENTITY_NOTE = re.compile(
    r"^(?:Additionally,\s+)?[A-Z]{3,}(?:\s+[A-Z][A-Z.&-]*)*(?:\s+\([A-Z0-9 .&-]+\))?"
    r"\s+(?:is|are|was|were|has|have)\b(?!\s+(?:been\s+|also\s+)?designated)"
)
#: Offices the United States does not have: their holder is the other party.
FOREIGN_OFFICE = re.compile(r"\b(?:Minister|Chancellor|Premier)\s+(?=[A-Z])")
#: The two parties named together.
_PAIR = re.compile(
    r"\b(?:[Bb]oth|[Tt]he two|[Oo]ur two|[Tt]he three|[Oo]ur three)\s+"
    r"(?:countries|nations|governments|leaders|sides|allies)\b|\b(?:bi|tri)lateral(?:ly)?\b"
)
#: The parties' voice in a story of relations: "We applaud ...", "our prior sanctions", the
#: Secretary's own "I extend my sincere wishes to the people of Belarus", and a
#: subject that stands for them ("They also discussed ...", "Today, he will ...").
_VOICE = re.compile(
    _OPENER + r"(?:They|He|She|The two|Both|The Secretary|The Department)\b"
    r"|\b(?:[Ww]e|[Oo]ur|I|[Mm]y)\b"
)
#: "America" and "American" inside the name of another place: "South American", "Latin America".
_OTHER_AMERICAS = re.compile(r"\b(?:South|Latin|Central|North|Pan|Meso)[- ]Americ\w*")


@lru_cache(maxsize=1)
def relation_words() -> TermMatcher:
    return TermMatcher(RELATION_WORDS)


@lru_cache(maxsize=1)
def acts() -> TermMatcher:
    """The relational words that are not only speech."""
    return TermMatcher(tuple(w for w in RELATION_WORDS if w not in SPEECH_WORDS))


@dataclass(frozen=True)
class Story:
    """What an article tells of its parties, for the sentences inside it."""

    #: The one state the title names ("Call with Polish Foreign Minister Rau": Poland), else empty.
    counterparts: frozenset[str] = frozenset()
    #: The other parties when the title or first sentence names both sides, else empty.
    parties: frozenset[str] = frozenset()
    #: The title or first sentence names the US party and another party.
    relations: bool = False


#: An article that tells nothing of its parties.
NO_STORY = Story()


def relates(text: str, tokens: Tokens, names_us: bool, named: set[str], story: Story) -> bool:
    """Does a sentence relate the United States and another party?

    ``names_us``: it names the US party (a term or a context term); ``named``:
    the states it names as parties (destinations blanked, and the war's names
    when the title names no state).
    """
    named = named - _REGIONS
    parties = story.counterparts or story.parties
    third = named - parties if parties else set()
    if story.relations and not names_us and _ENTITY_NOTE.search(text):
        return False  # "MTT is a part-time civilian paramilitary force under ..."
    if story.relations and third and _PAIR_SUBJECT.search(text) and not _WAR.search(text):
        third = set()  # "They underscored ... no legal basis for China's expansive claims"
    voice = _VOICE.search(text) is not None
    if story.relations and not third:  # the story's pair, by name or by the parties' voice
        if named & parties and (names_us or voice):
            return True  # "It also states that the UK's continued importance to the US ..."
        if names_us and FOREIGN_OFFICE.search(text):
            return True  # "Prime Minister David Cameron and US President Barack Obama ..."
        if _THE_PAIRS.search(text):
            return True  # "The agreement contains a jointly funded plan ..."
    relational = relation_words().found_in(tokens) or _AS_WRITTEN.search(text) is not None
    if not relational and not (story.relations and _SPEECH.search(text)):
        return False
    stand_in = not third and (FOREIGN_OFFICE.search(text) or _PAIR.search(text)) is not None
    if names_us:
        other = bool(named & story.counterparts) if story.counterparts else bool(named)
        # In a story of relations the title's state is the other party unless a third is named.
        implied = story.relations and bool(story.counterparts) and not third
        if implied:  # not on a trip elsewhere nor at a meeting of many
            implied = DESTINATION.search(text) is None and _BODIES.search(text) is None
        return other or stand_in or implied
    if not story.relations or third:
        return False
    if not voice and not _acts(tokens, text):
        return False  # "The devastating earthquakes have underscored the urgency ..."
    return bool(named & parties) or stand_in or voice


def speaks_of_war(text: str) -> bool:
    """The sentence speaks of a war ("Russian aggression against Ukraine"): the war's story."""
    return _WAR.search(text) is not None


def is_entity_note(text: str) -> bool:
    """A designated entity's description in a designations list ("MTT is a ... force")."""
    return _ENTITY_NOTE.search(text) is not None


def _acts(tokens: Tokens, text: str) -> bool:
    """Something passes between the parties, not only words that want a speaker ("urged",
    "welcomed"): an act (sanctions, aid, talks), or a speaker named before the speech."""
    if acts().found_in(tokens) or _AS_WRITTEN.search(text) is not None:
        return True
    said = _SAID.search(text)
    return said is not None and _NAMED.search(text, 0, said.start()) is not None


def names_us_party(terms: TermMatcher, text: str, tokens: Tokens) -> bool:
    """The topic's terms found, but not as part of another America ("South American")."""
    if not terms.found_in(tokens):
        return False
    if _OTHER_AMERICAS.search(text) is None:
        return True
    return terms.found_in(tokenize(_OTHER_AMERICAS.sub(" ", text)))
