"""How many same-text pairs MinHash LSH misses, against the exact all-pairs comparison.

Usage: python benchmarks/minhash_recall.py [--trials 20000] [--counts 1000,10000]

Duplicate folding (``briefer.ingest.dedupe``) finds candidate twins by MinHash
band and compares only those exactly; a pair the bands miss is a fold lost.
Two measurements:

1. Random trials: pairs of random 64-bit shingle sets (the hashes of real
   shingles are mixed, so they look random) of 200-1,200 shingles with a set
   Jaccard index, as many as ``--trials`` per index; for each index the share
   that shares a band, the share that passes the signature screen too, and
   the MinHash formula's ``1 - (1 - J**ROWS)**BANDS``.
2. Days of recombined real articles (``build_scale.write_articles``): the folds
   of ``fold_duplicates`` against an exact reference that compares every text
   with every kept one (by prefix filtering, exact by construction, over the
   same stable shingles), and the CPU seconds of each.
"""

from __future__ import annotations

import argparse
import heapq
import math
import tempfile
import time
from pathlib import Path

import numpy as np
from build_scale import write_articles

from briefer.ingest import dedupe
from briefer.ingest.files import read_article
from briefer.model import Article

JACCARDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def random_pair(rng: np.random.Generator, jaccard: float) -> tuple[np.ndarray, np.ndarray]:
    """Two sets of random hashes of about equal size with Jaccard index ``jaccard``."""
    size = int(rng.integers(200, 1200))
    common = round(2 * size * jaccard / (1 + jaccard))  # c / (2n - c) = J
    values = rng.integers(0, 2**64, size=2 * size - common, dtype=np.uint64, endpoint=False)
    one = np.sort(values[:size])
    other = np.sort(np.concatenate([values[:common], values[size:]]))
    return one, other


def random_trials(trials: int) -> None:
    rng = np.random.default_rng(7)
    screen = dedupe._SCREEN
    print(
        f"random trials: {trials:,} pairs per Jaccard index, {dedupe.BANDS} bands x {dedupe.ROWS}"
    )
    print(f"{'jaccard':>8}{'share a band':>14}{'+ screen':>10}{'formula':>10}{'missed':>8}")
    for jaccard in JACCARDS:
        banded = screened = 0
        for _ in range(trials):
            one, other = (dedupe.sketch_of(s) for s in random_pair(rng, jaccard))
            shared = any(a == b for a, b in zip(one.bands(), other.bands(), strict=True))
            agree = int(np.count_nonzero(one.minima() == other.minima()))
            banded += shared
            screened += shared and agree >= screen
        formula = 1 - (1 - jaccard**dedupe.ROWS) ** dedupe.BANDS
        line = f"{jaccard:>8.2f}{banded / trials:>14.5f}{screened / trials:>10.5f}"
        print(f"{line}{formula:>10.5f}{trials - screened:>8}", flush=True)


def exact_folds(articles: list[Article]) -> list[tuple[int, int]]:
    """(copy, kept) positions by the exact rule: the first kept text at Jaccard >= threshold.

    Prefix filtering (Chaudhuri et al. 2006) finds every pair at or above the
    threshold, so this is the all-pairs comparison, done faster. URLs are left
    aside: the recombined days have none.
    """
    threshold = dedupe.SAME_TEXT_THRESHOLD
    kept: list[tuple[int, set[int]]] = []
    postings: dict[int, list[int]] = {}
    folds = []
    for position, article in enumerate(articles):
        grams = set(dedupe.shingles(article.text).tolist())
        size = len(grams) - math.ceil(threshold * len(grams) - 1e-9) + 1
        prefix = heapq.nsmallest(size, grams)
        candidates = sorted({n for gram in prefix for n in postings.get(gram, ())})
        twin = next(
            (
                n
                for n in candidates
                if len(grams & kept[n][1]) / len(grams | kept[n][1]) >= threshold
            ),
            None,
        )
        if twin is not None:
            folds.append((position, kept[twin][0]))
            continue
        for gram in prefix:
            postings.setdefault(gram, []).append(len(kept))
        kept.append((position, grams))
    return folds


def lsh_folds(articles: list[Article]) -> list[tuple[int, int]]:
    kept, folded = dedupe.fold_duplicates(articles)
    where = {str(article.path): n for n, article in enumerate(articles)}
    by_id = {article.id: where[str(article.path)] for article in kept}
    return [(where[fold.location], by_id[fold.kept_id]) for fold in folded]


def days(counts: list[int]) -> None:
    print(
        f"\n{'articles':>9}{'exact folds':>13}{'lsh folds':>11}{'missed':>8}{'extra':>7}"
        f"{'exact cpu s':>13}{'lsh cpu s':>11}"
    )
    with tempfile.TemporaryDirectory(prefix="minhash-recall-") as temporary:
        for count in counts:
            folder = Path(temporary) / str(count)
            write_articles(folder, count)
            articles = _unfolded(folder)
            started = time.process_time()
            exact = set(exact_folds(articles))
            exact_cpu = time.process_time() - started
            started = time.process_time()
            found = set(lsh_folds(articles))
            lsh_cpu = time.process_time() - started
            print(
                f"{count:>9}{len(exact):>13}{len(found):>11}{len(exact - found):>8}"
                f"{len(found - exact):>7}{exact_cpu:>13.2f}{lsh_cpu:>11.2f}",
                flush=True,
            )


def _unfolded(folder: Path) -> list[Article]:
    """The day's articles in reading order, before duplicate folding."""
    return [read_article(path, None) for path in sorted(folder.glob("*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20000)
    parser.add_argument("--counts", default="1000,10000")
    args = parser.parse_args()
    if args.trials:
        random_trials(args.trials)
    days([int(c) for c in args.counts.split(",") if c])


if __name__ == "__main__":
    main()
