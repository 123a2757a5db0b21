"""The conventions of an intelligence brief, read from the ``[document]`` table.

A handling banner, a date-time group, an information cut-off line, a Bottom
Line Up Front box, numbered sections, superscript citations, page numbers and
running section titles: each is on by default and can be turned off (or, for
the banner and the date-time group, given other text) in TOML. The templates
receive these settings as ``document``; nothing here renders anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial
from typing import Any

from briefer.config import Config

# HHMM and a military time-zone letter (Z for UTC; J, "local time", is not used in a DTG).
_DTG_TIME = re.compile(r"^(?:[01]\d|2[0-3])[0-5]\d[A-IK-Z]$")
# Month abbreviations of a date-time group, whatever the locale.
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@dataclass(frozen=True)
class DocumentSettings:
    """How the brief presents itself; the defaults are the conventions readers expect."""

    banner: str = "UNCLASSIFIED // OPEN SOURCE"  # "" for no banner
    dtg_time: str = "0800Z"  # time of the date-time group; "" for no date-time group
    cutoff: bool = True  # the "Information cut-off" line (newest source's date)
    bluf_box: bool = True  # the Bottom Line Up Front in a box
    numbered_sections: bool = True
    superscript_citations: bool = True
    page_numbers: bool = True  # "Page X of Y" on every PDF page
    running_titles: bool = True  # the current section's title in the PDF page header
    citations: int = 3  # sources cited on a line of the brief, "+N more" for the rest; 0: all


_TYPES: dict[str, type] = {f.name: type(f.default) for f in fields(DocumentSettings)}


def document_settings(config: Config) -> DocumentSettings:
    """Check the merged ``[document]`` table and turn it into settings.

    Errors name the key and the file it came from, as the rest of the
    configuration does.
    """
    table = config.read_table("document", _TYPES)
    read: dict[type, Callable[..., Any]] = {
        bool: table.boolean,
        int: partial(table.integer, minimum=0),
        str: table.text,
    }
    values: dict[str, Any] = {
        key: read[kind](key, kind()) for key, kind in _TYPES.items() if key in table.values
    }
    settings = DocumentSettings(**values)
    if settings.dtg_time and not _DTG_TIME.match(settings.dtg_time):
        raise table.error(
            "dtg_time",
            f"must be HHMM and a time-zone letter, such as 0800Z (got {settings.dtg_time!r})",
        )
    return settings


def date_time_group(day: dt.date, time: str) -> str:
    """The military date-time group: 23 November 2026 at 0800Z is ``230800Z NOV 26``.

    Built from the brief's date and a configured time, never from the clock,
    so the same inputs always give the same document.
    """
    return f"{day.day:02d}{time} {_MONTHS[day.month - 1]} {day.year % 100:02d}"
