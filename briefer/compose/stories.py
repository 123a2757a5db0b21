"""Stories in the brief: a headline, its supporting facts in story order, who carried it.

Each topic's best new facts are chosen as before (``select_items``: marginal
relevance, a fact said once, every article that restates it cited); then the
facts are gathered by the story their article belongs to
(``briefer.topics.stories``). A story is shown once, in its main topic (the
topic that chose most of its facts), with ``also_in`` naming the other topics
that chose some. Its headline is its best lead (an article's first sentence
that is not an introduction, "The following is attributable to ...:") that
stands on its own, else its best fact that does; its other facts follow in
the order the story tells them, none that repeats the headline or another fact
(the same opening words, or nearly the same words). A fact that
opens by pointing back ("They delved into ...") is repaired
(``briefer.text.standalone``) or shown right after the sentence it points
back to, or not shown.

Stories are ordered by importance (``importance``): independent outlets,
recency and how central the headline is (its score, scaled to the best of
its topic). A section shows its ``stories`` most important stories, each
with up to ``sentences`` facts (``section_stories``). The bottom line is the
headlines of the most important stories, one each, no two opening with the
same words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from briefer.model import Article, Item, Sentence, SentenceKey, Story, count_outlets
from briefer.text.standalone import repair
from briefer.text.words import cosine, points_back
from briefer.topics.stories import story_id

#: Supporting facts a story gathers under its headline when the caller does not say.
STORY_FACTS = 3
#: Cosine of stemmed content words at which a fact says nearly what the headline says.
NEARLY_THE_SAME = 0.5
#: Days in which a story's recency halves (``importance``).
RECENCY_DAYS = 7
#: Words that make an opening: two headlines opening with the same ones read as a list.
OPENING_WORDS = 3


@dataclass(frozen=True)
class Chosen:
    """A fact a topic chose, with its score scaled to the topic's best (centrality)."""

    item: Item
    topic: str
    relevance: float


def gather_stories(
    chosen: Sequence[Chosen],
    story_of: Mapping[str, str],
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    topic_order: Sequence[str],
    facts: int = STORY_FACTS,
    stale: Collection[SentenceKey] = frozenset(),
) -> list[Story]:
    """The stories of the chosen facts, most important first (see the module docstring).

    ``facts`` is the most supporting facts any section shows under a headline;
    ``stale`` the sentences not to show as news (``briefer.compose.timeline``),
    which no lead may bring back as a headline.
    """
    by_story: dict[str, list[Chosen]] = {}
    for choice in chosen:
        article = choice.item.sentence.article_id
        by_story.setdefault(story_of.get(article, article), []).append(choice)
    context = _article_sentences(sentences)
    by_id = {article.id: article for article in articles}
    stories = [
        story
        for group in by_story.values()
        if (story := _story(group, context, by_id, topic_order, facts, stale)) is not None
    ]
    centrality = {story.id: _relevance(story, chosen) for story in stories}
    latest = max((d for a in articles if (d := a.date) is not None), default=None)
    return sorted(stories, key=lambda s: -importance(s, centrality[s.id], latest))


def section_stories(
    stories: Sequence[Story], topic: str, count: int, facts: int, articles: Sequence[Article]
) -> tuple[Story, ...]:
    """The ``count`` most important stories whose main topic is ``topic``, each with up to
    ``facts`` supporting facts (the topic's ``stories`` and ``sentences``).

    A section counts stories, not sentences: a busy day's State Department
    releases are each a story with a line or two, not two stories told at length.
    """
    if count <= 0:
        return ()
    shown = [story for story in stories if story.topic == topic][:count]
    by_id = {article.id: article for article in articles}
    return tuple(_trimmed(story, facts, by_id) for story in shown)


def _trimmed(story: Story, facts: int, articles: Mapping[str, Article]) -> Story:
    """The story with its ``facts`` best-scored facts, in story order; sources follow them."""
    if facts >= len(story.items):
        return story
    best = sorted(range(len(story.items)), key=lambda i: -story.items[i].score)[:facts]
    items = _still_standing(story.headline, [story.items[i] for i in sorted(best)])
    sources = tuple(
        dict.fromkeys(sid for item in (story.headline, *items) for sid in item.source_ids)
    )
    dates = [d for sid in sources if (d := articles[sid].date) is not None]
    return replace(
        story,
        items=items,
        sources=sources,
        outlets=count_outlets(articles[sid] for sid in sources),
        first_reported=min(dates) if dates else None,
    )


def story_items(stories: Sequence[Story]) -> tuple[Item, ...]:
    """Every item of the stories, each headline before its facts (``Section.items``)."""
    return tuple(item for story in stories for item in (story.headline, *story.items))


def bottom_line(stories: Sequence[Story], count: int) -> tuple[Item, ...]:
    """One headline per top story, at most ``count``, no two opening alike."""
    lines: list[Item] = []
    openings: set[tuple[str, ...]] = set()
    for story in stories:
        if len(lines) == count:
            break
        opening = _opening(story.headline.text)
        if opening in openings:
            continue
        openings.add(opening)
        lines.append(story.headline)
    return tuple(lines)


def standing_alone(item: Item, context: Mapping[str, Sequence[Sentence]]) -> Item | None:
    """The item as it can be shown on its own (repaired), or None when it cannot."""
    own = context.get(item.sentence.article_id, ())
    before = [s.text for s in own if s.index < item.sentence.index]
    repaired = repair(item.sentence.text, before)
    if repaired is None:
        return None
    return item if repaired == item.sentence.text else replace(item, repaired=repaired)


def _story(
    group: Sequence[Chosen],
    context: Mapping[str, Sequence[Sentence]],
    articles: Mapping[str, Article],
    topic_order: Sequence[str],
    facts: int,
    stale: Collection[SentenceKey] = frozenset(),
) -> Story | None:
    unique = list({choice.item.sentence.key: choice for choice in group}.values())
    # The headline: a lead if one was chosen (news puts what happened first), else the lead
    # of the best fact's article if a chosen fact can follow it, else the most central fact.
    ranked = sorted(unique, key=lambda c: (not _is_lead(c.item.sentence, context), -c.relevance))
    by_relevance = [c.item for c in sorted(unique, key=lambda c: -c.relevance)]

    def facts_under(headline: Item) -> tuple[Item, ...]:
        rest = _not_repeating(headline, by_relevance)
        return _shown_facts(headline, _in_story_order(rest[:facts], articles), context)

    leads = [c.item for c in ranked if _is_lead(c.item.sentence, context)]
    headline = next((item for item in leads if not points_back(item.text)), None)
    if headline is None:
        lead = _unchosen_lead(ranked[0].item, context, stale)
        headline = lead if lead is not None and facts_under(lead) else None
    if headline is None:
        headline = next((c.item for c in ranked if not points_back(c.item.text)), None)
    if headline is None:
        repaired = (standing_alone(c.item, context) for c in ranked)
        headline = next((item for item in repaired if item is not None), None)
    if headline is None:
        headline = _antecedent_headline(ranked[0].item, context)
    if headline is None:
        return None
    shown = facts_under(headline)
    every = (headline, *shown)
    sources = tuple(dict.fromkeys(sid for item in every for sid in item.source_ids))
    dates = [d for sid in sources if (d := articles[sid].date) is not None]
    topics = _topics_by_weight(unique, topic_order)
    return Story(
        id=story_id(f"{item.sentence.article_id}:{item.sentence.index}" for item in every),
        headline=headline,
        items=shown,
        sources=sources,
        outlets=count_outlets(articles[sid] for sid in sources),
        first_reported=min(dates) if dates else None,
        topic=topics[0],
        also_in=tuple(topics[1:]),
    )


def _is_lead(sentence: Sentence, context: Mapping[str, Sequence[Sentence]]) -> bool:
    """Is it its article's first sentence, an introduction ("... attributable to ...:") aside?"""
    for earlier in context.get(sentence.article_id, ()):
        if earlier.index >= sentence.index:
            break
        if not earlier.text.rstrip().endswith(":"):
            return False
    return True


def _unchosen_lead(
    best: Item, context: Mapping[str, Sequence[Sentence]], stale: Collection[SentenceKey]
) -> Item | None:
    """The lead of the best fact's article, as a headline, when no lead was chosen.

    "Prior to his tenure at Columbia, Richard served ..." is a fact of the
    story; "Today we are announcing Richard Nephew as our Coordinator on Global
    Anti-Corruption" says what happened. Cited on its own article only.
    """
    own = context.get(best.sentence.article_id, ())
    lead = next((s for s in own if _is_lead(s, context)), None)
    if lead is None or lead.key in stale:
        return None
    item = Item(sentence=lead, score=best.score, source_ids=(lead.article_id,))
    fixed = standing_alone(item, context)
    return fixed if fixed is not None and not points_back(fixed.text) else None


def _not_repeating(headline: Item, items: Sequence[Item]) -> list[Item]:
    """The items, best first, without the headline and any that repeats it or a better one.

    Two outlets' leads "In a significant diplomatic development, the Russian
    Foreign Ministry ..." and "In a significant diplomatic development, the top
    diplomats ..." read as one line said twice.
    """
    kept: list[Item] = []
    for item in items:
        if item.sentence.key == headline.sentence.key:
            continue
        if not any(_repeats(item, other) for other in (headline, *kept)):
            kept.append(item)
    return kept


def _repeats(a: Item, b: Item) -> bool:
    """Do two items open with the same words, or say nearly the same words?"""
    if _opening(a.sentence.text) == _opening(b.sentence.text):
        return True
    words_a, words_b = Counter(a.sentence.tokens.content), Counter(b.sentence.tokens.content)
    return cosine(words_a, words_b) >= NEARLY_THE_SAME


def _still_standing(headline: Item, items: Sequence[Item]) -> tuple[Item, ...]:
    """The items without any that points back at a sentence no longer right before it."""
    kept: list[Item] = []
    previous = headline
    for item in items:
        follows = (
            previous.sentence.article_id == item.sentence.article_id
            and previous.sentence.index == item.sentence.index - 1
        )
        if follows or not points_back(item.text):
            kept.append(item)
            previous = item
    return tuple(kept)


def _antecedent_headline(item: Item, context: Mapping[str, Sequence[Sentence]]) -> Item | None:
    """The sentence ``item`` points back to, as the headline it then follows, if it stands alone.

    "This alignment is driven by ... oil and gas supplies" needs the sentence
    before it; when that one reads on its own, it opens the story.
    """
    own = context.get(item.sentence.article_id, ())
    before = [s for s in own if s.index == item.sentence.index - 1]
    if not before:
        return None
    lead = Item(sentence=before[0], score=item.score, source_ids=(item.sentence.article_id,))
    fixed = standing_alone(lead, context)
    return fixed if fixed is not None and not points_back(fixed.text) else None


def _shown_facts(
    headline: Item, facts: Sequence[Item], context: Mapping[str, Sequence[Sentence]]
) -> tuple[Item, ...]:
    """The facts that can be shown: standing alone, repaired, or right after their antecedent."""
    shown: list[Item] = []
    previous = headline
    for item in facts:
        follows = (
            previous.sentence.article_id == item.sentence.article_id
            and previous.sentence.index == item.sentence.index - 1
        )
        fixed = standing_alone(item, context) or (item if follows else None)
        if fixed is not None:
            shown.append(fixed)
            previous = fixed
    return tuple(shown)


def _in_story_order(items: Sequence[Item], articles: Mapping[str, Article]) -> list[Item]:
    """Earliest article first, then as each article tells it."""

    def order(item: Item) -> tuple[dt.date, str, int]:
        date = articles[item.sentence.article_id].date or dt.date.max
        return date, item.sentence.article_id, item.sentence.index

    return sorted(items, key=order)


def _topics_by_weight(group: Sequence[Chosen], topic_order: Sequence[str]) -> list[str]:
    """The story's topics, the one that chose most of its facts first (ties: config order)."""
    counts: dict[str, int] = {}
    for choice in group:
        counts[choice.topic] = counts.get(choice.topic, 0) + 1
    return sorted(counts, key=lambda t: (-counts[t], topic_order.index(t)))


def _relevance(story: Story, chosen: Sequence[Chosen]) -> float:
    return max(
        (c.relevance for c in chosen if c.item.sentence.key == story.headline.sentence.key),
        default=0.0,
    )


def importance(story: Story, centrality: float, latest: dt.date | None) -> float:
    """How much a story matters: one point per independent outlet, up to one for recency
    (halved every ``RECENCY_DAYS`` behind the day's latest report), up to one for centrality.

    Outlets weigh most: five outlets on one visit outrank a single release. Among
    single-source stories, a fresh and central one comes first; an old release
    read with today's goes down, not out.
    """
    recency = 0.0
    if latest is not None and story.first_reported is not None:
        reported = max(latest - story.first_reported, dt.timedelta(0)).days
        recency = 0.5 ** (reported / RECENCY_DAYS)
    return story.outlets + recency + centrality


def _article_sentences(sentences: Sequence[Sentence]) -> dict[str, list[Sentence]]:
    by_article: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_article.setdefault(sentence.article_id, []).append(sentence)
    return by_article


def _opening(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower())[:OPENING_WORDS])
