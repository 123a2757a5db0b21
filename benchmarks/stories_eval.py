"""Pairwise precision and recall of the story grouping, on both halves of the story set.

Usage: python benchmarks/stories_eval.py [--grid | --dev | --errors]

The set is tests/data/stories/story_units.jsonl (benchmarks/make_story_sets.py):
the seeds (one story), the 27 State Department releases (each its own story),
each CNN/DM dev story as its article and its highlights, each BBC dev story as
the first half of its paragraphs and the rest; the copyrighted texts are read
from ../shared/eval-dev. Each half is grouped as one day's articles, and every
pair of its units counts: precision is the share of pairs put in one story
that are one story, recall the share of same-story pairs put together.
``--grid`` prints the figures for other thresholds (half "a" picks them).

The fresh set (tests/data/stories/story_units_fresh.jsonl, built on 2 December
after half "b" of the first had been read; see make_story_sets.fresh_story_units)
cuts the same stories into other parts and adds 24 dated Wikinews stories; its
half "b" was held out until it was read on 3 December.

The tellings set (tests/data/stories/story_units_tellings.jsonl, built on 3
December before any rule was tuned on it; see make_story_sets.tellings_story_units)
holds whole articles: the seeds, the 27 releases, each CNN/DM story with crowd
summaries as its article and its 10 summaries, every other CNN/DM and BBC story
whole. ``--errors`` prints the false pairs of the tellings and other sets'
half "a" (never half "b") by kind, and the hard set's half "a" mistakes.

The hard set (tests/data/stories/story_pairs_hard.jsonl, built on 3 December
before any rule ran on it; see make_story_sets.hard_story_pairs) lists pairs:
negatives a word-overlap or shared-name rule would link, positives told by
other hands. Each half's units are grouped as one day and only the listed
pairs count. Its half "b" is the held-out figure (read four times on 3
December: before the count veto, with a link-share candidate, with the count
veto, with a trip rule that was then left out; P 1.000 every time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from briefer.ingest.files import read_article
from briefer.model import Article
from briefer.text.sentences import split_sentences
from briefer.topics.stories import StoryOptions, group_stories

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "tests" / "data" / "stories" / "story_units.jsonl"
FRESH = ROOT / "tests" / "data" / "stories" / "story_units_fresh.jsonl"
TELLINGS = ROOT / "tests" / "data" / "stories" / "story_units_tellings.jsonl"
HARD = ROOT / "tests" / "data" / "stories" / "story_pairs_hard.jsonl"
MULTIDOC = ROOT / "tests" / "data" / "multidoc-dev.jsonl"
STATE = ROOT / "tests" / "data" / "upcoming-dev.jsonl"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"


def _rows(path: Path) -> dict[str, dict[str, object]]:
    if not path.exists():
        return {}
    return {row["id"]: row for row in map(json.loads, path.read_text("utf-8").splitlines())}


def units(eval_dev: Path = EVAL_DEV, path: Path = UNITS) -> list[tuple[Article, str, str]]:
    """(article, story label, half) of every unit whose text is at hand."""
    state = _rows(STATE)
    sets = {
        "cnndm": _rows(eval_dev / "cnndm-dev.jsonl"),
        "bbc": _rows(eval_dev / "bbc-news-summary.jsonl"),
    }
    gum = _gum(eval_dev / "segmentation-gum-news.json")
    found = []
    for row in map(json.loads, path.read_text("utf-8").splitlines()):
        kind, _, rest = row["unit"].partition(":")
        if path == FRESH:
            article = _fresh_article(kind, rest, row["unit"], state, sets, gum)
        else:
            article = _article(kind, rest, row["unit"], state, sets)
        if article is not None:
            found.append((article, row["story"], row["half"]))
    return found


_DATELINE = re.compile(r"^[A-Z][a-z]+day, ([A-Z][a-z]+ \d{1,2}, \d{4})\s*")


def _gum(path: Path) -> dict[str, tuple[dt.date | None, list[str]]]:
    """Each GUM Wikinews story: its dateline's date and its paragraphs (dateline cut)."""
    if not path.exists():
        return {}
    docs: dict[str, list[str]] = {}
    for item in json.loads(path.read_text("utf-8"))["items"]:
        docs.setdefault(item["doc"], []).append(item["text"])
    found: dict[str, tuple[dt.date | None, list[str]]] = {}
    for doc, paragraphs in docs.items():
        match = _DATELINE.match(paragraphs[0])
        date = dt.datetime.strptime(match[1], "%B %d, %Y").date() if match else None
        first = paragraphs[0][match.end() :] if match else paragraphs[0]
        found[doc] = (date, [p for p in [first, *paragraphs[1:]] if p.strip()])
    return found


def _halves(parts: list[str], part: str) -> tuple[str, ...]:
    """The first half of ``parts`` (``lead``/``first``) or the rest."""
    middle = max(1, (len(parts) + 1) // 2)
    return tuple(parts[:middle] if part in ("lead", "first") else parts[middle:])


def _fresh_article(
    kind: str,
    rest: str,
    unit: str,
    state: dict[str, dict[str, object]],
    sets: dict[str, dict[str, dict[str, object]]],
    gum: dict[str, tuple[dt.date | None, list[str]]],
) -> Article | None:
    """A unit of the fresh set: one part of a seed, a release, a story (see the docstring)."""
    source, _, part = rest.rpartition(":")
    date: dt.date | None = None
    if kind == "seeds":
        seed = read_article(ROOT / source)
        paragraphs, date = _halves(list(seed.paragraphs), part), seed.date
    elif kind == "state":
        release = state[source]
        sentences = [s for p in str(release["text"]).split("\n\n") for s in split_sentences(p)]
        paragraphs, date = _halves(sentences, part), dt.date.fromisoformat(str(release["date"]))
    elif kind == "gum":
        if source not in gum:
            return None
        date, body = gum[source]
        paragraphs = _halves(body, part)
    else:
        story = sets[kind].get(source)
        if story is None:
            return None
        text = str(story["text"])
        if part == "summary":
            paragraphs = tuple(story["reference_sentences"])  # type: ignore[arg-type]
        elif part == "unsummarised":
            summary = set(story["reference_sentences"])  # type: ignore[arg-type]
            paragraphs = tuple(
                " ".join(s for s in split_sentences(p) if s not in summary)
                for p in text.split("\n\n")
            )
        else:
            paragraphs = _halves(split_sentences(text), part)
    paragraphs = tuple(p for p in paragraphs if p.strip())
    if not paragraphs:
        return None
    return Article(id=unit, title="", date=date, path=unit, paragraphs=paragraphs)


def _article(
    kind: str,
    rest: str,
    unit: str,
    state: dict[str, dict[str, object]],
    sets: dict[str, dict[str, dict[str, object]]],
) -> Article | None:
    if kind == "seeds":
        article = read_article(ROOT / rest)
        return replace(article, id=unit, title="")
    if kind == "state":
        release = state[rest]
        paragraphs = tuple(str(release["text"]).split("\n\n"))
        date = dt.date.fromisoformat(str(release["date"]))
        return Article(id=unit, title="", date=date, path=unit, paragraphs=paragraphs)
    story_id, _, part = rest.rpartition(":")
    story = sets[kind].get(story_id)
    if story is None:
        return None
    if part == "highlights":
        paragraphs = tuple(story["reference_sentences"])  # type: ignore[arg-type]
    elif part.startswith("crowd"):
        paragraphs = (str(story["additional_references"][int(part[5:])]),)  # type: ignore[index]
    else:
        body = [p for p in str(story["text"]).split("\n\n") if p.strip()]
        middle = max(1, len(body) // 2)
        paragraphs = tuple(
            body if part == "article" else body[:middle] if part == "lead" else body[middle:]
        )
    if not paragraphs:
        return None
    return Article(id=unit, title="", date=None, path=unit, paragraphs=paragraphs)


def whole_articles(eval_dev: Path = EVAL_DEV) -> dict[str, Article]:
    """Every unit the hard pair set can name, by its name (the texts at hand only).

    ``state:ID`` (a release), ``multidoc:CLUSTER:N`` (a release of
    tests/data/multidoc-dev.jsonl, dated), ``seeds:PATH``, ``gum:DOC`` (a
    Wikinews story, dated by its dateline), ``bbc:ID:article``,
    ``cnndm:ID:article``, ``cnndm:ID:highlights`` and ``cnndm:ID:crowdK``.
    """
    state = _rows(STATE)
    sets = {
        "cnndm": _rows(eval_dev / "cnndm-dev.jsonl"),
        "bbc": _rows(eval_dev / "bbc-news-summary.jsonl"),
    }
    found: dict[str, Article] = {}

    def add(unit: str, date: dt.date | None, paragraphs: list[str]) -> None:
        kept = tuple(p for p in paragraphs if p.strip())
        if kept:
            found[unit] = Article(id=unit, title="", date=date, path=unit, paragraphs=kept)

    for path in sorted((ROOT / "seeds").glob("*.txt")):
        unit = f"seeds:seeds/{path.name}"
        found[unit] = replace(read_article(path), id=unit, title="")
    for release in state:
        article = _article("state", release, f"state:{release}", state, sets)
        assert article is not None
        found[article.id] = article
    for row in map(json.loads, MULTIDOC.read_text("utf-8").splitlines()):
        for number, (source, text) in enumerate(zip(row["sources"], row["documents"], strict=True)):
            date = dt.date.fromisoformat(source["date"])
            add(f"multidoc:{row['id']}:{number}", date, text.split("\n\n"))
    for doc, (date, paragraphs) in _gum(eval_dev / "segmentation-gum-news.json").items():
        add(f"gum:{doc}", date, paragraphs)
    for story in sets["bbc"]:
        article = _article("bbc", f"{story}:article", f"bbc:{story}:article", state, sets)
        if article is not None:
            found[article.id] = article
    for story, row in sets["cnndm"].items():
        crowd = row.get("additional_references") or []
        for part in ["article", "highlights", *(f"crowd{k}" for k in range(len(crowd)))]:
            unit = f"cnndm:{story}:{part}"
            article = _article("cnndm", f"{story}:{part}", unit, state, sets)
            if article is not None:
                found[unit] = article
    return found


def hard_pairs(path: Path = HARD) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def pair_scores(
    articles: dict[str, Article], rows: list[dict[str, object]], half: str, options: StoryOptions
) -> dict[str, float]:
    """Precision and recall over the listed pairs of one half, its units grouped as one day.

    Only the listed pairs count: the negatives are the hard ones (a word-overlap
    or shared-name rule links them), not the thousands of easy pairs of a day.
    """
    chosen = [row for row in rows if row["half"] == half]
    units = sorted({str(row[side]) for row in chosen for side in ("a", "b")} & set(articles))
    stories = group_stories([articles[unit] for unit in units], options)
    tp = fp = fn = tn = 0
    for row in chosen:
        a, b = str(row["a"]), str(row["b"])
        if a not in stories or b not in stories:
            continue
        together = stories[a] == stories[b]
        tp += bool(row["same"]) and together
        fn += bool(row["same"]) and not together
        fp += (not row["same"]) and together
        tn += (not row["same"]) and not together
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "same": tp + fn,
        "different": fp + tn,
        "false": fp,
        "units": len(units),
    }


def pairwise(
    found: list[tuple[Article, str, str]], half: str, options: StoryOptions
) -> tuple[float, float, int, int]:
    """(precision, recall, true pairs, predicted pairs) of one half grouped as one day."""
    chosen = [(a, label) for a, label, h in found if h == half]
    stories = group_stories([a for a, _ in chosen], options)
    tp = fp = fn = 0
    for (a, label_a), (b, label_b) in combinations(chosen, 2):
        same = label_a == label_b
        together = stories[a.id] == stories[b.id]
        tp += same and together
        fp += together and not same
        fn += same and not together
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp + fn, tp + fp


def groups(path: Path = TELLINGS) -> dict[str, str]:
    """Unit -> its group (``state``, ``bbc:sport``, ...), or its kind in sets without one."""
    rows = map(json.loads, path.read_text("utf-8").splitlines())
    return {row["unit"]: row.get("group", row["unit"].partition(":")[0]) for row in rows}


def false_pairs(
    found: list[tuple[Article, str, str]], half: str, options: StoryOptions
) -> list[tuple[str, str]]:
    """The unit pairs of one half put in one story though their stories differ."""
    chosen = [(a, label) for a, label, h in found if h == half]
    stories = group_stories([a for a, _ in chosen], options)
    return [
        (a.id, b.id)
        for (a, label_a), (b, label_b) in combinations(chosen, 2)
        if label_a != label_b and stories[a.id] == stories[b.id]
    ]


def _print_hard(halves: tuple[str, ...], errors: bool) -> None:
    """The hard pair set's figures per half (and with ``errors`` its half "a" mistakes)."""
    from collections import Counter

    articles, rows = whole_articles(), hard_pairs()
    for half in halves:
        found = pair_scores(articles, rows, half, StoryOptions())
        print(
            f"hard        half {half}  listed pairs:  P {found['precision']:.3f}"
            f"  R {found['recall']:.3f}  ({found['same']} same-story pairs,"
            f" {found['different']} hard different, {found['false']} put together;"
            f" {found['units']} units)"
        )
    if not errors:
        return
    chosen = [row for row in rows if row["half"] == "a"]
    units = sorted({str(row[side]) for row in chosen for side in ("a", "b")} & set(articles))
    stories = group_stories([articles[unit] for unit in units], StoryOptions())
    wrong: Counter[str] = Counter()
    for row in chosen:
        together = stories.get(str(row["a"])) == stories.get(str(row["b"]))
        if together != row["same"]:
            wrong[f"{'false' if together else 'missed'} {row['kind']}"] += 1
            print(f"   {'FALSE ' if together else 'missed'} {row['kind']}: {row['a']} ~ {row['b']}")
    print(f"hard half a errors: {dict(wrong)}")


def _print_errors(sets: dict[str, list[tuple[Article, str, str]]], paths: dict[str, Path]) -> None:
    from collections import Counter

    for name, found in sets.items():
        group = groups(paths[name])
        wrong = false_pairs(found, "a", StoryOptions())
        kinds = Counter(" / ".join(sorted((group[a], group[b]))) for a, b in wrong)
        print(f"{name} half a: {len(wrong)} false pairs: {dict(kinds)}")
        for a, b in wrong:
            print(f"   {a}  ~  {b}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--errors", action="store_true", help="the false pairs of every half a")
    parser.add_argument("--dev", action="store_true", help="half a only (tuning)")
    args = parser.parse_args()
    paths = {"story_units": UNITS, "fresh": FRESH, "tellings": TELLINGS}
    sets = {name: units(path=path) for name, path in paths.items()}
    if args.errors:
        _print_errors(sets, paths)
        _print_hard(("a",), errors=True)
        return
    print(", ".join(f"{name}: {len(found)} units" for name, found in sets.items()))
    options = StoryOptions()
    grid = [options]
    if args.grid:
        grid += [
            StoryOptions(words=w, named_words=n, names=m)
            for w in (0.2, 0.25, 0.3, 0.35, 0.4)
            for n in (0.08, 0.12, 0.16, 1.0)
            for m in (0.15, 0.25, 0.35)
        ]
    halves = ("a",) if args.grid or args.dev else ("a", "b")
    for opts in grid:
        for (name, found), half in ((item, h) for item in sets.items() for h in halves):
            p, r, true, predicted = pairwise(found, half, opts)
            print(
                f"{name:<11} half {half}  words {opts.words:.2f} "
                f"named_words {opts.named_words:.2f} names {opts.names:.2f}:  P {p:.3f}  R {r:.3f}"
                f"  ({true} same-story pairs, {predicted} put together)"
            )
    if not args.grid:
        _print_hard(halves, errors=False)


if __name__ == "__main__":
    main()
