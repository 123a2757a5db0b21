"""The work each article needs and no other article: done where the executor runs it.

Segmenting an article into sentences with their token records, finding the
events its sentences announce and sketching its text for duplicate folding
read nothing but the article, so they run as tasks over batches of articles
(``briefer.pipeline.executors``). What comes back is what the global steps
read: the sentences (with token records), each sentence's events and the
768-byte MinHash sketch, not the article's text again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefer.config import TopicConfig
from briefer.errors import ConfigError
from briefer.ingest.dedupe import Folded, TextSketch, fold_duplicates_at, text_sketch
from briefer.ingest.read import ReadReport, SourceReader
from briefer.model import Article, Event, Sentence, SentenceKey
from briefer.text.sentences import segment_article
from briefer.topics.events import article_events


@dataclass(frozen=True)
class Wanted:
    """What the per-article work makes: events only when an outlook topic reads them."""

    events: bool
    sketch: bool


@dataclass(frozen=True)
class ArticleWork:
    """One article's per-article results."""

    sentences: tuple[Sentence, ...]
    events: tuple[tuple[Event, ...], ...] | None  # one tuple per sentence; None: not wanted
    sketch: TextSketch | None


def article_work(article: Article, wanted: Wanted) -> ArticleWork:
    sentences = tuple(segment_article(article))
    events = None
    if wanted.events:
        found = article_events([s.text for s in sentences], article.date)
        events = tuple(tuple(sentence_events) for sentence_events in found)
    return ArticleWork(sentences, events, text_sketch(article.text) if wanted.sketch else None)


def batch_work(articles: Sequence[Article], wanted: Wanted, version: str) -> list[ArticleWork]:
    """One task: the work of a batch of articles, by a briefer of the client's ``version``."""
    check_version(version)
    return [article_work(article, wanted) for article in articles]


def check_version(expected: str) -> str:
    """This process's briefer version, if it is ``expected``; else a one-line error."""
    import briefer

    if briefer.__version__ != expected:
        raise ConfigError(
            f"this worker runs briefer {briefer.__version__}, the client {expected}: "
            "install the same version on every worker"
        )
    return briefer.__version__


Batches = Callable[[Sequence[Article], Wanted], list[ArticleWork]]


def read_and_work(
    reader: SourceReader,
    inputs: Iterable[str | Path],
    batches: Batches | None,
    topics: Sequence[TopicConfig],
) -> tuple[ReadReport, dict[str, ArticleWork]]:
    """Read the sources, fold duplicates and do every kept article's per-article work.

    With no ``batches`` (the ``local`` executor) the work is done here after
    folding. Otherwise every article read is sent out before folding (its
    sketch comes back with its sentences and events), folded by the sketches,
    and the work of the copies is dropped: the few copies cost less than a
    second round trip. An article whose id the reader then changed (two files
    of one name) is worked again here, so its sentences carry its final id.
    """
    events = any(topic.future_only for topic in topics)  # only the outlook reads events
    wanted = Wanted(events=events, sketch=False)
    if batches is None:
        report = reader.read(inputs)
        return report, {a.id: article_work(a, wanted) for a in report.articles}
    sent: list[ArticleWork] = []

    def fold(articles: list[Article]) -> tuple[list[Article], list[Folded]]:
        sent.extend(batches(articles, Wanted(events=events, sketch=True)))
        kept, positions, folded = fold_duplicates_at(articles, [_sketch(w) for w in sent])
        sent[:] = [sent[p] for p in positions]
        return kept, folded

    report = reader.read(inputs, fold)
    work = {}
    for article, done in zip(report.articles, sent, strict=True):
        same_id = not done.sentences or done.sentences[0].article_id == article.id
        work[article.id] = done if same_id else article_work(article, wanted)
    return report, work


def _sketch(work: ArticleWork) -> TextSketch:
    assert work.sketch is not None, "sent out with Wanted(sketch=True)"
    return work.sketch


def sentences_of(articles: Sequence[Article], work: Mapping[str, ArticleWork]) -> list[Sentence]:
    """Every sentence of the day, article by article, in reading order."""
    return [s for article in articles for s in work[article.id].sentences]


def events_of(
    articles: Sequence[Article], work: Mapping[str, ArticleWork]
) -> dict[SentenceKey, list[Event]] | None:
    """The coming events each sentence announces (as ``announced_events`` gives them).

    None when the events were not looked for (no outlook topic).
    """
    found: dict[SentenceKey, list[Event]] = {}
    for article in articles:
        done = work[article.id]
        if done.events is None:
            return None
        found.update((s.key, list(e)) for s, e in zip(done.sentences, done.events, strict=True))
    return found
