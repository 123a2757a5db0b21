"""briefer's own ranker: the lede first, then what the article is about and who else reports it.

News is written as an inverted pyramid: the lede (the first sentences) says
what happened, the body adds detail. The score of a sentence multiplies

- its **centrality in its own article**: sumy's Reduction score, the sum of
  its TextRank-style similarity to every other sentence of the article
  (shared stems over the sum of their log lengths), divided by the article's
  mean so long and short articles compare. It rewards the sentences that
  restate what the whole article is about;
- a **position prior**: ``LEDE_WEIGHT`` for the lede (the first paragraph, at
  most ``LEDE_SENTENCES`` sentences), times ``1 / (1 + position) ** POSITION_DECAY``
  for all;
- its **topic relevance**: 1 + ``TOPIC_BIAS`` per distinct query word it
  contains (Edmundson's bonus words, the section's topic terms as the query);
- **corroboration across articles**, the multi-document centrality: 1 +
  ``CORROBORATION_WEIGHT`` times the number of other articles with a sentence
  whose cosine to it (IDF counted over articles, so a word every article uses
  says nothing) exceeds ``SAME_FACT``. A fact three outlets report outranks
  one only one reports.

Why these and not a walk over all sentences: on human-written highlights
(CNN/DailyMail) the lede decides, on machine-made extracts (BBC) the
article's centre of gravity decides; the lede weight and the Reduction
score together serve both (docs/ranking.md has the figures and what else was
tried). Everything here is linear in the sentences but for the pairs within
one article and the pairs above ``SAME_FACT``, found by prefix filtering
(``pairs.pairs_above``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import groupby

import numpy as np
import scipy.sparse as sp

from briefer.model import Sentence
from briefer.rank.corpus import Corpus
from briefer.text.pairs import pairs_above
from briefer.text.tokens import count_matrix, unit_rows
from briefer.topics.terms import TermMatcher

#: The lede: an article's first paragraph, which news writing makes its summary, up to
#: this many sentences (a text without paragraph breaks is all one paragraph).
LEDE_SENTENCES = 3
#: How much a lede sentence outweighs the body (chosen on the tuning half, docs/ranking.md).
LEDE_WEIGHT = 15.0
#: Every sentence is also weighted by 1 / (1 + position) ** POSITION_DECAY.
POSITION_DECAY = 0.2
#: How much more a sentence weighs per distinct topic word it contains.
TOPIC_BIAS = 1.0
#: Cosine above which a sentence of another article reports the same fact.
SAME_FACT = 0.5
#: What each other article reporting the fact adds to the score's multiplier: as
#: much as the lede position does (another outlet's report is an independent
#: judgement that this is the news). Judgement, not tuned: the dev sets are
#: single articles.
CORROBORATION_WEIGHT = LEDE_WEIGHT - 1


def brief_scores(
    sentences: Sequence[Sentence],
    terms: TermMatcher | None = None,
    corpus: Corpus | None = None,
) -> np.ndarray:
    """One score per sentence, higher is more worth saying.

    ``corpus`` holds the whole articles the sentences come from (a section's
    candidates are a few sentences of each article, but a sentence's
    centrality is measured against all of its article) and the IDF over
    them; it defaults to the sentences themselves.
    """
    if not sentences:
        return np.zeros(0)
    corpus = corpus or Corpus(sentences)
    stems = [s.tokens.terms for s in sentences]
    idf = corpus.idf
    centrality = corpus.centrality(sentences)
    support = _other_articles_reporting(
        _unit_vectors(stems, idf), stems, [s.article_id for s in sentences]
    )
    scores = centrality * _position_prior(sentences) * _topic_relevance(sentences, terms)
    return np.asarray(scores * (1.0 + CORROBORATION_WEIGHT * support), float)


def reduction_scores(
    sentence_terms: Sequence[Sequence[str]], article_ids: Sequence[str]
) -> np.ndarray:
    """sumy's Reduction score of each sentence within its own article, on sparse matrices.

    Two sentences' similarity is the number of stem pairs they share over the
    sum of their log lengths (0 when both have one stem, as in sumy); the
    score is the sum over the other sentences of its article. Stems are keyed
    by (article, stem), so one sparse product gives every pair within an
    article and none across articles.
    """
    n = len(sentence_terms)
    by_term = sp.csr_matrix(count_matrix(sentence_terms))  # sentence x term
    articles = _codes(article_ids)
    rows = np.repeat(np.arange(n), np.diff(by_term.indptr))
    pair = articles[rows].astype(np.int64) * by_term.shape[1] + by_term.indices
    columns = np.unique(pair, return_inverse=True)[1]  # one column per (article, term)
    counts = sp.csr_matrix(
        (by_term.data, (rows, columns)), shape=(n, int(columns.max(initial=0)) + 1)
    )
    shared = sp.coo_matrix(counts @ counts.T)
    log_length = np.log(np.maximum([len(t) for t in sentence_terms], 1).astype(float))
    norm = log_length[shared.row] + log_length[shared.col]
    counted = (shared.row != shared.col) & (norm > 0)
    similarity = np.divide(shared.data, norm, out=np.zeros_like(norm), where=counted)
    return np.bincount(shared.row, weights=similarity, minlength=n)


def relative_centrality(sentences: Sequence[Sentence], window: int) -> np.ndarray:
    """Each sentence's Reduction score in its article over the article's mean (1 if all 0).

    An article longer than ``window`` sentences is measured in windows of that
    many consecutive sentences, so the cost stays linear in its length.
    """
    if not sentences:
        return np.zeros(0)
    groups = [
        s.article_id if s.index < window else f"{s.article_id}#{s.index // window}"
        for s in sentences
    ]
    scores = reduction_scores([s.tokens.terms for s in sentences], groups)
    codes = _codes(groups)
    mean = np.bincount(codes, weights=scores) / np.bincount(codes)
    relative = np.divide(scores, mean[codes], out=np.ones_like(scores), where=mean[codes] > 0)
    return np.asarray(relative, float)


def _codes(labels: Sequence[str]) -> np.ndarray:
    """A number per distinct label, in order of first appearance (no sort of the strings)."""
    index: dict[str, int] = {}
    runs = [(label, len(list(run))) for label, run in groupby(labels)]  # an article's sentences
    numbers = [index.setdefault(label, len(index)) for label, _ in runs]
    return np.repeat(np.array(numbers, np.int64), [length for _, length in runs])


def _by_article(sentences: Sequence[Sentence], terms: Sequence[Sequence[str]]) -> list[list[str]]:
    articles: dict[str, list[str]] = defaultdict(list)
    for sentence, sentence_terms in zip(sentences, terms, strict=True):
        articles[sentence.article_id].extend(sentence_terms)
    return list(articles.values())


def _unit_vectors(terms: Sequence[Sequence[str]], idf: Mapping[str, float]) -> sp.csr_matrix:
    vocabulary: dict[str, int] = {}
    counts = count_matrix(terms, vocabulary)
    default = max(idf.values(), default=1.0)
    weights = np.ones(counts.shape[1])
    for term, column in vocabulary.items():
        weights[column] = idf.get(term, default)
    return unit_rows(sp.csr_matrix(counts @ sp.diags(weights)))


def _other_articles_reporting(
    unit: sp.csr_matrix, terms: Sequence[Sequence[str]], article_ids: Sequence[str]
) -> np.ndarray:
    """How many other articles have a sentence saying the same (corroboration).

    Identical sentences (wire copy reprinted by many outlets) are compared
    once: pairs are searched among distinct sentences, then every copy's
    article counts.
    """
    codes = {article: code for code, article in enumerate(dict.fromkeys(article_ids))}
    if len(codes) < 2:
        return np.zeros(len(article_ids))
    distinct: dict[tuple[str, ...], int] = {}
    group = np.array([distinct.setdefault(tuple(sorted(t)), len(distinct)) for t in terms])
    first = np.unique(group, return_index=True)[1]
    similar = pairs_above(sp.csr_matrix(unit[first]), SAME_FACT)
    similar.data[:] = 1.0
    articles = np.array([codes[a] for a in article_ids])
    in_article = sp.csr_matrix(
        (np.ones(len(group)), (group, articles)), shape=(len(distinct), len(codes))
    )
    reached = sp.csr_matrix(similar @ in_article)
    reporting = np.diff(reached.indptr)[group]  # articles with a copy or a restatement
    has_words = np.asarray(unit.getnnz(axis=1) > 0)
    return np.where(has_words, np.maximum(reporting - 1, 0), 0).astype(float)


def _position_prior(sentences: Sequence[Sentence]) -> np.ndarray:
    index = np.array([s.index for s in sentences], float)
    first_paragraph = np.array([s.paragraph == 0 for s in sentences])
    lede = np.where(first_paragraph & (index < LEDE_SENTENCES), LEDE_WEIGHT, 1.0)
    return np.asarray(lede / (1.0 + index) ** POSITION_DECAY, float)


def _topic_relevance(sentences: Sequence[Sentence], terms: TermMatcher | None) -> np.ndarray:
    """1 plus ``TOPIC_BIAS`` for each of the topic's words the sentence contains.

    Stop words are kept here: "US" is a stop word to the rankers but a topic
    term to the reader.
    """
    if terms is None:
        return np.ones(len(sentences))
    matches = [terms.count_in(s.tokens) for s in sentences]
    return 1.0 + TOPIC_BIAS * np.array(matches, float)
