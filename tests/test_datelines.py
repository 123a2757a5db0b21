"""Datelines and wire credits ("MOSCOW (Reuters) - ", "(CNN)") are not in the first sentence."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import ModuleType

import pytest
from conftest import benchmark_module

import briefer
from briefer.ingest.files import read_article
from briefer.model import Article
from briefer.text.datelines import dateline_length
from briefer.text.sentences import segment_article


def _benchmark() -> ModuleType:
    """benchmarks/datelines.py: the scoring the floors below hold to."""
    return benchmark_module("datelines")


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("(CNN)The last time he spoke", "(CNN)"),
        ("(CNN) -- A man was", "(CNN) -- "),
        ("New Delhi, India (CNN)As the earth shook", "New Delhi, India (CNN)"),
        ("WASHINGTON (AP) _ The Senate voted", "WASHINGTON (AP) _ "),
        ("MOSCOW (Reuters) - Russia said", "MOSCOW (Reuters) - "),
        ("BEIJING, March 3 (Xinhua) -- China will", "BEIJING, March 3 (Xinhua) -- "),
        ("CLEVELAND (WJW) – A woman", "CLEVELAND (WJW) – "),
        ("PHNOM PENH, Cambodia _ Cambodia's ruling party", "PHNOM PENH, Cambodia _ "),
        ("NEW YORK — Police said", "NEW YORK — "),
        ("NEW DELHI: The government", "NEW DELHI: "),
        ("   WASHINGTON (AP) _ The Senate voted", "   WASHINGTON (AP) _ "),  # a wire file's indent
    ],
)
def test_a_dateline_or_wire_credit_is_found_whole(opening: str, dateline: str) -> None:
    assert opening[: dateline_length(opening)] == dateline


@pytest.mark.parametrize(
    "opening",
    [
        "(Almost) Everyone loves a long weekend.",  # a parenthesis that belongs to the sentence
        "Electronic Arts (EA) Chief Executive Andrew Wilson said",  # a name, not a place
        "Senator Marco Rubio (R-FL) said on Monday",
        "NATO — the alliance of 32 countries — met",  # an acronym before an aside
        "US — China talks resumed",
        "Secretary of State Marco Rubio will travel to Manila",
        "LONDON (Reuters) - ",  # nothing after it: no sentence to start
    ],
)
def test_an_opening_without_a_dateline_is_left_whole(opening: str) -> None:
    assert dateline_length(opening) == 0


def test_the_first_sentence_starts_after_the_dateline_and_offsets_still_index_the_text() -> None:
    article = Article(
        "a", "Drones", None, "a", ("KYIV, Ukraine (AP) — Drones hit Kyiv. Two died.", "Later.")
    )
    sentences = segment_article(article)
    assert [s.text for s in sentences] == ["Drones hit Kyiv.", "Two died.", "Later."]
    assert all(article.text[s.start : s.end] == s.text for s in sentences)


def test_only_the_first_paragraph_has_a_dateline() -> None:
    article = Article("a", "t", None, "a", ("First one.", "MOSCOW (Reuters) - Quoted later."))
    assert segment_article(article)[-1].text == "MOSCOW (Reuters) - Quoted later."


def test_a_brief_item_does_not_open_with_the_wire_credit(tmp_path: Path) -> None:
    text = (
        "KYIV, Ukraine (AP) — Russian drones struck Kyiv overnight, Ukraine's air force said, "
        "in the largest attack on the Ukrainian capital since the war began.\n\n"
        "Ukraine's air defence shot down most of the drones over Kyiv, officials said."
    )
    source = tmp_path / "day.jsonl"
    row = {"title": "Drones strike Kyiv", "date": "2026-12-03", "text": text}
    source.write_text(json.dumps(row) + "\n", encoding="utf-8")
    brief = briefer.build_brief([source], date=dt.date(2026, 12, 4))
    shown = [item.sentence.text for section in brief.sections for item in section.items]
    assert any(s.startswith("Russian drones struck Kyiv") for s in shown), shown
    assert not any("(AP)" in s for s in shown)


@pytest.mark.parametrize("half", ["tune", "held-out"])
def test_datelines_are_found_on_both_halves_of_the_labelled_openings(half: str) -> None:
    bench = _benchmark()
    openings = [o for o in bench.labelled_openings() if o.half == half]
    if not any(o.dateline for o in openings):
        pytest.skip("the openings with datelines (CNN/DM, ../shared/eval-dev) are not present")
    score = bench.score(openings)
    assert score.precision >= 0.95 and score.recall >= 0.9, score


def test_no_public_domain_release_loses_words_to_a_dateline() -> None:
    """The State Department sets ship with the project, so this holds wherever tests run."""
    bench = _benchmark()
    here = {"multidoc-dev", "state-department", "upcoming-dev", "us-relations-fresh"}
    releases = [o for o in bench.labelled_openings() if o.source in here]
    assert len(releases) == 79 and bench.score(releases).found == 0


def test_an_untitled_article_is_named_by_its_first_sentence_not_its_credit(tmp_path: Path) -> None:
    path = tmp_path / "untitled.txt"
    path.write_text("(CNN)The last time Frank Jordan spoke with his son, he was at sea.\n")
    assert (
        read_article(path).title == "The last time Frank Jordan spoke with his son, he was at sea."
    )
