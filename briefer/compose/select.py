"""Choosing sentences from scores: the brief's items, or a single summary's sentences.

``select_items`` is the brief's selection: greedy by score with maximal
marginal relevance. A candidate's score (scaled to the best in its section)
loses ``diversity`` times its highest similarity to anything already in the
brief, so a paraphrase of a fact already said ranks below a new fact; a
restatement of one is not chosen at all, and its article is cited on the
item instead (``briefer.compose.facts``).

``choose_diverse`` (a single summary: ``briefer summarize``, ``briefer eval``) is
the redundancy control of maximal marginal relevance (Carbonell & Goldstein
1998) in its hard form: greedy by score, a sentence
whose cosine with one already chosen reaches ``REDUNDANT`` (the brief's
measured same-fact threshold) is passed over, so two articles' versions of one
fact do not fill a budget twice. The soft form
(score minus a share of the similarity) was measured too: it gained a little
on CNN/DM and lost more on BBC (docs/ranking.md); the brief's own selection
across sections (``select_items``) uses it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from briefer.compose.facts import FactIndex
from briefer.model import Item, Sentence
from briefer.rank import method, score_sentences
from briefer.rank.corpus import Corpus
from briefer.text.tokens import count_matrix, unit_rows
from briefer.topics.terms import TermMatcher

#: Weight of redundancy against relevance in the brief's selection (MMR).
DIVERSITY = 0.3
#: Cosine of stemmed content words at which a sentence repeats a chosen one: the
#: brief's default ``duplicate_threshold``, measured by benchmarks/duplicate_threshold.py.
REDUNDANT = 0.55


def summarize(
    name: str,
    sentences: Sequence[Sentence],
    count: int,
    terms: TermMatcher | None = None,
    corpus: Corpus | None = None,
) -> list[Sentence]:
    """``count`` sentences of one document (or set) chosen by method ``name``, in the order given.

    ``brief`` chooses with redundancy control; every other method takes its
    top ``count``, as sumy does.
    """
    scores = score_sentences(name, sentences, terms, corpus=corpus)
    if method(name).diverse:
        chosen = choose_diverse(sentences, scores, count)
    else:
        chosen = choose_top(scores, count)
    return [sentences[i] for i in sorted(chosen)]


def choose_top(scores: Sequence[float], count: int) -> list[int]:
    """Indices of the ``count`` best scores; ties go to the earlier sentence (as sumy)."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:count]


def choose_diverse(sentences: Sequence[Sentence], scores: Sequence[float], count: int) -> list[int]:
    """Indices of up to ``count`` best-scored sentences that repeat none chosen before."""
    if not sentences or count <= 0:
        return []
    unit = _unit_rows([s.tokens.content for s in sentences])
    chosen: list[int] = []
    for index in choose_top(scores, len(scores)):
        if len(chosen) == count:
            break
        if chosen and (unit[chosen] @ unit[index].T).max() >= REDUNDANT:
            continue
        chosen.append(index)
    return chosen


def _unit_rows(terms: Sequence[Sequence[str]]) -> sp.csr_matrix:
    return unit_rows(count_matrix(terms))


def select_items(
    candidates: Sequence[Sentence],
    scores: Sequence[float],
    count: int,
    facts: FactIndex,
    already_said: Sequence[Item] = (),
    diversity: float = DIVERSITY,
) -> list[Item]:
    """Pick up to ``count`` new items by marginal relevance, skipping facts already said.

    ``already_said`` holds the items chosen so far for the whole brief, so a
    later section never repeats a fact; it is read, never changed. Equal
    gains go to the earlier sentence (by article, then position).
    """
    if not candidates or count <= 0:
        return []
    order = sorted(
        range(len(candidates)), key=lambda i: (candidates[i].article_id, candidates[i].index)
    )
    candidates = [candidates[i] for i in order]
    raw_scores = np.asarray(scores, float)[order]
    top = raw_scores.max()
    relevance = raw_scores / top if top > 0 else raw_scores
    rows = facts.rows(candidates)
    said = {s.key for item in already_said for s in (item.sentence, *item.also_reported_as)}
    redundancy = np.zeros(len(candidates))
    # For each candidate, the items said so far alike enough in words to be its fact: only
    # those are tested with ``same_fact`` (the rest are below its floor, they cannot be).
    near = _Near(len(candidates), facts.floor)
    available = np.ones(len(candidates), bool)
    for item in already_said:
        similarity_to_item = _similarity_to(item, candidates, rows, facts)
        near.add(item, similarity_to_item, available)
        redundancy = np.maximum(redundancy, similarity_to_item)
    chosen: list[Item] = []
    while len(chosen) < count and available.any():
        gain = np.where(available, relevance - diversity * redundancy, -np.inf)
        best = int(np.argmax(gain))
        available[best] = False
        sentence = candidates[best]
        if sentence.key in said or _said_already(sentence, redundancy[best], near[best], facts):
            continue  # this fact is in the brief already
        similarity = facts.similarities_to(sentence)
        restated = facts.restatements(sentence, similarity)
        item = Item(
            sentence=sentence,
            score=float(raw_scores[best]),
            source_ids=_unique([sentence.article_id] + [s.article_id for s in restated]),
            also_reported_as=tuple(restated),
        )
        chosen.append(item)
        said.update(s.key for s in (sentence, *restated))
        similarity_to_item = _similarity_to(item, candidates, rows, facts, similarity)
        near.add(item, similarity_to_item, available)
        redundancy = np.maximum(redundancy, similarity_to_item)
    return chosen


class _Near:
    """For each candidate, the items said so far whose cosine with it reaches ``floor``.

    ``same_fact`` is false below the floor, so a candidate needs testing against these
    only, not against every item said: the work is the pairs alike in words, not all
    pairs. The cosines here come from the index's matrix product and may differ from
    ``same_fact``'s own in the last bits: ``SLACK`` keeps every pair that could pass.
    """

    SLACK = 1e-9

    def __init__(self, size: int, floor: float) -> None:
        self._floor = floor - self.SLACK
        self._items: list[list[Item]] = [[] for _ in range(size)]

    def add(self, item: Item, similarity: np.ndarray, available: np.ndarray) -> None:
        """Note ``item`` on the candidates still ``available`` near it."""
        for position in np.flatnonzero((similarity >= self._floor) & available):
            self._items[position].append(item)

    def __getitem__(self, position: int) -> list[Item]:
        return self._items[position]


def _said_already(
    sentence: Sentence, redundancy: float, already_said: Sequence[Item], facts: FactIndex
) -> bool:
    """Is the fact of ``sentence`` in the brief: an item alike in words and agreeing with it?

    "Kritenbrink will travel to Tokyo" is not said by "Kritenbrink will
    travel to Cambodia and Laos", however alike the words.
    """
    if redundancy < facts.floor:
        return False
    return any(facts.same_fact(item.sentence, sentence) for item in already_said)


def _similarity_to(
    item: Item,
    candidates: Sequence[Sentence],
    rows: Sequence[int | None],
    facts: FactIndex,
    similarity: np.ndarray | None = None,
) -> np.ndarray:
    """Cosine of ``item``'s sentence with each candidate (``similarity``: with every sentence)."""
    if similarity is None:
        similarity = facts.similarities_to(item.sentence)
    indexed = np.array([row if row is not None else -1 for row in rows], dtype=np.int64)
    result = np.where(indexed >= 0, similarity[np.maximum(indexed, 0)], 0.0)
    for position in np.flatnonzero(indexed < 0):
        result[position] = facts.similarity(item.sentence, candidates[int(position)])
    return np.asarray(result, float)


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
