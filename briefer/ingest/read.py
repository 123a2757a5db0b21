"""Read every source of a brief: files, folders, web pages, feeds and JSON Lines.

The reader for each source is chosen by what it is: a URL is fetched and
read as a feed or a page by its content type and its first bytes; a file by
its extension, and by its first bytes when the extension says nothing. One
source that cannot be read (a 404, a timeout, a bad line) is reported and
skipped; the brief is built from the rest. Then articles outside the
``--since`` window are left out and duplicate stories are folded.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefer.config import Config
from briefer.config.table import Table
from briefer.errors import ConfigError, InputError
from briefer.ingest.cache import PageCache, cache_folder
from briefer.ingest.dedupe import Folded, fold_duplicates
from briefer.ingest.feeds import failure_reason, looks_like_feed, read_feed
from briefer.ingest.fetch import Fetcher, FetchLimits, decode_html
from briefer.ingest.files import (
    TEXT_SUFFIXES,
    UnreadableArticle,
    _with_unique_id,
    find_inputs,
    read_article,
    read_bounded,
)
from briefer.ingest.html import article_from_html, article_from_text
from briefer.ingest.jsonl import read_jsonl
from briefer.ingest.opml import expand_opml, looks_like_opml, read_opml
from briefer.model import Article, Skipped

log = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
JSONL_SUFFIXES = (".jsonl",)
#: What a folder is searched for.
READABLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES + JSONL_SUFFIXES
# Any scheme: "ftp://..." is then reported as an unsupported URL, not a missing file.
_URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_HTML_SNIFF_RE = re.compile(rb"<(?:!doctype\s+html|html|head|body|article)[\s>]", re.IGNORECASE)
_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_SINCE_RE = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.IGNORECASE)
SOURCES_KEYS = {
    "paths", "urls", "feeds", "since", "timeout", "max_bytes", "max_redirects", "cache",
    "workers", "opml", "allow_private", "ca_file",
}  # fmt: skip

Progress = Callable[[int, int, str], None]  # (sources done, sources in all, the one just read)
Fold = Callable[[list[Article]], tuple[list[Article], list[Folded]]]
#: Reads sources elsewhere (where the per-article work runs): ``read_elsewhere`` there.
ReadElsewhere = Callable[[list["str | Path"]], "Elsewhere"]


@dataclass(frozen=True)
class SourceOptions:
    """How a build reads its sources (the ``[sources]`` table, then command-line flags)."""

    urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    opml: tuple[str, ...] = ()  # OPML subscription lists (files or URLs): their feeds are read
    limits: FetchLimits = field(default_factory=FetchLimits)
    since: dt.date | None = None  # keep articles dated on or after this day (and undated ones)
    until: dt.date | None = None  # the brief's date: later articles are left out with ``since``
    cache_folder: Path | None = None  # None: no cache
    cache_day: dt.date | None = None  # pages fetched on this day are reused
    workers: int = 8  # fetches at a time
    allow_private: bool = False  # connect to loopback and intranet addresses too (guard.py)
    ca_file: Path | None = None  # a CA bundle (PEM) to trust for https instead of the system's


@dataclass
class Elsewhere:
    """What reading sources elsewhere gave: each source's articles (or why not), in order,
    and the requests made and pages served from the cache there."""

    found: list[list[Article | Skipped]] = field(default_factory=list)
    requests: int = 0
    cache_hits: int = 0


@dataclass
class ReadReport:
    """What reading the sources gave, for the brief and the summary line."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    sources: int = 0
    folded: list[Folded] = field(default_factory=list)
    outside_window: int = 0
    undated: int = 0
    since: dt.date | None = None
    until: dt.date | None = None
    requests: int = 0
    cache_hits: int = 0

    def summary(self) -> str:
        """One line: "read 143 articles from 12 sources, skipped 3: ..."."""
        parts = [
            f"read {_count(len(self.articles), 'article')} from {_count(self.sources, 'source')}"
        ]
        if self.requests or self.cache_hits:
            parts.append(
                f"{_count(self.requests, 'request')}, {self.cache_hits} from today's cache"
            )
        if self.folded:
            parts.append(f"{_count(len(self.folded), 'duplicate')} read once")
        if self.since is not None:
            window = f"{self.since.isoformat()}..{self.until.isoformat() if self.until else ''}"
            parts.append(f"{self.outside_window} dated outside {window} left out")
            parts.append(f"{self.undated} undated kept")
        if self.skipped:
            shown = ", ".join(s.path for s in self.skipped[:3])
            more = f" and {len(self.skipped) - 3} more" if len(self.skipped) > 3 else ""
            parts.append(f"skipped {len(self.skipped)}: {shown}{more}")
        return ", ".join(parts)


def source_options(
    config: Config,
    brief_date: dt.date,
    *,
    since: str | None = None,
    cache: bool | None = None,
    cache_day: dt.date | None = None,
) -> SourceOptions:
    """Options from the ``[sources]`` table, with command-line values (when given) on top."""
    table = config.read_table("sources", SOURCES_KEYS)
    since_text = since if since is not None else table.text("since", "")
    use_cache = cache if cache is not None else table.boolean("cache", True)
    try:
        since_day = parse_since(since_text, brief_date) if since_text else None
    except ValueError as error:
        where = "--since" if since is not None else f"{table.source}: 'sources.since'"
        raise ConfigError(f"{where}: {error}") from error
    return SourceOptions(
        urls=tuple(table.strings("urls")),
        feeds=tuple(table.strings("feeds")),
        opml=tuple(_opml_setting(table)),
        limits=FetchLimits(
            timeout=float(table.positive("timeout", FetchLimits.timeout)),
            max_bytes=int(table.positive("max_bytes", FetchLimits.max_bytes)),
            max_redirects=int(table.positive("max_redirects", FetchLimits.max_redirects)),
        ),
        since=since_day,
        until=brief_date,
        cache_folder=cache_folder() if use_cache else None,
        cache_day=cache_day or brief_date,
        workers=int(table.positive("workers", SourceOptions.workers)),
        allow_private=table.boolean("allow_private", False),
        ca_file=table.path("ca_file"),
    )


def allowing_private(config: Config, allow: bool = True) -> Config:
    """``config`` with ``[sources] allow_private`` on (``--allow-private``), if ``allow``."""
    if not allow:
        return config
    tables = {**config.tables, "sources": {**config.table("sources"), "allow_private": True}}
    return replace(config, tables=tables)


def parse_since(value: str, day: dt.date) -> dt.date:
    """The first day of the window: ``24h``/``2d``/``1w`` back from ``day``, or a date.

    Articles carry a day, not an hour, so hours round up to whole days:
    ``24h`` keeps the brief's day and the day before.
    """
    if match := _SINCE_RE.match(value):
        amount, unit = int(match[1]), match[2].lower()
        hours = amount * {"h": 1, "d": 24, "w": 24 * 7}[unit]
        return day - dt.timedelta(days=math.ceil(hours / 24))
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            f"{value!r} is not a window like 24h, 3d, 1w or a date YYYY-MM-DD"
        ) from None


class SourceReader:
    """Reads sources with one fetcher (and cache), reporting progress as it goes."""

    def __init__(self, options: SourceOptions | None = None, progress: Progress | None = None):
        self.options = options or SourceOptions()
        self.progress = progress
        cache = None
        if self.options.cache_folder is not None and self.options.cache_day is not None:
            cache = PageCache(self.options.cache_folder, self.options.cache_day)
        self.fetcher = Fetcher(
            self.options.limits,
            cache,
            workers=self.options.workers,
            allow_private=self.options.allow_private,
            ca_file=self.options.ca_file,
        )
        self.last_report: ReadReport | None = None

    def read(
        self,
        inputs: Iterable[str | Path],
        fold: Fold = fold_duplicates,
        elsewhere: ReadElsewhere | None = None,
    ) -> ReadReport:
        """Read ``inputs`` and the configured URLs and feeds into articles.

        ``fold`` folds duplicate stories (the pipeline passes one that sketches
        the texts where the per-article work runs). ``elsewhere``, when given,
        reads every source (files, URLs, feeds; OPML lists are expanded here
        first) where the per-article work runs (``read_elsewhere`` on a worker,
        fetching with these options: the same guard, limits and cache); what it
        gives is taken in the order of the sources, as if read here. A file that
        could not be read there as a whole (missing on that worker) is read
        again here, so the report says what reading here says; a URL is not
        fetched again: what a worker was refused or could not fetch is skipped.
        """
        options = self.options
        everything = [*inputs, *options.urls, *options.feeds, *options.opml]
        if not everything:
            raise InputError("Nothing to read: give files, folders or URLs, or [sources] urls")
        planned, opml_problems = expand_opml(plan_sources(everything), self._fetch_body)
        report = ReadReport(sources=len(planned), since=options.since, until=options.until)
        report.skipped.extend(Skipped(where, why) for where, why in opml_problems)
        found: list[Article] = []
        there: dict[int, list[Article | Skipped]] = {}
        if elsewhere is not None:
            sent = {n: s for n, s in enumerate(planned) if not isinstance(s, Skipped)}
            got = elsewhere(list(sent.values())) if sent else Elsewhere()
            there = dict(zip(sent, got.found, strict=True))
            report.requests, report.cache_hits = got.requests, got.cache_hits
        # URLs are fetched a few at a time in the background; sources are read in order.
        self.fetcher.start(
            s for n, s in enumerate(planned) if n not in there and isinstance(s, str)
        )
        try:
            for done, source in enumerate(planned, start=1):
                theirs = there.pop(done - 1, None)
                results: Iterable[Article | Skipped] = theirs or ()
                if theirs is None or _file_unseen(source, theirs):
                    results = self._read_one(source)  # the file as this machine sees it
                for result in results:
                    if isinstance(result, Article):
                        found.append(result)
                    else:
                        log.info("skipped %s: %s", result.path, result.reason)
                        report.skipped.append(result)
                if self.progress is not None:
                    name = source.path if isinstance(source, Skipped) else str(source)
                    self.progress(done, len(planned), name)
        finally:
            self.fetcher.close()
        in_window = self._in_window(found, report)
        articles, report.folded = fold(in_window)
        used: set[str] = set()
        for article in articles:
            article = _with_unique_id(article, used)
            used.add(article.id)
            report.articles.append(article)
        report.requests += self.fetcher.requests
        report.cache_hits += self.fetcher.cache_hits
        self.last_report = report
        return report

    def _read_one(self, source: str | Path | Skipped) -> Iterator[Article | Skipped]:
        """The articles of one source; whatever goes wrong in it is that source skipped."""
        if isinstance(source, Skipped):
            yield source
            return
        try:
            if isinstance(source, Path):
                yield from self._read_file(source)
            else:
                yield from self._read_url(source)
        except Exception as problem:  # hostile input may break a parser in any way
            yield Skipped(str(source), failure_reason(problem))

    def _read_file(self, path: Path) -> Iterator[Article | Skipped]:
        suffix = path.suffix.lower()
        limit = self.options.limits.max_bytes
        if suffix in TEXT_SUFFIXES:
            yield read_article(path, limit)
            return
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(path, limit)
            return
        body = read_bounded(path, limit)
        if looks_like_opml(body):  # an OPML file not named .opml
            yield from self._read_opml(body, str(path), path.parent)
        elif suffix in FEED_SUFFIXES or looks_like_feed(body):
            if not looks_like_feed(body):
                raise UnreadableArticle("not an RSS or Atom feed")
            yield from read_feed(body, str(path), self._fetch_page, self.fetcher.prefetch)
        elif suffix in HTML_SUFFIXES or _HTML_SNIFF_RE.search(body[:4096]):
            yield article_from_html(decode_html(body), str(path))
        else:
            raise UnreadableArticle(f"unsupported file type {path.suffix or '(none)'!r}")

    def _read_url(self, url: str) -> Iterator[Article | Skipped]:
        page = self.fetcher.fetch(url)
        kind = page.content_type
        if looks_like_opml(page.body):  # an OPML list at a URL not ending in .opml
            yield from self._read_opml(page.body, url, None)
        elif kind in _FEED_TYPES or (kind not in _HTML_TYPES and looks_like_feed(page.body)):
            yield from read_feed(page.body, url, self._fetch_page, self.fetcher.prefetch)
        elif kind in _HTML_TYPES or _HTML_SNIFF_RE.search(page.body[:4096]):
            yield article_from_html(page.text(), url, url=page.final_url)
        elif kind == "text/plain":
            yield article_from_text(page.text(), url, url=page.final_url)
        else:
            raise UnreadableArticle(f"unsupported content type {kind or '(none)'!r}")

    def _read_opml(
        self, body: bytes, location: str, folder: Path | None
    ) -> Iterator[Article | Skipped]:
        """The feeds of an OPML list found by its content, read one after another."""
        found = read_opml(body, location, folder)
        yield from (Skipped(where, why) for where, why in found.problems)
        for feed in found.feeds:
            yield from self._read_one(feed)

    def _fetch_body(self, url: str) -> bytes:
        return self.fetcher.fetch(url).body

    def _fetch_page(self, url: str) -> tuple[str, str]:
        page = self.fetcher.fetch(url)
        return page.final_url, page.text()

    def _in_window(self, articles: list[Article], report: ReadReport) -> list[Article]:
        since, until = self.options.since, self.options.until
        if since is None:
            return articles
        kept: list[Article] = []
        for article in articles:
            if article.date is None:
                report.undated += 1
                log.info("%s is undated; kept", article.path)
                kept.append(article)
            elif since <= article.date and (until is None or article.date <= until):
                kept.append(article)
            else:
                report.outside_window += 1
                log.info("%s is dated %s, outside the window; left out", article.path, article.date)
        return kept


def read_elsewhere(sources: Iterable[str | Path], options: SourceOptions) -> Elsewhere:
    """What reading each source gives, as ``SourceReader.read`` with ``options`` reads it
    (fetching with the same guard, limits and cache): run where the per-article work runs."""
    reader = SourceReader(options)
    sources = list(sources)
    reader.fetcher.start(s for s in sources if isinstance(s, str))  # a few at a time
    try:
        found = [list(reader._read_one(source)) for source in sources]
    finally:
        reader.fetcher.close()
    return Elsewhere(found, reader.fetcher.requests, reader.fetcher.cache_hits)


def _file_unseen(source: str | Path | Skipped, found: list[Article | Skipped]) -> bool:
    """A file read elsewhere that was skipped as a whole there (that machine may not see it)."""
    return (
        isinstance(source, Path)
        and len(found) == 1
        and isinstance(found[0], Skipped)
        and found[0].path == str(source)
    )


def plan_sources(inputs: Iterable[str | Path]) -> list[str | Path | Skipped]:
    """URLs as they are; files; folders expanded (recursively, sorted, hidden parts left out).

    A file in a folder that briefer cannot read (a ``.docx``, a broken link) is
    planned as ``Skipped``, so the user hears of it instead of it vanishing.
    """
    planned: list[str | Path | Skipped] = []
    for item in inputs:
        text = str(item)
        if not isinstance(item, Path) and _URL_RE.match(text):
            planned.append(text.strip())
        elif Path(item).is_dir():
            planned.extend(_folder_sources(Path(item)))
        else:
            planned.extend(find_inputs([Path(item)], READABLE_SUFFIXES))
    return planned


def _folder_sources(folder: Path) -> Iterator[Path | Skipped]:
    """Every file under ``folder`` to read, or the reason it is not read (hidden ones aside)."""
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.is_dir():
            if path.is_symlink():  # never followed: a link can loop back up the tree
                yield Skipped(str(path), "a link to a folder, not followed")
        elif path.is_file():
            if path.suffix.lower() in READABLE_SUFFIXES:
                yield path
            else:
                yield Skipped(str(path), f"unsupported file type {path.suffix or '(none)'!r}")
        else:
            yield Skipped(str(path), _not_a_file(path))


def _not_a_file(path: Path) -> str:
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a link that loops"
        if path.is_symlink():
            return "a broken link"
        return error.strerror or str(error)
    return "not a regular file"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _opml_setting(table: Table) -> list[str]:
    """``[sources] opml``: one OPML file or URL, or a list; files relative to the config file."""
    value = table.get("opml", [])
    entries = [value] if isinstance(value, str) else value
    if not isinstance(entries, list) or not all(isinstance(v, str) and v for v in entries):
        raise table.error("opml", "must be an OPML file or URL, or a list of them")
    folder = table.folder
    return [
        entry if _URL_RE.match(entry) or folder is None else str(folder / Path(entry).expanduser())
        for entry in entries
    ]
