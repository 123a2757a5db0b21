"""``briefer send`` and ``briefer daily``: email a brief, and the once-a-day run.

Thin: each parses its options, calls one library function
(``briefer.deliver.send_brief``, ``briefer.daily.run_daily``) and prints what
happened. The date and the time of sending are read here, never in the library.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from briefer.cli.options import allow_private_option, config_option


def _now() -> dt.datetime:
    """The moment of sending, in local time with its offset (for the Date header)."""
    return dt.datetime.now(dt.UTC).astimezone()


@click.command()
@click.argument("brief", type=click.Path(path_type=Path))
@click.option(
    "--to",
    "recipients",
    multiple=True,
    metavar="ADDRESS",
    help="Send to ADDRESS instead of [email] recipients (repeatable).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Write the exact message to brief.eml beside the brief; send nothing.",
)
@config_option()
def send(brief: Path, recipients: tuple[str, ...], dry_run: bool, config_path: Path | None) -> None:
    """Email the brief in folder BRIEF (e.g. output/2026-11-23/) or the PDF BRIEF."""
    from briefer.cli.options import user_errors
    from briefer.config import load_config
    from briefer.deliver.smtp import send_brief

    with user_errors():
        config = load_config(config_path)
        message, outcome = send_brief(brief, config, _now(), recipients=recipients, dry_run=dry_run)
    if isinstance(outcome, Path):
        click.echo(f"Wrote {outcome} (not sent)")
    else:
        click.echo(
            f"Sent {message['Subject']} to {', '.join(outcome.recipients)} "
            f"(message id {outcome.message_id})"
        )


@click.command()
@config_option()
@click.option(
    "--force",
    is_flag=True,
    help="Send again even if today's brief was sent, or a send of it was never confirmed.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Build the brief and write brief.eml beside it; send nothing, record nothing.",
)
@allow_private_option
def daily(config_path: Path | None, force: bool, dry_run: bool, allow_private: bool) -> None:
    """Build today's brief from [sources] and email it, once a day."""
    from briefer.cli.options import user_errors
    from briefer.config import load_config
    from briefer.deliver.daily import run_daily
    from briefer.ingest.read import allowing_private

    with user_errors():
        config = allowing_private(load_config(config_path), allow_private)
        result = run_daily(config, dt.date.today(), _now(), force=force, dry_run=dry_run)
    for skipped in result.skipped:
        click.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)
    for line in (result.summary, f"warning: {result.warning}" if result.warning else None):
        if line:
            click.echo(line, err=True)
    record = result.record or {}
    if result.status == "dry-run":
        click.echo(f"Wrote {result.eml} (not sent)")
    elif result.status == "already-sent":
        click.echo(
            f"Already sent {result.folder.name} at {record.get('sent_at')} to "
            f"{', '.join(record.get('recipients', []))}; nothing to do (--force sends again)"
        )
    else:
        click.echo(
            f"Sent {result.folder.name} to {', '.join(record['recipients'])} "
            f"(message id {record['message_id']})"
        )
