"""Deliver a written brief by email: build the message, send it over SMTP.

The message is built from the files ``write_brief`` left in a brief's folder:
the HTML brief is the body, a plain-text rendering of the Markdown brief is
its alternative, and the PDF is attached byte for byte. Every header value
comes from the configuration or from the brief's title and date, and each is
checked for line breaks, so nothing an article says can forge a header.

Sending uses the standard library only. TLS certificates are verified (a CA
bundle may be named for a private CA); temporary failures (a 4xx reply, a
refused or dropped connection, a timeout) are retried with a doubling delay,
permanent ones (5xx, a certificate that does not verify) are not. The
password is read from the environment variable the configuration names, and
never logged or shown.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
import re
import smtplib
import socket
import ssl
import string
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import Any

from .config import Config
from .errors import BrieferError, ConfigError
from .render import long_date, write_atomically

log = logging.getLogger(__name__)

SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_SUBJECT = "{title} — {date}"
SUBJECT_FIELDS = ("title", "date", "date_iso")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A password may go unencrypted to these: it never leaves the machine.
_LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class DeliveryError(BrieferError):
    """The brief could not be emailed (it stays on disk)."""


# --- Settings ------------------------------------------------------------------------


@dataclass(frozen=True)
class EmailSettings:
    """The checked ``[email]`` table."""

    host: str = "localhost"
    port: int = 587
    security: str = "starttls"
    username: str = ""
    password_env: str = ""
    sender: str = ""
    recipients: tuple[str, ...] = ()
    subject: str = DEFAULT_SUBJECT
    timeout: float = 30.0
    retries: int = 3
    retry_delay: float = 5.0
    ca_file: Path | None = None

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


_EMAIL_KEYS = {
    "host",
    "port",
    "security",
    "username",
    "password_env",
    "sender",
    "recipients",
    "subject",
    "timeout",
    "retries",
    "retry_delay",
    "ca_file",
}


def email_settings(config: Config, recipients: Sequence[str] = ()) -> EmailSettings:
    """Check ``[email]`` and return it; ``recipients`` (from ``--to``) replace the configured ones.

    Every error names the key and the file it came from.
    """
    table = config.table("email")
    source = config.table_files.get("email", "briefer/defaults.toml")
    checker = _TableChecker(table, source)
    for key in table:
        if key == "password":
            raise ConfigError(
                f"{source}: 'email.password' is not read from a file: put the password in "
                "an environment variable and name it in 'email.password_env'"
            )
        if key not in _EMAIL_KEYS:
            raise ConfigError(f"{source}: unknown key 'email.{key}'")
    security = checker.choice("security", SECURITY_MODES, "starttls")
    port = checker.integer("port", 0, 0, 65535) or DEFAULT_PORTS[security]
    to = [check_address(a, "--to") for a in recipients] or checker.addresses("recipients")
    if not to:
        raise ConfigError(f"{source}: 'email.recipients' is empty (or give --to ADDRESS)")
    host = checker.text("host", "localhost", required=True)
    username = checker.text("username", "")
    if username and security == "none" and host not in _LOOPBACK_HOSTS:
        raise ConfigError(
            f"{source}: 'email.username' is set but 'email.security' is none: briefer does "
            "not send a password unencrypted (use starttls or ssl)"
        )
    return EmailSettings(
        host=host,
        port=port,
        security=security,
        username=username,
        password_env=checker.env_name("password_env"),
        sender=checker.address("sender"),
        recipients=tuple(to),
        subject=checker.subject("subject"),
        timeout=checker.number("timeout", 30.0, minimum=0.001),
        retries=checker.integer("retries", 3, 0, 10),
        retry_delay=checker.number("retry_delay", 5.0, minimum=0.0),
        ca_file=checker.path("ca_file", config_folder(source)),
    )


def config_folder(source: str) -> Path | None:
    """The folder relative paths in a user's file are read from (None for the defaults)."""
    return None if source == "briefer/defaults.toml" else Path(source).parent


@dataclass
class _TableChecker:
    """Reads one key of ``[email]`` at a time and says which key is wrong, and where."""

    table: dict[str, Any]
    source: str

    def _error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.source}: 'email.{key}' {problem}")

    def text(self, key: str, default: str, required: bool = False) -> str:
        value = self.table.get(key, default)
        if not isinstance(value, str):
            raise self._error(key, "must be a string")
        if _has_line_break(value):
            raise self._error(key, "must not contain a line break")
        if required and not value.strip():
            raise self._error(key, "must not be empty")
        return value.strip()

    def choice(self, key: str, choices: Sequence[str], default: str) -> str:
        value = self.text(key, default)
        if value not in choices:
            raise self._error(key, f"must be one of {', '.join(choices)} (not {value!r})")
        return value

    def integer(self, key: str, default: int, minimum: int, maximum: int) -> int:
        value = self.table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._error(key, "must be a whole number")
        if not minimum <= value <= maximum:
            raise self._error(key, f"must be between {minimum} and {maximum}")
        return value

    def number(self, key: str, default: float, minimum: float) -> float:
        value = self.table.get(key, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < minimum:
            raise self._error(key, f"must be a number of seconds >= {minimum:g}")
        return float(value)

    def env_name(self, key: str) -> str:
        value = self.text(key, "")
        if value and not _ENV_NAME.fullmatch(value):
            raise self._error(key, "must be the name of an environment variable, not a password")
        return value

    def address(self, key: str) -> str:
        value = self.text(key, "")
        if not value:
            raise self._error(key, "is not set")
        try:
            return check_address(value, f"'email.{key}'")
        except DeliveryError as error:
            raise ConfigError(f"{self.source}: {error}") from error

    def addresses(self, key: str) -> list[str]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._error(key, "must be a list of strings")
        try:
            return [check_address(v, f"'email.{key}'") for v in value]
        except DeliveryError as error:
            raise ConfigError(f"{self.source}: {error}") from error

    def subject(self, key: str) -> str:
        template = self.text(key, DEFAULT_SUBJECT, required=True)
        allowed = ", ".join("{" + name + "}" for name in SUBJECT_FIELDS)
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(template)]
            unknown = [name for name in names if name is not None and name not in SUBJECT_FIELDS]
            if unknown:
                raise self._error(key, f"uses unknown field {{{unknown[0]}}} (use {allowed})")
            template.format(title="Title", date="1 January 2026", date_iso="2026-01-01")
        except (ValueError, IndexError) as error:
            raise self._error(key, f"is not a valid template ({error}; use {allowed})") from error
        return template

    def path(self, key: str, relative_to: Path | None) -> Path | None:
        value = self.text(key, "")
        if not value:
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() or relative_to is None else relative_to / path


def _has_line_break(value: str) -> bool:
    return any(ch in value for ch in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def check_address(value: str, where: str) -> str:
    """One plain ASCII address (``Name <a@b>`` or ``a@b``), with no line break or second address."""
    if _has_line_break(value):
        raise DeliveryError(f"{where}: {value!r} must not contain a line break")
    parsed = getaddresses([value])
    if len(parsed) != 1 or not re.fullmatch(r"[^@\s]+@[^@\s]+", parsed[0][1]):
        raise DeliveryError(f"{where}: {value!r} is not one email address")
    if not value.isascii():
        raise DeliveryError(f"{where}: {value!r} is not ASCII (not supported)")
    return value.strip()


def read_password(settings: EmailSettings, environ: Mapping[str, str]) -> str | None:
    """The password from the environment variable ``password_env`` names (None: no login)."""
    if not settings.username:
        return None
    if not settings.password_env:
        raise DeliveryError(
            "'email.username' is set but 'email.password_env' is not: name the environment "
            "variable that holds the password"
        )
    password = environ.get(settings.password_env)
    if not password:
        raise DeliveryError(
            f"the environment variable {settings.password_env} (email.password_env) is not set"
        )
    return password


# --- The brief on disk -----------------------------------------------------------------


@dataclass(frozen=True)
class BriefFiles:
    """What a message needs from a brief's folder."""

    folder: Path
    pdf: Path
    html: str
    text: str
    title: str
    date: dt.date


def find_brief(path: Path, default_title: str) -> BriefFiles:
    """The brief in folder ``path`` (``brief.pdf`` etc.) or beside the PDF ``path``."""
    if path.is_dir():
        pdf = path / "brief.pdf"
    elif path.suffix.lower() == ".pdf" and path.is_file():
        pdf = path
    else:
        raise DeliveryError(f"{path} is neither a brief's folder nor its PDF")
    if not pdf.is_file():
        raise DeliveryError(f"no brief.pdf in {path} (build it with --format including pdf)")
    html_path = pdf.with_suffix(".html")
    if not html_path.is_file():
        raise DeliveryError(f"no {html_path.name} beside {pdf} (build it with html too)")
    html_text = html_path.read_text(encoding="utf-8")
    markdown_path = pdf.with_suffix(".md")
    text = (
        markdown_to_text(markdown_path.read_text(encoding="utf-8"))
        if markdown_path.is_file()
        else html_to_text(html_text)
    )
    title, date = _title_and_date(pdf, default_title)
    return BriefFiles(pdf.parent, pdf, html_text, text, title, date)


def _title_and_date(pdf: Path, default_title: str) -> tuple[str, dt.date]:
    """From ``brief.json`` when it is there, else the folder's name and the configured title."""
    json_path = pdf.with_suffix(".json")
    if json_path.is_file():
        try:
            data = json.loads(json_path.read_text(encoding="utf-8"))
            return str(data["title"]), dt.date.fromisoformat(data["date"])
        except (ValueError, KeyError, TypeError) as error:
            raise DeliveryError(f"{json_path} is not a brief.json: {error}") from error
    try:
        return default_title, dt.date.fromisoformat(pdf.parent.name)
    except ValueError:
        raise DeliveryError(
            f"cannot tell the brief's date: no {json_path.name} beside {pdf}, "
            "and its folder is not named YYYY-MM-DD"
        ) from None


_CITATION = re.compile(r"\[\[(\d+)\]\]\(#source-\d+\)")
_ANCHOR = re.compile(r'<a id="[^"]*"></a>')
_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]#|])")


def markdown_to_text(markdown_text: str) -> str:
    """The Markdown brief as plain text: citation links as ``[1]``, no anchors, no escapes."""
    text = _CITATION.sub(r"[\1]", markdown_text)
    text = _ANCHOR.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return html.unescape(text)


class _TextExtractor(HTMLParser):
    """Text of an HTML page, a line per block, leaving out styles and scripts."""

    _BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "br", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head"):
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head"):
            self._skipping = max(0, self._skipping - 1)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html_text: str) -> str:
    """Plain text of the HTML brief, used when ``brief.md`` was not written."""
    extractor = _TextExtractor()
    extractor.feed(html_text)
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return "\n\n".join(line for line in lines if line) + "\n"


# --- The message -----------------------------------------------------------------------


def subject_line(template: str, title: str, date: dt.date) -> str:
    """The subject from its template; the result is checked for line breaks."""
    subject = template.format(title=title, date=long_date(date), date_iso=date.isoformat())
    if _has_line_break(subject):
        raise DeliveryError(f"the subject {subject!r} contains a line break")
    return subject


def build_message(brief: BriefFiles, settings: EmailSettings, sent_at: dt.datetime) -> EmailMessage:
    """The whole message: text and HTML alternatives, the PDF attached."""
    message = EmailMessage()
    message["Subject"] = subject_line(settings.subject, brief.title, brief.date)
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = make_msgid("briefer", domain=_domain(settings.sender))
    message.set_content(brief.text)
    message.add_alternative(brief.html, subtype="html")
    message.add_attachment(
        brief.pdf.read_bytes(),
        maintype="application",
        subtype="pdf",
        filename=f"brief-{brief.date.isoformat()}.pdf",
    )
    return message


def _domain(address: str) -> str:
    return getaddresses([address])[0][1].rpartition("@")[2] or "localhost"


def message_bytes(message: EmailMessage) -> bytes:
    """The message exactly as it goes over the wire (CRLF line ends)."""
    buffer = BytesIO()
    BytesGenerator(buffer, policy=message.policy.clone(linesep="\r\n")).flatten(message)
    return buffer.getvalue()


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Write the message as an ``.eml`` file, atomically (for ``--dry-run``)."""
    write_atomically(path, message_bytes(message))
    return path


# --- Sending ---------------------------------------------------------------------------


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
            recipients=tuple(a for a in settings.recipients if a not in refused),
            refused=refused,
            attempts=attempt,
        )
    raise AssertionError("unreachable")  # pragma: no cover


def _send_once(data: bytes, settings: EmailSettings, password: str | None) -> dict[str, str]:
    """One connection; returns refused recipients; raises ``_Temporary`` or ``DeliveryError``."""
    envelope_to = [getaddresses([a])[0][1] for a in settings.recipients]
    envelope_from = getaddresses([settings.sender])[0][1]
    try:
        with _connect(settings, password) as smtp:
            refused = smtp.sendmail(envelope_from, envelope_to, data)
    except smtplib.SMTPRecipientsRefused as error:
        replies = list(error.recipients.values())
        reason = "; ".join(f"{a}: {_reply(c, m)}" for a, (c, m) in error.recipients.items())
        if all(400 <= code < 500 for code, _ in replies):
            raise _Temporary(f"every recipient was deferred ({reason})") from error
        raise _permanent(settings, f"every recipient was refused ({reason})") from error
    except smtplib.SMTPResponseException as error:
        reply = _reply(error.smtp_code, error.smtp_error)
        if 400 <= error.smtp_code < 500:
            raise _Temporary(f"the server answered {reply}") from error
        raise _permanent(settings, f"the server refused it: {reply}") from error
    except smtplib.SMTPNotSupportedError as error:
        raise _permanent(settings, str(error) or "the server does not support it") from error
    except ssl.SSLCertVerificationError as error:
        hint = "" if settings.ca_file else " (set 'email.ca_file' to trust a private CA)"
        raise _permanent(
            settings, f"its TLS certificate is not trusted: {error.verify_message}{hint}"
        ) from error
    except ssl.SSLError as error:
        raise _permanent(settings, f"TLS failed: {error.reason or error}") from error
    except socket.gaierror as error:
        raise _permanent(
            settings, f"cannot find host {settings.host!r}: {error.strerror}"
        ) from error
    except ConnectionRefusedError as error:
        raise _Temporary("connection refused (is an SMTP server listening there?)") from error
    except TimeoutError as error:
        raise _Temporary(f"no answer within {settings.timeout:g}s") from error
    except (smtplib.SMTPServerDisconnected, ConnectionError) as error:
        raise _Temporary(f"the connection was lost ({error or 'disconnected'})") from error
    except OSError as error:
        raise _permanent(settings, f"{error.strerror or error}") from error
    return {a: _reply(c, m) for a, (c, m) in refused.items()}


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
            _login(smtp, settings.username, password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _login(smtp: smtplib.SMTP, username: str, password: str) -> None:
    try:
        smtp.login(username, password)
    except smtplib.SMTPAuthenticationError as error:
        if 400 <= error.smtp_code < 500:
            raise
        raise DeliveryError(
            f"login as {username!r} failed: {_reply(error.smtp_code, error.smtp_error)} "
            "(not retried)"
        ) from error
    except UnicodeEncodeError as error:  # smtplib sends user and password as ASCII
        raise DeliveryError(
            "the user name and password must be ASCII to log in (a limit of smtplib)"
        ) from error
    except smtplib.SMTPNotSupportedError as error:
        raise DeliveryError(
            "the server offers no login (AUTH) on this connection; check 'email.security'"
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
