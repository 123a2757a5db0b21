"""Hostile sources: bodies that name paths, addresses briefer must not reach, servers that
drip or break their replies, files that would vanish. All traffic stays on loopback; every
other address is refused before a socket is opened."""

from __future__ import annotations

import io
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from web_fixtures import (
    DATA,
    Response,
    Site,
    build_news_web,
    http_reply,
    page,
    rss,
    seed_stories,
    send,
    serve,
    serve_raw,
    state_department_stories,
)

from briefer.cli import main
from briefer.ingest.fetch import FetchLimits
from briefer.ingest.guard import refusal
from briefer.ingest.read import ReadReport, SourceOptions, SourceReader

TIMEOUT = 2.0
#: The deadline of the tests that wait for it: short, since they wait it out every run.
DEADLINE = 1.0
#: How long past the deadline a fetch may take to notice it (a loaded machine).
SLACK = 1.5


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as serving:
        yield serving


def read(*inputs: str | Path, allow_private: bool = True, **limits: Any) -> ReadReport:
    limits.setdefault("timeout", TIMEOUT)
    options = SourceOptions(limits=FetchLimits(**limits), allow_private=allow_private)
    return SourceReader(options).read(inputs)


def reasons(report: ReadReport) -> list[tuple[str, str]]:
    return [(s.path, s.reason) for s in report.skipped]


def good_page(site: Site) -> str:
    return site.add("/good.html", Response(page(seed_stories()[0]).encode()))


# --- 1. bodies are bytes, never paths or URLs ---------------------------------------------


@pytest.mark.parametrize("content_type", ["application/rss+xml", "text/html", "text/plain"])
def test_a_body_that_is_a_path_is_read_as_text_not_opened(
    site: Site, tmp_path: Path, content_type: str
) -> None:
    feed_file = tmp_path / "local.rss"
    stories = state_department_stories()[:2]
    feed_file.write_text(rss("Local secrets", "http://x", [(s, "", True) for s in stories]))
    bodies = ["/etc/passwd", str(feed_file), "/dev/zero", f"file://{feed_file}"]
    urls = [
        site.add(f"/body/{n}", Response(body.encode(), content_type=content_type))
        for n, body in enumerate(bodies)
    ]
    started = time.monotonic()
    report = read(*urls)
    assert time.monotonic() - started < 10  # /dev/zero is not read until memory runs out
    text = " ".join(a.title + " " + a.text for a in report.articles)
    assert "root:" not in text
    assert not any(s.paragraphs[0][:60] in text for s in stories)
    assert all(a.text.strip() in bodies for a in report.articles)  # the body, as text
    assert len(report.articles) + len(report.skipped) == len(urls)


def test_a_feed_file_whose_entry_links_are_paths_reads_no_local_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stories = state_department_stories()[:2]
    links = ["/etc/passwd", "file:///etc/passwd"]
    entries = [(s, link, False) for s, link in zip(stories, links, strict=True)]
    feed = rss("Links to paths", "http://x", entries)
    (tmp_path / "links.rss").write_text(feed, encoding="utf-8")
    with caplog.at_level("WARNING", logger="briefer"):
        report = read(tmp_path / "links.rss")
    assert "root:" not in " ".join(a.text for a in report.articles)
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    for message in messages:  # (feedparser writes file:///etc/passwd as file://etc/passwd)
        assert "/etc/passwd: unsupported URL scheme in '" in message
        assert message.endswith("; using the feed's summary")


# --- 2. the address guard -----------------------------------------------------------------


def test_by_default_nothing_on_loopback_is_connected_to(site: Site) -> None:
    web = build_news_web(site)
    with serve_raw(send(http_reply(b"<p>never</p>"))) as raw:
        report = read(raw.url("/x"), *web.seed_pages, web.full_feed, allow_private=False)
        assert raw.connections == 0
    assert sum(site.requests.values()) == 0
    assert report.articles == []
    assert reasons(report)[0] == (
        raw.url("/x"),
        "refused to connect to 127.0.0.1 (loopback address); "
        "set [sources] allow_private = true to read local servers",
    )
    assert all(r.startswith("refused to connect to ") for _, r in reasons(report))


def test_the_cli_refuses_loopback_without_allow_private_and_reads_it_with(
    site: Site, tmp_path: Path
) -> None:
    url = good_page(site)
    runner = CliRunner()
    out = str(tmp_path / "out")
    refused = runner.invoke(main, ["build", url, "--output-dir", out, "--format", "json"])
    assert refused.exit_code == 1
    assert "refused to connect to" in refused.stderr
    assert "set [sources] allow_private = true" in refused.stderr
    assert site.requests[("/good.html")] == 0
    summarized = runner.invoke(main, ["summarize", url])
    assert summarized.exit_code == 1 and site.requests["/good.html"] == 0
    built = runner.invoke(
        main, ["build", url, "--allow-private", "--output-dir", out, "--format", "json"]
    )
    assert built.exit_code == 0, built.stderr
    assert site.requests["/good.html"] == 1
    config = tmp_path / "briefer.toml"
    config.write_text("[sources]\nallow_private = true\n", encoding="utf-8")
    again = runner.invoke(
        main, ["build", url, "--config", str(config), "--no-cache", "--output-dir", out]
    )
    assert again.exit_code == 0, again.stderr
    assert site.requests["/good.html"] == 2


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://2852039166/",  # 169.254.169.254 as one number, which resolvers accept
        "http://0.0.0.0:1/",
        "http://224.0.0.1/",
    ],
)
def test_metadata_multicast_and_unspecified_stay_refused_with_allow_private(
    site: Site, target: str
) -> None:
    hop = site.add("/hop", Response(status=302, headers={"Location": target}))
    report = read(hop, target)
    assert len(report.skipped) == 2
    for _, reason in reasons(report):
        assert reason.startswith("refused to connect to "), reason
        assert reason.endswith(("(cloud metadata address)", "(unspecified address)",
                                "(multicast address)"))  # fmt: skip


def test_feed_links_to_private_addresses_are_refused_before_any_connect(
    site: Site, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A feed on disk whose entries point inward: each link is checked as it is fetched.

    Nothing leaves the machine: every one of these is refused before a socket opens.
    """
    story = state_department_stories()[0]
    inward = site.add("/intranet/token.html", Response(b"<p>token=s3cr3t</p>"))
    links = ["http://10.0.0.1/admin", "http://[fd12:3456::1]/wiki", "http://100.64.0.1/", inward]
    feed = rss("Inward", "http://x", [(story, link, False) for link in links])
    (tmp_path / "inward.rss").write_text(feed, encoding="utf-8")
    with caplog.at_level("WARNING", logger="briefer"):
        report = read(tmp_path / "inward.rss", allow_private=False)
    assert sum(site.requests.values()) == 0
    assert "s3cr3t" not in " ".join(a.text for a in report.articles)
    refused = [r.getMessage().split(": ", 1)[1] for r in caplog.records]
    assert [r.split(";")[0] for r in refused] == [
        "refused to connect to 10.0.0.1 (private address)",
        "refused to connect to fd12:3456::1 (private address)",
        "refused to connect to 100.64.0.1 (shared (CGNAT) address)",
        "refused to connect to 127.0.0.1 (loopback address)",
    ]


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.2", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
        ("10.0.0.1", "private"), ("172.31.255.255", "private"), ("192.168.0.1", "private"),
        ("fc00::1", "private"), ("fdff::1", "private"), ("169.254.1.1", "link-local"),
        ("fe80::1%eth0", "link-local"), ("100.64.0.1", "shared (CGNAT)"),
        ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("0.0.0.0", "unspecified"),
        ("::", "unspecified"), ("240.0.0.1", "reserved"), ("192.0.2.7", "reserved"),
        ("169.254.169.254", "cloud metadata"), ("fd00:ec2::254", "cloud metadata"),
        ("100.100.100.200", "cloud metadata"), ("64:ff9b::a9fe:a9fe", "cloud metadata"),
        ("2002:7f00:1::1", "loopback"),
    ],
)  # fmt: skip
def test_the_guard_names_every_kind_of_address_it_refuses(address: str, kind: str) -> None:
    assert refusal(address) == f"{kind} address"
    opened = kind not in ("cloud metadata", "multicast", "unspecified")
    assert (refusal(address, allow_private=True) is None) == opened


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "1.1.1.1"])
def test_public_addresses_pass_the_guard(address: str) -> None:
    assert refusal(address) is None


def test_the_address_checked_is_the_address_connected_to(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a name that resolves to an allowed address once, then to another.

    The fetcher looks the name up once per connection and connects to what it
    checked; a second lookup (as urllib would make) would land on the metadata
    address instead.
    """
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1"])
    lookups: list[str] = []

    def rebinding(host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        return real(next(answers, "169.254.169.254"), port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = good_page(site).replace("localhost", "rebind.test")
    report = read(url)
    assert reasons(report) == []
    assert len(report.articles) == 1
    assert lookups == ["rebind.test"]
    assert site.requests["/good.html"] == 1


# --- 4. one deadline for the whole exchange -----------------------------------------------

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
CHUNKED = HEAD + b"Transfer-Encoding: chunked\r\n\r\n"


def hang(conn: socket.socket) -> None:
    """Read the request, then say nothing."""
    time.sleep(30)


DRIPS = [
    ("headers dripped a byte at a time", send(HEAD, drip=0.05, forever=b"X")),
    ("endless headers", send(HEAD, drip=0.1, forever=b"X-Filler: 1\r\n")),
    ("chunks dripped", send(CHUNKED, forever=b"1\r\na\r\n", drip=0.1)),
    ("trailers dripped", send(CHUNKED + b"4\r\n<p>a\r\n0\r\n", forever=b"X: y\r\n", drip=0.1)),
    ("status line dripped", send(b"HTTP/1.1 200 OK\r\n", drip=0.4, forever=b" ")),
    ("silence after the request", hang),
]  # fmt: skip


@pytest.mark.parametrize(("name", "reply"), DRIPS, ids=[d[0] for d in DRIPS])
def test_a_dripping_server_is_cut_off_at_the_deadline(name: str, reply: Any) -> None:
    with serve_raw(reply) as raw:
        started = time.monotonic()
        report = read(raw.url("/drip"), timeout=DEADLINE)
        took = time.monotonic() - started
    assert reasons(report) == [(raw.url("/drip"), "timed out after 1s")], name
    assert took < DEADLINE + SLACK, (name, took)


def test_the_deadline_covers_every_redirect_stop(site: Site) -> None:
    """Five hops, each answered after 0.4 s: each is quick, the chain is not."""
    body = page(seed_stories()[0]).encode()
    site.add("/hop5", Response(body, delay=0.4))
    for n in range(5):
        site.add(f"/hop{n}", Response(status=302, headers={"Location": f"/hop{n + 1}"}, delay=0.4))
    started = time.monotonic()
    report = read(site.base + "/hop0", timeout=DEADLINE)
    took = time.monotonic() - started
    assert reasons(report) == [(site.base + "/hop0", "timed out after 1s")]
    assert took < DEADLINE + SLACK
    assert site.requests["/hop5"] == 0


# --- 5. malformed replies: one skipped source each, never a crash --------------------------

MALFORMED = [
    ("bad status line", b"HTTP/1.1 two hundred OK\r\n\r\n", "malformed reply: bad status line"),
    ("not HTTP at all", b"SSH-2.0-OpenSSH_9.6\r\n\r\n", "malformed reply: bad status line"),
    ("a 70 KB header", HEAD + b"X-Big: " + b"a" * 70_000 + b"\r\n\r\n",
     "malformed reply: got more than 65536 bytes"),
    ("150 headers", HEAD + b"".join(b"X-%d: 1\r\n" % n for n in range(150)) + b"\r\n",
     "malformed reply: got more than 100 headers"),
    ("a bad chunk size", CHUNKED + b"zz\r\nhello\r\n0\r\n\r\n", "reply cut short"),
    ("a chunk cut short", CHUNKED + b"400\r\n<p>only this", "reply cut short"),
    ("a body cut short", HEAD + b"Content-Length: 1000\r\n\r\n<p>only this",
     "reply cut short: 12 of 1000 bytes"),
    ("no reply", b"", "the server closed the connection without a reply"),
    ("binary noise", bytes(range(256)) * 8, "malformed reply"),
    ("a redirect without a Location", b"HTTP/1.1 302 Found\r\n\r\n",
     "HTTP 302 redirect without a Location"),
    ("a redirect to another scheme",
     b"HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\n\r\n", "unsupported URL scheme"),
    ("a status with control characters", b"HTTP/1.1 500 \x1b[31mboom\r\n\r\n",
     "HTTP 500 [31mboom"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "raw_reply", "reason"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_reply_is_one_skipped_source(
    site: Site, name: str, raw_reply: bytes, reason: str
) -> None:
    with serve_raw(send(raw_reply)) as raw:
        report = read(raw.url("/broken"), good_page(site))
    assert len(report.articles) == 1, name
    ((where, why),) = reasons(report)
    assert where == raw.url("/broken")
    assert why.startswith(reason), why
    assert "\n" not in why and "\x1b" not in why


def test_binary_bytes_served_as_a_page_are_skipped(site: Site) -> None:
    noise = bytes((n * 7919) % 256 for n in range(20_000))
    url = site.add("/noise.html", Response(noise, content_type="text/html"))
    report = read(url, good_page(site))
    assert len(report.articles) == 1
    assert [p for p, _ in reasons(report)] == [url]


# --- 10. nothing vanishes ------------------------------------------------------------------


def test_an_empty_json_lines_file_and_an_empty_feed_are_reported(
    site: Site, tmp_path: Path
) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n")
    empty_feed = rss("Nothing today", "http://x", [])
    (tmp_path / "empty.rss").write_text(empty_feed, encoding="utf-8")
    url = site.add("/empty.rss", Response(empty_feed.encode(), content_type="application/rss+xml"))
    report = read(tmp_path, url)
    assert reasons(report) == [
        (str(tmp_path / "blank.jsonl"), "empty file, no JSON lines"),
        (str(tmp_path / "empty.jsonl"), "empty file, no JSON lines"),
        (str(tmp_path / "empty.rss"), "the feed has no entries"),
        (url, "the feed has no entries"),
    ]


def test_every_file_in_a_folder_is_read_or_reported(tmp_path: Path) -> None:
    import zipfile

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "story.txt").write_text(seed_stories()[0].text, encoding="utf-8")
    with zipfile.ZipFile(folder / "memo.docx", "w") as docx:
        docx.writestr("word/document.xml", "<w:document/>")
    (folder / "README").write_text("notes", encoding="utf-8")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "sub" / "up").symlink_to(folder)
    (folder / ".hidden.docx").write_bytes(b"hidden on purpose")
    report = read(folder)
    assert len(report.articles) == 1
    assert reasons(report) == [
        (str(folder / "README"), "unsupported file type '(none)'"),
        (str(folder / "gone.txt"), "a broken link"),
        (str(folder / "loop-a.txt"), "a link that loops"),
        (str(folder / "loop-b.txt"), "a link that loops"),
        (str(folder / "memo.docx"), "unsupported file type '.docx'"),
        (str(folder / "sub" / "up"), "a link to a folder, not followed"),
    ]


TEXT = (
    "Zelensky’s “peace formula” was discussed over café au lait in Kyiv on Monday. "
    "The Außenminister said the talks — the third this year — would go on."
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cp1252", TEXT.encode("cp1252")),
        ("latin-1", TEXT.replace("’", "'").replace("“", '"').replace("”", '"')
         .replace("—", "-").encode("latin-1")),
        ("utf-16 with a mark", TEXT.encode("utf-16")),
        ("utf-16-le without a mark", TEXT.encode("utf-16-le")),
        ("utf-8 with a mark", TEXT.encode("utf-8-sig")),
    ],
)  # fmt: skip
def test_text_files_in_other_encodings_are_decoded(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    (article,) = read(path).articles
    expected = data.decode("utf-16" if "utf-16" in name else "utf-8-sig" if "utf-8" in name
                           else "cp1252")  # fmt: skip
    assert " ".join(article.paragraphs) == expected.strip()


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, b"PK\x03\x04" + bytes(300)],
)
def test_binary_text_files_are_skipped_as_binary(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(data)
    report = read(path)
    assert reasons(report) == [(str(path), "binary file, not text")]


def test_a_file_over_max_bytes_is_skipped_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB that take no disk, and no time to make
    started = time.monotonic()
    report = read(big, max_bytes=5_000_000)
    assert time.monotonic() - started < 2
    assert reasons(report) == [(str(big), "larger than the 5000000-byte limit (50000000 bytes)")]


def test_max_bytes_bounds_each_json_line_not_the_whole_export(tmp_path: Path) -> None:
    lines = (DATA / "state-department.jsonl").read_bytes().splitlines()
    longest = max(len(line) for line in lines)
    path = tmp_path / "export.jsonl"
    path.write_bytes(b"\n".join([*lines, b'{"text": "' + b"a " * longest + b'"}']) + b"\n")
    assert path.stat().st_size > longest + 10
    report = read(path, max_bytes=longest + 10)
    assert len(report.articles) == len(lines)
    assert reasons(report) == [
        (f"{path}:{len(lines) + 1}", f"line longer than the {longest + 10}-byte limit")
    ]


def test_max_bytes_is_a_sources_setting(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(seed_stories()[0].text, encoding="utf-8")
    config = tmp_path / "briefer.toml"
    config.write_text("[sources]\nmax_bytes = 100\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(story), "--config", str(config)])
    assert result.exit_code == 1
    size = story.stat().st_size
    assert f"larger than the 100-byte limit ({size} bytes)" in result.stderr


def test_a_device_named_outright_is_not_read(tmp_path: Path) -> None:
    report = read(Path("/dev/zero"), tmp_path)
    assert reasons(report) == [("/dev/zero", "not a regular file")]


def test_io_is_used_for_feeds() -> None:
    """feedparser opens a string or bytes naming a path; a file-like object it reads."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(b"/etc/passwd"))
    assert parsed.entries == []
    assert "root:" not in str(parsed)
