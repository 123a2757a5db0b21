"""Compose the brief: the bottom line up front, one section per topic, numbered sources.

The bottom line takes the best sentences across every topic, weighted
towards article leads, and only sentences that read on their own (none that
opens "Moreover, they ..."). Sections follow in the configured order; each
says only facts not said before it (the fact index), and a fact reported by
several articles cites them all. The outlook section is a table of coming
events (``briefer.compose.outlook``). Sources are numbered by first citation.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from briefer.compose.facts import FactIndex
from briefer.compose.outlook import outlook_options, outlook_rows
from briefer.compose.select import select_items
from briefer.compose.timeline import weighted
from briefer.config import Config, TopicConfig
from briefer.model import (
    Article,
    Brief,
    Event,
    Item,
    Section,
    Sentence,
    SentenceKey,
    Skipped,
    Source,
)
from briefer.rank import method, score_sentences
from briefer.rank.corpus import Corpus
from briefer.text.words import points_back
from briefer.topics.terms import TermMatcher


@dataclass(frozen=True)
class Day:
    """What composing needs from the stages before it."""

    date: dt.date
    articles: Sequence[Article]
    sentences: Sequence[Sentence]
    candidates: Mapping[str, Sequence[Sentence]]  # topic id -> its sentences
    events: Mapping[SentenceKey, Sequence[Event]]  # the events each sentence announces
    skipped: Sequence[Skipped]
    # The brief's date (briefer.compose.timeline): announcements not to show as news in the
    # bottom line and sections, and each article's recency weight (article id -> weight).
    stale: frozenset[SentenceKey] = frozenset()
    recency: Mapping[str, float] = field(default_factory=dict)


def compose_brief(config: Config, day: Day) -> Brief:
    """The bottom line, then each section in order; a fact is said once in the brief."""
    facts = FactIndex(day.sentences, config.duplicate_threshold)
    corpus = Corpus(day.sentences)
    bluf = bottom_line(config, day, facts, corpus)
    said: tuple[Item, ...] = bluf
    sections = []
    for topic in config.topics:
        items = (
            outlook_section(config, topic, day, facts, corpus)
            if topic.future_only
            else topic_section(config, topic, day, facts, corpus, said)
        )
        said += items
        reported = len({s.article_id for s in day.candidates[topic.id]})
        sections.append(Section(id=topic.id, title=topic.title, items=items, reported=reported))
    return Brief(
        title=config.title,
        date=day.date,
        bluf=bluf,
        sections=tuple(sections),
        sources=number_sources(day.articles, [bluf, *(s.items for s in sections)]),
        method=config.method,
        skipped=tuple(day.skipped),
        config=config,
    )


def bottom_line(config: Config, day: Day, facts: FactIndex, corpus: Corpus) -> tuple[Item, ...]:
    """The top sentences across every topic that read on their own."""
    in_any_topic = _unique_sentences(
        s for group in day.candidates.values() for s in group if s.key not in day.stale
    )
    standing_alone = [s for s in in_any_topic if not points_back(s.text)] or in_any_topic
    all_terms = TermMatcher([term for topic in config.topics for term in topic.terms])
    return _rank_and_select(
        config, standing_alone, all_terms, config.bluf_sentences, facts, (), corpus,
        lead_prior=True, recency=day.recency,
    )  # fmt: skip


def topic_section(
    config: Config,
    topic: TopicConfig,
    day: Day,
    facts: FactIndex,
    corpus: Corpus,
    said: Sequence[Item],
) -> tuple[Item, ...]:
    """A topic's best new facts, within its budget."""
    candidates = [s for s in day.candidates[topic.id] if s.key not in day.stale]
    return _rank_and_select(
        config, candidates, TermMatcher(topic.terms), config.sentences_for(topic),
        facts, said, corpus, recency=day.recency,
    )  # fmt: skip


def outlook_section(
    config: Config, topic: TopicConfig, day: Day, facts: FactIndex, corpus: Corpus
) -> tuple[Item, ...]:
    """The coming events the topic's sentences announce, one row each, in date order."""
    candidates = day.candidates[topic.id]
    if not candidates:
        return ()
    scores = score_sentences(config.method, candidates, TermMatcher(topic.terms), corpus=corpus)
    chosen = select_items(candidates, scores, len(candidates), facts)
    return outlook_rows(
        chosen, day.events, day.date, outlook_options(config), config.sentences_for(topic)
    )


def _rank_and_select(
    config: Config,
    candidates: Sequence[Sentence],
    terms: TermMatcher,
    count: int,
    facts: FactIndex,
    said: Sequence[Item],
    corpus: Corpus,
    lead_prior: bool = False,
    recency: Mapping[str, float] | None = None,
) -> tuple[Item, ...]:
    """Score candidates with the configured method and pick ``count`` new facts.

    The topic's terms are the query (``brief`` and ``edmundson`` take them as
    bonus words); the day's ``corpus`` gives ``brief`` the IDF over all the
    day's articles and each candidate's centrality in its whole article. With ``lead_prior`` (the
    bottom line) and a method that ignores position, scores are scaled to [0, 1]
    and weighted by ``1 / sqrt(1 + position in the article)``: news writing puts
    the bottom line first, and a central sentence from the end of an article is
    usually its wrap-up, not its news. ``recency`` weighs older articles down.
    """
    if not candidates or count == 0:
        return ()
    scores = score_sentences(config.method, candidates, terms, corpus=corpus)
    if recency:
        scores = weighted(scores, candidates, recency)
    if lead_prior and not method(config.method).knows_position:
        top = max(scores) or 1.0
        scores = [
            (score / top) / math.sqrt(1 + sentence.index)
            for score, sentence in zip(scores, candidates, strict=True)
        ]
    return tuple(select_items(candidates, scores, count, facts, said))


def _unique_sentences(sentences: Iterable[Sentence]) -> list[Sentence]:
    unique = {s.key: s for s in sentences}
    return [unique[key] for key in sorted(unique)]


def number_sources(
    articles: Sequence[Article], item_groups: Sequence[Sequence[Item]]
) -> tuple[Source, ...]:
    """Sources numbered by first citation, then the articles read and not cited."""
    cited = [sid for items in item_groups for item in items for sid in item.source_ids]
    by_id = {article.id: article for article in articles}
    order = list(dict.fromkeys(cited + [article.id for article in articles]))
    return tuple(Source(number=n, article=by_id[sid]) for n, sid in enumerate(order, start=1))
