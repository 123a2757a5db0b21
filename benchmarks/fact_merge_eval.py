"""False merges and restatement recall of the brief's same-fact test, on both halves.

Usage: python benchmarks/fact_merge_eval.py [--threshold 0.55]

The set is tests/data/stories/fact_pairs.jsonl (benchmarks/make_story_sets.py):
must-not-merge pairs of State Department sentences about different events,
and should-merge CNN/DM highlight restatements (read from ../shared/eval-dev).
"Merged" is what the brief's FactIndex does: stemmed-word cosine at or above
the threshold and ``briefer.factkey.same_fact``: the sentences agree on names,
places, numbers, months and mood, and their articles are at most a week apart.
Prints, per half, false merges (must-not-merge pairs merged) and recall on the
restatements: with cosine alone, with the text check, with the text check
and the articles' dates, and with ``restates`` (the FactIndex rule: a little
below the threshold when the two share a person or a number and neither points
back).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
from collections import Counter
from pathlib import Path

from briefer.text.keys import restates, same_fact
from briefer.text.sentences import split_sentences
from briefer.text.words import content_stems, cosine

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "data" / "stories" / "fact_pairs.jsonl"
STATE = ROOT / "tests" / "data" / "upcoming-dev.jsonl"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"


Pair = tuple[str, str, bool, str, str, int | None]


def labelled_pairs(eval_dev: Path = EVAL_DEV) -> list[Pair]:
    """(a, b, same, kind, half, days apart) of every pair; CNN/DM texts are looked up by id."""
    dates = {
        row["id"]: dt.date.fromisoformat(row["date"])
        for row in map(json.loads, STATE.read_text(encoding="utf-8").splitlines())
    }
    stories: dict[str, dict[str, object]] = {}
    cnndm = eval_dev / "cnndm-dev.jsonl"
    if cnndm.exists():
        for line in cnndm.read_text(encoding="utf-8").splitlines():
            story = json.loads(line)
            stories[story["id"]] = story
    pairs = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "a" in row:
            apart = (dates[row["a_id"]] - dates[row["b_id"]]).days
            pairs.append((row["a"], row["b"], row["same"], row["kind"], row["half"], apart))
            continue
        story = stories.get(row["id"])
        if story is None:
            continue
        by_hash = {
            hashlib.sha1(s.encode("utf-8")).hexdigest(): s
            for s in split_sentences(str(story["text"]))
        }
        sentence = by_hash.get(row["sentence_sha1"])
        highlights = story["reference_sentences"]
        assert isinstance(highlights, list)
        if sentence is not None:
            highlight = highlights[row["highlight"]]
            pairs.append((highlight, sentence, True, row["kind"], row["half"], 0))
    return pairs


def merged(a: str, b: str, threshold: float, rule: str, apart: int | None = None) -> bool:
    """Would the rule fold ``b`` into ``a``'s item? rule: "cosine", "text", "dates" or
    "close" (``restates``: a little below the threshold when anchored, the FactIndex rule)."""
    similarity = cosine(Counter(content_stems(a)), Counter(content_stems(b)))
    if rule == "close":
        return restates(a, b, similarity, threshold, apart)
    if rule == "cosine" or similarity < threshold:
        return similarity >= threshold
    return same_fact(a, b, apart if rule == "dates" else None)


def scores(pairs: list[Pair], threshold: float, rule: str, half: str) -> tuple[int, int, int, int]:
    """(false merges, must-not-merge pairs, restatements merged, restatements) of a half."""
    chosen = [p for p in pairs if p[4] == half]
    negatives = [p for p in chosen if not p[2]]
    positives = [p for p in chosen if p[2]]
    false = sum(merged(p[0], p[1], threshold, rule, p[5]) for p in negatives)
    true = sum(merged(p[0], p[1], threshold, rule, p[5]) for p in positives)
    return false, len(negatives), true, len(positives)


RULES = (
    ("cosine", "cosine only"),
    ("text", "+ same_fact"),
    ("dates", "+ article dates"),
    ("close", "+ close, anchored"),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=0.55)
    parser.add_argument("--show", action="store_true", help="print the false merges")
    args = parser.parse_args()
    pairs = labelled_pairs()
    print(f"threshold {args.threshold}")
    print("half  rule            false merges   restatement recall")
    for half in ("a", "b"):
        for rule, name in RULES:
            false, negatives, true, positives = scores(pairs, args.threshold, rule, half)
            recall = true / positives if positives else float("nan")
            print(
                f"{half:5} {name:15} {false:3} / {negatives:3}"
                f"     {recall:.3f} ({true}/{positives})"
            )
    if args.show:
        for a, b, same, kind, half, apart in pairs:
            if merged(a, b, args.threshold, "close", apart) != same:
                print(f"\n[{half}] {'missed' if same else 'FALSE MERGE'} ({kind})\n  {a}\n  {b}")


if __name__ == "__main__":
    main()
