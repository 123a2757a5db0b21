"""A fact many outlets reported: its line cites a few of them, counts the rest, and brief.json
keeps them all."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import briefer
from briefer.config import load_config
from briefer.config.document import document_settings
from briefer.errors import ConfigError

DATE = dt.date(2026, 11, 23)
FACT = (  # two words of the Ukraine topic's "about" list: minister, security
    "Ukraine's foreign minister and Poland's security minister signed an agreement in Kyiv "
    "on Sunday to reopen the grain corridor through the Black Sea ports."
)
# Nine reports of the fact: the first two from one outlet, then seven others; each report
# has its own second paragraph, so no two texts are one (duplicate folding keeps all nine).
OUTLETS = ("Wire One", "Wire One", "Daily Two", "Herald Three", "Post Four", "Times Five",
           "News Six", "Radio Seven", "Courier Eight")  # fmt: skip
_PLACES = ("Lviv", "Odesa", "Kharkiv", "Dnipro", "Poltava", "Sumy", "Rivne", "Chernihiv", "Uman")


def _report(number: int) -> str:
    place = _PLACES[number]
    return (
        f"---\ntitle: Grain corridor report {number}\ndate: 2026-11-22\n"
        f"source: {OUTLETS[number]}\n---\n\n{FACT}\n\n"
        f"Farmers near {place} said {number + 3} silos were full and trucks waited for days. "
        f"The mayor of {place} asked for {number * 40 + 120} more rail wagons before winter. "
        f"Buyers in {place} paid {number + 11} percent more for wheat than a month ago. "
        f"The regional minister in {place} said the war had cost {number * 7 + 50} farm jobs.\n"
    )


@pytest.fixture()
def day(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(len(OUTLETS)):
        (folder / f"report-{number}.txt").write_text(_report(number), encoding="utf-8")
    return folder


def _fact_items(data: dict) -> list[dict]:
    items = data["bluf"] + [i for s in data["sections"] for i in s["items"]]
    return [item for item in items if item["text"] == FACT]


def test_a_line_cites_three_independent_reports_and_counts_the_rest(
    day: Path, tmp_path: Path
) -> None:
    brief = briefer.build_brief([day], date=DATE)
    paths = briefer.write_brief(brief, tmp_path / "out")
    data = json.loads(paths["json"].read_text("utf-8"))
    items = _fact_items(data)
    assert items, "the fact is in the brief"
    by_id = {source["id"]: source for source in data["sources"]}
    for item in items:
        assert len(item["sources"]) == 9, "brief.json keeps every report of the fact"
    reports = [by_id[sid] for sid in items[0]["sources"]]
    own = by_id[items[0]["article"]]
    assert reports[0] == own
    # Cited: its own article, then the first report of each other outlet (not Wire One twice).
    cited = [own, *[s for s in reports[1:] if s["outlets"] != own["outlets"]][:2]]
    assert [s["number"] for s in cited] == [1, 2, 3], "the cited reports are numbered first"
    assert len({s["outlets"][0] for s in cited}) == 3

    markdown = paths["md"].read_text("utf-8")
    expected = "[[1]](#source-1)[[2]](#source-2)[[3]](#source-3) +6 more</sup>"
    assert f'{FACT}<sup class="cite">{expected}' in markdown
    body, listed = markdown.split("## Sources", 1)
    cited_numbers = sorted({int(n) for n in re.findall(r"\(#source-(\d+)\)", body)})
    numbers = [int(line.split(".", 1)[0]) for line in listed.splitlines() if "source-" in line]
    assert numbers == cited_numbers == list(range(1, len(numbers) + 1)), "the list is the cited"
    rest = len(OUTLETS) - len(numbers)
    assert f"And {rest} other articles read, not cited; {rest} of them also reported" in listed

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(paths["pdf"]).pages).split())
    assert "+6 more" in text
    assert "Grain corridor report" in text.split("Sources", 1)[1]


def test_citations_zero_cites_every_report(day: Path, tmp_path: Path) -> None:
    config_file = tmp_path / "briefer.toml"
    config_file.write_text("[document]\ncitations = 0\n", encoding="utf-8")
    config = load_config(config_file)
    assert document_settings(config).citations == 0
    brief = briefer.build_brief([day], date=DATE, config=config)
    paths = briefer.write_brief(brief, tmp_path / "out", formats=["md"])
    markdown = paths["md"].read_text("utf-8")
    links = "".join(f"[[{n}]](#source-{n})" for n in range(1, 10))
    assert f'{FACT}<sup class="cite">{links}</sup>' in markdown
    assert "more</sup>" not in markdown


def test_citations_must_be_a_whole_number_from_zero(tmp_path: Path) -> None:
    config_file = tmp_path / "briefer.toml"
    for bad, problem in (("-1", "must be >= 0"), ('"three"', "must be a whole number")):
        config_file.write_text(f"[document]\ncitations = {bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=rf"document.citations' {problem}"):
            document_settings(load_config(config_file))
