"""The whole pipeline, read top to bottom as named stages.

ingest -> segment -> assign topics -> rank -> select -> compose. The outlook (a
``future_only`` topic) is one row per announced event, in date order. Rendering
and writing files is a separate step (``briefer.render.write_brief``) so a
Python caller can build a ``Brief`` and do with it what it likes.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, TopicConfig, load_config
from .errors import InputError
from .model import Article, Brief, Event, Item, Section, Sentence, Source
from .outlook import (
    PASSED,
    OutlookOptions,
    article_events,
    as_of,
    chronological,
    outlook_options,
    same_event,
)
from .rank import score_sentences
from .segment import sentence_spans
from .select import FactIndex, select_items
from .text import points_back
from .topics import TopicMatcher, topic_candidates

if TYPE_CHECKING:
    from .sources.read import SourceReader

log = logging.getLogger(__name__)


def build_brief(
    inputs: Iterable[str | Path],
    date: dt.date,
    config: Config | None = None,
    *,
    method: str | None = None,
    sentences: int | None = None,
    reader: SourceReader | None = None,
) -> Brief:
    """Build the brief for ``date`` from article files, folders, URLs and feeds.

    ``config`` defaults to the packaged defaults plus ``briefer.toml`` in the
    working folder; ``method`` and ``sentences`` override it. ``reader``
    (default: one set up from ``[sources]``) reads the sources; its
    ``last_report`` then says what was read. Unreadable articles are skipped
    and listed in ``Brief.skipped``; if none is left, ``InputError`` is raised.
    """
    from .sources.read import SourceReader, source_options

    config = (config or load_config()).with_overrides(method=method, sentences=sentences)

    # Ingest: files, folders, pages, feeds -> articles; unreadable ones are skipped, not
    # fatal; duplicate stories are read once.
    reader = reader or SourceReader(source_options(config, date))
    report = reader.read(inputs)
    articles, skipped = report.articles, report.skipped
    if not articles:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped)
        raise InputError("No readable articles" + (f" ({reasons})" if reasons else ""))

    # Segment: articles -> sentences with their offsets.
    all_sentences = [s for article in articles for s in segment_article(article)]

    # Assign topics: each topic's candidate sentences (a sentence may serve several).
    # A future_only topic (the outlook) takes the sentences that announce an event.
    matchers = [TopicMatcher(topic) for topic in config.topics]
    wants_outlook = any(topic.future_only for topic in config.topics)
    events = _outlook_events(articles, all_sentences) if wants_outlook else {}
    candidates = topic_candidates(all_sentences, [m for m in matchers if not m.topic.future_only])
    for m in matchers:
        if m.topic.future_only:
            candidates[m.topic.id] = [
                s for s in all_sentences if events[_key(s)] and m.names_topic(s.text)
            ]

    # Rank and select: the bottom line first, then each section; a fact is said once.
    facts = FactIndex(
        all_sentences, config.duplicate_threshold, {article.id: article.date for article in articles}
    )
    idf = _article_idf(config.method, all_sentences)
    said: list[Item] = []
    in_any_topic = _unique_sentences(s for group in candidates.values() for s in group)
    # The bottom line is read on its own: no sentence that opens "Moreover, they ...".
    standing_alone = [s for s in in_any_topic if not points_back(s.text)] or in_any_topic
    all_terms = [term for topic in config.topics for term in topic.terms]
    bluf = _rank_and_select(
        config,
        standing_alone,
        all_terms,
        config.bluf_sentences,
        facts,
        said,
        idf,
        all_sentences,
        lead_prior=True,
    )
    options = outlook_options(config)
    sections = [
        Section(
            id=topic.id,
            title=topic.title,
            items=(
                _outlook(
                    config,
                    topic,
                    candidates[topic.id],
                    all_sentences,
                    events,
                    facts,
                    said,
                    date,
                    options,
                )
                if topic.future_only
                else _rank_and_select(
                    config,
                    candidates[topic.id],
                    topic.terms,
                    config.sentences_for(topic),
                    facts,
                    said,
                    idf,
                    all_sentences,
                )
            ),
        )
        for topic in config.topics
    ]

    # Compose: sources numbered in order of first citation, then the uncited ones.
    return Brief(
        title=config.title,
        date=date,
        bluf=bluf,
        sections=sections,
        sources=_number_sources(articles, [bluf, *(s.items for s in sections)]),
        method=config.method,
        skipped=[(s.path, s.reason) for s in skipped],
    )


def segment_article(article: Article) -> list[Sentence]:
    """Split an article's paragraphs into sentences that keep their offsets."""
    sentences: list[Sentence] = []
    offset = 0
    for number, paragraph in enumerate(article.paragraphs):
        for start, end in sentence_spans(paragraph):
            sentences.append(
                Sentence(
                    text=paragraph[start:end].strip(),
                    article_id=article.id,
                    index=len(sentences),
                    paragraph=number,
                    start=offset + start,
                    end=offset + end,
                )
            )
        offset += len(paragraph) + 2  # paragraphs are joined by a blank line
    return sentences


def _rank_and_select(
    config: Config,
    candidates: Sequence[Sentence],
    terms: Sequence[str],
    count: int,
    facts: FactIndex,
    said: list[Item],
    idf: dict[str, float] | None,
    context: Sequence[Sentence],
    lead_prior: bool = False,
) -> list[Item]:
    """Score candidates with the configured method and pick ``count`` new facts.

    The topic's terms are the query (``brief`` and ``edmundson`` take them as
    bonus words); ``idf`` is counted over all the day's articles, and
    ``context`` (every sentence of the day) lets ``brief`` measure a
    candidate's centrality against its whole article. With ``lead_prior`` (the
    bottom line) and a method that ignores position, scores are scaled to [0, 1] and weighted by
    ``1 / sqrt(1 + position in the article)``: news writing puts the bottom
    line first, and a central sentence from the end of an article is usually
    its wrap-up, not its news. ``brief`` has its own position prior.
    """
    if not candidates or count == 0:
        return []
    scores = score_sentences(config.method, candidates, terms, idf, context)
    if lead_prior and config.method != "brief":
        top = max(scores) or 1.0
        scores = [
            (score / top) / math.sqrt(1 + sentence.index)
            for score, sentence in zip(scores, candidates, strict=True)
        ]
    return select_items(candidates, scores, count, facts, said)


def _article_idf(method: str, sentences: Sequence[Sentence]) -> dict[str, float] | None:
    """IDF over the day's articles, for the methods that use it."""
    if method != "brief":
        return None
    from .rank.brief import article_idf
    from .rank.tokens import sumy_terms

    articles: dict[str, list[str]] = {}
    for sentence in sentences:
        articles.setdefault(sentence.article_id, []).extend(sumy_terms(sentence.text))
    return article_idf(articles.values())


_SentenceKey = tuple[str, int]


def _key(sentence: Sentence) -> _SentenceKey:
    return sentence.article_id, sentence.index


def _outlook_events(
    articles: Sequence[Article], sentences: Sequence[Sentence]
) -> dict[_SentenceKey, list[Event]]:
    """The future events each sentence announces, dated against its own article's date."""
    by_article: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_article.setdefault(sentence.article_id, []).append(sentence)
    events: dict[_SentenceKey, list[Event]] = {}
    for article in articles:
        own = by_article.get(article.id, [])
        for sentence, found in zip(
            own, article_events([s.text for s in own], article.date), strict=True
        ):
            events[_key(sentence)] = found
    return events


def _outlook(
    config: Config,
    topic: TopicConfig,
    candidates: Sequence[Sentence],
    context: Sequence[Sentence],
    events: dict[_SentenceKey, list[Event]],
    facts: FactIndex,
    said: list[Item],
    date: dt.date,
    options: OutlookOptions,
) -> list[Item]:
    """The outlook: one row per event, the same event from several articles merged.

    The outlook is the brief's index of what is coming, so it lists an event
    even when the bottom line or a section already quoted its sentence; within
    the outlook a fact reported by several articles is one row citing them all
    (``select_items``), and so is one event told in different words
    (``same_event``). A sentence announcing two events (a meeting on May 14 and
    a summit in June) makes two rows. The rows kept are the best-scored
    upcoming events first, then (with ``keep_passed``) those whose date is
    behind the brief's date; they are shown in date order.
    """
    if not candidates:
        return []
    scores = score_sentences(config.method, candidates, topic.terms, context=context)
    chosen = select_items(candidates, scores, len(candidates), facts, [])
    rows: list[Item] = []
    for item in chosen:
        for event in _item_events(item, events):
            row = replace(
                item,
                event=as_of(event, date),
                source_ids=list(item.source_ids),
                also_reported_as=list(item.also_reported_as),
            )
            if not _merge_into(rows, row):
                rows.append(row)
    if not options.keep_passed:
        rows = [row for row in rows if row.event is None or row.event.status != PASSED]
    rows.sort(key=lambda row: row.event is not None and row.event.status == PASSED)
    kept = chronological(rows[: config.sentences_for(topic)])
    said.extend(kept)
    return kept


def _item_events(item: Item, events: dict[_SentenceKey, list[Event]]) -> list[Event]:
    """The item's own events; an undated one takes the date another article gives it."""
    own = events[_key(item.sentence)]
    dated = [e for s in item.also_reported_as for e in events.get(_key(s), []) if e.when]
    if len(own) == 1 and own[0].when is None and len(dated) == 1:
        return [replace(own[0], when=dated[0].when, when_text=dated[0].when_text)]
    return own


def _merge_into(rows: list[Item], row: Item) -> bool:
    """Fold ``row`` into an earlier row reporting the same event (from another sentence)."""
    assert row.event is not None
    for earlier in rows:
        if earlier.sentence == row.sentence or earlier.event is None:
            continue
        if same_event(earlier.event, row.event):
            for source in row.source_ids:
                if source not in earlier.source_ids:
                    earlier.source_ids.append(source)
            earlier.also_reported_as.append(row.sentence)
            if earlier.event.when is None and row.event.when is not None:
                earlier.event = replace(
                    earlier.event, when=row.event.when, when_text=row.event.when_text
                )
            return True
    return False


def _unique_sentences(sentences: Iterable[Sentence]) -> list[Sentence]:
    unique = {(s.article_id, s.index): s for s in sentences}
    return [unique[key] for key in sorted(unique, key=lambda k: (k[0], k[1]))]


def _number_sources(articles: Sequence[Article], item_groups: Sequence[list[Item]]) -> list[Source]:
    cited = [sid for items in item_groups for item in items for sid in item.source_ids]
    by_id = {article.id: article for article in articles}
    order = list(dict.fromkeys(cited + [article.id for article in articles]))
    return [Source(number=n, article=by_id[sid]) for n, sid in enumerate(order, start=1)]
