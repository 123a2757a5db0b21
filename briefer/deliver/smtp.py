"""Email a written brief over SMTP, and say clearly why when that fails.

Only the standard library: ``smtplib`` and ``ssl``. TLS certificates are
verified (``ca_file`` may name a private CA). Temporary failures (a 4xx reply,
a refused or lost connection, a timeout) are retried after a delay that
doubles each time; permanent ones (a 5xx reply, a failed login, a certificate
that does not verify) are not, since trying again would only repeat them. The
message is sent with the same Message-ID on every attempt. The password is read
from the environment variable the configuration names, and never logged.

``[email] timeout`` bounds a whole exchange, greeting to QUIT, not each read.
A message is delivered when the server answers its DATA with 250, whatever QUIT
answers; once the message has gone out without an answer it is never retried,
since it may have arrived (``UncertainDelivery``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from briefer.config import Config
from briefer.config.email import EmailSettings, bare_address, email_settings, read_password
from briefer.deliver.message import build_message, find_brief, message_bytes, write_eml
from briefer.errors import DeliveryError

__all__ = ["Delivery", "DeliveryError", "UncertainDelivery", "send", "send_brief"]

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


class UncertainDelivery(DeliveryError):
    """The message went out but no answer came: it may have been delivered, so no retry."""


def send(
    message: EmailMessage,
    settings: EmailSettings,
    password: str | None,
    *,
    before_data: Callable[[], None] | None = None,
    on_accepted: Callable[[Delivery], None] | None = None,
) -> Delivery:
    """Send ``message``, retrying temporary failures; raise ``DeliveryError`` when it cannot.

    ``before_data`` is called on each attempt just before the DATA command
    (``briefer daily`` writes its pending record there); ``on_accepted`` as
    soon as the server has answered the message with 250, before QUIT
    (``briefer daily`` records the send there). The message counts as
    delivered then, whatever QUIT answers. If the message went out and no
    answer came, nobody can tell whether it was delivered: ``UncertainDelivery``
    is raised and it is not sent again, so it is never delivered twice.
    """
    data = message_bytes(message)
    attempts = settings.retries + 1
    for attempt in range(1, attempts + 1):

        def accepted(refused: dict[str, str], attempt: int = attempt) -> None:
            if on_accepted is not None:
                on_accepted(_delivery(message, settings, refused, attempt))

        try:
            refused = _send_once(data, settings, password, before_data, accepted)
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
        return _delivery(message, settings, refused, attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _delivery(
    message: EmailMessage, settings: EmailSettings, refused: dict[str, str], attempt: int
) -> Delivery:
    return Delivery(
        message_id=str(message["Message-ID"]),
        sender=settings.sender,
        recipients=tuple(a for a in settings.recipients if bare_address(a) not in refused),
        refused=refused,
        attempts=attempt,
    )


@dataclass
class _Progress:
    """How far one exchange got: what a failure can and cannot mean."""

    body_sent: bool = False  # the message and its final "." went out
    answered: bool = False  # the server answered it
    accepted: bool = False  # ... with 250: delivered


def _send_once(
    data: bytes,
    settings: EmailSettings,
    password: str | None,
    before_data: Callable[[], None] | None,
    accepted: Callable[[dict[str, str]], None],
) -> dict[str, str]:
    """One connection under one deadline; returns refused recipients.

    ``accepted(refused)`` runs after the server's 250 to the message and before
    QUIT; what it raises is not a failure to send. Raises ``_Temporary``,
    ``UncertainDelivery`` or ``DeliveryError``.
    """
    deadline = _Deadline(settings.timeout)
    progress = _Progress()
    smtp: _BoundedSMTP | None = None
    try:
        try:
            smtp = _connect(settings, password, deadline)
            replies = _transfer(smtp, settings, data, before_data, progress)
        except (smtplib.SMTPException, OSError) as error:
            if progress.body_sent and not progress.answered:
                raise _uncertain(error, settings, deadline.expired) from error
            raise _classify(error, settings, deadline.expired) from error
        refused = {address: _reply(code, text) for address, (code, text) in replies.items()}
        accepted(refused)
    finally:
        if smtp is not None:
            _finish(smtp, polite=progress.accepted)
        deadline.release()
    return refused


def _transfer(
    smtp: smtplib.SMTP,
    settings: EmailSettings,
    data: bytes,
    before_data: Callable[[], None] | None,
    progress: _Progress,
) -> dict[str, tuple[int, bytes]]:
    """MAIL, RCPT and DATA, as ``smtplib.sendmail`` does them, noting how far it got."""
    sender = bare_address(settings.sender)
    recipients = [bare_address(a) for a in settings.recipients]
    options = [f"size={len(data)}"] if smtp.does_esmtp and smtp.has_extn("size") else []
    code, reply = smtp.mail(sender, options)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused: dict[str, tuple[int, bytes]] = {}
    for recipient in recipients:
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, reply)
        if code == 421:
            raise smtplib.SMTPRecipientsRefused(refused)  # type: ignore[arg-type]
    if len(refused) == len(recipients):
        raise smtplib.SMTPRecipientsRefused(refused)  # type: ignore[arg-type]
    if before_data is not None:
        before_data()
    smtp.putcmd("data")
    code, reply = smtp.getreply()
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    smtp.send(_dot_stuffed(data))
    progress.body_sent = True
    code, reply = smtp.getreply()
    progress.answered = True
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)
    progress.accepted = True
    return refused


def _dot_stuffed(data: bytes) -> bytes:
    """The message as DATA carries it: a leading "." doubled, ending in CRLF "." CRLF."""
    stuffed = re.sub(rb"(?m)^\.", b"..", data)
    if not stuffed.endswith(b"\r\n"):
        stuffed += b"\r\n"
    return stuffed + b".\r\n"


def _finish(smtp: smtplib.SMTP, polite: bool) -> None:
    """Say QUIT after a delivery (its answer changes nothing), else just hang up."""
    try:
        if polite:
            smtp.quit()
    except (smtplib.SMTPException, OSError) as error:
        log.debug("QUIT after the delivery failed (the message was delivered): %s", error)
    finally:
        smtp.close()


def _uncertain(error: Exception, settings: EmailSettings, expired: bool) -> UncertainDelivery:
    what = (
        f"no answer to it came within {settings.timeout:g}s"
        if expired or isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError)
        else f"the connection was lost before the server answered ({error or 'disconnected'})"
    )
    return UncertainDelivery(
        f"cannot tell whether the brief was delivered via {settings.server}: the message went "
        f"out but {what}; not sent again, so that it is never delivered twice"
    )


def _classify(error: Exception, settings: EmailSettings, expired: bool = False) -> Exception:
    """``_Temporary`` for what another attempt may cure, else a ``DeliveryError`` saying why."""
    if expired:  # the deadline cut the exchange short, whatever error that caused
        return _Temporary(f"no answer within {settings.timeout:g}s")
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


class _Deadline:
    """One deadline for a whole exchange, greeting to QUIT, and a watchdog that keeps it.

    ``smtplib``'s timeout bounds each read only: a server sending its greeting
    one byte every two seconds would never time out. Before each command and
    each reply the socket's timeout is set to what is left, and at the deadline
    a timer shuts the socket down, which ends any read or TLS handshake at once.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._end = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._descriptor: int | None = None
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        left = self._end - time.monotonic()
        if left <= 0:
            self.expired = True
            raise TimeoutError(f"no answer within {self.seconds:g}s")
        return left

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down at the deadline (its descriptor stays the same under TLS)."""
        with self._lock:
            self._descriptor = sock.fileno()

    def release(self) -> None:
        """Stop watching; called before the socket is closed, so no reused descriptor is hit."""
        with self._lock:
            self._timer.cancel()
            self._descriptor = None

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._descriptor is None:
                return
            try:
                twin = socket.socket(fileno=os.dup(self._descriptor))
            except OSError:
                return
            try:
                twin.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            finally:
                twin.close()


class _BoundedSMTP(smtplib.SMTP):
    """``smtplib.SMTP`` whose every connect, command and reply is held to one ``_Deadline``."""

    deadline: _Deadline
    _host: str  # smtplib's, set in __init__ only when it connects there

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = socket.create_connection(
            (host, port), self.deadline.remaining(), self.source_address
        )
        self.deadline.watch(sock)
        return sock

    def send(self, s: Any) -> None:
        self._arm()
        super().send(s)

    def getreply(self) -> tuple[int, bytes]:
        self._arm()
        return super().getreply()

    def close(self) -> None:
        self.deadline.release()
        super().close()

    def _arm(self) -> None:
        if self.sock is not None:
            self.sock.settimeout(self.deadline.remaining())


class _BoundedSMTPSSL(_BoundedSMTP, smtplib.SMTP_SSL):
    """Implicit TLS; the socket is watched before its handshake, not after."""

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        raw = socket.create_connection((host, port), self.deadline.remaining(), self.source_address)
        self.deadline.watch(raw)  # wrapping keeps the descriptor
        return self.context.wrap_socket(raw, server_hostname=host)


def _connect(settings: EmailSettings, password: str | None, deadline: _Deadline) -> _BoundedSMTP:
    """An open, greeted, secured and logged-in connection, all within ``deadline``."""
    if settings.ca_file is not None and not settings.ca_file.is_file():
        raise DeliveryError(f"'email.ca_file': no such file {settings.ca_file}")
    context = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
    smtp: _BoundedSMTP
    if settings.security == "ssl":
        smtp = _BoundedSMTPSSL(timeout=settings.timeout, context=context)
    else:
        smtp = _BoundedSMTP(timeout=settings.timeout)
    smtp.deadline = deadline
    smtp._host = settings.host  # what starttls checks the certificate against; set by __init__
    try:
        code, greeting = smtp.connect(settings.host, settings.port)
        if code != 220:
            raise smtplib.SMTPConnectError(code, greeting)
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
    before_data: Callable[[EmailMessage], None] | None = None,
    on_accepted: Callable[[EmailMessage, Delivery], None] | None = None,
) -> tuple[EmailMessage, Delivery | Path]:
    """Email the brief at ``brief_path``; with ``dry_run`` write ``brief.eml`` beside it instead.

    Returns the message and either what the server accepted or the ``.eml`` path.
    ``before_data(message)`` runs just before the message goes out and
    ``on_accepted(message, delivery)`` once the server has it (see ``send``).
    """
    settings = email_settings(config, recipients)
    brief = find_brief(brief_path, config.title)
    message = build_message(brief, settings, sent_at)
    if dry_run:
        return message, write_eml(message, brief.pdf.with_suffix(".eml"))
    password = read_password(settings, environ)
    before = None if before_data is None else (lambda: before_data(message))
    after = None if on_accepted is None else (lambda d: on_accepted(message, d))
    delivery = send(message, settings, password, before_data=before, on_accepted=after)
    return message, delivery
