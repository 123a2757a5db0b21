"""Dates: the tense read from the sentence, TIMEX3 values, the labelled set held to floors."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import briefer
from briefer.text.dates import describe_when, find_dates, when_bounds
from briefer.topics.events import detect_events

ROOT = Path(__file__).resolve().parents[1]


def _benchmark() -> ModuleType:
    """benchmarks/dates_eval.py: the scoring the floors below hold to."""
    path = ROOT / "benchmarks" / "dates_eval.py"
    spec = importlib.util.spec_from_file_location("dates_eval", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["dates_eval"] = module
    spec.loader.exec_module(module)
    return module


def _when(text: str, anchor: str, expression: str | None = None) -> str | None:
    """The value of the mention that holds ``expression`` (the only mention without it)."""
    mentions = find_dates(text, dt.date.fromisoformat(anchor))
    if expression is not None:
        mentions = [m for m in mentions if expression in m.text or m.text in expression]
    assert len(mentions) == 1, mentions
    return mentions[0].when


# --- The labelled set ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evaluation() -> ModuleType:
    return _benchmark()


def test_the_set_has_halves_of_labelled_news_sentences(evaluation: ModuleType) -> None:
    dev, held_out = evaluation.load("dev"), evaluation.load("held-out")
    fresh, fresh2 = evaluation.load("fresh"), evaluation.load("fresh2")
    assert len(dev) + len(held_out) >= 300 and len(fresh) >= 60 and len(fresh2) >= 60
    halves = [{r["sentence"] for r in rows} for rows in (dev, held_out, fresh, fresh2)]
    assert all(a.isdisjoint(b) for i, a in enumerate(halves) for b in halves[i + 1 :])
    kinds = {
        "weekday", "month-day", "day-range", "month", "year", "year-range", "decade", "century",
        "quarter", "half", "season", "fiscal-year", "week", "weekend", "relative",
    }  # fmt: skip
    for rows in (dev, held_out, fresh, fresh2):
        assert kinds <= {r["kind"] for r in rows}
        for row in rows:
            assert row["text"] in row["sentence"], row["id"]
            assert row["value"] is None or when_bounds(row["value"]), row["id"]
        past = [r for r in rows if r["value"] and when_bounds(r["value"])[1] < _anchor(r)]
        assert len(past) >= len(rows) / 3  # plenty of past-tense reporting


def _anchor(row: dict[str, str]) -> dt.date:
    return dt.date.fromisoformat(row["anchor"])


@pytest.mark.parametrize(
    ("half", "exact", "past_as_future"),
    # Measured: dev 317/317 exact, 0/154 past read as future; held-out (seen: its misses were
    # listed before the last rules) 291/291, 0/171; fresh 96/96, 0/62 (before the rules and
    # after); fresh2 80/80, 0/51 (76/80 when first run, unseen; its misses then seen). The
    # rules were written on dev only. Floors only move up.
    [("dev", 0.98, 0.01), ("held-out", 0.98, 0.01), ("fresh", 0.95, 0.01), ("fresh2", 0.93, 0.01)],
)
def test_the_resolver_holds_its_floors(
    evaluation: ModuleType, half: str, exact: float, past_as_future: float
) -> None:
    scores = evaluation.score(evaluation.load(half), evaluation.briefer_value)
    assert scores.accuracy >= exact, scores.errors
    assert scores.past_as_future_rate <= past_as_future, scores.errors


# --- The tense decides the direction --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "expression", "when"),
    [
        ("The bank said Friday it had raised rates.", "2024-03-06", None, "2024-03-01"),
        ("He pleaded guilty Thursday to fraud.", "2024-03-08", None, "2024-03-07"),
        ("On Feb. 28, Deutsche Bank released its results.", "2024-03-12", None, "2024-02-28"),
        ("The ministers will meet on Friday.", "2024-03-06", None, "2024-03-08"),
        ("He was arrested in early August.", "2024-09-05", None, "2024-08"),
        ("He was arrested in early August.", "2024-07-05", None, "2023-08"),
        ("She is due to visit in October.", "2024-05-19", None, "2024-10"),
        ("Prices rose in October, the office said.", "2024-05-19", None, "2023-10"),
        ("The plant, which closed on Monday, will reopen on Monday.", "2024-03-06", "closed",
         None),
        # A postponement looks ahead of the delay, however far "until" is from its verb.
        ("The court put off its ruling on the appeal until April 9.", "2024-03-06", None,
         "2024-04-09"),
        ("The board deferred the decision until Oct. 20.", "2023-09-20", None, "2023-10-20"),
        # A verb whose past is its present: past, unless a modal comes before it.
        ("The typhoon hit Manila in August.", "2024-03-06", None, "2023-08"),
        ("New tariffs will hit importers in August.", "2024-03-06", None, "2024-08"),
        # "for" a month after a word of scheduling; not a name ("voted for May").
        ("The referendum is slated for September.", "2024-03-06", None, "2024-09"),
        # A plural subject's present tense is a fixed plan; "did not" keeps the past.
        ("Ministers meet in Rome on Friday.", "2024-03-05", None, "2024-03-08"),
        ("They did not meet on Friday.", "2024-03-05", None, "2024-03-01"),
        # "have until" a date: a deadline ahead.
        ("Bidders have until April 30 to submit offers.", "2024-03-06", None, "2024-04-30"),
        ("Stations reopen on Friday.", "2024-03-05", None, "2024-03-08"),
        # "than expected", "as expected" announce nothing.
        ("Exports grew more than expected in the third quarter.", "2024-12-02", None,
         "2024-Q3"),
    ],
)  # fmt: skip
def test_past_reporting_reads_back_and_announcements_ahead(
    text: str, anchor: str, expression: str | None, when: str | None
) -> None:
    if expression == "closed":  # each date takes its own verb
        first, second = find_dates(text, dt.date.fromisoformat(anchor))
        assert (first.when, first.tense) == ("2024-03-04", "past")
        assert (second.when, second.tense) == ("2024-03-11", "future")
        return
    assert _when(text, anchor, expression) == when


@pytest.mark.parametrize(
    ("text", "anchor", "expression", "when"),
    [
        ("The plant has operated from 1996.", "2024-03-06", None, "1996"),
        ("Output fell between 1990 and 1991.", "2024-03-06", None, "1990/1991"),
        ("He won gold at the 2000 Olympics.", "2024-03-06", None, "2000"),
        ("The 2009-2010 season was his best.", "2024-03-06", None, "2009/2010"),
        ("The house dates from the late 1970s.", "2024-03-06", None, "197"),
        ("The company said third-quarter profit rose.", "2024-10-25", None, "2024-Q3"),
        ("Sales fell in the first half of 2023.", "2024-03-06", None, "2023-H1"),
        ("The library will reopen this spring.", "2024-03-06", None, "2024-SP"),
        ("The deficit widened in fiscal 1989.", "2024-03-06", None, "FY1989"),
        ("This September, the school will open.", "2024-03-06", None, "2024-09"),
        ("This September, floods hit the valley.", "2024-11-06", None, "2024-09"),
        ("Talks had ended the previous Friday.", "2024-03-06", None, "2024-03-01"),
        ("The factory closed in June last year.", "2024-03-06", None, "2023-06"),
        ("Claims filed after Sept. 30 were rejected.", "2024-11-06", None, "2024-09-30"),
        ("The fund's assets as of Sept. 30 were $4 billion.", "2024-11-06", None, "2024-09-30"),
        ("Sinn Fein won the seat two weeks ago.", "2024-03-06", None, "2024-W08"),
        ("The envoys met in Lisbon on Monday.", "2024-03-06", None, "2024-03-04"),
        ("The vote is scheduled for next week.", "2024-10-25", None, "2024-W44"),
        ("Fans will flock to the stadium this weekend.", "2023-11-17", None, "2023-W46-WE"),
        ("The treaty was signed in the 19th century.", "2024-03-06", None, "18"),
        ("The results were released on 2024-05-30.", "2024-06-09", None, "2024-05-30"),
    ],
)
def test_every_kind_resolves_to_its_timex3_value(
    text: str, anchor: str, expression: str | None, when: str
) -> None:
    assert _when(text, anchor, expression) == when


@pytest.mark.parametrize(
    ("text", "anchor", "when", "kind"),
    [
        ("Sales fell in the first three months of the year.", "2024-05-06", "2024-Q1", "quarter"),
        ("Sales fell in the last three months of 2022.", "2024-05-06", "2022-Q4", "quarter"),
        ("Debt grew in the first six months of this year.", "2024-09-06", "2024-H1", "half"),
        ("Rents rose in March and April, the survey found.", "2024-09-06", "2024-04", "month"),
        ("The road will close in May or June.", "2024-03-06", "2024-06", "month"),
    ],
)
def test_months_of_the_year_and_a_second_month_in_a_list(
    text: str, anchor: str, when: str, kind: str
) -> None:
    mention = find_dates(text, dt.date.fromisoformat(anchor))[-1]
    assert (mention.when, mention.kind) == (when, kind)


def test_for_starts_a_month_only_after_a_word_of_scheduling() -> None:
    anchor = dt.date(2019, 3, 6)
    assert [m.when for m in find_dates("Many MPs voted for May in the ballot.", anchor)] == []
    assert [m.text for m in find_dates("It is planned for May.", anchor)] == ["for May"]


def test_in_and_on_are_whole_words() -> None:
    anchor = dt.date(2024, 3, 6)
    assert [m.text for m in find_dates("Sinn Fein won two weeks ago.", anchor)] == ["two weeks ago"]
    assert [m.text for m in find_dates("They met in Lisbon Monday.", anchor)] == ["Monday"]


def test_vague_or_unanchored_expressions_are_no_date() -> None:
    anchor = dt.date(2024, 3, 6)
    assert [m.when for m in find_dates("They will meet soon, every Friday.", anchor)] == [
        None,
        None,
    ]
    (undated,) = find_dates("The forum will be held next month.", None)
    assert undated.when is None and undated.text == "next month"


def test_find_dates_is_exported_at_the_top() -> None:
    assert briefer.find_dates is find_dates
    assert "find_dates" in briefer.__all__


# --- Values read back ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "first", "last", "described"),
    [
        ("2024-10-03", "2024-10-03", "2024-10-03", "3 October 2024"),
        ("2022-02-07/2022-02-11", "2022-02-07", "2022-02-11", "7\u201311 February 2022"),
        ("2024-10", "2024-10-01", "2024-10-31", "October 2024"),
        ("1990/1991", "1990-01-01", "1991-12-31", "1990\u20131991"),
        ("2024-W21", "2024-05-20", "2024-05-26", "week of 20 May 2024"),
        ("2024-W21-WE", "2024-05-25", "2024-05-26", "weekend of 25 May 2024"),
        ("2024-Q3", "2024-07-01", "2024-09-30", "Q3 2024"),
        ("2024-H1", "2024-01-01", "2024-06-30", "first half of 2024"),
        ("2024-WI", "2024-12-01", "2025-02-28", "winter 2024"),
        ("FY2024", "2023-10-01", "2024-09-30", "fiscal year 2024"),
        ("197", "1970-01-01", "1979-12-31", "the 1970s"),
        ("19", "1900-01-01", "1999-12-31", "the 20th century"),
    ],
)
def test_timex3_values_give_their_days_and_a_readers_date(
    when: str, first: str, last: str, described: str
) -> None:
    assert when_bounds(when) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    assert describe_when(when) == described


def test_a_value_off_the_calendar_has_no_days() -> None:
    assert when_bounds("9999-W53") is None and when_bounds("2024-13") is None
    assert describe_when("not a date") is None


# --- Extreme anchors (issue 15, item 6) ----------------------------------------------------

_EVERY_KIND = (
    "They will meet next month, on Saturday, next week, this weekend, tomorrow, next year, "
    "in two weeks, in 10 days, next spring, next quarter, the next fiscal year, in May, on "
    "May 3, Dec. 30 to Jan. 2, the third quarter, the second half of the year, this winter. "
    "They met last month, on Saturday, last week, over the weekend, yesterday, last year, "
    "two weeks ago, three days ago, last winter, last quarter, in May, on May 3, in the 1990s, "
    "the 21st century, between 1990 and 1991, fiscal '99, FY24."
)


@pytest.mark.parametrize(
    "anchor", [dt.date.max, dt.date.min, dt.date(9999, 12, 25), dt.date(1, 1, 6), None]
)
def test_extreme_anchors_never_raise_an_unresolvable_value_is_no_date(
    anchor: dt.date | None,
) -> None:
    mentions = find_dates(_EVERY_KIND, anchor)
    assert len(mentions) >= 30
    for mention in mentions:
        assert mention.when is None or when_bounds(mention.when) is not None, mention
    for sentence in _EVERY_KIND.split(". "):
        detect_events(f"The ministers will hold a summit {sentence}", anchor)
    if anchor == dt.date.max:
        assert _when("The summit will be held next month.", "9999-12-31") is None
        assert _when("The summit was held last month.", "9999-12-31") == "9999-11"
