"""One scoring interface over every method: sentences in, a score per sentence out.

Every method, briefer's own (``brief``), the fast sparse LexRank, TextRank and
Reduction (``lex-rank``, ``text-rank``, ``reduction``, which rank exactly as
sumy's do), the ``lead``
baseline and sumy's own summarizers (``sumy-*`` and the names sumy alone
provides), answers the same call, so briefer's selection (topic relevance,
redundancy control, budget) works on scores whatever ranked them. Heavy
imports happen inside the calls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..config import METHODS
from ..model import Sentence
from .select import choose_diverse, choose_top

#: The default method: briefer's multi-document, topic-biased, position-aware ranker.
DEFAULT_METHOD = "brief"
#: Fast methods implemented here; every other name is one of sumy's.
FAST_METHODS = ("brief", "lex-rank", "text-rank", "reduction", "lead")
#: sumy's summarizers, by briefer's name for them (every method not implemented here).
SUMY_METHODS = tuple(m for m in METHODS if m not in FAST_METHODS)

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "choose_diverse",
    "choose_top",
    "score_sentences",
    "summarize",
]


def score_sentences(
    method: str,
    sentences: Sequence[Sentence],
    query: Sequence[str] = (),
    idf: Mapping[str, float] | None = None,
    context: Sequence[Sentence] | None = None,
) -> list[float]:
    """One score per sentence (higher is more worth saying), in the order given.

    ``query`` is the section's topic terms (bonus words for ``brief`` and
    ``edmundson``); ``idf`` is IDF over the day's articles and ``context`` the
    whole articles the sentences come from, both for ``brief`` (taken from
    ``sentences`` when not given).
    """
    if not sentences:
        return []
    if method == "brief":
        from .brief import brief_scores

        return [float(s) for s in brief_scores(sentences, query, idf, context)]
    if method in ("lex-rank", "text-rank"):
        from .graph import lexrank_scores, textrank_scores
        from .tokens import sumy_terms

        rank = lexrank_scores if method == "lex-rank" else textrank_scores
        return [float(s) for s in rank([sumy_terms(s.text) for s in sentences])]
    if method == "reduction":  # sumy's Reduction sees all sentences as one document
        from .brief import reduction_scores
        from .tokens import sumy_terms

        terms = [sumy_terms(s.text) for s in sentences]
        return [float(s) for s in reduction_scores(terms, [""] * len(sentences))]
    if method == "lead":
        return [1.0 / (1 + s.index) for s in sentences]
    if method in SUMY_METHODS:
        from ..summarize import score_sentences as sumy_scores

        return sumy_scores(method.removeprefix("sumy-"), sentences, query)
    raise ValueError(f"unknown method {method!r}")


def summarize(
    method: str,
    sentences: Sequence[Sentence],
    count: int,
    query: Sequence[str] = (),
    idf: Mapping[str, float] | None = None,
) -> list[Sentence]:
    """``count`` sentences chosen by ``method``, in the order given.

    ``brief`` chooses with redundancy control (MMR); every other method takes
    its top ``count``, as sumy does.
    """
    scores = score_sentences(method, sentences, query, idf)
    if method == "brief":
        chosen = choose_diverse(sentences, scores, count)
    else:
        chosen = choose_top(scores, count)
    return [sentences[i] for i in sorted(chosen)]
