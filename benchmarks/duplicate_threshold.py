"""Measure the similarity threshold above which two sentences report the same fact.

Usage: python benchmarks/duplicate_threshold.py [../shared/eval-dev/cnndm-dev.jsonl]

Positive pairs: each human-written CNN/DailyMail highlight and the article
sentence it restates (the article sentence most similar to it, kept when the
two share at least half of the highlight's content stems). Negative pairs: the
same highlight against every other sentence of its own article: same story,
other facts, the hardest realistic confusion. Prints precision and recall of
"same fact" at each threshold for plain and IDF-weighted cosine. Merging two
different facts would cite an article for something it did not say, so the
threshold is chosen for precision first.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from briefer.text.sentences import split_sentences
from briefer.text.words import content_stems, cosine, inverse_document_frequency

DEFAULT_SET = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval-dev" / "cnndm-dev.jsonl"


def pairs(path: Path) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    positives: list[tuple[float, float]] = []
    negatives: list[tuple[float, float]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        sentences = [content_stems(s) for s in split_sentences(story["text"])]
        idf = inverse_document_frequency(sentences)
        bags = [Counter(s) for s in sentences]
        for highlight in story["reference_sentences"]:
            h = Counter(content_stems(highlight))
            scored = [(cosine(h, bag), cosine(h, bag, idf), bag) for bag in bags]
            best = max(range(len(scored)), key=lambda i: scored[i][0])
            shared = len(set(h) & set(scored[best][2]))
            if h and shared >= len(set(h)) / 2:
                positives.append(scored[best][:2])
                negatives.extend(s[:2] for i, s in enumerate(scored) if i != best)
    return positives, negatives


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SET
    positives, negatives = pairs(path)
    print(f"{len(positives)} same-fact pairs, {len(negatives)} different-fact pairs")
    for column, name in ((0, "cosine"), (1, "idf-cosine")):
        print(f"\n{name}: threshold  precision  recall")
        for tenth in range(30, 75, 5):
            t = tenth / 100
            tp = sum(p[column] >= t for p in positives)
            fp = sum(n[column] >= t for n in negatives)
            precision = tp / (tp + fp) if tp + fp else 1.0
            print(f"  {t:.2f}  {precision:.3f}  {tp / len(positives):.3f}")


if __name__ == "__main__":
    main()
