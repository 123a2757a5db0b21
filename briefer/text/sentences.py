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

from briefer.model import Article, Sentence, Tokens
from briefer.text.bounds import bounded_spans
from briefer.text.datelines import dateline_length
from briefer.text.nltk_parts import (
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
)

_MONTHS = "jan feb mar apr jun jul aug sep sept oct nov dec"
_TITLES = (
    "mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt sen rep gov "
    "pres supt insp det fr rev hon amb sec atty brig lieut messrs mme mlle"
)
_BUSINESS = (
    "inc corp co ltd llc plc s.a s.p.a n.v a.g bros dept univ assn est approx no nos vol fig"
)
_PLACES = "st ave blvd rd mt ft u.s u.k u.n u.s.a e.u d.c n.y l.a"
_MISC = "vs etc al i.e e.g e.o a.m p.m jr sr ph.d b.a m.a"
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


class _PlainPatterns(PunktLanguageVars):  # type: ignore[misc]
    """Punkt's own patterns, compiled with ``re``.

    NLTK 3.10 runs every pattern through ``nltk.redos``: the third-party
    ``regex`` engine and a timer around each match, there to stop a
    caller-supplied pattern from backtracking for ever. Punkt's patterns are
    fixed and linear, so here that guard only costs time (the same spans,
    2.4x slower on news text: ``benchmarks/segmentation.py``) and, on a long
    enough text, raises a ``TimeoutError`` no reader asked for.
    """

    re_boundary_realignment = re.compile(
        PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE
    )

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        pattern = self._word_tokenize_fmt % {
            "NonWord": self._re_non_word_chars,
            "MultiChar": self._re_multi_char_punct,
            "WordStart": self._re_word_start,
        }
        return _compiled(pattern, re.UNICODE | re.VERBOSE)

    def period_context_re(self) -> re.Pattern[str]:
        pattern = self._period_context_fmt % {
            "NonWord": self._re_non_word_chars,
            "SentEndChars": self._re_sent_end_chars,
        }
        return _compiled(pattern, re.UNICODE | re.VERBOSE)


_NON_PUNCT = re.compile(r"[^\W\d]", re.UNICODE)


class _PlainToken(PunktToken):  # type: ignore[misc]
    """Punkt's token, its patterns compiled with ``re`` (see ``_PlainPatterns``)."""

    _RE_ELLIPSIS = re.compile(r"\.\.+$")
    _RE_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
    _RE_INITIAL = re.compile(r"[^\W\d]\.$", re.UNICODE)
    _RE_ALPHA = re.compile(r"[^\W\d]+$", re.UNICODE)

    @property
    def is_non_punct(self) -> re.Match[str] | None:
        return _NON_PUNCT.search(self.type)


@lru_cache(maxsize=8)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    return PunktSentenceTokenizer(params, lang_vars=_PlainPatterns(), token_cls=_PlainToken)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character offsets of the sentences in ``text``.

    An over-long sentence comes back cut into pieces (``briefer.text.bounds``), so every
    later stage sees sentences of bounded length.
    """
    return list(_spans(text))


#: Distinct paragraphs whose spans are kept: wire copy, bylines and footers recur in a day.
SPANS_CACHED = 1 << 14


@lru_cache(maxsize=SPANS_CACHED)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    spans = bounded_spans(text, _punkt().span_tokenize(text))
    return tuple((start, end) for start, end in spans if text[start:end].strip())


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
    sentences: list[Sentence] = []
    offset = 0
    for number, paragraph in enumerate(article.paragraphs):
        # The first sentence starts after a dateline ("MOSCOW (Reuters) - "): see datelines.py.
        head = dateline_length(paragraph) if number == 0 else 0
        for start, end, text, tokens in _paragraph_sentences(paragraph[head:]):
            sentences.append(
                Sentence(
                    text=text,
                    article_id=article.id,
                    index=len(sentences),
                    paragraph=number,
                    start=offset + head + start,
                    end=offset + head + end,
                    tokens=tokens,
                )
            )
        offset += len(paragraph) + 2  # paragraphs are joined by a blank line
    return sentences


@lru_cache(maxsize=SPANS_CACHED)
def _paragraph_sentences(paragraph: str) -> tuple[tuple[int, int, str, Tokens], ...]:
    """Each sentence of a paragraph: its span, its text, its token record. A paragraph the
    day repeats (wire copy, a byline, a footer) is split once and its sentences shared."""
    from briefer.text.tokens import tokenize

    found = []
    for start, end in _spans(paragraph):
        text = paragraph[start:end].strip()
        found.append((start, end, text, tokenize(text)))
    return tuple(found)
