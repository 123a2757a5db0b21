"""Topic terms, matched one way wherever a topic's terms are read.

Sections, the ``brief`` ranker's topic bonus and Edmundson's bonus words all
read a topic's terms through ``TermMatcher``. Matching is on Snowball stems for
common words, so "visits" matches the term "visit"; multi-word phrases match
as stem sequences; short all-capital terms ("US", "U.S.", "NATO") match
case-sensitively, so the pronoun "us" is not the United States; capitalised
names match as written, with a plural or possessive ending ("Ukrainians",
"Zelensky's"), never by stem: Snowball makes "Harry" and "Harris" the same
stem, and Harry Kane is not US relations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefer.config import TopicConfig
from briefer.model import Sentence, Tokens
from briefer.text.tokens import tokenize
from briefer.text.words import stem

#: Distinct sentences a matcher remembers its answer for (then it starts afresh).
FOUND_CACHED = 1 << 16


def _name_forms(name: str) -> set[str]:
    """A capitalised name as it appears in text: plural, possessive, in capitals."""
    forms = {name, name + "s", name + "es", name + "'s", name + "’s", name + "s'"}
    return forms | {form.upper() for form in forms}


class TermMatcher:
    """A list of topic terms, compiled so one sentence is checked in a few set lookups.

    Short all-capital terms ("US", "NATO") are compared as written, so the
    pronoun "us" is not the United States; capitalised names as written, with
    their plural and possessive forms; other single words by stem; phrases as
    stem sequences.
    """

    def __init__(self, terms: Sequence[str]) -> None:
        self.source = tuple(terms)
        # Each form or stem -> the terms it stands for, so a sentence can count its terms.
        as_written: dict[str, set[int]] = {}
        capitals: set[str] = set()  # short all-capital terms ("US"), not names
        stems: dict[str, set[int]] = {}
        self._phrases: list[tuple[int, tuple[str, ...]]] = []
        for number, term in enumerate(terms):
            words = tokenize(term).names
            if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:
                as_written.setdefault(words[0], set()).add(number)
                capitals.add(words[0])
            elif len(words) == 1 and words[0][:1].isupper():
                for form in _name_forms(words[0]):
                    as_written.setdefault(form, set()).add(number)
            elif len(words) == 1:
                stems.setdefault(stem(words[0]), set()).add(number)
            elif words:
                self._phrases.append((number, tuple(stem(word) for word in words)))
        self._as_written = as_written
        self._capitals = frozenset(capitals)
        self._stems = stems
        #: The terms' words, for methods that take bonus words (Edmundson).
        self.words = tuple(word for term in terms for word in term.split())
        self._found: dict[tuple[str, ...], bool] = {}  # a sentence's names -> found_in

    def found_in(self, tokens: Tokens) -> bool:
        """Does a sentence (its token record) contain one of the terms?

        Answered once per distinct sentence: a day repeats its wire copy, and every
        topic asks about every sentence (the answer depends on its names only).
        """
        found = self._found.get(tokens.names)
        if found is None:
            found = (
                self._written_in(tokens)
                or not self._stems.keys().isdisjoint(tokens.name_stems)
                or any(_contains(tokens.name_stems, phrase) for _, phrase in self._phrases)
            )
            if len(self._found) >= FOUND_CACHED:
                self._found.clear()
            self._found[tokens.names] = found
        return found

    def _written_in(self, tokens: Tokens) -> bool:
        """A term as written; "US" in a shouted line ("SHOW US YOUR MEDALS") is the pronoun."""
        if self._as_written.keys().isdisjoint(tokens.names):
            return False
        names = tokens.names
        return any(
            word in self._as_written and (word not in self._capitals or not _shouted(names, i))
            for i, word in enumerate(names)
        )

    def count_in(self, tokens: Tokens) -> int:
        """How many of the terms a sentence contains (the ``brief`` ranker's topic bonus)."""
        found: set[int] = set()
        for word in self._as_written.keys() & set(tokens.names):
            found |= self._as_written[word]
        for word in self._stems.keys() & set(tokens.name_stems):
            found |= self._stems[word]
        found.update(n for n, phrase in self._phrases if _contains(tokens.name_stems, phrase))
        return len(found)


class TopicMatcher:
    """Tells whether a sentence belongs to one configured topic."""

    def __init__(self, topic: TopicConfig) -> None:
        self.topic = topic
        self.terms = TermMatcher(topic.terms)
        self._context_terms = TermMatcher(topic.context_terms)
        # A context term tied to another name: "the Secretary of Russia's Security Council".
        alternatives = "|".join(re.escape(t) for t in topic.context_terms) or r"(?!x)x"
        self._placed = re.compile(
            rf"(?i:\b(?:{alternatives}))\s+(?:of|in|over|on)\s+(?:the\s+)?(?P<place>[A-Z][\w-]+)"
        )

    def carries_topic(self, sentence: Sentence | str) -> bool:
        """Does the sentence speak of the topic by a context term ("the crisis", "the war")?

        Not when the term is placed elsewhere or qualified as another field's:
        "the crisis in Burma", "the climate crisis".
        """
        if not self._context_terms.found_in(_tokens(sentence)):
            return False
        text = sentence if isinstance(sentence, str) else sentence.text
        for pattern in (_ELSEWHERE, self._placed):
            for match in pattern.finditer(text):
                place = match.groupdict().get("place")
                if place is None or not self.terms.found_in(tokenize(place)):
                    return False
        return True

    def names_topic(self, sentence: Sentence | str) -> bool:
        """True when the sentence itself names the topic (a term, not a context term)."""
        return self.terms.found_in(_tokens(sentence))

    def matches(self, sentence: Sentence | str, after_topic_sentence: bool = False) -> bool:
        """Does ``sentence`` name the topic, or speak of it right after a sentence that did?

        ``after_topic_sentence`` says the sentence before it, in the same
        paragraph, named the topic: then a context term ("the crisis") is enough.
        A ``future_only`` topic also wants the sentence to announce a coming
        event (``briefer.topics.events``; a build dates it against its article).
        """
        tokens = _tokens(sentence)
        named = self.terms.found_in(tokens) or (
            after_topic_sentence and self._context_terms.found_in(tokens)
        )
        if not named or not self.topic.future_only:
            return named
        from briefer.topics.events import detect_events

        text = sentence if isinstance(sentence, str) else sentence.text
        return bool(detect_events(text, None))


#: A context word of another field ("climate crisis"); one placed elsewhere ("the crisis in
#: Burma") is caught by each topic's own pattern.
_ELSEWHERE = re.compile(
    r"\b(?:climate|food|energy|debt|financial|housing|health|economic|migrant|cost-of-living|"
    r"trade|price|culture|drug|gang)\s+(?:crisis|crises|war|wars|conflict)\b"
)


def _shouted(words: tuple[str, ...], index: int) -> bool:
    """Are the words on both sides of ``words[index]`` capitals too (a line in capitals)?"""
    around = words[index - 1 : index] + words[index + 1 : index + 2]
    return len(around) == 2 and all(len(w) >= 3 and w.isalpha() and w.isupper() for w in around)


def _tokens(sentence: Sentence | str) -> Tokens:
    return tokenize(sentence) if isinstance(sentence, str) else sentence.tokens


def _contains(sequence: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return phrase[0] in sequence and any(
        sequence[i : i + size] == phrase for i in range(len(sequence) - size + 1)
    )
