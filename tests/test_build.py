"""The seeds, built end to end: what a reader finds in the brief, in every format."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

import briefer
from briefer.rank import METHODS
from briefer.text.words import points_back

DATE = dt.date(2026, 11, 23)
GOLDEN = Path(__file__).parent / "golden"
FUTILITY = "futility"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("build")
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    brief = briefer.build_brief([seeds], date=DATE)
    return briefer.write_brief(brief, root / "output")


def brief_json(built: dict[str, Path]) -> dict:
    return json.loads(built["json"].read_text(encoding="utf-8"))


def test_all_four_files_are_written_under_the_date(built: dict[str, Path]) -> None:
    assert sorted(p.name for p in built.values()) == [
        "brief.html",
        "brief.json",
        "brief.md",
        "brief.pdf",
    ]
    assert {p.parent.name for p in built.values()} == {"2026-11-23"}


def test_json_has_the_documented_shape(built: dict[str, Path]) -> None:
    data = brief_json(built)
    assert data["date"] == "2026-11-23"
    assert isinstance(data["title"], str)
    assert [s["id"] for s in data["sections"]] == ["ukraine", "us-relations", "upcoming-visits"]
    source_ids = {s["id"] for s in data["sources"]}
    for source in data["sources"]:
        assert set(source) >= {"id", "title", "date", "path", "url"}
        assert source["date"] is None or dt.date.fromisoformat(source["date"])
    items = data["bluf"] + [i for s in data["sections"] for i in s["items"]]
    assert items
    for item in items:
        assert isinstance(item["text"], str) and item["sources"]
        assert set(item["sources"]) <= source_ids


def test_item_text_stands_verbatim_in_its_article(built: dict[str, Path]) -> None:
    data = brief_json(built)
    paths = {s["id"]: Path(s["path"]) for s in data["sources"]}
    for section in data["sections"]:
        for item in section["items"]:
            article = paths[item["article"]].read_text(encoding="utf-8")
            # A repaired item names what it points back to in brackets; the rest is verbatim.
            assert item.get("verbatim", item["text"]) in article
            if "verbatim" in item:
                assert item["text"].startswith("[")
                assert item["text"].split("] ", 1)[1] in item["verbatim"]


def test_source_dates_come_from_the_articles(built: dict[str, Path]) -> None:
    dates = {Path(s["path"]).name: s["date"] for s in brief_json(built)["sources"]}
    assert dates == {
        "000_537a94cfc902651a.txt": "2024-05-19",
        "003_33cdd8dea3ad10d6.txt": "2023-11-15",
    }


def test_a_fact_reported_by_both_articles_is_said_once_citing_both(
    built: dict[str, Path],
) -> None:
    data = brief_json(built)
    items = data["bluf"] + [i for s in data["sections"] for i in s["items"]]
    futile = [i for i in items if FUTILITY in i["text"]]
    assert len(futile) == 1
    assert len(futile[0]["sources"]) == 2


def test_the_bottom_line_reads_on_its_own(built: dict[str, Path]) -> None:
    data = brief_json(built)
    bluf = [item["text"] for item in data["bluf"]]
    assert len(bluf) == 1  # the seeds' two articles are one story: one headline
    assert not any(points_back(text) for text in bluf)
    headlines = [st["headline"]["text"] for s in data["sections"] for st in s["stories"]]
    assert set(bluf) <= set(headlines)


def test_sections_hold_what_their_titles_promise(built: dict[str, Path]) -> None:
    data = brief_json(built)
    sections = {s["id"]: s["items"] for s in data["sections"]}
    # The seeds are one story, shown once, in Ukraine; US relations points to it.
    (story,) = [st for s in data["sections"] for st in s["stories"]]
    assert story["also_in"] == ["us-relations"] and not sections["us-relations"]
    assert len(story["sources"]) == 2 and story["first_reported"] == "2023-11-15"
    for item in sections["us-relations"]:
        named = ("United States", "US", "U.S.", "America", "Washington", "White House")
        assert any(k in item["text"] for k in named)
    upcoming = " ".join(i["text"] for i in sections["upcoming-visits"])
    assert "planned visit by the Russian President to China in October" in upcoming
    assert "Belt and Road Forum" in upcoming
    assert "Patrushev" in upcoming
    assert "in March" not in upcoming  # Xi's past visit is not upcoming
    # Their October 2024 and December 2023 dates are behind the brief's date: marked, not upcoming.
    statuses = {
        i["status"]
        for i in sections["upcoming-visits"]
        if "Putin" in i["text"] or "Belt and Road" in i["text"]
    }
    assert statuses == {"date passed"}


def test_no_sentence_appears_twice_in_the_brief(built: dict[str, Path]) -> None:
    data = brief_json(built)
    texts = [i["text"] for s in data["sections"] for i in s["items"]]
    assert len(texts) == len(set(texts))  # the bottom line repeats headlines, nothing else


def test_faq_and_headings_never_become_sentences(built: dict[str, Path]) -> None:
    text = built["md"].read_text(encoding="utf-8")
    assert "Q:" not in text and "A:" not in text
    assert "Jinping’s Upcoming Visit to Russia" not in text
    assert "The Alignment of Interests" not in text


def test_pdf_reads_back_with_sections_citations_and_date(built: dict[str, Path]) -> None:
    reader = PdfReader(built["pdf"])
    assert 1 <= len(reader.pages) <= 4
    pages = [page.extract_text() for page in reader.pages]
    text = " ".join(" ".join(pages).split())
    for title in ("Bottom line up front", "Ukraine", "US relations", "Upcoming visits", "Sources"):
        assert title in text
    assert "23 November 2026" in text
    assert all("23 November 2026" in page for page in pages), "the date is on every page"
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, 1))
    data = brief_json(built)
    said = data["bluf"] + [i for s in data["sections"] for i in s["items"]]
    futile = next(i["text"] for i in said if FUTILITY in i["text"])
    assert " ".join(futile.split()[:8]) in text
    assert "[1][2]" in text.replace(" ", "")
    assert built["pdf"].read_bytes().startswith(b"%PDF-")


def _titles(outline: list) -> list[str]:
    titles: list[str] = []
    for entry in outline:
        titles.extend(_titles(entry) if isinstance(entry, list) else [entry.title])
    return titles


def test_pdf_has_a_bookmark_per_section(built: dict[str, Path]) -> None:
    titles = _titles(PdfReader(built["pdf"]).outline)
    for section in ("Ukraine", "US relations", "Upcoming visits", "Sources"):
        assert any(section in title for title in titles), titles


def test_html_is_one_page_with_the_css_inside(built: dict[str, Path]) -> None:
    html = built["html"].read_text(encoding="utf-8")
    assert "<style>" in html and "@page" in html
    assert 'href="#source-1"' in html and 'id="source-1"' in html
    assert "<link" not in html and "<script" not in html


def test_markdown_matches_the_golden_file(built: dict[str, Path]) -> None:
    """Golden Markdown for the seeds on a fixed date (regenerate with BRIEFER_UPDATE_GOLDEN=1)."""
    golden = GOLDEN / "seeds-2026-11-23.md"
    produced = built["md"].read_text(encoding="utf-8")
    seeds_prefix = str(Path(__file__).resolve().parents[1] / "seeds") + "/"
    produced = produced.replace(seeds_prefix, "seeds/")
    if os.environ.get("BRIEFER_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_article_markup_is_shown_as_text(tmp_path: Path) -> None:
    article = tmp_path / "evil.txt"
    article.write_text(
        "Kyiv talks\n\nUkraine said <script>alert(1)</script> and <img src=x onerror=y> "
        "were found in Kyiv on Monday. Officials in Ukraine said *nothing* [else](http://x).\n",
        encoding="utf-8",
    )
    brief = briefer.build_brief([article], date=DATE)
    paths = briefer.write_brief(brief, tmp_path / "out", formats=["md", "html"])
    html = paths["html"].read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="http://x"' not in html and "<em>" not in html


def test_a_failed_render_leaves_no_file(tmp_path: Path, seeds: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "brief.html.j2").write_text("{% if %}", encoding="utf-8")
    brief = briefer.build_brief([seeds], date=DATE)
    with pytest.raises(briefer.RenderError, match=r"brief.html.j2:1"):
        briefer.write_brief(brief, tmp_path / "out", user_templates=templates)
    assert not list((tmp_path / "out").rglob("*"))


def test_every_method_builds_a_brief(seeds: Path) -> None:
    for method in METHODS:
        brief = briefer.build_brief([seeds], date=DATE, method=method)
        assert any(section.items for section in brief.sections), method


#: Crops, places and units for articles no topic of the brief is about.
_CROPS = ("wheat", "barley", "maize", "rye", "oats", "sorghum", "millet", "rapeseed")


def _unrelated_article(number: int) -> str:
    """A short harvest report, its own text (numbers, crops and towns vary), on no topic."""
    crop, other = _CROPS[number % 8], _CROPS[(number // 8) % 8]
    return (
        f"Harvest report {number}\n\n"
        f"Growers near Millbrook {number} brought in {number * 7 + 3} tonnes of {crop}. "
        f"Yields of {other} rose by {number % 13 + 2} percent on the {number * 11} hectares "
        f"sown. Storage {number} at the Ashford {number + 5} cooperative is {number % 90} "
        "percent full.\n"
    )


@pytest.mark.slow  # builds and renders a 1,200-article day to PDF
def test_a_busy_day_lists_the_cited_sources_and_counts_the_rest(
    tmp_path: Path, seeds: Path
) -> None:
    for number in range(1200):
        (seeds / f"harvest-{number:04d}.txt").write_text(_unrelated_article(number), "utf-8")
    brief = briefer.build_brief([seeds], date=DATE)
    paths = briefer.write_brief(brief, tmp_path / "out")

    reader = PdfReader(paths["pdf"])
    assert len(reader.pages) <= 4
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    sources = text.split("Sources", 1)[1]
    assert "High-Stakes Meeting in Moscow" in sources
    assert "the top diplomats of China and Russia" in sources
    assert "Harvest report" not in sources
    assert "And 1,200 other articles read, not cited." in sources
    for fmt in ("md", "html"):
        assert "And 1,200 other articles read, not cited." in paths[fmt].read_text("utf-8")
    listed = json.loads(paths["json"].read_text("utf-8"))["sources"]
    assert len(listed) == 1202, "brief.json lists every article read"
    assert [s["number"] for s in listed] == list(range(1, 1203))
