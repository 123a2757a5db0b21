"""New since the last brief: `--previous`, `briefer daily` and `[brief] repeat`."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefer
from briefer.cli import main
from briefer.compose.previous import PreviousBrief, PreviousFact, Repeats, find_previous
from briefer.config import load_config
from briefer.errors import ConfigError, InputError
from briefer.model import Article, PreviousReport
from briefer.render import render_markdown, write_brief
from briefer.text.sentences import segment_article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
STATE = ROOT / "tests" / "data" / "state-department.jsonl"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def items_of(data: dict) -> list[dict]:
    """Every item of a brief.json: the bottom line, then each section's."""
    return [*data["bluf"], *(item for s in data["sections"] for item in s["items"])]


def read_json(folder: Path) -> dict:
    return json.loads((folder / "brief.json").read_text(encoding="utf-8"))


def shown_before(previous: dict) -> set[tuple[str, int]]:
    return {(item["article"], item["start"]) for item in items_of(previous)}


@pytest.fixture(scope="module")
def seeds_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, str, str]]:
    """The seeds built for 23 November, then for 24 November against that brief."""
    out = tmp_path_factory.mktemp("previous") / "out"
    common = ["--output-dir", str(out), "--format", "md,json"]
    code, _, stderr = run("build", str(SEEDS), "--date", "2026-11-23", *common)
    assert code == 0, stderr
    second = run(
        "build", str(SEEDS), "--date", "2026-11-24", *common, "--previous", str(out / "2026-11-23")
    )
    return out, second


def test_a_second_build_of_the_same_articles_marks_every_fact_shown_before(
    seeds_twice: tuple[Path, tuple[int, str, str]],
) -> None:
    out, (code, _, stderr) = seeds_twice
    assert code == 0, stderr
    previous, today = read_json(out / "2026-11-23"), read_json(out / "2026-11-24")
    before = shown_before(previous)
    items = items_of(today)
    # Every item the previous brief showed is marked; only facts it did not show are new (the
    # lower score of repeated facts let one more of the seeds' facts in).
    assert all(item["new"] is ((item["article"], item["start"]) not in before) for item in items)
    repeated = {(i["article"], i["start"]) for i in items if not i["new"]}
    assert repeated == before & {(i["article"], i["start"]) for i in items} and len(repeated) >= 5
    assert today["previous"] == {
        "date": "2026-11-23",
        "path": str(out / "2026-11-23" / "brief.json"),
        "repeat": "mark",
        "repeated": len(repeated),
        "dropped": 0,
    }
    summary = next(line for line in stderr.splitlines() if line.startswith("read "))
    assert summary.endswith(f", {len(repeated)} items reported in the 2026-11-23 brief, marked")
    text = (out / "2026-11-24" / "brief.md").read_text(encoding="utf-8")
    marked = [i["text"] for i in items if not i["new"]]
    assert text.count("(reported before)") + text.count("· reported before") >= len(marked)
    assert "reported before" not in (out / "2026-11-23" / "brief.md").read_text(encoding="utf-8")


def test_new_facts_lead_and_repeated_ones_score_lower(
    seeds_twice: tuple[Path, tuple[int, str, str]],
) -> None:
    out, _ = seeds_twice
    previous, today = read_json(out / "2026-11-23"), read_json(out / "2026-11-24")
    score = {(i["article"], i["start"]): i["score"] for i in items_of(previous)}
    for item in items_of(today):
        key = (item["article"], item["start"])
        if not item["new"] and score.get(key, 0) > 0 and "status" not in item:
            assert item["score"] < score[key]  # halved (with the decay of one more day)
    for section in today["sections"]:
        news = [any(i["new"] for i in (s["headline"], *s["items"])) for s in section["stories"]]
        assert news == sorted(news, reverse=True)  # no story with nothing new before a new one


def test_a_later_day_of_the_state_department_set_has_new_and_repeated_facts(
    tmp_path: Path,
) -> None:
    first = briefer.build_brief([STATE], dt.date(2022, 6, 23))
    write_brief(first, tmp_path, ["json"])
    later = briefer.build_brief([STATE], dt.date(2022, 7, 6), previous=tmp_path / "2022-06-23")
    items = [*later.bluf, *(i for s in later.sections for i in s.items)]
    new = [i for i in items if i.new]
    assert new and len(new) < len(items)
    # The new facts are the 5 July release's (the Bali and Bangkok trip), or ones the previous
    # brief did not show; every repeated one is a fact the 23 June brief reported.
    before = shown_before(read_json(tmp_path / "2022-06-23"))
    assert any("Bali" in i.text for i in new)
    texts = {i["text"] for i in items_of(read_json(tmp_path / "2022-06-23"))}
    for item in items:
        if (item.sentence.article_id, item.sentence.start) in before:
            assert not item.new
    assert all(i.text in texts or i.sentence.text in texts for i in items if not i.new)
    assert later.previous is not None and later.previous.repeated == len(
        {i.sentence.key for i in items if not i.new}
    )


def test_drop_mode_leaves_the_repeated_facts_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    common = ["--output-dir", str(out), "--format", "md,json"]
    assert run("build", str(SEEDS), "--date", "2026-11-23", *common)[0] == 0
    config = tmp_path / "briefer.toml"
    config.write_text('[brief]\nrepeat = "drop"\n', encoding="utf-8")
    code, _, stderr = run(
        "build", str(SEEDS), "--date", "2026-11-24", *common,
        "--previous", str(out / "2026-11-23"), "--config", str(config),
    )  # fmt: skip
    assert code == 0, stderr
    previous, today = read_json(out / "2026-11-23"), read_json(out / "2026-11-24")
    before = shown_before(previous)
    outlook = {"upcoming-visits"}
    news = [*today["bluf"], *(i for s in today["sections"] if s["id"] not in outlook
                              for i in s["items"])]  # fmt: skip
    assert all(item["new"] for item in news)
    assert not any((i["article"], i["start"]) in before for i in news)
    # The outlook is a calendar: its rows are marked, never dropped.
    rows = next(s for s in today["sections"] if s["id"] == "upcoming-visits")["items"]
    assert rows and not any(row["new"] for row in rows)
    dropped = today["previous"]["dropped"]
    assert dropped >= 3 and today["previous"]["repeat"] == "drop"
    assert f", {dropped} facts of the 2026-11-23 brief reported again, left out" in stderr
    text = (out / "2026-11-24" / "brief.md").read_text(encoding="utf-8")
    assert "(reported before)" not in text


def test_a_section_left_empty_by_drop_says_nothing_is_new() -> None:
    brief = briefer.build_brief([SEEDS], dt.date(2026, 11, 24))
    report = PreviousReport(dt.date(2026, 11, 23), "brief.json", "drop", 0, 4)
    emptied = tuple(
        s if s.id == "upcoming-visits" else replace(s, items=(), stories=(), dropped=2)
        for s in brief.sections
    )
    text = render_markdown(replace(brief, bluf=(), sections=emptied, previous=report))
    assert text.count("Nothing new on this topic since the brief of 23 November 2026") == 2
    assert "(2 facts reported then left out)" in text
    assert "Nothing new since the brief of 23 November 2026." in text
    assert "Nothing new" not in render_markdown(brief)


def test_the_same_fact_in_other_words_is_a_repeat_and_a_look_alike_is_not() -> None:
    said = dt.date(2022, 4, 20)
    fact = "Secretary Blinken will travel to Berlin on June 23 to meet Foreign Minister Baerbock."
    previous = PreviousBrief(said, Path("brief.json"), (PreviousFact(fact, "release", 0, said),))
    article = Article(
        id="wire",
        title="Wire",
        date=dt.date(2022, 4, 21),
        path="wire.txt",
        paragraphs=(
            "On June 23, Secretary Blinken will travel to Berlin, where he will meet Foreign "
            "Minister Baerbock.",
            "Secretary Blinken will travel to Tokyo on March 10 to meet Foreign Minister Hayashi.",
        ),
    )
    restated, other = segment_article(article)
    repeats = Repeats(previous, [restated, other], 0.55, {"wire": article.date})
    assert repeats.repeated(restated)
    assert not repeats.repeated(other)  # the same template, another trip


def test_a_missing_or_garbled_previous_brief_is_one_error_line_and_nothing_written(
    tmp_path: Path,
) -> None:
    garbled = tmp_path / "garbled"
    garbled.mkdir()
    (garbled / "brief.json").write_text('{"version": 3, "date": "2026-11-2', encoding="utf-8")
    fieldless = tmp_path / "fieldless"
    fieldless.mkdir()
    (fieldless / "brief.json").write_text('{"date": "2026-11-22"}', encoding="utf-8")
    out = tmp_path / "out"
    for previous, says in [
        (tmp_path / "nowhere", f"Error: previous brief: no brief.json in {tmp_path / 'nowhere'}"),
        (garbled, f"Error: previous brief: {garbled / 'brief.json'} is not a brief.json"),
        (fieldless, "(no 'sources' field)"),
    ]:
        code, stdout, stderr = run(
            "build", str(SEEDS), "--date", "2026-11-23", "--output-dir", str(out),
            "--previous", str(previous),
        )  # fmt: skip
        assert code == 1 and stdout == "" and stderr.count("\n") == 1, stderr
        assert says in stderr
        assert not out.exists()
    with pytest.raises(InputError, match=r"is not a brief\.json"):
        briefer.build_brief([SEEDS], dt.date(2026, 11, 23), previous=garbled)


def test_a_previous_brief_dated_after_this_one_is_an_error(tmp_path: Path) -> None:
    brief = briefer.build_brief([SEEDS], dt.date(2026, 11, 24))
    write_brief(brief, tmp_path, ["json"])
    with pytest.raises(InputError, match="dated 2026-11-24, after this brief's date 2026-11-23"):
        briefer.build_brief([SEEDS], dt.date(2026, 11, 23), previous=tmp_path / "2026-11-24")


def test_repeat_is_validated(tmp_path: Path) -> None:
    config = tmp_path / "briefer.toml"
    config.write_text('[brief]\nrepeat = "hide"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"'brief\.repeat' must be \"mark\" or \"drop\""):
        load_config(config)


def test_find_previous_takes_the_newest_earlier_day_with_a_brief(tmp_path: Path) -> None:
    brief = briefer.build_brief([SEEDS], dt.date(2026, 11, 20))
    for day in ("2026-11-20", "2026-11-21", "2026-11-24"):
        write_brief(briefer.build_brief([SEEDS], dt.date.fromisoformat(day)), tmp_path, ["json"])
    (tmp_path / "2026-11-22").mkdir()  # a day whose run wrote no brief.json
    (tmp_path / "notes").mkdir()
    assert brief.previous is None
    found = find_previous(tmp_path, dt.date(2026, 11, 23))
    assert found is not None and found.date == dt.date(2026, 11, 21)
    assert find_previous(tmp_path, dt.date(2026, 11, 20)) is None
    assert find_previous(tmp_path / "missing", dt.date(2026, 11, 20)) is None


# --- briefer daily ---------------------------------------------------------------------------


def daily_config(folder: Path, since: str | None) -> Path:
    """A briefer.toml for dry runs of `briefer daily` on the seeds (no mail is sent)."""
    from smtp_fixtures import write_config

    config = write_config(folder / "briefer.toml", 2525)
    with config.open("a", encoding="utf-8") as handle:
        handle.write(f'\n[sources]\npaths = ["{SEEDS}"]\n\n[brief]\noutput_dir = "output"\n')
        if since is not None:
            handle.write(f'\n[daily]\nsince = "{since}"\n')
    return config


def test_daily_compares_with_the_newest_earlier_days_brief(tmp_path: Path) -> None:
    from briefer.deliver.daily import run_daily

    config = load_config(daily_config(tmp_path, since=""))
    sent_at = dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.UTC)
    for day in ("2026-11-20", "2026-11-22", "2026-11-24"):  # earlier briefs, and a later one
        brief = briefer.build_brief([SEEDS], dt.date.fromisoformat(day), config)
        write_brief(brief, tmp_path / "output", ["json"])
    today = run_daily(config, dt.date(2026, 11, 23), sent_at, dry_run=True)
    data = read_json(today.folder)
    assert data["previous"]["date"] == "2026-11-22"  # yesterday's, not the day before
    assert data["previous"]["path"] == str(tmp_path / "output" / "2026-11-22" / "brief.json")
    assert any(not item["new"] for item in items_of(data))
    assert today.summary is not None and today.summary.startswith("read 2 articles")
    assert today.summary.endswith("items reported in the 2026-11-22 brief, marked")
    assert today.warning is not None and today.warning.startswith("newest article 918 days")


def test_daily_prints_the_summary_and_the_old_reading_warning(tmp_path: Path) -> None:
    config = daily_config(tmp_path, since="")
    code, stdout, stderr = run("daily", "--config", str(config), "--dry-run")
    assert code == 0, stderr
    lines = stderr.splitlines()
    assert lines[0] == "read 2 articles from 2 sources"
    assert (
        lines[1].startswith("warning: newest article ")
        and "days before the brief's date" in lines[1]
    )
    assert stdout.startswith("Wrote ")


def test_daily_reads_two_days_back_by_default(tmp_path: Path) -> None:
    from briefer.deliver.daily import run_daily

    config = load_config(daily_config(tmp_path, since=None))
    sent_at = dt.datetime(2024, 5, 20, 6, 30, tzinfo=dt.UTC)
    result = run_daily(config, dt.date(2024, 5, 20), sent_at, dry_run=True)
    assert result.summary is not None
    assert "1 dated outside 2024-05-18..2024-05-20 left out" in result.summary
    assert result.warning is None
    sources = read_json(result.folder)["sources"]
    assert [s["date"] for s in sources] == ["2024-05-19"]
    # Years-old articles only: one line saying why nothing was read, exit 1, nothing written.
    code, stdout, stderr = run("daily", "--config", str(daily_config(tmp_path, None)), "--dry-run")
    today = dt.date.today()
    assert (code, stdout, stderr.count("\n")) == (1, "", 1)
    assert stderr.startswith("Error: No readable articles: 2 dated outside the daily window ")
    assert f"..{today} ([daily] since = '2d'" in stderr
    assert not (tmp_path / "output" / today.isoformat() / "brief.md").exists()


def test_a_garbled_brief_of_yesterday_stops_daily_with_one_line(tmp_path: Path) -> None:
    from briefer.deliver.daily import run_daily

    config = load_config(daily_config(tmp_path, since=""))
    yesterday = tmp_path / "output" / "2026-11-22"
    yesterday.mkdir(parents=True)
    (yesterday / "brief.json").write_text("not json", encoding="utf-8")
    sent_at = dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.UTC)
    with pytest.raises(
        InputError, match=r"previous brief: .*2026-11-22/brief\.json is not a brief"
    ):
        run_daily(config, dt.date(2026, 11, 23), sent_at, dry_run=True)
    assert not (tmp_path / "output" / "2026-11-23" / "brief.md").exists()


def test_a_bad_daily_window_names_its_setting(tmp_path: Path) -> None:
    from briefer.deliver.daily import run_daily

    config = load_config(daily_config(tmp_path, since="2x"))
    sent_at = dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.UTC)
    with pytest.raises(ConfigError, match=r"briefer\.toml: 'daily\.since' is wrong: '2x' is not"):
        run_daily(config, dt.date(2026, 11, 23), sent_at, dry_run=True)
    assert not (tmp_path / "output").exists()  # before any building
