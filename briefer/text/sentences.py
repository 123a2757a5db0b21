"""Sentence and word segmentation that works with no downloaded NLTK data.

NLTK's pretrained ``punkt`` models cannot be fetched offline, and an untrained
Punkt splits "the U.S. | National Security Advisor". An untrained
``PunktSentenceTokenizer`` given a curated list of news abbreviations avoids
that (boundary F1 on the Wikinews gold set is printed by
``benchmarks/segmentation.py``). Words come from a regular expression, so no
data is needed at all.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from briefer.model import Article, Sentence

_MONTHS = "jan feb mar apr jun jul aug sep sept oct nov dec"
_TITLES = (
    "mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt sen rep gov "
    "pres supt insp det fr rev hon amb sec atty brig lieut messrs mme mlle"
)
_BUSINESS = "inc corp co ltd llc plc bros dept univ assn est approx no nos vol fig"
_PLACES = "st ave blvd rd mt ft u.s u.k u.n u.s.a e.u d.c n.y l.a"
_MISC = "vs etc al i.e e.g a.m p.m jr sr ph.d b.a m.a"
_US_STATES = (
    "ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich "
    "minn miss mo mont neb nev n.h n.j n.m n.c n.d okla ore pa r.i s.c s.d tenn "
    "tex va vt wash wis wyo"
)

#: Abbreviations Punkt must not treat as sentence ends (lower case, no final dot).
NEWS_ABBREVIATIONS: frozenset[str] = frozenset(
    " ".join([_MONTHS, _TITLES, _BUSINESS, _PLACES, _MISC, _US_STATES]).split()
)

# Initialisms with their dots ("U.S.", "U.S.-led"), then words with inner hyphens,
# apostrophes and dots ("Russia’s", "3.5").
_WORD_RE = re.compile(r"(?:[^\W\d_]\.){2,}(?:-\w+)*|\w+(?:[-'’.]\w+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character offsets of the sentences in ``text``."""
    return [(start, end) for start, end in _punkt().span_tokenize(text) if text[start:end].strip()]


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping each exactly as it stands."""
    return [text[start:end] for start, end in sentence_spans(text)]


def split_words(text: str) -> list[str]:
    """Split text into word tokens (letters and digits; inner dots, hyphens, apostrophes kept)."""
    return _WORD_RE.findall(text)


class Tokenizer:
    """A tokenizer with the interface sumy expects, needing no NLTK data."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(split_words(sentence))


def segment_article(article: Article) -> list[Sentence]:
    """Split an article's paragraphs into sentences that keep their offsets and tokens."""
    from briefer.text.tokens import tokenize

    sentences: list[Sentence] = []
    offset = 0
    for number, paragraph in enumerate(article.paragraphs):
        for start, end in sentence_spans(paragraph):
            text = paragraph[start:end].strip()
            sentences.append(
                Sentence(
                    text=text,
                    article_id=article.id,
                    index=len(sentences),
                    paragraph=number,
                    start=offset + start,
                    end=offset + end,
                    tokens=tokenize(text),
                )
            )
        offset += len(paragraph) + 2  # paragraphs are joined by a blank line
    return sentences
