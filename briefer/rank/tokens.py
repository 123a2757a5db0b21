"""The terms every ranker sees, and the sparse matrices built from them.

``sumy_terms`` reproduces exactly what sumy's LexRank and TextRank see when
briefer hands them its tokenizer, stemmer and stop words: the words of the
regular-expression tokenizer, lower-cased, stop words dropped, Snowball
stemmed. Same tokens in, same ranking out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from ..segment import split_words
from ..text import stem, stop_words


def sumy_terms(text: str) -> list[str]:
    """The stems sumy's LexRank/TextRank compute for a sentence (duplicates kept)."""
    stops = stop_words()
    return [stem(word) for word in split_words(text) if word.lower() not in stops]


def count_matrix(
    sentence_terms: Sequence[Sequence[str]], vocabulary: dict[str, int] | None = None
) -> sp.csr_matrix:
    """Sentence x term counts (float), with ``vocabulary`` extended as terms appear."""
    vocabulary = {} if vocabulary is None else vocabulary
    rows: list[int] = []
    columns: list[int] = []
    for row, terms in enumerate(sentence_terms):
        for term in terms:
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
    data = np.ones(len(rows))
    shape = (len(sentence_terms), max(len(vocabulary), 1))
    matrix = sp.csr_matrix((data, (np.array(rows, int), np.array(columns, int))), shape=shape)
    matrix.sum_duplicates()
    return matrix
