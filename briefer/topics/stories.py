"""Stories: the day's articles grouped by the event they report.

Five outlets on Wang Yi's visit to Moscow are one story; Blinken's June trip to
Germany and his August trip to Asia are two, though the same man travels in
the same words. Two articles are linked when their words are alike (tf-idf
cosine of stemmed content words, IDF over the day) *and* they name the same
people and places: word overlap alone links every "Secretary Blinken will
travel to ..." release, names alone link every story about Russia. A story is
a group of linked articles; a group only grows when the newcomer is linked to
most of it (average link), so one loose pair does not chain two stories
together. A lower share (a quarter, with or without two or three links at
least) lets the short crowd summaries of an eleven-times-told story in (recall
on the tellings set's half "a" 0.50 -> 0.59) but chains the recombined scale
day of benchmarks/build_scale.py (1,000 articles: same-group pairs that share
no source story 285 -> 899) and fell on the older sets' read halves "b"
(precision 0.924 -> 0.886, 0.897 -> 0.851): the share stays at half.
Sentences belong to their article's story.

Names in common link only when a person is among them: "the United States",
"Russia" and "Ukraine" alone are in every second release of one office (a
Russia Day message and a condemnation of the Odesa strike), and the line that
introduces a release ("attributable to Spokesperson Ned Price:") names its
speaker, not its story, so it is not read for names.

The leads veto links: names in common link no two articles whose leads each
name someone the other never names (two stories of one tournament), and dated
articles of different days are two events when their leads each name someone
the other does not, or each counts something the other does not ("designating
ten entities", "five entities and eight individuals": two rounds of sanctions in
one template, three weeks apart), or, weeks apart, when one lead names a month
they do not share (a call in March, a trip in July).

The thresholds and rules were chosen on half "a" of
tests/data/stories/story_units.jsonl, story_units_fresh.jsonl,
story_units_tellings.jsonl and story_pairs_hard.jsonl, and are reported on both
halves of each by benchmarks/stories_eval.py (the hard pairs' half "b" is the
held-out figure).

The word pairs are every pair over ``named_words``, from tiles of the whole
product: no blocking by rare terms, which would drop the pairs of a story many
outlets carry (its words are in all of them, none rare). On the scale day of
benchmarks/build_scale.py (a few hundred stories recombined) those pairs grow
with the square of the articles (82,000 at 3,000, 823,000 at 10,000, 6.3
million at 30,000), so no exact linking grows linearly there. Memory does not
have to: each tile is cut to its links at once (words, names, the leads'
vetoes), the links are kept as 4-byte row numbers, and the grouping reads them
as compressed rows (``Adjacency``), never as Python sets of ints.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from briefer.model import Article, Sentence
from briefer.text.dates.patterns import NUMBERS
from briefer.text.keys import FactKey, fact_key, same_event, same_time
from briefer.text.pairs import rows_at, upper_tile_products
from briefer.text.sentences import segment_article
from briefer.text.tokens import count_matrix, unit_rows

#: Only an article's first sentences are read for its names: the lead says who and where.
NAME_SENTENCES = 12


@dataclass(frozen=True)
class StoryOptions:
    """When two articles report one story (measured, see the module docstring)."""

    words: float = 0.35  # tf-idf cosine at which the words alone link two articles ...
    named_words: float = 0.16  # ... or the lower cosine that suffices with names in common
    names: float = 0.25  # share (IDF-weighted Jaccard) of names and places in common
    link: float = 0.5  # a story takes an article linked to at least this share of it
    days: int = 7  # articles further apart are one story only if their leads agree
    lead_people: bool = True  # names in common link no two leads that each name a stranger
    people: bool = True  # names in common link only when a person is among them, not places alone


def group_stories(
    articles: Sequence[Article],
    options: StoryOptions | None = None,
    sentences: Sequence[Sentence] | None = None,
) -> dict[str, str]:
    """The story id of every article (article id -> story id).

    ``sentences`` are the articles' segmented sentences when the caller has them
    (a build does): their token records are read instead of splitting again.
    """
    options = options or StoryOptions()
    if not articles:
        return {}
    by_article = _sentences_by_article(articles, sentences)
    # Leads before names: the leads' keys are then still in fact_key's cache when the names
    # of the first sentences are read (one key per sentence, never two).
    lead_texts = [_lead_text(by_article[article.id]) for article in articles]
    leads = [fact_key(text) for text in lead_texts]
    # What each lead counts, in digits or in words ("ten entities"): two leads of different
    # days that each count something the other does not are two events.
    counts = _LeadCounts(lead_texts, leads)
    names, people = zip(*(_names(by_article[article.id]) for article in articles), strict=True)
    unit = _unit_rows([by_article[article.id] for article in articles])
    link = _Linking(options, articles, leads, names, people, counts)
    # Only pairs whose words are at least ``named_words`` alike can link: the similarities are
    # sparse pairs, never a dense articles x articles matrix (10,000 articles: 800 MB each),
    # and each tile of them is cut to its links at once (the scale day's 30,000 articles have
    # 6.3 million pairs over the bar; only the links are kept, as 4-byte row numbers).
    tiles = upper_tile_products(unit, unit, link.tile, _BLOCK)
    groups = _average_link(_adjacency(len(articles), tiles), options.link)
    story_ids: dict[str, str] = {}
    for group in groups:
        members = sorted(articles[i].id for i in group)
        story = story_id(members)
        story_ids.update((member, story) for member in members)
    return story_ids


def story_id(keys: Iterable[str]) -> str:
    """A stable id for a story: the hash of its members' sorted keys."""
    digest = hashlib.sha1("\n".join(sorted(keys)).encode("utf-8")).hexdigest()
    return f"story-{digest[:12]}"


#: Rows of one tile of the product (memory: a tile of a nearly dense product).
_BLOCK = 256


def _sentences_by_article(
    articles: Sequence[Article], sentences: Sequence[Sentence] | None
) -> dict[str, list[Sentence]]:
    if sentences is None:
        sentences = [s for article in articles for s in segment_article(article)]
    found: dict[str, list[Sentence]] = {article.id: [] for article in articles}
    for sentence in sentences:
        found.setdefault(sentence.article_id, []).append(sentence)
    return found


#: Articles whose words are counted per step (memory: one list of their words at a time).
_COUNT_ARTICLES = 1024


def _unit_rows(by_article: Sequence[Sequence[Sentence]]) -> sp.csr_matrix:
    """Articles x stemmed content words: sublinear tf-idf (IDF over the day), unit rows.

    Counted a step of articles at a time into one vocabulary (the columns are the
    words' first appearance, as in one pass): the whole day's words are never one
    list (30,000 articles: 15 million of them).
    """
    vocabulary: dict[str, int] = {}
    steps = [
        count_matrix(
            [[stem for s in sentences for stem in s.tokens.content] for sentences in step],
            vocabulary,
        )
        for step in (
            by_article[start : start + _COUNT_ARTICLES]
            for start in range(0, len(by_article), _COUNT_ARTICLES)
        )
    ]
    ends, stored = [np.zeros(1, dtype=np.int64)], 0
    for matrix in steps:
        ends.append(matrix.indptr[1:].astype(np.int64) + stored)
        stored += matrix.nnz
    counts = sp.csr_matrix(
        (
            np.concatenate([m.data for m in steps]).astype(float, copy=False),
            np.concatenate([m.indices for m in steps]),
            np.concatenate(ends),
        ),
        shape=(len(by_article), max(len(vocabulary), 1)),
    )
    del steps
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])  # no stored zeros
    idf = np.log((1 + len(by_article)) / (1 + frequency)) + 1
    counts.data = 1 + np.log(counts.data)
    weighted = sp.csr_matrix(counts @ sp.diags(idf))
    del counts
    return unit_rows(weighted)


#: One tile's links (first < second): the tile's first row and column, the links of each of
#: its rows (in order) and their second articles' row numbers.
TileLinks = tuple[int, int, np.ndarray, np.ndarray]


class _Linking:
    """Which pairs of a tile of the word product are linked (the rules of the module docstring).

    A tile's pairs are cut to its links before the next tile is read: nothing holds
    every pair over the word bar at once. Thread-safe (tiles run on threads): it
    only reads what it was made with.
    """

    def __init__(
        self,
        options: StoryOptions,
        articles: Sequence[Article],
        leads: Sequence[FactKey],
        names: Sequence[frozenset[str]],
        people: Sequence[frozenset[str]],
        counts: _LeadCounts,
    ) -> None:
        self.options, self.articles, self.leads, self.names = options, articles, leads, names
        self.counts = counts
        self.name_shares = _NameShares(_name_matrix(names))
        self.people_shares = _NameShares(_name_matrix(people))
        # Day number of each article, -1 undated: pairs of one day need no veto of dates.
        self.days = np.array([a.date.toordinal() if a.date else -1 for a in articles])

    def tile(self, first_row: int, first_column: int, tile: sp.csr_matrix) -> TileLinks:
        options = self.options
        at = np.flatnonzero(tile.data >= options.named_words)
        rows, columns = rows_at(first_row, tile, at), tile.indices[at] + first_column
        upper = rows < columns
        rows, columns, cosine = rows[upper], columns[upper], tile.data[at[upper]]
        # The words alone link a pair; below ``words`` the names decide, computed for all
        # such pairs at once (a Python loop over them was half the linking time).
        keep = cosine >= options.words
        loose = np.flatnonzero(~keep)
        named = self.name_shares.jaccard(rows[loose], columns[loose]) >= options.names
        if options.people:
            named &= self.people_shares.shared(rows[loose], columns[loose]) > 0
        loose = loose[named]
        if options.lead_people:
            loose = loose[
                [
                    not _leads_name_others(self.leads, self.names, a, b)
                    for a, b in zip(rows[loose].tolist(), columns[loose].tolist(), strict=True)
                ]
            ]
        keep[loose] = True
        rows, columns = rows[keep], columns[keep]
        day_a, day_b = self.days[rows], self.days[columns]
        dated = np.flatnonzero((day_a >= 0) & (day_b >= 0) & (day_a != day_b))
        if len(dated):
            distant = [
                _distant_events(self.articles, self.leads, a, b, options.days, self.counts)
                for a, b in zip(rows[dated].tolist(), columns[dated].tolist(), strict=True)
            ]
            kept = np.ones(len(rows), dtype=bool)
            kept[dated[np.asarray(distant, dtype=bool)]] = False
            rows, columns = rows[kept], columns[kept]
        per_row = np.bincount(rows - first_row, minlength=tile.shape[0])
        return first_row, first_column, per_row, columns.astype(np.int32)


def _distant_events(
    articles: Sequence[Article],
    leads: Sequence[FactKey],
    first: int,
    second: int,
    days: int,
    counts: _LeadCounts,
) -> bool:
    """Are two articles of different days two events: do their leads disagree on who, or,
    weeks apart, on when?

    "Blinken spoke today with Wang Yi" in March and "Blinken spoke today with
    Kuleba" in May share words and names, not an event; two releases of one
    week whose leads each name someone the other does not (a call with Lavrov,
    a trip to the Munich Security Conference), or each count something the
    other does not (``counts``: the leads' numbers, in digits or words), are
    two events as well. The same
    day is no veto (outlets' leads on one story open on different people), nor
    are far dates alone (the seeds' pages are dated six months apart); far
    dates and a lead that names a month the other does not share are.
    """
    a, b = articles[first].date, articles[second].date
    assert a is not None and b is not None
    lead_a, lead_b = leads[first], leads[second]
    far = abs((a - b).days) > days
    if _each_has_own(counts[first], counts[second]):
        return True
    return not same_event(lead_a, lead_b) or (far and not same_time(lead_a, lead_b))


@dataclass(frozen=True)
class Adjacency:
    """Every article's links, both ways, as compressed rows: the links of article ``i`` are
    ``indices[indptr[i]:indptr[i + 1]]`` (4 bytes a link, not a Python set of ints)."""

    indptr: np.ndarray
    indices: np.ndarray


def _adjacency(count: int, tiles: list[TileLinks]) -> Adjacency:
    """The links of every tile, both ways, in one array (filled tile by tile, in place)."""
    degree = np.zeros(count, dtype=np.int64)
    for first_row, first_column, per_row, columns in tiles:
        degree[first_row : first_row + len(per_row)] += per_row
        into = np.bincount(columns - first_column)
        degree[first_column : first_column + len(into)] += into
    indptr = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    indices = np.empty(indptr[-1], dtype=np.int32)
    free = indptr[:-1].copy()  # where each article's next link goes
    for place, (first_row, first_column, per_row, columns) in enumerate(tiles):
        rows = np.repeat(np.arange(first_row, first_row + len(per_row), dtype=np.int32), per_row)
        _place(indices, free, first_row, rows, columns)
        order = np.argsort(columns, kind="stable")
        _place(indices, free, first_column, columns[order], rows[order])
        tiles[place] = (first_row, first_column, per_row[:0], columns[:0])  # freed as it goes
    return Adjacency(indptr, indices)


def _place(
    indices: np.ndarray, free: np.ndarray, first: int, sources: np.ndarray, targets: np.ndarray
) -> None:
    """Store the links ``sources[k] -> targets[k]`` (``sources`` ascending, from ``first``)."""
    if not len(sources):
        return
    per_source = np.bincount(sources - first)
    starts = np.cumsum(per_source) - per_source
    rank = np.arange(len(sources)) - starts[sources - first]
    indices[free[sources] + rank] = targets
    free[first : first + len(per_source)] += per_source


def _leads_name_others(
    leads: Sequence[FactKey], names: Sequence[frozenset[str]], first: int, second: int
) -> bool:
    """Does each article's lead name someone the other article's lead sentences never name?

    "England prop Phil Vickery has been ruled out of the Six Nations" and
    "England will take on Ireland without Jonny Wilkinson" are two stories of
    one tournament. Two parts of one story name each other's lead people.
    """

    def strangers(lead: FactKey, other: frozenset[str]) -> bool:
        return any(not person & other for person in lead.strong)

    return strangers(leads[first], names[second]) and strangers(leads[second], names[first])


def _lead_text(sentences: Sequence[Sentence]) -> str:
    """The article's lead: its first sentence that does not introduce ("...:")."""
    for sentence in sentences:
        if not sentence.text.rstrip().endswith(":"):
            return sentence.text
    return ""


#: Counts in words ("designating ten entities"), as the numbers they are; not "a", "one".
_COUNT_WORDS = {word: str(number) for word, number in NUMBERS.items() if number >= 2}
_COUNT = re.compile(r"\b(" + "|".join(_COUNT_WORDS) + r")\b", re.IGNORECASE)


def _counts(text: str) -> frozenset[str]:
    """The numbers a lead writes in words ("ten entities" -> "10")."""
    return frozenset(_COUNT_WORDS[word.lower()] for word in _COUNT.findall(text))


class _LeadCounts:
    """What each lead counts, in digits or words, read only for the leads a veto of dates
    asks about (a day's articles of one date never are). Filled from the tiles' threads:
    each entry is the same whoever writes it first."""

    def __init__(self, texts: Sequence[str], leads: Sequence[FactKey]) -> None:
        self.texts, self.leads = texts, leads
        self.found: dict[int, frozenset[str]] = {}

    def __getitem__(self, index: int) -> frozenset[str]:
        found = self.found.get(index)
        if found is None:
            found = self.found[index] = _counts(self.texts[index]) | self.leads[index].numbers
        return found


def _each_has_own(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a - b) and bool(b - a)


def _names(sentences: Sequence[Sentence]) -> tuple[frozenset[str], frozenset[str]]:
    """The people (by their name words) and places an article's lead names, and the people
    alone. Lines that introduce ("... attributable to Spokesperson Ned Price:") are left
    out: they name who speaks, not who the story is about."""
    places: set[str] = set()
    people: set[str] = set()
    for sentence in sentences[:NAME_SENTENCES]:
        if sentence.text.rstrip().endswith(":"):
            continue
        key = fact_key(sentence.text)
        places.update(key.places)
        for name in key.strong:
            people.update(name)
    return frozenset(places | people), frozenset(people)


def _name_matrix(names: Sequence[frozenset[str]]) -> sp.csr_matrix:
    """Articles x names, 1 where the article names it."""
    vocabulary: dict[str, int] = {}
    columns = [vocabulary.setdefault(n, len(vocabulary)) for group in names for n in sorted(group)]
    rows = np.cumsum([0, *(len(group) for group in names)])
    data = np.ones(len(columns))
    return sp.csr_matrix((data, columns, rows), shape=(len(names), len(vocabulary)))


#: Pairs whose names are compared per step (memory: a sparse row per pair).
_SHARE_PAIRS = 1 << 16


class _NameShares:
    """IDF-weighted Jaccard of two articles' names ("Ukraine" in every article weighs
    little), or the weight they share, for many pairs at once."""

    def __init__(self, matrix: sp.csr_matrix) -> None:
        total = matrix.shape[0]
        idf = np.log((1 + total) / (1 + np.asarray(matrix.sum(axis=0)).ravel())) + 1
        self.matrix = matrix
        self.weighted = sp.csr_matrix(matrix @ sp.diags(idf))
        self.own = np.asarray(self.weighted.sum(axis=1)).ravel()

    def shared(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        found = np.zeros(len(first))
        for start in range(0, len(first), _SHARE_PAIRS):
            a, b = first[start : start + _SHARE_PAIRS], second[start : start + _SHARE_PAIRS]
            found[start : start + len(a)] = self._common(a, b)
        return found

    def jaccard(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        common = self.shared(first, second)
        union = self.own[first] + self.own[second] - common
        found: np.ndarray = np.divide(common, union, out=np.zeros_like(common), where=common > 0)
        return found

    def _common(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.asarray(self.weighted[a].multiply(self.matrix[b]).sum(axis=1)).ravel()


def _average_link(links: Adjacency, share: float) -> list[list[int]]:
    """Groups built greedily: an article joins the group it is most linked to, if linked enough.

    Articles are taken in order of how many others they link to, so a story
    forms around its most-reported article. Among groups linked alike, the
    oldest wins.
    """
    degree = np.diff(links.indptr)
    groups: list[list[int]] = []
    member_of = np.full(len(degree), -1, dtype=np.int64)
    sizes = np.zeros(len(degree), dtype=np.int64)
    # Links into each group counted from the article's own links: one pass over them,
    # not over every member of every group it touches (that grew with the story's size).
    for article in np.argsort(-degree, kind="stable").tolist():
        joined = member_of[links.indices[links.indptr[article] : links.indptr[article + 1]]]
        touched, links_into = np.unique(joined[joined >= 0], return_counts=True)
        part = links_into / sizes[touched]
        best = int(np.argmax(part)) if len(part) else -1
        if best < 0 or part[best] < share:
            member_of[article] = len(groups)
            sizes[len(groups)] = 1
            groups.append([article])
        else:
            group = int(touched[best])
            member_of[article] = group
            sizes[group] += 1
            groups[group].append(article)
    return groups
