"""How a batch's token records travel back from a worker: a table of words and their numbers.

A token record is six tuples of strings (``Tokens``: words, stems, terms, content,
names, name stems); pickled as they are, a batch's records were 2.6 times the text
they came from. But the fields follow from the words: the stems are the words'
stems, the terms and the content words are those stems of some of the words
(not stop words; not numbers either), and the names are the words themselves
unless a word has a dot or a hyphen. So a batch sends one table of its distinct
words with their stems, and each record as its words' numbers in the table
(4 bytes each) and one byte a word saying whether its stem is among the terms
and the content words; names that are not the words go as numbers too. The
client rebuilds the tuples with slices and ``itertools.compress``, and a record
it already holds (the day's wire copy, arriving in many batches) is taken as
it is without building the rest. A record the table cannot say exactly (never
in practice: a word with two stems) is sent as it is.
"""

from __future__ import annotations

import hashlib
from array import array
from itertools import compress
from typing import Any

from briefer.model import Tokens
from briefer.text.tokens import TOKENS_CACHED

_TERM, _CONTENT = 1, 2  # a word's bits: its stem is among the terms, among the content words
_TERMS = bytes(b & _TERM for b in range(256))  # bytes.translate tables picking each bit
_CONTENTS = bytes(b & _CONTENT for b in range(256))
_UNMARKED = 255
_KEY = 16  # bytes of a record's key
#: Token records received, by the key of their words (every field follows from the words): a
#: record the day repeats, arriving in many batches, is built and kept once, as one process
#: keeps it.
RECEIVED: dict[bytes, Tokens] = {}


class Records:
    """The distinct token records of one batch's sentences, numbered in order of first use."""

    __slots__ = ("_numbers", "tokens")

    def __init__(self) -> None:
        self.tokens: list[Tokens] = []
        self._numbers: dict[int, int] = {}  # id(record) -> its number (records are held)

    def number(self, tokens: Tokens) -> int:
        found = self._numbers.get(id(tokens))
        if found is None:
            found = self._numbers[id(tokens)] = len(self.tokens)
            self.tokens.append(tokens)
        return found

    def __getstate__(self) -> tuple[Any, ...]:
        table = _Table()
        numbers: list[int] = []
        names: list[int] = []
        lengths: list[int] = []  # per record: words + 1 (0: sent raw), names + 1 (0: the words)
        raw: dict[int, Tokens] = {}
        for number, tokens in enumerate(self.tokens):
            encoded = _encode(tokens, table)
            if encoded is None:
                raw[number] = tokens
                lengths.extend((0, 0))
                continue
            words, named = encoded
            numbers.extend(words)
            names.extend(named or ())
            lengths.extend((len(words) + 1, 0 if named is None else len(named) + 1))
        known = len(table.strings)  # a stem that is no word of the batch is a string too
        stems = [table.number(table.stems[n]) for n in range(known)]
        keys = b"".join(key(tokens.words) for tokens in self.tokens)
        return (keys, table.strings, pack(stems), bytes(table.marks), pack(numbers),
                pack(names), pack(lengths), raw)  # fmt: skip

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        keys, strings, stem_numbers, marks, numbers, names, lengths, raw = state
        numbers, names, lengths = unpack(numbers), unpack(names), unpack(lengths)
        stems = list(map(strings.__getitem__, unpack(stem_numbers)))
        stems.extend(strings[len(stems) :])  # strings that are only stems
        if len(RECEIVED) >= TOKENS_CACHED:
            RECEIVED.clear()
        self.tokens, self._numbers = [], {}
        at = named_at = 0
        for number in range(len(lengths) // 2):
            length, named = lengths[2 * number] - 1, lengths[2 * number + 1] - 1
            end, named_end = at + max(length, 0), named_at + max(named, 0)
            found = keys[_KEY * number : _KEY * (number + 1)]
            known = RECEIVED.get(found)
            if known is None:  # built only if no batch before brought it
                if length < 0:
                    known = raw[number]
                else:
                    known = _built(
                        numbers[at:end], names[named_at:named_end] if named >= 0 else None,
                        strings, stems, marks,
                    )  # fmt: skip
                RECEIVED[found] = known
            self.tokens.append(known)
            at, named_at = end, named_end


def key(words: tuple[str, ...]) -> bytes:
    """A record's key: a 128-bit digest of its words (every field follows from the words)."""
    joined = f"{len(words)}\x00" + "\x00".join(words)
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=_KEY).digest()


def _built(
    numbers: array[int],
    names: array[int] | None,
    strings: list[str],
    stems: list[str],
    marks: bytes,
) -> Tokens:
    """A record from its words' numbers and its names' numbers (None: the words)."""
    words = tuple(map(strings.__getitem__, numbers))
    stemmed = tuple(map(stems.__getitem__, numbers))
    bits = bytes(map(marks.__getitem__, numbers))
    terms = tuple(compress(stemmed, bits.translate(_TERMS)))
    content = tuple(compress(stemmed, bits.translate(_CONTENTS)))
    if len(terms) == len(stemmed):
        terms = stemmed
    if len(content) == len(terms):
        content = terms
    if names is None:
        return Tokens(words, stemmed, terms, content, words, stemmed)
    parts = tuple(map(strings.__getitem__, names))
    return Tokens(words, stemmed, terms, content, parts, tuple(map(stems.__getitem__, names)))


def pack(values: list[int]) -> tuple[str, bytes]:
    """Numbers (none negative) in 2 bytes each when they fit, else 4 (``unpack`` reads them)."""
    code = "H" if not values or max(values) < 1 << 16 else "I"
    return code, array(code, values).tobytes()


def unpack(packed: tuple[str, bytes]) -> array[int]:
    code, data = packed
    values = array(code)
    values.frombytes(data)
    return values


class _Table:
    """A batch's strings (words, their stems, name parts), numbered, with each word's stem and
    bits (whether its stem is among a record's terms, among its content words: a property of
    the word, checked on every record)."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.stems: list[str] = []  # the stem of string n (a string that is only a stem: itself)
        self.marks = bytearray()  # the bits of string n (_UNMARKED: not yet a record's word)
        self._numbers: dict[str, int] = {}

    def number(self, string: str) -> int:
        found = self._numbers.get(string)
        if found is None:
            found = self._numbers[string] = len(self.strings)
            self.strings.append(string)
            self.stems.append(string)
            self.marks.append(_UNMARKED)
        return found

    def numbered(self, words: tuple[str, ...], stems: tuple[str, ...]) -> list[int] | None:
        """The words' numbers (each given its stem); None if a word has another stem already."""
        if len(words) != len(stems):
            return None
        numbers = []
        for word, stem in zip(words, stems, strict=True):
            known = word in self._numbers
            number = self.number(word)
            if not known:
                self.stems[number] = stem
            elif self.stems[number] != stem:
                return None
            numbers.append(number)
        return numbers

    def marked(self, numbers: list[int], bits: bytearray) -> bool:
        """Give the words their bits; False if one of them has other bits already."""
        marks = self.marks
        for number, bit in zip(numbers, bits, strict=True):
            if marks[number] == _UNMARKED:
                marks[number] = bit
            elif marks[number] != bit:
                return False
        return True


def _encode(tokens: Tokens, table: _Table) -> tuple[list[int], list[int] | None] | None:
    """A record as its words' numbers in the table and its names' numbers (None: the names
    are the words); None if the table cannot say it exactly."""
    words = table.numbered(tokens.words, tokens.stems)
    if words is None:
        return None
    bits = bytearray(len(words))
    if not (_mark(tokens.stems, tokens.terms, bits, _TERM)
            and _mark(tokens.stems, tokens.content, bits, _CONTENT)
            and table.marked(words, bits)):  # fmt: skip
        return None
    if tokens.names == tokens.words and tokens.name_stems == tokens.stems:
        return words, None
    names = table.numbered(tokens.names, tokens.name_stems)
    return None if names is None else (words, names)


def _mark(stems: tuple[str, ...], chosen: tuple[str, ...], marks: bytearray, bit: int) -> bool:
    """Mark the stems that make up ``chosen`` (a subsequence of them); False if it is not one."""
    at = 0
    for position, stem in enumerate(stems):
        if at < len(chosen) and chosen[at] == stem:
            marks[position] |= bit
            at += 1
    return at == len(chosen)
