"""Fetch a web page or feed over HTTP(S), politely and within limits.

A brief is built from many sources, so one slow, huge or broken site must not
hold it up: every fetch has a timeout, a size limit and a redirect limit, and
any failure is a ``FetchError`` naming the reason, which the caller reports
and skips. Bytes are turned into text here too, because getting the encoding
wrong garbles every accented name in the brief.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import astuple, dataclass
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from briefer import __version__
from briefer.errors import ConfigError
from briefer.ingest.cache import CachedPage, PageCache
from briefer.ingest.charset import decode_html as decode_html  # re-exported (read.py, tests)
from briefer.ingest.guard import refusal, refusal_message

log = logging.getLogger(__name__)

USER_AGENT = (
    f"briefer/{__version__} (offline daily brief generator; +https://pypi.org/project/briefer/)"
)
_REDIRECT_CODES = {301, 302, 303, 307, 308}
#: Most bytes taken from the socket at a time (the deadline is checked between reads).
_CHUNK_BYTES = 1 << 16


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
    addresses: tuple[str, ...] = ()  # the addresses connected to, first request to last

    def text(self) -> str:
        return decode_html(self.body, self.charset)


class Fetcher:
    """Fetches URLs with limits, through a cache of today's pages when one is given.

    ``prefetch`` fetches several URLs at once on a few threads (a day's sources
    are mostly waiting on slow servers); ``fetch`` then answers from what was
    fetched. A URL is fetched at most once per ``Fetcher``.
    """

    def __init__(
        self,
        limits: FetchLimits | None = None,
        cache: PageCache | None = None,
        workers: int = 8,
        allow_private: bool = False,
        ca_file: Path | None = None,
    ) -> None:
        self.limits = limits or FetchLimits()
        self.tls = _tls_context(ca_file)
        self.cache = cache
        self.allow_private = allow_private  # see guard.py: private addresses are refused
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
        cached = self.cache.get(url) if self.cache is not None else None
        if cached is not None and self._may_use(cached):
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

    def _may_use(self, cached: CachedPage) -> bool:
        """Whether this run could have fetched ``cached`` itself: the guard, on a cache read.

        A page cached by an ``--allow-private`` run (an intranet page, a loopback server)
        is not served to a run without it: that run fetches afresh, and is refused.
        """
        if not cached.addresses:
            return False
        refused = [a for a in cached.addresses if refusal(a, self.allow_private) is not None]
        if refused:
            log.debug("cached %s came from %s: not used", cached.url, refused[0])
        return not refused

    def _fetch_following_redirects(self, url: str) -> Page:
        """Fetch ``url``; the whole of it, redirects and body, within ``limits.timeout``.

        A per-read timeout alone would let a server that sends a byte every few
        seconds (of headers, of chunks, of trailers, or across redirects) hold a
        fetch, and the brief, for as long as it likes; one deadline covers it all.
        """
        deadline = _Deadline(self.limits.timeout)
        current = url
        addresses: list[str] = []
        for _ in range(self.limits.max_redirects + 1):
            _check_scheme(current)
            with self._lock:
                self.requests += 1
            exchange = _Exchange(current, deadline, self.limits, self.allow_private, self.tls)
            reply = exchange.run()
            addresses.append(exchange.address)
            if reply.location is None:
                return Page(
                    url=url,
                    final_url=current,
                    content_type=reply.content_type,
                    charset=reply.charset,
                    body=reply.body,
                    addresses=tuple(addresses),
                )
            current = urljoin(current, reply.location)
            log.debug("redirected to %s", current)
        raise FetchError(f"more than {self.limits.max_redirects} redirects")


class _Deadline:
    """The moment a whole fetch must be over, and how long is left until then."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left; ``FetchError`` once none are."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise self.error()
        return left

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def error(self) -> FetchError:
        return FetchError(f"timed out after {self.seconds:g}s")


@dataclass(frozen=True)
class _Reply:
    """One HTTP exchange's outcome: a redirect's Location, or a body and what it is."""

    location: str | None
    content_type: str = ""
    charset: str | None = None
    body: bytes = b""


class _Exchange:
    """One request and its reply, to an address checked by the guard, within the deadline.

    The host name is resolved here, every address it resolves to is checked,
    and the socket is connected to a checked address (the HTTP library never
    resolves the name again). A watchdog shuts the socket at the deadline, so
    no read (a header line, a chunk size, a trailer) can outlast it; any
    malformed reply is a ``FetchError`` with its reason, never a traceback.
    """

    def __init__(
        self,
        url: str,
        deadline: _Deadline,
        limits: FetchLimits,
        allow_private: bool,
        tls: ssl.SSLContext,
    ) -> None:
        self.url, self.tls = url, tls
        self.deadline = deadline
        self.limits = limits
        self.allow_private = allow_private
        self.address = ""  # the address connected to, once connected

    def run(self) -> _Reply:
        parts = urlsplit(self.url)
        try:
            host = _ascii_host(parts.hostname or "")
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        except (UnicodeError, ValueError) as error:
            raise FetchError(f"bad address in {self.url!r}: {error}") from error
        if not host:
            raise FetchError(f"no host in {self.url!r}")
        sock = self._connect(host, port, parts.scheme.lower() == "https")
        watchdog = threading.Timer(self.deadline.remaining(), _shut, args=(sock,))
        watchdog.daemon = True
        watchdog.start()
        connection = _connection(parts.scheme.lower(), host, port, sock)
        try:
            return self._talk(connection, _target(parts))
        except FetchError:
            raise
        except Exception as error:  # a hostile reply may break http.client in any way
            if self.deadline.passed():
                raise self.deadline.error() from error
            raise FetchError(_reply_problem(error)) from error
        finally:
            watchdog.cancel()
            connection.close()

    def _connect(self, host: str, port: int, tls: bool) -> socket.socket:
        addresses = _resolve(host, port, self.deadline)
        refused: list[str] = []
        last_error: OSError | None = None
        for family, address in addresses:
            reason = refusal(address[0], self.allow_private)
            if reason is not None:
                refused.append(refusal_message(address[0], reason))
                continue
            try:
                sock = socket.socket(family, socket.SOCK_STREAM)
                sock.settimeout(self.deadline.remaining())
                sock.connect(address)
                self.address = str(address[0])
            except TimeoutError as error:
                sock.close()
                raise self.deadline.error() from error
            except OSError as error:
                sock.close()
                last_error = error
                continue
            return _wrap_tls(self.tls, sock, host, self.deadline) if tls else sock
        if last_error is not None:
            raise FetchError(f"cannot connect: {last_error.strerror or last_error}")
        raise FetchError(refused[0] if refused else f"cannot resolve {host}")

    def _talk(self, connection: http.client.HTTPConnection, target: str) -> _Reply:
        connection.request("GET", target, headers=_REQUEST_HEADERS)
        response = connection.getresponse()
        if response.status in _REDIRECT_CODES:
            location = response.getheader("Location")
            if not location:
                raise FetchError(f"HTTP {response.status} redirect without a Location")
            return _Reply(location=location.strip())
        if not 200 <= response.status < 300:
            raise FetchError(f"HTTP {response.status} {_printable(response.reason)}".rstrip())
        headers: Message = response.msg
        body = self._read_limited(response)
        return _Reply(
            location=None,
            content_type=headers.get_content_type() if headers.get("Content-Type") else "",
            charset=_content_charset(headers),
            body=body,
        )

    def _read_limited(self, response: http.client.HTTPResponse) -> bytes:
        """The body, read as it arrives, up to the size limit and the deadline."""
        limit = self.limits.max_bytes
        declared = (response.getheader("Content-Length") or "").strip()
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"larger than the {limit}-byte limit ({declared} bytes)")
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read1(min(_CHUNK_BYTES, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FetchError(f"larger than the {limit}-byte limit")
            self.deadline.remaining()
        if self.deadline.passed():  # the watchdog ended the reply, not the server
            raise self.deadline.error()
        if response.length:  # http.client counts down what Content-Length promised
            raise FetchError(f"reply cut short: {size} of {declared} bytes")
        return b"".join(chunks)


_REQUEST_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
    "application/atom+xml,application/xml;q=0.9,*/*;q=0.8",
    "Connection": "close",
}


def _resolve(host: str, port: int, deadline: _Deadline) -> list[tuple[int, tuple[Any, ...]]]:
    """The addresses ``host`` resolves to, within the deadline (the lookup runs on a thread)."""
    found: list[tuple[int, tuple[Any, ...]]] = []
    problem: list[BaseException] = []

    def look_up() -> None:
        try:
            for family, _, _, _, address in socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            ):
                if family in (socket.AF_INET, socket.AF_INET6):
                    found.append((family, address))
        except (OSError, UnicodeError) as error:
            problem.append(error)

    thread = threading.Thread(target=look_up, daemon=True)
    thread.start()
    thread.join(deadline.remaining())
    if thread.is_alive():
        raise deadline.error()
    if problem:
        error = problem[0]
        reason = getattr(error, "strerror", None) or str(error)
        raise FetchError(f"cannot resolve {host}: {reason}")
    return found


def _tls_context(ca_file: Path | None) -> ssl.SSLContext:
    """Certificates always verified: against ``ca_file`` ([sources] ca_file) or the system's."""
    try:
        return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    except (OSError, ssl.SSLError) as error:
        raise ConfigError(f"[sources] ca_file {str(ca_file)!r}: {error}") from error


def _wrap_tls(
    tls: ssl.SSLContext, sock: socket.socket, host: str, deadline: _Deadline
) -> socket.socket:
    try:
        sock.settimeout(deadline.remaining())
        return tls.wrap_socket(sock, server_hostname=host)
    except TimeoutError as error:
        sock.close()
        raise deadline.error() from error
    except (OSError, ValueError) as error:
        sock.close()
        raise FetchError(f"TLS handshake failed: {error}") from error


def _connection(
    scheme: str, host: str, port: int, sock: socket.socket
) -> http.client.HTTPConnection:
    """An HTTP connection over ``sock``, already connected (``connect`` is never called)."""
    kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    connection = kind(host, port)
    connection.sock = sock
    return connection


def _shut(sock: socket.socket) -> None:
    """End every read on ``sock`` now (called by the watchdog at the deadline)."""
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, also under TLS


def _ascii_host(host: str) -> str:
    """The host as DNS knows it: an IP address as it is, a name in IDNA ("xn--...")."""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        return host.encode("idna").decode("ascii")


def _target(parts: SplitResult) -> str:
    """The request target: the path and query, with anything not allowed in one escaped."""
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return quote(target, safe="/?&=%:@!$'()*+,;~-._[]")


def _content_charset(headers: Message) -> str | None:
    try:
        charset = headers.get_content_charset()
    except (ValueError, LookupError, TypeError):
        return None
    return charset if isinstance(charset, str) else None


def _reply_problem(error: BaseException) -> str:
    """A reason a user can read for a reply http.client could not take."""
    if isinstance(error, http.client.RemoteDisconnected):
        return "the server closed the connection without a reply"
    if isinstance(error, http.client.IncompleteRead):  # also a chunk size that is no number
        return "reply cut short or its chunks malformed (IncompleteRead)"
    if isinstance(error, http.client.BadStatusLine):
        return f"malformed reply: bad status line {_printable(str(error))!r}"
    if isinstance(error, http.client.HTTPException):
        return f"malformed reply: {_printable(str(error)) or type(error).__name__}"
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(error, OSError):
        return f"connection failed: {error.strerror or error}"
    if isinstance(error, ValueError) and "chunk" not in str(error):
        return f"malformed reply: {_printable(str(error))}"
    return f"malformed reply ({type(error).__name__}: {_printable(str(error))})"


def _printable(text: str, limit: int = 80) -> str:
    """Server-chosen text fit for one line of a report: no control characters, not too long."""
    cleaned = "".join(c if c.isprintable() else " " for c in text)
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme in {url!r}")
