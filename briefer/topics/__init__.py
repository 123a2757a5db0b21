"""Which sentences each topic of the brief is made from.

A sentence belongs to every topic whose terms it names (``briefer.topics.terms``),
or whose context terms ("the crisis") it uses right after a sentence of the
same paragraph that named the topic. A ``future_only`` topic (the outlook)
takes the sentences that name it and announce an event still to come
(``briefer.topics.events``): a planned visit is news, a past one is not.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from briefer.config import TopicConfig
from briefer.model import Article, Event, Item, Sentence, SentenceKey
from briefer.topics.events import announced_events
from briefer.topics.relations import Story
from briefer.topics.salience import ArticleView, TopicSalience, article_title, is_footer
from briefer.topics.terms import TermMatcher, TopicMatcher

__all__ = ["TermMatcher", "TopicMatcher", "assign_topics", "item_topics", "topic_candidates"]


def item_topics(item: Item, candidates: Mapping[str, Sequence[Sentence]]) -> tuple[str, ...]:
    """The topics (in configured order) whose candidates hold the item's sentence or a
    restatement of it: where a line of the bottom line is told in full."""
    keys = {item.sentence.key, *(s.key for s in item.also_reported_as)}
    return tuple(
        topic_id
        for topic_id, chosen in candidates.items()
        if any(sentence.key in keys for sentence in chosen)
    )


def assign_topics(
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    topics: Sequence[TopicConfig],
    events: dict[SentenceKey, list[Event]] | None = None,
) -> tuple[dict[str, list[Sentence]], dict[SentenceKey, list[Event]]]:
    """Each topic's candidate sentences, and the coming events each sentence announces.

    The one entry point of the stage: the pipeline and benchmarks/topics_eval.py
    both call it, so the benchmark measures what the brief is made from.
    ``events`` are ``announced_events`` when they were found elsewhere (per
    article, where the build's executor runs).
    """
    wants_events = any(topic.future_only for topic in topics)
    if events is None or not wants_events:
        events = announced_events(articles, sentences) if wants_events else {}
    announcing = {key for key, found in events.items() if found}
    titles = {article.id: article.title for article in articles}
    candidates = topic_candidates(sentences, topics, announcing, titles)
    return candidates, events


def topic_candidates(
    sentences: Sequence[Sentence],
    topics: Sequence[TopicConfig],
    announcing: Collection[SentenceKey] = (),
    titles: Mapping[str, str] | None = None,
) -> dict[str, list[Sentence]]:
    """Each topic's id -> the sentences (in order) that belong to it.

    A sentence belongs when its article is about the topic
    (``briefer.topics.salience``: ``titles`` maps article ids to titles) and
    it names the topic, or carries it by a context term; a topic's
    ``entities`` ask for more names in the sentence. ``announcing`` holds the
    sentences that announce a coming event, for the ``future_only`` topics.
    Sentences are read article by article, in order; each reads its token
    record, made once at segmentation.
    """
    matchers = [TopicMatcher(topic) for topic in topics]
    salience = [TopicSalience(m.topic, m.terms) for m in matchers]
    found: dict[str, list[Sentence]] = {topic.id: [] for topic in topics}
    for own in _by_article(sentences):
        heading = (titles or {}).get(own[0].article_id) or ""
        article = ArticleView(article_title(heading), own, heading)
        for matcher, salient in zip(matchers, salience, strict=True):
            names_topic = matcher.terms.found_in  # matcher.names_topic, one call fewer
            named = [names_topic(s.tokens) for s in own]
            if not salient.about(article, named):
                continue
            story = salient.story(article)
            taken = [
                _belongs(matcher, salient, s, names, announcing, story)
                for s, names in zip(own, named, strict=True)
            ]
            if story.relations:
                taken = _passages(own, taken, salient, story)
            found[matcher.topic.id].extend(s for s, t in zip(own, taken, strict=True) if t)
    return found


def _belongs(
    matcher: TopicMatcher,
    salient: TopicSalience,
    sentence: Sentence,
    names: bool,
    announcing: Collection[SentenceKey],
    story: Story,
) -> bool:
    """Does a sentence of an on-topic article belong to the topic?

    A story of relations (``briefer.topics.relations``) may carry the US party
    unnamed: there the relation test decides alone.
    """
    if matcher.topic.future_only:
        return names and sentence.key in announcing
    if is_footer(sentence.text):
        return False  # "For more information ... please visit www.state.gov/..."
    named = names or matcher.carries_topic(sentence)
    if not named and not story.relations:
        return False
    return salient.has_entities(sentence, story, named)


def _passages(
    own: Sequence[Sentence], taken: list[bool], salient: TopicSalience, story: Story
) -> list[bool]:
    """Sentences taken, the sentences next to them in their paragraph that carry them on, and
    the items of a list a taken sentence opens ("... by committing to:" then "Leverage new
    technologies ...;" up to the item that ends the list)."""
    spread = list(taken)
    for i, sentence in enumerate(own):
        if taken[i]:
            continue
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(own) and taken[j]]
        if any(own[j].paragraph == sentence.paragraph for j in near) and salient.in_passage(
            sentence, story
        ):
            spread[i] = True
    for i, sentence in enumerate(own):  # a list a relation opens ("... by committing to:")
        if spread[i] and sentence.text.endswith(":"):
            for j in range(i + 1, len(own)):
                if not (spread[j] or salient.in_passage(own[j], story, listed=True)):
                    break  # "ENETEC S.A.": a designated entity's name is no relation
                spread[j] = True
                if not own[j].text.endswith(";"):
                    break
    return spread


def _by_article(sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    groups: list[list[Sentence]] = []
    for sentence in sentences:
        if groups and groups[-1][0].article_id == sentence.article_id:
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
    return groups
