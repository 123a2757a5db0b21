"""Precision and recall of topic assignment on the labelled State Department releases.

Usage: python benchmarks/topics_eval.py [../shared/eval-dev/upcoming-dev.jsonl]

Each document is split with briefer's splitter and each sentence assigned to
topics with the default configuration. A briefer sentence counts as labelled
for a topic when it overlaps a labelled sentence (labels are verbatim
substrings of the text). "upcoming" labels are events; a labelled event counts
as found when its sentence is a candidate of the upcoming-visits topic.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from briefer.config import load_config
from briefer.model import Article
from briefer.text.sentences import segment_article
from briefer.topics import TopicMatcher, topic_candidates
from briefer.topics.events import announced_events

DEFAULT_SET = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "eval-dev" / "upcoming-dev.jsonl"
)
LABELS = {"ukraine": "ukraine", "us-relations": "us_relations", "upcoming-visits": "upcoming"}


def labelled_spans(document: dict, label: str) -> list[tuple[int, int]]:
    entries = document["labels"].get(label, [])
    texts = [e["sentence"] if isinstance(e, dict) else e for e in entries]
    spans = []
    for text in texts:
        start = document["text"].find(text)
        if start >= 0:
            spans.append((start, start + len(text)))
    return spans


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SET
    documents = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    matchers = [TopicMatcher(t) for t in load_config().topics]
    print(f"{len(documents)} documents")
    for matcher in matchers:
        label = LABELS[matcher.topic.id]
        tp = fp = fn = 0
        for document in documents:
            article = Article(
                id=document["id"], title=document["title"], date=None, path=Path("x"),
                paragraphs=tuple(document["text"].split("\n\n")),
            )  # fmt: skip
            sentences = segment_article(article)
            events = announced_events([article], sentences)
            announcing = {key for key, found in events.items() if found}
            chosen = topic_candidates(sentences, [matcher.topic], announcing)[matcher.topic.id]
            gold = labelled_spans(document, label)

            def overlaps(s, spans):  # type: ignore[no-untyped-def]
                return any(s.start < end and start < s.end for start, end in spans)

            tp += sum(overlaps(s, gold) for s in chosen)
            fp += sum(not overlaps(s, gold) for s in chosen)
            fn += sum(
                not any(s.start < end and start < s.end for s in chosen) for start, end in gold
            )
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = (tp / (tp + fn)) if tp + fn else 0.0
        print(
            f"{matcher.topic.id:16s} P {precision:.2f}  R {recall:.2f}  (tp {tp}, fp {fp}, fn {fn})"
        )


if __name__ == "__main__":
    main()
