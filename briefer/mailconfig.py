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
from typing import Any

from .config import Config
from .errors import ConfigError, DeliveryError

SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_SUBJECT = "{title} — {date}"
SUBJECT_FIELDS = ("title", "date", "date_iso")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A password may go unencrypted to these: it never leaves the machine.
_LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
_USER_FILE = "briefer.toml (or --config FILE)"


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
        ca_file=checker.path("ca_file", config_folder(source)),
        attach_ics=checker.flag("attach_ics", False),
    )


def config_folder(source: str) -> Path | None:
    """The folder relative paths in a user's file are read from (None for the defaults)."""
    return None if source == "briefer/defaults.toml" else Path(source).parent


@dataclass
class _TableChecker:
    """Reads one key of ``[email]`` at a time and says which key is wrong, and where."""

    table: dict[str, Any]
    source: str

    def error(self, key: str, problem: str) -> ConfigError:
        if config_folder(self.source) is None:  # the packaged defaults: the user set nothing
            return ConfigError(f"'email.{key}' {problem}: set it under [email] in {_USER_FILE}")
        return ConfigError(f"{self.source}: 'email.{key}' {problem}")

    def text(self, key: str, default: str, required: bool = False) -> str:
        value = self.table.get(key, default)
        if not isinstance(value, str):
            raise self.error(key, "must be a string")
        if has_line_break(value):
            raise self.error(key, "must not contain a line break")
        if required and not value.strip():
            raise self.error(key, "must not be empty")
        return value.strip()

    def flag(self, key: str, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, "must be true or false")
        return value

    def choice(self, key: str, choices: Sequence[str], default: str) -> str:
        value = self.text(key, default)
        if value not in choices:
            raise self.error(key, f"must be one of {', '.join(choices)} (not {value!r})")
        return value

    def integer(self, key: str, default: int, minimum: int, maximum: int) -> int:
        value = self.table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(key, "must be a whole number")
        if not minimum <= value <= maximum:
            raise self.error(key, f"must be between {minimum} and {maximum}")
        return value

    def number(self, key: str, default: float, minimum: float) -> float:
        value = self.table.get(key, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < minimum:
            raise self.error(key, f"must be a number of seconds >= {minimum:g}")
        return float(value)

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
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, "must be a list of strings")
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
                raise self.error(key, f"uses unknown field {{{unknown[0]}}} (use {allowed})")
            template.format(title="Title", date="1 January 2026", date_iso="2026-01-01")
        except (ValueError, IndexError) as error:
            raise self.error(key, f"is not a valid template ({error}; use {allowed})") from error
        return template

    def path(self, key: str, relative_to: Path | None) -> Path | None:
        value = self.text(key, "")
        if not value:
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() or relative_to is None else relative_to / path


def has_line_break(value: str) -> bool:
    return any(ch in value for ch in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


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
