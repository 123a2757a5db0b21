"""briefer's own ranker: position-aware, topic-biased centrality across articles.

A sentence matters when many sentences of the day say something like it
(centrality: a fact several articles report), when it sits early in its
article (news writing puts the key fact first), and when it speaks of the
section's topic. One personalised PageRank puts the three together: the walk
follows IDF-weighted cosine similarity between sentences, and jumps back to a
sentence in proportion to its position prior times its topic relevance
(biased LexRank, Otterbacher et al. 2005). IDF is counted over articles, not
sentences: a word every article uses ("said", "year") says nothing about
which fact is central, a word in one article's every sentence still does.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from ..model import Sentence
from ..segment import split_words
from ..text import stem
from .tokens import count_matrix, sumy_terms

#: Probability that the walk follows a similarity edge rather than jumping back.
DAMPING = 0.85
#: Cosine below this is no edge (keeps the graph sparse on a day of news).
EDGE_THRESHOLD = 0.1
#: Position prior 1 / (1 + index) ** POSITION_DECAY (index from 0 in the article).
POSITION_DECAY = 1.0
#: How much more often the walk restarts at a sentence, per topic word it contains.
TOPIC_BIAS = 1.0
#: The position prior weighs on the final score too, to this power: centrality
#: alone lets a well-connected background sentence from an article's end win.
LEAD_WEIGHT = 0.5
#: Cosine at which a sentence of another article reports the same fact; each
#: such article adds one to the score's multiplier (a corroborated fact first).
SAME_FACT = 0.5
#: Sentences of the similarity matrix computed per block (bounds memory).
BLOCK_ROWS = 2048


def article_idf(articles: Iterable[Iterable[str]]) -> dict[str, float]:
    """Smoothed IDF of each stem, counting each article (its set of stems) once."""
    frequency: dict[str, int] = defaultdict(int)
    total = 0
    for terms in articles:
        total += 1
        for term in set(terms):
            frequency[term] += 1
    return {term: math.log((1 + total) / (1 + count)) + 1 for term, count in frequency.items()}


def brief_scores(
    sentences: Sequence[Sentence],
    query: Sequence[str] = (),
    idf: Mapping[str, float] | None = None,
) -> np.ndarray:
    """One score per sentence; they sum to 1 (a stationary distribution)."""
    n = len(sentences)
    if n == 0:
        return np.zeros(0)
    terms = [sumy_terms(s.text) for s in sentences]
    if idf is None:
        idf = article_idf(_by_article(sentences, terms))
    unit = _unit_vectors(terms, idf)
    similarity = _similarities(unit)
    relevance = _topic_relevance(sentences, query)
    restart = _position_prior(sentences) * relevance
    restart /= restart.sum()
    scores = _personalised_pagerank(_row_stochastic(similarity), restart)
    support = _other_articles_reporting(similarity, [s.article_id for s in sentences])
    position = _position_prior(sentences) ** LEAD_WEIGHT
    return np.asarray(scores * position * relevance * (1.0 + support), float)


def _by_article(sentences: Sequence[Sentence], terms: Sequence[list[str]]) -> list[list[str]]:
    articles: dict[str, list[str]] = defaultdict(list)
    for sentence, sentence_terms in zip(sentences, terms, strict=True):
        articles[sentence.article_id].extend(sentence_terms)
    return list(articles.values())


def _unit_vectors(terms: Sequence[list[str]], idf: Mapping[str, float]) -> sp.csr_matrix:
    vocabulary: dict[str, int] = {}
    counts = count_matrix(terms, vocabulary)
    default = max(idf.values(), default=1.0)
    weights = np.ones(counts.shape[1])
    for term, column in vocabulary.items():
        weights[column] = idf.get(term, default)
    vectors = sp.csr_matrix(counts @ sp.diags(weights))
    norms = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
    inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(inverse) @ vectors)


def _similarities(unit: sp.csr_matrix) -> sp.csr_matrix:
    """Cosine of every pair of sentences above the edge threshold (no self-loops)."""
    n = unit.shape[0]
    transposed = unit.T.tocsc()
    blocks = []
    for start in range(0, n, BLOCK_ROWS):
        block = sp.csr_matrix(unit[start : start + BLOCK_ROWS] @ transposed).tocoo()
        keep = (block.data > EDGE_THRESHOLD) & (block.row + start != block.col)
        blocks.append(
            sp.csr_matrix((block.data[keep], (block.row[keep], block.col[keep])), shape=block.shape)
        )
    return sp.vstack(blocks).tocsr()


def _row_stochastic(similarity: sp.csr_matrix) -> sp.csr_matrix:
    sums = np.asarray(similarity.sum(axis=1)).ravel()
    inverse = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums > 0)
    return sp.csr_matrix(sp.diags(inverse) @ similarity)


def _other_articles_reporting(similarity: sp.csr_matrix, article_ids: Sequence[str]) -> np.ndarray:
    """How many other articles have a sentence saying the same (corroboration)."""
    codes = {article: code for code, article in enumerate(dict.fromkeys(article_ids))}
    article = np.array([codes[a] for a in article_ids])
    pairs = similarity.tocoo()
    same_fact = (pairs.data >= SAME_FACT) & (article[pairs.row] != article[pairs.col])
    reported = np.unique(np.stack([pairs.row[same_fact], article[pairs.col[same_fact]]]), axis=1)
    return np.bincount(reported[0], minlength=len(article_ids)).astype(float)


def _position_prior(sentences: Sequence[Sentence]) -> np.ndarray:
    index = np.array([s.index for s in sentences], float)
    return 1.0 / (1.0 + index) ** POSITION_DECAY


def _topic_relevance(sentences: Sequence[Sentence], query: Sequence[str]) -> np.ndarray:
    """1 plus ``TOPIC_BIAS`` for each distinct query word the sentence contains.

    Stop words are kept here: "US" is a stop word to the rankers but a topic
    term to the reader.
    """
    query_stems = {stem(word) for phrase in query for word in split_words(phrase)}
    if not query_stems:
        return np.ones(len(sentences))
    matches = [len(query_stems.intersection(map(stem, split_words(s.text)))) for s in sentences]
    return 1.0 + TOPIC_BIAS * np.array(matches, float)


def _personalised_pagerank(transition: sp.csr_matrix, restart: np.ndarray) -> np.ndarray:
    """Stationary distribution; a sentence with no edge sends its mass back to ``restart``."""
    transposed = transition.T.tocsr()
    dangling = np.asarray(transition.sum(axis=1)).ravel() == 0
    p = restart.copy()
    for _ in range(200):
        following = np.asarray(DAMPING * (transposed @ p + p[dangling].sum() * restart), float)
        following += (1 - DAMPING) * restart
        if np.abs(following - p).sum() < 1e-10:
            return following
        p = following
    return p
