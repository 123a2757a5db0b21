"""Options several commands share, defined once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from briefer.rank import METHODS

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

CONFIG_HELP = "TOML configuration file (default: ./briefer.toml if present)."


def config_option(help: str = CONFIG_HELP) -> Decorator:
    """``--config FILE``, passed to the command as ``config_path``."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help=help,
    )


@contextmanager
def user_errors() -> Iterator[None]:
    """Show a ``BrieferError`` as one line and exit 1, with no traceback."""
    from briefer.errors import BrieferError

    try:
        yield
    except BrieferError as error:
        raise click.ClickException(str(error)) from error


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def method_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--method",
        type=click.Choice(METHODS),
        help="Method that ranks sentences (default from config: brief).",
    )(function)


SENTENCES_HELP = (
    "Supporting facts under each story's headline (default from config: 3); the outlook shows"
    " every dated event."
)


def sentences_option(help: str = SENTENCES_HELP) -> Decorator:
    """``--sentences N``; each command says what N counts."""
    return click.option("--sentences", type=click.IntRange(min=0), help=help)


def allow_private_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--allow-private``: read loopback and intranet servers too ([sources] allow_private)."""
    return click.option(
        "--allow-private",
        is_flag=True,
        help="Also connect to loopback and private-network addresses (cloud metadata: never).",
    )(function)
