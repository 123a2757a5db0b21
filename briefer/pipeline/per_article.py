"""The work each article needs and no other article: done where the executor runs it.

Reading a source (a file, or a URL or feed fetched with the client's guard,
limits and cache), segmenting an article into sentences with their token
records, finding the events its sentences announce and sketching its text for
duplicate folding read nothing but the source or the article, so they run as
tasks over batches of sources (``briefer.pipeline.executors``). What comes
back is what the global steps read: the articles read there, each sentence's
span and token record (not its text: the client cuts it from the article), the
events and the 768-byte MinHash sketch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from briefer.config import TopicConfig
from briefer.errors import ConfigError
from briefer.ingest.dedupe import Folded, TextSketch, fold_duplicates_at, text_sketch
from briefer.ingest.read import Elsewhere, ReadReport, SourceOptions, SourceReader, read_elsewhere
from briefer.model import Article, Event, Sentence, SentenceKey, Skipped, Tokens
from briefer.pipeline.wire import RECEIVED, Records, pack, unpack
from briefer.text.sentences import segment_article
from briefer.topics import assign_topics, topic_candidates
from briefer.topics.events import article_events


@dataclass(frozen=True)
class Wanted:
    """What the per-article work makes: events only when an outlook topic reads them; each
    topic's candidate sentences when ``topics`` are given (where an executor runs it)."""

    events: bool
    sketch: bool
    topics: tuple[TopicConfig, ...] | None = None


#: A sentence as the work sends it back: its paragraph, its span in ``Article.text``, its
#: tokens. The client has the article, so the text is cut from it, not sent again.
Span = tuple[int, int, int, Tokens]


class ArticleWork:
    """One article's per-article results: its sentences, their events, its sketch.

    Pickled (to go back from a worker) as its sentences' spans without their texts,
    and their token records' numbers in its batch's ``Records`` (``briefer.pipeline.wire``:
    pickled once for the batch); ``sentences(article)`` cuts the texts from the client's
    article.
    """

    __slots__ = ("_records", "_sentences", "_spans", "candidates", "events", "sketch")

    def __init__(
        self,
        sentences: tuple[Sentence, ...],
        events: tuple[tuple[Event, ...], ...] | None,  # one tuple per sentence; None: not wanted
        sketch: TextSketch | None,
    ) -> None:
        self._sentences: tuple[Sentence, ...] | None = sentences
        self._spans: tuple[Span, ...] = ()
        self._records: Records | None = None  # the batch's, once packed to be sent
        self.events = events
        self.sketch = sketch
        #: Topic id -> the numbers of the article's sentences that are its candidates
        #: (``topic_candidates``, article by article); None: chosen on the client.
        self.candidates: dict[str, tuple[int, ...]] | None = None

    def sentences(self, article: Article) -> tuple[Sentence, ...]:
        """The article's sentences, exactly as ``segment_article`` makes them."""
        made = self._sentences
        if made is not None and (not made or made[0].article_id == article.id):
            return made
        # Received from a worker, or made before the reader renamed the article (two files of
        # one name): cut from the article, under its final id, and kept instead of the spans.
        self._sentences = _cut(article, self._spans if made is None else _spans_of(made))
        self._spans = ()
        return self._sentences

    def __getstate__(self) -> tuple[object, ...]:
        spans = _spans_of(self._sentences) if self._sentences is not None else self._spans
        records = self._records if self._records is not None else Records()
        number = records.number
        numbers = [n for p, a, b, t in spans for n in (p, a, b, number(t))]
        return records, pack(numbers), self.events, self.sketch, self.candidates

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        records, packed_numbers, self.events, self.sketch, self.candidates = state
        numbers, tokens = unpack(packed_numbers), records.tokens
        self._spans = tuple(
            (numbers[n], numbers[n + 1], numbers[n + 2], tokens[numbers[n + 3]])
            for n in range(0, len(numbers), 4)
        )
        self._sentences = None
        self._records = None


def packed(works: list[ArticleWork]) -> list[ArticleWork]:
    """``works`` sharing one ``Records`` of their token records, to be pickled together."""
    records = Records()
    for work in works:
        work._records = records
        for sentence in work._sentences or ():
            records.number(sentence.tokens)
    return works


def _spans_of(sentences: Sequence[Sentence]) -> tuple[Span, ...]:
    return tuple((s.paragraph, s.start, s.end, s.tokens) for s in sentences)


def _cut(article: Article, spans: Sequence[Span]) -> tuple[Sentence, ...]:
    """Sentences from their spans, their texts cut from the article as segmenting cuts them."""
    starts = list(accumulate((len(p) + 2 for p in article.paragraphs), initial=0))
    paragraphs, made = article.paragraphs, []
    for index, (number, start, end, tokens) in enumerate(spans):
        at = starts[number]
        text = paragraphs[number][start - at : end - at].strip()
        made.append(Sentence(text, article.id, index, number, start, end, tokens))
    return tuple(made)


class Batch:
    """One task's results, in order: pickled as one object. (Dask sends the items of a plain
    list one by one: each would carry the batch's shared token records again, 250 times.)"""

    __slots__ = ("results",)

    def __init__(self, results: list[Any]) -> None:
        self.results = results

    def __iter__(self) -> Iterator[Any]:
        return iter(self.results)

    def __getstate__(self) -> tuple[list[Any]]:
        return (self.results,)

    def __setstate__(self, state: tuple[list[Any]]) -> None:
        (self.results,) = state


def article_work(article: Article, wanted: Wanted) -> ArticleWork:
    sentences = tuple(segment_article(article))
    events = None
    if wanted.events:
        found = article_events([s.text for s in sentences], article.date)
        events = tuple(tuple(sentence_events) for sentence_events in found)
    return ArticleWork(sentences, events, text_sketch(article.text) if wanted.sketch else None)


def batch_work(articles: Sequence[Article], wanted: Wanted, version: str) -> Batch:
    """One task: the work of a batch of articles, by a briefer of the client's ``version``."""
    check_version(version)
    works = [article_work(article, wanted) for article in articles]
    if wanted.topics is not None:
        _choose(articles, works, wanted.topics)
    return Batch(packed(works))


def _choose(
    articles: Sequence[Article], works: Sequence[ArticleWork], topics: Sequence[TopicConfig]
) -> None:
    """Each article's candidates for each topic, as ``assign_topics`` chooses them on the
    client: ``topic_candidates`` reads each article alone (its sentences, title, events)."""
    start = 0
    while start < len(articles):  # runs of distinct ids (the reader renames twins later)
        seen: set[str] = set()
        end = start
        while end < len(articles) and articles[end].id not in seen:
            seen.add(articles[end].id)
            end += 1
        run = list(zip(articles[start:end], works[start:end], strict=True))
        sentences = [s for article, work in run for s in work.sentences(article)]
        announcing = {
            (article.id, n)
            for article, work in run
            for n, found in enumerate(work.events or ())
            if found  # events are made only when an outlook (future_only) topic reads them
        }
        titles = {article.id: article.title for article, _ in run}
        chosen = topic_candidates(sentences, topics, announcing, titles)
        numbers: dict[tuple[str, str], list[int]] = {}
        for topic, picked in chosen.items():
            for sentence in picked:
                numbers.setdefault((sentence.article_id, topic), []).append(sentence.index)
        for article, work in run:
            work.candidates = {t: tuple(numbers.get((article.id, t), ())) for t in chosen}
        start = end


#: What reading one source gives, each article with its work.
Read = list[tuple[Article | Skipped, ArticleWork | None]]


def batch_read(
    sources: Sequence[str | Path], options: SourceOptions, wanted: Wanted, version: str
) -> Batch:
    """One task: read (fetch) a batch of sources as the client's reader would, and work
    their articles. Each source's reading, then the requests made and the pages served
    from the cache (the batch's, on its last source; 0 on the others)."""
    check_version(version)
    got = read_elsewhere(sources, options)
    counts = [(0, 0)] * (len(sources) - 1) + [(got.requests, got.cache_hits)]
    read: list[tuple[Read, int, int]] = [
        ([(found, article_work(found, wanted) if isinstance(found, Article) else None)
          for found in results], *counted)
        for results, counted in zip(got.found, counts, strict=True)
    ]  # fmt: skip
    worked = [
        (found, work)
        for source, _, _ in read
        for found, work in source
        if isinstance(found, Article) and work is not None
    ]
    if wanted.topics is not None:
        _choose([article for article, _ in worked], [work for _, work in worked], wanted.topics)
    packed([work for _, work in worked])
    return Batch(read)


def check_version(expected: str) -> str:
    """This process's briefer version, if it is ``expected``; else a one-line error."""
    import briefer

    if briefer.__version__ != expected:
        raise ConfigError(
            f"this worker runs briefer {briefer.__version__}, the client {expected}: "
            "install the same version on every worker"
        )
    return briefer.__version__


#: ``batches(task, items, **same)``: ``task(batch, **same, version=...)`` (a ``Batch``) for
#: batches of ``items`` where the executor runs them, the results in the order of the items.
Batches = Callable[..., list[Any]]


def read_and_work(
    reader: SourceReader,
    inputs: Iterable[str | Path],
    batches: Batches | None,
    topics: Sequence[TopicConfig],
) -> tuple[ReadReport, dict[str, ArticleWork]]:
    """Read the sources, fold duplicates and do every kept article's per-article work.

    With no ``batches`` (the ``local`` executor) the work is done here after
    folding. Otherwise every source is read (fetched) where the work runs, in
    the same task as its articles' work; an article read here after all (a file
    that worker could not see) is sent out before folding. Folding uses the
    sketches that come back with the sentences and events; the work of the
    copies is dropped: the few copies cost less than a second round trip.
    """
    events = any(topic.future_only for topic in topics)  # only the outlook reads events
    wanted = Wanted(events=events, sketch=False)
    if batches is None:
        report = reader.read(inputs)
        return report, {a.id: article_work(a, wanted) for a in report.articles}
    sketching = Wanted(events=events, sketch=True, topics=tuple(topics))
    read_there: dict[int, tuple[Article, ArticleWork]] = {}  # id(article) -> it and its work
    sent: list[ArticleWork] = []

    def read_there_too(sources: list[str | Path]) -> Elsewhere:
        got: list[tuple[Read, int, int]] = batches(
            batch_read, sources, options=reader.options, wanted=sketching
        )
        for found, done in (pair for source, _, _ in got for pair in source):
            if isinstance(found, Article) and done is not None:
                read_there[id(found)] = found, done
        return Elsewhere(
            [[found for found, _ in source] for source, _, _ in got],
            sum(requests for _, requests, _ in got),
            sum(hits for _, _, hits in got),
        )

    def theirs(article: Article) -> ArticleWork | None:
        entry = read_there.get(id(article))
        return entry[1] if entry is not None and entry[0] is article else None

    def fold(articles: list[Article]) -> tuple[list[Article], list[Folded]]:
        known = [theirs(article) for article in articles]
        here = [article for article, done in zip(articles, known, strict=True) if done is None]
        done_here = iter(batches(batch_work, here, wanted=sketching) if here else [])
        sent.extend(done if done is not None else next(done_here) for done in known)
        read_there.clear()
        kept, positions, folded = fold_duplicates_at(articles, [_sketch(w) for w in sent])
        sent[:] = [sent[p] for p in positions]
        return kept, folded

    report = reader.read(inputs, fold, read_there_too)
    RECEIVED.clear()  # the day's records are in the sentences now
    return report, {article.id: done for article, done in zip(report.articles, sent, strict=True)}


def _sketch(work: ArticleWork) -> TextSketch:
    assert work.sketch is not None, "sent out with Wanted(sketch=True)"
    return work.sketch


def sentences_of(articles: Sequence[Article], work: Mapping[str, ArticleWork]) -> list[Sentence]:
    """Every sentence of the day, article by article, in reading order."""
    return [s for article in articles for s in work[article.id].sentences(article)]


def topics_of(
    articles: Sequence[Article],
    work: Mapping[str, ArticleWork],
    sentences: Sequence[Sentence],
    topics: Sequence[TopicConfig],
    events: dict[SentenceKey, list[Event]] | None,
) -> tuple[dict[str, list[Sentence]], dict[SentenceKey, list[Event]]]:
    """``assign_topics``: each topic's candidates and the sentences' coming events; taken
    from the per-article work where the executor chose the candidates article by article."""
    if not all(work[article.id].candidates is not None for article in articles):
        return assign_topics(articles, sentences, topics, events)
    chosen: dict[str, list[Sentence]] = {topic.id: [] for topic in topics}
    for article in articles:
        done = work[article.id]
        own = done.sentences(article)
        for topic, numbers in (done.candidates or {}).items():
            chosen[topic].extend(own[n] for n in numbers)
    wants_events = any(topic.future_only for topic in topics)
    return chosen, events if wants_events and events is not None else {}


def events_of(
    articles: Sequence[Article], work: Mapping[str, ArticleWork]
) -> dict[SentenceKey, list[Event]] | None:
    """The coming events of each sentence that announces any (as ``announced_events`` gives
    them; a sentence announcing none has no entry: most have none).

    None when the events were not looked for (no outlook topic).
    """
    found: dict[SentenceKey, list[Event]] = {}
    for article in articles:
        done = work[article.id]
        if done.events is None:
            return None
        found.update(((article.id, n), list(e)) for n, e in enumerate(done.events) if e)
    return found
