"""The plain data passed between pipeline stages.

Data flows one way: ``Article`` -> ``Sentence`` (with its ``Tokens``) -> ``Item``
(with an ``Event`` in the outlook) -> ``Story`` -> ``Section`` -> ``Brief``. Nothing here
does I/O and nothing changes once made: every stage takes these and returns new ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Article:
    """One news article, as read from its source.

    ``paragraphs`` are the body paragraphs (headings, breadcrumbs, date lines
    and FAQ blocks removed); ``text`` is them joined by blank lines, and
    sentence offsets point into ``text``. ``path`` is the file it was read from,
    or the URL of a web article. ``source`` is the outlet; ``outlets`` lists
    every outlet that carried this same text (syndication), its own first.
    """

    id: str
    title: str
    date: dt.date | None
    path: Path | str
    paragraphs: tuple[str, ...]
    url: str | None = None
    source: str | None = None
    author: str | None = None
    outlets: tuple[str, ...] = ()

    @property
    def outlet_names(self) -> tuple[str, ...]:
        """The outlets known to have published this text (empty when none is known)."""
        if self.outlets:
            return self.outlets
        return (self.source,) if self.source else ()

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Tokens:
    """A sentence's words as every later stage reads them, made once at segmentation.

    ``words`` are the regular-expression tokenizer's words, case kept; ``stems``
    their Snowball stems. ``terms`` are the stems of the words that are not stop
    words (what sumy's rankers see, duplicates kept: ranking and IDF);
    ``content`` drops number-only words from those too (the fact index).
    ``names``/``name_stems`` split hyphens and drop dots ("U.S.-led" -> "US",
    "led"), as topic terms are matched. Equal tuples are shared, not copied.
    Slotted, as ``Sentence`` is: a day holds one per distinct sentence.
    """

    words: tuple[str, ...]
    stems: tuple[str, ...]
    terms: tuple[str, ...]
    content: tuple[str, ...]
    names: tuple[str, ...]
    name_stems: tuple[str, ...]


#: Where a sentence stands: its article's id and its position there.
SentenceKey = tuple[str, int]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence exactly as it stands in its article, with where it stands and its tokens.

    Slotted (no ``__dict__``): a 100,000-article day holds about two million of them.
    """

    text: str
    article_id: str
    index: int  # position among the article's sentences, from 0
    paragraph: int  # position of its paragraph, from 0
    start: int  # character offsets into Article.text
    end: int
    tokens: Tokens = field(compare=False, repr=False)

    @property
    def key(self) -> SentenceKey:
        """Where the sentence stands: its article and position, unique in a day's reading."""
        return self.article_id, self.index


@dataclass(frozen=True)
class Event:
    """A planned or expected event a sentence speaks of: one row of the outlook.

    ``when`` is ISO text with the granularity the article gives ("2024-10-03",
    "2022-02-07/2022-02-11", "2024-10", "2024") or None when it gives no date;
    ``when_text`` holds the article's own words for it. ``status`` is
    "planned", "expected" or, once the brief's date is past ``when``, "date passed".
    """

    what: str
    when: str | None
    when_text: str | None
    who: tuple[str, ...]
    where: str | None
    status: str


@dataclass(frozen=True)
class Item:
    """One fact in the brief: a sentence, and every article that reported it.

    Items of an outlook section (a ``future_only`` topic) carry the ``event``
    their sentence announces; items of the bottom line carry the ids of the
    ``topics`` their sentence (or a restatement of it) belongs to, so a reader
    can follow a line of the bottom line to its section. ``repaired`` is the
    sentence made to stand on its own ("[Wang Yi and Sergei Lavrov] delved into
    ...", see ``briefer.text.standalone``) when it opens by pointing back; the
    brief shows it in place of the sentence. ``new`` is False when the previous
    brief (``--previous``) already reported the same fact.
    """

    sentence: Sentence
    score: float
    source_ids: tuple[str, ...]
    also_reported_as: tuple[Sentence, ...] = ()
    event: Event | None = None
    topics: tuple[str, ...] = ()
    repaired: str | None = None
    new: bool = True

    @property
    def text(self) -> str:
        """What the brief shows: the repaired sentence, else the sentence as written."""
        return self.repaired if self.repaired is not None else self.sentence.text


@dataclass(frozen=True)
class Story:
    """Reports of one event: a headline, its supporting facts in story order, who carried it."""

    id: str  # stable: hash of its sorted sentence keys
    headline: Item  # the best standalone sentence saying what happened
    items: tuple[Item, ...]  # supporting facts, in the order the story tells them
    sources: tuple[str, ...]  # every article id cited on headline + items
    outlets: int  # independent outlets (syndicated copies count once)
    first_reported: dt.date | None
    topic: str  # its main topic id
    also_in: tuple[str, ...] = ()  # other topic ids it fits (the section there points to it)


@dataclass(frozen=True)
class Section:
    """One topic's part of the brief.

    ``stories`` are its stories, most important first; ``items`` stays the
    flat list of every item of its stories, headline first, so a reader of
    items alone (a version-1 brief.json reader, an older template) keeps
    working. A section built without stories has only ``items``.
    """

    id: str
    title: str
    items: tuple[Item, ...]
    # How many of the day's articles have a sentence on the topic: a section with no items
    # but reporting (``sentences = 0``) must not say there was none.
    reported: int = 0
    stories: tuple[Story, ...] = ()
    dropped: int = 0  # facts of the previous brief reported again and left out (repeat = drop)


@dataclass(frozen=True)
class Skipped:
    """An input that was not read, and why (one line, shown to the user)."""

    path: str
    reason: str


@dataclass(frozen=True)
class PreviousReport:
    """The previous brief this one was compared with, and what the comparison found."""

    date: dt.date
    path: str  # its brief.json
    mode: str  # [brief] repeat: "mark" or "drop"
    repeated: int  # items shown marked as reported before
    dropped: int  # facts of the previous brief reported again and left out


@dataclass(frozen=True)
class Source:
    """A numbered entry of the brief's source list."""

    number: int
    article: Article

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True)
class Brief:
    title: str
    date: dt.date
    bluf: tuple[Item, ...]
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    method: str
    skipped: tuple[Skipped, ...] = ()
    previous: PreviousReport | None = None  # built with a previous brief (--previous, daily)
    # The briefer.config.Config the brief was built with, so that write_brief renders it with
    # the same [document] settings and templates as the CLI does. Not part of brief.json.
    # (Typed Any: the model comes before the config in the stages and imports nothing of it.)
    config: Any = field(default=None, compare=False, repr=False)

    def cited_ids(self) -> set[str]:
        """The articles some line of the brief cites: the sources a reader must be able to find.

        The rest were read and not cited; on a busy day they are most of the
        list, so the brief counts them and brief.json lists them.
        """
        items = [*self.bluf, *(item for section in self.sections for item in section.items)]
        return {article_id for item in items for article_id in item.source_ids}

    def outlet_count(self, item: Item) -> int:
        """How many independent outlets reported an item's fact.

        Outlets are counted by name across every article cited on the item and
        every syndicated copy of them; an article of unknown outlet counts as one.
        """
        articles = self._source_articles
        return count_outlets(articles[article_id] for article_id in item.source_ids)

    @cached_property
    def _source_articles(self) -> dict[str, Article]:
        """Article id -> article of every source, made once (every item asks; on a busy
        day the list holds thousands)."""
        return {source.id: source.article for source in self.sources}


def count_outlets(articles: Iterable[Article]) -> int:
    """Independent outlets among articles: by name, syndicated copies once, unnamed one each."""
    names: set[str] = set()
    unnamed = 0
    for article in articles:
        if article.outlet_names:
            names.update(name.casefold() for name in article.outlet_names)
        else:
            unnamed += 1
    return len(names) + unnamed
