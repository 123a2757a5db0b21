"""The whole pipeline, read top to bottom as named stages.

ingest -> segment -> assign topics -> rank -> select -> compose. Rendering and
writing files is a separate step (``briefer.render.write_brief``) so a Python
caller can build a ``Brief`` and do with it what it likes.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from .config import Config, load_config
from .errors import InputError
from .ingest import read_articles
from .model import Article, Brief, Item, Section, Sentence, Source
from .rank import score_sentences
from .segment import sentence_spans
from .select import FactIndex, select_items
from .topics import TopicMatcher, topic_candidates

log = logging.getLogger(__name__)


def build_brief(
    inputs: Iterable[str | Path],
    date: dt.date,
    config: Config | None = None,
    *,
    method: str | None = None,
    sentences: int | None = None,
) -> Brief:
    """Build the brief for ``date`` from article files and folders.

    ``config`` defaults to the packaged defaults plus ``briefer.toml`` in the
    working folder; ``method`` and ``sentences`` override it. Unreadable
    articles are skipped and listed in ``Brief.skipped``; if none is left,
    ``InputError`` is raised.
    """
    config = (config or load_config()).with_overrides(method=method, sentences=sentences)

    # Ingest: files and folders -> articles; unreadable files are skipped, not fatal.
    articles, skipped = read_articles(Path(p) for p in inputs)
    if not articles:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped)
        raise InputError("No readable articles" + (f" ({reasons})" if reasons else ""))

    # Segment: articles -> sentences with their offsets.
    all_sentences = [s for article in articles for s in segment_article(article)]

    # Assign topics: each topic's candidate sentences (a sentence may serve several).
    matchers = [TopicMatcher(topic) for topic in config.topics]
    candidates = {m.topic.id: topic_candidates(all_sentences, m) for m in matchers}

    # Rank and select: the bottom line first, then each section; a fact is said once.
    facts = FactIndex(all_sentences, config.duplicate_threshold)
    idf = _article_idf(config.method, all_sentences)
    said: list[Item] = []
    in_any_topic = _unique_sentences(s for group in candidates.values() for s in group)
    all_terms = [term for topic in config.topics for term in topic.terms]
    bluf = _rank_and_select(
        config, in_any_topic, all_terms, config.bluf_sentences, facts, said, idf, lead_prior=True
    )
    sections = [
        Section(
            id=topic.id,
            title=topic.title,
            items=_rank_and_select(
                config,
                candidates[topic.id],
                topic.terms,
                config.sentences_for(topic),
                facts,
                said,
                idf,
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
    lead_prior: bool = False,
) -> list[Item]:
    """Score candidates with the configured method and pick ``count`` new facts.

    The topic's terms are the query (``brief`` biases its walk towards them,
    ``edmundson`` takes them as bonus words); ``idf`` is counted over all the
    day's articles. With ``lead_prior`` (the bottom line) and a method that
    ignores position, scores are scaled to [0, 1] and weighted by
    ``1 / sqrt(1 + position in the article)``: news writing puts the bottom
    line first, and a central sentence from the end of an article is usually
    its wrap-up, not its news. ``brief`` has its own position prior.
    """
    if not candidates or count == 0:
        return []
    scores = score_sentences(config.method, candidates, terms, idf)
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


def _unique_sentences(sentences: Iterable[Sentence]) -> list[Sentence]:
    unique = {(s.article_id, s.index): s for s in sentences}
    return [unique[key] for key in sorted(unique, key=lambda k: (k[0], k[1]))]


def _number_sources(articles: Sequence[Article], item_groups: Sequence[list[Item]]) -> list[Source]:
    cited = [sid for items in item_groups for item in items for sid in item.source_ids]
    by_id = {article.id: article for article in articles}
    order = list(dict.fromkeys(cited + [article.id for article in articles]))
    return [Source(number=n, article=by_id[sid]) for n, sid in enumerate(order, start=1)]
