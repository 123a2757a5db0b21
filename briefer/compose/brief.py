"""Compose the brief: the bottom line up front, one section per topic, numbered sources.

The bottom line takes the best sentences across every topic, weighted
towards article leads, and only sentences that read on their own (none that
opens "Moreover, they ..."). Sections follow in the configured order; each
says only facts not said before it (the fact index), and a fact reported by
several articles cites them all. The outlook section is a table of coming
events (``briefer.compose.outlook``). A line of the brief cites its first few
independent reports (``[document] citations``, ``cited_on``), and the sources are
numbered by first citation.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from briefer.compose.facts import FactIndex
from briefer.compose.outlook import outlook_options, outlook_rows, per_article
from briefer.compose.previous import PreviousBrief, Repeats, demoted, lead_with_new
from briefer.compose.select import select_items
from briefer.compose.stories import (
    Chosen,
    bottom_line,
    gather_stories,
    section_stories,
    standing_alone,
    story_items,
)
from briefer.compose.timeline import weighted
from briefer.config import Config, TopicConfig
from briefer.config.document import document_settings
from briefer.model import (
    Article,
    Brief,
    Event,
    Item,
    PreviousReport,
    Section,
    Sentence,
    SentenceKey,
    Skipped,
    Source,
)
from briefer.rank import method, score_sentences
from briefer.rank.corpus import Corpus
from briefer.topics import item_topics
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
    stories: Mapping[str, str] = field(default_factory=dict)  # article id -> its story id
    # The brief's date (briefer.compose.timeline): announcements not to show as news in the
    # sections (so in the bottom line), and each article's recency weight (article id -> weight).
    stale: frozenset[SentenceKey] = frozenset()
    recency: Mapping[str, float] = field(default_factory=dict)
    # The previous brief (briefer.compose.previous): its facts are marked, or dropped.
    previous: PreviousBrief | None = None


def compose_brief(config: Config, day: Day) -> Brief:
    """Each topic's new facts gathered into stories; the sections; the bottom line; sources.

    A fact is said once in the brief: each topic chooses only facts no topic
    before it chose (``select_items``). The facts are then gathered by story
    (``briefer.compose.stories``): each story is shown once, in its main topic,
    and the bottom line is the headlines of the most important stories.
    """
    dates = {article.id: article.date for article in day.articles}
    facts = FactIndex(day.sentences, config.duplicate_threshold, dates)
    corpus = Corpus(day.sentences)
    repeats = _repeats(config, day, dates)
    chosen: list[Chosen] = []
    said: tuple[Item, ...] = ()
    for topic in config.topics:
        if not topic.future_only:
            items = topic_section(config, topic, day, facts, corpus, said, repeats)
            said += items
            top = max((item.score for item in items), default=0.0) or 1.0
            chosen.extend(Chosen(item, topic.id, item.score / top) for item in items)
    topic_ids = [topic.id for topic in config.topics]
    most = max((config.sentences_for(t) for t in config.topics if not t.future_only), default=0)
    stories = gather_stories(
        chosen, day.stories, day.articles, day.sentences, topic_ids, most, day.stale
    )
    stories = lead_with_new(stories) if repeats else stories
    sections = []
    for topic in config.topics:
        reported = len({s.article_id for s in day.candidates[topic.id]})
        if topic.future_only:
            rows = outlook_section(config, topic, day, facts, corpus)
            rows = repeats.marked(rows) if repeats else rows
            sections.append(Section(topic.id, topic.title, items=rows, reported=reported))
        else:
            count, per_story = config.stories_for(topic), config.sentences_for(topic)
            shown = section_stories(stories, topic.id, count, per_story, day.articles)
            items = story_items(shown)
            dropped = _dropped(repeats, day.candidates[topic.id])
            sections.append(
                Section(topic.id, topic.title, items, reported, stories=shown, dropped=dropped)
            )
    shown_ids = {story.id for section in sections for story in section.stories}
    bluf = tuple(
        replace(item, topics=item_topics(item, day.candidates))
        for item in bottom_line([s for s in stories if s.id in shown_ids], config.bluf_sentences)
    )
    return Brief(
        title=config.title,
        date=day.date,
        bluf=bluf,
        sections=tuple(sections),
        sources=number_sources(
            day.articles,
            [bluf, *(s.items for s in sections)],
            document_settings(config).citations,
        ),
        method=config.method,
        skipped=tuple(day.skipped),
        previous=_previous_report(repeats, day, bluf, sections, config),
        config=config,
    )


def _repeats(config: Config, day: Day, dates: Mapping[str, dt.date | None]) -> Repeats | None:
    """The day's candidates compared with the previous brief's facts (None: no previous)."""
    if day.previous is None:
        return None
    candidates = [s for group in day.candidates.values() for s in group]
    return Repeats(day.previous, candidates, config.duplicate_threshold, dates, config.repeat)


def _dropped(repeats: Repeats | None, candidates: Sequence[Sentence]) -> int:
    """How many facts of the previous brief a topic's candidates told again (drop mode)."""
    return repeats.facts_found(candidates) if repeats is not None and repeats.drop else 0


def _previous_report(
    repeats: Repeats | None,
    day: Day,
    bluf: Sequence[Item],
    sections: Sequence[Section],
    config: Config,
) -> PreviousReport | None:
    """What the comparison with the previous brief found, for the summary line and brief.json."""
    if repeats is None or day.previous is None:
        return None
    items = [*bluf, *(item for section in sections for item in section.items)]
    repeated = {item.sentence.key for item in items if not item.new}
    news = [s for t in config.topics if not t.future_only for s in day.candidates[t.id]]
    return PreviousReport(
        date=day.previous.date,
        path=str(day.previous.path),
        mode=repeats.mode,
        repeated=len(repeated),
        dropped=repeats.facts_found(news) if repeats.drop else 0,
    )


def topic_section(
    config: Config,
    topic: TopicConfig,
    day: Day,
    facts: FactIndex,
    corpus: Corpus,
    said: Sequence[Item],
    repeats: Repeats | None = None,
) -> tuple[Item, ...]:
    """A topic's best new facts: enough for its stories' headlines and supporting facts.

    More facts are chosen than the section shows: the stories they make are
    ranked and cut afterwards (``briefer.compose.stories``). Facts of the
    previous brief (``repeats``) are scored lower and marked, or left out.
    """
    pool = 2 * config.stories_for(topic) * (1 + config.sentences_for(topic))
    candidates = [s for s in day.candidates[topic.id] if s.key not in day.stale]
    if repeats is not None and repeats.drop:
        candidates = [s for s in candidates if not repeats.repeated(s)]
    items = _rank_and_select(
        config, candidates, TermMatcher(topic.terms), pool,
        facts, said, corpus, recency=day.recency, repeats=repeats,
    )  # fmt: skip
    if repeats is None:
        return items
    marked = repeats.marked(items)
    return tuple(item for item in marked if item.new) if repeats.drop else marked


def outlook_section(
    config: Config, topic: TopicConfig, day: Day, facts: FactIndex, corpus: Corpus
) -> tuple[Item, ...]:
    """The coming events the topic's sentences announce, one row each, in date order."""
    candidates = day.candidates[topic.id]
    if not candidates:
        return ()
    scores = score_sentences(config.method, candidates, TermMatcher(topic.terms), corpus=corpus)
    options = outlook_options(config)
    candidates, scores = per_article(candidates, scores, options.max_per_article, day.articles)
    chosen = select_items(candidates, scores, len(candidates), facts)
    context: dict[str, list[Sentence]] = {}
    for sentence in day.sentences:
        context.setdefault(sentence.article_id, []).append(sentence)
    standalone = [item for c in chosen if (item := standing_alone(c, context)) is not None]
    # No row cap but the topic's own: every dated event is shown (``[outlook] max_undated``).
    return outlook_rows(standalone, day.events, day.date, options, topic.sentences)


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
    repeats: Repeats | None = None,
) -> tuple[Item, ...]:
    """Score candidates with the configured method and pick ``count`` new facts.

    The topic's terms are the query (``brief`` and ``edmundson`` take them as
    bonus words); the day's ``corpus`` gives ``brief`` the IDF over all the
    day's articles and each candidate's centrality in its whole article. With ``lead_prior`` (the
    bottom line) and a method that ignores position, scores are scaled to [0, 1]
    and weighted by ``1 / sqrt(1 + position in the article)``: news writing puts
    the bottom line first, and a central sentence from the end of an article is
    usually its wrap-up, not its news. ``recency`` weighs older articles down,
    ``repeats`` the facts the previous brief reported.
    """
    if not candidates or count == 0:
        return ()
    scores = score_sentences(config.method, candidates, terms, corpus=corpus)
    if recency:
        scores = weighted(scores, candidates, recency)
    scores = demoted(scores, candidates, repeats)
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


def cited_on(item: Item, articles: Mapping[str, Article], limit: int) -> tuple[str, ...]:
    """The sources a line of the brief cites: ``limit`` of the articles that reported it.

    Its own article (the first of ``item.source_ids``, whose words it quotes),
    then the first report from each outlet not cited yet (an article of unknown
    outlet is one of its own), then, when fewer outlets reported it, further
    reports in order; kept in ``source_ids`` order. ``limit`` 0 cites them all.
    The rest are counted ("+41 more") and brief.json lists every one.
    """
    if limit <= 0 or len(item.source_ids) <= limit:
        return item.source_ids
    chosen: list[str] = []
    outlets: set[str] = set()
    for sid in item.source_ids:
        names = {name.casefold() for name in articles[sid].outlet_names}
        if names & outlets:
            continue
        chosen.append(sid)
        outlets |= names
        if len(chosen) == limit:
            break
    keep = set(chosen)
    if len(chosen) < limit:
        keep.update([sid for sid in item.source_ids if sid not in keep][: limit - len(chosen)])
    return tuple(sid for sid in item.source_ids if sid in keep)


def number_sources(
    articles: Sequence[Article], item_groups: Sequence[Sequence[Item]], limit: int = 0
) -> tuple[Source, ...]:
    """Sources numbered by first citation, then the other reports of the brief's facts, then
    the articles read and not cited. A line cites ``cited_on(item, ..., limit)``."""
    by_id = {article.id: article for article in articles}
    items = [item for items in item_groups for item in items]
    shown = [sid for item in items for sid in cited_on(item, by_id, limit)]
    reporting = [sid for item in items for sid in item.source_ids]
    order = list(dict.fromkeys(shown + reporting + [article.id for article in articles]))
    return tuple(Source(number=n, article=by_id[sid]) for n, sid in enumerate(order, start=1))
