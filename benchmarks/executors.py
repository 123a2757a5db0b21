"""`briefer build` on local, processes and a 2-worker Dask LocalCluster: wall, CPU, peak memory.

Usage: python benchmarks/executors.py [--counts 10000,100000] [--repeat 3]
       [--executors local,processes,dask] [--steps 1000,10000]

The articles are build_scale.py's (real dev-set stories recombined into
distinct articles). Every build is its own client process writing brief.json
(rendering is the same on every executor and not what is measured). For each:
wall seconds; the client's own CPU (user + system) and peak resident memory;
the workers' CPU and the largest worker's peak: for ``processes`` the pool's
processes (the client's descendants, sampled every 0.1 s with psutil: the pool
is started by the build, so its start-up counts), for ``dask`` the two worker
processes of a ``distributed.LocalCluster`` (processes=True, one thread each)
started fresh for the build and warmed (imports, NLTK data: once per worker's
life on a long-running cluster), read with ``Client.run(getrusage)`` before
and after the build. The brief.json files of
the three executors are compared byte for byte. With ``--repeat N`` the
figures are medians of N builds, the executors alternating.

``--steps`` times the client's global steps in one process (local executor)
at each count, by wrapping the pipeline's stage calls, and prints each step's
growth exponent between counts: which steps grow faster than linearly.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from build_scale import DATE, ROOT, growth, write_articles

# Run as the client: build, then print own and children's CPU and peak memory.
CLIENT = """
import resource, sys, threading, time
import psutil
from briefer.cli import main

# The pool's processes are the forkserver's children, not waited for by this process:
# sample every descendant's CPU and resident memory instead (the last sample is kept).
seen = {}
def sample():
    me = psutil.Process()
    while True:
        for child in me.children(recursive=True):
            try:
                times, rss = child.cpu_times(), child.memory_info().rss
            except psutil.Error:
                continue
            cpu = times.user + times.system
            seen[child.pid] = (max(cpu, seen.get(child.pid, (0, 0))[0]),
                               max(rss, seen.get(child.pid, (0, 0))[1]))
        time.sleep(0.1)
threading.Thread(target=sample, daemon=True).start()
try:
    main(sys.argv[1:])
except SystemExit as done:
    me = resource.getrusage(resource.RUSAGE_SELF)
    cpu = sum(c for c, _ in seen.values())
    peak = max((r for _, r in seen.values()), default=0) // 1024
    print(f"usage {me.ru_utime + me.ru_stime} {me.ru_maxrss} {cpu} {peak}", file=sys.stderr)
    raise
"""


@dataclass(frozen=True)
class Measured:
    wall: float
    client_cpu: float
    client_peak_mib: float
    worker_cpu: float
    worker_peak_mib: float


def build(folder: Path, output: Path, executor: str) -> Measured:
    """One client process building FOLDER with EXECUTOR; the workers' part added by the caller."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CLIENT,
            "build",
            str(folder),
            "--date",
            DATE,
            "--output-dir",
            str(output),
            "--format",
            "json",
            "-q",
            "--executor",
            executor,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build with {executor} failed:\n{done.stderr.strip()}")
    cpu, peak, kids_cpu, kids_peak = done.stderr.rsplit("usage ", 1)[1].split()[:4]
    return Measured(wall, float(cpu), int(peak) / 1024, float(kids_cpu), int(kids_peak) / 1024)


@contextmanager
def local_cluster() -> Iterator[tuple[str, object]]:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
            silence_logs=50,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield "dask://" + cluster.scheduler_address.removeprefix("tcp://"), client


def _worker_usage() -> tuple[float, int]:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def _warm() -> None:
    """A worker's imports and data loading, done once when a long-running worker starts."""
    import datetime as dt

    from briefer.model import Article
    from briefer.pipeline.per_article import Wanted, article_work

    sample = Article("w", "t", dt.date(2026, 1, 1), "w", ("He will visit Paris on May 2.",))
    article_work(sample, Wanted(events=True, sketch=True))


def build_on_dask(folder: Path, output: Path) -> Measured:
    with local_cluster() as (address, client):
        client.run(_warm)  # type: ignore[attr-defined]
        before = client.run(_worker_usage)  # type: ignore[attr-defined]
        measured = build(folder, output, address)
        after = client.run(_worker_usage)  # type: ignore[attr-defined]
    cpu = sum(after[w][0] - before[w][0] for w in after)
    peak = max(after[w][1] for w in after) / 1024
    return Measured(measured.wall, measured.client_cpu, measured.client_peak_mib, cpu, peak)


def compare_executors(counts: list[int], executors: list[str], repeat: int) -> None:
    print(f"host: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; medians of {repeat}")
    header = (
        f"{'articles':>9} {'executor':<10}{'wall s':>8}{'client cpu':>11}"
        f"{'client MiB':>11}{'workers cpu':>12}{'worker MiB':>11}{'total cpu':>10}"
    )
    print(header)
    with tempfile.TemporaryDirectory(prefix="executors-") as temporary:
        for count in counts:
            folder = Path(temporary) / f"articles-{count}"
            write_articles(folder, count)
            runs: dict[str, list[Measured]] = {e: [] for e in executors}
            briefs: dict[str, bytes] = {}
            for attempt in range(repeat):
                for executor in executors:
                    output = Path(temporary) / f"out-{count}-{executor}-{attempt}"
                    if executor == "dask":
                        done = build_on_dask(folder, output)
                    else:
                        done = build(folder, output, executor)
                    runs[executor].append(done)
                    briefs[executor] = next(output.rglob("brief.json")).read_bytes()
                    print(
                        f"{count:>9} {executor:<10}{_row(done)}  (build {attempt + 1})", flush=True
                    )
            for executor in executors:
                middle = Measured(
                    *(
                        statistics.median(getattr(r, f) for r in runs[executor])
                        for f in Measured.__dataclass_fields__
                    )
                )
                print(f"{count:>9} {executor:<10}{_row(middle)}  median", flush=True)
            same = len(set(briefs.values())) == 1
            print(
                f"{count:>9} brief.json {'identical' if same else 'DIFFERS'} across "
                f"{', '.join(executors)}",
                flush=True,
            )


def _row(m: Measured) -> str:
    return (
        f"{m.wall:>8.1f}{m.client_cpu:>11.1f}{m.client_peak_mib:>11.0f}"
        f"{m.worker_cpu:>12.1f}{m.worker_peak_mib:>11.0f}"
        f"{m.client_cpu + m.worker_cpu:>10.1f}"
    )


STEPS = {
    "briefer.pipeline": [
        "read_and_work",
        "topics_of",
        "group_stories",
        "read_timeline",
        "compose_brief",
    ],
    "briefer.pipeline.per_article": ["article_work"],
    "briefer.ingest.dedupe": ["fold_duplicates_at"],
    "briefer.compose.brief": ["topic_section", "outlook_section", "number_sources"],
}


def time_steps(counts: list[int]) -> None:
    """CPU seconds of each stage call of a local build, per count, and their growth."""
    import datetime as dt
    import importlib

    from briefer.pipeline import build_brief

    totals: dict[str, float] = {}

    def timed(name: str, function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals[name] = totals.get(name, 0.0) + time.process_time() - started

        return wrapper

    for module_name, names in STEPS.items():
        module = importlib.import_module(module_name)
        for name in names:
            setattr(module, name, timed(name, getattr(module, name)))
    rows: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="executor-steps-") as temporary:
        for count in counts:
            folder = Path(temporary) / str(count)
            write_articles(folder, count)
            totals.clear()
            started = time.process_time()
            build_brief([folder], dt.date.fromisoformat(DATE), executor="local")
            totals["whole build"] = time.process_time() - started
            rows[count] = dict(totals)
            print(
                f"steps at {count:,}: " + ", ".join(f"{k} {v:.2f}" for k, v in totals.items()),
                flush=True,
            )
    names = list(rows[counts[0]])
    print(f"\n{'step (cpu s)':<28}" + "".join(f"{c:>10,}" for c in counts) + f"{'growth':>8}")
    for name in names:
        values = [rows[c].get(name, 0.0) for c in counts]
        slope = "-"  # one count (or the same twice): no growth to give
        if counts[-1] != counts[0]:
            small, large = (counts[0], max(values[0], 1e-3)), (counts[-1], max(values[-1], 1e-3))
            slope = f"{growth(small, large):.2f}"
        print(f"{name:<28}" + "".join(f"{v:>10.2f}" for v in values) + f"{slope:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="10000")
    parser.add_argument("--executors", default="local,processes,dask")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--steps", default="", help="counts to time the global steps at")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",") if c]
    if counts:
        compare_executors(counts, args.executors.split(","), args.repeat)
    if args.steps:
        time_steps([int(c) for c in args.steps.split(",") if c])


if __name__ == "__main__":
    main()
