"""Hostile fetching, continued (issue 15): the cache keeps the guard, and TLS keeps the deadline.

- A page cached by an ``--allow-private`` run is not served from the cache to a run
  without it: the addresses a fetch connected to are stored with the page and checked by
  the guard again on every cache read.
- A server that drips its headers one byte at a time over HTTPS is cut off at ``timeout``
  like one over plain HTTP; ``[sources] ca_file`` lets briefer trust a test (or private) CA.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from smtp_fixtures import Certificates, make_certificates
from web_fixtures import Response, Site, http_reply, page, seed_stories, send, serve, serve_raw

from briefer.cli import main
from briefer.ingest.fetch import FetchLimits
from briefer.ingest.read import ReadReport, SourceOptions, SourceReader

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as serving:
        yield serving


def read_cached(cache: Path, url: str, allow_private: bool) -> ReadReport:
    options = SourceOptions(
        limits=FetchLimits(timeout=5.0),
        cache_folder=cache,
        cache_day=DAY,
        allow_private=allow_private,
    )
    return SourceReader(options).read([url])


def test_a_page_cached_with_allow_private_is_not_served_to_a_run_without_it(
    site: Site, tmp_path: Path
) -> None:
    url = site.add("/intranet.html", Response(page(seed_stories()[0]).encode()))
    first = read_cached(tmp_path, url, allow_private=True)
    assert len(first.articles) == 1 and first.requests == 1

    without = read_cached(tmp_path, url, allow_private=False)
    assert not without.articles and without.cache_hits == 0
    assert [s.reason for s in without.skipped] == [
        "refused to connect to 127.0.0.1 (loopback address); "
        "set [sources] allow_private = true to read local servers"
    ]
    assert site.requests["/intranet.html"] == 1  # refused before any connect

    again = read_cached(tmp_path, url, allow_private=True)
    assert len(again.articles) == 1 and again.cache_hits == 1 and again.requests == 0


def test_the_cache_keeps_every_address_of_a_redirected_fetch(site: Site, tmp_path: Path) -> None:
    target = site.add("/story.html", Response(page(seed_stories()[1]).encode()))
    url = site.add("/moved", Response(status=302, headers={"Location": target}))
    read_cached(tmp_path, url, allow_private=True)
    headers = [json.loads(p.read_text()) for p in (tmp_path / "pages").rglob("*.json")]
    assert [h["addresses"] for h in headers] == [["127.0.0.1", "127.0.0.1"]]


def test_a_page_cached_without_its_addresses_is_fetched_again(site: Site, tmp_path: Path) -> None:
    url = site.add("/old.html", Response(page(seed_stories()[0]).encode()))
    read_cached(tmp_path, url, allow_private=True)
    for header_path in (tmp_path / "pages").rglob("*.json"):
        header = json.loads(header_path.read_text())
        del header["addresses"]  # as a cache written before addresses were kept
        header_path.write_text(json.dumps(header))
    without = read_cached(tmp_path, url, allow_private=False)
    assert not without.articles and "loopback address" in without.skipped[0].reason
    again = read_cached(tmp_path, url, allow_private=True)
    assert again.requests == 1 and len(again.articles) == 1


# --- TLS: a test CA through [sources] ca_file, and one deadline over https too -------------

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
TIMEOUT = 2.0
SLACK = 1.5  # how long past the deadline a fetch may take to notice it (a loaded machine)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


def read_tls(url: str, ca_file: Path | None) -> ReadReport:
    options = SourceOptions(
        limits=FetchLimits(timeout=TIMEOUT), allow_private=True, ca_file=ca_file
    )
    return SourceReader(options).read([url])


def test_https_is_read_when_ca_file_trusts_the_servers_ca(certificates: Certificates) -> None:
    body = page(seed_stories()[0]).encode()
    with serve_raw(send(http_reply(body)), tls=certificates.server_context()) as server:
        trusted = read_tls(server.url("/story"), certificates.ca)
        untrusted = read_tls(server.url("/story"), None)
    assert server.url().startswith("https://")
    assert len(trusted.articles) == 1 and not trusted.skipped
    assert not untrusted.articles
    assert "TLS handshake failed" in untrusted.skipped[0].reason
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.skipped[0].reason


@pytest.mark.parametrize(
    ("name", "reply"),
    [
        ("headers one byte at a time", send(HEAD, drip=0.3, forever=b"X")),
        ("chunks one at a time", send(HEAD + b"Transfer-Encoding: chunked\r\n\r\n",
                                      forever=b"1\r\na\r\n", drip=0.3)),
    ],
    ids=["headers", "chunks"],
)  # fmt: skip
def test_a_dripping_https_server_is_cut_off_at_the_deadline(
    certificates: Certificates, name: str, reply: Any
) -> None:
    with serve_raw(reply, tls=certificates.server_context()) as server:
        started = time.monotonic()
        report = read_tls(server.url("/drip"), certificates.ca)
        took = time.monotonic() - started
    assert server.connections == 1 and server.requests  # the request went through TLS
    assert [s.reason for s in report.skipped] == [f"timed out after {TIMEOUT:g}s"], name
    assert TIMEOUT - 0.1 <= took <= TIMEOUT + SLACK, took


def test_a_server_that_never_finishes_the_handshake_is_cut_off(
    certificates: Certificates,
) -> None:
    with serve_raw(lambda conn: time.sleep(30)) as server:  # TCP only: no TLS at all
        started = time.monotonic()
        report = read_tls(server.url("/x").replace("http://", "https://"), certificates.ca)
        took = time.monotonic() - started
    assert [s.reason for s in report.skipped] == [f"timed out after {TIMEOUT:g}s"]
    assert took <= TIMEOUT + SLACK, took


def test_ca_file_is_a_sources_setting_relative_to_the_config(
    certificates: Certificates, tmp_path: Path
) -> None:
    (tmp_path / "ca.pem").write_bytes(certificates.ca.read_bytes())
    config = tmp_path / "briefer.toml"
    config.write_text('[sources]\nca_file = "ca.pem"\nallow_private = true\n', encoding="utf-8")
    body = page(seed_stories()[0]).encode()
    with serve_raw(send(http_reply(body)), tls=certificates.server_context()) as server:
        result = CliRunner().invoke(
            main, ["build", server.url("/story"), "--config", str(config), "--no-cache",
                   "--date", "2026-11-23", "--output-dir", str(tmp_path / "out"), "--format",
                   "md"],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "read 1 article from 1 source" in result.stderr

    config.write_text('[sources]\nca_file = "missing.pem"\n', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", server.url("/story"), "--config", str(config), "--no-cache",
               "--date", "2026-11-23", "--output-dir", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [sources] ca_file") and "missing.pem" in result.stderr
