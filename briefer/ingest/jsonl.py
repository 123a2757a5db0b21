"""JSON Lines -> articles: one ``{"title", "date", "text", "url", "source"}`` object a line.

Exports from news APIs and scrapers come this way. Only ``text`` is required;
paragraphs are separated by blank lines. A line that is not such an object is
reported with its line number and skipped; the rest of the file is read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefer.ingest.files import UnreadableArticle, parse_date
from briefer.ingest.html import Metadata, article_from_text, article_id
from briefer.model import Article, Skipped

_STRING_FIELDS = ("title", "date", "text", "url", "source", "author")


def read_jsonl(path: Path) -> Iterator[Article | Skipped]:
    """Every line of ``path`` as an article, or the reason it is not one."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableArticle(error.strerror or str(error)) from error
    try:
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as error:
        raise UnreadableArticle(f"not UTF-8 text (byte {error.start})") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            yield _article(line, where, f"{article_id(str(path))}-{number}")
        except UnreadableArticle as problem:
            yield Skipped(where, str(problem))


def _article(line: str, where: str, identity: str) -> Article:
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as error:
        raise UnreadableArticle(f"not JSON ({error.msg}, column {error.colno})") from error
    if not isinstance(record, dict):
        raise UnreadableArticle("not a JSON object")
    for key in _STRING_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise UnreadableArticle(f"{key!r} must be a string")
    text = record.get("text") or ""
    if not text.strip():
        raise UnreadableArticle("no 'text'")
    date = _date(record.get("date"))
    if record.get("date") and date is None:
        raise UnreadableArticle(f"unreadable date {record['date']!r}")
    article = article_from_text(
        text,
        where,
        url=record.get("url") or None,
        known=Metadata(
            title=record.get("title") or None,
            date=date,
            source=record.get("source") or None,
            author=record.get("author") or None,
        ),
    )
    from dataclasses import replace

    return replace(article, id=identity)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return parse_date(value)
