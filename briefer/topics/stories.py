"""Stories: the day's articles grouped by the event they report.

Five outlets on Wang Yi's visit to Moscow are one story; Blinken's June trip to
Germany and his August trip to Asia are two, though the same man travels in
the same words. Two articles are linked when their words are alike (tf-idf
cosine of stemmed content words, IDF over the day) *and* they name the same
people and places: word overlap alone links every "Secretary Blinken will
travel to ..." release, names alone link every story about Russia. A story is
a group of linked articles; a group only grows when the newcomer is linked to
most of it (average link), so one loose pair does not chain two stories
together. Sentences belong to their article's story.

Names in common link only when a person is among them: "the United States",
"Russia" and "Ukraine" alone are in every second release of one office (a
Russia Day message and a condemnation of the Odesa strike), and the line that
introduces a release ("attributable to Spokesperson Ned Price:") names its
speaker, not its story, so it is not read for names.

The leads veto links: names in common link no two articles whose leads each
name someone the other never names (two stories of one tournament), and dated
articles of different days are two events when their leads each name someone
the other does not, or, weeks apart, when one lead names a month they do not
share (a call in March, a trip in July).

The thresholds and rules were chosen on half "a" of
tests/data/stories/story_units.jsonl, story_units_fresh.jsonl and
story_units_tellings.jsonl, and are reported on both halves of each by
benchmarks/stories_eval.py (the tellings set's half "b" is the held-out figure).

The word pairs are every pair over ``named_words``, from tiles of the whole
product: no blocking by rare terms, which would drop the pairs of a story many
outlets carry (its words are in all of them, none rare). On the scale day of
benchmarks/build_scale.py (a few hundred stories recombined) those pairs grow
with the square of the articles (82,000 at 3,000, 823,000 at 10,000), so no
exact linking grows linearly there.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from briefer.model import Article, Sentence
from briefer.text.keys import FactKey, fact_key, same_event, same_time
from briefer.text.pairs import rows_at, upper_tile_products
from briefer.text.sentences import segment_article
from briefer.text.tokens import count_matrix, unit_rows

if TYPE_CHECKING:
    _IntArray = array[int]
else:
    _IntArray = array

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
    # Only pairs whose words are at least ``named_words`` alike can link: the similarities are
    # sparse pairs, never a dense articles x articles matrix (10,000 articles: 800 MB each).
    words = _word_similarity(
        [[stem for s in by_article[a.id] for stem in s.tokens.content] for a in articles],
        options.named_words,
        options.words,
    )
    # Leads before names: the leads' keys are then still in fact_key's cache when the names
    # of the first sentences are read (one key per sentence, never two).
    leads = [_lead_key(by_article[article.id]) for article in articles]
    names, people = zip(*(_names(by_article[article.id]) for article in articles), strict=True)
    name_matrix = _name_matrix(names)
    people_matrix = _name_matrix(people) if options.people else None
    linked = [_Links("i") for _ in articles]
    # The words alone link a pair; below ``words`` the names decide, computed for a chunk of
    # pairs at once (a Python loop over them was half the linking time at 10,000 articles).
    for first, second, strong in words:
        loose = np.flatnonzero(~strong)
        named = _name_shares(name_matrix, first[loose], second[loose]) >= options.names
        if people_matrix is not None:
            named &= _name_shares(people_matrix, first[loose], second[loose], shared=True) > 0
        for a, b in zip(first[strong].tolist(), second[strong].tolist(), strict=True):
            linked[a].add(b)
            linked[b].add(a)
        for a, b in zip(first[loose[named]].tolist(), second[loose[named]].tolist(), strict=True):
            if not (options.lead_people and _leads_name_others(leads, names, a, b)):
                linked[a].add(b)
                linked[b].add(a)
    _unlink_distant_events(linked, articles, leads, options.days)
    groups = _average_link(linked, options.link)
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


#: Pairs of articles: first < second, as arrays of row numbers, and whether each pair's
#: words alone link it (its cosine reaches ``StoryOptions.words``).
Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]
#: Pairs linked per step: the pairs over the bar grow with the square of a story's
#: articles (tens of millions on the 100,000-article scale day), so they are linked a
#: chunk at a time, each tile kept in 9 bytes a pair until then.
_LINK_PAIRS = 1 << 21


def _word_similarity(
    content: Sequence[Sequence[str]], threshold: float, alone: float
) -> Iterator[Pairs]:
    """Pairs (i < j) whose tf-idf cosine (sublinear, stemmed content words) reaches
    ``threshold``, a chunk at a time, with whether it reaches ``alone`` too."""
    counts = count_matrix(content).astype(float)
    frequency = np.asarray((counts > 0).sum(axis=0)).ravel()
    idf = np.log((1 + len(content)) / (1 + frequency)) + 1
    counts.data = 1 + np.log(counts.data)
    unit = unit_rows(sp.csr_matrix(counts @ sp.diags(idf)))
    narrow = np.int32 if len(content) < 2**31 else np.int64

    # Upper tiles of the product, each thinned to the pairs that reach the threshold at once:
    # articles share common words, so the whole product is nearly dense (gigabytes at 10,000).
    def reaching(first_row: int, first_column: int, tile: sp.csr_matrix) -> Pairs:
        at = np.flatnonzero(tile.data >= threshold)
        rows, columns = rows_at(first_row, tile, at), tile.indices[at] + first_column
        upper = rows < columns
        cosine = tile.data[at[upper]]
        return rows[upper].astype(narrow), columns[upper].astype(narrow), cosine >= alone

    return _chunks(upper_tile_products(unit, unit, reaching, _BLOCK))


def _chunks(tiles: list[Pairs]) -> Iterator[Pairs]:
    """The tiles' pairs, about ``_LINK_PAIRS`` at a time, each tile let go once taken."""
    taken: list[Pairs] = []
    size = 0
    for place, tile in enumerate(tiles):
        tiles[place] = _NO_PAIRS
        taken.append(tile)
        size += len(tile[0])
        if size >= _LINK_PAIRS or place == len(tiles) - 1:
            first, second, alone = (np.concatenate(parts) for parts in zip(*taken, strict=True))
            taken, size = [], 0
            yield first, second, alone


_NO_PAIRS: Pairs = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0, bool))


class _Links(_IntArray):
    """The articles one article is linked to, 4 bytes each (in a set, about 40: the
    100,000-article scale day links some 40 million pairs). A pair is added once."""

    add = _IntArray.append

    def discard(self, article: int) -> None:
        if article in self:
            self.remove(article)


def _unlink_distant_events(
    linked: list[_Links],
    articles: Sequence[Article],
    leads: Sequence[FactKey],
    days: int,
) -> None:
    """Unlink articles of different days whose leads disagree on who, or weeks apart on when.

    "Blinken spoke today with Wang Yi" in March and "Blinken spoke today with
    Kuleba" in May share words and names, not an event; two releases of one
    week whose leads each name someone the other does not (a call with Lavrov,
    a trip to the Munich Security Conference) are two events as well. The same
    day is no veto (outlets' leads on one story open on different people), nor
    are far dates alone (the seeds' pages are dated six months apart); far
    dates and a lead that names a month the other does not share are.
    """
    for first, others in enumerate(linked):
        for second in sorted(o for o in others if o > first):
            a, b = articles[first], articles[second]
            if a.date is None or b.date is None or a.date == b.date:
                continue
            lead_a, lead_b = leads[first], leads[second]
            far = abs((a.date - b.date).days) > days
            if not same_event(lead_a, lead_b) or (far and not same_time(lead_a, lead_b)):
                linked[first].discard(second)
                linked[second].discard(first)


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


def _lead_key(sentences: Sequence[Sentence]) -> FactKey:
    """The key of the article's lead: its first sentence that does not introduce ("...:")."""
    for sentence in sentences:
        if not sentence.text.rstrip().endswith(":"):
            return fact_key(sentence.text)
    return fact_key("")


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


def _name_shares(
    matrix: sp.csr_matrix, first: np.ndarray, second: np.ndarray, shared: bool = False
) -> np.ndarray:
    """IDF-weighted Jaccard of the pairs' names ("Ukraine" in every article weighs little),
    or with ``shared`` the weight they share."""
    total = matrix.shape[0]
    idf = np.log((1 + total) / (1 + np.asarray(matrix.sum(axis=0)).ravel())) + 1
    weighted = sp.csr_matrix(matrix @ sp.diags(idf))
    own = np.asarray(weighted.sum(axis=1)).ravel()
    found = np.zeros(len(first))
    for start in range(0, len(first), _SHARE_PAIRS):
        a, b = first[start : start + _SHARE_PAIRS], second[start : start + _SHARE_PAIRS]
        common = np.asarray(weighted[a].multiply(matrix[b]).sum(axis=1)).ravel()
        if shared:
            found[start : start + len(a)] = common
            continue
        union = own[a] + own[b] - common
        found[start : start + len(a)] = np.divide(
            common, union, out=np.zeros_like(common), where=common > 0
        )
    return found


def _average_link(linked: Sequence[_Links], share: float) -> list[list[int]]:
    """Groups built greedily: an article joins the group it is most linked to, if linked enough.

    Articles are taken in order of how many others they link to, so a story
    forms around its most-reported article.
    """
    order = sorted(range(len(linked)), key=lambda i: (-len(linked[i]), i))
    groups: list[list[int]] = []
    member_of: dict[int, int] = {}
    for article in order:
        best, best_share = None, 0.0
        # Links into each group counted from the article's own links: one pass over them,
        # not over every member of every group it touches (that grew with the story's size).
        links_into = Counter(member_of[j] for j in linked[article] if j in member_of)
        for group in sorted(links_into):
            part = links_into[group] / len(groups[group])
            if part >= share and part > best_share:
                best, best_share = group, part
        if best is None:
            member_of[article] = len(groups)
            groups.append([article])
        else:
            member_of[article] = best
            groups[best].append(article)
    return groups
