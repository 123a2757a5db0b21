"""``briefer daily``: build today's brief from the configured sources and email it once.

A run that sends writes ``sent.json`` beside the brief (what was sent, to
whom, when, the message id). A second run the same day finds it and sends
nothing, so a timer that fires twice, or a user who runs it by hand after
cron did, never mails the brief twice. ``force`` sends again (and adds to the
record). A failed send writes no record, so running again retries. A lock
file keeps two runs for the same day from sending at the same moment.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from briefer.config import Config
from briefer.config.document import document_settings
from briefer.config.email import email_settings, read_password
from briefer.config.files import write_atomically
from briefer.config.table import USER_FILE
from briefer.deliver.smtp import Delivery, send_brief
from briefer.errors import ConfigError, DeliveryError
from briefer.ingest.read import SOURCES_KEYS
from briefer.model import Skipped
from briefer.pipeline import build_brief
from briefer.render import FORMATS, write_brief

log = logging.getLogger(__name__)

RECORD_NAME = "sent.json"
RECORD_VERSION = 1


@dataclass(frozen=True)
class DailyResult:
    """What a daily run did: ``status`` is ``sent``, ``already-sent`` or ``dry-run``."""

    status: str
    folder: Path
    record: dict[str, Any] | None = None  # the latest send, for sent and already-sent
    eml: Path | None = None  # for dry-run
    skipped: tuple[Skipped, ...] = ()


def source_paths(config: Config) -> list[Path]:
    """``[sources] paths``, relative to the file that set them.

    Empty is fine when ``urls`` or ``feeds`` are set: the build reads those itself.
    """
    table = config.read_table("sources", SOURCES_KEYS)
    paths = table.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        raise table.error("paths", "must be a list of file or folder paths")
    if not paths and not (table.get("urls", []) or table.get("feeds", [])):
        where = USER_FILE if table.folder is None else table.source
        raise ConfigError(
            f"no sources configured: set paths, urls or feeds under [sources] in {where}"
        )
    resolved = [Path(p).expanduser() for p in paths]
    return [p if p.is_absolute() or table.folder is None else table.folder / p for p in resolved]


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
    if not dry_run:
        read_password(settings, environ)
    paths = source_paths(config)
    folder = config.output_dir / date.isoformat()
    with _day_lock(folder):
        record = read_record(folder)
        if record is not None and not force:
            return DailyResult("already-sent", folder, record=record["sends"][-1])
        brief = build_brief(paths, date, config)
        write_brief(brief, config.output_dir, FORMATS, config.templates, document)
        message, outcome = send_brief(folder, config, sent_at, dry_run=dry_run, environ=environ)
        if isinstance(outcome, Path):
            return DailyResult("dry-run", folder, eml=outcome, skipped=tuple(brief.skipped))
        entry = _record_entry(message, outcome, sent_at)
        _append_record(folder, date, record, entry)
    return DailyResult("sent", folder, record=entry, skipped=tuple(brief.skipped))


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
