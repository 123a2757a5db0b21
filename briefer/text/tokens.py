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
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from briefer.model import Tokens
from briefer.text.sentences import split_words
from briefer.text.words import stem, stop_words

_NUMBER = re.compile(r"[\d.,]+")
#: A word -> (the word, its stem, its kind): kind 0 a content word, 1 a number (not
#: content), 2 a stop word. The word is kept so every record holds one string per distinct
#: word, not one per occurrence (a 10,000-article day has ~4 million word occurrences).
_WORD_INFO: dict[str, tuple[str, str, int]] = {}
_WORD_INFO_LIMIT = 1 << 20  # distinct words kept; news vocabularies stay far below
#: Distinct sentences whose records are kept: a day repeats its wire copy, bylines, footers.
TOKENS_CACHED = 1 << 15


def _word_info(word: str) -> tuple[str, str, int]:
    info = _WORD_INFO.get(word)
    if info is None:
        kind = 2 if word.lower() in stop_words() else 1 if _NUMBER.fullmatch(word) else 0
        info = (word, stem(word), kind)
        if len(_WORD_INFO) < _WORD_INFO_LIMIT:
            _WORD_INFO[word] = info
    return info


@lru_cache(maxsize=TOKENS_CACHED)
def tokenize(text: str) -> Tokens:
    """Split and stem a sentence once, for every stage that reads its words.

    Records are immutable, so a sentence repeated across the day's articles shares one.
    """
    infos = [_WORD_INFO.get(word) or _word_info(word) for word in split_words(text)]
    words = tuple([info[0] for info in infos])
    stems = tuple([info[1] for info in infos])
    if all(info[2] == 0 for info in infos):
        terms = content = stems
    else:
        terms = tuple([info[1] for info in infos if info[2] < 2])
        content = tuple([info[1] for info in infos if info[2] == 0])
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
    """Sentence x term counts (float), with ``vocabulary`` extended as terms appear.

    A term's column is the order it first appears in, as a loop over the sentences
    would give. Each distinct list of terms is counted once (a day repeats its wire
    copy) and its row copied to every sentence that has it.
    """
    vocabulary = {} if vocabulary is None else vocabulary
    distinct: dict[tuple[str, ...], int] = {}
    # A repeated sentence shares its token record, so its terms are the same object: found
    # by identity first, without hashing the tuple again (the object is held, so its id
    # cannot be taken by another while this runs).
    seen: dict[int, tuple[Sequence[str], int]] = {}
    rows = []
    for terms in sentence_terms:
        found = seen.get(id(terms))
        if found is None:
            found = seen[id(terms)] = (terms, distinct.setdefault(tuple(terms), len(distinct)))
        rows.append(found[1])
    matrix = _distinct_counts(list(distinct), vocabulary)
    if len(distinct) == len(rows):
        return matrix
    return sp.csr_matrix(matrix[np.array(rows, dtype=np.int64)])


def _distinct_counts(
    sentence_terms: Sequence[tuple[str, ...]], vocabulary: dict[str, int]
) -> sp.csr_matrix:
    """``count_matrix`` of lists of terms all different: built as CSR directly."""
    flat = [term for terms in sentence_terms for term in terms]
    for term in dict.fromkeys(flat):
        vocabulary.setdefault(term, len(vocabulary))
    columns = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
    row_ends = np.fromiter(map(len, sentence_terms), dtype=np.int64, count=len(sentence_terms))
    pointers = np.concatenate([[0], np.cumsum(row_ends)])
    shape = (len(sentence_terms), max(len(vocabulary), 1))
    matrix = sp.csr_matrix((np.ones(len(flat)), columns, pointers), shape=shape)
    matrix.sum_duplicates()
    return matrix


def unit_rows(matrix: sp.spmatrix) -> sp.csr_matrix:
    """Each row scaled to length 1 (an all-zero row stays zero): cosines are then products."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(inverse) @ matrix)
