"""JSON Lines -> articles: one ``{"title", "date", "text", "url", "source"}`` object a line.

Exports from news APIs and scrapers come this way. Only ``text`` is required;
paragraphs are separated by blank lines. A line that is not such an object is
reported with its line number and skipped; the rest of the file is read.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from briefer.ingest.dates import checked_date
from briefer.ingest.feeds import failure_reason
from briefer.ingest.files import UnreadableArticle, parse_date
from briefer.ingest.html import Metadata, article_from_text, article_id
from briefer.model import Article, Skipped

_SKIP_BYTES = 1 << 20
_STRING_FIELDS = ("title", "date", "text", "url", "source", "author")


def read_jsonl(path: Path, max_bytes: int | None = None) -> Iterator[Article | Skipped]:
    """Every line of ``path`` as an article, or the reason it is not one.

    The file is read a line at a time, so an export of any size can be read;
    ``max_bytes`` bounds each line (each article), as it bounds a page.
    """
    if not stat.S_ISREG(_stat(path).st_mode):
        raise UnreadableArticle("not a regular file")
    seen_text = False
    try:
        with path.open("rb") as handle:
            for number, data in enumerate(_lines(handle, max_bytes), start=1):
                where = f"{path}:{number}"
                if data is None:
                    yield Skipped(where, f"line longer than the {max_bytes}-byte limit")
                    continue
                if not data.strip():
                    continue
                seen_text = True
                try:
                    line = data.decode("utf-8-sig" if number == 1 else "utf-8")
                    yield _article(line, where, f"{article_id(str(path))}-{number}")
                except UnicodeDecodeError as error:
                    yield Skipped(where, f"not UTF-8 text (byte {error.start})")
                except Exception as problem:  # one line, whatever broke in it, is one line
                    yield Skipped(where, failure_reason(problem))
    except OSError as error:
        raise UnreadableArticle(error.strerror or str(error)) from error
    if not seen_text:
        raise UnreadableArticle("empty file, no JSON lines")


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except OSError as error:
        raise UnreadableArticle(error.strerror or str(error)) from error


def _lines(handle: BinaryIO, max_bytes: int | None) -> Iterator[bytes | None]:
    """The lines of ``handle`` without their ends; None for a line over ``max_bytes``."""
    limit = -1 if max_bytes is None else max_bytes + 1
    while line := handle.readline(limit):
        if max_bytes is not None and len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := handle.readline(_SKIP_BYTES)) and not rest.endswith(b"\n"):
                pass  # read past the rest of the long line, a megabyte at a time
            yield None
        else:
            yield line.rstrip(b"\r\n")


def _article(line: str, where: str, identity: str) -> Article:
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as error:
        raise UnreadableArticle(f"not JSON ({error.msg}, column {error.colno})") from error
    except RecursionError as error:  # "[[[[..." 100,000 deep
        raise UnreadableArticle("not JSON (nested too deeply)") from error
    if not isinstance(record, dict):
        raise UnreadableArticle("not a JSON object")
    for key in _STRING_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise UnreadableArticle(f"{key!r} must be a string")
    text = record.get("text") or ""
    if not text.strip():
        raise UnreadableArticle("no 'text'")
    date = checked_date(where, record.get("date"), _date(record.get("date")))
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
