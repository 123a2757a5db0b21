"""Score a ranking method against reference summaries with ROUGE.

A data set is JSON Lines, one ``{"id", "text", "reference"}`` per line, or
``"documents": [...]`` instead of ``"text"`` for a multi-document set, and
``"references": [...]`` for several references. A reference is a list of
sentences, or a string with one sentence a line (or ``"reference_sentences"``
gives the list of the single reference).

Scores are ROUGE-1, ROUGE-2 and ROUGE-Lsum from Google's ``rouge-score``
package, Porter stemming on, the settings of the summarisation literature;
ROUGE-Lsum sees one sentence a line. Several references are **pooled**, as
ROUGE-1.5.5 does by default (``-f A``) in the DUC/TAC reading: recall is the
matches summed over the references over their n-grams summed, precision the
mean over the references, F1 their harmonic mean (with one reference, exactly
rouge-score's figures). Both F1 and recall are reported; a multi-document
benchmark is read by recall with the summary cut at a word budget
(``words=100``, ROUGE-1.5.5's ``-l 100``).

Which sentences a method picks:

- one document: as many sentences as the reference has (or ``sentences``),
  by the method's own ranking and choice (``briefer.compose.select.summarize``);
- several documents and ``brief``: the brief's own selection across the
  documents, as a build makes it: every document's sentences ranked together
  (IDF over documents, corroboration across documents), then picked by
  maximal marginal relevance with the same-fact rule (``select_items`` on a
  ``FactIndex``), so a fact five documents repeat is said once (sentences
  that point back, "Moreover, they ...", are not excluded as the bottom line
  excludes them: on the dev set that cost 1.6 R1 recall);
- with a word budget, sentences are taken in the method's order of choice
  until the budget is reached, and the summary is cut at the budget.

IDF for ``brief`` is counted over every document of the set, as it is over
every article of a day in a build.
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefer.errors import InputError
from briefer.ingest.dedupe import fold_duplicates
from briefer.model import Article, Sentence
from briefer.text.sentences import segment_article, split_sentences

METRICS = ("rouge1", "rouge2", "rougeLsum")
#: The metrics whose recall is reported (the multi-document benchmarks' reading).
RECALL_METRICS = ("rouge1", "rouge2")


@dataclass(frozen=True)
class Example:
    """One row of a data set: its documents' sentences and the reference summaries."""

    id: str
    sentences: tuple[Sentence, ...]
    references: tuple[tuple[str, ...], ...]
    documents: int = 1

    @property
    def reference(self) -> tuple[str, ...]:
        """The first reference (the only one of a single-reference set)."""
        return self.references[0]


@dataclass
class MethodResult:
    """Per-example F1 and recall of one method, and what it chose."""

    method: str
    scores: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in METRICS})
    recall: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in METRICS})
    summaries: list[tuple[str, list[str]]] = field(default_factory=list)

    def mean(self, metric: str, kind: str = "f1") -> float:
        values = self._values(metric, kind)
        return sum(values) / len(values) if values else 0.0

    def standard_error(self, metric: str, kind: str = "f1") -> float:
        values = self._values(metric, kind)
        if len(values) < 2:
            return 0.0
        mean = self.mean(metric, kind)
        variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
        return math.sqrt(variance / len(values))

    def _values(self, metric: str, kind: str) -> list[float]:
        return (self.recall if kind == "recall" else self.scores)[metric]


@dataclass(frozen=True)
class PooledScore:
    """ROUGE of one summary against all its references, pooled."""

    precision: float
    recall: float

    @property
    def fmeasure(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total > 0 else 0.0


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
    if not isinstance(row, dict) or "id" not in row or not row.keys() & {"reference", "references"}:
        raise InputError(
            f'{where}: needs "id", "reference" (or "references") and "text" or "documents"'
        )
    documents = row.get("documents", [row["text"]] if "text" in row else None)
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        raise InputError(f'{where}: "text" must be a string, "documents" a list of strings')
    if "references" in row:
        given = row["references"]
        if not isinstance(given, list) or not given:
            raise InputError(f'{where}: "references" must be a non-empty list')
    else:
        given = [row.get("reference_sentences") or row["reference"]]
    references = tuple(_reference(reference, where) for reference in given)
    articles = [_article(f"{row['id']}#{n}", text) for n, text in enumerate(documents)]
    if len(articles) > 1:
        articles, _ = fold_duplicates(articles)  # copies of a wire story read once, as a build
    sentences = tuple(s for article in articles for s in segment_article(article))
    return Example(
        id=str(row["id"]), sentences=sentences, references=references, documents=len(articles)
    )


def _reference(reference: Any, where: str) -> tuple[str, ...]:
    """A reference's sentences: a list as given, a string cut at line breaks or sentences."""
    if isinstance(reference, str):
        lines = [s.strip() for s in reference.splitlines() if s.strip()]
        reference = lines if len(lines) > 1 else [s.strip() for s in split_sentences(reference)]
    if not isinstance(reference, list) or not all(isinstance(s, str) for s in reference):
        raise InputError(f"{where}: a reference must be a string or a list of strings")
    return tuple(reference)


def _article(article_id: str, text: str) -> Article:
    """A document as an article: paragraphs at blank lines, blank ones dropped (a file that
    opens with a blank line still has its lede first)."""
    paragraphs = tuple(p for p in text.split("\n\n") if p.strip())
    return Article(article_id, "", None, article_id, paragraphs)


def pooled_rouge(
    references: Sequence[Sequence[str]], summary: Sequence[str], jackknife: bool = False
) -> dict[str, PooledScore]:
    """ROUGE-1/2/Lsum of ``summary`` (its sentences) pooled over ``references``.

    Each reference is scored by rouge-score; its matches are its recall times
    its size (n-grams, or tokens for Lsum), so pooled recall is the matches
    summed over the sizes summed, ROUGE-1.5.5's ``-f A``. With ``jackknife``
    and several references, precision and recall are the means of the pooled
    scores over every set of all references but one (ROUGE-1.5.5's
    jackknifing, which makes system scores comparable with a human's scored
    against the other references).
    """
    if jackknife and len(references) > 1:
        rounds = [
            pooled_rouge([r for j, r in enumerate(references) if j != left_out], summary)
            for left_out in range(len(references))
        ]
        return {
            metric: PooledScore(
                precision=sum(r[metric].precision for r in rounds) / len(rounds),
                recall=sum(r[metric].recall for r in rounds) / len(rounds),
            )
            for metric in METRICS
        }
    scorer, tokenizer = _scorer()
    prediction = "\n".join(summary)
    matched: Counter[str] = Counter()
    size: Counter[str] = Counter()
    precision: Counter[str] = Counter()
    for reference in references:
        target = "\n".join(reference)
        scores = scorer.score(target, prediction)
        tokens = len(tokenizer.tokenize(target))
        for metric in METRICS:
            n = int(metric[-1]) if metric[-1].isdigit() else 1
            grams = max(tokens - n + 1, 0)
            matched[metric] += scores[metric].recall * grams
            size[metric] += grams
            precision[metric] += scores[metric].precision
    return {
        metric: PooledScore(
            precision=precision[metric] / len(references),
            recall=matched[metric] / size[metric] if size[metric] else 0.0,
        )
        for metric in METRICS
    }


@functools.cache
def _scorer() -> tuple[Any, Any]:
    from rouge_score import rouge_scorer, tokenizers

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    return scorer, tokenizers.DefaultTokenizer(use_stemmer=True)


def truncate(sentences: Sequence[str], words: int) -> list[str]:
    """The sentences cut after ``words`` words (split at white space), as ROUGE's ``-l``."""
    kept: list[str] = []
    left = words
    for sentence in sentences:
        if left <= 0:
            break
        tokens = sentence.split()
        kept.append(" ".join(tokens[:left]) if len(tokens) > left else sentence)
        left -= len(tokens)
    return kept


def evaluate(
    examples: Sequence[Example],
    method: str,
    sentences: int | None = None,
    words: int | None = None,
    jackknife: bool = False,
) -> MethodResult:
    """Summarise every example with ``method`` and score it against its references.

    ``words`` sets a word budget (the summary is cut there); otherwise a
    summary has ``sentences`` sentences, or as many as the references have
    (their mean, rounded). ``jackknife`` scores against every set of all
    references but one and averages (``pooled_rouge``).
    """

    # IDF is counted over every document of the set, as a build counts it over the day.
    idf = _set_idf(examples)
    result = MethodResult(method)
    for example in examples:
        if words is not None:
            chosen = truncate(_fill(method, example, words, idf), words)
        else:
            count = sentences if sentences is not None else _reference_length(example)
            chosen = _summary(method, example, count, idf)
        scores = pooled_rouge(example.references, chosen, jackknife)
        for metric in METRICS:
            result.scores[metric].append(scores[metric].fmeasure)
            result.recall[metric].append(scores[metric].recall)
        result.summaries.append((example.id, chosen))
    return result


def _set_idf(examples: Sequence[Example]) -> dict[str, float]:
    """IDF over every document of the set, as over every article of a day in a build."""
    from briefer.rank.corpus import Corpus

    return dict(Corpus([s for example in examples for s in example.sentences]).idf)


def _reference_length(example: Example) -> int:
    lengths = [len(reference) for reference in example.references]
    return max(1, round(sum(lengths) / len(lengths)))


def _summary(method: str, example: Example, count: int, idf: dict[str, float] | None) -> list[str]:
    """``count`` sentences in document order."""
    if _across_documents(method, example):
        chosen = _brief_selection(example.sentences, count, idf)
        return [s.text for s in sorted(chosen, key=lambda s: s.key)]
    from briefer.compose.select import summarize
    from briefer.rank.corpus import Corpus

    corpus = Corpus(example.sentences, idf)
    return [s.text for s in summarize(method, example.sentences, count, corpus=corpus)]


def _across_documents(method: str, example: Example) -> bool:
    """Whether ``example`` is summarised by the brief's selection across its documents."""
    from briefer.rank import method as ranking_method

    return example.documents > 1 and ranking_method(method).diverse


def _fill(method: str, example: Example, words: int, idf: dict[str, float] | None) -> list[str]:
    """Sentences in the method's order of choice until ``words`` words are reached."""
    ranked = _ranked(method, example, words, idf)
    taken: list[str] = []
    total = 0
    for sentence in ranked:
        if total >= words:
            break
        taken.append(sentence.text)
        total += len(sentence.text.split())
    return taken


def _ranked(
    method: str, example: Example, words: int, idf: dict[str, float] | None
) -> list[Sentence]:
    """Enough of the method's choices, best first, to fill ``words`` words."""
    sentences = example.sentences
    if _across_documents(method, example):
        count = max(1, words // 15)  # the greedy choice is the same whatever the count: grow it
        while True:
            chosen = _brief_selection(sentences, count, idf)
            if len(chosen) < count or sum(len(s.text.split()) for s in chosen) >= words:
                return chosen
            count *= 2
    from briefer.compose.select import choose_diverse, choose_top
    from briefer.rank import method as ranking_method
    from briefer.rank import score_sentences

    scores = score_sentences(method, sentences, idf=idf)
    if ranking_method(method).diverse:
        order = choose_diverse(sentences, scores, len(sentences))
    else:
        order = choose_top(scores, len(sentences))
    return [sentences[i] for i in order]


def _brief_selection(
    sentences: Sequence[Sentence], count: int, idf: dict[str, float] | None
) -> list[Sentence]:
    """The brief's choice of ``count`` facts across documents, in the order it chose them."""
    from briefer.compose.facts import FactIndex
    from briefer.compose.select import select_items
    from briefer.config import Config
    from briefer.rank import score_sentences

    scores = score_sentences("brief", sentences, idf=idf, context=sentences)
    facts = FactIndex(sentences, Config().duplicate_threshold)
    return [item.sentence for item in select_items(sentences, scores, count, facts)]
