"""How well does briefer find datelines and wire credits? Precision and recall on labelled openings.

Usage: python benchmarks/datelines.py [--openings FILE.jsonl]

The labelled set is ``tests/data/datelines.jsonl``: the first paragraph of every article of
the dev sets (CNN/DM and BBC from ../shared/eval-dev, by id only; the State Department sets
of tests/data), each with the dateline a reader sees at its head ("(CNN)", "" for none),
checked by hand, and a half (``tune`` / ``held-out``, alternate ids within each set).
``--openings`` scores another labelled file of ``{"opening", "dateline", "half"}`` lines
(real openings of many outlets, kept outside the project because their text is not ours).

A found dateline counts as right only when it is exactly the labelled one: cutting too
much loses words of the first sentence, cutting too little leaves "(CNN)" in the brief.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefer.text.datelines import dateline_length  # noqa: E402

LABELS = ROOT / "tests" / "data" / "datelines.jsonl"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"
#: Where each labelled set's texts are, and which field names an article.
SETS = {
    "cnndm-dev": (EVAL_DEV / "cnndm-dev.jsonl", "id"),
    "bbc-news-summary": (EVAL_DEV / "bbc-news-summary.jsonl", "id"),
    "multidoc-dev": (ROOT / "tests" / "data" / "multidoc-dev.jsonl", "id"),
    "state-department": (ROOT / "tests" / "data" / "state-department.jsonl", "url"),
    "upcoming-dev": (ROOT / "tests" / "data" / "upcoming-dev.jsonl", "id"),
    "us-relations-fresh": (ROOT / "tests" / "data" / "us-relations-fresh.jsonl", "id"),
}


@dataclass(frozen=True)
class Opening:
    text: str
    dateline: str  # the labelled one, "" when there is none
    half: str
    source: str = ""  # the labelled set it is from


@dataclass(frozen=True)
class Score:
    openings: int
    labelled: int  # openings with a dateline
    found: int  # openings where one was found
    right: int  # found and exactly the labelled one

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0

    @property
    def wrongly_cut(self) -> int:
        """Openings that lost text that is not a dateline (or more than the dateline)."""
        return self.found - self.right


def score(openings: Iterable[Opening]) -> Score:
    openings = list(openings)
    found = [o.text[: dateline_length(o.text)] for o in openings]
    return Score(
        openings=len(openings),
        labelled=sum(1 for o in openings if o.dateline),
        found=sum(1 for f in found if f),
        right=sum(1 for o, f in zip(openings, found, strict=True) if f and f == o.dateline),
    )


def labelled_openings(labels: Path = LABELS) -> Iterator[Opening]:
    """The first paragraphs of the labelled sets whose texts are here (eval-dev may be absent)."""
    texts: dict[str, dict[str, str]] = {}
    for line in labels.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["set"] not in texts:
            texts[row["set"]] = _first_paragraphs(*SETS[row["set"]])
        text = texts[row["set"]].get(row["id"])
        if text is not None:
            yield Opening(text, row["dateline"], row["half"], row["set"])


def _first_paragraphs(path: Path, key: str) -> dict[str, str]:
    if not path.exists():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "documents" in row:
            for n, document in enumerate(row["documents"]):
                found[f"{row[key]}#{n}"] = document.split("\n\n")[0]
        else:
            found[row[key]] = row["text"].split("\n\n")[0]
    return found


def read_openings(path: Path) -> list[Opening]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [Opening(row["opening"], row["dateline"], row["half"], path.name) for row in rows]


def report(name: str, openings: list[Opening]) -> None:
    for half in ("tune", "held-out", "A", "B"):
        part = [o for o in openings if o.half == half]
        if part:
            s = score(part)
            print(
                f"  {name} {half:8} {s.openings:4} openings, {s.labelled:3} with a dateline: "
                f"precision {s.precision:.2f} ({s.right}/{s.found}), "
                f"recall {s.recall:.2f} ({s.right}/{s.labelled}), {s.wrongly_cut} wrongly cut"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--openings", type=Path, help="another labelled file of openings")
    args = parser.parse_args()
    report("dev sets", list(labelled_openings()))
    if args.openings:
        report(args.openings.name, read_openings(args.openings))


if __name__ == "__main__":
    main()
