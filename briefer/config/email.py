"""The ``[email]`` table, checked: where to send the brief, how, and as whom.

Every error names the key and the file it came from. Header values (sender,
recipients, subject template) are checked for line breaks here, once, so no
later step can build a forged header from them. The password is never read
from a file: ``password_env`` names the environment variable that holds it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.utils import getaddresses
from pathlib import Path

from briefer.config import Config
from briefer.config.table import Table, has_line_break
from briefer.errors import ConfigError, DeliveryError

SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_SUBJECT = "{title} — {date}"
SUBJECT_FIELDS = ("title", "date", "date_iso")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A password may go unencrypted to these: it never leaves the machine.
_LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
_PASSWORD_REFUSED = (
    "is not read from a file: put the password in an environment variable and name it in "
    "'email.password_env'"
)


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
    attach_ics: bool = False  # brief.ics (the outlook as a calendar) attached too

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
    "attach_ics",
}


def email_settings(config: Config, recipients: Sequence[str] = ()) -> EmailSettings:
    """Check ``[email]`` and return it; ``recipients`` (from ``--to``) replace the configured ones.

    Every error names the key and the file it came from.
    """
    table = config.read_table("email", _EMAIL_KEYS, refused={"password": _PASSWORD_REFUSED})
    checker = _EmailTable(table.name, table.values, table.source, _EMAIL_KEYS)
    security = checker.choice("security", SECURITY_MODES, "starttls")
    port = checker.integer("port", 0, 0, 65535) or DEFAULT_PORTS[security]
    to = [check_address(a, "--to") for a in recipients] or checker.addresses("recipients")
    if not to:
        raise checker.error("recipients", "is empty (or give --to ADDRESS)")
    host = checker.text("host", "localhost", required=True)
    username = checker.text("username", "")
    if username and security == "none" and host not in _LOOPBACK_HOSTS:
        raise checker.error(
            "username",
            "is set but 'email.security' is none: briefer does not send a password "
            "unencrypted (use starttls or ssl)",
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
        ca_file=checker.path("ca_file"),
        attach_ics=checker.boolean("attach_ics", False),
    )


class _EmailTable(Table):
    """``[email]``: the shared checks, plus addresses, variable names and the subject."""

    def env_name(self, key: str) -> str:
        value = self.text(key, "")
        if value and not _ENV_NAME.fullmatch(value):
            raise self.error(key, "must be the name of an environment variable, not a password")
        return value

    def address(self, key: str) -> str:
        value = self.text(key, "")
        if not value:
            raise self.error(key, "is not set")
        try:
            return check_address(value, f"'email.{key}'")
        except DeliveryError as error:
            raise ConfigError(f"{self.source}: {error}") from error

    def addresses(self, key: str) -> list[str]:
        try:
            return [check_address(v, f"'email.{key}'") for v in self.strings(key)]
        except DeliveryError as error:
            raise ConfigError(f"{self.source}: {error}") from error

    def subject(self, key: str) -> str:
        template = self.text(key, DEFAULT_SUBJECT, required=True)
        allowed = ", ".join("{" + name + "}" for name in SUBJECT_FIELDS)
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(template)]
            unknown = [name for name in names if name is not None and name not in SUBJECT_FIELDS]
            if unknown:
                raise self.error(key, f"uses unknown field {{{unknown[0]}}} (use {allowed})")
            template.format(title="Title", date="1 January 2026", date_iso="2026-01-01")
        except (ValueError, IndexError) as error:
            raise self.error(key, f"is not a valid template ({error}; use {allowed})") from error
        return template


def check_address(value: str, where: str) -> str:
    """One plain ASCII address (``Name <a@b>`` or ``a@b``), with no line break or second address."""
    if has_line_break(value):
        raise DeliveryError(f"{where}: {value!r} must not contain a line break")
    parsed = getaddresses([value])
    if len(parsed) != 1 or not re.fullmatch(r"[^@\s]+@[^@\s]+", parsed[0][1]):
        raise DeliveryError(f"{where}: {value!r} is not one email address")
    if not value.isascii():
        raise DeliveryError(f"{where}: {value!r} is not ASCII (not supported)")
    return value.strip()


def bare_address(address: str) -> str:
    """``brief@example.org`` from ``Daily Brief <brief@example.org>`` (for the SMTP envelope)."""
    return getaddresses([address])[0][1]


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
