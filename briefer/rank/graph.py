"""LexRank and TextRank on sparse matrices, ranking exactly as sumy's do.

sumy builds an n x n similarity matrix with two Python loops (quadratic in
pure Python: 47 s for LexRank at 3,000 sentences). Here the same numbers come
from sparse products: a sentence-by-term matrix ``C`` gives every pairwise
dot product at once as ``C @ C.T``, computed a block of rows at a time so
memory stays bounded. LexRank's graph is symmetric: only its upper triangle
is computed, in cache-sized tiles on every core, and only the pattern above
the threshold is kept (``pairs.upper_tile_products``). The power iterations
are sumy's own, with the same start vector and stopping rule, so the scores
(not just the ranking) match sumy's to rounding error. LexRank walks once per
group of identical sentences, weighted by the number of copies: the same
numbers, and a day of reprinted wire copy costs what its distinct sentences
cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from briefer.rank.pairs import on_or_above_diagonal, upper_tile_products
from briefer.text.tokens import count_matrix, unit_rows

#: Rows of the similarity matrix computed per block (bounds peak memory).
BLOCK_ROWS = 2048

LEXRANK_THRESHOLD = 0.1  # sumy's LexRankSummarizer.threshold
LEXRANK_EPSILON = 0.1  # sumy's LexRankSummarizer.epsilon
TEXTRANK_DAMPING = 0.85  # sumy's TextRankSummarizer.damping
TEXTRANK_EPSILON = 1e-4  # sumy's TextRankSummarizer.epsilon
_ZERO_DIVISION_PREVENTION = 1e-7  # sumy's TextRankSummarizer guard


def lexrank_scores(sentence_terms: Sequence[Sequence[str]]) -> np.ndarray:
    """sumy's LexRank: IDF-modified cosine over sentences, thresholded, power method.

    ``sentence_terms`` are the stems of each sentence (stop words removed), as
    ``briefer.text.tokens.tokenize`` makes them (its ``terms``).
    """
    n = len(sentence_terms)
    if n == 0:
        return np.zeros(0)
    counts = count_matrix(sentence_terms)
    row_max = _row_max(counts)
    tf = sp.diags(1.0 / np.where(row_max > 0, row_max, 1.0)) @ counts
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log(n / (1.0 + document_frequency))
    weights = sp.csr_matrix(tf @ sp.diags(idf))
    unit = unit_rows(weights)
    groups, first, copies = _identical(sentence_terms)
    graph = _graph_above(sp.csr_matrix(unit[first]), LEXRANK_THRESHOLD)
    degrees = graph.times(copies)
    degrees[degrees == 0] = 1
    scores = _lexrank_power_method(graph, degrees, copies, n)
    return np.asarray(scores[groups], float)


def textrank_scores(sentence_terms: Sequence[Sequence[str]]) -> np.ndarray:
    """sumy's TextRank: shared words over the sum of log lengths, PageRank with damping."""
    n = len(sentence_terms)
    if n == 0:
        return np.zeros(0)
    counts = count_matrix(sentence_terms)
    log_lengths = np.log(np.maximum(np.array([len(t) for t in sentence_terms], float), 1.0))
    blocks = []
    for start in range(0, n, BLOCK_ROWS):
        block = (counts[start : start + BLOCK_ROWS] @ counts.T).tocoo()
        rows = block.row + start
        norm = log_lengths[rows] + log_lengths[block.col]
        near_zero = np.isclose(norm, 0.0)
        data = np.where(near_zero, block.data, block.data / np.where(near_zero, 1.0, norm))
        blocks.append(sp.csr_matrix((data, (block.row, block.col)), shape=block.shape))
    overlap = sp.vstack(blocks).tocsr() if blocks else sp.csr_matrix((n, n))
    row_sums = np.asarray(overlap.sum(axis=1)).ravel() + _ZERO_DIVISION_PREVENTION
    weights = sp.csr_matrix(sp.diags(1.0 / row_sums) @ overlap)
    transposed = weights.T.tocsr()
    p = np.full(n, 1.0 / n)
    change = 1.0
    while change > TEXTRANK_EPSILON:
        following = (1.0 - TEXTRANK_DAMPING) / n * p.sum() + TEXTRANK_DAMPING * (transposed @ p)
        change = float(np.linalg.norm(following - p))
        p = following
    return p


def _row_max(matrix: sp.csr_matrix) -> np.ndarray:
    if matrix.nnz == 0:
        return np.zeros(matrix.shape[0])
    return np.asarray(matrix.max(axis=1).toarray(), float).ravel()


#: A tile of the graph as found: first row, first column, shape, CSR row pointers, columns.
_Tile = tuple[int, int, tuple[int, int], np.ndarray, np.ndarray]


@dataclass(frozen=True)
class _SymmetricGraph:
    """A symmetric 0/1 matrix kept as the tiles of its upper triangle, diagonal included.

    Each pair is computed once, and the tiles are never concatenated: at
    100,000 distinct sentences the graph has 70 million edges, and copying or
    sorting them costs more than the few products the power method needs.
    Every tile shares one array of ones as its values.
    """

    tiles: list[tuple[int, int, sp.csr_matrix]]  # first row, first column, tile
    self_loops: np.ndarray  # the diagonal, which the tiles hold and their mirror would repeat

    def times(self, vector: np.ndarray) -> np.ndarray:
        """The whole (symmetric) matrix times ``vector``."""
        product = -self.self_loops * vector
        for first_row, first_column, tile in self.tiles:
            rows = slice(first_row, first_row + tile.shape[0])
            columns = slice(first_column, first_column + tile.shape[1])
            product[rows] += tile @ vector[columns]
            product[columns] += tile.T @ vector[rows]
        return np.asarray(product, float)


def _graph_above(unit: sp.csr_matrix, threshold: float) -> _SymmetricGraph:
    """The graph with an edge where two rows' cosine exceeds ``threshold``.

    Each tile of products is compared with the threshold in place and only the
    places above it are kept, never a block of 0.0/1.0 values. A row with
    words is its own neighbour (cosine 1), as in sumy's matrix.
    """

    def above(first_row: int, first_column: int, tile: sp.csr_matrix) -> _Tile:
        at = np.flatnonzero(tile.data > threshold)
        at = on_or_above_diagonal(first_row, first_column, tile, at)
        indptr = np.searchsorted(at, tile.indptr).astype(np.int32)
        return first_row, first_column, tile.shape, indptr, tile.indices[at]

    found = upper_tile_products(unit, unit, above)
    ones = np.ones(max((len(columns) for *_, columns in found), default=0))
    tiles = [
        (
            first_row,
            first_column,
            sp.csr_matrix((ones[: len(columns)], columns, indptr), shape=shape),
        )
        for first_row, first_column, shape, indptr, columns in found
    ]
    has_words = np.diff(unit.indptr) > 0
    return _SymmetricGraph(tiles, has_words.astype(float))


def _identical(
    sentence_terms: Sequence[Sequence[str]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group sentences with the same terms: group of each, first of each group, group sizes.

    Identical sentences (wire copy printed by many outlets) have identical rows
    and columns in LexRank's matrix and so identical scores: the walk is run
    once per group, each group weighted by its number of copies.
    """
    distinct: dict[tuple[str, ...], int] = {}
    groups = np.array(
        [distinct.setdefault(tuple(sorted(terms)), len(distinct)) for terms in sentence_terms],
        dtype=np.int64,
    )
    _, first, copies = np.unique(groups, return_index=True, return_counts=True)
    return groups, first, copies.astype(float)


def _lexrank_power_method(
    graph: _SymmetricGraph, degrees: np.ndarray, copies: np.ndarray, n: int
) -> np.ndarray:
    """sumy's power method, on groups of identical sentences (each counted ``copies`` times).

    The graph is symmetric, so its transpose, which sumy's walk multiplies by,
    is itself.
    """
    p = np.full(len(copies), 1.0 / n)
    change = 1.0
    while change > LEXRANK_EPSILON:
        following = graph.times(copies * p / degrees)
        norm = float(np.sqrt(np.sum(copies * following**2)))
        if norm == 0:
            return np.zeros(len(copies))
        following /= norm
        change = float(np.sqrt(np.sum(copies * (following - p) ** 2)))
        p = following
    return np.asarray(p, float)
