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
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_fixtures import Response, Site, page, seed_stories, serve

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
