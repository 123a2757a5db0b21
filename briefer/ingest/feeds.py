"""RSS and Atom feeds -> one article per entry.

Many feeds carry the whole story (``content:encoded``, Atom ``content``);
many carry only a teaser. A teaser is not enough to brief from, so for those
entries the linked page is fetched and read like any page; the entry's own
title, date and the feed's name fill in what the page does not state. When
that fetch fails the entry is reported and skipped, unless its teaser is long
enough to stand as the article.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

from briefer.ingest.charset import Undecodable
from briefer.ingest.dates import checked_date
from briefer.ingest.fetch import FetchError
from briefer.ingest.files import UnreadableArticle, parse_date
from briefer.ingest.html import Metadata, article_from_html, article_from_text, fragment_text
from briefer.model import Article, Skipped

log = logging.getLogger(__name__)

# An entry whose text is at least this long is the article itself, not a teaser.
FULL_TEXT_CHARS = 600
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_ISO_DAY_RE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})")
_RFC822_DAY_RE = re.compile(rf"\b(\d{{1,2}})\s+({'|'.join(_MONTHS)})[a-z]*\.?\s+(\d{{4}})\b", re.I)
_FEED_SNIFF_RE = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def looks_like_feed(body: bytes) -> bool:
    """True when the first kilobytes open an RSS, Atom or RSS 1.0 (RDF) document."""
    return _FEED_SNIFF_RE.search(body[:2048]) is not None


def read_feed(
    body: bytes,
    location: str,
    fetch_page: Callable[[str], tuple[str, str]],
    prefetch: Callable[[list[str]], None] | None = None,
) -> Iterator[Article | Skipped]:
    """Each entry of the feed at ``location`` as an article, or the reason it is not one.

    ``fetch_page(url)`` returns (final URL, page text) and raises ``FetchError``;
    ``prefetch(urls)``, if given, fetches the teasers' pages together beforehand.
    """
    import feedparser

    # Bytes in a file-like object: given bytes or a string, feedparser would open a
    # body that reads "/etc/passwd" or "http://10.0.0.1/" as a path or a URL.
    # A fetched feed's relative links resolve against its URL; a file's stay as they are.
    # (application/xml: the encoding is the one the XML declaration names.)
    headers = {"content-location": location, "content-type": "application/xml"}
    is_url = location.startswith(("http://", "https://"))
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers if is_url else None)
    if not parsed.entries:
        if parsed.get("version"):
            raise UnreadableArticle("the feed has no entries")
        raise UnreadableArticle(f"not a readable feed ({parsed.get('bozo_exception')})")
    outlet = _text(parsed.feed.get("title"))
    log.info("feed %s: %d entries", location, len(parsed.entries))
    if prefetch is not None:
        prefetch([_text(e.get("link")) or "" for e in parsed.entries if _is_teaser(e)])
    for number, entry in enumerate(parsed.entries, start=1):
        where = _text(entry.get("link")) or f"{location}#entry-{number}"
        try:
            yield _entry_article(entry, where, outlet, fetch_page)
        except Exception as problem:  # one entry, whatever broke in it, is one skipped entry
            yield Skipped(where, failure_reason(problem))


def failure_reason(error: Exception) -> str:
    """Why a source (or an entry) could not be read, in one line, for any error at all.

    Our own errors say it already; NLTK's regular-expression guard raises
    ``TimeoutError`` on text it cannot split in time; anything else (a parser
    that chokes on hostile input) is named by its type, and logged in full.
    """
    if isinstance(error, (UnreadableArticle, FetchError, Undecodable)):
        return str(error)
    if isinstance(error, TimeoutError):
        first = (str(error).splitlines() or [""])[0][:120]
        return f"gave up splitting the text into sentences ({first or 'time limit'})"
    log.debug("reading failed", exc_info=error)
    detail = " ".join(str(error).split())[:160]
    return f"cannot be read ({type(error).__name__}{': ' + detail if detail else ''})"


def _entry_article(
    entry: Any, where: str, outlet: str | None, fetch_page: Callable[[str], tuple[str, str]]
) -> Article:
    link = _text(entry.get("link"))
    known = Metadata(
        title=_text(entry.get("title")),
        date=_entry_date(entry, where),
        source=outlet,
        author=_text(entry.get("author")),
    )
    full_text = _entry_text(entry)
    if link is None or not _is_teaser(entry, full_text):
        if not full_text:
            raise UnreadableArticle("entry has no text and no link")
        return article_from_text(full_text, where, url=link, known=known)
    try:
        final_url, page = fetch_page(link)
    except FetchError as error:
        if full_text:
            log.warning("%s: %s; using the feed's summary", link, error)
            return article_from_text(full_text, where, url=link, known=known)
        raise UnreadableArticle(str(error)) from error
    # The page's own metadata first; the entry's where the page is silent.
    return article_from_html(page, link, url=final_url, known=known)


def _is_teaser(entry: Any, text: str | None = None) -> bool:
    """An entry with a link and too little text to stand as the article."""
    if not _text(entry.get("link")):
        return False
    return len(_entry_text(entry) if text is None else text) < FULL_TEXT_CHARS


def _entry_text(entry: Any) -> str:
    """The entry's own text: its full content if it has one, else its summary."""
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    html = best if len(best) >= len(summary) else summary
    return fragment_text(html)


def _entry_date(entry: Any, where: str) -> dt.date | None:
    """The entry's date; one it states that is no date (or extreme) leaves it undated."""
    for key in ("published", "updated", "created"):
        stated, value = entry.get(key), entry.get(f"{key}_parsed")
        if stated is None and value is None:
            continue
        date = parse_date(stated) if value is None and isinstance(stated, str) else None
        if isinstance(value, time.struct_time) and _names_a_real_day(stated):
            try:
                date = dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:  # year 0 and the like: no date
                date = None
        return checked_date(where, stated if stated is not None else value, date)
    return None


def _names_a_real_day(stated: object) -> bool:
    """False for "2023-13-45" or "45 Nov 2023", which feedparser rolls over to a real day."""
    if not isinstance(stated, str):
        return True
    if match := _ISO_DAY_RE.search(stated):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _RFC822_DAY_RE.search(stated):
        year, day = int(match[3]), int(match[1])
        month = _MONTHS.index(match[2].lower()) + 1
    else:
        return True
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    return cleaned or None
