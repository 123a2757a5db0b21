"""Time per article read, by kind of source, and boilerplate that leaks into the text.

Usage: python benchmarks/read_speed.py [--rounds N]

Serves news pages on loopback (tests/web_fixtures.py: the seeds and State
Department releases, plus the CNN/DailyMail and BBC evaluation articles when
../shared/eval-dev is present, each wrapped in navigation, a cookie banner, a
subscribe box inside the story, related links, comments and a footer) and
reads the same articles as: .txt files (the baseline), .html files, URLs
fetched over HTTP, URLs from today's cache, an RSS feed with full text, and
JSON Lines. Prints milliseconds per article and the ratio to the .txt baseline
measured in the same run, then the boilerplate figures: furniture strings
found in the extracted articles and in briefs built from them, and the share
of the original sentences that survived extraction.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from web_fixtures import (  # noqa: E402
    FURNITURE,
    Response,
    Site,
    Story,
    build_news_web,
    leaks,
    page,
    rss,
    seed_stories,
    serve,
    state_department_stories,
)

from briefer.ingest.read import ReadReport, SourceOptions, SourceReader  # noqa: E402
from briefer.pipeline import build_brief  # noqa: E402
from briefer.render import render_markdown  # noqa: E402
from briefer.text.sentences import split_sentences  # noqa: E402

EVAL_DEV = ROOT.parent / "shared" / "eval-dev"
DAY = dt.date(2026, 11, 23)


def eval_stories() -> list[Story]:
    """CNN/DailyMail and BBC articles as stories (read from eval-dev, never copied)."""
    stories: list[Story] = []
    for name in ("cnndm-dev.jsonl", "bbc-news-summary.jsonl"):
        path = EVAL_DEV / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            paragraphs = [p.strip() for p in record["text"].split("\n") if p.strip()]
            if len(paragraphs) == 1:  # CNN/DM text is one block: three sentences a paragraph
                sentences = split_sentences(paragraphs[0])
                paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
            title = record.get("title") or split_sentences(paragraphs[0])[0][:90]
            if len(paragraphs) > 1 and paragraphs[0] == title:
                paragraphs = paragraphs[1:]
            stories.append(
                Story(
                    slug=record["id"],
                    title=title,
                    date=DAY,
                    paragraphs=tuple(paragraphs),
                    outlet="Eval News",
                    author="Eval Reporter",
                )
            )
    return stories


def timed(label: str, count: int, rounds: int, run: Callable[[], ReadReport]) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        report = run()
        best = min(best, time.perf_counter() - started)
    if len(report.articles) != count:
        print(f"  warning: {label}: {len(report.articles)} of {count} articles read")
    return best / count * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    stories = [*seed_stories(), *state_department_stories(), *eval_stories()]
    count = len(stories)
    print(f"{count} articles ({len(stories) - 10} from eval-dev), best of {args.rounds} rounds")
    with tempfile.TemporaryDirectory() as temporary, serve(Site()) as site:
        folder = Path(temporary)
        txt, html_dir = folder / "txt", folder / "html"
        txt.mkdir()
        html_dir.mkdir()
        urls = []
        for number, story in enumerate(stories):
            name = f"{number:03d}"
            (txt / f"{name}.txt").write_text(
                f"---\ntitle: {story.title}\n---\n\n" + story.text, encoding="utf-8"
            )
            (html_dir / f"{name}.html").write_text(page(story), encoding="utf-8")
            urls.append(site.add(f"/bench/{name}.html", Response(page(story).encode("utf-8"))))
        # The same pages behind a server that takes 50 ms to answer, as real ones do.
        latent = [
            site.add(f"/latent/{n:03d}.html", Response(page(story).encode("utf-8"), delay=0.05))
            for n, story in enumerate(stories[:40])
        ]
        feed = site.add(
            "/bench/all.rss",
            Response(
                rss(
                    "Bench", site.base, [(s, u, True) for s, u in zip(stories, urls, strict=True)]
                ).encode("utf-8"),
                content_type="application/rss+xml",
            ),
        )
        jsonl = folder / "all.jsonl"
        jsonl.write_text(
            "".join(
                json.dumps({"title": s.title, "date": str(s.date), "text": s.text}) + "\n"
                for s in stories
            ),
            encoding="utf-8",
        )
        cache_dir = folder / "cache"

        def reader(cache: bool, workers: int = 8) -> SourceReader:
            options = SourceOptions(
                cache_folder=cache_dir if cache else None,
                cache_day=DAY,
                workers=workers,
                allow_private=True,  # the news web is on loopback
            )
            return SourceReader(options)

        # Warm-up: imports (trafilatura, lxml, feedparser, NLTK) are not per-article costs.
        reader(False).read([txt, html_dir / "000.html", urls[0]])
        baseline = timed(".txt", count, args.rounds, lambda: reader(False).read([txt]))
        rows = [
            (".txt files (baseline)", baseline),
            (
                ".html files",
                timed(".html", count, args.rounds, lambda: reader(False).read([html_dir])),
            ),
            ("URLs over HTTP", timed("URLs", count, args.rounds, lambda: reader(False).read(urls))),
            (
                "URLs, one at a time",
                timed("URLs", count, args.rounds, lambda: reader(False, workers=1).read(urls)),
            ),
            (
                "50 ms server, 8 at once",
                timed("latent", 40, args.rounds, lambda: reader(False).read(latent)),
            ),
            (
                "50 ms server, one at a time",
                timed("latent", 40, args.rounds, lambda: reader(False, workers=1).read(latent)),
            ),
        ]
        reader(True).read(urls)  # fill today's cache
        rows.append(
            (
                "URLs from the cache",
                timed("cache", count, args.rounds, lambda: reader(True).read(urls)),
            )
        )
        rows.append(
            ("RSS, full text", timed("rss", count, args.rounds, lambda: reader(False).read([feed])))
        )
        rows.append(
            ("JSON Lines", timed("jsonl", count, args.rounds, lambda: reader(False).read([jsonl])))
        )
        print(f"\n{'source kind':<28}{'ms/article':>12}{'x .txt':>9}")
        for label, ms in rows:
            print(f"{label:<28}{ms:>12.2f}{ms / baseline:>9.1f}")

        # Boilerplate: furniture in what was extracted, and sentences that survived.
        report = reader(False).read(urls)
        by_url = {a.url: a for a in report.articles}
        leaked_articles = kept = total = 0
        for story, url in zip(stories, urls, strict=True):
            article = by_url.get(url)
            text = " ".join(article.text.split()) if article else ""
            # A few articles quote such words themselves ("Advertisement" in a scraped
            # Daily Mail text): only furniture the story itself does not contain counts.
            own = set(leaks(story.title + "\n" + story.text))
            found = set(leaks(article.title + "\n" + article.text)) if article else set()
            leaked_articles += len(found - own)
            for sentence in split_sentences(story.text):
                total += 1
                kept += " ".join(sentence.split()) in text
        print(f"\nfurniture strings checked per page: {len(FURNITURE)}")
        print(
            f"furniture found in {len(report.articles)} extracted articles: {leaked_articles} "
            f"(article-text sentences kept: {kept}/{total} = {kept / total:.3f})"
        )

        # Briefs: the test fixture web (pages, feeds, redirect, encodings, duplicates), and
        # one brief per 25 pages of the larger set.
        web = build_news_web(site)
        fixture_inputs = [
            *web.seed_pages, web.full_feed, web.summary_feed, web.redirect, web.windows_1252,
            web.undeclared_utf8, web.same_story_other_url, *web.syndicated,
        ]  # fmt: skip
        briefs = [fixture_inputs] + [urls[i : i + 25] for i in range(0, len(urls), 25)]
        everything = "\n".join(s.title + "\n" + s.text for s in stories)
        in_stories = set(leaks(everything))
        leaked_briefs = 0
        for inputs in briefs:
            brief = build_brief(inputs, DAY, reader=reader(True))
            leaked_briefs += len(set(leaks(render_markdown(brief))) - in_stories)
        print(f"furniture found in {len(briefs)} briefs (Markdown): {leaked_briefs}")


if __name__ == "__main__":
    main()
