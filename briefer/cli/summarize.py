"""``briefer summarize``: the key sentences of one article."""

from __future__ import annotations

from pathlib import Path

import click

from briefer.cli.options import (
    allow_private_option,
    config_option,
    method_option,
    sentences_option,
    user_errors,
)


@click.command()
@click.argument("source")
@method_option
@sentences_option("Sentences to print (default from config: [brief] sentences, 3).")
@config_option()
@allow_private_option
def summarize(
    source: str,
    method: str | None,
    sentences: int | None,
    config_path: Path | None,
    allow_private: bool,
) -> None:
    """Print the key sentences of one article, in article order.

    SOURCE is a .txt, .md or .html file, or the URL of a page.
    """
    import datetime as dt
    from dataclasses import replace

    from briefer.compose.select import summarize as choose
    from briefer.config import load_config
    from briefer.errors import InputError
    from briefer.ingest.read import SourceReader, allowing_private, source_options
    from briefer.text.sentences import segment_article
    from briefer.topics import TermMatcher

    with user_errors():
        if "://" not in source and not Path(source).is_file():
            raise InputError(f"No such file: {source}")
        config = load_config(config_path).with_overrides(method=method, sentences=sentences)
        config = allowing_private(config, allow_private)
        options = replace(source_options(config, dt.date.today()), urls=(), feeds=(), since=None)
        report = SourceReader(options).read([source])
        if report.skipped:
            raise InputError(f"{source}: {report.skipped[0].reason}")
        if len(report.articles) != 1:
            count = len(report.articles)
            raise InputError(f"{source} holds {count} articles; summarize reads one (try build)")
        article_sentences = segment_article(report.articles[0])
        all_terms = TermMatcher([term for topic in config.topics for term in topic.terms])
        for sentence in choose(config.method, article_sentences, config.sentences, all_terms):
            click.echo(sentence.text)
