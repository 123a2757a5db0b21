"""Score the outlook (briefer/outlook.py) on the labelled set of upcoming events.

Usage: python benchmarks/outlook_eval.py [--dateparser] [--verbose]

The set: tests/data/upcoming-dev.jsonl (27 U.S. State Department releases,
public domain, labelled by hand with planned events, their resolved dates and
past-event traps) and tests/data/outlook-seeds.jsonl (the two sample articles
in seeds/). Every document is split into sentences as briefer splits them,
and every sentence goes through ``article_events`` with the document's date.

Printed: precision and recall of future events (a labelled event is found
when an event is detected in its sentence; several labels in one sentence
need as many events, matched by date first), the accuracy of the resolved
dates (``when`` equal to the label, None included), and how many past events
were shown as upcoming (a detected event carrying a labelled past event's
date or words, or dated before its article). ``--dateparser`` also resolves
the labelled date phrases with ``dateparser`` (if installed) for comparison.
Every figure is printed for each half of the set: a document whose number
(upc-dev-NN, seed-NNN) is odd is in the dev half, the one the rules are
written on; an even one is held out, and its figures are the ones that count.
tests/test_outlook.py asserts floors on the same figures, on both halves.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefer.ingest.files import read_articles
from briefer.model import Event
from briefer.text.dates import find_dates, when_bounds
from briefer.text.sentences import sentence_spans
from briefer.topics.events import article_events

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


@dataclass
class Document:
    id: str
    date: dt.date
    paragraphs: list[str]
    upcoming: list[dict[str, Any]]
    past: list[dict[str, Any]]

    @property
    def half(self) -> str:
        """ "dev" (odd number: rules are written on it) or "held-out" (even number)."""
        return "dev" if int(self.id.rsplit("-", 1)[-1]) % 2 else "held-out"


@dataclass
class Scores:
    gold: int = 0
    detected: int = 0
    matched: int = 0
    dates_right: int = 0
    dated_gold: int = 0
    dated_right: int = 0
    past_shown: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong_dates: list[str] = field(default_factory=list)
    past_errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.detected if self.detected else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.matched if self.matched else 1.0


def load_documents() -> list[Document]:
    """The labelled documents: the State Department set, then the two seeds."""
    documents = []
    for line in (DATA / "upcoming-dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        documents.append(
            Document(
                row["id"],
                dt.date.fromisoformat(row["date"]),
                [p for p in row["text"].split("\n\n") if p.strip()],
                row["labels"]["upcoming"],
                row["labels"]["past_events"],
            )
        )
    for line in (DATA / "outlook-seeds.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        articles, _ = read_articles([ROOT / row["path"]])
        article = articles[0]
        assert article.date == dt.date.fromisoformat(row["date"]), row["id"]
        documents.append(
            Document(
                row["id"],
                article.date,
                list(article.paragraphs),
                row["labels"]["upcoming"],
                row["labels"]["past_events"],
            )
        )
    return documents


def sentences(document: Document) -> list[str]:
    return [
        paragraph[start:end].strip()
        for paragraph in document.paragraphs
        for start, end in sentence_spans(paragraph)
    ]


def _same_sentence(label: str, sentence: str) -> bool:
    a, b = " ".join(label.split()), " ".join(sentence.split())
    return a in b or b in a


def score(documents: Iterable[Document]) -> Scores:
    scores = Scores()
    for document in documents:
        texts = sentences(document)
        detected = [
            (sentence, event)
            for sentence, events in zip(texts, article_events(texts, document.date), strict=True)
            for event in events
        ]
        _score_document(document, detected, scores)
    return scores


def _score_document(document: Document, detected: list[tuple[str, Event]], scores: Scores) -> None:
    scores.gold += len(document.upcoming)
    scores.detected += len(detected)
    free = list(range(len(detected)))
    matched: set[int] = set()
    for exact in (True, False):
        for label in document.upcoming:
            if label.get("_found") == document.id:
                continue
            for i in free:
                sentence, event = detected[i]
                if _same_sentence(label["sentence"], sentence) and (
                    not exact or event.when == label["when_iso"]
                ):
                    free.remove(i)
                    matched.add(i)
                    label["_found"] = document.id
                    _score_match(document, label, event, scores)
                    break
    for label in document.upcoming:
        if label.pop("_found", None) is None:
            scores.misses.append(f"{document.id}: {label['what']} ({label['when_iso']})")
    for i in free:
        sentence, event = detected[i]
        scores.extras.append(f"{document.id}: {event.what} ({event.when}) | {sentence[:90]}")
    for i, (sentence, event) in enumerate(detected):
        if i not in matched and _shows_past(document, sentence, event):
            scores.past_shown += 1
            scores.past_errors.append(f"{document.id}: {event.when_text} | {sentence[:90]}")


def _score_match(document: Document, label: dict[str, Any], event: Event, scores: Scores) -> None:
    scores.matched += 1
    right = event.when == label["when_iso"]
    scores.dates_right += right
    if label["when_iso"]:
        scores.dated_gold += 1
        scores.dated_right += right
    if not right:
        scores.wrong_dates.append(
            f"{document.id}: {label['when_text']!r} -> {event.when} (label {label['when_iso']})"
        )


def _shows_past(document: Document, sentence: str, event: Event) -> bool:
    """Is this detected event a labelled past (or ongoing) event, or dated before its article?

    It is when it carries the past event's date or words ("in March"), or when
    the past event has no time words (an ongoing visit) and its sentence
    announces nothing labelled as upcoming.
    """
    bounds = when_bounds(event.when)
    if bounds and bounds[1] < document.date:
        return True
    for past in document.past:
        if not _same_sentence(past["sentence"], sentence):
            continue
        if event.when is not None and event.when == past["when_iso"]:
            return True
        words = (past["when_text"] or "").lower()
        said = (event.when_text or "").lower()
        if words and said and (said in words or words in said):
            return True
        if not words and not any(
            _same_sentence(u["sentence"], sentence) for u in document.upcoming
        ):
            return True
    return False


# --- dateparser, for comparison ------------------------------------------------------------


def date_phrases(documents: Iterable[Document]) -> list[tuple[str, str, dt.date, str]]:
    """(phrase, sentence, article date, labelled ISO) for every dated label."""
    return [
        (label["when_text"], label["sentence"], document.date, label["when_iso"])
        for document in documents
        for label in document.upcoming
        if label["when_iso"]
    ]


def resolve_with_briefer(phrase: str, sentence: str, anchor: dt.date) -> str | None:
    for mention in find_dates(sentence, anchor):
        if mention.text.lower() in phrase.lower() or phrase.lower() in mention.text.lower():
            return mention.when
    return None


def resolve_with_dateparser(phrase: str, sentence: str, anchor: dt.date) -> str | None:
    """dateparser on the labelled phrase itself, its period mapped to briefer's granularity."""
    from dateparser.date import DateDataParser

    base = dt.datetime.combine(anchor, dt.time())
    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "future",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )
    data = parser.get_date_data(phrase)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return f"{day.year:04d}"
    if data.period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def compare_resolvers(documents: list[Document]) -> None:
    phrases = date_phrases(documents)
    resolvers = [("briefer", resolve_with_briefer)]
    try:
        import dateparser  # noqa: F401

        resolvers.append(("dateparser", resolve_with_dateparser))
    except ImportError:
        print("dateparser is not installed: pip install dateparser")
    for name, resolve in resolvers:
        started = time.perf_counter()
        right = [resolve(p, s, d) == iso for p, s, d, iso in phrases]
        elapsed = time.perf_counter() - started
        ranges = [r for r, (_, _, _, iso) in zip(right, phrases, strict=True) if "/" in iso]
        single = [r for r, (_, _, _, iso) in zip(right, phrases, strict=True) if "/" not in iso]
        print(
            f"  {name:<10} {sum(right)}/{len(right)} = {sum(right) / len(right):.3f}"
            f"  (ranges {sum(ranges)}/{len(ranges)}, single dates {sum(single)}/{len(single)})"
            f"  {1000 * elapsed / len(phrases):.2f} ms/phrase"
        )


HALVES = ("dev", "held-out")


def halves(documents: list[Document]) -> dict[str, list[Document]]:
    return {half: [d for d in documents if d.half == half] for half in HALVES}


def _print_scores(name: str, documents: list[Document], scores: Scores) -> None:
    print(f"{name}: {len(documents)} documents, {scores.gold} labelled upcoming events")
    print(f"  detected {scores.detected}, matched {scores.matched}")
    print(f"  precision {scores.precision:.3f}  recall {scores.recall:.3f}")
    print(
        f"  date accuracy {scores.date_accuracy:.3f} ({scores.dates_right}/{scores.matched} matched"
        f" events, None included; dated labels {scores.dated_right}/{scores.dated_gold})"
    )
    print(f"  past events shown as upcoming: {scores.past_shown}")


def main() -> None:
    documents = load_documents()
    verbose = "--verbose" in sys.argv
    for half, group in halves(documents).items():
        scores = score(group)
        _print_scores(half, group, scores)
        if verbose:
            for title, lines in (
                ("missed", scores.misses),
                ("wrong dates", scores.wrong_dates),
                ("past shown", scores.past_errors),
                ("detected, not labelled", scores.extras),
            ):
                print(f"\n  {title} ({len(lines)}):")
                for line in lines:
                    print("    " + line)
            print()
    _print_scores("both", documents, score(documents))
    if "--dateparser" in sys.argv:
        print("\nresolving the labelled date phrases against the article date:")
        compare_resolvers(documents)


if __name__ == "__main__":
    main()
