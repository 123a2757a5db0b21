"""OPML subscription lists: every feed outline read, bad outlines reported, XML parsed safely."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_fixtures import NewsWeb, Response, Site, build_news_web, serve

from briefer.cli import main
from briefer.ingest.opml import OpmlError, read_opml
from briefer.ingest.read import SourceOptions, SourceReader

DATE = "2026-11-23"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def web() -> Iterator[NewsWeb]:
    with serve(Site()) as site:
        yield build_news_web(site)


def subscriptions(*outlines: str) -> str:
    """An OPML 2.0 export as feed readers write it: feeds in a folder, and at the top."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n'
        "<head><title>My subscriptions</title></head>\n<body>\n"
        '<outline text="News" title="News">\n'
        + "\n".join(outlines[:-1])
        + "\n</outline>\n"
        + outlines[-1]
        + "\n</body>\n</opml>\n"
    )


def feed_outline(title: str, url: str) -> str:
    return f'<outline type="rss" text="{title}" title="{title}" xmlUrl="{url}" htmlUrl="x"/>'


def test_an_opml_input_reads_every_feed_and_reports_the_bad_outline(
    web: NewsWeb, tmp_path: Path
) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        subscriptions(
            feed_outline("Releases", web.full_feed),
            '<outline type="rss" text="Broken" title="Broken"/>',
            feed_outline("Teasers", web.summary_feed),
        ),
        encoding="utf-8",
    )
    direct = SourceReader(SourceOptions(allow_private=True)).read([web.full_feed, web.summary_feed])
    report = SourceReader(SourceOptions(allow_private=True)).read([opml])
    assert sorted(a.title for a in report.articles) == sorted(a.title for a in direct.articles)
    assert len(report.articles) == 8
    assert [(s.path, s.reason) for s in report.skipped] == [
        (f"{opml}: outline 'Broken'", "no xmlUrl (not a feed)")
    ]


def test_sources_opml_in_the_config_and_a_local_feed_file(web: NewsWeb, tmp_path: Path) -> None:
    feeds = tmp_path / "exports"
    feeds.mkdir()
    (feeds / "local.rss").write_bytes(web.site.routes["/feeds/releases.rss"].body)
    (feeds / "feeds.opml").write_text(
        subscriptions(feed_outline("Local", "local.rss"), feed_outline("Web", web.summary_feed)),
        encoding="utf-8",
    )
    config = tmp_path / "briefer.toml"
    config.write_text(
        '[sources]\nopml = "exports/feeds.opml"\nallow_private = true\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--config", str(config), "--date", DATE, "--output-dir", str(out),
               "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads((out / DATE / "brief.json").read_text(encoding="utf-8"))
    assert len(data["sources"]) == 8
    assert web.site.requests["/feeds/releases.rss"] == 0  # read from the local file
    assert web.site.requests["/feeds/teasers.atom"] == 1


def test_an_opml_url_is_read_and_may_not_point_at_local_files(web: NewsWeb, tmp_path: Path) -> None:
    secret = tmp_path / "secret.rss"
    secret.write_bytes(web.site.routes["/feeds/releases.rss"].body)
    body = subscriptions(
        feed_outline("Web", web.full_feed),
        feed_outline("Local", str(secret)),
        feed_outline("File URL", secret.as_uri()),
    )
    url = web.site.add("/me/subscriptions.opml", Response(body.encode(), content_type="text/xml"))
    plain = web.site.add("/me/export", Response(body.encode(), content_type="text/x-opml"))
    for address in (url, plain):  # by its name, and by its content
        report = SourceReader(SourceOptions(cache_folder=None, allow_private=True)).read([address])
        assert len(report.articles) == 4
        assert [s.reason for s in report.skipped] == [
            f"{str(secret)!r} is not an http(s) URL",
            f"{secret.as_uri()!r} is not an http(s) URL",
        ]


@pytest.mark.parametrize(
    "body, problem",
    [
        ("<opml><body><outline", "not well-formed XML"),
        ("<rss><channel/></rss>", "not an OPML file"),
        (
            '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<opml><body><outline text="&b;" xmlUrl="http://example.org/f"/></body></opml>',
            "has a DTD",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<opml><body><outline text="&x;" xmlUrl="http://example.org/f"/></body></opml>',
            "has a DTD",
        ),
    ],
)
def test_a_bad_or_dangerous_opml_is_refused_with_one_line(body: str, problem: str) -> None:
    started = time.perf_counter()
    with pytest.raises(OpmlError, match=problem):
        read_opml(body.encode(), "feeds.opml", None)
    assert time.perf_counter() - started < 1


def test_a_broken_opml_file_is_reported_and_the_rest_is_read(seeds: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body>", encoding="utf-8")
    report = SourceReader(SourceOptions(allow_private=True)).read([seeds, broken])
    assert len(report.articles) == 2
    (skipped,) = report.skipped
    assert skipped.path == str(broken) and skipped.reason.startswith("not well-formed XML")


def test_duplicate_feeds_are_read_once_and_folders_are_not_outlines(tmp_path: Path) -> None:
    body = subscriptions(
        feed_outline("A", "https://example.org/a.rss"),
        feed_outline("A again", "https://example.org/a.rss"),
        feed_outline("B", "https://example.org/b.rss"),
    )
    found = read_opml(body.encode(), "feeds.opml", tmp_path)
    assert found.feeds == ["https://example.org/a.rss", "https://example.org/b.rss"]
    assert found.problems == []
