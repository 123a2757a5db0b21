"""An article's stated date, or no date: an impossible or extreme one is no date.

A source may state any date at all: ``2023-13-45`` (no such day), ``9999-12-31`` or
``0001-01-01`` (real days, but "next month" or "on Saturday" from them leaves the
calendar). Such an article is read undated, as if it stated none, and the reason is one
warning line naming the source and what it stated; the build goes on. Dates from
``EARLIEST`` to ``LATEST`` are kept, which leaves centuries of room around any news.
"""

from __future__ import annotations

import datetime as dt
import logging

log = logging.getLogger(__name__)

#: The earliest date an article may state and keep.
EARLIEST = dt.date(1800, 1, 1)
#: The latest date an article may state and keep.
LATEST = dt.date(2199, 12, 31)


def checked_date(where: str, stated: object, date: dt.date | None) -> dt.date | None:
    """``date`` (what ``stated`` was read as) if it is a usable date, else None and a warning.

    ``date`` is None when ``stated`` could not be read as a date at all; nothing stated
    (None or blank) is simply no date, without a warning.
    """
    if stated is None or (isinstance(stated, str) and not stated.strip()):
        return date
    if date is None:
        reason = "not a date"
    elif not EARLIEST <= date <= LATEST:
        reason = f"outside {EARLIEST.year}-{LATEST.year}"
    else:
        return date
    shown = " ".join(str(stated).split())[:60]
    log.warning("%s: date %r is %s; read as undated", where, shown, reason)
    return None
