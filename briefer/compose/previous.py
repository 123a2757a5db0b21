"""New since the last brief: which of today's facts the previous brief already reported.

``briefer build --previous BRIEF_DIR`` (and ``briefer daily``, which finds the
newest earlier day's folder itself) reads the previous brief's ``brief.json``.
A sentence of today restates one of its facts by the project's same-fact rule
(the fact index's: stemmed content-word cosine at ``duplicate_threshold`` *and*
agreement on names, places, numbers and dates, ``briefer.text.keys.same_fact``),
or is the very sentence it showed (same article, same offset). Plain text
equality would miss "Blinken will meet Rau" told again by another outlet.

``[brief] repeat`` decides what the brief does with such facts:

- ``mark`` (default): they stay, scored ``REPEAT_WEIGHT`` times lower in the
  bottom line and the sections, stories with a new fact lead, and each
  repeated item is shown "(reported before)" (brief.json ``"new": false``);
- ``drop``: they are left out of the bottom line and the sections. The outlook
  is a calendar of what is coming, so its rows are marked, never dropped.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from briefer.errors import InputError
from briefer.model import Item, PreviousReport, Sentence, SentenceKey, Story
from briefer.text.keys import same_fact
from briefer.text.tokens import count_matrix, tokenize, unit_rows

#: What ``[brief] repeat`` may be.
REPEAT_MODES = ("mark", "drop")
#: A repeated fact's score in the bottom line and sections is multiplied by this (mark mode).
REPEAT_WEIGHT = 0.5
BRIEF_JSON = "brief.json"
_DAY_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class PreviousFact:
    """One item of the previous brief: its sentence as written, and where it stood."""

    text: str
    article: str
    start: int
    reported: dt.date | None  # its article's date


@dataclass(frozen=True)
class PreviousBrief:
    """The facts a previous brief reported (its bottom line, sections and outlook)."""

    date: dt.date
    path: Path  # its brief.json
    facts: tuple[PreviousFact, ...]


def read_previous(path: Path | str) -> PreviousBrief:
    """The brief in folder ``path`` (or the ``brief.json`` file ``path``).

    A missing or garbled file is an ``InputError`` naming it: a brief compared
    with nothing would call every fact new without a word.
    """
    path = Path(path)
    file = path / BRIEF_JSON if path.is_dir() else path
    if not file.is_file():
        raise InputError(f"previous brief: no {BRIEF_JSON} in {path} (build it with json output)")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return PreviousBrief(dt.date.fromisoformat(data["date"]), file, _facts(data))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"previous brief: cannot read {file}: {error}") from None
    except KeyError as error:
        raise InputError(f"{_not_a_brief(file)} (no {error} field)") from None
    except (ValueError, TypeError, AttributeError) as error:
        raise InputError(f"{_not_a_brief(file)} ({error})") from None


def _not_a_brief(file: Path) -> str:
    return f"previous brief: {file} is not a brief.json briefer wrote"


def _facts(data: dict[str, Any]) -> tuple[PreviousFact, ...]:
    dates = {
        str(s["id"]): dt.date.fromisoformat(s["date"]) if s.get("date") else None
        for s in data["sources"]
    }
    items = [*data["bluf"], *(item for section in data["sections"] for item in section["items"])]
    facts = {}
    for item in items:
        text = item.get("verbatim", item["text"])  # the sentence as written, not repaired
        if not isinstance(text, str):
            raise TypeError(f"an item's text is {type(text).__name__}, not a string")
        article = str(item.get("article", ""))
        facts[(article, text)] = PreviousFact(
            text, article, int(item.get("start", -1)), dates.get(article)
        )
    return tuple(facts.values())


def find_previous(output_dir: Path, date: dt.date) -> PreviousBrief | None:
    """The newest brief in ``output_dir/<YYYY-MM-DD>/`` dated before ``date``, if any.

    Folders without a ``brief.json`` (a run that wrote no JSON) are passed over;
    a garbled one is an error, as with ``--previous``.
    """
    if not output_dir.is_dir():
        return None
    earlier = []
    for folder in output_dir.iterdir():
        if _DAY_FOLDER.fullmatch(folder.name) and (folder / BRIEF_JSON).is_file():
            try:
                day = dt.date.fromisoformat(folder.name)
            except ValueError:
                continue
            if day < date:
                earlier.append((day, folder))
    return read_previous(max(earlier)[1]) if earlier else None


def checked_previous(
    previous: PreviousBrief | Path | str | None, date: dt.date
) -> PreviousBrief | None:
    """``previous`` read (when a path) and checked: a brief dated D knows no later brief."""
    if previous is None:
        return None
    brief = previous if isinstance(previous, PreviousBrief) else read_previous(previous)
    if brief.date > date:
        raise InputError(
            f"previous brief {brief.path} is dated {brief.date}, after this brief's date {date}"
        )
    return brief


class Repeats:
    """Which of the day's sentences restate a fact of the previous brief.

    The similarities of every candidate with every previous fact are one sparse
    product (a few dozen facts against the day's candidates); only pairs at the
    threshold are held to the same-fact rule.
    """

    def __init__(
        self,
        previous: PreviousBrief,
        sentences: Sequence[Sentence],
        threshold: float,
        dates: Mapping[str, dt.date | None],
        mode: str = "mark",
    ) -> None:
        self.previous = previous
        self.mode = mode
        self.threshold = threshold
        self._dates = dict(dates)
        self._places: dict[tuple[str, int], list[int]] = {}
        for row, fact in enumerate(previous.facts):
            self._places.setdefault((fact.article, fact.start), []).append(row)
        self._vocabulary: dict[str, int] = {}
        self._facts = count_matrix(
            [tokenize(f.text).content for f in previous.facts], self._vocabulary
        )
        self._matched: dict[SentenceKey, tuple[int, ...]] = {}
        unique = list({s.key: s for s in sentences}.values())
        for sentence, matches in zip(unique, self._matches(unique), strict=True):
            self._matched[sentence.key] = matches

    @property
    def drop(self) -> bool:
        return self.mode == "drop"

    def repeated(self, sentence: Sentence) -> bool:
        """Did the previous brief report this sentence's fact?"""
        if sentence.key not in self._matched:
            self._matched[sentence.key] = self._matches([sentence])[0]
        return bool(self._matched[sentence.key])

    def item_repeated(self, item: Item) -> bool:
        """Is the item's fact (its sentence or a restatement cited on it) one reported before?"""
        return any(self.repeated(s) for s in (item.sentence, *item.also_reported_as))

    def marked(self, items: Sequence[Item]) -> tuple[Item, ...]:
        """The items, each repeated one marked ``new=False``."""
        return tuple(replace(i, new=False) if self.item_repeated(i) else i for i in items)

    def facts_found(self, sentences: Sequence[Sentence]) -> int:
        """How many of the previous brief's facts these sentences report again."""
        found = {row for s in sentences if self.repeated(s) for row in self._matched[s.key]}
        return len(found)

    def _matches(self, sentences: Sequence[Sentence]) -> list[tuple[int, ...]]:
        """For each sentence, the previous facts it restates (row numbers)."""
        if not sentences or not self.previous.facts:
            return [() for _ in sentences]
        today = count_matrix([s.tokens.content for s in sentences], self._vocabulary)
        width = len(self._vocabulary) or 1
        facts = unit_rows(_widened(self._facts, width))
        similarity = (unit_rows(_widened(today, width)) @ facts.T).toarray()
        found = []
        for row, sentence in enumerate(sentences):
            alike = (int(fact) for fact in np.flatnonzero(similarity[row] >= self.threshold))
            rows = {fact for fact in alike if self._same(sentence, fact)}
            rows.update(self._places.get((sentence.article_id, sentence.start), []))
            found.append(tuple(sorted(rows)))
        return found

    def _same(self, sentence: Sentence, row: int) -> bool:
        fact = self.previous.facts[row]
        ours = self._dates.get(sentence.article_id)
        apart = (ours - fact.reported).days if ours and fact.reported else None
        return same_fact(sentence.text, fact.text, apart)


def _widened(matrix: Any, width: int) -> Any:
    """``matrix`` with zero columns added up to ``width`` (a vocabulary that grew since)."""
    matrix = matrix.tocsr()
    matrix.resize((matrix.shape[0], width))
    return matrix


def lead_with_new(stories: Sequence[Story]) -> list[Story]:
    """Stories with a new fact first, each group in its order of importance."""
    return sorted(stories, key=lambda s: all(not i.new for i in (s.headline, *s.items)))


def demoted(
    scores: Sequence[float], candidates: Sequence[Sentence], repeats: Repeats | None
) -> list[float]:
    """Scores with each repeated candidate's multiplied by ``REPEAT_WEIGHT``."""
    if repeats is None:
        return list(scores)
    return [
        score * REPEAT_WEIGHT if repeats.repeated(sentence) else score
        for score, sentence in zip(scores, candidates, strict=True)
    ]


def summary_line(read: str | None, report: PreviousReport | None) -> str | None:
    """The summary line: what was read (``ReadReport.summary()``), then what repeated."""
    repeats = repeat_summary(report)
    if read is None:
        return repeats
    return read + (f", {repeats}" if repeats else "")


def repeat_summary(report: PreviousReport | None) -> str | None:
    """The summary line's part on the previous brief: how many items repeated or dropped."""
    if report is None:
        return None
    if report.mode == "drop":
        facts = "fact" if report.dropped == 1 else "facts"
        return f"{report.dropped} {facts} of the {report.date} brief reported again, left out"
    items = "item" if report.repeated == 1 else "items"
    return f"{report.repeated} {items} reported in the {report.date} brief, marked"
