"""Reading articles as scraped pages really look."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefer.errors import InputError
from briefer.ingest.files import UnreadableArticle, parse_article, parse_date, read_articles


def test_the_page_date_breadcrumb_and_headings_of_the_first_seed(seeds: Path) -> None:
    articles, skipped = read_articles([seeds])
    assert skipped == []
    first = articles[0]
    assert first.date == dt.date(2024, 5, 19)
    assert first.title == "High-Stakes Meeting in Moscow: Russia, China, and the Ukraine Crisis"
    assert first.paragraphs[0].startswith("In a significant diplomatic development")
    assert "The Alignment of Interests" not in first.paragraphs
    assert not any(p.startswith("Home /") for p in first.paragraphs)


def test_the_inline_date_and_faq_of_the_second_seed(seeds: Path) -> None:
    second = read_articles([seeds])[0][1]
    assert second.date == dt.date(2023, 11, 15)
    assert second.paragraphs[0].startswith("In a significant diplomatic development, the top")
    assert not any(p.startswith(("Q:", "A:", "FAQ")) for p in second.paragraphs)
    assert second.paragraphs[-1].startswith("The growing convergence")


def test_front_matter_gives_title_date_source_and_url() -> None:
    article = parse_article(
        "---\ntitle: Talks in Kyiv\ndate: 2026-11-20\nsource: Wire\nurl: https://x.test/a\n---\n"
        "Officials met in Kyiv on Friday. They agreed to meet again.\n",
        Path("a.md"),
    )
    assert (article.title, article.date, article.source, article.url) == (
        "Talks in Kyiv",
        dt.date(2026, 11, 20),
        "Wire",
        "https://x.test/a",
    )
    assert article.paragraphs == ("Officials met in Kyiv on Friday. They agreed to meet again.",)


def test_an_undated_untitled_article_says_so() -> None:
    article = parse_article("Officials met in Kyiv on Friday. They agreed.\n", Path("x.txt"))
    assert article.date is None
    assert article.title == "Officials met in Kyiv on Friday."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sunday , May 19 2024", dt.date(2024, 5, 19)),
        ("May 19, 2024", dt.date(2024, 5, 19)),
        ("19 May 2024", dt.date(2024, 5, 19)),
        ("Sept. 3, 2024", dt.date(2024, 9, 3)),
        ("2023-11-15", dt.date(2023, 11, 15)),
        ("March 1st, 2022", dt.date(2022, 3, 1)),
        ("Yesterday", None),
    ],
)
def test_dates_as_pages_write_them(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_folders_are_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a/1.md", "c.txt", ".hidden/x.txt", "notes.pdf"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"News from {name} in Kyiv today. More follows.\n", encoding="utf-8")
    articles, skipped = read_articles([tmp_path])
    assert [a.path.relative_to(tmp_path).as_posix() for a in articles] == [
        "a/1.md",
        "b/2.txt",
        "c.txt",
    ]
    assert skipped == []


def test_ids_are_stable_and_unique(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text("Kyiv said so. Yes.\n", encoding="utf-8")
    ids = [a.id for a in read_articles([tmp_path])[0]]
    assert ids == ["story", "story-2"]
    assert ids == [a.id for a in read_articles([tmp_path])[0]]


def test_an_explicit_file_of_another_kind_is_skipped(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    articles, skipped = read_articles([pdf])
    assert articles == []
    assert [(s.path, s.reason) for s in skipped] == [(str(pdf), "unsupported file type '.pdf'")]


def test_a_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No such file or folder"):
        read_articles([tmp_path / "missing"])


def test_headings_only_is_unreadable() -> None:
    with pytest.raises(UnreadableArticle, match="no sentences"):
        parse_article("Ukraine News\n\nSecond Heading\n", Path("h.txt"))
