"""All pairs of sentences whose cosine exceeds a threshold, without computing every pair.

Multiplying the whole sentence-by-term matrix by its transpose touches every
pair that shares any word, most of them through common words that cannot lift
a cosine over a high threshold. All-Pairs prefix filtering (Bayardo, Ma and
Srikant 2007) indexes only each sentence's rarer terms: the common terms left
out are bounded (their weight times the largest weight any sentence gives
them) to add no more than the threshold, so a pair above it must share an
indexed term. Candidates come from one sparse product over the indexed
terms; their exact cosine is then completed from the rest. The bound on
the terms left out is the smaller of that sum and their L2 norm (L2AP,
Anastasiu and Karypis 2014).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

#: Rows of candidates computed per block (bounds peak memory).
BLOCK_ROWS = 2048
#: Candidate pairs completed per step.
VERIFY_PAIRS = 1 << 20
#: Share of the threshold the terms left out of the index may add at most.
LEFT_OUT_SHARE = 0.5


def pairs_above(unit: sp.csr_matrix, threshold: float) -> sp.csr_matrix:
    """Exact cosine of every pair of rows above ``threshold`` (self-pairs included).

    ``unit`` holds L2-normalised rows with non-negative entries.
    """
    n, width = unit.shape
    common_first = _columns_by_frequency(sp.csr_matrix(unit))
    rarest_weight = np.zeros(width)
    np.maximum.at(rarest_weight, common_first.indices, common_first.data)
    bound = common_first.data * rarest_weight[common_first.indices]
    squares = common_first.data**2
    running_bound = np.minimum(
        _running_row_sums(bound, common_first.indptr),
        np.sqrt(_running_row_sums(squares, common_first.indptr)),
    )
    left_out = running_bound <= LEFT_OUT_SHARE * threshold
    indexed = _with_data(common_first, np.where(left_out, 0.0, common_first.data))
    rest = _with_data(common_first, np.where(left_out, common_first.data, 0.0))
    rest_bound = np.zeros(n)
    last_left_out = np.flatnonzero(left_out & _last_of_run(left_out, common_first.indptr))
    rows_of = np.repeat(np.arange(n), np.diff(common_first.indptr))
    rest_bound[rows_of[last_left_out]] = running_bound[last_left_out]
    everything = common_first.T.tocsc()
    found_rows, found_cols, found_values = [], [], []
    for start in range(0, n, BLOCK_ROWS):
        block = (indexed[start : start + BLOCK_ROWS] @ everything).tocoo()
        rows = block.row + start
        cosine = block.data.copy()
        unfinished = np.flatnonzero(
            (rest_bound[rows] > 0) & (cosine + rest_bound[rows] > threshold)
        )
        for first in range(0, len(unfinished), VERIFY_PAIRS):
            part = unfinished[first : first + VERIFY_PAIRS]
            completion = rest[rows[part]].multiply(common_first[block.col[part]]).sum(axis=1)
            cosine[part] += np.asarray(completion).ravel()
        keep = cosine > threshold
        found_rows.append(rows[keep])
        found_cols.append(block.col[keep])
        found_values.append(cosine[keep])
    return sp.csr_matrix(
        (np.concatenate(found_values), (np.concatenate(found_rows), np.concatenate(found_cols))),
        shape=(n, n),
    )


def _columns_by_frequency(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """The same rows with columns renumbered most frequent first, indices sorted."""
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    rank = np.empty(matrix.shape[1], dtype=np.int64)
    rank[np.argsort(-frequency, kind="stable")] = np.arange(matrix.shape[1])
    renumbered = sp.csr_matrix(
        (matrix.data.copy(), rank[matrix.indices], matrix.indptr.copy()), shape=matrix.shape
    )
    renumbered.sort_indices()
    return renumbered


def _running_row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """For each stored entry, the sum of its row's values up to and including it."""
    total = np.cumsum(values)
    row_start = np.repeat(indptr[:-1], np.diff(indptr))
    return np.asarray(total - np.concatenate([[0.0], total])[row_start], float)


def _last_of_run(left_out: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """True at the last left-out entry of each row (left-out entries come first in a row)."""
    following = np.append(left_out[1:], False)
    row_end = np.zeros(len(left_out), bool)
    ends = indptr[1:][np.diff(indptr) > 0] - 1
    row_end[ends] = True
    return np.asarray(row_end | ~following, bool)


def _with_data(matrix: sp.csr_matrix, data: np.ndarray) -> sp.csr_matrix:
    copy = sp.csr_matrix((data, matrix.indices.copy(), matrix.indptr.copy()), shape=matrix.shape)
    copy.eliminate_zeros()
    return copy
