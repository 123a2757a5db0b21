"""Options several commands share, defined once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

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


def allow_private_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--allow-private``: read loopback and intranet servers too ([sources] allow_private)."""
    return click.option(
        "--allow-private",
        is_flag=True,
        help="Also connect to loopback and private-network addresses (cloud metadata: never).",
    )(function)
