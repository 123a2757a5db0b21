"""Score sentences with a sumy summarizer chosen by name.

sumy's summarizers return the chosen sentences without scores or provenance.
Every one of them ranks through ``AbstractSummarizer._get_best_sentences``,
whose ``count`` may be a callable that sees each ``(sentence, order, rating)``:
briefer passes one that records every rating, so any method yields a score
per sentence, and briefer keeps the link from sumy's sentences back to its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from briefer.model import Sentence
from briefer.text.sentences import Tokenizer
from briefer.text.words import stem, stop_words
from briefer.topics.terms import TermMatcher

#: Words that lower a sentence's rank in Edmundson's cue method (hedges, not facts).
STIGMA_WORDS = ("allegedly", "reportedly", "rumoured", "rumored", "unconfirmed", "perhaps")


def _summarizer(method: str, terms: TermMatcher | None) -> Any:
    """Build the sumy summarizer for ``method`` with briefer's stemmer and stop words."""
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.random import RandomSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes: dict[str, Callable[..., Any]] = {
        "lex-rank": LexRankSummarizer,
        "text-rank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "edmundson": EdmundsonSummarizer,
        "kl": KLSummarizer,
        "sum-basic": SumBasicSummarizer,
        "reduction": ReductionSummarizer,
        "random": RandomSummarizer,
    }
    summarizer = classes[method](stem)
    if method == "edmundson":
        summarizer.bonus_words = list(terms.words if terms else ()) or ["news"]
        summarizer.stigma_words = STIGMA_WORDS
        summarizer.null_words = stop_words()
    elif method != "random":
        summarizer.stop_words = stop_words()
    return summarizer


def score_sentences(
    method: str, sentences: Sequence[Sentence], terms: TermMatcher | None = None
) -> list[float]:
    """One score per sentence (higher is more central), in the order given.

    Sentences of one article form one paragraph of the document sumy sees, so
    methods that use position (Edmundson's location method) see article order.
    """
    if not sentences:
        return []
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tokenizer = Tokenizer()
    paragraphs: list[list[Any]] = []
    last_article = None
    for sentence in sentences:
        if sentence.article_id != last_article:
            paragraphs.append([])
            last_article = sentence.article_id
        paragraphs[-1].append(SumySentence(sentence.text, tokenizer))
    document = ObjectDocumentModel(tuple(Paragraph(p) for p in paragraphs))
    ratings: dict[int, float] = {}

    def record_every_rating(infos: Sequence[Any]) -> Sequence[Any]:
        for info in infos:
            ratings[info.order] = float(info.rating)
        return infos

    _summarizer(method, terms)(document, record_every_rating)
    return [ratings.get(order, 0.0) for order in range(len(sentences))]
