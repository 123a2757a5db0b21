"""Decide which topics a sentence belongs to.

A topic is marked by words and phrases from the configuration. Matching is on
Snowball stems for common words, so "visits" matches the term "visit";
multi-word phrases match as stem sequences; short all-capital terms ("US",
"U.S.", "NATO") match case-sensitively, so the pronoun "us" is not the United
States; capitalised names match as written, with a plural or possessive
ending ("Ukrainians", "Zelensky's"), never by stem: Snowball makes "Harry"
and "Harris" the same stem, and Harry Kane is not US relations. A topic may
also require the sentence to speak of the future (the upcoming-visits topic):
a planned visit is news, a past one is not.
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
class SentenceWords:
    """A sentence as topic matching reads it: its words (case kept) and their stems.

    Splitting and stemming cost far more than looking the result up in a
    topic's terms, so ``topic_candidates`` works them out once per sentence
    and every topic reads the same ones.
    """

    text: str
    words: tuple[str, ...]
    stems: tuple[str, ...]


def sentence_words(text: str) -> SentenceWords:
    """Split and stem a sentence once, for every topic to match against."""
    words = tuple(tokens(text))
    return SentenceWords(text, words, tuple(map(stem, words)))


def _name_forms(name: str) -> set[str]:
    """A capitalised name as it appears in text: plural, possessive, in capitals."""
    forms = {name, name + "s", name + "es", name + "'s", name + "’s", name + "s'"}
    return forms | {form.upper() for form in forms}


class _Terms:
    """A list of topic terms, compiled so one sentence is checked in a few set lookups.

    Short all-capital terms ("US", "NATO") are compared as written, so the
    pronoun "us" is not the United States; capitalised names as written, with
    their plural and possessive forms; other single words by stem; phrases as
    stem sequences.
    """

    def __init__(self, terms: Sequence[str]) -> None:
        as_written: set[str] = set()
        stems: set[str] = set()
        self._phrases: list[tuple[str, ...]] = []
        for term in terms:
            words = tokens(term)
            if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:
                as_written.add(words[0])
            elif len(words) == 1 and words[0][:1].isupper():
                as_written.update(_name_forms(words[0]))
            elif len(words) == 1:
                stems.add(stem(words[0]))
            elif words:
                self._phrases.append(tuple(stem(word) for word in words))
        self._as_written = frozenset(as_written)
        self._stems = frozenset(stems)

    def found_in(self, sentence: SentenceWords) -> bool:
        return (
            not self._as_written.isdisjoint(sentence.words)
            or not self._stems.isdisjoint(sentence.stems)
            or any(_contains(sentence.stems, phrase) for phrase in self._phrases)
        )


class TopicMatcher:
    """Tells whether a sentence belongs to one configured topic."""

    def __init__(self, topic: TopicConfig) -> None:
        self.topic = topic
        self._terms = _Terms(topic.terms)
        self._context_terms = _Terms(topic.context_terms)

    def names_topic(self, sentence: str | SentenceWords) -> bool:
        """True when the sentence itself names the topic (a term, not a context term)."""
        return self._terms.found_in(_as_words(sentence))

    def matches(self, sentence: str | SentenceWords, after_topic_sentence: bool = False) -> bool:
        """Does ``sentence`` belong to the topic?

        ``after_topic_sentence`` says the sentence before it, in the same
        paragraph, named the topic: then a context term ("the crisis") is enough.
        """
        words = _as_words(sentence)
        named = self.names_topic(words) or (
            after_topic_sentence and self._context_terms.found_in(words)
        )
        if not named:
            return False
        return not self.topic.future_only or bool(FUTURE_CUES.search(words.text))


def topic_candidates(
    sentences: Sequence[Sentence], matchers: Sequence[TopicMatcher]
) -> dict[str, list[Sentence]]:
    """Each matcher's topic id -> the sentences (in order) that belong to it.

    One pass over the sentences: each is split and stemmed once, for all the
    topics, and its words are dropped before the next (a day's sentences'
    words, kept, would cost memory for nothing).
    """
    found: dict[str, list[Sentence]] = {matcher.topic.id: [] for matcher in matchers}
    named_before: set[str] = set()  # topics the previous sentence named
    previous: Sentence | None = None
    for sentence in sentences:
        words = sentence_words(sentence.text)
        same_paragraph = (
            previous is not None
            and previous.article_id == sentence.article_id
            and previous.paragraph == sentence.paragraph
        )
        named_now: set[str] = set()
        for matcher in matchers:
            topic_id = matcher.topic.id
            after = same_paragraph and topic_id in named_before
            if matcher.matches(words, after_topic_sentence=after):
                found[topic_id].append(sentence)
            if matcher.names_topic(words):
                named_now.add(topic_id)
        named_before, previous = named_now, sentence
    return found


def _as_words(sentence: str | SentenceWords) -> SentenceWords:
    return sentence if isinstance(sentence, SentenceWords) else sentence_words(sentence)


def _contains(sequence: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return phrase[0] in sequence and any(
        sequence[i : i + size] == phrase for i in range(len(sequence) - size + 1)
    )
