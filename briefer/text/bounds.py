"""A bound on sentence length, so no later stage meets an unbounded sentence.

Entity, event and participant extraction cost more than linearly in a sentence's length
(the outlook's participant search grew with about the cube of it: a 6.8 KB unpunctuated
sentence took 15 s, a 1 MB one more than ten minutes). Text with no sentence punctuation
at all (a scraped table, a feed of keywords, an attacker's page) is one "sentence" to
Punkt, however long. Segmentation therefore cuts any sentence over ``MAX_SENTENCE_WORDS``
words or ``MAX_SENTENCE_CHARS`` characters into consecutive pieces at word boundaries,
each piece within both bounds; a single word longer than ``MAX_SENTENCE_CHARS`` (a 2 MB
run of letters) is cut inside the word. News sentences are far shorter (the longest of the
seeds and the State Department releases is under 100 words), so real text is untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

#: More words than this and a sentence is cut into pieces.
MAX_SENTENCE_WORDS = 200
#: More characters than this and a sentence is cut into pieces.
MAX_SENTENCE_CHARS = 2_000

_WORD = re.compile(r"\S+")


def bounded_spans(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """``spans`` of ``text`` with every over-long one cut into pieces within the bounds."""
    for start, end in spans:
        if end - start <= MAX_SENTENCE_CHARS and _few_words(text, start, end):
            yield start, end
        else:
            yield from _pieces(text, start, end)


def _few_words(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has at most ``MAX_SENTENCE_WORDS`` words (it is short)."""
    return len(text[start:end].split()) <= MAX_SENTENCE_WORDS


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Consecutive pieces of ``text[start:end]``, whole words where a word fits in one."""
    piece_start = piece_end = -1
    words = 0
    for word_start, word_end in _word_chunks(text, start, end):
        if piece_start >= 0 and (
            words == MAX_SENTENCE_WORDS or word_end - piece_start > MAX_SENTENCE_CHARS
        ):
            yield piece_start, piece_end
            piece_start = -1
        if piece_start < 0:
            piece_start, words = word_start, 0
        piece_end = word_end
        words += 1
    if piece_start >= 0:
        yield piece_start, piece_end


def _word_chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The words of ``text[start:end]``; a word over the character bound in chunks of it."""
    for match in _WORD.finditer(text, start, end):
        word_start, word_end = match.span()
        while word_end - word_start > MAX_SENTENCE_CHARS:
            yield word_start, word_start + MAX_SENTENCE_CHARS
            word_start += MAX_SENTENCE_CHARS
        yield word_start, word_end
