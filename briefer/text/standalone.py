"""Sentences that stand alone: an item never opens by pointing back at a sentence not shown.

"They delved into the comprehensive dynamics..." means nothing in a brief;
"[Wang Yi and Sergei Lavrov] delved into..." does. ``repair`` does what an
editor does with a quotation: a connective that ties the sentence to the one
before ("Moreover,", "Also,", "Then,") is dropped, and a pronoun subject
("They", "He", "His") is replaced by its antecedent in brackets, when the
sentences before it name exactly one person (or, for "They", exactly two, or
one organisation) -- then the reader is told who, and told that the words are
the editor's. When the antecedent is not that clear ("This rapport has
solidified...", "It" of a thing), there is no repair: the caller shows the
sentence only after the one it points back to, or not at all.

Pure functions of text: no article, no brief, no state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefer.text.entities import (
    ORGS,
    TITLE_WORDS,
    capitalised_runs,
    known_places,
    nationality_words,
)
from briefer.text.keys import MAX_CHARS
from briefer.text.words import points_back

#: How many sentences back a chain of pronouns ("He ... He ...") may be followed.
LOOK_BACK = 3

_CONNECTIVE = re.compile(
    r"(?P<word>moreover|also|furthermore|additionally|meanwhile|however|nevertheless|"
    r"besides|instead|still|thus|therefore|hence|then|in addition|as well|finally|after all|"
    r"in continuation of his visit|in continuation of her visit)\s*,\s*",
    re.IGNORECASE,
)
_BARE_CONJUNCTION = re.compile(r"(?:and|but|yet|also)\s+(?=\S)", re.IGNORECASE)
_SUBJECT = re.compile(r"(?P<pronoun>they|he|she|his|her|their)\b\s*(?P<rest>.*)", re.S | re.I)
#: "It is evident that...", "It was not clear whether...": "it" that points at nothing.
_EXPLETIVE_IT = re.compile(
    r"it\s+(?:is|was|has been|had been|will be|would be|remains|seems|appears)\s+"
    r"(?:\w+\s+){0,3}?(?:that|to|whether|if|how|why|when|unclear|clear)\b",
    re.IGNORECASE,
)
#: Openings ``points_back`` lets through that still need the sentence before.
_STILL_POINTS_BACK = re.compile(
    r"(?:that|after all)\b|(?:\w+\s+){0,2}(?:this|these|those|such)\s+\w+", re.IGNORECASE
)
#: "US Federal Reserve chairman Alan Greenspan": the person comes after the organisation.
_ROLE = re.compile(
    r"\s+(?:chairman|chairwoman|chief|leader|president|minister|secretary|boss|head|"
    r"spokesman|spokeswoman|director|manager|coach|captain|chancellor|governor)\s+"
)
#: Last words of a meeting's name ("NATO Foreign Ministerial"): not a person.
_MEETINGS = frozenset(
    [
        "summit",
        "meeting",
        "ministerial",
        "conference",
        "forum",
        "talks",
        "dialogue",
        "session",
        "visit",
        "trip",
    ]
)
_ORG_HEADS = frozenset(
    [
        "Ministry",
        "Department",
        "Council",
        "Committee",
        "Commission",
        "Agency",
        "Office",
        "Bureau",
        "Union",
        "Bank",
        "Fund",
        "Organization",
        "Organisation",
        "Government",
        "Parliament",
        "Assembly",
        "Court",
        "Police",
        "Army",
        "Party",
    ]
)


def repair(sentence: str, preceding: Sequence[str]) -> str | None:
    """``sentence`` made to stand on its own, or None when that cannot be done.

    ``preceding`` holds the sentences before it in its article, in order.
    A sentence that does not point back is returned unchanged.
    """
    text = sentence.strip()
    if not points_back(text):
        return text
    text = _drop_connective(text)
    if _STILL_POINTS_BACK.match(text):
        return None
    if not points_back(text) or _EXPLETIVE_IT.match(text):
        return _capitalise(text)
    subject = _SUBJECT.match(text)
    if subject is None:
        return None  # "This rapport", "These exchanges", "It": the antecedent is no name
    pronoun, rest = subject.group("pronoun").lower(), subject.group("rest")
    antecedent = _antecedent(pronoun, list(preceding))
    if antecedent is None:
        return None
    possessive = pronoun in ("his", "her", "their")
    if pronoun == "her" and not _looks_possessive(rest):
        return None  # "Her" as an object opening a sentence is rare and unclear
    return f"[{_capitalise(antecedent)}{'’s' if possessive else ''}] {rest}"


def _drop_connective(text: str) -> str:
    """ "And after all, he has..." -> "he has...": every tie to the sentence before goes."""
    while True:
        match = _CONNECTIVE.match(text) or _BARE_CONJUNCTION.match(text)
        if match is None:
            return text
        text = _capitalise(text[match.end() :])


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _looks_possessive(rest: str) -> bool:
    return bool(rest) and rest[0].islower()


def _antecedent(pronoun: str, preceding: list[str], depth: int = LOOK_BACK) -> str | None:
    """Who the pronoun stands for: the subject of the sentence before, when that is clear.

    "He"/"His" takes a subject that is one person ("The Secretary", "Assistant
    Secretary Kritenbrink"); "They"/"Their" a subject that is two people, or
    one person and the one other person the sentence names in full ("Wang also
    briefed Foreign Minister Sergei Lavrov"), or an organisation. A subject
    that is itself a pronoun of the same number is followed one sentence further.
    """
    if not preceding or depth == 0:
        return None
    previous = preceding[-1]
    plural = pronoun in ("they", "their")
    opening = _SUBJECT.match(_drop_connective(_drop_introduction(previous)))
    if opening is not None:
        same_number = (opening.group("pronoun").lower() in ("they", "their")) == plural
        return _antecedent(pronoun, preceding[:-1], depth - 1) if same_number else None
    subject = _subject(previous)
    if subject is None:
        return None
    kind, names = subject
    if not plural:
        if kind != "person" or len(names) != 1:
            return None
        return _named_title(names[0], preceding) if names[0].startswith("The ") else names[0]
    if kind == "organisation":
        return names[0]
    if kind == "person" and len(names) == 1:
        others = [p for p in _full_names(previous) if p != names[0] and p not in names[0]]
        names = [names[0], *others]
    return f"{names[0]} and {names[1]}" if kind == "person" and len(names) == 2 else None


def _named_title(title: str, preceding: list[str]) -> str:
    """ "The Secretary" -> "Antony J. Blinken" when the article named him with that title."""
    wanted = title.split(" ")[1:]
    for sentence in reversed(preceding):
        for run in capitalised_runs(sentence[:MAX_CHARS]):
            words = run.text.split(" ")
            at = [i for i in range(len(words)) if words[i : i + len(wanted)] == wanted]
            if at and (at[0] == 0 or words[at[0] - 1] not in TITLE_WORDS):
                name = _display(run.text)
                if name:
                    return name
    return title


_INTRODUCTION = re.compile(
    r"(?:In|On|At|During|From|After|Following|Then|Finally|Later|Today|Earlier|Throughout)"
    r"\b[^,]{0,80},\s*"
)


def _drop_introduction(sentence: str) -> str:
    """ "In Bangkok, Thailand, Secretary Blinken will..." -> "Secretary Blinken will..."."""
    match = _INTRODUCTION.match(sentence)
    if not match:
        return sentence
    rest = sentence[match.end() :]
    gazetteer = known_places()
    place = re.match(r"([^,]{1,40}),\s*", rest)
    while place and place.group(1) in gazetteer:
        rest = rest[place.end() :]
        place = re.match(r"([^,]{1,40}),\s*", rest)
    return rest


_TITLE_SUBJECT = re.compile(
    r"(?:[Tt]he\s+)?((?:Assistant\s+|Deputy\s+|Under\s+)?Secretary(?:\s+General)?|President|"
    r"Prime Minister|Foreign Minister|Minister|Ambassador|Counselor|Envoy|Chancellor)\b"
    r"(?!\s+(?:of\s+)?[A-Z])",
)


def _subject(sentence: str) -> tuple[str, list[str]] | None:
    """The sentence's subject, if it opens with one: ("person", names) or ("organisation", ...)."""
    text = _drop_connective(_drop_introduction(sentence.strip()))
    titled = _TITLE_SUBJECT.match(text)
    if titled:
        return "person", [_capitalise(text[: titled.end()])]
    runs = capitalised_runs(text[:MAX_CHARS])
    if not runs or runs[0].start > 4:
        return None
    first = runs[0]
    if text[first.end : first.end + 2] in ("’s", "'s"):
        return None  # "Mr Brown's Budget was ...": the subject is the Budget
    role = _ROLE.match(text, first.end)
    if role and len(runs) > 1 and runs[1].start == role.end():
        first = runs[1]
    parts = first.text.split(" and ")
    if len(parts) == 2:  # "Secretary Blinken and Foreign Minister Rau discussed"
        pair = [_display(part, lone_ok=True) for part in parts]
        if pair[0] and pair[1]:
            return "person", [pair[0], pair[1]]
    if first.text.split(" ")[-1] in _ORG_HEADS:
        return "organisation", [_with_article(first.text, text)]
    name = _display(first.text, lone_ok=True)
    return ("person", [name]) if name else None


def _display(run: str, lone_ok: bool = False) -> str | None:
    """A person's name as a bracket shows it: the name words ("Antony J. Blinken")."""
    gazetteer = known_places()
    words = run.split(" ")
    if run in gazetteer or any(w in _ORG_HEADS or w in gazetteer for w in words):
        return None
    name = [
        w for w in words if w not in TITLE_WORDS and w not in nationality_words() and w not in ORGS
    ]
    if not name or (len(name) == 1 and len(words) == 1 and not lone_ok):
        return None
    if words[-1].lower() in _MEETINGS:
        return None  # "NATO Foreign Ministerial" is a meeting, not a person
    return " ".join(name)


def _full_names(sentence: str) -> list[str]:
    """People named with a title or in full ("Foreign Minister Sergei Lavrov"), in order."""
    found: list[str] = []
    for run in capitalised_runs(sentence[:MAX_CHARS]):
        for part in re.split(r",\s*|\s+and\s+", run.text):
            name = _display(part)
            if name and name not in found:
                found.append(name)
    return found


def _with_article(name: str, text: str) -> str:
    """ "Russian Foreign Ministry" keeps the "the" the text gives it: "the Russian ..."."""
    position = text.find(name)
    before = text[max(0, position - 4) : position]
    return f"the {name}" if before.lower().endswith("the ") else name
