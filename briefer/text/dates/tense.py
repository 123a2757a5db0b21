"""The tense of the clause a time expression sits in: past reporting or an announcement."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

Tense = Literal["past", "future"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019][a-z]+)?")
_CLAUSE_END = re.compile(r"[;!?\n]|(?<=[a-z]{3})\.\s+(?=[A-Z])")
_MODALS = _words(
    "will shall would to 'll \u2019ll could should must can may might wo won't won\u2019t"
)
_FUTURE_WORDS = _words(
    "will shall would wo won't won\u2019t upcoming forthcoming planned scheduled slated "
    "rescheduled tomorrow soon expects expect forecasts predicts anticipates"
)
_AFTER_BE_FUTURE = _words(
    "to set due scheduled slated expected poised going planning preparing likely supposed "
    "planned about"
)
_PAST_WORDS = _words("had did ago earlier previously yesterday recently already last former")
#: The present tense that speaks of a fixed plan: "the summit opens Monday".
_SCHEDULE_VERBS = _words(
    "begins starts opens ends closes meets visits arrives departs leaves expires resumes runs "
    "kicks convenes returns travels heads hosts faces plays launches reopens gets votes holds "
    "hears rules decides sits goes comes marks wraps concludes debates"
)
_IRREGULAR_PAST = _words(
    """said told met made took gave came went saw began won lost fell rose sold bought paid
    left led held sent spoke wrote brought thought found kept struck drew grew knew threw flew
    fled broke chose froze stole swore tore wore woke rode ran sang sat stood understood fought
    caught taught sought built felt heard meant shot spent slept became withdrew forgot got ate
    drove arose hung dealt laid lent bent swept wept dug stuck swung rang sprang shrank sank
    overtook undertook forgave overcame upheld withheld beat bore"""
)
_NOT_PAST_ED = _words(
    """need speed feed seed bleed breed proceed exceed succeed indeed hundred kindred sacred
    naked wicked bed shed wed red embed based related called detailed limited advanced
    concerned interested united unprecedented skilled talented aged beloved learned alleged
    proposed expected planned scheduled anticipated armed elected supposed bred greed weed
    deed creed freed heed"""
)
_DETERMINERS = _words("the a an his her its their our your my this that these those of in and")
_AUXILIARIES = _words("was were is are am be been being has have had will would")
#: A date these put something off to is still ahead: "delayed until", "pushed back to".
_POSTPONED = _words("postponed delayed deferred rescheduled pushed moved extended adjourned")
#: Before "to", these speak of an intention: "plans to sign on Friday", "vowed to return in May".
_INTENDS = _words(
    """plan plans planned planning intend intends intended aim aims aimed hope hopes hoped
    want wants wanted vow vows vowed pledge pledges pledged promise promises promised agree
    agrees agreed decide decides decided seek seeks sought threaten threatens threatened
    prepare prepares prepared expect expected"""
)
#: Modal verbs that speak of what is to come (never capitalised: "May" is a month or a name).
_MODAL_AHEAD = _words("should must might may")
#: Verbs whose past is their present: "The storm hit Florida in September" (a singular
#: subject would say "hits"): past, unless a modal or "to" comes before ("will hit").
_BARE_PAST = _words("hit shut cut put cost let quit spread hurt split burst cast struck")
#: A plural subject's present tense of a fixed plan: "Voters go to the polls on Sunday".
_PLURAL_SCHEDULE = _words(
    "begin start meet vote go return resume convene reconvene gather arrive travel head open "
    "reopen close"
)
_PLURAL_SUBJECTS = _words("they we")
#: Before "expected", these make it a comparison, not a plan: "grew faster than expected".
_COMPARING = _words("than as")


def sentence_tense(text: str, start: int, end: int) -> Tense | None:
    """Past or future, as the verb nearest ``text[start:end]`` in its clause reads.

    "said Friday": past; "will meet on Friday": future; "who was arrested in
    August, will appear in court on Friday": each date takes its own verb. A
    verb before the expression is preferred to one after it ("On Friday, the
    court sentenced him" still reads the verb after). None: no verb to go by.
    """
    clause_start = 0
    for boundary in _CLAUSE_END.finditer(text, 0, start):
        clause_start = boundary.end()
    after_end = _CLAUSE_END.search(text, end)
    clause_end = after_end.start() if after_end else len(text)
    before = [m.group(0) for m in _TOKEN.finditer(text, clause_start, start)]
    after = [m.group(0) for m in _TOKEN.finditer(text, end, clause_end)]
    first_word = _TOKEN.search(text, start, end)
    words = [*before, first_word.group(0) if first_word else "", *after]
    here = len(before)
    best: tuple[int, Tense] | None = None
    for index, _ in enumerate(words):
        if index == here:
            continue
        cue = _cue(words, index)
        if cue is None:
            continue
        distance = here - index if index < here else index - here + 3
        if best is None or distance < best[0]:
            best = (distance, cue)
    return best[1] if best else None


def _cue(words: Sequence[str], index: int) -> Tense | None:
    """The tense one word gives, read with the two words before and the one after it."""
    word = words[index]
    lower = word.lower().replace("\u2019", "'")
    previous = [w.lower() for w in words[max(0, index - 3) : index]]
    following = words[index + 1].lower() if index + 1 < len(words) else ""
    if lower in _FUTURE_WORDS or lower.endswith("'ll"):
        return "future"
    if lower == "going" and following == "to":
        return "future"
    if lower in ("is", "are", "am"):
        return "future" if following in _AFTER_BE_FUTURE or following.endswith("ing") else None
    if lower in ("was", "were"):
        return "future" if following in _AFTER_BE_FUTURE else "past"
    if lower in ("has", "have"):  # "have until March 31 to file": a deadline ahead
        return "future" if following in ("to", "until", "till") else "past"
    if lower in _PAST_WORDS:
        return "past"
    if lower == "expected" and previous and previous[-1] in _COMPARING:
        return None  # "rose more than expected in the fourth quarter": no plan
    if lower in ("due", "set", "expected"):
        return "future" if following in ("to", "for", "on", "in") else None
    if lower in _SCHEDULE_VERBS:  # a verb, unless a noun: "counted votes", "the talks"
        before = previous[-1] if previous else ""
        return None if before in _DETERMINERS or _past_form(before) else "future"
    if lower in _POSTPONED and (
        following in ("to", "back", "off") or _until_ahead(words[index + 1 : index + 10])
    ):
        return "future"  # "delayed its decision until Jan. 31": ahead of the delay
    if lower == "put" and following in ("off", "back"):
        return "future"  # "put off its ruling until April 9" ("was put to a vote": past)
    if lower in _INTENDS and following == "to":
        return "future"
    if word in _MODAL_AHEAD:
        return "future"
    if word != lower and index > 0:
        return None  # a capitalised word inside a clause is a name ("United", "Ted")
    if lower in _BARE_PAST:
        before = previous[-1] if previous else ""
        return "future" if before in _MODALS else None if before in _DETERMINERS else "past"
    if lower in _PLURAL_SCHEDULE and index > 0 and _plural_subject(words[index - 1]):
        return "future"
    if not _past_form(lower):
        return None
    if following == "by" and not set(previous[-2:]) & _AUXILIARIES:
        return None  # "the event co-hosted by the UN on March 16": a participle, no tense
    return _participle_tense(previous)


def _until_ahead(words: Sequence[str]) -> bool:
    """Does "until" (or "till") come in these words, before any other verb's clause?"""
    return any(word.lower() in ("until", "till") for word in words)


def _plural_subject(word: str) -> bool:
    """ "Voters", "leaders", "they": a plural subject (not "Monday's", "the", "did")."""
    lower = word.lower()
    if lower in _PLURAL_SUBJECTS:
        return True
    return (
        lower.endswith("s")
        and not lower.endswith(("ss", "'s", "\u2019s", "us", "is"))
        and lower not in _DETERMINERS
        and lower not in _AUXILIARIES
        and lower not in ("has", "does", "was", "as", "its", "this", "his")
    )


def _past_form(lower: str) -> bool:
    """ "said", "arrested": a past tense or participle (not "need", "hundred", "proposed")."""
    return lower in _IRREGULAR_PAST or (
        lower.endswith("ed") and len(lower) > 4 and lower not in _NOT_PAST_ED
    )


def _participle_tense(previous: Sequence[str]) -> Tense:
    """ "will be held", "to be signed", "is scheduled": ahead; "has been held", "held": past."""
    last = previous[-1] if previous else ""
    if last in ("be", "being"):
        return "future" if any(w in _MODALS for w in previous[:-1]) else "past"
    if last in _MODALS or last in ("is", "are", "am"):
        return "future"
    return "past"
