"""Duplicate folding by MinHash LSH finds what the exact all-pairs comparison finds."""

from __future__ import annotations

import os
import random
import subprocess
import sys

from web_fixtures import state_department_stories

from briefer.ingest import dedupe
from briefer.model import Article


def _exact_twins(texts: list[str]) -> list[int | None]:
    """For each text, the first earlier kept text at Jaccard >= threshold (all pairs)."""
    kept: list[tuple[int, set[int]]] = []
    twins: list[int | None] = []
    for number, text in enumerate(texts):
        grams = set(dedupe.shingles(text).tolist())
        twin = next(
            (
                position
                for position, other in kept
                if len(grams & other) / len(grams | other) >= dedupe.SAME_TEXT_THRESHOLD
            ),
            None,
        )
        twins.append(twin)
        if twin is None:
            kept.append((number, grams))
    return twins


def _edited(words: list[str], rng: random.Random, share: float) -> str:
    """The words with about ``share`` of them replaced: Jaccard falls around the threshold."""
    return " ".join(w if rng.random() > share else f"x{rng.randrange(10**6)}" for w in words)


def test_folds_equal_the_exact_comparison_on_texts_around_the_threshold() -> None:
    rng = random.Random(3)
    bodies = [" ".join(story.paragraphs).split() for story in state_department_stories()]
    texts = []
    for words in bodies:
        texts.append(" ".join(words))
        # 0.5-4.5% of words changed: 5-gram Jaccard from about 0.95 down to about 0.6
        texts.extend(
            _edited(words, rng, share) for share in (0.005, 0.01, 0.015, 0.02, 0.03, 0.045)
        )
    order = list(range(len(texts)))
    rng.shuffle(order)
    texts = [texts[n] for n in order]
    articles = [
        Article(id=f"a{n}", title="t", date=None, path=f"p{n}", paragraphs=(text,))
        for n, text in enumerate(texts)
    ]
    _, folded = dedupe.fold_duplicates(articles)
    expected = _exact_twins(texts)
    found = {int(f.location[1:]): int(f.kept_id[1:]) for f in folded}
    assert found == {n: twin for n, twin in enumerate(expected) if twin is not None}
    assert 20 < len(found) < len(texts) - len(bodies)  # some edits fold, others stay apart


def test_sketches_made_elsewhere_fold_the_same() -> None:
    stories = state_department_stories()
    articles = [
        Article(id=f"a{n}", title="t", date=None, path=f"p{n}", paragraphs=s.paragraphs)
        for n, s in enumerate([*stories, *stories[:5]])
    ]
    sketches = [dedupe.text_sketch(a.text) for a in articles]
    assert dedupe.fold_duplicates(articles, sketches) == dedupe.fold_duplicates(articles)
    assert len(sketches[0].signature) == 4 * dedupe.BANDS * dedupe.ROWS  # 768 bytes, not text


def test_a_sketch_is_the_same_in_another_process_with_another_hash_seed() -> None:
    text = " ".join(state_department_stories()[0].paragraphs)
    script = (
        "import sys; from briefer.ingest.dedupe import text_sketch; "
        "print(text_sketch(sys.stdin.read()).signature.hex())"
    )
    made = {
        subprocess.run(
            [sys.executable, "-c", script], input=text, capture_output=True, text=True,
            env={**os.environ, "PYTHONHASHSEED": seed}, check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }  # fmt: skip
    assert made == {dedupe.text_sketch(text).signature.hex()}


def test_a_sketch_made_paragraph_by_paragraph_is_the_whole_texts() -> None:
    """Paragraphs are hashed once each (a repeated one is reused); the 5-grams across a
    paragraph break are added per text: the signature is the one of the text in one piece."""
    rng = random.Random(11)
    paragraphs = [p for story in state_department_stories()[:6] for p in story.paragraphs]
    short = ["", "One.", "Two words", "Three short words", "Four words in all", "İstanbul ΐ ß"]
    for _ in range(300):
        chosen = [rng.choice(paragraphs + short * 3) for _ in range(rng.randint(1, 7))]
        text = "\n\n".join(chosen)
        whole = " ".join(chosen)  # the same words in one piece: no paragraph to reuse
        assert dedupe.shingles(text).tolist() == dedupe.shingles(whole).tolist()
        assert dedupe.text_sketch(text) == dedupe.sketch_of(dedupe.shingles(whole)), chosen


def test_a_long_text_is_sketched_in_blocks_with_the_same_minima() -> None:
    """A text of more shingles than one block (a 7.8 MB sentence has 1.2 million) is worked
    a block at a time: the minima are those of every shingle hashed at once, and the memory
    stays that of one block."""
    rng = random.Random(5)
    vocabulary = [f"w{n}" for n in range(5_000)]
    text = " ".join(rng.choice(vocabulary) for _ in range(3 * dedupe._MINIMA_BLOCK))
    grams = dedupe.shingles(text)
    assert len(grams) > 2 * dedupe._MINIMA_BLOCK
    low = grams.astype("uint32")
    with dedupe.np.errstate(over="ignore"):
        at_once = (low[:, None] * dedupe._MULTIPLIERS + dedupe._OFFSETS).min(axis=0)
    assert dedupe.sketch_of(grams).signature == at_once.tobytes()
