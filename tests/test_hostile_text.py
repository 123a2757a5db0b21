"""Hostile text (issue 15): bounded sentences, the hostile folder, impossible dates.

Sentences over ``MAX_SENTENCE_WORDS`` words or ``MAX_SENTENCE_CHARS`` characters are cut at
segmentation, so entity, event and participant extraction never meet an unbounded one.
The figures (a 7.8 MB sentence, a 12,000-sentence article, the folder) are measured by
``benchmarks/hostile_table.py``, not here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_fixtures import Story, page, rss, seed_stories, state_department_stories

from briefer.cli import main
from briefer.ingest.files import read_articles
from briefer.ingest.jsonl import read_jsonl
from briefer.ingest.read import SourceOptions, SourceReader
from briefer.model import Article, Skipped
from briefer.text.bounds import MAX_SENTENCE_CHARS, MAX_SENTENCE_WORDS
from briefer.text.sentences import segment_article, sentence_spans, split_sentences

WORDS = ["Kyiv", "talks", "resumed", "with", "delegations", "from", "several", "capitals"]


def within_bounds(sentence: str) -> bool:
    return len(sentence) <= MAX_SENTENCE_CHARS and len(sentence.split()) <= MAX_SENTENCE_WORDS


def test_an_unpunctuated_sentence_is_cut_into_bounded_pieces_keeping_every_word() -> None:
    text = " ".join(WORDS[n % len(WORDS)] for n in range(30_000))
    pieces = split_sentences(text)
    assert len(pieces) >= 30_000 // MAX_SENTENCE_WORDS
    assert all(within_bounds(piece) for piece in pieces)
    assert " ".join(pieces).split() == text.split()  # cut at word boundaries, nothing lost


def test_long_words_are_cut_by_characters_as_well() -> None:
    text = "a" * 2_000_000 + " end " + ("abcdefghij" * 300 + " ") * 3
    pieces = split_sentences(text)
    assert all(within_bounds(piece) for piece in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert max(len(piece) for piece in pieces) == MAX_SENTENCE_CHARS


def test_news_sentences_are_not_touched() -> None:
    from briefer.text.sentences import _punkt

    for story in [*seed_stories(), *state_department_stories()]:
        for paragraph in story.paragraphs:
            plain = [s for s in _punkt().span_tokenize(paragraph) if paragraph[s[0] : s[1]].strip()]
            assert sentence_spans(paragraph) == plain


def test_pieces_keep_their_offsets_in_the_article() -> None:
    long = " ".join(WORDS[n % len(WORDS)] for n in range(1_000))
    article = Article(
        id="a", title="t", date=None, path="a.txt", paragraphs=("Short one.", long + ".")
    )
    body = "\n\n".join(article.paragraphs)
    sentences = segment_article(article)
    assert len(sentences) == 1 + 5
    for sentence in sentences:
        assert within_bounds(sentence.text)
        assert body[sentence.start : sentence.end].strip() == sentence.text


def hostile_folder(folder: Path) -> dict[str, str]:
    """The issue's hostile folder; the reason each bad file is to be skipped with."""
    seeds = seed_stories()
    folder.mkdir()
    (folder / "good.txt").write_text(seeds[0].text, encoding="utf-8")
    (folder / "cp1252.txt").write_bytes(seeds[1].text.encode("cp1252", "replace"))
    (folder / "utf16.txt").write_bytes(state_department_stories()[3].text.encode("utf-16"))
    (folder / "nul.txt").write_bytes(b"date 2023-11-15\n\nSome text\x00 with NUL\x00 bytes. " * 500)
    (folder / "word.txt").write_text("date 2023-11-15\n\n" + "a" * 2_000_000 + "\n")
    (folder / "punctuation.txt").write_text("!?.,;:-- " * 100_000)
    os.symlink("loop_b", folder / "loop_a")
    os.symlink("loop_a", folder / "loop_b")
    with (folder / "thirty.txt").open("wb") as handle:
        handle.truncate(30_000_000)  # sparse: 30 MB of NUL, never read
    return {
        "nul.txt": "binary file, not text",
        "word.txt": "no sentences found",
        "punctuation.txt": "no sentences found",
        "loop_a": "a link that loops",
        "loop_b": "a link that loops",
        "thirty.txt": "larger than the 5000000-byte limit",
    }


def test_the_hostile_folder_is_read_and_every_bad_file_named_once(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    expected = hostile_folder(folder)
    result = CliRunner().invoke(
        main, ["build", str(folder), "--date", "2023-11-16", "--output-dir",
               str(tmp_path / "out"), "--format", "md"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == len(expected), skipped
    for name, reason in expected.items():
        named = [line for line in skipped if line.startswith(f"skipped {folder / name}:")]
        assert len(named) == 1 and reason in named[0], (name, skipped)
    assert "read 3 articles from 9 sources" in result.stderr


@pytest.mark.parametrize("size", [200_000])
def test_an_article_of_one_long_sentence_builds_with_bounded_sentences(
    tmp_path: Path, size: int
) -> None:
    words = " ".join(WORDS[n % len(WORDS)] for n in range(size // 7))
    (tmp_path / "long.txt").write_text(f"date 2023-11-15\n\n{words}\n", encoding="utf-8")
    articles, skipped = read_articles([tmp_path / "long.txt"])
    assert not skipped
    sentences = segment_article(articles[0])
    assert all(within_bounds(sentence.text) for sentence in sentences)
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "long.txt"), "--date", "2023-11-16", "--output-dir",
               str(tmp_path / "out"), "--format", "md"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / dt.date(2023, 11, 16).isoformat() / "brief.md").exists()


# Impossible and extreme dates (must-have 6): read undated, the reason one warning line.

BAD_DATES = ["9999-12-31", "0001-01-01", "2023-13-45"]
PLACEHOLDER = dt.date(2020, 2, 2)
AHEAD = "The ministers will meet again next month and on Saturday, officials said."


def dated_story(number: int) -> Story:
    story = state_department_stories()[number]
    return replace(story, date=PLACEHOLDER, paragraphs=(*story.paragraphs, AHEAD))


def rfc822(stated: str) -> str:
    """The RSS spelling of ``stated`` (whatever the day, even 45 Thirteenember)."""
    year, month, day = stated.split("-")
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    name = months[int(month) - 1] if int(month) <= 12 else "Dec"
    return f"{day} {name} {year}" if int(month) <= 12 else stated


def write_dated_sources(folder: Path, stated: str) -> dict[str, str]:
    """One source per path stating ``stated``; where it is named -> how its date is written."""
    folder.mkdir(parents=True)
    iso = PLACEHOLDER.isoformat()
    front = dated_story(0)
    (folder / "front.txt").write_text(
        f"---\ntitle: {front.title}\ndate: {stated}\n---\n\n{front.text}\n", encoding="utf-8"
    )
    (folder / "inline.txt").write_text(f"date {stated} {dated_story(1).text}\n")
    (folder / "line.txt").write_text(f"{stated}\n\n{dated_story(2).text}\n", encoding="utf-8")
    (folder / "page.html").write_text(page(dated_story(3)).replace(iso, stated))
    feed = rss("Dated", "http://x", [(dated_story(4), "http://x/a", True)])
    (folder / "feed.rss").write_text(feed.replace("02 Feb 2020", rfc822(stated)))
    record = {"title": "A record", "date": stated, "text": dated_story(5).text}
    (folder / "records.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return {
        "/front.txt": stated, "/inline.txt": stated, "/line.txt": stated, "/page.html": stated,
        "http://x/a": rfc822(stated), "/records.jsonl:1": stated,
    }  # fmt: skip


@pytest.mark.parametrize("stated", BAD_DATES)
def test_an_impossible_or_extreme_date_on_every_path_is_no_date(
    tmp_path: Path, stated: str
) -> None:
    folder = tmp_path / "in"
    written = write_dated_sources(folder, stated)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(folder), "--date", "2023-11-16", "--output-dir", str(out),
               "--format", "md,json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.stderr, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    for name, how in written.items():
        named = [line for line in warnings if f"{name}: date '" in line and how in line]
        assert len(named) == 1, (name, warnings)
        assert named[0].endswith("read as undated")
    sources = json.loads((out / "2023-11-16" / "brief.json").read_text())["sources"]
    assert len(sources) == len(written)
    assert all(source["undated"] for source in sources), sources


def test_a_real_day_in_range_is_kept_on_every_path(tmp_path: Path) -> None:
    written = write_dated_sources(tmp_path / "in", "2023-11-15")
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "in"), "--date", "2023-11-16", "--output-dir",
               str(tmp_path / "out"), "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "warning: " not in result.stderr.replace("warning: the newest", ""), result.stderr
    sources = json.loads((tmp_path / "out" / "2023-11-16" / "brief.json").read_text())["sources"]
    assert len(sources) == len(written)
    assert not any(source["undated"] for source in sources), sources


def test_a_json_line_nested_too_deeply_is_one_skipped_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    good = {"text": "Officials met in Kyiv on Monday. They agreed to meet again."}
    path.write_text("[" * 200_000 + "]" * 200_000 + "\n" + json.dumps(good) + "\n")
    found = list(read_jsonl(path))
    assert [type(f).__name__ for f in found] == ["Skipped", "Article"]
    assert found[0] == Skipped(f"{path}:1", "not JSON (nested too deeply)")


def test_a_feed_date_feedparser_cannot_read_is_read_as_a_file_date_would_be(
    tmp_path: Path,
) -> None:
    feed = rss("Dated", "http://x", [(dated_story(4), "http://x/a", True)])
    (tmp_path / "feed.rss").write_text(
        feed.replace("Sun, 02 Feb 2020 08:00:00 +0000", "Nov 15, 2023")
    )
    options = SourceOptions()
    report = SourceReader(options).read([tmp_path / "feed.rss"])
    assert [a.date for a in report.articles] == [dt.date(2023, 11, 15)]
