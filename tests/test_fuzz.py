"""Fuzzing (issue 15, must-have 11): random sources through ingest -> build -> write.

hypothesis makes a folder of files (random names and suffixes, text in random encodings,
front matter with random dates, JSON Lines, HTML, RSS/Atom, raw bytes) and pages served
from a loopback ``http.server`` (random content types, feeds linking to other pages). Each
example is read, built and written like ``briefer build`` does; two things must hold:

- nothing but ``BrieferError`` escapes (an unreadable everything is ``InputError``);
- every input is read or reported: each file and URL is named by an article, a skipped
  entry or a folded duplicate.

The examples are few (``BRIEFER_FUZZ_EXAMPLES``, 40 by default) and derandomized, so a run
is repeatable; ``BRIEFER_FUZZ_EXAMPLES=1000 pytest tests/test_fuzz.py -m slow`` runs more, and
``BRIEFER_FUZZ_LOG=FILE`` appends each example's time and outcome to FILE.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_fixtures import Response, Site, serve

from briefer.config import load_config
from briefer.errors import BrieferError
from briefer.ingest.fetch import FetchLimits
from briefer.ingest.read import SourceOptions, SourceReader
from briefer.pipeline import build_brief
from briefer.render import write_brief

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("BRIEFER_FUZZ_EXAMPLES", "40"))
DATE = dt.date(2023, 11, 16)

WORDS = [
    "Kyiv", "Moscow", "Beijing", "Washington", "talks", "minister", "said", "will", "meet",
    "visit", "next", "week", "month", "on", "Saturday", "Monday", "in", "May", "the", "and",
    "of", "a", "to", "officials", "president", "summit", "agreed", "U.S.", "Mr.", "Wang", "Yi",
    "Lavrov", "Blinken", "NATO", "sanctions", "troops", "ceasefire", "2023", "2024", "15",
    "November",
]  # fmt: skip
DATES = [
    "2023-11-15", "9999-12-31", "0001-01-01", "2023-13-45", "2023-02-30", "15 November 2023",
    "Nov 15, 2023", "yesterday", "", "0000-00-00", "-1", "2023-11-15T25:61:00Z",
    "Wed, 15 Nov 2023 10:00:00 GMT", "Mon, 45 Dec 2023 10:00:00 GMT",
]  # fmt: skip
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]
SUFFIXES = [
    ".txt", ".md", ".html", ".htm", ".jsonl", ".rss", ".xml", ".atom", ".opml", ".docx",
    ".pdf", "", ".TXT", ".Html", ".json",
]  # fmt: skip
CONTENT_TYPES = [
    "text/html; charset=utf-8", "text/html; charset=bogus", "application/rss+xml",
    "application/atom+xml", "text/plain", "application/octet-stream", "image/png", None,
    "text/html; charset=utf-16",
]  # fmt: skip

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(
    lambda words: " ".join(words) + "."
)
prose = st.lists(st.one_of(sentence, sentence, st.text(max_size=80)), min_size=0, max_size=12).map(
    " ".join
)
paragraphs = st.lists(prose, min_size=0, max_size=5).map("\n\n".join)
date_text = st.one_of(st.sampled_from(DATES), st.text(max_size=20))
title = st.one_of(st.text(max_size=40), sentence)


@st.composite
def text_article(draw: st.DrawFn) -> str:
    head = ""
    if draw(st.booleans()):
        head = f"---\ntitle: {draw(title)}\ndate: {draw(date_text)}\nsource: {draw(title)}\n---\n"
    lead = draw(st.sampled_from(["", "date ", "Published: ", "Home / World / "]))
    return head + lead + draw(date_text) + "\n\n" + draw(paragraphs)


@st.composite
def jsonl_file(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            lines.append(draw(st.text(max_size=60)))  # not JSON
        elif kind == 1:
            lines.append(json.dumps(draw(st.one_of(st.integers(), st.lists(st.integers())))))
            lines.append("[" * draw(st.integers(1, 100_000)))  # nested past the recursion limit
        else:
            fields = {
                "title": title, "date": date_text, "text": paragraphs, "source": title,
                "url": st.sampled_from(["", "http://x/a", "javascript:alert(1)"]),
            }  # fmt: skip
            record = {}
            for key, value in fields.items():
                if key != "text" and draw(st.booleans()):
                    continue
                odd = draw(st.integers(0, 5)) == 0  # a number, a null: the wrong type
                record[key] = draw(st.one_of(st.none(), st.integers())) if odd else draw(value)
            lines.append(json.dumps(record, ensure_ascii=draw(st.booleans())))
    return "\n".join(lines)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def html_page(draw: st.DrawFn) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in draw(paragraphs).split("\n\n"))
    metas = ""
    if draw(st.booleans()):
        metas += f'<meta property="article:published_time" content="{escape(draw(date_text))}">'
    if draw(st.booleans()):
        metas += f"<title>{escape(draw(title))}</title>"
    junk = draw(st.sampled_from(["", "<script>x</script>", "<<<>>>", "<p", "&#0;&#xD800;"]))
    return f"<!DOCTYPE html><html><head>{metas}</head><body>{junk}<article>{body}</article></html>"


@st.composite
def feed(draw: st.DrawFn, links: list[str]) -> str:
    entries = []
    atom = draw(st.booleans())
    for _ in range(draw(st.integers(0, 3))):
        link = draw(st.sampled_from([*links, ""]))
        text = escape(draw(paragraphs))
        when = escape(draw(date_text))
        if atom:
            entries.append(
                f'<entry><title>{escape(draw(title))}</title><link href="{link}"/>'
                f"<updated>{when}</updated><content>{text}</content></entry>"
            )
        else:
            entries.append(
                f"<item><title>{escape(draw(title))}</title><link>{link}</link>"
                f"<pubDate>{when}</pubDate><description>{text}</description></item>"
            )
    if atom:
        return (
            f'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{"".join(entries)}</feed>'
        )
    return f'<rss version="2.0"><channel><title>F</title>{"".join(entries)}</channel></rss>'


@dataclass
class Source:
    """One input: a file's bytes under a name, or a page's bytes and content type."""

    token: str  # in its name or URL: an article, skip or fold naming it names this source
    body: bytes
    suffix: str = ""
    content_type: str | None = None
    name: str = ""  # more of a file's name, after the token: spaces, accents, line breaks
    folder: str = ""  # a subfolder the file is in ("" for the top; never a hidden one)


def encoded(draw: st.DrawFn, text: str) -> bytes:
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@st.composite
def source(draw: st.DrawFn, token: str, links: list[str]) -> Source:
    kind = draw(st.sampled_from(["text", "text", "news", "jsonl", "html", "feed", "bytes"]))
    if kind == "bytes":
        body = draw(st.binary(max_size=400))
    elif kind == "text":
        body = encoded(draw, draw(text_article()))
    elif kind == "news":  # readable for sure, so that most examples build and write a brief
        body = encoded(draw, "date 2023-11-15 " + " ".join(draw(st.lists(sentence, min_size=3))))
    elif kind == "jsonl":
        body = draw(jsonl_file()).encode("utf-8", errors="replace")
    elif kind == "html":
        body = encoded(draw, draw(html_page()))
    else:
        # An entry is named by its link: each link carries the feed's token (the fixture
        # server routes by path alone), so the feed is found behind its entries' names.
        via = [f"{link}?via={token}" for link in [*links, "file:///etc/passwd", "http://10.0.0.1/"]]
        body = draw(feed(via)).encode("utf-8", errors="replace")
    suffix = draw(st.sampled_from([*SUFFIXES, *SUFFIXES[:5]]))  # readable ones twice as often
    if kind in ("text", "news") and draw(st.booleans()):
        suffix = ".txt"
    name = draw(st.text(st.characters(exclude_characters="/\x00", codec="utf-8"), max_size=12))
    folder = draw(st.sampled_from(["", "", "sub", "sub/deeper", "an other"]))
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    return Source(token, body, suffix, name=name, folder=folder, content_type=content_type)


@st.composite
def day_of_sources(draw: st.DrawFn, base: str) -> tuple[list[Source], list[Source]]:
    """(files, pages): pages are served at ``base/<token>``; feeds may link to them."""
    pages_n = draw(st.integers(0, 3))
    links = [f"{base}/p{n}" for n in range(pages_n)] + [f"{base}/missing"]
    pages = [draw(source(f"p{n}", links)) for n in range(pages_n)]
    files = [draw(source(f"f{n}x", links)) for n in range(draw(st.integers(1, 5)))]
    return files, pages


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve(Site()) as served:
        yield served


def log_example(seconds: float, outcome: str) -> None:
    """With ``BRIEFER_FUZZ_LOG=FILE``, one line per example: its time and how it ended."""
    if log := os.environ.get("BRIEFER_FUZZ_LOG"):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"seconds": round(seconds, 2), "outcome": outcome}) + "\n")


def named(token: str, names: set[str]) -> bool:
    return any(token in name for name in names)


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_sources_read_build_and_write_or_fail_as_briefer_errors(
    site: Site, data: st.DataObject
) -> None:
    files, pages = data.draw(day_of_sources(site.base))
    for page in pages:
        site.add(f"/{page.token}", Response(page.body, content_type=page.content_type))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for file in files:
            path = folder / file.folder / f"{file.token}{file.name}{file.suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(file.body)
        urls = [f"{site.base}/{page.token}" for page in pages]
        limits = FetchLimits(timeout=5.0)
        reader = SourceReader(SourceOptions(limits=limits, allow_private=True))
        started, outcome = time.monotonic(), "built"
        try:
            brief = build_brief([folder, *urls], DATE, load_config(cwd=Path(tmp)), reader=reader)
            write_brief(brief, Path(tmp) / "out")
        except BrieferError as error:
            outcome = type(error).__name__
        except Exception as error:
            outcome = f"CRASH {type(error).__name__}"
            raise
        finally:
            log_example(time.monotonic() - started, outcome)
        report = reader.last_report
        assert report is not None
        names = {str(a.path) for a in report.articles} | {s.path for s in report.skipped}
        names |= {folded.location for folded in report.folded}
        for input_source in [*files, *pages]:
            assert named(input_source.token, names), (input_source, sorted(names))
