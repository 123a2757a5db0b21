"""Every row of issue 15's table, re-run: what each hostile case does to briefer today.

Usage: python benchmarks/hostile_table.py [--only GROUP ...] [--fuzz N] [--quick]

Groups:
- ``net``: benchmarks/hostile_net.py's cases (bodies that are paths, private addresses and
  redirects, malformed replies, dripping servers, the 7.8 MB feed, files that would vanish,
  a 50 MB file), in this process against loopback servers.
- ``size``: a 12,000-sentence article, one of 12,000 sentences drawn from a few dozen (the
  State Department stories'), one long unpunctuated sentence (6.8 KB, 1 MB, 7.8 MB
  of the seeds' words in a random order; ``max_bytes`` raised so it is read), the 7.8 MB
  feed with ``max_bytes`` raised, a 50 MB text file (default ``max_bytes``: skipped by its
  size), and the hostile folder (NUL bytes, a 2 MB word, punctuation only, UTF-16, cp1252,
  a symlink loop, a 30 MB file). Each build is its own process: wall time, CPU (user +
  system) and peak memory (``os.wait4``).
- ``dates``: 9999-12-31, 0001-01-01 and 2023-13-45 in a file's front matter and date lines,
  a page's metadata, a feed entry and a JSON Lines record.
- ``mail``: an SMTP server answering QUIT with 421 after accepting DATA, two daily runs.
- ``tests``: the rows pinned by slow tests (kill -9 between 250 and sent.json, 70 kill -9
  during builds, escaping, modes, the SMTP greeting dripped), run by pytest.
- ``fuzz``: tests/test_fuzz.py with ``--fuzz N`` examples (200 by default).

The 12,000-sentence article is the CNN/DailyMail and BBC dev texts (``../shared/eval-dev``,
read at run time, never copied) three times over. ``--quick`` leaves out the 7.8 MB sentence
and the slow tests. Prints one block per row: the case, its figure, its outcome.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

EVAL_DEV = ROOT / ".." / "shared" / "eval-dev"
WORDS = "Kyiv talks resumed with delegations from several capitals "
Row = tuple[str, str]  # (case, figure and outcome)


def timed_build(
    work: Path, *inputs: str, max_bytes: int | None = None
) -> tuple[tuple[float, float], int, str]:
    """`briefer build INPUTS` in its own process: ((wall, CPU seconds), peak KiB, summary)."""
    args = [sys.executable, "-m", "briefer.cli", "build", *inputs, "--date", "2023-11-16",
            "--output-dir", str(work / "out"), "--format", "md,json"]  # fmt: skip
    if max_bytes is not None:
        config = work / "big.toml"
        config.write_text(f"[sources]\nmax_bytes = {max_bytes}\n", encoding="utf-8")
        args += ["--config", str(config)]
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    stderr = process.stderr.read().decode("utf-8", errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in stderr.splitlines() if line.startswith(("skipped", "read ", "Err"))]
    if "Traceback" in stderr:
        lines.append("CRASH " + stderr.strip().splitlines()[-1])
    cpu = usage.ru_utime + usage.ru_stime
    return (took, cpu), usage.ru_maxrss, f"exit {process.returncode}; " + " | ".join(lines)


def figure(took: tuple[float, float], peak_kib: int) -> str:
    wall, cpu = took
    return f"{wall:6.1f} s wall, {cpu:6.1f} s CPU, {peak_kib / 1024:5.0f} MiB peak"


def sentence_file(path: Path, size: int) -> Path:
    """One sentence of ``size`` bytes: the seeds' words in a random order, no punctuation.

    Random, not a repeated phrase: pieces of a repeated phrase are all the same text, and
    the token and span caches would make them cost nothing.
    """
    import re

    from web_fixtures import seed_stories

    vocabulary = sorted({w for s in seed_stories() for w in re.findall(r"\w+", s.text)})
    rng = random.Random(size)
    words: list[str] = []
    length = 0
    while length < size:
        words.append(rng.choice(vocabulary))
        length += len(words[-1]) + 1
    path.write_text(f"date 2023-11-15\n\n{' '.join(words)}\n", encoding="utf-8")
    return path


def twelve_thousand_sentences(path: Path) -> tuple[Path, int]:
    from briefer.text.sentences import split_sentences

    paragraphs = []
    for name in ("cnndm-dev.jsonl", "bbc-news-summary.jsonl"):
        for line in (EVAL_DEV / name).read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            paragraphs += [p.strip() for p in text.split("\n\n") if p.strip()]
    paragraphs *= 3
    count = sum(len(split_sentences(p)) for p in paragraphs)
    path.write_text("date 2023-11-15\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path, count


def repeated_sentences(path: Path, count: int = 12_000) -> tuple[Path, int]:
    """One article of ``count`` sentences drawn at random from the State Department stories'.

    Every sentence is the copy of one of a few dozen: the case of an article (or a scraper's
    mistake) repeating itself, where identical sentences should cost once, not each time.
    """
    from web_fixtures import state_department_stories

    from briefer.text.sentences import split_sentences

    distinct = list(
        dict.fromkeys(
            s for story in state_department_stories() for s in split_sentences(story.text)
        )
    )
    rng = random.Random(count)
    drawn = [rng.choice(distinct) for _ in range(count)]
    paragraphs = [" ".join(drawn[i : i + 4]) for i in range(0, count, 4)]
    path.write_text("date 2023-11-15\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path, len(distinct)


def size_rows(work: Path, quick: bool) -> Iterator[Row]:
    from test_hostile_text import hostile_folder
    from web_fixtures import rss, seed_stories, state_department_stories

    (work / "one.txt").write_text(seed_stories()[0].text, encoding="utf-8")
    took, peak, outcome = timed_build(work, str(work / "one.txt"))
    yield (
        "baseline: one 3 KB news article (start-up and a whole build)",
        (f"{figure(took, peak)}  {outcome}"),
    )
    article, count = twelve_thousand_sentences(work / "twelve.txt")
    took, peak, outcome = timed_build(work, str(article), max_bytes=10_000_000)
    yield (
        f"one article of {count:,} sentences ({article.stat().st_size / 1e6:.1f} MB)",
        (f"{figure(took, peak)}  {outcome}"),
    )
    article, distinct = repeated_sentences(work / "repeated.txt")
    took, peak, outcome = timed_build(work, str(article), max_bytes=10_000_000)
    yield (
        f"one article of 12,000 sentences drawn from {distinct} distinct ones "
        f"({article.stat().st_size / 1e6:.1f} MB)",
        (f"{figure(took, peak)}  {outcome}"),
    )
    sizes = [6_800, 1_000_000] + ([] if quick else [7_800_000])
    for size in sizes:
        path = sentence_file(work / f"sentence-{size}.txt", size)
        took, peak, outcome = timed_build(work, str(path), max_bytes=10_000_000)
        yield (
            f"one unpunctuated sentence of {size:,} bytes, max_bytes 10 MB",
            (f"{figure(took, peak)}  {outcome}"),
        )
    words = (WORDS * 140_000)[:7_800_000]
    story = state_department_stories()[0]
    feed = rss("Big", "http://x", [(story, "", True)]).replace(
        "]]></content:encoded>", f"<p>{words}</p>]]></content:encoded>"
    )
    (work / "big.rss").write_text(feed, encoding="utf-8")
    took, peak, outcome = timed_build(work, str(work / "big.rss"), max_bytes=10_000_000)
    yield (
        "the 7.8 MB feed (NLTK's ReDoS guard), max_bytes 10 MB",
        f"{figure(took, peak)}  {outcome}",
    )
    folder = work / "hostile"
    expected = hostile_folder(folder)
    took, peak, outcome = timed_build(work, str(folder))
    named = {name: outcome.count(f"skipped {folder / name}:") for name in expected}
    yield (
        "the hostile folder (NUL, 2 MB word, punctuation, UTF-16, cp1252, loop, 30 MB)",
        (
            f"{figure(took, peak)}  bad files named {sorted(set(named.values()))} times each; "
            f"{outcome}"
        ),
    )
    big = work / "fifty.txt"
    line = (story.text + "\n\n").encode("utf-8")
    with big.open("wb") as handle:
        for _ in range(50_000_000 // len(line) + 1):
            handle.write(line)
    took, peak, outcome = timed_build(work, str(big))
    yield "a 50 MB text file, default max_bytes", f"{figure(took, peak)}  {outcome}"


def date_rows(work: Path, quick: bool) -> Iterator[Row]:
    from click.testing import CliRunner
    from test_hostile_text import BAD_DATES, write_dated_sources

    from briefer.cli import main

    for stated in BAD_DATES:
        folder = work / stated
        written = write_dated_sources(folder, stated)
        out = work / f"out-{stated}"
        result = CliRunner().invoke(
            main, ["build", str(folder), "--date", "2023-11-16", "--output-dir", str(out),
                   "--format", "json"],
        )  # fmt: skip
        crash = result.exception is not None and not isinstance(result.exception, SystemExit)
        warned = [line for line in result.stderr.splitlines() if "read as undated" in line]
        sources = json.loads((out / "2023-11-16" / "brief.json").read_text())["sources"]
        undated = sum(bool(s["undated"]) for s in sources)
        yield (
            f"{stated} in front matter, date line, inline, page, feed entry, JSON Lines",
            (
                f"{'CRASH ' if crash else ''}exit {result.exit_code}; {len(sources)} of "
                f"{len(written)} read, {undated} undated, {len(warned)} warning lines"
            ),
        )


def mail_rows(work: Path, quick: bool) -> Iterator[Row]:
    import datetime as dt

    from smtp_fixtures import SEEDS, Recorder, ServerFactory, write_config

    from briefer.config import load_config
    from briefer.deliver.daily import run_daily

    factory = ServerFactory()
    try:
        server = factory.start(Recorder(quit_reply="421 4.3.0 closing, sorry"))
        config_path = write_config(work / "mail.toml", server.port)
        with config_path.open("a", encoding="utf-8") as handle:
            handle.write(
                f'\n[sources]\npaths = ["{SEEDS}"]\n\n[brief]\noutput_dir = "output"\n'
                '\n[daily]\nsince = ""\n'  # the seeds are older than the daily window
            )
        config = load_config(config_path)
        date = dt.date(2026, 11, 23)
        at = dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.UTC)
        statuses = [run_daily(config, date, at).status for _ in range(2)]
        yield (
            "SMTP answers QUIT with 421 after accepting DATA; two daily runs",
            (f"runs: {statuses}; copies delivered: {len(server.recorder.accepted)}"),
        )
    finally:
        factory.stop()


def pytest_rows(work: Path, quick: bool) -> Iterator[Row]:
    rows = [
        ("kill -9 between the server's 250 and sent.json (10 kills)",
         "tests/test_hostile_out.py", "kill_9_after or ten_kills"),
        ("kill -9 during build, 70 times", "tests/test_hostile_out.py", "seventy"),
        ("SMTP greeting one byte per 2 s, timeout = 3", "tests/test_hostile_out.py", "greeting"),
        ("<script> / javascript: in titles; line breaks in JSON Lines fields",
         "tests/test_hostile_out.py", "hostile_title or line_break"),
        ("output files' mode under the umask", "tests/test_hostile_out.py", "umask"),
        ("HTTPS server dripping headers, [sources] ca_file", "tests/test_hostile_fetch.py",
         "https or ca_file or handshake"),
        ("a page cached by --allow-private, read without it", "tests/test_hostile_fetch.py",
         "cached"),
    ]  # fmt: skip
    for label, path, keyword in rows:
        if quick and keyword in ("seventy", "kill_9_after or ten_kills"):
            continue
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", path, "-k",
             keyword, "-m", "slow or not slow"],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        took = time.perf_counter() - started
        printed = [line for line in done.stdout.splitlines() if "kills" in line]
        summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
        yield label, f"{took:6.1f} s  {summary}" + (f" | {printed[0]}" if printed else "")


def fuzz_rows(work: Path, quick: bool, examples: int = 200) -> Iterator[Row]:
    log = work / "fuzz.log"
    environment = {**os.environ, "BRIEFER_FUZZ_EXAMPLES": str(examples),
                   "BRIEFER_FUZZ_LOG": str(log)}  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py",
         "-m", "slow"],
        cwd=ROOT, capture_output=True, text=True, env=environment,
    )  # fmt: skip
    took = time.perf_counter() - started
    cases = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    outcomes = Counter(case["outcome"] for case in cases)
    slowest = max((case["seconds"] for case in cases), default=0.0)
    yield (
        f"random fuzz harness (hypothesis), {examples} examples",
        (
            f"{took:6.1f} s  {len(cases)} cases tried: {dict(outcomes)}, slowest {slowest:.1f} s, "
            f"over 10 s: {sum(case['seconds'] > 10 for case in cases)}; "
            + (done.stdout.strip().splitlines() or ["?"])[-1]
        ),
    )


def net_rows(work: Path, quick: bool) -> Iterator[Row]:
    import hostile_net
    from web_fixtures import Site, serve

    for name, case in hostile_net.CASES.items():
        with tempfile.TemporaryDirectory() as tmp, serve(Site()) as site:
            os.environ["BRIEFER_CACHE_DIR"] = str(Path(tmp) / "cache")
            for label, took, outcome in case(Path(tmp), site):
                yield f"[{name}] {label}", f"{took:6.2f} s  {outcome}"


GROUPS: dict[str, Callable[[Path, bool], Iterator[Row]]] = {
    "net": net_rows, "size": size_rows, "dates": date_rows, "mail": mail_rows,
    "tests": pytest_rows, "fuzz": fuzz_rows,
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(GROUPS))
    parser.add_argument("--fuzz", type=int, default=200, help="fuzz examples (default 200)")
    parser.add_argument("--quick", action="store_true", help="leave out the longest runs")
    args = parser.parse_args()
    random.seed(15)
    for name, group in GROUPS.items():
        if args.only and name not in args.only:
            continue
        with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
            rows = (
                fuzz_rows(Path(tmp), args.quick, args.fuzz)
                if name == "fuzz"
                else group(Path(tmp), args.quick)
            )
            for label, outcome in rows:
                print(f"{label}\n    {outcome}", flush=True)


if __name__ == "__main__":
    main()
