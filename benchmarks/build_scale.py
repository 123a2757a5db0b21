"""`briefer build` end to end on 100, 1,000 and 3,000 articles: time, peak memory, growth.

Usage: python benchmarks/build_scale.py [--counts 100,1000,3000] [--format md,html,pdf,json]

The articles are made of the real texts of the dev sets (CNN/DM, BBC, State
Department releases): article n is the first half of one story's paragraphs
followed by the second half of another's, a different pair for every n, so no
two articles are the same text (briefer folds syndicated copies, and a copy
would measure that instead) while every sentence is real news prose; stories
repeat in part about 13 times at 3,000 articles, as a day's wire copy does.
Each build runs in its own process, which prints its peak resident memory;
"pages" is the length of its PDF. The growth exponent is the slope of log(time)
against log(articles) between consecutive counts (1 = linear, 2 = quadratic).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefer.text.sentences import split_sentences

EVAL_DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval-dev"
SETS = ("cnndm-dev.jsonl", "bbc-news-summary.jsonl", "upcoming-dev.jsonl")
DATE = "2026-11-23"

BUILD = """
import resource, sys
from briefer.cli import main
try:
    main(sys.argv[1:])
except SystemExit as end:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak {peak}", file=sys.stderr)
    raise
"""


def stories() -> list[tuple[str, str]]:
    """(title, body) of every article of the dev sets."""
    found = []
    for name in SETS:
        for line in (EVAL_DEV / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            found.append((row.get("title") or row["id"], row["text"]))
    return found


def write_articles(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    available = stories()
    total = len(available)
    for number in range(count):
        first = number % total
        second = (first + 1 + number // total) % total
        head = _paragraphs(available[first][1])
        tail = _paragraphs(available[second][1])
        body = "\n\n".join(head[: (len(head) + 1) // 2] + tail[len(tail) // 2 :])
        title = available[first][0]
        text = f"---\ntitle: {title}\ndate: 2026-11-22\n---\n\n{body}\n"
        (folder / f"{number:05d}.txt").write_text(text, encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    """Paragraphs, or sentences for a text in one paragraph (the CNN/DM stories)."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if len(paragraphs) > 1:
        return paragraphs
    return [s.strip() for s in split_sentences(text)]


def build(folder: Path, output: Path, formats: str) -> tuple[float, float]:
    """Seconds and peak MiB of one `briefer build` in its own process."""
    command = [sys.executable, "-c", BUILD, "build", str(folder), "--date", DATE]
    command += ["--output-dir", str(output), "--format", formats]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed: {done.stderr.strip()}")
    peak_kib = int(done.stderr.rsplit("peak ", 1)[1].split()[0])
    return elapsed, peak_kib / 1024


def pdf_pages(output: Path) -> str:
    """Pages of the brief's PDF, or "-" when no PDF was asked for."""
    from pypdf import PdfReader

    found = list(output.rglob("brief.pdf"))
    return str(len(PdfReader(found[0]).pages)) if found else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="100,1000,3000")
    parser.add_argument("--format", default="md,html,pdf,json")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    print(
        f"{'articles':>9}{'seconds':>10}{'peak MiB':>10}{'pages':>7}{'growth':>8}"
        f"   formats {args.format}"
    )
    previous: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory() as temporary:
        for count in counts:
            folder = Path(temporary) / f"articles-{count}"
            write_articles(folder, count)
            output = Path(temporary) / f"out-{count}"
            seconds, peak = build(folder, output, args.format)
            growth = ""
            if previous is not None:
                growth = f"{math.log(seconds / previous[1]) / math.log(count / previous[0]):.2f}"
            pages = pdf_pages(output)
            print(f"{count:>9}{seconds:>10.1f}{peak:>10.0f}{pages:>7}{growth:>8}", flush=True)
            previous = (count, seconds)


if __name__ == "__main__":
    main()
