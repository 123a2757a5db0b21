"""Fold duplicate stories: the same page reached twice, or the same text from several outlets.

A feed and a hand-given URL often point at the same page under different
addresses (``?utm_source=rss``, ``#comments``, a trailing slash, upper-case
host); wire stories are republished word for word by many outlets. Either
way the story must be read once, or its sentences crowd the brief and cite
themselves. What is kept is the first copy; a syndicated copy from another
outlet is remembered in ``Article.outlets``, so the brief can say how many
independent outlets carried it.

Two texts are the same when their word 5-gram sets have a Jaccard index of at
least ``SAME_TEXT_THRESHOLD``. Comparing every text with every kept one is
quadratic, so candidates come from MinHash locality-sensitive hashing: each
text is summed up by a ``TextSketch`` (its MinHash signature cut into bands,
each band hashed to one number: 256 bytes, made where the article is read,
on a worker when the build runs on several), texts sharing a band are
candidates, and every candidate is then compared exactly. Hashes are stable
64-bit ones (BLAKE2b of each word, mixed), not Python's per-process salted
``hash()``, so sketches made in different processes agree.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import numpy.typing as npt

from briefer.model import Article

log = logging.getLogger(__name__)

#: Two bodies sharing this share of their word 5-grams (Jaccard) are one text.
SAME_TEXT_THRESHOLD = 0.8
_SHINGLE = 5
#: Bands x rows of the MinHash signature. A pair at Jaccard J shares a band with
#: probability 1 - (1 - J**ROWS)**BANDS: at 0.8 all but 6e-5 of pairs are found
#: (benchmarks/minhash_recall.py measures it), at 1/3 (half a text shared) 4% are
#: candidates, which the exact comparison then rejects.
BANDS, ROWS = 32, 6
_TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref", "src"}
_WORD_RE = re.compile(r"\w+")
_U64 = np.uint64
_Hashes = npt.NDArray[np.uint64]
# Fixed odd multipliers and offsets of the signature's hash functions, the same in every process.
_SEEDS = np.random.default_rng(20261202).integers(1, 2**32, size=(2, BANDS * ROWS), dtype=np.uint32)
_MULTIPLIERS, _OFFSETS = _SEEDS[0] | np.uint32(1), _SEEDS[1]
_POSITION = np.array(
    [(0x9E3779B97F4A7C15 * (k + 1) | 1) % 2**64 for k in range(_SHINGLE)], dtype=_U64
)
_BAND_WEIGHTS = np.array(
    [(0xBF58476D1CE4E5B9 * (k + 1) | 1) % 2**64 for k in range(ROWS)], dtype=_U64
)
#: Signature minima a candidate must share to be compared exactly (see ``_TextIndex``).
_SCREEN = round(0.6 * BANDS * ROWS)
#: Shingle sets kept for exact comparisons (about 6 KiB each; made again when evicted).
_VERIFIED_CACHE = 1 << 15


@dataclass(frozen=True)
class Folded:
    """An article read once already: which copy it duplicated, and how."""

    location: str
    kept_id: str
    how: str  # "same URL" or "same text"


@dataclass(frozen=True)
class TextSketch:
    """What duplicate folding needs to find an article's candidate twins: its MinHash signature.

    ``BANDS * ROWS`` 32-bit minima (768 bytes) whatever the text's length, so a
    worker sends this back instead of the text's shingles.
    """

    signature: bytes

    def minima(self) -> npt.NDArray[np.uint32]:
        return np.frombuffer(self.signature, dtype=np.uint32)

    def bands(self) -> list[int]:
        """One 64-bit key per band of ``ROWS`` minima: texts sharing a key are candidates."""
        rows = self.minima().astype(_U64).reshape(BANDS, ROWS)
        with np.errstate(over="ignore"):
            keys: list[int] = _mix(
                (rows * _BAND_WEIGHTS).sum(axis=1, dtype=_U64) + _U64(1)
            ).tolist()
        return keys


def normalize_url(url: str) -> str:
    """The URL with the differences that do not change the page removed."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/") or "/"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
    )
    # http and https serve the same story; the scheme does not make it another one.
    return urlunsplit(
        ("https" if scheme in ("http", "https") else scheme, host, path, urlencode(query), "")
    )


def text_sketch(text: str) -> TextSketch:
    """The MinHash signature of ``text``'s word 5-gram set (``sketch_of(shingles(text))``).

    Made piece by piece: a text is its paragraphs joined by blank lines, which no word
    crosses, and the minimum over a union of sets is the minimum of the sets' minima. So
    each paragraph's words and the minima of the 5-grams inside it are kept
    (``_piece``: a paragraph the day repeats, wire copy, a byline, a footer, is hashed
    once), and only the few 5-grams across a paragraph break are hashed per text. The
    signature is the same, bit for bit, as hashing the whole text's 5-grams.
    """
    pieces = [_piece(piece) for piece in text.split("\n\n")]
    count = sum(len(words) for words, _ in pieces)
    if len(pieces) == 1 or count < _SHINGLE:
        return sketch_of(shingles(text))
    words = np.concatenate([words for words, _ in pieces])
    owner = np.repeat(np.arange(len(pieces)), [len(words) for words, _ in pieces])
    across = np.flatnonzero(owner[: count - _SHINGLE + 1] != owner[_SHINGLE - 1 :])
    minima = [inside for _, inside in pieces if inside is not None]
    if len(across):
        minima.append(_minima(_windows(words, across)))
    return TextSketch(np.minimum.reduce(minima).tobytes())


def sketch_of(grams: _Hashes) -> TextSketch:
    """The MinHash signature of a text's word 5-gram set.

    The signature's hash functions are ``a x + b`` modulo 2**32 over the low
    32 bits of the shingle hashes (which are already mixed): half the memory
    traffic of 64-bit ones; benchmarks/minhash_recall.py shows the pairs found
    at each Jaccard index match the MinHash formula.
    """
    return TextSketch(_minima(grams).tobytes())


#: Shingles hashed per step of the signature (memory: 768 bytes each, 48 MiB a step).
_MINIMA_BLOCK = 1 << 16


def _minima(grams: _Hashes) -> npt.NDArray[np.uint32]:
    """The signature's minima, a block of shingles at a time: the same values in bounded
    memory (all at once, a 7.8 MB text's 1.2 million shingles took 1.6 GB)."""
    low = grams.astype(np.uint32)

    def block_minima(start: int) -> npt.NDArray[np.uint32]:
        block = low[start : start + _MINIMA_BLOCK, None]
        found: npt.NDArray[np.uint32] = (block * _MULTIPLIERS + _OFFSETS).min(axis=0)
        return found

    with np.errstate(over="ignore"):
        minima = block_minima(0)
        for start in range(_MINIMA_BLOCK, len(low), _MINIMA_BLOCK):
            minima = np.minimum(minima, block_minima(start))
    return minima


def shingles(text: str) -> _Hashes:
    """The sorted, distinct stable 64-bit hashes of a text's casefolded word 5-grams.

    A text of fewer than five words is one "shingle" of all its words (the
    empty text included), so short texts are the same only when equal.
    """
    words = np.concatenate([_piece(piece)[0] for piece in text.split("\n\n")])
    with np.errstate(over="ignore"):
        if len(words) < _SHINGLE:
            whole = (words * _POSITION[: len(words)]).sum(dtype=_U64) + _U64(len(words))
            return _mix(np.array([whole], dtype=_U64))
    mixed = np.sort(_windows(words, np.arange(len(words) - _SHINGLE + 1)))
    return mixed[np.r_[True, mixed[1:] != mixed[:-1]]]


def _windows(words: _Hashes, starts: npt.NDArray[np.intp]) -> _Hashes:
    """The mixed hashes of the 5-grams of ``words`` that begin at ``starts``."""
    with np.errstate(over="ignore"):
        combined = words[starts] * _POSITION[0]
        for k in range(1, _SHINGLE):
            combined += words[starts + k] * _POSITION[k]
        return _mix(combined)


#: Paragraphs whose word hashes and 5-gram minima are kept (about 1.5 KiB each).
PIECES_CACHED = 1 << 14


@lru_cache(maxsize=PIECES_CACHED)
def _piece(text: str) -> tuple[_Hashes, npt.NDArray[np.uint32] | None]:
    """A paragraph's word hashes, and the signature minima of the 5-grams inside it (None
    when it has fewer than five words)."""
    cased = map(str.casefold, _WORD_RE.findall(text))
    words = np.array(list(map(_WORD_HASHES.__getitem__, cased)), dtype=_U64)
    if len(_WORD_HASHES) > _WORD_HASHES_LIMIT:
        _WORD_HASHES.clear()
    words.flags.writeable = False  # shared by every text holding the paragraph
    if len(words) < _SHINGLE:
        return words, None
    inside = _minima(_windows(words, np.arange(len(words) - _SHINGLE + 1)))
    inside.flags.writeable = False
    return words, inside


class _StableWordHashes(dict[str, int]):
    """Word -> BLAKE2b-64 of its UTF-8, made on first sight (the same in every process)."""

    def __missing__(self, word: str) -> int:
        value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        self[word] = value
        return value


_WORD_HASHES = _StableWordHashes()
_WORD_HASHES_LIMIT = 1 << 20  # distinct words kept; news vocabularies stay far below


def _mix(values: _Hashes) -> _Hashes:
    """SplitMix64's finaliser: every input bit reaches every output bit."""
    with np.errstate(over="ignore"):
        values = (values ^ (values >> _U64(30))) * _U64(0xBF58476D1CE4E5B9)
        values = (values ^ (values >> _U64(27))) * _U64(0x94D049BB133111EB)
        return values ^ (values >> _U64(31))


def fold_duplicates(
    articles: Iterable[Article], sketches: Sequence[TextSketch] | None = None
) -> tuple[list[Article], list[Folded]]:
    """Articles with duplicates removed (first copy kept, outlets merged), and what was folded.

    ``sketches`` are the articles' ``text_sketch``es when they were made
    elsewhere (one per article, in order); by default they are made here.
    """
    kept, _, folded = fold_duplicates_at(list(articles), sketches)
    return kept, folded


def fold_duplicates_at(
    articles: Sequence[Article], sketches: Sequence[TextSketch] | None = None
) -> tuple[list[Article], list[int], list[Folded]]:
    """``fold_duplicates``, with the position in ``articles`` of every kept article."""
    kept: list[Article] = []
    positions: list[int] = []
    texts = _TextIndex()
    by_url: dict[str, int] = {}
    folded: list[Folded] = []
    for number, article in enumerate(articles):
        key = normalize_url(article.url) if article.url else None
        if key is not None and key in by_url:
            folded.append(Folded(str(article.path), kept[by_url[key]].id, "same URL"))
            continue
        sketch = text_sketch(article.text) if sketches is None else sketches[number]
        bands = sketch.bands()
        twin = texts.same_text(article.text, sketch, bands)
        if twin is not None:
            kept[twin] = _with_outlets(kept[twin], article)
            folded.append(Folded(str(article.path), kept[twin].id, "same text"))
            if key is not None:
                by_url[key] = twin
            continue
        if key is not None:
            by_url[key] = len(kept)
        texts.add(article.text, sketch, bands)
        kept.append(article)
        positions.append(number)
    for fold in folded:
        log.info("read once: %s is the %s as %s", fold.location, fold.how, fold.kept_id)
    return kept, positions, folded


class _TextIndex:
    """The kept texts, found by MinHash band, screened by signature, compared exactly.

    A text's candidates are the kept texts sharing at least one band key with
    it. Half-shared texts (a story's first half reused under another second
    half) share a band now and then; their signatures agree on about a third
    of the minima, a true twin's on 80% or more, so a candidate agreeing on
    fewer than ``_SCREEN`` (60%) of them is passed over: for a pair at the
    threshold that happens with probability about 1e-12 (6.9 standard
    deviations of the binomial). The rest are compared exactly, in the order they were kept; the
    first whose Jaccard index reaches the threshold is the twin, as comparing
    with every kept text would find. Shingle sets are made from the text only
    for those comparisons (a few hundred at 10,000 articles), and cached.
    """

    def __init__(self) -> None:
        self._texts: list[str] = []
        # Row n: the signature of kept text n (rows beyond the count are room to grow).
        self._minima = np.empty((64, BANDS * ROWS), dtype=np.uint32)
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in range(BANDS)]
        self._sets: OrderedDict[int, _Hashes] = OrderedDict()

    def add(self, text: str, sketch: TextSketch, bands: list[int]) -> None:
        number = len(self._texts)
        self._texts.append(text)
        if number == len(self._minima):
            self._minima = np.concatenate([self._minima, np.empty_like(self._minima)])
        self._minima[number] = sketch.minima()
        for bucket, key in zip(self._buckets, bands, strict=True):
            found = bucket.get(key)
            if found is None:
                bucket[key] = number
            elif isinstance(found, int):
                bucket[key] = [found, number]
            else:
                found.append(number)

    def same_text(self, text: str, sketch: TextSketch, bands: list[int]) -> int | None:
        """The first kept text whose Jaccard index with ``text`` reaches the threshold."""
        candidates: set[int] = set()
        for bucket, key in zip(self._buckets, bands, strict=True):
            found = bucket.get(key)
            if isinstance(found, int):
                candidates.add(found)
            elif found is not None:
                candidates.update(found)
        if not candidates:
            return None
        numbers = np.fromiter(sorted(candidates), dtype=np.intp, count=len(candidates))
        agree = np.count_nonzero(self._minima[numbers] == sketch.minima(), axis=1)
        grams: _Hashes | None = None  # made only when a candidate passes the screen
        for number in numbers[agree >= _SCREEN].tolist():
            grams = shingles(text) if grams is None else grams
            other = self._shingles_of(number)
            common = _common(grams, other)
            if common / (len(grams) + len(other) - common) >= SAME_TEXT_THRESHOLD:
                return int(number)
        return None

    def _shingles_of(self, number: int) -> _Hashes:
        found = self._sets.get(number)
        if found is None:
            found = shingles(self._texts[number])
            self._remember(number, found)
        else:
            self._sets.move_to_end(number)
        return found

    def _remember(self, number: int, grams: _Hashes) -> None:
        self._sets[number] = grams
        if len(self._sets) > _VERIFIED_CACHE:
            self._sets.popitem(last=False)


def _common(one: _Hashes, other: _Hashes) -> int:
    """How many hashes two sorted arrays of distinct hashes share."""
    at = np.searchsorted(other, one)
    at[at == len(other)] = 0
    return int(np.count_nonzero(other[at] == one))


def _with_outlets(kept: Article, copy: Article) -> Article:
    names = list(kept.outlet_names)
    for name in copy.outlet_names:
        if name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return replace(kept, outlets=tuple(names))
