"""Turn scored sentences into brief items: one fact said once, every source cited.

Selection is greedy by score with maximal marginal relevance: a candidate's
score (scaled to the best in its section) loses ``diversity`` times its
highest similarity to anything already in the brief, so a paraphrase of a
fact already said ranks below a new fact. A sentence that says the same thing
as one already in the brief (stemmed-word cosine at or above the measured
threshold) is not repeated at all; instead its article is cited on the item
that said it first.

Similarities come from one sparse matrix of unit vectors over every sentence
of the day, so finding the restatements of a fact is one sparse product, not
a Python loop over every sentence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from .factkey import same_fact
from .model import Item, Sentence
from .rank.tokens import count_matrix
from .text import content_stems, cosine

#: Weight of redundancy against relevance in the brief's selection (MMR).
DIVERSITY = 0.3


class FactIndex:
    """Every sentence of the day's articles, for finding restatements of a fact.

    Two sentences report one fact when their words are alike (cosine at or
    above ``threshold``) *and* they agree on who, where, how many and when
    (``briefer.factkey.same_fact``); ``dates`` (article id -> date) keeps
    articles more than a week apart from merging.
    """

    def __init__(
        self,
        sentences: Sequence[Sentence],
        threshold: float,
        dates: Mapping[str, dt.date | None] | None = None,
    ) -> None:
        self.threshold = threshold
        self._dates = dict(dates or {})
        self._sentences = list(sentences)
        self._row = {id(s): row for row, s in enumerate(self._sentences)}
        self._articles = np.array([s.article_id for s in self._sentences], dtype=object)
        counts = count_matrix([content_stems(s.text) for s in self._sentences])
        norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
        inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        self._unit = sp.csr_matrix(sp.diags(inverse) @ counts)
        self._unit_t = self._unit.T.tocsr()

    def similarity(self, a: Sentence, b: Sentence) -> float:
        """Cosine of the stemmed content words of two sentences."""
        row_a, row_b = self._row.get(id(a)), self._row.get(id(b))
        if row_a is None or row_b is None:
            return cosine(Counter(content_stems(a.text)), Counter(content_stems(b.text)))
        return float(self._unit[row_a].multiply(self._unit[row_b]).sum())

    def same_fact(self, a: Sentence, b: Sentence) -> bool:
        return self.similarity(a, b) >= self.threshold and self.agree(a, b)

    def agree(self, a: Sentence, b: Sentence) -> bool:
        """Do two sentences agree on their names, places, numbers and dates?"""
        first, second = self._dates.get(a.article_id), self._dates.get(b.article_id)
        apart = (first - second).days if first and second else None
        return same_fact(a.text, b.text, apart)

    def similarities_to(self, sentence: Sentence) -> np.ndarray:
        """Cosine of ``sentence`` with every indexed sentence."""
        row = self._row.get(id(sentence))
        if row is None:
            return np.array([self.similarity(sentence, other) for other in self._sentences])
        return np.asarray((self._unit @ self._unit_t[:, row]).todense()).ravel()

    def restatements(self, sentence: Sentence) -> list[Sentence]:
        """Sentences of *other* articles that report the same fact as ``sentence``."""
        similarity = self.similarities_to(sentence)
        rows = np.flatnonzero(similarity >= self.threshold)
        best: dict[str, tuple[float, Sentence]] = {}
        for row in rows:
            other = self._sentences[row]
            if other.article_id == sentence.article_id or not self.agree(sentence, other):
                continue
            if similarity[row] > best.get(other.article_id, (0.0,))[0]:
                best[other.article_id] = (float(similarity[row]), other)
        return [other for _, other in best.values()]

    def rows(self, sentences: Sequence[Sentence]) -> list[int | None]:
        return [self._row.get(id(s)) for s in sentences]


def select_items(
    candidates: Sequence[Sentence],
    scores: Sequence[float],
    count: int,
    facts: FactIndex,
    already_said: list[Item],
    diversity: float = DIVERSITY,
) -> list[Item]:
    """Pick up to ``count`` items by marginal relevance, skipping facts already in the brief.

    ``already_said`` holds the items chosen so far for the whole brief; it is
    extended with the new items, so a later section never repeats a fact.
    Equal gains go to the earlier sentence (by article, then position).
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
    said = {_key(s) for item in already_said for s in (item.sentence, *item.also_reported_as)}
    redundancy = np.zeros(len(candidates))
    for item in already_said:
        redundancy = np.maximum(redundancy, _similarity_to(item, candidates, rows, facts))
    available = np.ones(len(candidates), bool)
    chosen: list[Item] = []
    while len(chosen) < count and available.any():
        gain = np.where(available, relevance - diversity * redundancy, -np.inf)
        best = int(np.argmax(gain))
        available[best] = False
        sentence = candidates[best]
        if _key(sentence) in said or _said_already(sentence, redundancy[best], already_said, facts):
            continue  # this fact is in the brief already
        restated = facts.restatements(sentence)
        item = Item(
            sentence=sentence,
            score=float(raw_scores[best]),
            source_ids=_unique([sentence.article_id] + [s.article_id for s in restated]),
            also_reported_as=restated,
        )
        chosen.append(item)
        already_said.append(item)
        said.update(_key(s) for s in (sentence, *restated))
        redundancy = np.maximum(redundancy, _similarity_to(item, candidates, rows, facts))
    return chosen


def _said_already(
    sentence: Sentence, redundancy: float, already_said: Sequence[Item], facts: FactIndex
) -> bool:
    """Is the fact of ``sentence`` in the brief: an item alike in words and agreeing with it?

    "Kritenbrink will travel to Tokyo" is not said by "Kritenbrink will
    travel to Cambodia and Laos", however alike the words.
    """
    if redundancy < facts.threshold:
        return False
    return any(facts.same_fact(item.sentence, sentence) for item in already_said)


def _similarity_to(
    item: Item, candidates: Sequence[Sentence], rows: Sequence[int | None], facts: FactIndex
) -> np.ndarray:
    """Cosine of ``item``'s sentence with each candidate."""
    similarity = facts.similarities_to(item.sentence)
    indexed = np.array([row if row is not None else -1 for row in rows], dtype=np.int64)
    result = np.where(indexed >= 0, similarity[np.maximum(indexed, 0)], 0.0)
    for position in np.flatnonzero(indexed < 0):
        result[position] = facts.similarity(item.sentence, candidates[int(position)])
    return np.asarray(result, float)


def _key(sentence: Sentence) -> tuple[str, int]:
    return sentence.article_id, sentence.index


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
