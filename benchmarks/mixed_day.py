"""The mixed day: diplomacy among ordinary news, built at run time, never stored in the repo.

The 27 labelled State Department releases (tests/data/upcoming-dev.jsonl,
public domain), the 100 BBC dev stories and the 100 CNN/DM dev stories
(../shared/eval-dev, copyrighted: read from there, written only to a
temporary folder) make one day's input. Every article is written as one line
of a JSON Lines file per corpus, so its briefer id ("state-3", "bbc-41",
"cnndm-7") leads back to its record: the State Department labels, the BBC
category.

The halves: a State Department release whose number (upc-dev-NN) is odd is
in the dev half (rules are written on it), an even one in the held-out half.

``relations_set`` makes the input of the hand-labelled US-relations set
(tests/data/us-relations-set.jsonl: labels by sentence hash, no text) the same
way: its news stories read from ../shared/eval-dev, its releases from
tests/data/multidoc-dev.jsonl.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STATE = ROOT / "tests" / "data" / "upcoming-dev.jsonl"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"
BBC = EVAL_DEV / "bbc-news-summary.jsonl"
CNNDM = EVAL_DEV / "cnndm-dev.jsonl"
#: The brief's date: the day after the newest release.
DAY = dt.date(2022, 8, 4)
#: BBC categories that can hold no diplomacy.
OFF_TOPIC = ("sport", "entertainment", "tech")


def half_of(document_id: str) -> str:
    """ "dev" for an odd number at the end of the id, "held-out" for an even one."""
    digits = "".join(ch for ch in document_id.rsplit("-", 1)[-1] if ch.isdigit())
    return "dev" if int(digits) % 2 else "held-out"


@dataclass(frozen=True)
class MixedDay:
    folder: Path
    state: dict[str, dict[str, Any]]  # briefer article id -> labelled release
    bbc: dict[str, dict[str, Any]]  # briefer article id -> BBC record (with its category)
    cnndm: dict[str, dict[str, Any]]

    def kind(self, article_id: str) -> str:
        """ "state", "bbc-<category>" or "cnndm"."""
        if article_id in self.state:
            return "state"
        if article_id in self.bbc:
            return "bbc-" + self.bbc[article_id]["category"]
        return "cnndm"


def available() -> bool:
    return BBC.is_file() and CNNDM.is_file()


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@contextmanager
def mixed_day() -> Iterator[MixedDay]:
    """The day's input folder (three JSON Lines files) in a temporary folder, and its labels."""
    state, bbc, cnndm = _rows(STATE), _rows(BBC), _rows(CNNDM)
    with tempfile.TemporaryDirectory(prefix="briefer-mixed-") as name:
        folder = Path(name)
        _write(folder / "state.jsonl", state, lambda r: {"title": r["title"], "date": r["date"]})
        _write(folder / "bbc.jsonl", bbc, lambda r: {"title": r["title"], "source": "BBC"})
        _write(folder / "cnndm.jsonl", cnndm, lambda r: {"source": r["id"].split("-")[0].upper()})
        yield MixedDay(
            folder,
            {f"state-{n}": row for n, row in enumerate(state, start=1)},
            {f"bbc-{n}": row for n, row in enumerate(bbc, start=1)},
            {f"cnndm-{n}": row for n, row in enumerate(cnndm, start=1)},
        )


def _write(path: Path, rows: list[dict[str, Any]], meta: Any) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({"text": row["text"], **meta(row)}) + "\n")


# --- The US-relations set: every sentence of 60 stories judged by hand ------------------------

#: Labels only (record id, each sentence's short sha1, the indices of the relations
#: sentences); the texts are read at run time. How it was made: tests/data/us-relations-set.md.
RELATIONS_SET = ROOT / "tests" / "data" / "us-relations-set.jsonl"
MULTIDOC = ROOT / "tests" / "data" / "multidoc-dev.jsonl"
#: The day the set is read on: after the newest release of multidoc-dev.jsonl.
RELATIONS_DAY = dt.date(2026, 8, 7)


def sentence_hash(text: str) -> str:
    """The short sha1 a sentence is labelled by (its text as the splitter gives it)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class LabelledStory:
    """One story of the set: which of its sentences are about a country's relations with the US."""

    id: str  # the record's id in its corpus ("bbc-business-340", "mds-dev-04-2")
    source: str  # bbc-news-summary, cnndm-dev or multidoc-dev
    half: str  # "dev" or "held-out"
    sentences: tuple[str, ...]  # sentence_hash of each sentence, in order
    relations: frozenset[int]  # indices of the sentences labelled us_relations

    @property
    def part(self) -> str:
        """ "news" (BBC, CNN/DM: copyrighted) or "releases" (State Department, public domain)."""
        return "releases" if self.source == "multidoc-dev" else "news"


@dataclass(frozen=True)
class RelationsSet:
    folder: Path  # the stories' texts as a day's input (JSON Lines), in a temporary folder
    stories: dict[str, LabelledStory]  # briefer article id -> its labels


def relations_available() -> bool:
    return available() and RELATIONS_SET.is_file()


def load_relations_labels() -> list[LabelledStory]:
    return [
        LabelledStory(
            row["id"],
            row["source"],
            row["half"],
            tuple(row["sentences"]),
            frozenset(row["relations"]),
        )
        for row in _rows(RELATIONS_SET)
    ]


@contextmanager
def relations_set() -> Iterator[RelationsSet]:
    """The set's stories as one day's input, their texts read from ../shared/eval-dev (news)
    and tests/data/multidoc-dev.jsonl (releases); raises FileNotFoundError without them."""
    labels = load_relations_labels()
    news = {row["id"]: row for row in _rows(BBC) + _rows(CNNDM)}
    releases = {}
    for row in _rows(MULTIDOC):
        for n, (source, text) in enumerate(zip(row["sources"], row["documents"], strict=True)):
            releases[f"{row['id']}-{n + 1}"] = {"text": text, **source}
    files: dict[str, list[tuple[LabelledStory, dict[str, Any]]]] = {}
    for story in labels:
        if story.source == "multidoc-dev":
            record = {k: releases[story.id][k] for k in ("text", "title", "date")}
            files.setdefault("releases", []).append((story, record))
        elif story.source == "bbc-news-summary":
            row = news[story.id]
            files.setdefault("bbc", []).append(
                (story, {"text": row["text"], "title": row["title"], "source": "BBC"})
            )
        else:
            row = news[story.id]
            source = row["id"].split("-")[0].upper()
            files.setdefault("cnndm", []).append((story, {"text": row["text"], "source": source}))
    with tempfile.TemporaryDirectory(prefix="briefer-relations-") as name:
        folder = Path(name)
        stories: dict[str, LabelledStory] = {}
        for stem, entries in files.items():
            with (folder / f"{stem}.jsonl").open("w", encoding="utf-8") as out:
                for n, (story, record) in enumerate(entries, start=1):
                    out.write(json.dumps(record) + "\n")
                    stories[f"{stem}-{n}"] = story
        yield RelationsSet(folder, stories)


# --- The fresh set: State Department releases of June-July 2026, labelled before any rule ----

#: Releases with their text and verbatim labels (tests/data/us-relations-fresh.md).
FRESH_SET = ROOT / "tests" / "data" / "us-relations-fresh.jsonl"


@dataclass(frozen=True)
class FreshSet:
    folder: Path
    releases: dict[str, dict[str, Any]]  # briefer article id -> labelled release
    day: dt.date  # the day after the newest release


def fresh_available() -> bool:
    return FRESH_SET.is_file()


@contextmanager
def fresh_set() -> Iterator[FreshSet]:
    """The fresh set's releases as one day's input, in a temporary folder."""
    rows = _rows(FRESH_SET)
    day = max(dt.date.fromisoformat(r["date"]) for r in rows) + dt.timedelta(days=1)
    with tempfile.TemporaryDirectory(prefix="briefer-fresh-") as name:
        folder = Path(name)
        _write(folder / "fresh.jsonl", rows, lambda r: {"title": r["title"], "date": r["date"]})
        yield FreshSet(folder, {f"fresh-{n}": row for n, row in enumerate(rows, start=1)}, day)
