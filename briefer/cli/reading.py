"""The command line's side of reading sources: the progress bar and the summary line."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

import click


class ProgressBar:
    """A click progress bar on stderr, drawn only on a terminal and only when not quiet.

    The library reports (done, total, source) after each source; the bar is
    created on the first report, when the total is known.
    """

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self._bar: Any = None
        self._done = 0

    def __call__(self, done: int, total: int, source: str) -> None:
        if not self.enabled or total < 2:
            return
        if self._bar is None:
            self._bar = click.progressbar(
                length=total, label="reading sources", file=sys.stderr, show_pos=True
            )
            self._bar.__enter__()
        self._bar.update(done - self._done, current_item=source)
        self._done = done

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)
