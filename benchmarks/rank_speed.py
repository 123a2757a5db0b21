"""Ranking speed against sumy, in the same run, on real news sentences.

Usage: python benchmarks/rank_speed.py [--sizes 100,300,1000,3000] [--large 100000]
(``--sizes ""`` skips the comparison with sumy, ``--large 0`` the large cases)

For each size, the first N distinct sentences of the CNN/DM and BBC dev sets
(articles concatenated) are ranked by sumy's LexRank and TextRank and by
briefer's sparse ones; printed: seconds for each, the speed-up, and whether
the top 10 agree. Tokenising is counted on both sides. Then ``--large``
sentences are ranked by the fast LexRank and by ``brief``, with their time
and its main phases printed (LexRank: tokens, graph, power method; brief:
corroboration, centrality in the article), twice: the dev sets' sentences repeated as they are
(like wire copy reprinted by many outlets: identical sentences are ranked once
per group), and all distinct, each made of the first half of one real sentence and the second
half of another (the dev sets' small vocabulary spread over 100,000 sentences
makes far more similar pairs than a real day would: a pessimistic case).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import numpy as np

from briefer.model import Sentence
from briefer.rank import brief, graph
from briefer.rank.brief import brief_scores
from briefer.rank.graph import lexrank_scores, textrank_scores
from briefer.text.sentences import Tokenizer, split_sentences
from briefer.text.tokens import sumy_terms, tokenize
from briefer.text.words import stem, stop_words

EVAL_DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval-dev"
SETS = ("cnndm-dev.jsonl", "bbc-news-summary.jsonl", "upcoming-dev.jsonl")


def real_sentences() -> list[tuple[str, int, str]]:
    """(article id, position, sentence) for every sentence of the dev sets, in order."""
    rows: list[tuple[str, int, str]] = []
    for name in SETS:
        for line in (EVAL_DEV / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts = [s.strip() for p in row["text"].split("\n\n") for s in split_sentences(p)]
            rows += [(row["id"], index, text) for index, text in enumerate(texts)]
    return rows


def sumy_ranking(summarizer_class: type, texts: Sequence[str]) -> tuple[float, list[int]]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    started = time.perf_counter()
    summarizer = summarizer_class(stem)
    summarizer.stop_words = stop_words()
    tokenizer = Tokenizer()
    document = ObjectDocumentModel((Paragraph([SumySentence(t, tokenizer) for t in texts]),))
    chosen = summarizer(document, 10)
    elapsed = time.perf_counter() - started
    by_text = {text: order for order, text in enumerate(texts)}
    return elapsed, sorted(by_text[str(s)] for s in chosen)


def fast_ranking(
    rank: Callable[[list[list[str]]], np.ndarray], texts: Sequence[str]
) -> tuple[float, list[int]]:
    started = time.perf_counter()
    scores = rank([sumy_terms(t) for t in texts])
    elapsed = time.perf_counter() - started
    return elapsed, sorted(sorted(range(len(texts)), key=lambda i: (-scores[i], i))[:10])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000,3000")
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    pairs = real_sentences()
    distinct = list(dict.fromkeys(text for _, _, text in pairs))
    print(f"{len(distinct)} distinct real sentences available")
    print(f"{'method':<10}{'sentences':>10}{'sumy s':>10}{'fast s':>10}{'speed-up':>10}  top-10")
    for size in (int(s) for s in args.sizes.split(",") if s):
        texts = distinct[:size]
        for name, slow, fast in (
            ("LexRank", LexRankSummarizer, lexrank_scores),
            ("TextRank", TextRankSummarizer, textrank_scores),
        ):
            slow_time, slow_top = sumy_ranking(slow, texts)
            fast_time, fast_top = fast_ranking(fast, texts)
            same = (
                "same"
                if slow_top == fast_top
                else f"differs ({len(set(slow_top) & set(fast_top))}/10)"
            )
            print(
                f"{name:<10}{size:>10}{slow_time:>10.2f}{fast_time:>10.3f}"
                f"{slow_time / fast_time:>9.0f}x  {same}"
            )
    if args.large:
        repeated = (pairs * (args.large // len(pairs) + 1))[: args.large]
        large("repeated", repeated, len(pairs))
        large("distinct", spliced(pairs, args.large), len(pairs))


def spliced(pairs: list[tuple[str, int, str]], count: int) -> list[tuple[str, int, str]]:
    """``count`` distinct sentences: the first half of one real sentence, the second of another."""
    halves = [
        (text.split()[: len(text.split()) // 2], text.split()[len(text.split()) // 2 :])
        for _, _, text in pairs
    ]
    made = []
    for n in range(count):
        article, index, _ = pairs[n % len(pairs)]
        other = (n * 7919 + n // len(pairs)) % len(pairs)
        made.append((article, index, " ".join(halves[n % len(pairs)][0] + halves[other][1])))
    return made


def large(name: str, rows: list[tuple[str, int, str]], period: int) -> None:
    texts = [text for _, _, text in rows]
    kinds = f"{len(texts):,} sentences {name} ({len(set(texts)):,} distinct)"
    started = time.perf_counter()
    terms = [sumy_terms(text) for text in texts]
    tokens = time.perf_counter() - started
    ranking, seconds = timed(
        lambda: lexrank_scores(terms), (graph, "_graph_above"), (graph, "_lexrank_power_method")
    )
    print(
        f"fast LexRank, {kinds}: {tokens + ranking:.1f} s (tokens {tokens:.1f}, graph "
        f"{seconds['_graph_above']:.1f}, power method {seconds['_lexrank_power_method']:.1f}, "
        f"vectors and the rest {ranking - sum(seconds.values()):.1f})"
    )
    # The token records are made at segmentation in a build: their cost is counted here,
    # as sumy's tokenising is counted on its side.
    started = time.perf_counter()
    sentences = [
        Sentence(text, f"{article}/{n // period}", index, 0, 0, len(text), tokenize(text))
        for n, (article, index, text) in enumerate(rows)
    ]
    tokens = time.perf_counter() - started
    elapsed, seconds = timed(
        lambda: brief_scores(sentences),
        (brief, "_other_articles_reporting"),
        (brief, "_centrality_in_article"),
    )
    print(
        f"brief, {kinds}: {tokens + elapsed:.1f} s (token records {tokens:.1f}, corroboration "
        f"{seconds['_other_articles_reporting']:.1f}, centrality in the article "
        f"{seconds['_centrality_in_article']:.1f}, "
        f"vectors and the rest {elapsed - sum(seconds.values()):.1f})"
    )


def timed(
    call: Callable[[], object], *functions: tuple[ModuleType, str]
) -> tuple[float, dict[str, float]]:
    """Seconds ``call`` takes, and the seconds spent in each of ``functions`` meanwhile."""
    with phases(*functions) as seconds:
        started = time.perf_counter()
        call()
        return time.perf_counter() - started, seconds


@contextmanager
def phases(*functions: tuple[ModuleType, str]) -> Iterator[dict[str, float]]:
    """Seconds spent in each named function of a module while the block runs.

    The functions are wrapped in place for the block only, so a phase is timed
    inside the real run rather than re-run on its own.
    """
    seconds = dict.fromkeys((name for _, name in functions), 0.0)
    originals = [(module, name, getattr(module, name)) for module, name in functions]
    for module, name, original in originals:
        setattr(module, name, _timed(original, name, seconds))
    try:
        yield seconds
    finally:
        for module, name, original in originals:
            setattr(module, name, original)


def _timed(
    function: Callable[..., object], name: str, seconds: dict[str, float]
) -> Callable[..., object]:
    def timed(*args: object) -> object:
        started = time.perf_counter()
        try:
            return function(*args)
        finally:
            seconds[name] += time.perf_counter() - started

    return timed


if __name__ == "__main__":
    main()
