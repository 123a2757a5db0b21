"""The day's sentences, and what is counted over them once for every section.

A build scores candidates for the bottom line, each section and the outlook;
IDF over the day's articles and each sentence's centrality in its own article
do not depend on which candidates are asked about, so they are worked out once,
on first use, here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property

import numpy as np

from briefer.model import Sentence, SentenceKey
from briefer.text.words import inverse_document_frequency

#: Centrality is measured within windows of this many consecutive sentences of an article:
#: its cost grows with the square of the window, and no news article comes near it (a
#: 12,000-sentence text would cost minutes and gigabytes measured whole).
CENTRALITY_WINDOW = 400


class Corpus:
    """Sentences of whole articles, with IDF and in-article centrality counted once."""

    def __init__(
        self, sentences: Sequence[Sentence], idf: Mapping[str, float] | None = None
    ) -> None:
        self.sentences = sentences
        if idf is not None:
            self.__dict__["idf"] = idf

    @cached_property
    def idf(self) -> Mapping[str, float]:
        """Smoothed IDF of each stem over the articles (an article counted once)."""
        articles: dict[str, list[tuple[str, ...]]] = {}
        for sentence in self.sentences:
            articles.setdefault(sentence.article_id, []).append(sentence.tokens.terms)
        return inverse_document_frequency(set().union(*terms) for terms in articles.values())

    @cached_property
    def _centrality(self) -> dict[SentenceKey, float]:
        from briefer.rank.brief import relative_centrality

        scores = relative_centrality(self.sentences, CENTRALITY_WINDOW)
        return {s.key: float(score) for s, score in zip(self.sentences, scores, strict=True)}

    def centrality(self, sentences: Sequence[Sentence]) -> np.ndarray:
        """Each sentence's Reduction score in its article over the article's mean.

        A sentence that is not in the corpus is measured against the corpus
        sentences of its article and itself.
        """
        known = self._centrality
        if all(s.key in known for s in sentences):
            return np.array([known[s.key] for s in sentences], float)
        from briefer.rank.brief import relative_centrality

        wanted = {s.article_id for s in sentences}
        pool = {s.key: s for s in self.sentences if s.article_id in wanted}
        pool.update((s.key, s) for s in sentences if s.key not in pool)
        ordered = list(pool.values())
        scores = dict(zip(pool, relative_centrality(ordered, CENTRALITY_WINDOW), strict=True))
        return np.array([scores[s.key] for s in sentences], float)
