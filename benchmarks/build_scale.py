"""`briefer build` end to end on 1,000, 3,000 and 10,000 articles: CPU, wall, peak memory, growth.

Usage: python benchmarks/build_scale.py [--counts 1000,3000,10000] [--format md,html,pdf,json]
       [--rev REV ...] [--repeat N] [--help-runs N]

The articles are made of the real texts of the dev sets (CNN/DM, BBC, State
Department releases): article n is the first half of one story's paragraphs
followed by the second half of another's, a different pair for every n, so no
two articles are the same text (briefer folds syndicated copies, and a copy
would measure that instead) while every sentence is real news prose; stories
repeat in part about 44 times at 10,000 articles, as a day's wire copy does.

Each build runs in its own process. "cpu s" is its user + system time (from
getrusage(RUSAGE_CHILDREN) around it, start-up included), "wall s" the
elapsed time, "peak MiB" its maximum resident memory, "pages" the length of
its PDF. "growth" is the slope of log(cpu) against log(articles) from the
previous count (1 = linear, 2 = quadratic); the last line gives it from the
first count to the last, on CPU and on wall time.

``--rev REV`` also times git revision REV in the same run, the same articles
in the same order of builds: REV is checked out into a temporary worktree
(``git worktree add``, removed at the end) and run by this same Python with
PYTHONPATH pointing at it, so nothing is installed. ``--rev`` may be given
several times; the working tree this script lives in is always timed
("work"), unless ``--no-work``. Each tree's ``briefer`` is byte-compiled first
and may use its byte-code (PYTHONDONTWRITEBYTECODE is not passed on), as an
installed briefer does. Builds alternate between the trees, so a
busy machine slows both alike; with ``--repeat N`` every figure is the median
of N builds. ``briefer --help`` is timed too (median wall of ``--help-runs``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL_DEV = ROOT / ".." / "shared" / "eval-dev"
SETS = ("cnndm-dev.jsonl", "bbc-news-summary.jsonl", "upcoming-dev.jsonl")
DATE = "2026-11-23"

# Run in the build process: call the tree's console script, report its peak memory and which
# briefer it imported (so a PYTHONPATH that lost to the installed copy is caught).
RUNNER = """
import importlib, resource, sys
module, _, name = sys.argv.pop(1).partition(":")
main = getattr(importlib.import_module(module), name)
import briefer
print(f"briefer-from {briefer.__file__}", file=sys.stderr)
try:
    main(sys.argv[1:])
except SystemExit:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak {peak}", file=sys.stderr)
    raise
"""


@dataclass(frozen=True)
class Tree:
    """A source tree to run briefer from: this working tree or a checked-out revision."""

    label: str
    path: Path

    def entry_point(self) -> str:
        """The tree's own `briefer` console script, "module:function", from its pyproject."""
        project = tomllib.loads((self.path / "pyproject.toml").read_text(encoding="utf-8"))
        return str(project["project"]["scripts"]["briefer"])

    def command(self, *args: str) -> list[str]:
        # -P: no current folder on sys.path, so PYTHONPATH decides which briefer is imported
        return [sys.executable, "-P", "-c", RUNNER, self.entry_point(), *args]

    def environment(self) -> dict[str, str]:
        # Byte-code may be written and read (see ``compiled``), as for an installed briefer.
        inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        return {**inherited, "PYTHONPATH": str(self.path)}

    def compiled(self) -> Tree:
        """This tree with its ``briefer`` byte-compiled, as ``pip install`` leaves a package:
        without it a build compiled some 70 modules from source first (0.2 s of CPU, and
        every build again where PYTHONDONTWRITEBYTECODE is set)."""
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(self.path / "briefer")],
            check=True,
            env=self.environment(),
        )
        return self


@dataclass(frozen=True)
class Run:
    """One process: CPU seconds (user + system), wall seconds, peak MiB."""

    cpu: float
    wall: float
    peak_mib: float
    stderr: str


def run(tree: Tree, *args: str) -> Run:
    """Run `briefer ARGS` from TREE in its own process and measure it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        tree.command(*args), capture_output=True, text=True, check=False, env=tree.environment()
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{tree.label}: briefer {' '.join(args)} failed:\n{done.stderr.strip()}")
    imported = done.stderr.split("briefer-from ", 1)[1].split("\n", 1)[0]
    if not Path(imported).resolve().is_relative_to(tree.path.resolve()):
        raise SystemExit(f"{tree.label}: ran the briefer in {imported}, not the one in {tree.path}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_kib = int(done.stderr.rsplit("peak ", 1)[1].split()[0])
    return Run(cpu, wall, peak_kib / 1024, done.stderr)


@contextmanager
def checked_out(rev: str, parent: Path) -> Iterator[Tree]:
    """REV in a temporary git worktree under PARENT, removed afterwards."""
    commit = git("rev-parse", "--short", f"{rev}^{{commit}}").strip()
    path = parent / f"rev-{commit}"
    git("worktree", "add", "--detach", "--quiet", str(path), commit)
    try:
        yield Tree(f"{rev}" if rev == commit else f"{rev} ({commit})", path)
    finally:
        git("worktree", "remove", "--force", str(path))


def git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def stories() -> list[tuple[str, str]]:
    """(title, body) of every article of the dev sets."""
    found = []
    for name in SETS:
        for line in (EVAL_DEV / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            found.append((row.get("title") or row["id"], row["text"]))
    return found


def write_articles(folder: Path, count: int) -> None:
    """COUNT distinct articles recombined from the dev sets' stories, one .txt file each."""
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
    return [s.strip() for s in _split_sentences(text)]


def _split_sentences(text: str) -> list[str]:
    """briefer's sentence splitter, wherever this tree keeps it."""
    try:
        from briefer.text.sentences import split_sentences  # type: ignore[import-not-found]
    except ImportError:
        from briefer.segment import split_sentences  # type: ignore[import-not-found,no-redef]
    return list(split_sentences(text))


def build(tree: Tree, folder: Path, output: Path, formats: str) -> Run:
    """One `briefer build` of FOLDER into OUTPUT."""
    return run(
        tree, "build", str(folder), "--date", DATE, "--output-dir", str(output), "--format", formats
    )


def pdf_pages(output: Path) -> str:
    """Pages of the brief's PDF, or "-" when no PDF was asked for."""
    from pypdf import PdfReader

    found = list(output.rglob("brief.pdf"))
    return str(len(PdfReader(found[0]).pages)) if found else "-"


def median_run(runs: Sequence[Run]) -> Run:
    return Run(
        statistics.median(r.cpu for r in runs),
        statistics.median(r.wall for r in runs),
        statistics.median(r.peak_mib for r in runs),
        "",
    )


def growth(small: tuple[int, float], large: tuple[int, float]) -> float:
    """Slope of log(seconds) against log(articles) between two counts."""
    return math.log(large[1] / small[1]) / math.log(large[0] / small[0])


def time_help(trees: Sequence[Tree], runs: int) -> None:
    """Median wall seconds of `briefer --help` (start-up: imports and the CLI), per tree."""
    print(f"\n`briefer --help`, median of {runs} runs (each tree's console script, this Python)")
    print(f"{'tree':<22}{'wall s':>8}{'cpu s':>8}{'min wall':>10}")
    for tree in trees:
        run(tree, "--help")  # warm the file cache and write .pyc files once
        timed = [run(tree, "--help") for _ in range(runs)]
        middle = median_run(timed)
        least = min(r.wall for r in timed)
        print(f"{tree.label:<22}{middle.wall:>8.3f}{middle.cpu:>8.3f}{least:>10.3f}", flush=True)


def scale(trees: Sequence[Tree], counts: Sequence[int], formats: str, repeat: int) -> None:
    """Build every count from every tree, REPEAT times, alternating trees; print the medians."""
    header = f"{'tree':<22}{'articles':>9}{'cpu s':>8}{'wall s':>8}{'peak MiB':>10}{'pages':>7}"
    print(f"builds, formats {formats}; each line one build, then the medians of {repeat}")
    print(f"{header}{'growth':>8}")
    medians: dict[str, list[tuple[int, Run]]] = {tree.label: [] for tree in trees}
    with tempfile.TemporaryDirectory(prefix="build-scale-") as temporary:
        for count in counts:
            folder = Path(temporary) / f"articles-{count}"
            write_articles(folder, count)
            runs: dict[str, list[Run]] = {tree.label: [] for tree in trees}
            pages: dict[str, str] = {}
            for attempt in range(repeat):
                for index, tree in enumerate(trees):
                    output = Path(temporary) / f"out-{count}-{attempt}-{index}"
                    done = build(tree, folder, output, formats)
                    runs[tree.label].append(done)
                    pages[tree.label] = pdf_pages(output)
                    shutil.rmtree(output)
                    line = f"{tree.label:<22}{count:>9}{done.cpu:>8.1f}{done.wall:>8.1f}"
                    print(f"{line}{done.peak_mib:>10.0f}{pages[tree.label]:>7}", flush=True)
            for tree in trees:
                medians[tree.label].append((count, median_run(runs[tree.label])))
    print(f"\nmedians of {repeat}")
    print(f"{header}{'growth':>8}")
    for tree in trees:
        previous: tuple[int, float] | None = None
        for count, middle in medians[tree.label]:
            slope = "" if previous is None else f"{growth(previous, (count, middle.cpu)):.2f}"
            line = f"{tree.label:<22}{count:>9}{middle.cpu:>8.1f}{middle.wall:>8.1f}"
            print(f"{line}{middle.peak_mib:>10.0f}{'':>7}{slope:>8}")
            previous = (count, middle.cpu)
        (first, small), (last, large) = medians[tree.label][0], medians[tree.label][-1]
        if last != first:
            on_cpu = growth((first, small.cpu), (last, large.cpu))
            on_wall = growth((first, small.wall), (last, large.wall))
            span = f"growth {first:,} -> {last:,}"
            print(f"{tree.label:<22}{span}: cpu {on_cpu:.2f}, wall {on_wall:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="1000,3000,10000")
    parser.add_argument("--format", default="md,html,pdf,json")
    parser.add_argument("--rev", action="append", default=[], help="also time this revision")
    parser.add_argument("--no-work", action="store_true", help="time only the --rev revisions")
    parser.add_argument("--repeat", type=int, default=1, help="builds per count and tree")
    parser.add_argument("--help-runs", type=int, default=7, help="0 skips timing --help")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",") if c]
    with ExitStack() as stack:
        trees = timed_trees(stack, args.rev, args.no_work, "build-scale-revs-")
        if counts:
            scale(trees, counts, args.format, args.repeat)
        if args.help_runs:
            time_help(trees, args.help_runs)
        print(f"load {os.getloadavg()[0]:.2f} at the end")


def timed_trees(stack: ExitStack, revs: Sequence[str], no_work: bool, prefix: str) -> list[Tree]:
    """This working tree (unless ``no_work``) and each of ``revs`` checked out until ``stack``
    closes; the host, its load and each tree's commit printed."""
    parent = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=prefix)))
    trees = [] if no_work else [Tree("work", ROOT)]
    trees += [stack.enter_context(checked_out(rev, parent)) for rev in revs]
    trees = [tree.compiled() for tree in trees]
    if not trees:
        raise SystemExit("nothing to time: --no-work needs a --rev")
    print(f"host: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at start")
    for tree in trees:
        print(f"tree {tree.label}: {tree.path} (commit {commit_of(tree)})")
    return trees


def commit_of(tree: Tree) -> str:
    """The tree's HEAD commit, with "+changes" when its briefer/ differs from HEAD."""
    head = subprocess.run(
        ["git", "-C", str(tree.path), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(tree.path), "status", "--porcelain", "--", "briefer", "pyproject.toml"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{head}+changes" if dirty else head


if __name__ == "__main__":
    main()
