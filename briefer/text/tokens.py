"""A sentence's token record, made once, and the sparse matrices built from it.

``tokenize`` splits and stems a sentence once for every later stage (topics,
the fact index, IDF, ranking). Its ``terms`` are exactly what sumy's LexRank
and TextRank see when briefer hands them its tokenizer, stemmer and stop
words: the words of the regular-expression tokenizer, lower-cased, stop words
dropped, Snowball stemmed. Same tokens in, same ranking out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from briefer.model import Tokens
from briefer.text.sentences import split_words
from briefer.text.words import stem, stop_words

_NUMBER = re.compile(r"[\d.,]+")


def tokenize(text: str) -> Tokens:
    """Split and stem a sentence once, for every stage that reads its words."""
    words = tuple(split_words(text))
    stems = tuple(map(stem, words))
    stops = stop_words()
    kept = [i for i, word in enumerate(words) if word.lower() not in stops]
    terms = stems if len(kept) == len(words) else tuple(stems[i] for i in kept)
    content_kept = [i for i in kept if not _NUMBER.fullmatch(words[i])]
    content = terms if len(content_kept) == len(kept) else tuple(stems[i] for i in content_kept)
    if any("." in word or "-" in word for word in words):
        names = tuple(part for word in words for part in word.replace(".", "").split("-") if part)
        name_stems = tuple(map(stem, names))
    else:
        names, name_stems = words, stems
    return Tokens(words, stems, terms, content, names, name_stems)


def sumy_terms(text: str) -> list[str]:
    """The stems sumy's LexRank/TextRank compute for a sentence (duplicates kept)."""
    return list(tokenize(text).terms)


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
