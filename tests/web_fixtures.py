"""A small news web on loopback: real article text inside realistic page furniture.

The articles are the two seeds and public-domain U.S. State Department
releases (tests/data/state-department.jsonl). Each is served as a page with
navigation, a cookie banner, a subscribe box inside the story, related links,
comments and a footer, as news sites do; plus RSS and Atom feeds, a redirect,
a 404, a slow page, a windows-1252 page, an undeclared UTF-8 page, the same
story under two addresses and one story syndicated by two other outlets.
``FURNITURE`` lists strings of the furniture that must never reach a brief.
``serve_raw`` answers with raw bytes instead: replies broken in the ways hostile
or buggy servers break them (tests/test_hostile_net.py).
Used by tests/test_sources.py and benchmarks/read_speed.py.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from briefer.ingest.files import parse_article

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"

FURNITURE = [
    "Skip to main content",
    "Live: markets",
    "We use cookies to improve your experience",
    "Accept all cookies",
    "Manage preferences",
    "Subscribe to The Morning Dispatch",
    "Get the morning briefing delivered to your inbox",
    "Already a subscriber? Log in",
    "Related stories",
    "Central bank holds rates as markets rally",
    "Storms expected across the region this weekend",
    "Most read today",
    "Share on Facebook",
    "Great reporting, thanks for covering this",
    "This is exactly what the mainstream media won't tell you",
    "Reply from reader_4512",
    "All rights reserved",
    "Privacy policy",
    "Advertisement",
]


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    date: dt.date | None
    paragraphs: tuple[str, ...]
    outlet: str
    author: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def seed_stories() -> list[Story]:
    stories = []
    for path in sorted(SEEDS.glob("*.txt")):
        article = parse_article(path.read_text(encoding="utf-8"), path)
        stories.append(
            Story(
                slug=f"seed-{path.stem[:3]}",
                title=article.title,
                date=article.date,
                paragraphs=article.paragraphs,
                outlet="Kyiv Ledger",
                author="Staff reporter",
            )
        )
    return stories


def state_department_stories() -> list[Story]:
    stories = []
    for line in (DATA / "state-department.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        stories.append(
            Story(
                slug=record["url"].rstrip("/").rsplit("/", 1)[-1],
                title=record["title"],
                date=dt.date.fromisoformat(record["date"]),
                paragraphs=tuple(p.strip() for p in record["text"].split("\n\n") if p.strip()),
                outlet=record["source"],
                author=record["author"],
            )
        )
    return stories


def page(
    story: Story,
    *,
    outlet: str | None = None,
    charset_meta: str | None = "utf-8",
    with_metadata: bool = True,
) -> str:
    """A news page around ``story``: furniture before, inside and after the body."""
    outlet = outlet or story.outlet
    meta = []
    if charset_meta:
        meta.append(f'<meta http-equiv="Content-Type" content="text/html; charset={charset_meta}">')
    if with_metadata:
        meta.append(f'<meta property="og:site_name" content="{html.escape(outlet)}">')
        meta.append(f'<meta property="og:title" content="{html.escape(story.title)}">')
        if story.date:
            meta.append(
                '<meta property="article:published_time" '
                f'content="{story.date.isoformat()}T08:00:00Z">'
            )
        if story.author:
            meta.append(f'<meta name="author" content="{html.escape(story.author)}">')
        title_tag = f"<title>{html.escape(story.title)} | {html.escape(outlet)}</title>"
    else:
        title_tag = ""
    paragraphs = [f"<p>{html.escape(p)}</p>" for p in story.paragraphs]
    middle = max(1, len(paragraphs) // 2)
    body = "\n".join(paragraphs[:middle]) + SUBSCRIBE_BOX + "\n".join(paragraphs[middle:])
    heading = f"<h1>{html.escape(story.title)}</h1>" if with_metadata else ""
    byline = (
        f'<p class="byline">By {html.escape(story.author)} · '
        f'<time datetime="{story.date.isoformat()}">{story.date:%d %B %Y}</time></p>'
        if with_metadata and story.author and story.date
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head>{"".join(meta)}{title_tag}
<link rel="stylesheet" href="/static/site.css"></head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<div id="cookie-banner" class="cookie-consent" role="dialog">
  <p>We use cookies to improve your experience and to show you relevant advertising.</p>
  <button>Accept all cookies</button> <button>Manage preferences</button>
</div>
<header class="site-header"><a class="logo" href="/">{html.escape(outlet)}</a>
<nav class="main-nav"><ul><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li>
<li><a href="/live">Live: markets</a></li></ul></nav></header>
<div class="ad-slot"><span>Advertisement</span></div>
<main id="main"><article class="story">
{heading}{byline}
<div class="story-body">
{body}
</div>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/business/rates">Central bank holds rates as markets rally</a></li>
<li><a href="/weather/storms">Storms expected across the region this weekend</a></li>
</ul></aside>
<aside class="most-read"><h2>Most read today</h2>
<ol><li><a href="/a">Celebrity chef opens third restaurant</a></li></ol></aside>
<section id="comments" class="comments"><h2>Comments (3)</h2>
<div class="comment"><p class="author">reader_4512</p>
<p>Great reporting, thanks for covering this!</p></div>
<div class="comment"><p class="author">truthseeker</p>
<p>This is exactly what the mainstream media won't tell you.</p></div>
<div class="comment reply"><p class="author">Reply from reader_4512</p><p>Agreed.</p></div>
</section></main>
<footer class="site-footer"><p>© 2026 {html.escape(outlet)}. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms</a></li></ul></footer>
</body></html>
"""


SUBSCRIBE_BOX = """
<aside class="newsletter-signup inline-promo">
  <h3>Subscribe to The Morning Dispatch</h3>
  <p>Get the morning briefing delivered to your inbox every weekday.</p>
  <form><input type="email" placeholder="Email"><button>Sign up</button></form>
  <p class="login">Already a subscriber? Log in</p>
</aside>
"""


def rss(title: str, base: str, entries: list[tuple[Story, str, bool]]) -> str:
    """RSS 2.0; each entry is (story, link, full text in content:encoded or only a teaser)."""
    items = []
    for story, link, full in entries:
        when = dt.datetime.combine(story.date or dt.date(2026, 1, 1), dt.time(8), dt.UTC)
        content = (
            "<content:encoded><![CDATA["
            + "".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
            + "]]></content:encoded>"
            if full
            else ""
        )
        items.append(
            f"<item><title>{html.escape(story.title)}</title><link>{link}</link>"
            f"<guid>{link}</guid><pubDate>{format_datetime(when)}</pubDate>"
            f"<description>{html.escape(story.paragraphs[0][:160])}…</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{html.escape(title)}</title><link>{base}/</link>"
        f"<description>Press releases</description>{''.join(items)}</channel></rss>"
    )


def atom(title: str, base: str, entries: list[tuple[Story, str]]) -> str:
    """Atom with summaries only: the reader must fetch each entry's page."""
    parts = []
    for story, link in entries:
        when = f"{(story.date or dt.date(2026, 1, 1)).isoformat()}T08:00:00Z"
        parts.append(
            f"<entry><title>{html.escape(story.title)}</title>"
            f'<link rel="alternate" href="{link}"/><id>{link}</id>'
            f"<updated>{when}</updated><published>{when}</published>"
            f"<summary>{html.escape(story.paragraphs[0][:140])}…</summary></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{html.escape(title)}</title><id>{base}/atom</id>"
        f"<updated>2026-11-23T08:00:00Z</updated>{''.join(parts)}</feed>"
    )


@dataclass
class Response:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drip: float = 0.0  # seconds between bytes of the body: a server that never quite stops


@dataclass
class Site:
    """Routes (path without query) -> responses, and a count of requests per path."""

    routes: dict[str, Response] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    user_agents: set[str] = field(default_factory=set)
    base: str = ""
    in_flight: int = 0
    most_in_flight: int = 0  # the most requests the server was answering at once
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, response: Response) -> str:
        self.routes[path] = response
        return self.base + path


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Serve ``site`` on a free loopback port for the duration of the block."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path.endswith("/") and path != "/":
                path = path.rstrip("/")
            site.requests[path] += 1
            site.user_agents.add(self.headers.get("User-Agent", ""))
            response = site.routes.get(path, Response(b"<h1>Not found</h1>", status=404))
            # Counted while the request is held, not while it is answered: once the
            # client has the body it may ask again before this thread gets to count down.
            with site.lock:
                site.in_flight += 1
                site.most_in_flight = max(site.most_in_flight, site.in_flight)
            try:
                if response.delay:
                    time.sleep(response.delay)
            finally:
                with site.lock:
                    site.in_flight -= 1
            self._answer(response)

        def _answer(self, response: Response) -> None:
            try:
                self.send_response(response.status)
                if response.content_type:
                    self.send_header("Content-Type", response.content_type)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                if not response.drip:
                    self.wfile.write(response.body)
                for byte in response.body if response.drip else b"":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(response.drip)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://localhost:{server.server_address[1]}"
    # serve_forever checks for shutdown every 20 ms: its default, 0.5 s, cost every test that
    # serves pages half a second at teardown (about 20 s of `make test`).
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class NewsWeb:
    """The URLs of the fixture web, by what each one is for."""

    site: Site
    seed_pages: list[str]
    state_pages: list[str]
    full_feed: str
    summary_feed: str
    redirect: str
    missing: str
    slow: str
    windows_1252: str
    undeclared_utf8: str
    same_story_other_url: str
    syndicated: list[str]
    stories: dict[str, Story]


def build_news_web(site: Site) -> NewsWeb:
    """Fill ``site`` (already serving) with the fixture pages and feeds."""
    seeds = seed_stories()
    state = state_department_stories()
    stories = {s.slug: s for s in [*seeds, *state]}

    def add_page(
        path: str, text: str, content_type: str | None = "text/html; charset=utf-8"
    ) -> str:
        return site.add(path, Response(text.encode("utf-8"), content_type=content_type))

    seed_pages = [add_page(f"/news/{s.slug}.html", page(s)) for s in seeds]
    # The State Department releases: four are in an RSS feed with full text, four in an
    # Atom feed with teasers only, whose pages are fetched (two pages lack title and date).
    state_pages = []
    for number, story in enumerate(state):
        state_pages.append(
            add_page(f"/state/{story.slug}.html", page(story, with_metadata=number % 4 != 3))
        )
    full_feed = site.add(
        "/feeds/releases.rss",
        Response(
            rss(
                "U.S. Department of State",
                site.base,
                [(s, site.base + f"/state/{s.slug}.html", True) for s in state[:4]],
            ).encode(),
            content_type="application/rss+xml",
        ),
    )
    summary_feed = site.add(
        "/feeds/teasers.atom",
        Response(
            atom(
                "U.S. Department of State",
                site.base,
                [(s, site.base + f"/state/{s.slug}.html") for s in state[4:]],
            ).encode(),
            content_type="application/xml",  # sniffed as a feed by its content
        ),
    )
    seed_000, seed_003 = seeds
    redirect = site.add(
        "/old/seed-003", Response(status=301, headers={"Location": "/news/seed-003.html"})
    )
    missing = site.base + "/news/does-not-exist.html"
    slow = site.add("/news/slow.html", Response(page(seed_000).encode(), delay=6.0))
    windows_1252 = site.add(
        "/legacy/seed-000.html",
        Response(
            page(seed_000, outlet="Old Wire", charset_meta="windows-1252").encode("windows-1252"),
            content_type="text/html",
        ),
    )
    undeclared_utf8 = site.add(
        "/plain/seed-003.html",
        Response(
            page(seed_003, outlet="Plain Post", charset_meta=None).encode("utf-8"),
            content_type="text/html",
        ),
    )
    # The same page as seed_pages[0], as a feed reader or a share button writes its address.
    host = site.base.replace("localhost", "LocalHost").replace("http://", "HTTP://")
    same_story_other_url = host + "/news/seed-000.html/?utm_source=rss&utm_medium=feed#comments"
    syndicated = [
        add_page(f"/partner/{name}/{state[1].slug}.html", page(state[1], outlet=outlet))
        for name, outlet in (("wire", "Partner Wire"), ("gazette", "Capital Gazette"))
    ]
    return NewsWeb(
        site=site,
        seed_pages=seed_pages,
        state_pages=state_pages,
        full_feed=full_feed,
        summary_feed=summary_feed,
        redirect=redirect,
        missing=missing,
        slow=slow,
        windows_1252=windows_1252,
        undeclared_utf8=undeclared_utf8,
        same_story_other_url=same_story_other_url,
        syndicated=syndicated,
        stories=stories,
    )


def leaks(text: str) -> list[str]:
    """The furniture strings found in ``text``."""
    return [s for s in FURNITURE if s.casefold() in text.casefold()]


# --- raw sockets: replies no well-behaved server would send ------------------------------

Reply = Callable[[socket.socket], None]


@dataclass
class RawServer:
    """A loopback TCP server that answers every request with ``reply`` (raw bytes)."""

    reply: Reply
    port: int = 0
    connections: int = 0  # connections accepted: 0 means nothing reached the server
    requests: list[bytes] = field(default_factory=list)
    scheme: str = "http"

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"


@contextmanager
def serve_raw(reply: Reply, tls: ssl.SSLContext | None = None) -> Iterator[RawServer]:
    """Serve ``reply`` on a free loopback port; each connection gets its own thread.

    With ``tls`` (a server context) each connection is TLS first: ``https://`` URLs.
    """
    server = RawServer(reply, scheme="https" if tls else "http")
    listener = socket.create_server(("127.0.0.1", 0))
    server.port = listener.getsockname()[1]
    stop = threading.Event()

    def answer(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                if tls is not None:
                    conn = tls.wrap_socket(conn, server_side=True)
                request = b""
                while b"\r\n\r\n" not in request and len(request) < 65536:
                    data = conn.recv(4096)
                    if not data:
                        break
                    request += data
                server.requests.append(request)
                server.reply(conn)
            except OSError:
                pass  # the client hung up: what a deadline does

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            server.connections += 1
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        listener.close()


def send(*parts: bytes, drip: float = 0.0, forever: bytes = b"") -> Reply:
    """A reply: ``parts`` in turn (each byte ``drip`` seconds apart), then ``forever`` repeated.

    ``forever`` is sent every ``drip`` seconds for up to a minute (a server that never stops).
    """

    def reply(conn: socket.socket) -> None:
        for part in parts:
            if drip:
                for byte in part:
                    conn.sendall(bytes([byte]))
                    time.sleep(drip)
            else:
                conn.sendall(part)
        until = time.monotonic() + 60
        while forever and time.monotonic() < until:
            conn.sendall(forever)
            time.sleep(drip or 0.1)

    return reply


def http_reply(
    body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK"
) -> bytes:
    """A well-formed HTTP/1.1 reply with a Content-Length, to build malformed ones from."""
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
    return head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
