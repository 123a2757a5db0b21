"""The outlook as an iCalendar file (RFC 5545): ``brief.ics``, one VEVENT per upcoming event.

An analyst's calendar is where upcoming visits belong, so ``--format ics`` writes the
outlook's dated, upcoming rows as all-day events at the granularity the articles give: a day,
a range of days, a whole month ("next month"), a whole year. Undated events have no place on
a calendar, and events whose date has passed are history, not outlook: both are left out.

The file is written here, by hand, rather than through the ``icalendar`` package: it is a few
dozen lines of a plain-text format (escaping, 75-octet folding, CRLF), the output must be
byte-for-byte the same for the same brief, and a runtime dependency for that would be one
more thing to install on every machine that only builds PDFs. The tests read every file back
with ``icalendar`` to prove it valid.

Each event's UID is derived from what, who, where and when, never from the brief's date, so
the same event announced again in tomorrow's brief updates the calendar entry instead of
adding a second one; DTSTAMP is the brief's date, so the newer brief wins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from briefer import __version__
from briefer.compose.outlook import PASSED
from briefer.model import Brief, Event, Item
from briefer.text.dates import describe_when, when_bounds

CRLF = "\r\n"
#: RFC 5545 3.1: lines longer than 75 octets are folded.
MAX_LINE_OCTETS = 75
PRODUCT_ID = f"-//briefer//briefer {__version__}//EN"


def outlook_events(brief: Brief) -> list[tuple[Item, Event, dt.date, dt.date]]:
    """The brief's dated, upcoming outlook rows with their first and last day, in date order."""
    rows = []
    seen: set[str] = set()
    for section in brief.sections:
        for item in section.items:
            event = item.event
            if event is None or event.status == PASSED:
                continue
            bounds = when_bounds(event.when)
            if bounds is None or bounds[1] < brief.date:
                continue
            uid = event_uid(event)
            if uid not in seen:
                seen.add(uid)
                rows.append((item, event, bounds[0], bounds[1]))
    return sorted(rows, key=lambda row: (row[2], row[3]))


def event_uid(event: Event) -> str:
    """A UID that stays the same for the same event, whichever day's brief reports it."""
    key = json.dumps(
        [
            " ".join(event.what.casefold().split()),
            sorted(name.casefold() for name in event.who),
            (event.where or "").casefold(),
            event.when,
        ],
        ensure_ascii=False,
    )
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@briefer"


def render_ics(brief: Brief) -> str:
    """The iCalendar text (CRLF line ends, folded lines) of the brief's outlook."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(brief.title + ' — outlook')}",
    ]
    stamp = f"{brief.date:%Y%m%d}T000000Z"
    for item, event, first, last in outlook_events(brief):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event_uid(event)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",  # exclusive
            f"SUMMARY:{escape_text(summary(event))}",
        ]
        if event.where:
            lines.append(f"LOCATION:{escape_text(event.where)}")
        lines += [
            f"DESCRIPTION:{escape_text(description(brief, item, event))}",
            f"STATUS:{'TENTATIVE' if event.status == 'expected' else 'CONFIRMED'}",
            "TRANSP:TRANSPARENT",  # an event one reads about, not time one is busy
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def summary(event: Event) -> str:
    """What, then who: "third Belt and Road Forum — Wang Yi, Sergei Lavrov"."""
    what = event.what[:1].upper() + event.what[1:]
    return f"{what} — {', '.join(event.who)}" if event.who else what


def description(brief: Brief, item: Item, event: Event) -> str:
    """The sentence that announced it, the date as the article said it, and the sources."""
    when = describe_when(event.when) or ""
    if event.when_text:
        when += f" (“{event.when_text}”)"
    numbers = {source.id: source for source in brief.sources}
    sources = []
    for source_id in item.source_ids:
        source = numbers[source_id]
        article = source.article
        facts = [article.source, article.date.isoformat() if article.date else "undated"]
        where = article.url or str(article.path)
        sources.append(
            f"[{source.number}] {article.title} ({', '.join(f for f in facts if f)}) {where}"
        )
    return "\n".join(
        [
            item.text,
            "",
            f"When: {when}",
            f"Status: {event.status}",
            f"From {brief.title}, {brief.date.isoformat()}. Sources:",
            *sources,
        ]
    )


def escape_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = MAX_LINE_OCTETS if not parts else MAX_LINE_OCTETS - 1  # the leading space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)
