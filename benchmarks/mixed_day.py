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
"""

from __future__ import annotations

import datetime as dt
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
