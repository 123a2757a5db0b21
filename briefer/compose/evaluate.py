"""Score a ranking method against reference summaries with ROUGE.

A data set is JSON Lines, one ``{"id", "text", "reference"}`` per line (or
``"documents": [...]`` instead of ``"text"`` for a multi-document set). The
reference is a list of sentences, or a string with one sentence a line (or
``"reference_sentences"`` gives the list). Each method picks as many sentences
as the reference has (or a fixed number) and is scored with ROUGE-1, ROUGE-2
and ROUGE-Lsum F1 from Google's ``rouge-score`` package, Porter stemming on,
the standard settings of the summarisation literature. ROUGE-Lsum sees one
sentence a line. IDF for ``brief`` is counted over every article of the set,
as it is over every article of a day in a build.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefer.errors import InputError
from briefer.model import Article, Sentence
from briefer.text.sentences import segment_article, split_sentences

METRICS = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True)
class Example:
    """One row of a data set: its articles' sentences and the reference sentences."""

    id: str
    sentences: tuple[Sentence, ...]
    reference: tuple[str, ...]


@dataclass
class MethodResult:
    """Per-document F1 of one method, and what it chose."""

    method: str
    scores: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in METRICS})
    summaries: list[tuple[str, list[str]]] = field(default_factory=list)

    def mean(self, metric: str) -> float:
        values = self.scores[metric]
        return sum(values) / len(values) if values else 0.0

    def standard_error(self, metric: str) -> float:
        values = self.scores[metric]
        if len(values) < 2:
            return 0.0
        mean = self.mean(metric)
        variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
        return math.sqrt(variance / len(values))


def read_dataset(path: Path) -> list[Example]:
    """Read a JSON Lines data set; a malformed line is an error that names it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"Cannot read data set {path}: {error}") from error
    examples = [
        _example(line, f"{path}:{number}")
        for number, line in enumerate(lines, start=1)
        if line.strip()
    ]
    if not examples:
        raise InputError(f"{path}: no examples")
    return examples


def _example(line: str, where: str) -> Example:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: not JSON ({error.msg})") from error
    if not isinstance(row, dict) or "id" not in row or "reference" not in row:
        raise InputError(f'{where}: needs "id", "reference" and "text" or "documents"')
    documents = row.get("documents", [row["text"]] if "text" in row else None)
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        raise InputError(f'{where}: "text" must be a string, "documents" a list of strings')
    reference = row.get("reference_sentences") or row["reference"]
    if isinstance(reference, str):
        lines = [s.strip() for s in reference.splitlines() if s.strip()]
        reference = lines if len(lines) > 1 else [s.strip() for s in split_sentences(reference)]
    if not isinstance(reference, list) or not all(isinstance(s, str) for s in reference):
        raise InputError(f'{where}: "reference" must be a string or a list of strings')
    article_ids = [f"{row['id']}#{n}" for n in range(len(documents))]
    sentences = tuple(
        s
        for article, text in zip(article_ids, documents, strict=True)
        for s in _sentences(article, text)
    )
    return Example(id=str(row["id"]), sentences=sentences, reference=tuple(reference))


def _sentences(article_id: str, text: str) -> list[Sentence]:
    article = Article(article_id, "", None, article_id, tuple(text.split("\n\n")))
    return segment_article(article)


def evaluate(
    examples: Sequence[Example], method: str, sentences: int | None = None
) -> MethodResult:
    """Summarise every example with ``method`` and score it against its reference."""
    from rouge_score import rouge_scorer

    from briefer.compose.select import summarize
    from briefer.rank.corpus import Corpus

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    # IDF is counted over every document of the set, as a build counts it over the day.
    idf = Corpus([s for example in examples for s in example.sentences]).idf
    result = MethodResult(method)
    for example in examples:
        count = sentences if sentences is not None else len(example.reference)
        corpus = Corpus(example.sentences, idf)
        chosen = [s.text for s in summarize(method, example.sentences, count, corpus=corpus)]
        scores = scorer.score("\n".join(example.reference), "\n".join(chosen))
        for metric in METRICS:
            result.scores[metric].append(scores[metric].fmeasure)
        result.summaries.append((example.id, chosen))
    return result
