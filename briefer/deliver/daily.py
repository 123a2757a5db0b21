"""``briefer daily``: build today's brief from the configured sources and email it once.

A run that sends writes ``sent.json`` beside the brief (what was sent, to
whom, when, the message id). A second run the same day finds it and sends
nothing, so a timer that fires twice, or a user who runs it by hand after
cron did, never mails the brief twice. ``force`` sends again (and adds to the
record). A failed send writes no record, so running again retries. A lock
file keeps two runs for the same day from sending at the same moment.

Just before the message goes out (before DATA) ``pending.json`` is written
(message id, recipients, date). It is replaced by the entry in ``sent.json``
once the server has accepted the message, and removed when the server
refused it. A run killed in between (or a send whose answer never came)
leaves it behind: the server may have the message, so the next run does not
send again but says so and stops; ``force`` sends anyway.

A daily brief reads only the articles of ``[daily] since`` (default ``2d``: the
brief's day and the two before it), and is compared with the newest earlier
day's brief in the output folder (``briefer.compose.previous``): facts it
already reported are marked, or left out.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from briefer.compose.previous import find_previous, summary_line
from briefer.compose.timeline import stale_warning, timeline_options
from briefer.config import Config
from briefer.config.document import document_settings
from briefer.config.email import email_settings, read_password
from briefer.config.files import locked_folder, write_atomically
from briefer.config.table import USER_FILE
from briefer.deliver.smtp import Delivery, UncertainDelivery, send_brief
from briefer.errors import ConfigError, DeliveryError, InputError
from briefer.ingest.read import SOURCES_KEYS, SourceReader, parse_since, source_options
from briefer.model import Brief, Skipped
from briefer.pipeline import build_brief
from briefer.render import FORMATS, write_brief

log = logging.getLogger(__name__)

RECORD_NAME = "sent.json"
PENDING_NAME = "pending.json"
RECORD_VERSION = 1
DAILY_KEYS = ("since",)
#: The window a daily brief reads when ``[daily] since`` is not set.
DEFAULT_DAILY_SINCE = "2d"


@dataclass(frozen=True)
class DailyResult:
    """What a daily run did: ``status`` is ``sent``, ``already-sent`` or ``dry-run``."""

    status: str
    folder: Path
    record: dict[str, Any] | None = None  # the latest send, for sent and already-sent
    eml: Path | None = None  # for dry-run
    skipped: tuple[Skipped, ...] = ()
    # For stderr, as `briefer build` prints them: what was read (and repeated), and a warning
    # when even the newest article is old.
    summary: str | None = None
    warning: str | None = None


def source_paths(config: Config) -> list[Path]:
    """``[sources] paths``, relative to the file that set them.

    Empty is fine when ``urls`` or ``feeds`` are set: the build reads those itself.
    """
    table = config.read_table("sources", SOURCES_KEYS)
    paths = table.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        raise table.error("paths", "must be a list of file or folder paths")
    if not paths and not (table.get("urls", []) or table.get("feeds", []) or table.get("opml", [])):
        where = USER_FILE if table.folder is None else table.source
        raise ConfigError(
            f"no sources configured: set paths, urls, feeds or opml under [sources] in {where}"
        )
    resolved = [Path(p).expanduser() for p in paths]
    return [p if p.is_absolute() or table.folder is None else table.folder / p for p in resolved]


def daily_since(config: Config, date: dt.date) -> str | None:
    """``[daily] since``: the window of a daily brief; None (from "") leaves ``[sources] since``."""
    table = config.read_table("daily", DAILY_KEYS)
    since = table.text("since", DEFAULT_DAILY_SINCE)
    if not since:
        return None
    try:
        parse_since(since, date)
    except ValueError as error:
        raise table.error("since", f"is wrong: {error}") from None
    return since


def _build(
    config: Config, paths: list[Path], date: dt.date, folder: Path
) -> tuple[Brief, DailyResult]:
    """The day's brief, written, compared with the newest earlier brief; what to report."""
    since = daily_since(config, date)
    reader = SourceReader(source_options(config, date, since=since))
    previous = find_previous(config.output_dir, date)
    try:
        brief = build_brief(paths, date, config, reader=reader, previous=previous)
    except InputError as error:
        report = reader.last_report
        if report is None or not report.outside_window:
            raise
        raise InputError(
            f"{error}: {report.outside_window} dated outside the daily window "
            f'{report.since}..{date} ([daily] since = {since!r}; "" reads every date)'
        ) from None
    report = reader.last_report
    summary = summary_line(report.summary() if report else None, brief.previous)
    articles = report.articles if report else ()
    return brief, DailyResult(
        "built", folder, skipped=tuple(brief.skipped), summary=summary,
        warning=stale_warning(articles, date, timeline_options(config)),
    )  # fmt: skip


def read_record(folder: Path) -> dict[str, Any] | None:
    """The day's ``sent.json``, or None when nothing was sent yet."""
    path = folder / RECORD_NAME
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        sends = record["sends"]
    except (ValueError, KeyError, TypeError) as error:
        raise DeliveryError(f"{path} is damaged ({error}); remove it to send again") from error
    return record if sends else None


def read_pending(folder: Path, record: dict[str, Any] | None) -> dict[str, Any] | None:
    """The day's ``pending.json``: a send that began and was never confirmed, or None.

    One whose message id ``sent.json`` already holds was confirmed (the run
    stopped between the two writes) and is removed.
    """
    path = folder / PENDING_NAME
    if not path.is_file():
        return None
    try:
        pending = json.loads(path.read_text(encoding="utf-8"))
        message_id = pending["message_id"]
    except (ValueError, KeyError, TypeError) as error:
        raise DeliveryError(
            f"{path} is damaged ({error}): a send of this brief began and was never "
            "confirmed; check whether it arrived, then run with --force to send it again"
        ) from error
    if record is not None and message_id in {send.get("message_id") for send in record["sends"]}:
        _remove_pending(folder)
        return None
    return dict(pending)


def pending_message(pending: dict[str, Any], folder: Path) -> str:
    """One line saying why nothing is sent, and what to do."""
    recipients = ", ".join(pending.get("recipients", [])) or "?"
    return (
        f"the {folder.name} brief may already have been sent: a send to {recipients} "
        f"(message id {pending.get('message_id')}) began at {pending.get('started_at')} "
        f"and was never confirmed ({folder / PENDING_NAME}); check whether it arrived, "
        "then run briefer daily --force to send it again"
    )


def run_daily(
    config: Config,
    date: dt.date,
    sent_at: dt.datetime,
    *,
    force: bool = False,
    dry_run: bool = False,
    environ: Mapping[str, str] = os.environ,
) -> DailyResult:
    """Build the brief for ``date`` from ``[sources]`` and email it, unless already sent."""
    # A bad [email] table or a missing password fails before any building.
    settings = email_settings(config)
    document = document_settings(config)
    daily_since(config, date)  # a bad [daily] since too
    if not dry_run:
        read_password(settings, environ)
    paths = source_paths(config)
    folder = config.output_dir / date.isoformat()
    with _day_lock(folder):
        record = read_record(folder)
        if record is not None and not force:
            return DailyResult("already-sent", folder, record=record["sends"][-1])
        pending = read_pending(folder, record)
        if pending is not None and not force:
            raise DeliveryError(pending_message(pending, folder))
        brief, built = _build(config, paths, date, folder)
        formats = (*FORMATS, "ics") if settings.attach_ics else FORMATS
        write_brief(brief, config.output_dir, formats, config.templates, document)
        if dry_run:
            _, eml = send_brief(folder, config, sent_at, dry_run=True, environ=environ)
            assert isinstance(eml, Path)
            return replace(built, status="dry-run", eml=eml)
        entry = _send_once_recorded(folder, date, record, config, sent_at, environ)
    return replace(built, status="sent", record=entry)


class _NotRecorded(DeliveryError):
    """The server accepted the brief but ``sent.json`` could not be written."""


def _send_once_recorded(
    folder: Path,
    date: dt.date,
    record: dict[str, Any] | None,
    config: Config,
    sent_at: dt.datetime,
    environ: Mapping[str, str],
) -> dict[str, Any]:
    """Send with ``pending.json`` written before DATA; return the ``sent.json`` entry.

    The entry is written as soon as the server has answered the message with
    250, before QUIT, and then ``pending.json`` is removed.
    """
    entries: list[dict[str, Any]] = []

    def before_data(message: EmailMessage) -> None:
        _write_pending(folder, date, message, sent_at)

    def on_accepted(message: EmailMessage, outcome: Delivery) -> None:
        entry = _record_entry(message, outcome, sent_at)
        try:
            _append_record(folder, date, record, entry)
        except OSError as error:
            raise _NotRecorded(
                f"the brief was delivered but {folder / RECORD_NAME} could not be written "
                f"({error.strerror}); {PENDING_NAME} stays, so it is not sent again"
            ) from error
        _remove_pending(folder)
        entries.append(entry)

    try:
        send_brief(
            folder,
            config,
            sent_at,
            environ=environ,
            before_data=before_data,
            on_accepted=on_accepted,
        )
    except _NotRecorded:
        raise
    except UncertainDelivery as error:  # the server may have it: pending.json stays
        raise DeliveryError(
            f"{error}; check whether it arrived, then run briefer daily --force to send it again"
        ) from error
    except DeliveryError:  # refused or never sent: nothing is pending
        _remove_pending(folder)
        raise
    return entries[-1]


def _write_pending(
    folder: Path, date: dt.date, message: EmailMessage, sent_at: dt.datetime
) -> None:
    data = {
        "version": RECORD_VERSION,
        "date": date.isoformat(),
        "message_id": str(message["Message-ID"]),
        "recipients": _recipients(message),
        "started_at": sent_at.isoformat(timespec="seconds"),
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        with locked_folder(folder.parent):
            write_atomically(folder / PENDING_NAME, text.encode("utf-8"))
    except OSError as error:
        raise DeliveryError(
            f"cannot write {folder / PENDING_NAME} ({error.strerror}), so the brief was not sent"
        ) from error


def _recipients(message: EmailMessage) -> list[str]:
    """The To header's addresses, as ``sent.json`` lists them."""
    header = message["To"]
    addresses = getattr(header, "addresses", None)
    if addresses is None:
        return [str(header)]
    return [str(address) for address in addresses]


def _remove_pending(folder: Path) -> None:
    """Remove ``pending.json``; if that fails, the next run errs on the safe side (no resend)."""
    try:
        with locked_folder(folder.parent):
            (folder / PENDING_NAME).unlink(missing_ok=True)
    except OSError as error:
        log.warning("cannot remove %s: %s", folder / PENDING_NAME, error.strerror)


def _record_entry(message: EmailMessage, outcome: Delivery, sent_at: dt.datetime) -> dict[str, Any]:
    """One send as ``sent.json`` keeps it."""
    return {
        "sent_at": sent_at.isoformat(timespec="seconds"),
        "message_id": outcome.message_id,
        "subject": str(message["Subject"]),
        "sender": outcome.sender,
        "recipients": list(outcome.recipients),
        "refused": outcome.refused,
        "attempts": outcome.attempts,
    }


def _append_record(
    folder: Path, date: dt.date, record: dict[str, Any] | None, entry: dict[str, Any]
) -> None:
    sends = [*(record["sends"] if record else []), entry]
    data = {"version": RECORD_VERSION, "date": date.isoformat(), "sends": sends}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    with locked_folder(folder.parent):  # not while a build swaps the folder's files
        write_atomically(folder / RECORD_NAME, text.encode("utf-8"))


@contextmanager
def _day_lock(folder: Path) -> Iterator[None]:
    """Hold ``.daily.lock`` in the day's folder; a second run waiting for it fails at once."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".daily.lock", "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DeliveryError(
                f"another briefer daily is running for {folder.name}; try again later"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
