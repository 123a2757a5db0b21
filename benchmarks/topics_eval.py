"""Topic assignment on a mixed day of news: what enters each section, and from where.

Usage: python benchmarks/topics_eval.py [--verbose] [--dev-errors] [--ablation] [--set-only]
       [--fresh] [--help]

A run with none of ``--dev-errors``, ``--set-only``, ``--fresh``, ``--help`` prints the
held-out halves' figures: count it as a read (tests/data/us-relations-set.md).

``--dev-errors`` prints the figures and the missed and unlabelled sentences of
the dev halves only, so rules can be written on them without reading the
held-out halves'.
``--fresh`` prints the fresh set's dev half alone (figures and errors;
tests/data/us-relations-fresh.md): its held-out half is read only by a full run
and counted there.
``--set-only`` prints the hand-labelled US-relations set's dev half alone (figures
and errors): the held-out half is read only by a full run.

The day (benchmarks/mixed_day.py): the 27 labelled State Department releases,
the 100 BBC dev stories and the 100 CNN/DM dev stories, read as one brief's
input (the BBC and CNN/DM texts are read from ../shared/eval-dev at run time).

Printed:

- items per section by where they come from (state, bbc-<category>, cnndm) in
  the brief itself, and the topic candidates (every sentence a topic takes)
  from BBC sport, entertainment and tech stories: the aim is 0;
- precision and recall of each topic's candidates against the State
  Department labels, on each half of the releases (odd numbers: the dev half
  the rules were written on; even: held out, the figure that counts). A
  candidate counts as labelled when it overlaps a labelled sentence (labels
  are verbatim substrings of the text); "upcoming" labels are events, found
  when their sentence is a candidate of the upcoming-visits topic.

tests/test_topics.py holds the same figures to floors.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mixed_day import (
    DAY,
    OFF_TOPIC,
    RELATIONS_DAY,
    FreshSet,
    MixedDay,
    RelationsSet,
    available,
    fresh_available,
    fresh_set,
    half_of,
    mixed_day,
    relations_available,
    relations_set,
    sentence_hash,
)

from briefer.config import Config, load_config
from briefer.ingest.read import SourceReader, source_options
from briefer.model import Brief, Section, Sentence
from briefer.pipeline import build_brief
from briefer.text.sentences import segment_article
from briefer.topics import assign_topics

LABELS = {"ukraine": "ukraine", "us-relations": "us_relations", "upcoming-visits": "upcoming"}
#: The topics the fresh set is labelled for.
FRESH_LABELS = {"us-relations": "us_relations", "ukraine": "ukraine"}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class DayResult:
    brief: Brief
    #: section id -> Counter of item origins (state, bbc-sport, cnndm, ...)
    section_origins: dict[str, Counter[str]]
    #: topic id -> Counter of candidate sentence origins
    candidate_origins: dict[str, Counter[str]]
    #: (topic id, half) -> precision/recall counts on the State Department releases
    scores: dict[tuple[str, str], Counts]
    #: topic id -> off-topic (BBC sport/entertainment/tech) candidates, for reading
    off_topic: dict[str, list[str]]

    def off_topic_items(self, section_id: str) -> int:
        origins = self.section_origins[section_id]
        return sum(origins[f"bbc-{category}"] for category in OFF_TOPIC)

    def outlook_rows_from(self, kinds: tuple[str, ...]) -> int:
        """Outlook rows (future_only sections) citing a story of one of these BBC categories."""
        origins = [
            self.section_origins[s.id] for s in self.brief.sections if s.items and _is_outlook(s)
        ]
        return sum(o[f"bbc-{kind}"] for o in origins for kind in kinds)

    def off_topic_candidates(self, topic_id: str) -> int:
        origins = self.candidate_origins[topic_id]
        return sum(origins[f"bbc-{category}"] for category in OFF_TOPIC)


NOT_DIPLOMACY = (*OFF_TOPIC, "business")


def _is_outlook(section: Section) -> bool:
    return any(item.event is not None for item in section.items)


def _labelled_spans(release: dict[str, Any], label: str) -> list[tuple[int, int, str]]:
    entries = release["labels"].get(label, [])
    texts = [e["sentence"] if isinstance(e, dict) else e for e in entries]
    spans = []
    for text in texts:
        start = release["text"].find(text)
        if start >= 0:
            spans.append((start, start + len(text), text))
    return spans


def _score_release(
    release: dict[str, Any], chosen: list[Sentence], label: str, counts: Counts
) -> None:
    gold = _labelled_spans(release, label)

    def overlaps(sentence: Sentence) -> bool:
        return any(sentence.start < end and start < sentence.end for start, end, _ in gold)

    for sentence in chosen:
        if overlaps(sentence):
            counts.tp += 1
        else:
            counts.fp += 1
            counts.extras.append(f"{release['id']}: {sentence.text[:110]}")
    for start, end, text in gold:
        if not any(s.start < end and start < s.end for s in chosen):
            counts.fn += 1
            counts.misses.append(f"{release['id']}: {text[:110]}")


def evaluate(day: MixedDay, config: Config | None = None) -> DayResult:
    config = config or load_config()
    brief = build_brief([day.folder], DAY, config)
    articles = SourceReader(source_options(config, DAY)).read([day.folder]).articles
    sentences = [s for article in articles for s in segment_article(article)]
    candidates, _ = assign_topics(articles, sentences, config.topics)
    section_origins = {
        section.id: Counter(day.kind(item.source_ids[0]) for item in section.items)
        for section in brief.sections
    }
    candidate_origins = {
        topic_id: Counter(day.kind(s.article_id) for s in chosen)
        for topic_id, chosen in candidates.items()
    }
    off_topic = {
        topic_id: [
            f"{day.kind(s.article_id)}: {s.text[:110]}"
            for s in chosen
            if day.kind(s.article_id) in {f"bbc-{c}" for c in OFF_TOPIC}
        ]
        for topic_id, chosen in candidates.items()
    }
    scores = _score_releases(candidates, day.state, LABELS, lambda r: half_of(r["id"]))
    return DayResult(brief, section_origins, candidate_origins, scores, off_topic)


def _score_releases(
    candidates: dict[str, list[Sentence]],
    releases: dict[str, dict[str, Any]],
    labels: dict[str, str],
    half: Callable[[dict[str, Any]], str],
) -> dict[tuple[str, str], Counts]:
    """Each labelled topic's candidates against the releases' labels, per (topic id, half)."""
    scores: dict[tuple[str, str], Counts] = {}
    for topic_id, label in labels.items():
        by_article: dict[str, list[Sentence]] = {}
        for sentence in candidates.get(topic_id, []):
            by_article.setdefault(sentence.article_id, []).append(sentence)
        for article_id, release in releases.items():
            counts = scores.setdefault((topic_id, half(release)), Counts())
            _score_release(release, by_article.get(article_id, []), label, counts)
    return scores


@dataclass
class SetResult:
    """US relations on the hand-labelled set: counts per (part, half), part "all" for both."""

    scores: dict[tuple[str, str], Counts]
    #: labelled sentences no longer found in their story (the splitter changed): not scored
    stale: list[str]


def evaluate_relations_set(rset: RelationsSet, config: Config | None = None) -> SetResult:
    """The us-relations topic's candidates against the set's labels, sentence by sentence.

    Every sentence of a story was judged, so a candidate is right or wrong and a
    labelled sentence found or missed. Sentences are matched by their short sha1
    (its index is only where it stood when labelled).
    """
    config = config or load_config()
    articles = SourceReader(source_options(config, RELATIONS_DAY)).read([rset.folder]).articles
    sentences = [s for article in articles for s in segment_article(article)]
    candidates, _ = assign_topics(articles, sentences, config.topics)
    chosen = {s.key for s in candidates.get("us-relations", [])}
    scores: dict[tuple[str, str], Counts] = {}
    stale: list[str] = []
    own: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        own.setdefault(sentence.article_id, []).append(sentence)
    for article_id, story in rset.stories.items():
        found = own.get(article_id, [])
        hashes = [sentence_hash(s.text) for s in found]
        gold = {story.sentences[i] for i in story.relations}
        stale += [f"{story.id}: sentence {i}" for i in sorted(story.relations)
                  if story.sentences[i] not in hashes]  # fmt: skip
        for part in (story.part, "all"):
            counts = scores.setdefault((part, story.half), Counts())
            for sentence, digest in zip(found, hashes, strict=True):
                taken = sentence.key in chosen
                line = f"{story.id} [{sentence.index}]: {sentence.text[:110]}"
                if digest in gold:
                    counts.tp += taken
                    counts.fn += not taken
                    if not taken and part != "all":
                        counts.misses.append(line)
                elif taken:
                    counts.fp += 1
                    if part != "all":
                        counts.extras.append(line)
    return SetResult(scores, stale)


def evaluate_fresh_set(
    fset: FreshSet, config: Config | None = None
) -> dict[tuple[str, str], Counts]:
    """Each labelled topic's candidates on the fresh releases, per (topic id, half)."""
    config = config or load_config()
    articles = SourceReader(source_options(config, fset.day)).read([fset.folder]).articles
    sentences = [s for article in articles for s in segment_article(article)]
    candidates, _ = assign_topics(articles, sentences, config.topics)
    return _score_releases(candidates, fset.releases, FRESH_LABELS, lambda r: r["half"])


def print_fresh_set(
    scores: dict[tuple[str, str], Counts], halves: tuple[str, ...], errors: tuple[str, ...] = ()
) -> None:
    print("\nagainst the fresh State Department set (tests/data/us-relations-fresh.md):")
    for topic_id in FRESH_LABELS:
        cells = []
        for half in halves:
            c = scores[(topic_id, half)]
            cells.append(f"{half:8s} P {c.precision:.2f} R {c.recall:.2f} "
                         f"(tp {c.tp}, fp {c.fp}, fn {c.fn})")  # fmt: skip
        print(f"  {topic_id:16s} " + "   ".join(cells))
    for topic_id in FRESH_LABELS:
        for half in errors:
            c = scores[(topic_id, half)]
            for title, lines in (("missed", c.misses), ("not labelled", c.extras)):
                print(f"\nfresh {topic_id} {half} {title} ({len(lines)}):")
                for line in lines:
                    print("  " + line)


def print_relations_set(
    result: SetResult, halves: tuple[str, ...] = ("dev", "held-out"), errors: tuple[str, ...] = ()
) -> None:
    """The set's figures per part on ``halves``; the missed and wrong sentences of ``errors``."""
    print("\nUS relations against the hand-labelled set (tests/data/us-relations-set.md):")
    for part in ("news", "releases", "all"):
        cells = []
        for half in halves:
            c = result.scores.get((part, half), Counts())
            cells.append(f"{half:8s} P {c.precision:.2f} R {c.recall:.2f} "
                         f"(tp {c.tp}, fp {c.fp}, fn {c.fn})")  # fmt: skip
        print(f"  {part:16s} " + "   ".join(cells))
    if result.stale:
        print(f"  {len(result.stale)} labelled sentences not found (relabel): {result.stale[:5]}")
    for (part, half), c in sorted(result.scores.items()):
        if half not in errors or part == "all":
            continue
        for title, lines in (("missed", c.misses), ("not labelled", c.extras)):
            print(f"\nset {part} {half} {title} ({len(lines)}):")
            for line in lines:
                print("  " + line)


#: The approaches measured by --ablation: which of a topic's keys each one keeps, and what a
#: topic with ``entities`` asks for ("country": named anywhere; "counterpart": as a party).
ABLATION = (
    ("keywords only", (), ""),
    ("+ exclude_terms", ("exclude_terms",), ""),
    ("+ about (field words)", ("exclude_terms", "about"), ""),
    ('+ entities = ["country"]', ("exclude_terms", "about", "entities"), "country"),
    ('+ ["counterpart"] (the default)', ("exclude_terms", "about", "entities"), "counterpart"),
)


def ablation(day: MixedDay) -> None:
    """Each approach on the same day: off-topic candidates and F1 per topic and half."""
    full = load_config()
    print("\napproach                        off-topic cand.  F1 dev / held-out per topic")
    for name, keep, kind in ABLATION:
        topics = tuple(
            replace(
                t,
                **{k: () for k in ("exclude_terms", "about", "entities") if k not in keep},
                **({"entities": (kind,)} if kind and t.entities else {}),
            )
            for t in full.topics
        )
        result = evaluate(day, replace(full, topics=topics))
        off = sum(result.off_topic_candidates(t.id) for t in topics)
        cells = []
        for topic_id in LABELS:
            f1 = [_f1(result.scores[(topic_id, half)]) for half in ("dev", "held-out")]
            cells.append(f"{topic_id} {f1[0]:.2f}/{f1[1]:.2f}")
        print(f"  {name:30s} {off:4d}            " + "  ".join(cells))


def _f1(counts: Counts) -> float:
    p, r = counts.precision, counts.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def _print_errors(result: DayResult, halves: tuple[str, ...]) -> None:
    """The sentences each topic missed or took unlabelled, on the given halves."""
    for (topic_id, half), c in result.scores.items():
        if half not in halves:
            continue
        for title, lines in (("missed", c.misses), ("not labelled", c.extras)):
            print(f"\n{topic_id} {half} {title} ({len(lines)}):")
            for line in lines:
                print("  " + line)


def main() -> None:
    if {"-h", "--help"} & set(sys.argv):  # no evaluation: a full run reads the held-out halves
        print(__doc__)
        return
    if not available():
        sys.exit("the BBC and CNN/DM dev sets are not in ../shared/eval-dev")
    verbose = "--verbose" in sys.argv
    if "--set-only" in sys.argv:  # the hand-labelled set alone: dev figures and errors
        with relations_set() as rset:
            print_relations_set(evaluate_relations_set(rset), halves=("dev",), errors=("dev",))
        return
    if "--fresh" in sys.argv:  # the fresh set's dev half alone: figures and errors
        with fresh_set() as fset:
            print_fresh_set(evaluate_fresh_set(fset), halves=("dev",), errors=("dev",))
        return
    with mixed_day() as day:
        result = evaluate(day)
        if "--ablation" in sys.argv:
            ablation(day)
    print(f"mixed day {DAY}: {len(day.state)} State Department releases, "
          f"{len(day.bbc)} BBC stories, {len(day.cnndm)} CNN/DM stories")  # fmt: skip
    print("\nitems per section, by origin (off-topic = BBC sport/entertainment/tech):")
    for section in result.brief.sections:
        origins = result.section_origins[section.id]
        shown = ", ".join(f"{k} {v}" for k, v in sorted(origins.items()))
        print(f"  {section.id:16s} {len(section.items):3d} items, off-topic "
              f"{result.off_topic_items(section.id)}  ({shown})")  # fmt: skip
    print(
        "  outlook rows from BBC sport/entertainment/tech/business stories: "
        f"{result.outlook_rows_from(NOT_DIPLOMACY)}"
    )
    print("\ntopic candidates, by origin:")
    for topic_id, origins in result.candidate_origins.items():
        shown = ", ".join(f"{k} {v}" for k, v in sorted(origins.items()))
        print(f"  {topic_id:16s} off-topic {result.off_topic_candidates(topic_id):3d}  ({shown})")
    print("\nprecision / recall against the State Department labels:")
    dev_only = "--dev-errors" in sys.argv and not verbose  # no held-out figure is printed
    for topic_id in LABELS:
        cells = []
        for half in ("dev",) if dev_only else ("dev", "held-out"):
            c = result.scores[(topic_id, half)]
            cells.append(f"{half:8s} P {c.precision:.2f} R {c.recall:.2f} "
                         f"(tp {c.tp}, fp {c.fp}, fn {c.fn})")  # fmt: skip
        print(f"  {topic_id:16s} " + "   ".join(cells))
    if verbose or "--dev-errors" in sys.argv:
        _print_errors(result, halves=("dev", "held-out") if verbose else ("dev",))
    if relations_available():  # with --dev-errors, the set's dev half alone
        with relations_set() as rset:
            print_relations_set(
                evaluate_relations_set(rset),
                halves=("dev",) if dev_only else ("dev", "held-out"),
                errors=("dev",) if dev_only else (),
            )
    if fresh_available():
        with fresh_set() as fset:
            print_fresh_set(
                evaluate_fresh_set(fset), halves=("dev",) if dev_only else ("dev", "held-out")
            )
    if verbose:
        for section in result.brief.sections:
            if not _is_outlook(section):
                continue
            print(f"\n{section.id} rows ({len(section.items)}):")
            for item in section.items:
                event = item.event
                assert event is not None
                print(f"  {day.kind(item.source_ids[0]):14s} {event.when} {event.status} | "
                      f"{event.what} | {'; '.join(event.who)} | {item.text[:80]}")  # fmt: skip
        for topic_id, lines in result.off_topic.items():
            print(f"\n{topic_id} off-topic candidates ({len(lines)}):")
            for line in lines[:40]:
                print("  " + line)


if __name__ == "__main__":
    main()
