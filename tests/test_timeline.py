"""A brief dated D says what was known on D (briefer/compose/timeline.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

import briefer
from briefer.compose.timeline import TimelineOptions, is_stale_announcement, recency_weight

ROOT = Path(__file__).resolve().parents[1]


def _benchmark() -> object:
    path = ROOT / "benchmarks" / "timeline_eval.py"
    spec = importlib.util.spec_from_file_location("timeline_eval", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["timeline_eval"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("day", ["2022-03-01", "2022-05-24", "2022-08-03"])
def test_the_state_department_set_shows_nothing_later_or_stale(day: str) -> None:
    figures = _benchmark().measure(dt.date.fromisoformat(day))  # type: ignore[attr-defined]
    assert figures["sources after D"] == 0
    assert figures["past shown as coming"] == 0
    assert figures["cut-off"] <= day
    # Measured 9/10, 23/26, 31/36 after the stories merge (the script's text match misses some
    # repaired headlines); at least most old items show their date.
    assert figures["of them dated"] >= 0.8 * figures["items older than D-1"]


def test_an_article_after_the_brief_is_skipped_with_its_reason() -> None:
    brief = briefer.build_brief(
        [ROOT / "tests" / "data" / "upcoming-dev.jsonl"], dt.date(2022, 3, 1)
    )
    assert all(s.article.date and s.article.date <= dt.date(2022, 3, 1) for s in brief.sources)
    assert len(brief.skipped) == 23
    assert all("after the brief's date 2022-03-01" in s.reason for s in brief.skipped)


def test_stale_announcements_and_recency() -> None:
    options = TimelineOptions()
    said = dt.date(2022, 6, 22)
    text = "Secretary Blinken will travel to Germany on June 23."
    assert not is_stale_announcement(text, said, dt.date(2022, 6, 23), options)
    assert is_stale_announcement(text, said, dt.date(2022, 8, 3), options)  # June 23 passed
    undated = "Secretary Blinken will meet with his counterparts."
    assert not is_stale_announcement(undated, said, dt.date(2022, 6, 29), options)
    assert is_stale_announcement(undated, said, dt.date(2022, 6, 30), options)  # 8 days old
    assert not is_stale_announcement(
        "He met Lavrov on June 23.", dt.date(2022, 6, 24), dt.date(2022, 8, 3), options
    )
    assert recency_weight(said, dt.date(2022, 6, 25), options) == 0.5  # half-life 3 days
    assert recency_weight(None, dt.date(2022, 6, 25), options) == 1.0
    assert recency_weight(said, dt.date(2022, 6, 25), TimelineOptions(half_life_days=0)) == 1.0
