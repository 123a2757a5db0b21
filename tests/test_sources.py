"""Web pages, URLs, feeds and JSON Lines, read from a real HTTP server on loopback."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from web_fixtures import (
    DATA,
    NewsWeb,
    Response,
    Site,
    build_news_web,
    leaks,
    page,
    seed_stories,
    serve,
)

from briefer import __version__
from briefer.cli import main
from briefer.config import load_config
from briefer.errors import ConfigError
from briefer.ingest.cache import cache_folder
from briefer.ingest.dedupe import normalize_url
from briefer.ingest.fetch import FetchLimits, decode_html
from briefer.ingest.read import ReadReport, SourceOptions, SourceReader, parse_since

DATE = "2026-11-23"


def _no_age_warning(stderr: str) -> str:
    """stderr less the warning that the seeds are years older than the brief's date."""
    return "".join(
        line for line in stderr.splitlines(keepends=True)
        if not line.startswith("warning: newest article")
    )  # fmt: skip


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFER_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def web() -> Iterator[NewsWeb]:
    with serve(Site()) as site:
        yield build_news_web(site)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config that gives up on a page after two seconds (the slow page takes six)."""
    path = tmp_path / "briefer.toml"
    path.write_text("[sources]\ntimeout = 2\nallow_private = true\n", encoding="utf-8")
    return path


def read(*inputs: str | Path, **limits: Any) -> ReadReport:
    """Read with a short timeout (the slow page takes six seconds) and no cache.

    Two seconds, not less: on a loaded machine a loopback page can take half a second.
    """
    options = SourceOptions(limits=FetchLimits(timeout=2, **limits), allow_private=True)
    return SourceReader(options).read(inputs)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def build(tmp_path: Path, *args: str) -> tuple[int, str, dict[str, Any], str]:
    """Run `briefer build` into tmp_path: exit code, stderr, brief.json, brief.md."""
    out = tmp_path / "out"
    code, _, stderr = run(
        "build", *args, "--allow-private", "--date", DATE, "--output-dir", str(out),
        "--format", "md,json",
    )  # fmt: skip
    folder = out / DATE
    if code != 0:
        return code, stderr, {}, ""
    data = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    return code, stderr, data, (folder / "brief.md").read_text(encoding="utf-8")


def squash(text: str) -> str:
    return " ".join(text.split())


# --- pages -----------------------------------------------------------------------------


def test_a_page_gives_the_story_with_its_metadata_and_none_of_the_furniture(web: NewsWeb) -> None:
    report = read(*web.seed_pages, *web.state_pages)
    assert len(report.articles) == 2 + 8
    by_url = {a.url: a for a in report.articles}
    for url, story in zip(web.seed_pages, seed_stories(), strict=True):
        article = by_url[url]
        assert article.paragraphs == story.paragraphs
        assert (article.title, article.date) == (story.title, story.date)
        assert (article.source, article.author) == ("Kyiv Ledger", "Staff reporter")
    for article in report.articles:
        assert leaks(article.title + "\n" + article.text) == []


def test_the_brief_from_urls_and_feeds_has_the_articles_sentences_and_no_furniture(
    web: NewsWeb, tmp_path: Path, config: Path
) -> None:
    code, stderr, data, markdown = build(
        tmp_path,
        *web.seed_pages,
        web.full_feed,
        web.summary_feed,
        web.missing,
        web.slow,
        "--config",
        str(config),
    )
    assert code == 0, stderr
    stories = [squash(s.text) for s in web.stories.values()]
    items = [i for i in data["bluf"]] + [i for s in data["sections"] for i in s["items"]]
    assert len(items) >= 10
    for item in items:
        # A repaired item names its antecedent in brackets; its sentence is verbatim.
        text = squash(item.get("verbatim", item["text"]))
        assert any(text in story for story in stories), item["text"]
    assert len(data["sources"]) == 10
    assert leaks(markdown) == []
    assert _no_age_warning(stderr).splitlines()[-1] == (
        "read 10 articles from 6 sources, 10 requests, 0 from today's cache, "
        f"skipped 2: {web.missing}, {web.slow}"
    )


def test_a_404_and_a_timeout_are_reported_with_the_url_and_skipped(
    web: NewsWeb, tmp_path: Path, config: Path
) -> None:
    code, stderr, data, _ = build(
        tmp_path, web.seed_pages[0], web.missing, web.slow, "--config", str(config)
    )
    assert code == 0
    assert stderr.splitlines()[:2] == [
        f"skipped {web.missing}: HTTP 404 Not Found",
        f"skipped {web.slow}: timed out after 2s",
    ]
    assert [s["reason"] for s in data["skipped"]] == ["HTTP 404 Not Found", "timed out after 2s"]
    assert len(data["sources"]) == 1


def test_only_unreachable_sources_is_an_error(web: NewsWeb, tmp_path: Path) -> None:
    code, _, stderr = run("build", web.missing, "--allow-private", "--output-dir", str(tmp_path))
    assert code == 1
    assert stderr == f"Error: No readable articles ({web.missing}: HTTP 404 Not Found)\n"


def test_a_redirect_is_followed_and_a_redirect_loop_is_not(web: NewsWeb) -> None:
    loop = web.site.add("/loop", Response(status=302, headers={"Location": "/loop"}))
    report = read(web.redirect, loop, max_redirects=3)
    (article,) = report.articles
    assert article.url == web.site.base + "/news/seed-003.html"
    assert article.paragraphs == seed_stories()[1].paragraphs
    assert [(s.path, s.reason) for s in report.skipped] == [(loop, "more than 3 redirects")]
    assert web.site.requests["/loop"] == 4


def test_a_page_over_the_size_limit_is_skipped(web: NewsWeb) -> None:
    report = read(web.seed_pages[0], max_bytes=2000)
    assert report.articles == []
    assert report.skipped[0].reason.startswith("larger than the 2000-byte limit")


def test_requests_name_briefer_and_its_version(web: NewsWeb) -> None:
    read(web.seed_pages[0])
    assert {ua.split(" ")[0] for ua in web.site.user_agents} == {f"briefer/{__version__}"}


@pytest.mark.parametrize(("workers", "at_once"), [(8, 4), (1, 1)])
def test_urls_are_fetched_several_at_a_time_and_read_in_order(
    web: NewsWeb, workers: int, at_once: int
) -> None:
    stories = seed_stories() * 2
    urls = [
        web.site.add(f"/delayed/{n}.html", Response(page(s).encode(), delay=0.3))
        for n, s in enumerate(stories)
    ]
    report = SourceReader(SourceOptions(workers=workers, allow_private=True)).read(urls)
    assert web.site.most_in_flight == at_once
    assert [a.path for a in report.articles] == urls[:2]  # the copies are the same text
    assert [f.location for f in report.folded] == urls[2:]


# --- encodings ------------------------------------------------------------------------


def test_a_windows_1252_page_and_an_undeclared_utf8_page_decode_right(web: NewsWeb) -> None:
    seed_000, seed_003 = seed_stories()
    (legacy,) = read(web.windows_1252).articles
    (plain,) = read(web.undeclared_utf8).articles
    assert legacy.paragraphs == seed_000.paragraphs
    assert "China’s Wang Yi" in legacy.text
    assert plain.paragraphs == seed_003.paragraphs
    assert "“closeness”" in plain.text
    assert (legacy.source, plain.source) == ("Old Wire", "Plain Post")


def test_decoding_follows_http_then_meta_then_detection() -> None:
    text = "<html><body><p>Zelensky’s “peace formula”, café talks — in Kyiv.</p></body></html>"
    cp1252 = text.encode("windows-1252")
    assert decode_html(cp1252, "windows-1252") == text
    assert decode_html(cp1252, "iso-8859-1") == text  # browsers read latin-1 as windows-1252
    meta = b'<meta charset="windows-1252">' + cp1252
    assert decode_html(meta).endswith(text)
    assert decode_html(text.encode("utf-8")) == text
    assert decode_html(cp1252 * 20) == text * 20  # undeclared: detected


# --- feeds ----------------------------------------------------------------------------


def test_a_feed_with_full_text_needs_no_page_fetches(web: NewsWeb) -> None:
    report = read(web.full_feed)
    stories = list(web.stories.values())[2:6]
    assert [a.title for a in report.articles] == [s.title for s in stories]
    assert [a.date for a in report.articles] == [s.date for s in stories]
    assert [a.paragraphs for a in report.articles] == [s.paragraphs for s in stories]
    assert {a.source for a in report.articles} == {"U.S. Department of State"}
    assert not any(path.startswith("/state/") for path in web.site.requests)


def test_a_feed_of_teasers_fetches_each_page_and_fills_in_what_a_page_lacks(web: NewsWeb) -> None:
    report = read(web.summary_feed)
    stories = list(web.stories.values())[6:]
    assert [a.paragraphs for a in report.articles] == [s.paragraphs for s in stories]
    # The last page has no title, date or outlet of its own: the entry's are used.
    assert [a.title for a in report.articles] == [s.title for s in stories]
    assert [a.date for a in report.articles] == [s.date for s in stories]
    assert report.articles[-1].source == "U.S. Department of State"
    assert sum(n for p, n in web.site.requests.items() if p.startswith("/state/")) == 4


def test_a_feed_file_on_disk_is_sniffed_by_its_content(web: NewsWeb, tmp_path: Path) -> None:
    import urllib.request

    body = urllib.request.urlopen(web.full_feed, timeout=5).read()
    (tmp_path / "releases.txt.download").write_bytes(body)
    report = read(tmp_path / "releases.txt.download")
    assert len(report.articles) == 4


# --- duplicates -----------------------------------------------------------------------


def test_the_same_story_under_two_urls_is_read_once(web: NewsWeb) -> None:
    report = read(web.seed_pages[0], web.same_story_other_url)
    assert len(report.articles) == 1
    assert [f.how for f in report.folded] == ["same URL"]


@pytest.mark.parametrize(
    "url",
    [
        "HTTPS://Example.ORG/world/story/",
        "https://example.org/world/story?utm_source=rss&utm_campaign=x",
        "http://www.example.org/world/story#comments",
        "https://example.org:443/world/story",
    ],
)
def test_urls_are_normalised(url: str) -> None:
    assert normalize_url(url) == "https://example.org/world/story"


def test_urls_that_differ_stay_apart() -> None:
    assert normalize_url("https://example.org/story?id=1") != normalize_url(
        "https://example.org/story?id=2"
    )


def test_syndicated_text_is_read_once_and_its_outlets_counted(web: NewsWeb, tmp_path: Path) -> None:
    original = web.state_pages[1]
    code, stderr, data, markdown = build(tmp_path, original, *web.syndicated, web.seed_pages[0])
    assert code == 0, stderr
    assert len(data["sources"]) == 2
    syndicated = next(s for s in data["sources"] if s["url"] == original)
    assert syndicated["outlets"] == ["U.S. Department of State", "Partner Wire", "Capital Gazette"]
    items = data["bluf"] + [i for s in data["sections"] for i in s["items"]]
    counts = {i["outlets"] for i in items if i["sources"] == [syndicated["id"]]}
    assert counts == {3}
    assert "reported by 3 outlets (U.S. Department of State, Partner Wire, Capital Gazette)" in (
        markdown
    )
    assert "2 duplicates read once" in stderr


# --- --since --------------------------------------------------------------------------


def test_since_keeps_the_window_and_undated_articles(web: NewsWeb, tmp_path: Path) -> None:
    undated = tmp_path / "undated.html"
    story = seed_stories()[1]
    undated.write_text(page(story, with_metadata=False), encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = run(
        "build", *web.state_pages, str(undated), "--allow-private", "--date", "2022-05-25",
        "--since", "24h",
        "--output-dir", str(out), "--format", "json",
    )  # fmt: skip
    assert code == 0, stderr
    data = json.loads((out / "2022-05-25" / "brief.json").read_text())
    # Two of the State Department pages state no date (their feed entry does, but these
    # are read as pages): kept and flagged, like the undated file.
    assert sorted(((s["date"], s["undated"]) for s in data["sources"]), key=str) == [
        ("2022-05-24", False),
        (None, True),
        (None, True),
        (None, True),
    ]
    assert (
        "5 dated outside 2022-05-24..2022-05-25 left out, 3 undated kept" in stderr.splitlines()[-1]
    )


def test_since_a_date(web: NewsWeb) -> None:
    options = SourceOptions(
        since=dt.date(2022, 5, 1), until=dt.date(2022, 6, 1), allow_private=True
    )
    report = SourceReader(options).read(web.state_pages)
    dates = sorted(str(a.date) for a in report.articles)
    assert dates == ["2022-05-17", "2022-05-24", "None", "None"]
    assert (report.outside_window, report.undated) == (4, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("24h", "2026-11-22"), ("25h", "2026-11-21"), ("3d", "2026-11-20"), ("1w", "2026-11-16"),
     ("2026-11-01", "2026-11-01")],
)  # fmt: skip
def test_parse_since(text: str, expected: str) -> None:
    assert parse_since(text, dt.date(2026, 11, 23)).isoformat() == expected


def test_a_bad_since_is_an_error(seeds: Path, tmp_path: Path) -> None:
    code, _, stderr = run("build", str(seeds), "--since", "yesterday")
    assert code == 2  # a malformed option (tests/test_cli.py)
    assert "'yesterday' is not a window like 24h, 3d, 1w or a date YYYY-MM-DD" in stderr
    config = tmp_path / "briefer.toml"
    config.write_text('[sources]\nsince = "yesterday"\n', encoding="utf-8")
    code, _, stderr = run("build", str(seeds), "--config", str(config))
    assert (code, stderr) == (
        1,
        f"Error: {config}: 'sources.since': 'yesterday' is not a window like 24h, 3d, 1w or a "
        "date YYYY-MM-DD\n",
    )


# --- cache ----------------------------------------------------------------------------


def test_a_rerun_the_same_day_fetches_nothing_and_no_cache_fetches_again(
    web: NewsWeb, tmp_path: Path, private_cache: Path
) -> None:
    sources = [*web.seed_pages, web.summary_feed]
    assert build(tmp_path, *sources)[0] == 0
    first = sum(web.site.requests.values())
    assert first == 2 + 1 + 4
    code, stderr, data, _ = build(tmp_path, *sources)
    assert code == 0
    assert _no_age_warning(stderr) == (
        "read 6 articles from 3 sources, 0 requests, 7 from today's cache\n"
    )
    assert sum(web.site.requests.values()) == first  # all from the cache
    assert len(data["sources"]) == 6
    assert any((private_cache / "pages").iterdir())
    assert build(tmp_path, *sources, "--no-cache")[0] == 0
    assert sum(web.site.requests.values()) == 2 * first


def test_the_cache_folder_follows_platform_conventions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEFER_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    from platformdirs import user_cache_dir

    assert cache_folder() == Path(user_cache_dir("briefer", appauthor=False))
    assert cache_folder().name == "briefer"


# --- JSON Lines, files on disk, unknown kinds -----------------------------------------


def test_json_lines_with_a_bad_line(tmp_path: Path) -> None:
    lines = (DATA / "state-department.jsonl").read_text(encoding="utf-8").splitlines()
    lines[2:2] = ['{"title": "cut off', "[1, 2]"]
    path = tmp_path / "releases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = read(path)
    assert len(report.articles) == 8
    assert [(s.path, s.reason) for s in report.skipped] == [
        (f"{path}:3", "not JSON (Unterminated string starting at, column 11)"),
        (f"{path}:4", "not a JSON object"),
    ]
    first = report.articles[0]
    assert (first.source, first.date) == ("U.S. Department of State", dt.date(2022, 2, 4))
    assert (
        first.url
        == "https://www.state.gov/counselor-chollets-travel-to-bulgaria-romania-and-belgium/"
    )


def test_html_and_jsonl_files_in_a_folder_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.html").write_text(page(seed_stories()[0]), encoding="utf-8")
    shutil.copy(DATA / "state-department.jsonl", folder / "releases.jsonl")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    code, stderr, data, markdown = build(tmp_path, str(folder))
    assert code == 0, stderr
    assert len(data["sources"]) == 9
    assert leaks(markdown) == []


def test_an_unknown_kind_is_reported_and_skipped(web: NewsWeb, tmp_path: Path) -> None:
    image = web.site.add("/logo.png", Response(b"\x89PNG\r\n", content_type="image/png"))
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    report = read(image, tmp_path / "scan.pdf", web.seed_pages[0])
    assert [(s.path, s.reason) for s in report.skipped] == [
        (image, "unsupported content type 'image/png'"),
        (str(tmp_path / "scan.pdf"), "unsupported file type '.pdf'"),
    ]
    assert len(report.articles) == 1


def test_a_url_of_another_scheme_is_reported_and_skipped(web: NewsWeb) -> None:
    report = read("ftp://example.org/story.html", web.seed_pages[0])
    assert [(s.path, s.reason) for s in report.skipped] == [
        ("ftp://example.org/story.html", "unsupported URL scheme in 'ftp://example.org/story.html'")
    ]
    assert len(report.articles) == 1


# --- configuration, progress, logs ----------------------------------------------------


def test_urls_and_feeds_from_the_config(web: NewsWeb, tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    config.write_text(
        f'[sources]\nurls = ["{web.seed_pages[0]}"]\nfeeds = ["{web.full_feed}"]\n',
        encoding="utf-8",
    )
    code, stderr, data, _ = build(tmp_path, "--config", str(config))
    assert code == 0, stderr
    assert len(data["sources"]) == 5


def test_nothing_to_read_is_an_error(tmp_path: Path) -> None:
    code, _, stderr = run("build", "--output-dir", str(tmp_path))
    assert (code, stderr) == (
        1,
        "Error: Nothing to read: give files, folders or URLs, or [sources] urls\n",
    )


def test_an_unknown_sources_key_names_the_key_and_file(tmp_path: Path) -> None:
    config = tmp_path / "briefer.toml"
    config.write_text("[sources]\nurl = []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{config}: unknown key 'sources.url'"):
        from briefer.ingest.read import source_options

        source_options(load_config(config), dt.date(2026, 11, 23))


def test_verbose_shows_each_fetch_and_quiet_hides_the_summary(web: NewsWeb, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    result = CliRunner().invoke(
        main,
        ["-v", "build", web.seed_pages[0], "--allow-private", "--date", DATE, "--output-dir", out],
    )
    assert f"info: fetched {web.seed_pages[0]} (" in result.stderr
    assert "reading sources" not in result.stderr  # no progress bar off a terminal
    code, _, stderr = run(
        "build",
        web.seed_pages[0],
        "--allow-private",
        "--quiet",
        "--date",
        DATE,
        "--output-dir",
        out,
    )
    assert (code, stderr) == (0, "")


@pytest.mark.slow  # two builds in new processes on a pseudo-terminal: ~7 s
def test_a_progress_bar_is_drawn_on_a_terminal(web: NewsWeb, tmp_path: Path) -> None:
    """A real pseudo-terminal as stderr: the bar is drawn there, and not with --quiet."""
    pty = pytest.importorskip("pty")
    import os
    import subprocess
    import sys

    def stderr_on_a_terminal(*extra: str) -> str:
        primary, secondary = pty.openpty()
        command = [sys.executable, "-m", "briefer.cli", "build", "--allow-private"]
        command += [*web.seed_pages, web.full_feed]
        process = subprocess.run(
            [*command, *extra, "--date", DATE, "--output-dir", str(tmp_path), "--format", "json"],
            stderr=secondary,
            stdout=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )
        os.close(secondary)
        output = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        os.close(primary)
        assert process.returncode == 0, output
        return output.decode("utf-8", errors="replace")

    drawn = stderr_on_a_terminal("--no-cache")
    assert "reading sources" in drawn
    assert "3/3" in drawn
    assert "read 6 articles from 3 sources" in drawn
    quiet = stderr_on_a_terminal("--no-cache", "--quiet")
    assert "reading sources" not in quiet
    assert "read 6 articles" not in quiet


def test_near_identical_text_is_one_story_and_different_stories_stay_apart() -> None:
    from web_fixtures import state_department_stories

    from briefer.ingest.dedupe import fold_duplicates
    from briefer.model import Article

    stories = state_department_stories()

    def article(number: int, paragraphs: tuple[str, ...], outlet: str) -> Article:
        return Article(
            id=f"a{number}", title="t", date=None, path=f"p{number}",
            paragraphs=paragraphs, source=outlet,
        )  # fmt: skip

    original = stories[1].paragraphs
    rewrapped = ("WASHINGTON (Wire) — Released by the State Department.", *original,
                 "Copyright 2022 Wire. Reporting by staff.")  # fmt: skip
    kept, folded = fold_duplicates(
        [
            article(1, original, "U.S. Department of State"),
            article(2, stories[2].paragraphs, "U.S. Department of State"),
            article(3, rewrapped, "Wire"),
            article(4, stories[4].paragraphs, "U.S. Department of State"),
        ]
    )
    assert [a.id for a in kept] == ["a1", "a2", "a4"]
    assert [(f.location, f.kept_id, f.how) for f in folded] == [("p3", "a1", "same text")]
    assert kept[0].outlets == ("U.S. Department of State", "Wire")


def test_cache_folders_of_past_days_are_removed(private_cache: Path) -> None:
    from briefer.ingest.cache import PageCache
    from briefer.ingest.fetch import Page

    day = dt.date(2026, 11, 23)
    old = PageCache(private_cache, day - dt.timedelta(days=8))
    old.put(Page("https://example.org/a", "https://example.org/a", "text/html", None, b"<p>a</p>"))
    recent = PageCache(private_cache, day - dt.timedelta(days=1))
    recent.put(Page("https://example.org/b", "https://example.org/b", "text/html", None, b"b"))
    today = PageCache(private_cache, day)
    assert sorted(p.name for p in (private_cache / "pages").iterdir()) == ["2026-11-22"]
    assert today.get("https://example.org/b") is None  # yesterday's page is not today's
    assert recent.get("https://example.org/b") is not None


def test_summarize_reads_a_web_page_by_its_url(web: NewsWeb) -> None:
    result = CliRunner().invoke(
        main, ["summarize", web.seed_pages[0], "--allow-private", "--sentences", "3"]
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    story = seed_stories()[0].text
    assert len(lines) == 3
    assert [story.index(line) for line in lines] == sorted(story.index(line) for line in lines)


def test_summarize_refuses_a_feed_of_several_articles(web: NewsWeb) -> None:
    result = CliRunner().invoke(main, ["summarize", web.full_feed, "--allow-private"])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {web.full_feed} holds 4 articles; summarize reads one (try build)\n"
    )


def test_the_timeout_bounds_the_whole_download_not_each_read(web: NewsWeb) -> None:
    """A server sending a byte every 0.1 s never trips a per-read timeout of 2 s."""
    body = page(seed_stories()[0]).encode()
    url = web.site.add("/drip.html", Response(body, drip=0.1))  # about 10 minutes in all
    started = time.monotonic()
    report = read(url)
    assert time.monotonic() - started < 4
    assert [s.reason for s in report.skipped] == ["timed out after 2s"]


def test_an_outlet_that_only_repeats_the_page_title_is_dropped() -> None:
    from briefer.ingest.html import article_from_html
    from briefer.render.context import source_view

    story = seed_stories()[0]
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    html = (
        f'<html><head><title>{story.title}</title><meta name="application-name" '
        f'content="{story.title}"></head><body><article>{body}</article></body></html>'
    )
    url = "https://news.example.org/world/talks.html"
    article = article_from_html(html, url, url=url)
    assert article.title == story.title
    assert article.source == "news.example.org"  # the host, not the title again
    from dataclasses import replace

    from briefer.model import Source

    same = replace(article, source=story.title.upper())
    assert source_view(Source(1, same)).publisher is None
    assert source_view(Source(1, article)).publisher == "news.example.org"
