"""Does a brief dated D say only what was known on D? The State Department set at three dates.

Usage: python benchmarks/timeline_eval.py [YYYY-MM-DD ...]

Builds the brief from tests/data/upcoming-dev.jsonl (27 State Department
releases, February to August 2022, labelled by hand with their upcoming events
and dates) at 2022-03-01, 2022-05-24 and 2022-08-03 (or the dates given) and
prints, for each:

- sources after D: cited or listed sources dated after the brief's date;
- past shown as coming: bottom-line and section items whose sentence announces a
  labelled event whose date ended before D (the labels, not briefer's resolver,
  say so), and outlook rows not marked "date passed" whose date ended before D;
- items older than the day before D, and how many of them show their date
  ("as of ...", in brief.md);
- the newest source's date (the information cut-off).

tests/test_timeline.py holds the first two figures at 0.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import briefer

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "upcoming-dev.jsonl"
DATES = ("2022-03-01", "2022-05-24", "2022-08-03")


def _bounds_end(when: str) -> dt.date:
    last = when.split("/")[-1]
    if len(last) == 4:
        return dt.date(int(last), 12, 31)
    if len(last) == 7:
        year, month = int(last[:4]), int(last[5:])
        return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date.fromisoformat(last)


def past_events() -> list[tuple[str, dt.date]]:
    """(sentence, last day) of every labelled upcoming event that has a date."""
    found = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for label in row["labels"]["upcoming"]:
            if label["when_iso"]:
                found.append((" ".join(label["sentence"].split()), _bounds_end(label["when_iso"])))
    return found


def measure(day: dt.date) -> dict[str, Any]:
    brief = briefer.build_brief([DATA], day)
    labels = past_events()
    items = [*brief.bluf, *(i for s in brief.sections for i in s.items if i.event is None)]
    rows = [i for s in brief.sections for i in s.items if i.event is not None]

    def announces_past(item: Any) -> bool:
        text = " ".join(item.text.split())
        return any(end < day and (text in label or label in text) for label, end in labels)

    dates = {source.article.id: source.article.date for source in brief.sources}
    old = [
        item
        for item in [*items, *rows]
        if (newest := max((d for sid in item.source_ids if (d := dates.get(sid))), default=None))
        and newest < day - dt.timedelta(days=1)
    ]
    with tempfile.TemporaryDirectory() as folder:
        paths = briefer.write_brief(brief, Path(folder), ("md",))
        # Markdown escapes an editor's brackets (\[Blinken\]): compare the text unescaped.
        markdown = Path(paths["md"]).read_text(encoding="utf-8").replace("\\", "")
    shown = sum(
        1 for item in old if any(f"{item.text[:60]}" in line and "as of" in line
                                 for line in markdown.splitlines())
    )  # fmt: skip
    passed_rows = [
        r
        for r in rows
        if r.event and r.event.when and r.event.status != "date passed"
        and _bounds_end(r.event.when) < day
    ]  # fmt: skip
    known = [d for d in dates.values() if d]
    return {
        "sources after D": sum(1 for d in known if d > day),
        "past shown as coming": sum(map(announces_past, items)) + len(passed_rows),
        "items older than D-1": len(old),
        "of them dated": shown,
        "cut-off": max(known).isoformat() if known else None,
    }


def main() -> None:
    days = [dt.date.fromisoformat(a) for a in sys.argv[1:]] or [
        dt.date.fromisoformat(d) for d in DATES
    ]
    for day in days:
        figures = measure(day)
        print(day.isoformat() + ": " + ", ".join(f"{k} {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
