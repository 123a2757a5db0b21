"""The ``briefer`` command: a thin layer over the library.

Each command parses options, calls one library function, and turns
``BrieferError`` into a one-line ``Error: ...`` with exit code 1. Heavy
imports (NLTK, sumy, WeasyPrint) happen inside the commands, so ``--help``
answers at once.
"""

from __future__ import annotations

import sys

import click

from briefer import __version__
from briefer.cli.build import build
from briefer.cli.eval import eval_command
from briefer.cli.mail import daily, send
from briefer.cli.summarize import summarize
from briefer.cli.templates import templates


def _configure_logging(verbose: bool) -> None:
    import logging  # here, not at the top: ``briefer --help`` logs nothing (6 ms of start-up)

    class _OneLineHandler(logging.Handler):
        """Library warnings (a skipped article, say) as one plain line on stderr."""

        def emit(self, record: logging.LogRecord) -> None:
            click.echo(f"{record.levelname.lower()}: {record.getMessage()}", err=True)

    logger = logging.getLogger("briefer")
    logger.handlers[:] = [_OneLineHandler()]
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False


@click.group()
@click.version_option(__version__, prog_name="briefer")
@click.option("-v", "--verbose", is_flag=True, help="Show what each stage does.")
def main(verbose: bool) -> None:
    """Write a dated, intelligence-style brief from a day's news articles."""
    _configure_logging(verbose)


for command in (build, summarize, templates, send, daily, eval_command):
    main.add_command(command)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
