"""Fetch a web page or feed over HTTP(S), politely and within limits.

A brief is built from many sources, so one slow, huge or broken site must not
hold it up: every fetch has a timeout, a size limit and a redirect limit, and
any failure is a ``FetchError`` naming the reason, which the caller reports
and skips. Bytes are turned into text here too, because getting the encoding
wrong garbles every accented name in the brief.
"""

from __future__ import annotations

import codecs
import logging
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import astuple, dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from briefer import __version__
from briefer.ingest.cache import CachedPage, PageCache

log = logging.getLogger(__name__)

USER_AGENT = (
    f"briefer/{__version__} (offline daily brief generator; +https://pypi.org/project/briefer/)"
)
_REDIRECT_CODES = {301, 302, 303, 307, 308}
#: Most bytes taken from the socket at a time (the deadline is checked between reads).
_CHUNK_BYTES = 1 << 16
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
# WHATWG: browsers read these labels as windows-1252, and so must we, or curly
# quotes in pages that say "iso-8859-1" come out as control characters.
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}


class FetchError(Exception):
    """A URL could not be fetched; the message is the reason, for the user."""


@dataclass(frozen=True)
class FetchLimits:
    """How long, how much and how far a single fetch may go."""

    timeout: float = 20.0  # seconds a fetch may take in all: connecting, redirects, the body
    max_bytes: int = 5_000_000
    max_redirects: int = 5


@dataclass(frozen=True)
class Page:
    """A fetched resource: where it ended up, what it says it is, and its bytes."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    content_type: str  # media type, lower case, without parameters ("" if none)
    charset: str | None  # from the HTTP header
    body: bytes

    def text(self) -> str:
        return decode_html(self.body, self.charset)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Let redirects surface as responses, so ``Fetcher`` can count and check them."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Fetcher:
    """Fetches URLs with limits, through a cache of today's pages when one is given.

    ``prefetch`` fetches several URLs at once on a few threads (a day's sources
    are mostly waiting on slow servers); ``fetch`` then answers from what was
    fetched. A URL is fetched at most once per ``Fetcher``.
    """

    def __init__(
        self, limits: FetchLimits | None = None, cache: PageCache | None = None, workers: int = 8
    ) -> None:
        self.limits = limits or FetchLimits()
        self.cache = cache
        self.workers = workers
        self.requests = 0  # network requests made, for the summary and tests
        self.cache_hits = 0
        self._lock = threading.Lock()
        self._results: dict[str, Page | FetchError] = {}
        self._pending: dict[str, Future[Page | FetchError]] = {}
        self._pool: ThreadPoolExecutor | None = None

    def start(self, urls: Iterable[str]) -> None:
        """Begin fetching ``urls`` in the background; ``fetch`` waits for each as it is asked."""
        for url in dict.fromkeys(urls):
            if url in self._results or url in self._pending:
                continue
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.workers)
            self._pending[url] = self._pool.submit(self._remember, url)

    def prefetch(self, urls: Iterable[str]) -> None:
        """Fetch ``urls`` concurrently and wait for them all."""
        urls = list(urls)
        self.start(urls)
        for url in urls:
            if url in self._pending:
                self._pending[url].result()

    def close(self) -> None:
        """Stop the background threads (fetches not started are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()

    def fetch(self, url: str) -> Page:
        """The page at ``url``, from the cache or the network; ``FetchError`` if neither."""
        if url in self._results:
            result = self._results[url]
        elif url in self._pending:
            result = self._pending[url].result()
        else:
            result = self._remember(url)
        if isinstance(result, FetchError):
            raise result
        return result

    def _remember(self, url: str) -> Page | FetchError:
        result: Page | FetchError
        try:
            result = self._fetch_or_read_cache(url)
        except FetchError as error:
            result = error
        with self._lock:
            self._results[url] = result
        return result

    def _fetch_or_read_cache(self, url: str) -> Page:
        if self.cache is not None and (cached := self.cache.get(url)) is not None:
            page = Page(*cached)
            log.debug("cache hit %s", url)
            with self._lock:
                self.cache_hits += 1
            return page
        started = time.perf_counter()
        page = self._fetch_following_redirects(url)
        log.info(
            "fetched %s (%d bytes, %s) in %.2fs",
            url,
            len(page.body),
            page.content_type or "no content type",
            time.perf_counter() - started,
        )
        if self.cache is not None:
            self.cache.put(CachedPage(*astuple(page)))
        return page

    def _fetch_following_redirects(self, url: str) -> Page:
        """Fetch ``url``; the whole of it, redirects and body, within ``limits.timeout``.

        A per-read timeout alone would let a server that sends a byte every few
        seconds hold a fetch (and the brief) for as long as it likes.
        """
        deadline = time.monotonic() + self.limits.timeout
        current = url
        for _ in range(self.limits.max_redirects + 1):
            _check_scheme(current)
            response = self._open(current)
            if response.status in _REDIRECT_CODES:
                location = response.headers.get("Location")
                response.close()
                if not location:
                    raise FetchError(f"HTTP {response.status} redirect without a Location")
                current = urljoin(current, location)
                log.debug("redirected to %s", current)
                continue
            with response:
                body = self._read_limited(response, deadline)
            headers: Message = response.headers
            return Page(
                url=url,
                final_url=current,
                content_type=headers.get_content_type() if headers.get("Content-Type") else "",
                charset=headers.get_content_charset(),
                body=body,
            )
        raise FetchError(f"more than {self.limits.max_redirects} redirects")

    def _open(self, url: str) -> _Response:
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                "application/atom+xml,application/xml;q=0.9,*/*;q=0.8",
            },
        )
        with self._lock:
            self.requests += 1
        opener = urllib.request.build_opener(_NoRedirects())  # one per request: thread-safe
        try:
            return _Response(opener.open(request, timeout=self.limits.timeout))
        except urllib.error.HTTPError as error:
            if error.code in _REDIRECT_CODES:
                return _Response(error)
            raise FetchError(f"HTTP {error.code} {error.reason}") from error
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise self._timed_out() from error
            raise FetchError(
                f"cannot connect: {getattr(reason, 'strerror', None) or reason}"
            ) from error
        except TimeoutError as error:
            raise self._timed_out() from error
        except (OSError, ValueError) as error:
            raise FetchError(str(error) or type(error).__name__) from error

    def _timed_out(self) -> FetchError:
        return FetchError(f"timed out after {self.limits.timeout:g}s")

    def _read_limited(self, response: _Response, deadline: float) -> bytes:
        """The body, read as it arrives, up to the size limit and the deadline."""
        limit = self.limits.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"larger than the {limit}-byte limit ({declared} bytes)")
        chunks: list[bytes] = []
        size = 0
        try:
            while chunk := response.read_some(min(_CHUNK_BYTES, limit + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"larger than the {limit}-byte limit")
                if time.monotonic() > deadline:
                    raise self._timed_out()
        except TimeoutError as error:
            raise self._timed_out() from error
        except OSError as error:
            raise FetchError(f"connection failed while reading: {error}") from error
        return b"".join(chunks)


class _Response:
    """The parts of an HTTP response ``Fetcher`` uses, for replies and error replies alike."""

    def __init__(self, raw: object) -> None:
        self._raw = raw

    @property
    def status(self) -> int:
        status = getattr(self._raw, "status", None) or getattr(self._raw, "code", None)
        return int(status) if status is not None else 0

    @property
    def headers(self) -> Message:
        headers: Message = getattr(self._raw, "headers")  # noqa: B009
        return headers

    def read_some(self, amount: int) -> bytes:
        """Up to ``amount`` bytes, as soon as any arrive (b"" at the end)."""
        data: bytes = getattr(self._raw, "read1")(amount)  # noqa: B009
        return data

    def close(self) -> None:
        getattr(self._raw, "close")()  # noqa: B009

    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme in {url!r}")


def decode_html(body: bytes, http_charset: str | None = None) -> str:
    """Bytes of a page as text: HTTP charset, then BOM, then ``<meta charset>``, then detection.

    A page that decodes as UTF-8 is UTF-8 (other encodings almost never form
    valid UTF-8 by chance); anything else undeclared goes to charset-normalizer.
    """
    for label in (http_charset, _bom_charset(body), _meta_charset(body)):
        codec = _codec(label)
        if codec is not None:
            return body.decode(codec, errors="replace").lstrip("\ufeff")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    codec = _codec(best.encoding if best is not None else None) or "windows-1252"
    return body.decode(codec, errors="replace")


def _bom_charset(body: bytes) -> str | None:
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET_RE.search(body[:4096])
    return match.group(1).decode("ascii", errors="replace") if match else None


def _codec(label: str | None) -> str | None:
    """A Python codec for a charset label, or None for a missing or unknown label."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "windows-1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        log.debug("unknown charset %r", label)
        return None
