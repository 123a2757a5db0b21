"""Ranking: one registry of methods, one scoring call for all of them.

Every method, briefer's own (``brief``), the fast sparse LexRank, TextRank and
Reduction (``lex-rank``, ``text-rank``, ``reduction``, which rank exactly as
sumy's do), the ``lead`` baseline and sumy's own summarizers (``sumy-*`` and
the names sumy alone provides), answers the same call, so briefer's selection
(topic relevance, redundancy control, budget) works on scores whatever ranked
them. The registry is plain data, so the configuration and the CLI can list
the names without importing numpy or sumy; the scorers import what they need.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefer.model import Sentence
    from briefer.rank.corpus import Corpus
    from briefer.topics.terms import TermMatcher

#: A scorer: (sentences, the topic's terms, the day's corpus they come from).
Scorer = Callable[["Sequence[Sentence]", "TermMatcher | None", "Corpus | None"], list[float]]


@dataclass(frozen=True)
class Method:
    """A ranking method and what the brief needs to know about it."""

    name: str
    score: Scorer
    #: Has its own position prior; others get the bottom line's lead prior.
    knows_position: bool = False
    #: A single summary chooses with redundancy control (else its plain top, as sumy).
    diverse: bool = False


def _brief(sentences, terms, corpus):  # type: ignore[no-untyped-def]
    from briefer.rank.brief import brief_scores

    return [float(s) for s in brief_scores(sentences, terms, corpus)]


def _graph(kind: str) -> Scorer:
    def score(sentences, terms, corpus):  # type: ignore[no-untyped-def]
        from briefer.rank.graph import lexrank_scores, textrank_scores

        rank = lexrank_scores if kind == "lex-rank" else textrank_scores
        return [float(s) for s in rank([s.tokens.terms for s in sentences])]

    return score


def _reduction(sentences, terms, corpus):  # type: ignore[no-untyped-def]
    from briefer.rank.brief import reduction_scores

    # sumy's Reduction sees all the sentences as one document.
    scores = reduction_scores([s.tokens.terms for s in sentences], [""] * len(sentences))
    return [float(s) for s in scores]


def _lead(sentences, terms, corpus):  # type: ignore[no-untyped-def]
    return [1.0 / (1 + s.index) for s in sentences]


def _sumy(name: str) -> Scorer:
    def score(sentences, terms, corpus):  # type: ignore[no-untyped-def]
        from briefer.rank.sumy import score_sentences as sumy_scores

        return sumy_scores(name, sentences, terms)

    return score


#: sumy's summarizers that briefer also implements itself: sumy's are named ``sumy-*``.
_ALSO_FAST = ("lex-rank", "text-rank", "reduction")

_ALL = (
    Method("brief", _brief, knows_position=True, diverse=True),
    Method("lex-rank", _graph("lex-rank")),
    Method("text-rank", _graph("text-rank")),
    Method("reduction", _reduction),
    Method("lead", _lead),
    *(
        Method(f"sumy-{name}" if name in _ALSO_FAST else name, _sumy(name))
        for name in (
            "lex-rank", "text-rank", "reduction", "lsa", "luhn", "edmundson", "kl",
            "sum-basic", "random",
        )
    ),
)  # fmt: skip

#: Every method by name, in the order the CLI and ``briefer eval --method all`` list them.
REGISTRY: dict[str, Method] = {method.name: method for method in _ALL}
METHODS: tuple[str, ...] = tuple(REGISTRY)


def method(name: str) -> Method:
    """The method called ``name``; ``ValueError`` for an unknown name."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown method {name!r} (choose from {', '.join(METHODS)})") from None


def score_sentences(
    name: str,
    sentences: Sequence[Sentence],
    terms: TermMatcher | Sequence[str] | None = None,
    idf: Mapping[str, float] | None = None,
    context: Sequence[Sentence] | None = None,
    *,
    corpus: Corpus | None = None,
) -> list[float]:
    """One score per sentence (higher is more worth saying), in the order given.

    ``terms`` (a ``TermMatcher`` or a list of terms) is the section's topic
    (the bonus words of ``brief`` and ``edmundson``). ``corpus`` (a build makes
    one for the day) holds the whole articles the sentences come from and the
    IDF over them, for ``brief``; ``context`` and ``idf`` make one, and without
    any it is the sentences themselves.
    """
    if not sentences:
        return []
    from briefer.topics.terms import TermMatcher

    matcher = terms if isinstance(terms, TermMatcher) or terms is None else TermMatcher(terms)
    if corpus is None and (context is not None or idf is not None):
        from briefer.rank.corpus import Corpus

        corpus = Corpus(context or sentences, idf)
    return method(name).score(sentences, matcher, corpus)
