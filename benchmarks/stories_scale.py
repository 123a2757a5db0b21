"""`group_stories` alone on the scale day: CPU, wall, peak memory, and whether trees agree.

Usage: python benchmarks/stories_scale.py [--counts 10000,30000] [--rev REV ...] [--repeat N]
       [--no-work] [--tracemalloc]

The articles are the ones benchmarks/build_scale.py builds (real dev-set
stories recombined, article n = the first half of one story and the second
half of another), read and segmented as a build does. Each measurement runs in
its own process from its tree (this working tree, "work", and every ``--rev``,
checked out into a temporary worktree as build_scale.py does): the process
reads and segments the articles, then resets its peak resident memory
(``/proc/self/clear_refs``) and calls ``group_stories(articles, sentences=...)``.

"cpu s" is the process's CPU time (all threads) inside group_stories, "wall s"
its elapsed time, "before MiB" the resident memory when it starts, "peak MiB"
the highest resident memory while it runs and "+MiB" the difference (what the
grouping itself adds). ``--tracemalloc`` also reports tracemalloc's peak of
Python and numpy allocations inside group_stories (slower, measured in a run of
its own). Trees alternate per repetition, so a busy machine slows them alike;
figures are medians of ``--repeat``. "same" says whether every tree's story id
map (article id -> story id) equals the first tree's, at every repetition.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import astuple, dataclass
from pathlib import Path

from build_scale import Tree, timed_trees, write_articles

# Run in the measured process: read and segment as a build does, then time group_stories.
RUNNER = """
import gc, json, resource, sys, time
folder, out, trace = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
from pathlib import Path
import briefer
from briefer.ingest.files import read_articles
from briefer.text.sentences import segment_article
from briefer.topics.stories import group_stories

def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no {field} in /proc/self/status")

articles, _ = read_articles([Path(folder)])
sentences = [s for article in articles for s in segment_article(article)]
gc.collect()
before = status("VmRSS")
Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) restarts from now
traced = 0.0
if trace:
    import tracemalloc
    tracemalloc.start()
cpu, wall = time.process_time(), time.perf_counter()
stories = group_stories(articles, sentences=sentences)
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
if trace:
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
peak = status("VmHWM")
Path(out).write_text(json.dumps(stories, sort_keys=True))
print(json.dumps({"from": briefer.__file__, "cpu": cpu, "wall": wall, "before": before,
                  "peak": peak, "traced": traced, "stories": len(set(stories.values()))}))
"""


@dataclass(frozen=True)
class Measure:
    """One group_stories call in its own process."""

    cpu: float
    wall: float
    before: float
    peak: float
    traced: float
    stories: int


def measure(tree: Tree, folder: Path, out: Path, trace: bool) -> Measure:
    done = subprocess.run(
        [sys.executable, "-P", "-c", RUNNER, str(folder), str(out), "1" if trace else "0"],
        capture_output=True,
        text=True,
        check=False,
        env=tree.environment(),
    )
    if done.returncode != 0:
        raise SystemExit(f"{tree.label}: group_stories failed:\n{done.stderr.strip()}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    if not Path(found["from"]).resolve().is_relative_to(tree.path.resolve()):
        raise SystemExit(f"{tree.label}: ran the briefer in {found['from']}, not {tree.path}")
    fields = ("cpu", "wall", "before", "peak", "traced", "stories")
    return Measure(*(found[name] for name in fields))


def middle(runs: Sequence[Measure]) -> Measure:
    return Measure(
        statistics.median(r.cpu for r in runs),
        statistics.median(r.wall for r in runs),
        statistics.median(r.before for r in runs),
        statistics.median(r.peak for r in runs),
        statistics.median(r.traced for r in runs),
        runs[0].stories,
    )


def line(label: str, count: int, run: Measure, same: str) -> str:
    grown = run.peak - run.before
    figures = f"{run.cpu:>8.2f}{run.wall:>8.2f}{run.before:>11.0f}{run.peak:>10.0f}{grown:>8.0f}"
    traced = f"{run.traced:>12.0f}" if run.traced else f"{'-':>12}"
    return f"{label:<22}{count:>9}{figures}{traced}{run.stories:>9}{same:>6}"


def scale(trees: Sequence[Tree], counts: Sequence[int], repeat: int, trace: bool) -> None:
    header = (
        f"{'tree':<22}{'articles':>9}{'cpu s':>8}{'wall s':>8}{'before MiB':>11}"
        f"{'peak MiB':>10}{'+MiB':>8}{'traced MiB':>12}{'stories':>9}{'same':>6}"
    )
    print(f"group_stories; each line one call, then the medians of {repeat}")
    print(header)
    medians: list[str] = []
    with tempfile.TemporaryDirectory(prefix="stories-scale-") as temporary:
        for count in counts:
            folder = Path(temporary) / f"articles-{count}"
            write_articles(folder, count)
            runs: dict[str, list[Measure]] = {tree.label: [] for tree in trees}
            same = {tree.label: True for tree in trees}
            for attempt in range(repeat):
                first: str | None = None
                for index, tree in enumerate(trees):
                    out = Path(temporary) / f"stories-{count}-{attempt}-{index}.json"
                    done = measure(tree, folder, out, False)
                    text = out.read_text(encoding="utf-8")
                    first = text if first is None else first
                    same[tree.label] &= text == first
                    runs[tree.label].append(done)
                    print(
                        line(tree.label, count, done, "yes" if text == first else "NO"), flush=True
                    )
            for index, tree in enumerate(trees):
                summary = middle(runs[tree.label])
                if trace:  # one more call, traced: tracemalloc slows it, so not timed
                    out = Path(temporary) / f"stories-{count}-traced-{index}.json"
                    traced = measure(tree, folder, out, True).traced
                    summary = Measure(*astuple(summary)[:4], traced, summary.stories)
                medians.append(
                    line(tree.label, count, summary, "yes" if same[tree.label] else "NO")
                )
    print(f"\nmedians of {repeat}")
    print(header)
    print("\n".join(medians))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="10000,30000")
    parser.add_argument("--rev", action="append", default=[], help="also time this revision")
    parser.add_argument("--no-work", action="store_true", help="time only the --rev revisions")
    parser.add_argument("--repeat", type=int, default=3, help="calls per count and tree")
    parser.add_argument("--tracemalloc", action="store_true", help="one more call, traced")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",") if c]
    with ExitStack() as stack:
        trees = timed_trees(stack, args.rev, args.no_work, "stories-revs-")
        scale(trees, counts, args.repeat, args.tracemalloc)
        print(f"load {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
