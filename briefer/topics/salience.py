"""Is an article about a topic, or does it only mention it?

A keyword in passing ("US 400m legend Michael Johnson", "a Ukrainian wannabe
singer") does not make a sports or showbusiness story a story about US
relations or the war. An article is about a topic when

- it speaks the topic's field: some of the topic's ``about`` words (minister,
  talks, sanctions ...) stand in at least ``MIN_ABOUT`` of its sentences (none
  needed in an item no longer than its lede), when the topic lists any; and
- it names the topic where news writing puts its subject, in the title or the
  lede (the first sentences), or names it again and again (in at least
  ``MIN_NAMING`` sentences), or names it once in an article whose sentences
  are mostly of the field (``MIN_ABOUT_SHARE``: a readout of a call in which
  Ukraine comes up once is still diplomacy); and
- its title and lede use none of the topic's ``exclude_terms`` (match,
  tournament, album ...), and fewer than ``MIN_NAMING`` of its sentences do.

Only sentences of such articles enter the topic; inside one, a sentence that
carries the topic without naming it ("any attempt to arrest Putin would be a
declaration of war") enters by a context term. Context is read inside the
article, never across articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from briefer.config import TopicConfig
from briefer.model import Sentence, Tokens
from briefer.text.entities import country_names, nationality_words
from briefer.text.tokens import tokenize
from briefer.topics.terms import TermMatcher

#: Sentences from the start of an article that make its lede.
LEDE_SENTENCES = 3
#: Sentences naming the topic that make an article about it wherever they stand.
MIN_NAMING = 3
#: Sentences with a word of the topic's field an article needs (when the topic has ``about``).
MIN_ABOUT = 2
#: Share of an article's sentences with a word of the field that makes one mention enough.
MIN_ABOUT_SHARE = 0.4


@dataclass(frozen=True)
class ArticleView:
    """What salience reads of one article: its title's tokens and its sentences, in order."""

    title: Tokens | None
    sentences: Sequence[Sentence]


class TopicSalience:
    """One topic's article-level test, and its sentence-level test inside an on-topic article."""

    def __init__(self, topic: TopicConfig, terms: TermMatcher) -> None:
        self.topic = topic
        self._terms = terms
        self._about = TermMatcher(topic.about) if topic.about else None
        self._exclude = TermMatcher(topic.exclude_terms) if topic.exclude_terms else None
        self._foreign = _foreign_names(terms) if "country" in topic.entities else None

    def about(self, article: ArticleView, named: Sequence[bool]) -> bool:
        """Is the article about the topic? ``named[i]``: sentence i names the topic."""
        if not any(named):
            return False
        lede = article.sentences[:LEDE_SENTENCES]
        if self._exclude is not None:
            heads = [s.tokens for s in lede] + ([article.title] if article.title else [])
            if any(self._exclude.found_in(tokens) for tokens in heads):
                return False
            if sum(self._exclude.found_in(s.tokens) for s in article.sentences) >= MIN_NAMING:
                return False  # a sports story that opens on its news, not on the game
        field_share = 1.0
        if self._about is not None:
            hits = sum(self._about.found_in(s.tokens) for s in article.sentences)
            hits += article.title is not None and self._about.found_in(article.title)
            # A short item (a lede and no more) is all lede: naming the topic is enough.
            needed = MIN_ABOUT if len(article.sentences) > LEDE_SENTENCES else 0
            if hits < needed:
                return False
            field_share = hits / len(article.sentences)
        in_title = article.title is not None and self._terms.found_in(article.title)
        return (
            in_title
            or any(named[:LEDE_SENTENCES])
            or sum(named) >= MIN_NAMING
            or field_share >= MIN_ABOUT_SHARE
        )

    def has_entities(self, sentence: Sentence) -> bool:
        """Does the sentence name what the topic's ``entities`` ask for (another country)?"""
        if self._foreign is None:
            return True
        single, phrases = self._foreign
        tokens = sentence.tokens
        return (
            not single.isdisjoint(tokens.words)
            or not single.isdisjoint(tokens.names)
            or any(p in sentence.text for p in phrases)
        )


def article_title(title: str | None) -> Tokens | None:
    return tokenize(title) if title else None


@lru_cache(maxsize=8)
def _foreign_cached(key: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    terms = TermMatcher(key)
    names = list(country_names())
    names += sorted(nationality_words())
    names = [n for n in names if not terms.found_in(tokenize(n))]
    single = frozenset(n for n in names if " " not in n)
    single |= frozenset(n + "'s" for n in single) | frozenset(n + "\u2019s" for n in single)
    phrases = tuple(n for n in names if " " in n)
    return single, phrases


def _foreign_names(terms: TermMatcher) -> tuple[frozenset[str], tuple[str, ...]]:
    """Countries and nationalities the topic's own terms do not name ("Greece", "Polish")."""
    return _foreign_cached(terms.source)
