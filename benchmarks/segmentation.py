"""Sentence-boundary precision, recall and F1 of briefer's splitter on a gold set.

Usage: python benchmarks/segmentation.py [../shared/eval-dev/segmentation-gum-news.json]

Boundaries are the character offsets where a new sentence starts inside a
paragraph (paragraph ends come free), as the gold set defines them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nltk.tokenize.punkt import PunktSentenceTokenizer

from briefer.text.sentences import sentence_spans

DEFAULT_GOLD = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "eval-dev"
    / "segmentation-gum-news.json"
)


def _next_visible(text: str, offset: int) -> int:
    """The offset of the first non-space character at or after ``offset``."""
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


def boundary_scores(items: list[dict], spans_of) -> tuple[float, float, float]:
    """Micro-averaged boundary precision, recall and F1 over all paragraphs."""
    true_positive = predicted = gold = 0
    for item in items:
        text = item["text"]
        expected = {_next_visible(text, offset) for offset in item["bounds"]}
        found = {_next_visible(text, start) for start, _ in spans_of(text) if start > 0}
        true_positive += len(expected & found)
        predicted += len(found)
        gold += len(expected)
    precision = true_positive / predicted if predicted else 1.0
    recall = true_positive / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_GOLD
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    untrained = PunktSentenceTokenizer()
    rows = [
        ("punkt, untrained", lambda text: list(untrained.span_tokenize(text))),
        ("briefer (punkt + news abbreviations)", sentence_spans),
    ]
    print(f"{len(items)} paragraphs, {sum(len(i['bounds']) for i in items)} inner boundaries")
    for name, spans_of in rows:
        p, r, f = boundary_scores(items, spans_of)
        print(f"{name:40s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")


if __name__ == "__main__":
    main()
