"""Bare pointing-back items in briefs: items that open "They ...", "Moreover, ..." unrepaired.

Usage: python benchmarks/pointing_back.py [--articles 1000]

Builds three briefs -- the seeds (--date 2023-11-15), the State Department
releases (tests/data/upcoming-dev.jsonl, --date 2022-08-03) and a day of
``--articles`` articles made as benchmarks/build_scale.py makes them -- and
counts, in the bottom line, the sections and the outlook, the items that
open by pointing back (``briefer.text.words.points_back`` on the text shown)
and do not come right after the sentence they point back to in their story.
Prints the count per brief, the items repaired (an antecedent in brackets)
and every bare item found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from briefer.model import Brief, Item
from briefer.pipeline import build_brief
from briefer.text.words import points_back

ROOT = Path(__file__).resolve().parents[1]


def bare_items(brief: Brief) -> tuple[list[Item], int, int]:
    """(bare pointing-back items, repaired items, all items) of a brief."""
    bare: list[Item] = []
    repaired = total = 0
    groups = [list(brief.bluf)]
    for section in brief.sections:
        if section.stories:
            groups.extend([story.headline, *story.items] for story in section.stories)
        else:
            groups.append(list(section.items))
    for group in groups:
        previous: Item | None = None
        for item in group:
            total += 1
            repaired += item.repaired is not None
            follows = (
                previous is not None
                and previous.sentence.article_id == item.sentence.article_id
                and previous.sentence.index == item.sentence.index - 1
            )
            if points_back(item.text) and not follows:
                bare.append(item)
            previous = item
    return bare, repaired, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        from build_scale import write_articles  # type: ignore[import-not-found]

        day = Path(temporary) / "day"
        write_articles(day, args.articles)
        briefs = [
            ("seeds", [ROOT / "seeds"], dt.date(2023, 11, 15)),
            (
                "state department",
                [ROOT / "tests" / "data" / "upcoming-dev.jsonl"],
                dt.date(2022, 8, 3),
            ),
            (f"{args.articles}-article day", [day], dt.date(2026, 11, 23)),
        ]
        for name, inputs, date in briefs:
            started = time.perf_counter()
            brief = build_brief(inputs, date)
            seconds = time.perf_counter() - started
            bare, repaired, total = bare_items(brief)
            print(
                f"{name}: {len(bare)} bare pointing-back of {total} items,"
                f" {repaired} repaired ({seconds:.1f} s)"
            )
            for item in bare:
                print(f"   bare: {item.text[:140]}")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
