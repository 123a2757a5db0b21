"""Word normalisation shared by topic matching, ranking and duplicate detection.

Everything is built on NLTK's Snowball stemmer and sumy's bundled English stop
words: neither needs a download.
"""

from __future__ import annotations

import math
import pkgutil
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from briefer.text.nltk_parts import SnowballStemmer
from briefer.text.sentences import split_words

_stemmer = SnowballStemmer("english")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """sumy's English stop words (shipped inside sumy, no download).

    Read as ``sumy.utils.get_stop_words("english")`` reads them, without importing
    ``sumy.utils`` (which imports ``requests`` and ``pycountry``: 60 ms of start-up).
    """
    data = pkgutil.get_data("sumy", "data/stopwords/english.txt")
    assert data is not None, "sumy ships its stop words"
    return frozenset(w.rstrip() for w in data.decode("utf-8").splitlines() if w)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem of a lower-cased word, dots removed ("U.S." -> "us")."""
    return str(_stemmer.stem(word.lower().replace(".", "")))


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (stop words and numbers-only tokens dropped)."""
    stops = stop_words()
    return [
        stem(word)
        for word in split_words(text)
        if word.lower() not in stops and not re.fullmatch(r"[\d.,]+", word)
    ]


def cosine(a: Counter[str], b: Counter[str], idf: dict[str, float] | None = None) -> float:
    """Cosine similarity of two bags of stems, optionally IDF-weighted."""
    if not a or not b:
        return 0.0

    def weight(term: str) -> float:
        return idf.get(term, 1.0) if idf else 1.0

    dot = sum(count * b[term] * weight(term) ** 2 for term, count in a.items() if term in b)
    if not dot:
        return 0.0
    norm_a = math.sqrt(sum((count * weight(term)) ** 2 for term, count in a.items()))
    norm_b = math.sqrt(sum((count * weight(term)) ** 2 for term, count in b.items()))
    return dot / (norm_a * norm_b)


def inverse_document_frequency(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """Smoothed IDF of each stem over ``documents`` (each an iterable of stems, counted once)."""
    frequency: Counter[str] = Counter()
    total = 0
    for document in documents:
        frequency.update(set(document))
        total += 1
    return {term: math.log((1 + total) / (1 + count)) + 1 for term, count in frequency.items()}


#: Openings that point back at an earlier sentence: a pronoun or a connective.
_POINTS_BACK = re.compile(
    r"[\"'‘“(]*(?:they|them|their|it|its|he|she|his|her|this|these|those|such|"
    r"moreover|however|but|and|also|meanwhile|furthermore|additionally|nevertheless|"
    r"still|yet|thus|therefore|hence|besides|instead|then)\b",
    re.IGNORECASE,
)


def points_back(text: str) -> bool:
    """True when a sentence opens by referring to what came before ("Moreover, they ...").

    Such a sentence needs its neighbours to be understood, so it cannot stand
    alone as a bottom line.
    """
    return _POINTS_BACK.match(text.lstrip()) is not None
