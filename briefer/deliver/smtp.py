"""Email a written brief over SMTP, and say clearly why when that fails.

Only the standard library: ``smtplib`` and ``ssl``. TLS certificates are
verified (``ca_file`` may name a private CA). Temporary failures (a 4xx reply,
a refused or lost connection, a timeout) are retried after a delay that
doubles each time; permanent ones (a 5xx reply, a failed login, a certificate
that does not verify) are not, since trying again would only repeat them. The
message is sent with the same Message-ID on every attempt. The password is read
from the environment variable the configuration names, and never logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import socket
import ssl
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from briefer.config import Config
from briefer.config.email import EmailSettings, bare_address, email_settings, read_password
from briefer.deliver.message import build_message, find_brief, message_bytes, write_eml
from briefer.errors import DeliveryError

__all__ = ["Delivery", "DeliveryError", "send", "send_brief"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """What the server accepted."""

    message_id: str
    sender: str
    recipients: tuple[str, ...]
    refused: dict[str, str] = field(default_factory=dict)
    attempts: int = 1


class _Temporary(Exception):
    """A failure worth another try; its text says why."""


def send(
    message: EmailMessage,
    settings: EmailSettings,
    password: str | None,
) -> Delivery:
    """Send ``message``, retrying temporary failures; raise ``DeliveryError`` when it cannot."""
    data = message_bytes(message)
    attempts = settings.retries + 1
    for attempt in range(1, attempts + 1):
        try:
            refused = _send_once(data, settings, password)
        except _Temporary as problem:
            if attempt == attempts:
                raise DeliveryError(
                    f"cannot send the brief via {settings.server}: {problem} "
                    f"(gave up after {attempts} attempt{'s' if attempts > 1 else ''})"
                ) from problem
            delay = settings.retry_delay * 2 ** (attempt - 1)
            log.warning("%s; trying again in %gs", problem, delay)
            time.sleep(delay)
            continue
        for address, reason in refused.items():
            log.warning("the server refused %s: %s", address, reason)
        return Delivery(
            message_id=str(message["Message-ID"]),
            sender=settings.sender,
            recipients=tuple(a for a in settings.recipients if bare_address(a) not in refused),
            refused=refused,
            attempts=attempt,
        )
    raise AssertionError("unreachable")  # pragma: no cover


def _send_once(data: bytes, settings: EmailSettings, password: str | None) -> dict[str, str]:
    """One connection; returns refused recipients; raises ``_Temporary`` or ``DeliveryError``."""
    try:
        with _connect(settings, password) as smtp:
            refused = smtp.sendmail(
                bare_address(settings.sender), [bare_address(a) for a in settings.recipients], data
            )
    except (smtplib.SMTPException, OSError) as error:
        raise _classify(error, settings) from error
    return {address: _reply(code, text) for address, (code, text) in refused.items()}


def _classify(error: Exception, settings: EmailSettings) -> Exception:
    """``_Temporary`` for what another attempt may cure, else a ``DeliveryError`` saying why."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = error.recipients.items()
        reason = "; ".join(f"{address}: {_reply(code, text)}" for address, (code, text) in replies)
        if all(400 <= code < 500 for code, _ in error.recipients.values()):
            return _Temporary(f"every recipient was deferred ({reason})")
        return _permanent(settings, f"every recipient was refused ({reason})")
    if isinstance(error, smtplib.SMTPResponseException):
        reply = _reply(error.smtp_code, error.smtp_error)
        if 400 <= error.smtp_code < 500:
            return _Temporary(f"the server answered {reply}")
        return _permanent(settings, f"the server refused it: {reply}")
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return _permanent(settings, str(error) or "the server does not support it")
    if isinstance(error, ssl.SSLCertVerificationError):
        hint = "" if settings.ca_file else " (set 'email.ca_file' to trust a private CA)"
        return _permanent(
            settings, f"its TLS certificate is not trusted: {error.verify_message}{hint}"
        )
    if isinstance(error, ssl.SSLError):
        return _permanent(settings, f"TLS failed: {error.reason or error}")
    if isinstance(error, socket.gaierror):
        return _permanent(settings, f"cannot find host {settings.host!r}: {error.strerror}")
    if isinstance(error, ConnectionRefusedError):
        return _Temporary("connection refused (is an SMTP server listening there?)")
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        return _Temporary(f"no answer within {settings.timeout:g}s")
    if isinstance(error, (smtplib.SMTPServerDisconnected, ConnectionError)):
        return _Temporary(f"the connection was lost ({error or 'disconnected'})")
    if isinstance(error, OSError):
        return _permanent(settings, f"{error.strerror or error}")
    return _permanent(settings, str(error))


def _permanent(settings: EmailSettings, reason: str) -> DeliveryError:
    return DeliveryError(f"cannot send the brief via {settings.server}: {reason} (not retried)")


def _reply(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    return f"{code} {' '.join(text.split())}".strip()


def _connect(settings: EmailSettings, password: str | None) -> smtplib.SMTP:
    """An open, greeted, secured and logged-in connection."""
    if settings.ca_file is not None and not settings.ca_file.is_file():
        raise DeliveryError(f"'email.ca_file': no such file {settings.ca_file}")
    context = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
    smtp: smtplib.SMTP
    if settings.security == "ssl":
        smtp = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        smtp.ehlo()
        if settings.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise smtplib.SMTPNotSupportedError("the server does not offer STARTTLS")
            smtp.starttls(context=context)
            smtp.ehlo()
        if password is not None:
            _login(smtp, settings, password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _login(smtp: smtplib.SMTP, settings: EmailSettings, password: str) -> None:
    try:
        smtp.login(settings.username, password)
    except smtplib.SMTPAuthenticationError as error:
        if 400 <= error.smtp_code < 500:
            raise  # temporary: retried
        reply = _reply(error.smtp_code, error.smtp_error)
        raise _permanent(settings, f"login as {settings.username!r} failed: {reply}") from error
    except UnicodeEncodeError as error:  # smtplib sends user and password as ASCII
        raise _permanent(
            settings, "the user name and password must be ASCII to log in (a limit of smtplib)"
        ) from error
    except smtplib.SMTPNotSupportedError as error:
        raise _permanent(
            settings, "the server offers no login (AUTH) here; check 'email.security'"
        ) from error


def send_brief(
    brief_path: Path,
    config: Config,
    sent_at: dt.datetime,
    *,
    recipients: Sequence[str] = (),
    dry_run: bool = False,
    environ: Mapping[str, str] = os.environ,
) -> tuple[EmailMessage, Delivery | Path]:
    """Email the brief at ``brief_path``; with ``dry_run`` write ``brief.eml`` beside it instead.

    Returns the message and either what the server accepted or the ``.eml`` path.
    """
    settings = email_settings(config, recipients)
    brief = find_brief(brief_path, config.title)
    message = build_message(brief, settings, sent_at)
    if dry_run:
        return message, write_eml(message, brief.pdf.with_suffix(".eml"))
    password = read_password(settings, environ)
    return message, send(message, settings, password)
