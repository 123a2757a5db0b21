"""Which sentences each topic of the brief is made from.

A sentence belongs to every topic whose terms it names (``briefer.topics.terms``),
or whose context terms ("the crisis") it uses right after a sentence of the
same paragraph that named the topic. A ``future_only`` topic (the outlook)
takes the sentences that name it and announce an event still to come
(``briefer.topics.events``): a planned visit is news, a past one is not.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from briefer.config import TopicConfig
from briefer.model import Sentence, SentenceKey
from briefer.topics.terms import TermMatcher, TopicMatcher

__all__ = ["TermMatcher", "TopicMatcher", "topic_candidates"]


def topic_candidates(
    sentences: Sequence[Sentence],
    topics: Sequence[TopicConfig],
    announcing: Collection[SentenceKey] = (),
) -> dict[str, list[Sentence]]:
    """Each topic's id -> the sentences (in order) that belong to it.

    ``announcing`` holds the sentences that announce a coming event, for the
    ``future_only`` topics. One pass over the sentences; each reads its token
    record, made once at segmentation.
    """
    matchers = [TopicMatcher(topic) for topic in topics]
    found: dict[str, list[Sentence]] = {topic.id: [] for topic in topics}
    named_before: set[str] = set()  # topics the previous sentence named
    previous: Sentence | None = None
    for sentence in sentences:
        same_paragraph = (
            previous is not None
            and previous.article_id == sentence.article_id
            and previous.paragraph == sentence.paragraph
        )
        named_now: set[str] = set()
        for matcher in matchers:
            topic = matcher.topic
            names = matcher.names_topic(sentence)
            if topic.future_only:
                belongs = names and sentence.key in announcing
            else:
                belongs = matcher.matches(sentence, same_paragraph and topic.id in named_before)
            if belongs:
                found[topic.id].append(sentence)
            if names:
                named_now.add(topic.id)
        named_before, previous = named_now, sentence
    return found
