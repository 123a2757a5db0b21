"""Classical multi-document baselines, DPP and ICSISumm, beside briefer's methods.

Usage: python benchmarks/multidoc_baselines.py [DATASET] [--words 100] [--grid] [--tune-on DEV]

DATASET (default tests/data/multidoc-dev.jsonl) is read with briefer's own
reader and sentence splitter (``briefer.compose.evaluate.read_dataset``); every
summary is cut at ``--words`` white-space words and scored with briefer's own
pooled ROUGE (``truncate`` and ``pooled_rouge``), so the figures stand beside
``briefer eval DATASET --method M --words 100``'s, which are measured in the
same run for ``brief``, ``lex-rank``, ``text-rank`` and ``lead``.

- **DPP** (Kulesza & Taskar 2011, as in the DUC 2004 comparisons): a
  determinantal point process with kernel L = diag(q) S diag(q), S the cosine
  of the sentences' tf-idf vectors (briefer's stems of non-stop words, IDF over
  every document of the set, as ``briefer eval`` counts it), quality
  q = exp(theta . f) on three features: 1 / (1 + position in the document),
  length (words / 25) and cosine to the cluster's centroid. MAP by the greedy
  rule with a cost-scaled gain: add the sentence that fits the budget with the
  largest (log det L_{Y+i} - log det L_Y) / words_i, while one fits and the
  gain is positive. theta is grid-searched on the ``tune`` rows only.
- **ICSISumm** (Gillick & Favre 2009): concepts are stemmed word bigrams that
  are not both stop words, weighted by the number of the cluster's documents
  holding them; concepts in fewer than ``min_docs`` documents are dropped (the
  rule is picked on the ``tune`` rows: 3, 2, or 3 with 2 for clusters of three
  documents). An integer linear program (``scipy.optimize.milp``) picks the
  sentences (of at least 10 words) that maximise the summed weight of the
  concepts covered within the word budget, exactly.

Both baselines keep to the budget in whole sentences, as their papers do;
``brief`` and the other methods fill it and are cut at word 100. The rows
"filled" give the baselines the same: their next choice is added and cut at
the budget (same settings, not tuned again). ``--grid``
prints every setting tried on the tune half. ``--tune-on DEV`` takes the settings from
DEV's tune rows instead, for a DATASET that is all held out
(tests/data/multidoc-fresh.jsonl).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from briefer.compose.evaluate import (
    Example,
    _set_idf,
    evaluate,
    pooled_rouge,
    read_dataset,
    truncate,
)
from briefer.model import Sentence
from briefer.text.words import stop_words

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "multidoc-dev.jsonl"
METHODS = ("brief", "lex-rank", "text-rank", "lead")
HALVES = ("tune", "held-out", "all")

# ---------------------------------------------------------------- DPP


@dataclass(frozen=True)
class DppWeights:
    """theta: the quality model's weights on a constant, position and centrality.

    No length feature: with the cost-scaled gain, a weight on length adds the
    same constant to every candidate's scaled gain and chooses nothing.
    """

    bias: float = 0.0
    position: float = 0.0
    centrality: float = 0.0


def tfidf_vectors(sentences: Sequence[Sentence], idf: dict[str, float]) -> np.ndarray:
    """Unit-length tf-idf rows over the sentences' terms (a sentence without terms: zeros)."""
    vocabulary = {
        t: j for j, t in enumerate(sorted({t for s in sentences for t in s.tokens.terms}))
    }
    rows = np.zeros((len(sentences), max(len(vocabulary), 1)))
    for i, sentence in enumerate(sentences):
        for term in sentence.tokens.terms:
            rows[i, vocabulary[term]] += idf.get(term, 1.0)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: np.ndarray = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return unit


def dpp_features(sentences: Sequence[Sentence], vectors: np.ndarray) -> np.ndarray:
    """Per sentence: 1 / (1 + position in its document), cosine to the cluster's centroid."""
    centroid = vectors.sum(axis=0)
    norm = np.linalg.norm(centroid)
    central = vectors @ (centroid / norm) if norm > 0 else np.zeros(len(sentences))
    return np.array([[1 / (1 + s.index), c] for s, c in zip(sentences, central, strict=True)])


def dpp_greedy(
    similarity: np.ndarray,
    quality: np.ndarray,
    costs: Sequence[int],
    budget: int,
    overflow: bool = False,
) -> list[int]:
    """Greedy MAP of the DPP L = diag(q) S diag(q) under a budget: indices in order chosen.

    Each step adds the item that fits with the largest log-det gain over its
    cost; the gain of i given Y is log(L_ii - L_iY L_YY^-1 L_Yi). Stops when
    nothing fits or no gain is positive. With ``overflow``, when nothing fits
    the next choice is added all the same (to be cut at the budget, as
    ``briefer eval --words`` fills it).
    """
    kernel = quality[:, None] * similarity * quality[None, :]
    cost = np.asarray(costs, float)
    chosen: list[int] = []
    spent = 0
    while True:
        if chosen:
            block = kernel[np.ix_(chosen, chosen)]
            cross = kernel[:, chosen]
            residual = np.diag(kernel) - np.einsum("ij,ij->i", cross @ np.linalg.pinv(block), cross)
        else:
            residual = np.diag(kernel).copy()
        with np.errstate(divide="ignore"):
            gain = np.log(np.maximum(residual, 0.0))
        fits = (cost + spent <= budget) & (cost > 0)
        if overflow and spent < budget and not (fits & (gain > 0)).any():
            fits = cost > 0
            budget = spent  # this one is the last
        fits[chosen] = False
        scaled = np.where(fits & (gain > 0), gain / np.maximum(cost, 1), -np.inf)
        if not np.isfinite(scaled).any():
            return chosen
        best = int(np.argmax(scaled))
        chosen.append(best)
        spent += int(cost[best])


def dpp_summary(
    example: Example,
    weights: DppWeights,
    budget: int,
    idf: dict[str, float],
    fill: bool = False,
) -> list[Sentence]:
    """The DPP's choice for one cluster, in the order chosen (``fill``: one more, to be cut)."""
    sentences = example.sentences
    vectors = tfidf_vectors(sentences, idf)
    features = dpp_features(sentences, vectors)
    theta = np.array([weights.position, weights.centrality])
    quality = np.exp(weights.bias + features @ theta)
    costs = [len(s.text.split()) for s in sentences]
    chosen = dpp_greedy(vectors @ vectors.T, quality, costs, budget, overflow=fill)
    return [sentences[i] for i in chosen]


DPP_GRID = [
    DppWeights(b, p, c)
    for b, p, c in itertools.product((0, 0.5, 1, 2), (0, 0.5, 1, 2, 4), (0, 0.5, 1, 2, 4))
]

# ---------------------------------------------------------------- ICSISumm


def concepts(sentence: Sentence) -> set[tuple[str, str]]:
    """Stemmed word bigrams of a sentence, but not those of two stop words."""
    stops = stop_words()
    words, stems = sentence.tokens.words, sentence.tokens.stems
    return {
        (stems[i], stems[i + 1])
        for i in range(len(words) - 1)
        if not (words[i].lower() in stops and words[i + 1].lower() in stops)
    }


def min_docs_rule(rule: str, documents: int) -> int:
    """Fewest documents a concept must appear in: "3", "2", or "3/2" (2 for three documents)."""
    if rule == "3/2":
        return 2 if documents <= 3 else 3
    return int(rule)


def ilp_select(
    sentence_concepts: Sequence[set[tuple[str, str]]],
    weights: dict[tuple[str, str], float],
    costs: Sequence[int],
    budget: int,
) -> list[int]:
    """Gillick & Favre's ILP: the sentences whose concepts weigh most within ``budget``.

    Variables are one binary s_j a sentence and one c_i a concept; maximise
    sum w_i c_i subject to sum l_j s_j <= budget, s_j <= c_i for every concept
    i of sentence j, and c_i <= sum of the s_j that hold it. Solved exactly
    by HiGHS through ``scipy.optimize.milp``.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_array

    names = sorted(weights)
    index = {c: k for k, c in enumerate(names)}
    n, m = len(costs), len(names)
    if n == 0:
        return []
    rows: list[dict[int, float]] = [{j: float(costs[j]) for j in range(n)}]
    lower, upper = [-np.inf], [float(budget)]
    holders: dict[int, list[int]] = {k: [] for k in range(m)}
    for j, held in enumerate(sentence_concepts):
        for concept in held:
            if concept in index:
                k = index[concept]
                holders[k].append(j)
                rows.append({j: 1.0, n + k: -1.0})  # s_j - c_i <= 0
                lower.append(-np.inf)
                upper.append(0.0)
    for k, js in holders.items():
        rows.append({n + k: 1.0, **{j: -1.0 for j in js}})  # c_i - sum s_j <= 0
        lower.append(-np.inf)
        upper.append(0.0)
    matrix = lil_array((len(rows), n + m))
    for r, row in enumerate(rows):
        for col, value in row.items():
            matrix[r, col] = value
    objective = -np.array([0.0] * n + [weights[c] for c in names])
    result = milp(
        objective,
        integrality=np.ones(n + m),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix.tocsr(), lower, upper),
    )
    if result.x is None:
        raise RuntimeError(f"ILP not solved: {result.message}")
    return [j for j in range(n) if result.x[j] > 0.5]


def icsi_summary(
    example: Example, rule: str, budget: int, min_words: int = 10, fill: bool = False
) -> list[Sentence]:
    """ICSISumm's choice for one cluster, in document order.

    With ``fill`` and words left, the sentence adding the most weight of concepts
    not yet covered comes last (to be cut at the budget, as ``briefer eval
    --words`` fills it).
    """
    kept = [s for s in example.sentences if len(s.text.split()) >= min_words]
    held = [concepts(s) for s in kept]
    documents: dict[tuple[str, str], set[str]] = {}
    for sentence in example.sentences:
        for concept in concepts(sentence):
            documents.setdefault(concept, set()).add(sentence.article_id)
    floor = min_docs_rule(rule, example.documents)
    weights = {c: float(len(d)) for c, d in documents.items() if len(d) >= floor}
    chosen = ilp_select(held, weights, [len(s.text.split()) for s in kept], budget)
    summary = [kept[j] for j in chosen]
    if fill and sum(len(s.text.split()) for s in summary) < budget:
        covered = set().union(*(held[j] for j in chosen))
        rest = [j for j in range(len(kept)) if j not in chosen]
        if rest:
            extra = max(rest, key=lambda j: sum(weights.get(c, 0.0) for c in held[j] - covered))
            summary.append(kept[extra])
    return summary


ICSI_RULES = ("3", "2", "3/2")

# ---------------------------------------------------------------- scoring


@dataclass
class Scores:
    """Per-example pooled R1/R2 recall and F1 (x100) of one method."""

    recall: dict[str, list[float]]
    f1: dict[str, list[float]]
    words: list[int]


def score(examples: Sequence[Example], summaries: Sequence[Sequence[str]], words: int) -> Scores:
    out = Scores({"rouge1": [], "rouge2": []}, {"rouge1": [], "rouge2": []}, [])
    for example, summary in zip(examples, summaries, strict=True):
        cut = truncate(summary, words)
        pooled = pooled_rouge(example.references, cut)
        for metric in ("rouge1", "rouge2"):
            out.recall[metric].append(100 * pooled[metric].recall)
            out.f1[metric].append(100 * pooled[metric].fmeasure)
        out.words.append(sum(len(s.split()) for s in cut))
    return out


def splits(path: Path) -> dict[str, str]:
    """Each row's "split" ("tune", "held-out"), by id; rows without one count as held out."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return {str(row["id"]): row.get("split", "held-out") for row in rows}


def mean_se(values: Sequence[float]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    if len(values) < 2:
        return mean, 0.0
    variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    return mean, math.sqrt(variance / len(values))


def tune_figure(scores: Scores) -> float:
    """What a setting is picked by on the tune half: mean R1 + R2 recall."""
    return mean_se(scores.recall["rouge1"])[0] + mean_se(scores.recall["rouge2"])[0]


@dataclass
class Tuned:
    """The baselines' settings picked on the tune half, and every figure of the grid."""

    dpp: DppWeights
    icsi: str
    grid: list[tuple[str, float]] = field(default_factory=list)


def tune(tune_set: Sequence[Example], words: int, idf: dict[str, float]) -> Tuned:
    """theta for DPP and the concept floor for ICSISumm, picked on ``tune_set`` only."""
    grid: list[tuple[str, float]] = []

    def best(options: Sequence[object], run: Callable[[object], list[list[str]]]) -> object:
        figures = []
        for option in options:
            figure = tune_figure(score(tune_set, run(option), words))
            grid.append((repr(option), figure))
            figures.append(figure)
        return options[int(np.argmax(figures))]  # the first of equals

    dpp = best(
        DPP_GRID,
        lambda w: [[s.text for s in dpp_summary(e, w, words, idf)] for e in tune_set],  # type: ignore[arg-type]
    )
    icsi = best(
        ICSI_RULES,
        lambda r: [[s.text for s in icsi_summary(e, r, words)] for e in tune_set],  # type: ignore[arg-type]
    )
    return Tuned(dpp, icsi, grid)  # type: ignore[arg-type]


def run(
    path: Path = DEV,
    words: int = 100,
    tuned: Tuned | None = None,
    methods: Sequence[str] = METHODS,
) -> tuple[dict[str, Scores], list[str], Tuned]:
    """Every method's scores on every example of ``path``, and each example's half.

    The baselines' settings are tuned on the rows marked "tune" unless ``tuned`` is given.
    """
    examples = read_dataset(path)
    half = splits(path)
    idf = _set_idf(examples)
    if tuned is None:
        tuned = tune([e for e in examples if half[e.id] == "tune"], words, idf)
    results: dict[str, Scores] = {}
    for method in methods:
        result = evaluate(examples, method, words=words)
        results[method] = score(examples, [s for _, s in result.summaries], words)
    results["dpp"] = score(
        examples, [[s.text for s in dpp_summary(e, tuned.dpp, words, idf)] for e in examples], words
    )
    results["icsi"] = score(
        examples, [[s.text for s in icsi_summary(e, tuned.icsi, words)] for e in examples], words
    )
    results["dpp, filled"] = score(
        examples,
        [[s.text for s in dpp_summary(e, tuned.dpp, words, idf, fill=True)] for e in examples],
        words,
    )
    results["icsi, filled"] = score(
        examples,
        [[s.text for s in icsi_summary(e, tuned.icsi, words, fill=True)] for e in examples],
        words,
    )
    return results, [half[e.id] for e in examples], tuned


def table(results: dict[str, Scores], halves: Sequence[str]) -> str:
    def cell(values: list[float], wanted: str, se: bool) -> str:
        picked = [v for v, h in zip(values, halves, strict=True) if wanted in (h, "all")]
        if not picked:
            return "-"
        mean, error = mean_se(picked)
        return f"{mean:.1f} ± {error:.1f}" if se else f"{mean:.1f}"

    lines = [
        "| method | " + " | ".join(f"{h} R1 / R2 recall" for h in HALVES) + " | all R1 / R2 F1 |",
        "| --- " * (len(HALVES) + 2) + "|",
    ]
    for method, s in results.items():
        cells = [
            f"{cell(s.recall['rouge1'], h, h == 'all')} / {cell(s.recall['rouge2'], h, h == 'all')}"
            for h in HALVES
        ]
        f1 = f"{cell(s.f1['rouge1'], 'all', False)} / {cell(s.f1['rouge2'], 'all', False)}"
        lines.append(f"| `{method}` | " + " | ".join(cells) + f" | {f1} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEV)
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--grid", action="store_true", help="print every tune-half setting")
    parser.add_argument("--tune-on", type=Path, help="tune the baselines on this set's tune rows")
    args = parser.parse_args(argv)
    tuned = None
    if args.tune_on:
        dev = read_dataset(args.tune_on)
        dev_half = splits(args.tune_on)
        tuned = tune([e for e in dev if dev_half[e.id] == "tune"], args.words, _set_idf(dev))
    results, halves, tuned = run(args.dataset, args.words, tuned)
    if args.grid:
        for option, figure in sorted(tuned.grid, key=lambda g: -g[1]):
            print(f"{figure:7.2f}  {option}")
    print(table(results, halves))
    print(
        f"\nDPP theta (tune half): {tuned.dpp}; ICSISumm concept floor: {tuned.icsi}; "
        f"mean words scored: "
        + ", ".join(f"{m} {sum(s.words) / len(s.words):.0f}" for m, s in results.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
