"""URLs, feeds and pages fetched where the per-article work runs: the same brief, the same guard.

A real news web on loopback (tests/web_fixtures.py) and a real 2-worker
``distributed.LocalCluster``: a build from page URLs, a full-text feed, a
teaser feed whose pages are fetched, a redirect, a 404, a page over the size
limit and one over the time limit gives the same brief.json wherever the
fetching runs; without ``allow_private`` the workers refuse loopback just as
this process does, and the cache the workers filled is the client's folder.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_fixtures import NewsWeb, Response, Site, build_news_web, serve

from briefer.config import load_config
from briefer.errors import InputError
from briefer.ingest.fetch import Fetcher
from briefer.pipeline import build_brief
from briefer.render import write_brief

DATE = dt.date(2024, 5, 20)
EXECUTORS = ("local", "processes", "dask")
HUGE = "/news/huge.html"  # over the size limit the builds set


@pytest.fixture(scope="module")
def web() -> Iterator[NewsWeb]:
    with serve(Site()) as site:
        news = build_news_web(site)
        site.add(HUGE, Response(b"<html><body><p>" + b"word " * 60_000 + b"</p>"))
        yield news


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
        silence_logs=50,
    ) as running:
        yield "dask://" + running.scheduler_address.removeprefix("tcp://")


def _urls(web: NewsWeb) -> list[str]:
    return [
        *web.seed_pages,
        *web.state_pages[:3],
        web.full_feed,
        web.summary_feed,  # teasers: their pages are fetched too
        web.redirect,
        web.missing,
        web.windows_1252,
        web.same_story_other_url,
        *web.syndicated,
        web.site.base + HUGE,
        web.slow,
    ]


def _config(folder: Path, allow_private: bool) -> Path:
    path = folder / "briefer.toml"
    path.write_text(
        "[sources]\ntimeout = 1.5\nmax_bytes = 200000\n"
        f"allow_private = {str(allow_private).lower()}\n",
        encoding="utf-8",
    )
    return path


def _build(inputs: list[str | Path], executor: str, config: Path, output: Path) -> bytes:
    brief = build_brief(inputs, DATE, load_config(config), executor=executor)
    return write_brief(brief, output, ["json"])["json"].read_bytes()


def _client_must_not_fetch(self: Fetcher, url: str) -> None:
    """Put in for this process's fetching (the client's, not the workers'): a page fetched
    here is skipped with this reason, and the brief differs."""
    raise AssertionError(f"the client fetched {url}")


@pytest.mark.slow
def test_fetched_on_the_workers_the_brief_is_the_same(
    web: NewsWeb,
    cluster: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = _config(tmp_path, allow_private=True)
    built: dict[str, bytes] = {}
    for executor in EXECUTORS:
        cache = tmp_path / f"cache-{executor}"  # each build fetches afresh
        monkeypatch.setenv("BRIEFER_CACHE_DIR", str(cache))
        before = sum(web.site.requests.values())
        chosen = cluster if executor == "dask" else executor
        with monkeypatch.context() as patched:
            if executor != "local":
                patched.setattr(Fetcher, "_fetch_or_read_cache", _client_must_not_fetch)
            built[executor] = _build(_urls(web), chosen, config, tmp_path / executor)
        assert sum(web.site.requests.values()) > before  # fetched, not read from a cache
        assert any((cache / "pages").rglob("*.body"))  # the workers wrote the client's cache
    assert built["processes"] == built["local"]
    assert built["dask"] == built["local"]
    brief = json.loads(built["local"])
    skipped = {entry["path"]: entry["reason"] for entry in brief["skipped"]}
    assert skipped[web.missing] == "HTTP 404 Not Found"
    assert skipped[web.slow] == "timed out after 1.5s"
    assert "200000-byte limit" in skipped[web.site.base + HUGE]
    assert len(brief["sources"]) >= 10  # pages, feed entries, teasers' pages

    # Built again on Dask from the cache the first Dask build filled: no page fetched again.
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path / "cache-dask"))
    before = dict(web.site.requests)
    assert _build(_urls(web), cluster, config, tmp_path / "again") == built["local"]
    again = {path: n - before.get(path, 0) for path, n in web.site.requests.items()}
    fetched_again = {path for path, n in again.items() if n}
    # Only what was not cached: the failures (404, too slow, too big) are asked again.
    assert fetched_again == {"/news/does-not-exist.html", "/news/slow.html", HUGE}


@pytest.mark.slow
def test_a_private_address_is_refused_on_a_worker_as_here(
    web: NewsWeb, cluster: str, tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pages are in the cache, fetched by an allow_private run: a run without it is not
    # served them (they came from loopback) and is refused, here and on the workers alike.
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path / "cache"))
    _build(_urls(web)[:3], "local", _config(tmp_path, allow_private=True), tmp_path / "cached")
    assert any((tmp_path / "cache" / "pages").rglob("*.body"))
    config = _config(tmp_path, allow_private=False)
    requests = sum(web.site.requests.values())
    built = {
        executor: _build(
            [seeds, *_urls(web)[:3], web.full_feed],
            cluster if executor == "dask" else executor,
            config,
            tmp_path / executor,
        )
        for executor in EXECUTORS
    }
    assert sum(web.site.requests.values()) == requests  # nothing reached the server
    assert built["processes"] == built["local"] and built["dask"] == built["local"]
    skipped = json.loads(built["local"])["skipped"]
    assert [entry["path"] for entry in skipped] == [*_urls(web)[:3], web.full_feed]
    assert all(entry["reason"].startswith("refused to connect to ") for entry in skipped)
    # Nothing readable at all: the same one error, naming what was refused.
    errors = []
    for executor in EXECUTORS:
        with pytest.raises(InputError) as raised:
            build_brief(
                _urls(web)[:2], DATE, load_config(config),
                executor=cluster if executor == "dask" else executor,
            )  # fmt: skip
        errors.append(str(raised.value))
    assert errors[0].startswith("No readable articles (") and "refused" in errors[0]
    assert errors == [errors[0]] * 3
