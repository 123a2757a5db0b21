"""Read article files into ``Article`` objects.

Scraped articles carry page furniture around the body: a page date line
("Sunday , May 19 2024"), a breadcrumb ("Home / World / Title"), headings on
lines of their own, an inline "date 2023-11-15" prefix, and a trailing FAQ
that repeats the body. This module keeps the body paragraphs and turns the
furniture into metadata. A file that cannot be read is reported, not fatal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from briefer.errors import InputError
from briefer.ingest.dates import checked_date
from briefer.model import Article, Skipped
from briefer.text.datelines import dateline_length
from briefer.text.sentences import split_sentences

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md")
#: Largest file read by default ([sources] max_bytes sets it, for files as for pages).
MAX_FILE_BYTES = 5_000_000

_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_LINE_RE = re.compile(
    rf"^\s*(?:(?:published|updated|posted|date)\s*:?\s*)?(?:{_WEEKDAY}\s*,?\s*)?"
    rf"(?P<date>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*\d{{4}}"
    rf"|\d{{1,2}}\s+{_MONTH}\s*,?\s*\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\s*$",
    re.IGNORECASE,
)
_INLINE_DATE_RE = re.compile(r"^\s*date:?\s+(?P<date>\d{4}-\d{2}-\d{2})\s+", re.IGNORECASE)
_BREADCRUMB_RE = re.compile(r"^\s*home\s*[/›>»|]\s*.+", re.IGNORECASE)
_BREADCRUMB_SEP_RE = re.compile(r"\s+[/›>»|]\s+")
_FAQ_HEADING_RE = re.compile(r"^\s*(?:faqs?|frequently asked questions)\s*:?\s*$", re.IGNORECASE)
_QA_RE = re.compile(r"^\s*[QA]\s*:", re.IGNORECASE)
_HAS_WORD_RE = re.compile(r"[^\W_]")
_SENTENCE_END = tuple('.!?:;"”’)')
_HEADING_MAX_WORDS = 20
_FRONT_MATTER_KEYS = {"title", "date", "source", "url", "author"}


def parse_date(text: str) -> dt.date | None:
    """Parse the date formats seen in articles ("May 19 2024", "19 May 2024", ISO)."""
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text.strip()).replace(",", " ")
    cleaned = re.sub(rf"^{_WEEKDAY}\s+", "", cleaned, flags=re.IGNORECASE)
    cleaned = " ".join(cleaned.replace(".", " ").split())
    for fmt in ("%Y-%m-%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    if cleaned.lower().startswith("sept "):
        return parse_date("Sep " + cleaned[5:])
    return None


def _iso_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # 2023-13-45
        return None


def files_in(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """The files under ``folder`` with one of ``suffixes``, sorted; hidden ones left out."""
    wanted = set(suffixes)
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in wanted
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def find_inputs(paths: Iterable[Path], suffixes: Iterable[str] = TEXT_SUFFIXES) -> list[Path]:
    """Expand files and folders (recursively, sorted) into the files to read.

    A file named outright is kept whatever its suffix; in a folder, only files
    with one of ``suffixes``.
    """
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"No such file or folder: {path}")
        if path.is_dir():
            found.extend(files_in(path, suffixes))
        else:
            found.append(path)
    return found


def read_articles(paths: Iterable[Path]) -> tuple[list[Article], list[Skipped]]:
    """Read every article under ``paths``; unreadable ones are returned as ``Skipped``."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    used_ids: set[str] = set()
    for path in find_inputs(paths):
        try:
            article = read_article(path)
        except UnreadableArticle as problem:
            log.info("skipped %s: %s", path, problem)
            skipped.append(Skipped(str(path), str(problem)))
            continue
        article = _with_unique_id(article, used_ids)
        used_ids.add(article.id)
        articles.append(article)
    return articles, skipped


class UnreadableArticle(Exception):
    """Raised for one file that cannot be used; the caller skips it."""


def read_article(path: Path, max_bytes: int | None = MAX_FILE_BYTES) -> Article:
    """Read one ``.txt`` or ``.md`` article file, in whatever text encoding it is in."""
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise UnreadableArticle(f"unsupported file type {path.suffix or '(none)'!r}")
    from briefer.ingest.charset import Undecodable, decode_text

    data = read_bounded(path, max_bytes)
    try:
        raw = decode_text(data)
    except Undecodable as error:
        raise UnreadableArticle(str(error)) from error
    if not raw.strip():
        raise UnreadableArticle("empty file")
    return parse_article(raw, path)


def read_bounded(path: Path, max_bytes: int | None = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, refused unread when there are more than ``max_bytes``.

    The size is checked before reading and again while reading (a file can
    grow), so a 50 MB file costs nothing; a FIFO or device (``/dev/zero``)
    is not a file to read at all.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # before opening: a FIFO's open blocks
            raise UnreadableArticle("not a regular file")
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            if max_bytes is not None and status.st_size > max_bytes:
                raise UnreadableArticle(
                    f"larger than the {max_bytes}-byte limit ({status.st_size} bytes)"
                )
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except OSError as error:
        raise UnreadableArticle(error.strerror or str(error)) from error
    if max_bytes is not None and len(data) > max_bytes:
        raise UnreadableArticle(f"larger than the {max_bytes}-byte limit")
    return data


def parse_article(raw: str, path: Path, where: str | None = None) -> Article:
    """Turn an article's raw text into an ``Article`` (body paragraphs plus metadata).

    A date it states that is no date (``2023-13-45``, ``9999-12-31``) leaves it undated,
    with a warning naming ``where`` (the path unless given).
    """
    where = where or str(path)
    meta, body = _split_front_matter(raw.replace("\r\n", "\n").replace("\r", "\n"))
    title: str | None = meta.get("title")
    stated = meta.get("date")
    date = checked_date(where, stated, parse_date(stated)) if stated else None
    paragraphs: list[str] = []
    headings: list[str] = []
    for block in re.split(r"\n\s*\n", body):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        kept: list[str] = []
        for line in lines:
            if date is None and (match := _DATE_LINE_RE.match(line)):
                date = checked_date(where, match["date"], parse_date(match["date"]))
                continue
            if _BREADCRUMB_RE.match(line) and len(_BREADCRUMB_SEP_RE.split(line)) >= 2:
                title = title or _clean_title(_BREADCRUMB_SEP_RE.split(line)[-1])
                continue
            kept.append(line)
        if not kept:
            continue
        text = " ".join(kept)
        if _FAQ_HEADING_RE.match(text) or _QA_RE.match(text):
            break  # the FAQ repeats the body; nothing after it is read
        if match := _INLINE_DATE_RE.match(text):
            date = date or checked_date(where, match["date"], _iso_day(match["date"]))
            text = text[match.end() :]
        if not _HAS_WORD_RE.search(text):
            continue  # punctuation only ("!?.,;" a megabyte long) is no sentence
        if _is_heading(text, kept):
            headings.append(text)
            continue
        paragraphs.append(text)
    if not paragraphs:
        raise UnreadableArticle("no sentences found")
    if not title:
        title = _clean_title(headings[0]) if headings else _title_from_lead(paragraphs[0])
    return Article(
        id=_slug(path.stem) or _digest(raw),
        title=title,
        date=date,
        path=path,
        paragraphs=tuple(paragraphs),
        url=meta.get("url"),
        source=meta.get("source"),
    )


def _split_front_matter(raw: str) -> tuple[dict[str, str], str]:
    """Split a leading ``---`` block of ``key: value`` lines from the body."""
    match = re.match(r"\A\s*---\s*\n(?P<head>.*?)\n---\s*(?:\n|\Z)", raw, re.DOTALL)
    if not match:
        return {}, raw
    meta: dict[str, str] = {}
    for line in match["head"].split("\n"):
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key in _FRONT_MATTER_KEYS:
            meta[key] = value.strip().strip("\"'")
    return meta, raw[match.end() :]


def _is_heading(text: str, lines: list[str]) -> bool:
    """A one-line block with no sentence-final punctuation, and short, is a heading."""
    if len(lines) != 1 or text.rstrip().endswith(_SENTENCE_END):
        return False
    return len(text.split()) <= _HEADING_MAX_WORDS or text.lstrip().startswith("#")


def _clean_title(text: str) -> str:
    """Strip Markdown heading marks and an unbalanced stray quote from a title."""
    title = text.strip().lstrip("#").strip()
    for opening, closing in (("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'")):
        if title.startswith(opening) and closing not in title[1:]:
            title = title[1:].strip()
        if title.endswith(closing) and opening not in title[:-1]:
            title = title[:-1].strip()
    return title


def _title_from_lead(paragraph: str, limit: int = 80) -> str:
    """An untitled article is named by the start of its first sentence (after any dateline)."""
    paragraph = paragraph[dateline_length(paragraph) :]
    sentences = split_sentences(paragraph)
    lead = (sentences[0] if sentences else paragraph).strip()
    if len(lead) <= limit:
        return lead
    return lead[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def _digest(raw: str) -> str:
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def _with_unique_id(article: Article, used: set[str]) -> Article:
    if article.id not in used:
        return article
    number = 2
    while f"{article.id}-{number}" in used:
        number += 1
    return replace(article, id=f"{article.id}-{number}")
