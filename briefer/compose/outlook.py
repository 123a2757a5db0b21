"""The outlook section: one row per coming event, in date order.

Events come from ``briefer.topics.events``; here they are dated against the
brief (an event whose date is behind it is "date passed"), reports of one
event are folded into one row, and rows are ordered by date.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from briefer.config import Config
from briefer.model import Article, Event, Item, Sentence, SentenceKey
from briefer.text.dates import when_bounds

log = logging.getLogger(__name__)

PASSED = "date passed"


@dataclass(frozen=True)
class OutlookOptions:
    """The ``[outlook]`` configuration table."""

    keep_passed: bool = True  # show events dated before the brief, marked "date passed"
    max_undated: int = 3  # undated events shown, the best-scored first (dated ones: all)
    max_per_article: int = 100  # sentences of one article weighed for the outlook, its best


def outlook_options(config: Config) -> OutlookOptions:
    """Read and check ``[outlook]``; an unknown key or a wrong type names the file."""
    table = config.read_table("outlook", ("keep_passed", "max_undated", "max_per_article"))
    return OutlookOptions(
        keep_passed=table.boolean("keep_passed", True),
        max_undated=table.integer("max_undated", 3, minimum=0),
        max_per_article=table.integer("max_per_article", 100, minimum=1),
    )


def per_article(
    candidates: Sequence[Sentence],
    scores: Sequence[float],
    limit: int,
    articles: Sequence[Article] = (),
) -> tuple[list[Sentence], list[float]]:
    """The candidates (and their scores) with at most ``limit`` sentences of each article.

    Choosing the outlook's rows compares each candidate with the rows chosen
    before it, so an article of thousands of sentences that look like
    announcements (a scraper's mistake, or a hostile page) would cost the
    square of their number. An article over ``limit`` keeps one copy of each
    distinct sentence, then its ``limit`` best-scored ones (ties: the earlier),
    and a warning names it; the largest real articles measured announce 7
    events (docs/hostile.md), so they are never cut. Order is kept.
    """
    of_article: dict[str, list[int]] = {}
    for position, sentence in enumerate(candidates):
        of_article.setdefault(sentence.article_id, []).append(position)
    over = {a: positions for a, positions in of_article.items() if len(positions) > limit}
    if not over:
        return list(candidates), list(scores)
    names = {article.id: str(article.path) for article in articles}
    left_out: set[int] = set()
    for article_id, positions in over.items():
        best_first = sorted(positions, key=lambda i: (-scores[i], candidates[i].index))
        distinct: dict[str, int] = {}
        for position in best_first:
            distinct.setdefault(candidates[position].text, position)
        kept = set(list(distinct.values())[:limit])
        left_out.update(p for p in positions if p not in kept)
        log.warning(
            "%s: %d sentences of it may announce events; the outlook weighs its %d best "
            "([outlook] max_per_article)",
            names.get(article_id, article_id),
            len(positions),
            len(kept),
        )
    kept_positions = [p for p in range(len(candidates)) if p not in left_out]
    return [candidates[p] for p in kept_positions], [scores[p] for p in kept_positions]


def as_of(event: Event, brief_date: dt.date) -> Event:
    """The event as the brief's reader sees it: "date passed" once its date is behind."""
    bounds = when_bounds(event.when)
    if bounds and bounds[1] < brief_date:
        return replace(event, status=PASSED)
    return event


def same_event(a: Event, b: Event) -> bool:
    """Do two reports speak of one event? Same named event, or overlapping dates and a shared
    place or participant."""
    named = _named(a.what) and a.what.lower().removeprefix("the ") == b.what.lower().removeprefix(
        "the "
    )
    bounds_a, bounds_b = when_bounds(a.when), when_bounds(b.when)
    if bounds_a and bounds_b:
        if bounds_a[1] < bounds_b[0] or bounds_b[1] < bounds_a[0]:
            return False
        shared_place = bool(_place_words(a.where) & _place_words(b.where))
        shared_people = bool(set(a.who) & set(b.who))
        return named or shared_place or shared_people
    return named and (a.where == b.where or a.where is None or b.where is None)


def _named(what: str) -> bool:
    return any(word[:1].isupper() for word in what.split(" "))


def _place_words(where: str | None) -> set[str]:
    return {part.strip() for part in re.split(r"[;,]", where or "") if part.strip()}


def chronological(items: Sequence[Item]) -> list[Item]:
    """Upcoming dated events by date, then undated ones, then those whose date has passed."""

    def key(pair: tuple[int, Item]) -> tuple[int, dt.date, dt.date, int]:
        position, item = pair
        event = item.event
        bounds = when_bounds(event.when) if event else None
        group = 2 if event and event.status == PASSED else (0 if bounds else 1)
        first, last = bounds or (dt.date.max, dt.date.max)
        return group, first, last, position

    return [item for _, item in sorted(enumerate(items), key=key)]


def outlook_rows(
    chosen: Sequence[Item],
    events: Mapping[SentenceKey, Sequence[Event]],
    brief_date: dt.date,
    options: OutlookOptions,
    budget: int | None = None,
) -> tuple[Item, ...]:
    """One row per event, the same event from several articles merged, in date order.

    The outlook is the brief's index of what is coming, so it lists an event
    even when the bottom line or a section already quoted its sentence; a fact
    reported by several articles is one row citing them all (the items come
    from ``select_items``), and so is one event told in different words
    (``same_event``). A sentence announcing two events (a meeting on May 14 and
    a summit in June) makes two rows. Every dated event is kept (with
    ``keep_passed``, also those whose date is behind the brief's), and the
    ``max_undated`` best-scored undated ones; ``budget`` (a topic's own
    ``sentences``) caps the rows, upcoming events first. They are shown in
    date order.
    """
    rows: list[Item] = []
    for item in chosen:
        for event in _item_events(item, events):
            row = replace(item, event=as_of(event, brief_date))
            earlier = _same_event_row(rows, row)
            if earlier is None:
                rows.append(row)
            else:
                rows[earlier] = _folded(rows[earlier], row)
    if not options.keep_passed:
        rows = [row for row in rows if row.event is None or row.event.status != PASSED]
    undated = [row for row in rows if row.event is None or row.event.when is None]
    dropped = {id(row) for row in undated[options.max_undated :]}
    rows = [row for row in rows if id(row) not in dropped]
    rows.sort(key=lambda row: row.event is not None and row.event.status == PASSED)
    return tuple(chronological(rows if budget is None else rows[:budget]))


def _item_events(item: Item, events: Mapping[SentenceKey, Sequence[Event]]) -> list[Event]:
    """The item's own events; an undated one takes the date another article gives it."""
    own = list(events.get(item.sentence.key, ()))
    dated = [e for s in item.also_reported_as for e in events.get(s.key, ()) if e.when]
    if len(own) == 1 and own[0].when is None and len(dated) == 1:
        return [replace(own[0], when=dated[0].when, when_text=dated[0].when_text)]
    return own


def _same_event_row(rows: Sequence[Item], row: Item) -> int | None:
    """The earlier row (from another sentence) reporting the same event as ``row``."""
    assert row.event is not None
    for index, earlier in enumerate(rows):
        if earlier.sentence == row.sentence or earlier.event is None:
            continue
        if same_event(earlier.event, row.event):
            return index
    return None


def _folded(earlier: Item, row: Item) -> Item:
    """``earlier`` citing ``row``'s sources too, and dated by it if it had no date."""
    assert earlier.event is not None and row.event is not None
    event = earlier.event
    if event.when is None and row.event.when is not None:
        event = replace(event, when=row.event.when, when_text=row.event.when_text)
    return replace(
        earlier,
        source_ids=tuple(dict.fromkeys((*earlier.source_ids, *row.source_ids))),
        also_reported_as=(*earlier.also_reported_as, row.sentence),
        event=event,
    )
