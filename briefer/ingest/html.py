"""Web pages -> ``Article``: the story's text and metadata, without the page around it.

A news page is mostly furniture: navigation, cookie banners, "subscribe"
boxes, related links, comments. trafilatura finds the main text and the
metadata (title, date, outlet, author); comments and tables are left out,
and the extracted text then goes through the same paragraph rules as a text
file (headings and date lines are not sentences). Metadata the page lacks
comes from the caller (a feed entry's title and date, say).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from briefer.ingest.dates import checked_date
from briefer.ingest.files import UnreadableArticle, parse_article
from briefer.model import Article

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "section", "article", "tr", "table", "pre", "hr", "figure",
}  # fmt: skip
_TITLE_RE = re.compile(r"<title[\s>]|og:title|<h1[\s>]", re.IGNORECASE)
_META_OR_TIME_RE = re.compile(r"<(meta|time)\b[^<>]{0,2000}>", re.IGNORECASE)
_ATTRIBUTE_RE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_DATE_NAME_RE = re.compile(r"date|published|pubdate", re.IGNORECASE)
_DATE_SCAN_CHARS = 200_000
_ISO_START_RE = re.compile(r"\s*[+-]?\d{4,}-\d{1,2}-\d{1,2}")
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "figcaption"}


@dataclass(frozen=True)
class Metadata:
    """What is known about an article before its page is read (from a feed entry)."""

    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    author: str | None = None


def article_from_html(
    html: str, location: str, url: str | None = None, known: Metadata | None = None
) -> Article:
    """Extract the main text of a page; ``known`` fills in what the page does not say."""
    known = known or Metadata()
    try:
        document = _extract(html, url)
    except (ValueError, LookupError, etree.LxmlError) as error:  # a page lxml cannot parse
        raise UnreadableArticle(f"cannot parse the page: {error}") from error
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise UnreadableArticle("no article text found in the page")
    # Without a <title>, og:title or <h1>, trafilatura takes any heading ("Related
    # stories"); such a page states no title, and the caller's or the lead's is better.
    page_title = _clean(getattr(document, "title", None)) if _TITLE_RE.search(html) else None
    sitename = _clean(getattr(document, "sitename", None))
    if sitename and url and sitename.lower() in (urlsplit(url).netloc.lower(), _host(url)):
        sitename = None  # trafilatura names the host when the page names no outlet
    if sitename and page_title and sitename.casefold() == page_title.casefold():
        sitename = None  # a page whose "application-name" is its title names no outlet either
    return article_from_text(
        text.replace("\n", "\n\n"),
        location,
        url=url,
        known=Metadata(
            title=page_title or known.title,
            date=_page_date(html, location, getattr(document, "date", None)) or known.date,
            source=sitename or known.source or _host(url),
            author=_clean(getattr(document, "author", None)) or known.author,
        ),
    )


def _extract(html: str, url: str | None) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        # Only dates the page states; never a guess from the copyright line or the URL.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def article_from_text(
    text: str, location: str, url: str | None = None, known: Metadata | None = None
) -> Article:
    """An article from body text with blank-line paragraphs, plus what is known about it."""
    known = known or Metadata()
    parsed = parse_article(text, Path(location), where=location)
    return replace(
        parsed,
        id=article_id(location),
        title=known.title or parsed.title,
        date=known.date or parsed.date,
        path=location,
        url=url or parsed.url,
        source=known.source or parsed.source,
        author=known.author,
    )


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one paragraph per block."""
    parser = _BlockText()
    parser.feed(html)
    parser.close()
    return parser.text()


def article_id(location: str) -> str:
    """A readable, stable id: the host and the last part of the path, or the file name."""
    parts = urlsplit(location)
    if parts.scheme in ("http", "https"):
        last = [p for p in parts.path.split("/") if p][-1:] or ["index"]
        raw = f"{parts.hostname or ''}-{last[0].rsplit('.', 1)[0]}"
    else:
        raw = Path(location).stem
    return re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")[:80] or "article"


class _BlockText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._blocks: list[list[str]] = [[]]
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self._blocks.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._blocks.append([])

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._blocks[-1].append(data)

    def text(self) -> str:
        blocks = (" ".join("".join(parts).split()) for parts in self._blocks)
        return "\n\n".join(block for block in blocks if block)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def _page_date(html: str, location: str, extracted: object) -> dt.date | None:
    """The page's date as trafilatura read it; a stated one it dropped is warned about.

    trafilatura silently drops a date that is no date (``2023-13-45``) or out of its
    range (``9999-12-31``): the page is then read undated, and the warning says why.
    """
    if extracted:
        return checked_date(location, extracted, _iso_date(extracted))
    for stated in _stated_dates(html):
        if not _ISO_START_RE.match(stated):
            continue  # a format of its own: trafilatura's word on it stands
        if checked_date(location, stated, _iso_date(stated)) is None:
            return None  # no day, or an extreme one: checked_date has said so
    return None


def _stated_dates(html: str) -> Iterator[str]:
    """The values of the date ``<meta>`` tags and ``<time datetime>`` in the page's start."""
    for tag in _META_OR_TIME_RE.finditer(html, 0, min(len(html), _DATE_SCAN_CHARS)):
        attributes = {
            name.lower(): value.strip("\"'") for name, value in _ATTRIBUTE_RE.findall(tag.group(0))
        }
        if tag.group(1).lower() == "time":
            if "datetime" in attributes:
                yield attributes["datetime"]
            continue
        names = " ".join(attributes.get(key, "") for key in ("property", "name", "itemprop"))
        if _DATE_NAME_RE.search(names) and "content" in attributes:
            yield attributes["content"]


def _iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
