"""Hostile text (issue 15): choosing items costs the pairs alike in words, not all pairs.

``select_items`` tests a candidate with ``same_fact`` against the items said so far only
when their words are alike enough (the cosine floor), copies of one sentence cost one
cosine, and the outlook weighs at most ``[outlook] max_per_article`` sentences of an
article. Times and memory (the 12,000-sentence article of repeated sentences, the 1 MB and
7.8 MB sentences) are measured by ``benchmarks/hostile_table.py``.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import re
import resource
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from web_fixtures import seed_stories, state_department_stories

import briefer
from briefer.cli import main
from briefer.compose.facts import FactIndex
from briefer.compose.outlook import per_article
from briefer.compose.select import DIVERSITY, select_items
from briefer.config import Config
from briefer.model import Item, Sentence
from briefer.text.sentences import split_sentences
from briefer.text.tokens import tokenize


class CountingIndex(FactIndex):
    """A FactIndex that counts its ``same_fact`` tests and the cosines it works out."""

    same_facts = 0
    cosines = 0

    def same_fact(self, a: Sentence, b: Sentence) -> bool:
        self.same_facts += 1
        return super().same_fact(a, b)

    def _cosine(self, row_a: int, row_b: int) -> float:
        self.cosines += 1
        return super()._cosine(row_a, row_b)


def distinct_texts() -> list[str]:
    stories = [*state_department_stories(), *seed_stories()]
    return list(dict.fromkeys(s for story in stories for s in split_sentences(story.text)))


def sentences_of(texts: Sequence[str], article: str) -> list[Sentence]:
    return [
        Sentence(text, article, index, index // 4, 0, len(text), tokenize(text))
        for index, text in enumerate(texts)
    ]


def repeated_article(copies: int) -> list[Sentence]:
    """One article made of the distinct sentences of the fixtures, each ``copies`` times,
    in a random order."""
    texts = distinct_texts() * copies
    random.Random(copies).shuffle(texts)
    return sentences_of(texts, "repeated")


def scores_for(sentences: Sequence[Sentence]) -> list[float]:
    rng = random.Random(len(sentences))
    return [rng.random() for _ in sentences]


@pytest.mark.parametrize("copies", [4, 16])
def test_copies_of_a_sentence_are_tested_once_each_not_against_every_item(copies: int) -> None:
    candidates = repeated_article(copies)
    facts = CountingIndex(candidates, Config().duplicate_threshold)
    chosen = select_items(candidates, scores_for(candidates), len(candidates), facts)
    distinct = len(distinct_texts())
    assert len(chosen) <= distinct  # every copy after the first is the same fact
    # Linear: each copy is tested against the few items alike in words, and a pair of
    # distinct texts has its cosine worked out once, however many copies there are.
    # Before, each copy was tested against every item chosen: 20 times the candidates
    # (16 copies of 59 sentences: 19,500 tests), and each test worked out its cosine.
    assert facts.same_facts <= 2 * len(candidates)
    assert facts.cosines <= 3 * distinct


def test_many_varied_candidates_are_tested_only_against_items_alike_in_words() -> None:
    """Pieces of a long run of the seeds' words in a random order (a hostile page cut at
    200 words): many are alike enough in words to be tested, but far from all pairs."""
    vocabulary = sorted({w for s in seed_stories() for w in re.findall(r"\w+", s.text)})
    rng = random.Random(7)
    texts = [" ".join(rng.choice(vocabulary) for _ in range(200)) for _ in range(200)]
    candidates = sentences_of(texts, "varied")
    scores = scores_for(candidates)
    facts = CountingIndex(candidates, Config().duplicate_threshold)
    chosen = select_items(candidates, scores, len(candidates), facts)
    every_pair = CountingIndex(candidates, Config().duplicate_threshold)
    assert chosen == reference_select(candidates, scores, len(candidates), every_pair)
    assert len(chosen) < len(candidates)  # some pieces were one fact: tests that passed
    # Before, a candidate was tested against every item chosen before it (15,388 tests
    # here); now against those whose cosine with it reaches the floor (1,328).
    assert facts.same_facts * 5 < every_pair.same_facts


def reference_select(
    candidates: Sequence[Sentence],
    scores: Sequence[float],
    count: int,
    facts: FactIndex,
    already_said: Sequence[Item] = (),
) -> list[Item]:
    """The selection as it was: each candidate tested against every item said so far."""
    order = sorted(range(len(candidates)), key=lambda i: candidates[i].key)
    candidates = [candidates[i] for i in order]
    raw = np.asarray(scores, float)[order]
    relevance = raw / raw.max() if raw.max() > 0 else raw
    said = {s.key for item in already_said for s in (item.sentence, *item.also_reported_as)}
    rows = [row for row in facts.rows(candidates) if row is not None]
    assert len(rows) == len(candidates)
    redundancy = np.zeros(len(candidates))
    for item in already_said:
        redundancy = np.maximum(redundancy, facts.similarities_to(item.sentence)[rows])
    available = np.ones(len(candidates), bool)
    chosen: list[Item] = []
    while len(chosen) < count and available.any():
        best = int(np.argmax(np.where(available, relevance - DIVERSITY * redundancy, -np.inf)))
        available[best] = False
        sentence = candidates[best]
        earlier = [*already_said, *chosen]
        if sentence.key in said or (
            redundancy[best] >= facts.floor
            and any(facts.same_fact(item.sentence, sentence) for item in earlier)
        ):
            continue
        restated = facts.restatements(sentence)
        item = Item(
            sentence=sentence,
            score=float(raw[best]),
            source_ids=tuple(
                dict.fromkeys([sentence.article_id, *(s.article_id for s in restated)])
            ),
            also_reported_as=tuple(restated),
        )
        chosen.append(item)
        said.update(s.key for s in (sentence, *restated))
        redundancy = np.maximum(redundancy, facts.similarities_to(sentence)[rows])
    return chosen


def test_the_choice_is_the_one_every_pair_compared_gives() -> None:
    """Several articles telling the same stories (the fixtures, twice over in each, with
    copies and fragments): the same items, restatements and order as testing every pair."""
    texts = distinct_texts()
    rng = random.Random(3)
    articles = []
    for number in range(4):
        drawn = rng.sample(texts, len(texts) // 2) + rng.sample(texts, 10)
        articles += sentences_of(drawn, f"article-{number}")
    facts = FactIndex(articles, Config().duplicate_threshold)
    scores = scores_for(articles)
    said = select_items(articles, scores, 5, facts)
    rest = articles[len(articles) // 3 :]
    for count in (5, 40, len(rest)):
        assert select_items(rest, scores[len(articles) // 3 :], count, facts, said) == (
            reference_select(rest, scores[len(articles) // 3 :], count, facts, said)
        )


def test_a_cosine_is_the_one_scipy_works_out_to_the_last_bit() -> None:
    texts = distinct_texts()
    sentences = sentences_of(texts, "one") + sentences_of(list(reversed(texts)), "two")
    facts = FactIndex(sentences, 0.55)
    unit = facts._unit
    checked = 0
    for a in range(len(sentences)):
        for b in np.flatnonzero(facts.similarities_to(sentences[a]) > 0)[:10]:
            expected = float(unit[a].multiply(unit[int(b)]).sum())
            assert facts._cosine(a, int(b)) == expected
            checked += 1
    assert checked > 500


def test_the_outlook_weighs_at_most_max_per_article_sentences_of_an_article(
    caplog: pytest.LogCaptureFixture,
) -> None:
    texts = distinct_texts()
    big = sentences_of([*texts, *texts, *texts], "big")  # every sentence three times
    small = sentences_of(texts[:20], "small")
    candidates = [*small, *big]
    scores = scores_for(candidates)
    with caplog.at_level(logging.WARNING, logger="briefer"):
        kept, kept_scores = per_article(candidates, scores, 30)
    assert kept[: len(small)] == small  # under the limit: untouched
    of_big = kept[len(small) :]
    assert len(of_big) == 30 and len({s.text for s in of_big}) == 30  # one copy each
    best = sorted(zip(scores[len(small) :], big, strict=True), key=lambda p: -p[0])
    expected_best = list(dict.fromkeys(s.text for _, s in best))[:30]
    assert {s.text for s in of_big} == set(expected_best)
    assert [s.key for s in of_big] == sorted(s.key for s in of_big)  # order kept
    assert kept_scores == [scores[candidates.index(s)] for s in kept]
    assert [r.getMessage() for r in caplog.records] == [
        f"big: {len(big)} sentences of it may announce events; the outlook weighs its 30 "
        "best ([outlook] max_per_article)"
    ]
    assert per_article(candidates, scores, len(big)) == (candidates, scores)


def test_max_per_article_is_checked(tmp_path: Path) -> None:
    from briefer.compose.outlook import outlook_options
    from briefer.config import load_config

    assert outlook_options(Config()).max_per_article == 100
    config_file = tmp_path / "briefer.toml"
    config_file.write_text("[outlook]\nmax_per_article = 0\n", encoding="utf-8")
    with pytest.raises(briefer.ConfigError, match=r"outlook.max_per_article"):
        outlook_options(load_config(config_file))


@pytest.mark.slow
def test_an_article_of_12000_repeated_sentences_builds_in_10_s(tmp_path: Path) -> None:
    texts = distinct_texts()
    rng = random.Random(12_000)
    drawn = [rng.choice(texts) for _ in range(12_000)]
    body = "\n\n".join(" ".join(drawn[i : i + 4]) for i in range(0, len(drawn), 4))
    (tmp_path / "repeated.txt").write_text(f"date 2023-11-15\n\n{body}\n", encoding="utf-8")
    (tmp_path / "big.toml").write_text("[sources]\nmax_bytes = 10000000\n", encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "repeated.txt"), "--date", "2023-11-16", "--output-dir",
               str(tmp_path / "out"), "--format", "md", "--config", str(tmp_path / "big.toml")],
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / dt.date(2023, 11, 16).isoformat() / "brief.md").exists()
    assert "the outlook weighs its" in result.stderr
    assert cpu < 10, (cpu, time.perf_counter() - started)
    assert after.ru_maxrss < 1024 * 1024  # KiB: 1 GiB
