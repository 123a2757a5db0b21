"""Decide which topics a sentence belongs to.

A topic is marked by words and phrases from the configuration. Matching is on
Snowball stems, so "Ukrainian" and "Ukrainians" both match the term
"Ukrainian"; multi-word phrases match as stem sequences; short all-capital
terms ("US", "U.S.", "NATO") match case-sensitively, so the pronoun "us" is
not the United States. A topic may also require the sentence to speak of the
future (the upcoming-visits topic): a planned visit is news, a past one is not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .config import TopicConfig
from .model import Sentence
from .text import stem, tokens

#: Words that say an event is planned or expected, not over.
FUTURE_CUES = re.compile(
    r"\b(?:will|shall)\b"
    r"|\b(?:is|are|was|were)\s+(?:set|due|scheduled|expected|slated|poised|going|planning|"
    r"preparing)\s+to\b"
    r"|\b(?:plans?|intends?|hopes?)\s+to\b"
    r"|\b(?:planned|upcoming|forthcoming|scheduled)\b"
    r"|\bnext\s+(?:week|month|year|weekend|spring|summer|autumn|fall|winter|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\blater\s+(?:this|in\s+the)\s+(?:week|month|year)\b"
    r"|\bin\s+the\s+coming\s+(?:days|weeks|months)\b|\btomorrow\b"
    r"|\bpreparations?\s+for\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Term:
    words: tuple[str, ...]
    case_sensitive: bool


class TopicMatcher:
    """Tells whether a sentence belongs to one configured topic."""

    def __init__(self, topic: TopicConfig) -> None:
        self.topic = topic
        self._terms = [_compile_term(term) for term in topic.terms]
        self._context_terms = [_compile_term(term) for term in topic.context_terms]

    def names_topic(self, sentence: str) -> bool:
        """True when the sentence itself names the topic (a term, not a context term)."""
        return self._has_any(sentence, self._terms)

    def matches(self, sentence: str, after_topic_sentence: bool = False) -> bool:
        """Does ``sentence`` belong to the topic?

        ``after_topic_sentence`` says the sentence before it, in the same
        paragraph, named the topic: then a context term ("the crisis") is enough.
        """
        named = self.names_topic(sentence) or (
            after_topic_sentence and self._has_any(sentence, self._context_terms)
        )
        if not named:
            return False
        return not self.topic.future_only or bool(FUTURE_CUES.search(sentence))

    @staticmethod
    def _has_any(sentence: str, terms: Sequence[_Term]) -> bool:
        if not terms:
            return False
        words = tokens(sentence)
        stems = [stem(word) for word in words]
        return any(_contains(words if t.case_sensitive else stems, t.words) for t in terms)


def topic_candidates(sentences: Sequence[Sentence], matcher: TopicMatcher) -> list[Sentence]:
    """The sentences (in order) that belong to the matcher's topic."""
    found: list[Sentence] = []
    previous: Sentence | None = None
    for sentence in sentences:
        after = (
            previous is not None
            and previous.article_id == sentence.article_id
            and previous.paragraph == sentence.paragraph
            and matcher.names_topic(previous.text)
        )
        if matcher.matches(sentence.text, after_topic_sentence=after):
            found.append(sentence)
        previous = sentence
    return found


def _compile_term(term: str) -> _Term:
    words = tokens(term)
    is_acronym = len(words) == 1 and words[0].isupper() and len(words[0]) <= 5
    if is_acronym:
        return _Term(tuple(words), case_sensitive=True)
    return _Term(tuple(stem(word) for word in words), case_sensitive=False)


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    if size == 1:
        return phrase[0] in sequence
    return any(tuple(sequence[i : i + size]) == phrase for i in range(len(sequence) - size + 1))
