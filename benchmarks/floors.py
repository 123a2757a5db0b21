"""The floors under a build: Punkt alone, one tokenising pass, WeasyPrint alone, on 3,000 articles.

Usage: python benchmarks/floors.py [--articles 3000] [--rev REV ...] [--no-work] [--repeat 3]

A build cannot cost less than splitting its texts into sentences once,
splitting and stemming every sentence's words once, and laying its brief out
as a PDF once. This times each of those alone, on the day
benchmarks/build_scale.py makes (real dev-set stories recombined into distinct
articles), so a build's figures can be read against them:

- Punkt as NLTK ships it: ``PunktSentenceTokenizer`` with briefer's news
  abbreviations and NLTK's own patterns, over every paragraph of every article;
- the tree's ``sentence_spans`` over the same paragraphs (briefer's Punkt, which
  compiles Punkt's patterns with ``re`` after the house, and splits a paragraph the
  day repeats once), and whether its spans are NLTK's;
- one tokenising pass: the tree's ``split_words`` and ``stem`` on every sentence,
  the stem cache emptied first; and the tree's token record (``tokenize``) where
  it has one (its cache of repeated sentences emptied first too);
- WeasyPrint alone: the brief's own HTML (``briefer build --format html`` of the
  same day, by the same tree) to PDF, WeasyPrint's import timed apart.

"cpu s" is process time (user + system), "wall s" elapsed, medians of
``--repeat`` runs. ``--rev REV`` times a revision too, from a temporary git
worktree with PYTHONPATH pointing at it (see build_scale.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from types import ModuleType
from typing import Any

from build_scale import DATE, ROOT, Tree, checked_out, commit_of, run, write_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--rev", action="append", default=[], help="also time this revision")
    parser.add_argument("--no-work", action="store_true", help="time only the --rev revisions")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--measure", nargs=3, metavar=("TREE", "ARTICLES", "HTML"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.measure:
        measure(*(Path(p) for p in args.measure), repeat=args.repeat)
        return
    with ExitStack() as stack:
        temporary = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="floors-")))
        trees = [] if args.no_work else [Tree("work", ROOT)]
        trees += [stack.enter_context(checked_out(rev, temporary)) for rev in args.rev]
        folder = temporary / "articles"
        write_articles(folder, args.articles)
        print(
            f"{args.articles:,} articles; medians of {args.repeat}; load {os.getloadavg()[0]:.2f}"
        )
        for tree in trees:
            print(f"\ntree {tree.label} (commit {commit_of(tree)})", flush=True)
            output = temporary / f"html-{trees.index(tree)}"
            build = ["build", str(folder), "--date", DATE, "--output-dir", str(output)]
            built = run(tree, *build, "--format", "html")
            print(f"  (build --format html: {built.cpu:.1f} s cpu, {built.wall:.1f} s wall)")
            html = output / DATE / "brief.html"
            command = [sys.executable, __file__, "--repeat", str(args.repeat), "--measure"]
            command += [str(tree.path), str(folder), str(html)]
            subprocess.run(command, env=tree.environment(), check=True)
        print(f"\nload {os.getloadavg()[0]:.2f} at the end")


def measure(tree: Path, folder: Path, html_path: Path, repeat: int) -> None:
    """In a process that imports TREE's briefer: time each floor and print a line for it."""
    import briefer

    if not Path(briefer.__file__).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"imported the briefer in {briefer.__file__}, not the one in {tree}")
    sentences_module, words_module = tree_modules()
    paragraphs = article_paragraphs(folder)
    print(f"  {'floor':<48}{'cpu s':>8}{'wall s':>8}   count")

    stock = stock_punkt(sentences_module.NEWS_ABBREVIATIONS)
    nltk_spans = timed(
        "Punkt as NLTK ships it", repeat, lambda: [list(stock(p)) for p in paragraphs]
    )

    def cold_spans() -> list[list[tuple[int, int]]]:
        # Cold each time: a tree that keeps a repeated paragraph's spans starts afresh.
        getattr(getattr(sentences_module, "_spans", None), "cache_clear", lambda: None)()
        return [sentences_module.sentence_spans(p) for p in paragraphs]

    tree_spans = timed("the tree's sentence_spans", repeat, cold_spans)
    nonblank = [
        [s for s in spans if p[s[0] : s[1]].strip()]
        for p, spans in zip(paragraphs, nltk_spans, strict=True)
    ]
    print(f"  {'':<48}same spans as NLTK's: {nonblank == tree_spans}")
    sentences = [p[s:e] for p, spans in zip(paragraphs, tree_spans, strict=True) for s, e in spans]
    print(f"  {'':<48}{len(paragraphs):,} paragraphs, {len(sentences):,} sentences")

    stem, split_words = words_module.stem, sentences_module.split_words

    def one_pass() -> list[tuple[list[str], list[str]]]:
        stem.cache_clear()
        return [(words, [stem(w) for w in words]) for words in map(split_words, sentences)]

    timed("one tokenising pass: split_words + stem", repeat, one_pass)
    tokenize = tree_tokenize()
    if tokenize is not None:

        def records() -> list[object]:
            stem.cache_clear()
            getattr(tokenize, "cache_clear", lambda: None)()  # the tree's records, if kept
            return [tokenize(s) for s in sentences]

        timed("the tree's token record (tokenize)", repeat, records)

    started, cpu = time.perf_counter(), time.process_time()
    from weasyprint import HTML

    wall = time.perf_counter() - started
    print(f"  {'import weasyprint':<48}{time.process_time() - cpu:>8.2f}{wall:>8.2f}")
    html = html_path.read_text(encoding="utf-8")
    base = html_path.parent.as_uri() + "/"
    pdf = timed(
        "WeasyPrint alone: brief.html to PDF",
        repeat,
        lambda: HTML(string=html, base_url=base).write_pdf(),
    )
    print(f"  {'':<48}{len(html):,} characters of HTML, {len(pdf):,} bytes of PDF")


def tree_modules() -> tuple[ModuleType, ModuleType]:
    """The tree's sentence and word modules, in the layout before or after the house."""
    try:
        from briefer.text import sentences, words
    except ImportError:
        from briefer import segment as sentences  # type: ignore[attr-defined]
        from briefer import text as words
    return sentences, words


def tree_tokenize() -> Callable[[str], object] | None:
    """The tree's one-pass token record, where it has one."""
    try:
        from briefer.text.tokens import tokenize
    except ImportError:
        return None
    return tokenize


def stock_punkt(abbreviations: Sequence[str]) -> Callable[[str], Any]:
    """NLTK's Punkt with its own patterns, given briefer's abbreviations."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(abbreviations)
    return PunktSentenceTokenizer(params).span_tokenize


def article_paragraphs(folder: Path) -> list[str]:
    """Every paragraph of every article's body (the front matter left out)."""
    paragraphs = []
    for path in sorted(folder.glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        paragraphs += [p for p in body.split("\n\n") if p.strip()]
    return paragraphs


def timed(label: str, repeat: int, work: Callable[[], Any]) -> Any:
    """Run WORK REPEAT times; print the median CPU and wall seconds; return its last result."""
    cpus, walls = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    count = f"{len(result):,}" if hasattr(result, "__len__") else ""
    cpu_s, wall_s = statistics.median(cpus), statistics.median(walls)
    print(f"  {label:<48}{cpu_s:>8.2f}{wall_s:>8.2f}   {count}", flush=True)
    return result


if __name__ == "__main__":
    main()
