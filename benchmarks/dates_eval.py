"""Score briefer's date resolver (briefer/dates.py) and dateparser on the labelled dates.

Usage: python benchmarks/dates_eval.py [--no-dateparser] [--errors dev|held-out|fresh|fresh2]

The set: tests/data/dates/dev.jsonl, held-out.jsonl and fresh.jsonl (README
there): rules are written on ``dev``; ``held-out`` has been looked at (its misses
were listed), so ``fresh``, written afterwards, is the unseen half that counts. Each
row is one time expression in a news sentence, with the article's date
(``anchor``) and the TIMEX3 value a careful reader gives it. briefer runs
``find_dates`` on the whole sentence and is scored on the mention that overlaps
the labelled expression (no mention: no value). dateparser (1.x, installed
with the dev extra) is given the labelled expression itself, with the anchor as
``RELATIVE_BASE``, once with its default preference and once preferring the
past; its answer is written at the granularity it reports (day, ISO week,
month, year), the most it can say. It has no notation for ranges, quarters,
halves, seasons, fiscal years, decades or centuries.

Printed per half and resolver: exact-value accuracy; past dates read as
future (rows whose labelled value ends before the anchor, answered with a value
that starts after it), counted apart; then accuracy per kind. ``--errors``
lists briefer's misses on one half: rules are written on ``dev`` only.
tests/test_dates.py holds the figures to floors.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefer.text.dates import find_dates, when_bounds

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "dates"
HALVES = ("dev", "held-out", "fresh", "fresh2")

Resolver = Callable[[dict[str, Any]], "str | None"]


@dataclass
class Scores:
    """Exact-value accuracy overall and per kind, and past dates read as future."""

    rows: int = 0
    right: int = 0
    past: int = 0
    past_as_future: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    kinds_right: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.right / self.rows if self.rows else 1.0

    @property
    def past_as_future_rate(self) -> float:
        return self.past_as_future / self.past if self.past else 0.0


def load(half: str) -> list[dict[str, Any]]:
    """The rows of one half of the labelled set."""
    path = DATA / f"{half}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def briefer_value(row: dict[str, Any]) -> str | None:
    """briefer's value for the labelled expression: the mention overlapping it most."""
    sentence, text = row["sentence"], row["text"]
    start = sentence.find(text)
    end = start + len(text)
    best, overlap = None, 0
    for mention in find_dates(sentence, dt.date.fromisoformat(row["anchor"])):
        shared = min(end, mention.end) - max(start, mention.start)
        if shared > overlap:
            best, overlap = mention, shared
    return best.when if best else None


def dateparser_resolver(prefer: str | None) -> Resolver:
    """dateparser on the expression itself, its period written as a TIMEX3 value."""
    from dateparser.date import DateDataParser

    def resolve(row: dict[str, Any]) -> str | None:
        base = dt.datetime.combine(dt.date.fromisoformat(row["anchor"]), dt.time())
        settings: dict[str, Any] = {"RELATIVE_BASE": base, "RETURN_TIME_AS_PERIOD": True}
        if prefer:
            settings["PREFER_DATES_FROM"] = prefer
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(row["text"])
        if data.date_obj is None:
            return None
        day = data.date_obj.date()
        if data.period == "year":
            return f"{day.year:04d}"
        if data.period == "month":
            return f"{day.year:04d}-{day.month:02d}"
        if data.period == "week":
            year, week, _ = day.isocalendar()
            return f"{year:04d}-W{week:02d}"
        return day.isoformat()

    return resolve


def score(rows: Iterable[dict[str, Any]], resolve: Resolver) -> Scores:
    scores = Scores()
    started = time.perf_counter()
    for row in rows:
        value = resolve(row)
        anchor = dt.date.fromisoformat(row["anchor"])
        scores.rows += 1
        scores.kinds[row["kind"]] += 1
        right = value == row["value"]
        scores.right += right
        scores.kinds_right[row["kind"]] += right
        gold = when_bounds(row["value"])
        if gold and gold[1] < anchor:
            scores.past += 1
            said = when_bounds(value)
            if said and said[0] > anchor:
                scores.past_as_future += 1
        if not right:
            scores.errors.append(
                f"{row['id']} {row['anchor']} {row['text']!r} -> {value} "
                f"(label {row['value']}) | {row['sentence'][:100]}"
            )
    scores.seconds = time.perf_counter() - started
    return scores


def resolvers(with_dateparser: bool) -> list[tuple[str, Resolver]]:
    chosen: list[tuple[str, Resolver]] = [("briefer", briefer_value)]
    if not with_dateparser:
        return chosen
    try:
        import dateparser  # noqa: F401
    except ImportError:
        print("dateparser is not installed: pip install -e '.[dev]'")
        return chosen
    chosen.append(("dateparser", dateparser_resolver(None)))
    chosen.append(("dateparser-past", dateparser_resolver("past")))
    return chosen


def report(half: str, results: list[tuple[str, Scores]]) -> None:
    first = results[0][1]
    print(f"\n{half}: {first.rows} expressions, {first.past} of them past")
    for name, scores in results:
        print(
            f"  {name:<16} exact {scores.right}/{scores.rows} = {scores.accuracy:.3f}"
            f"   past read as future {scores.past_as_future}/{scores.past}"
            f" = {100 * scores.past_as_future_rate:.1f}%"
            f"   {1000 * scores.seconds / max(1, scores.rows):.2f} ms/expression"
        )
    names = [name for name, _ in results]
    print("  " + f"{'kind':<14}{'n':>4}" + "".join(f"{n:>17}" for n in names))
    for kind in sorted(first.kinds, key=lambda k: (-first.kinds[k], k)):
        cells = "".join(_cell(s.kinds_right[kind], s.kinds[kind]) for _, s in results)
        print(f"  {kind:<14}{first.kinds[kind]:>4}{cells}")


def _cell(right: int, total: int) -> str:
    """ "  41/41  1.00", right-aligned in 17 columns."""
    return f"{right:>10}/{total:<3}{right / total:.2f}"[-17:].rjust(17)


def main() -> None:
    with_dateparser = "--no-dateparser" not in sys.argv
    show = sys.argv[sys.argv.index("--errors") + 1] if "--errors" in sys.argv else None
    chosen = resolvers(with_dateparser)
    for half in HALVES:
        rows = load(half)
        results = [(name, score(rows, resolve)) for name, resolve in chosen]
        report(half, results)
        if show == half:
            print(f"\nbriefer's misses on {half} ({len(results[0][1].errors)}):")
            for line in results[0][1].errors:
                print("  " + line)


if __name__ == "__main__":
    main()
