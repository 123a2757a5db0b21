"""brief.ics: the outlook as a calendar, read back with the icalendar package; and by mail."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
import smtp_fixtures
from click.testing import CliRunner
from smtp_fixtures import ServerFactory, write_config

import briefer
from briefer.cli import main
from briefer.model import Article, Brief, Event, Item, Section, Sentence, Source
from briefer.render.ics import MAX_LINE_OCTETS, fold, render_ics
from briefer.text.dates import when_bounds
from briefer.text.tokens import tokenize

SEEDS_DATE = dt.date(2023, 11, 15)
smtp = smtp_fixtures.smtp


def build_ics(seeds: Path, out: Path, date: dt.date) -> tuple[bytes, dict]:
    code = CliRunner().invoke(
        main,
        ["build", str(seeds), "--date", date.isoformat(), "--output-dir", str(out),
         "--format", "ics,json", "-q"],
    )  # fmt: skip
    assert code.exit_code == 0, code.output
    folder = out / date.isoformat()
    return (folder / "brief.ics").read_bytes(), json.loads((folder / "brief.json").read_text())


def outlook_rows(data: dict) -> list[dict]:
    return [i for s in data["sections"] if s["id"] == "upcoming-visits" for i in s["items"]]


def events(ics: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(ics)
    return list(calendar.walk("VEVENT"))


def test_the_seeds_outlook_is_one_all_day_event_per_dated_upcoming_row(
    seeds: Path, tmp_path: Path
) -> None:
    ics, data = build_ics(seeds, tmp_path, SEEDS_DATE)
    rows = outlook_rows(data)
    dated = [r for r in rows if r["when"] and r["status"] != "date passed"]
    assert len(dated) < len(rows), "the seeds have an undated row, which must be left out"
    found = events(ics)
    # >= 1: the seed of 2024-05-19 is after SEEDS_DATE, so its event is not in the brief.
    assert len(found) == len(dated) >= 1
    titles = {s["id"]: s["title"] for s in data["sources"]}
    for row, event in zip(dated, found, strict=True):
        first, last = when_bounds(row["when"])  # type: ignore[misc]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date  # all-day, not a time
        assert (start, end) == (first, last + dt.timedelta(days=1))  # DTEND is exclusive
        summary = str(event["SUMMARY"])
        assert row["what"].casefold() in summary.casefold()
        assert all(name in summary for name in row["who"])
        assert str(event["LOCATION"]) == row["where"]
        description = str(event["DESCRIPTION"])
        assert row["text"] in description
        assert all(titles[source] in description for source in row["sources"])
    december = next(e for e in found if e.decoded("DTSTART") == dt.date(2023, 12, 1))
    assert december.decoded("DTEND") == dt.date(2024, 1, 1)  # "next month": all of December


def test_the_file_is_rfc_5545_text(seeds: Path, tmp_path: Path) -> None:
    ics, _ = build_ics(seeds, tmp_path, SEEDS_DATE)
    assert ics.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert ics.endswith(b"END:VCALENDAR\r\n")
    lines = ics.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and len(line) <= MAX_LINE_OCTETS for line in lines)
    for event in events(ics):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(event)


def test_the_same_event_keeps_its_uid_on_the_next_days_brief(seeds: Path, tmp_path: Path) -> None:
    today, _ = build_ics(seeds, tmp_path / "a", SEEDS_DATE)
    tomorrow, _ = build_ics(seeds, tmp_path / "b", SEEDS_DATE + dt.timedelta(days=1))
    uids = [str(e["UID"]) for e in events(today)]
    assert len(set(uids)) == len(uids) >= 1  # one seed is after SEEDS_DATE
    assert [str(e["UID"]) for e in events(tomorrow)] == uids
    assert today != tomorrow  # DTSTAMP moves on, so calendars take the newer copy


def test_an_event_whose_date_has_passed_is_left_out(seeds: Path, tmp_path: Path) -> None:
    ics, data = build_ics(seeds, tmp_path, dt.date(2024, 10, 20))
    passed = [r for r in outlook_rows(data) if r["status"] == "date passed"]
    assert any(r["when"] == "2023-12" for r in passed)
    starts = [e.decoded("DTSTART") for e in events(ics)]
    assert starts == [dt.date(2024, 10, 1)]  # October 2024 is still under way


def _brief(*whens: str | None) -> Brief:
    article = Article(
        id="a-1", title="Talks; planned, again", date=dt.date(2023, 9, 1),
        path="a.txt", paragraphs=("x",), url="https://example.org/a", source="Example News",
    )  # fmt: skip
    items = []
    for number, when in enumerate(whens):
        text = f"Sentence {number}, with a comma; and more."
        sentence = Sentence(text, "a-1", number, 0, 0, len(text), tokenize(text))
        event = Event(
            what=f"summit {number}", when=when, when_text="soon", who=("Wang Yi",),
            where="Beijing", status="planned",
        )  # fmt: skip
        items.append(Item(sentence, 1.0, ("a-1",), event=event))
    section = Section("upcoming-visits", "Upcoming visits", tuple(items))
    return Brief("Daily Brief", dt.date(2023, 9, 1), (), (section,), (Source(1, article),), "brief")


def test_each_granularity_is_its_own_all_day_span() -> None:
    ics = render_ics(_brief("2023-12-12", "2023-09-18/2023-09-21", "2024", None))
    spans = [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events(ics.encode())]
    assert spans == [
        (dt.date(2023, 9, 18), dt.date(2023, 9, 22)),
        (dt.date(2023, 12, 12), dt.date(2023, 12, 13)),
        (dt.date(2024, 1, 1), dt.date(2025, 1, 1)),
    ]
    (first, *_) = events(ics.encode())
    assert str(first["SUMMARY"]) == "Summit 1 — Wang Yi"
    assert "Sentence 1, with a comma; and more." in str(first["DESCRIPTION"])
    assert "[1] Talks; planned, again (Example News, 2023-09-01) https://example.org/a" in str(
        first["DESCRIPTION"]
    )


@pytest.mark.parametrize("text", ["a" * 200, "é" * 100, "—" * 60 + "x"])
def test_long_lines_fold_at_75_octets_and_never_inside_a_character(text: str) -> None:
    folded = fold("DESCRIPTION:" + text)
    lines = folded.split("\r\n")
    assert all(len(line.encode("utf-8")) <= MAX_LINE_OCTETS for line in lines)
    assert "".join(line.removeprefix(" ") for line in lines) == "DESCRIPTION:" + text


def test_send_attaches_the_calendar_when_asked(
    smtp: ServerFactory, seeds: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    brief = briefer.build_brief([seeds], date=SEEDS_DATE)
    paths = briefer.write_brief(brief, out, formats=["md", "html", "pdf", "json", "ics"])
    server = smtp.start()
    plain = write_config(tmp_path / "plain.toml", server.port)
    asked = write_config(tmp_path / "ics.toml", server.port, attach_ics=True)
    folder = str(paths["pdf"].parent)
    for config in (plain, asked):
        result = CliRunner().invoke(main, ["send", folder, "--config", str(config)])
        assert result.exit_code == 0, result.output
    without, with_ics = server.recorder.messages()
    assert [a.get_content_type() for a in without.iter_attachments()] == ["application/pdf"]
    _pdf, calendar = with_ics.iter_attachments()
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_filename() == "brief-2023-11-15.ics"
    assert calendar.get_payload(decode=True) == paths["ics"].read_bytes()  # byte for byte
    assert calendar.get_content_charset() == "utf-8"

    paths["ics"].unlink()
    result = CliRunner().invoke(main, ["send", folder, "--config", str(asked)])
    assert result.exit_code == 1
    assert "'email.attach_ics' is true but there is no brief.ics" in result.stderr
