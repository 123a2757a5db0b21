"""A real SMTP server on loopback (aiosmtpd), a throw-away CA, and a brief to send.

Used by test_send.py and test_daily.py. Nothing here is a mock: the server
speaks SMTP over a socket, does STARTTLS with a certificate signed by a CA the
tests make, and checks logins.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import briefer

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DATE = dt.date(2026, 11, 23)
USER, PASSWORD = "analyst", "s3cret password!"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Recorder:
    """The aiosmtpd handler: answers DATA from a script, keeps what it accepted.

    ``hold`` makes it keep a message it accepted (counted in ``accepted``) for
    up to that many seconds before it answers 250, or until ``release`` is
    set: the window in which a client cannot know yet that it was delivered.
    ``quit_reply`` is its answer to QUIT (221 by default); ``quit_hold`` makes
    it wait that long (or until ``release``) before answering QUIT.
    """

    replies: list[str] = field(default_factory=list)  # answers to DATA, in order; then 250
    refuse: dict[str, str] = field(default_factory=dict)  # recipient -> answer to its RCPT
    hold: float = 0.0
    quit_reply: str | None = None
    quit_hold: float = 0.0
    quits: int = 0
    release: threading.Event = field(default_factory=threading.Event)
    data_calls: int = 0
    accepted: list[Any] = field(default_factory=list)  # envelopes
    sessions: list[Any] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data_calls += 1
        reply = self.replies.pop(0) if self.replies else "250 2.0.0 OK"
        if reply.startswith("250"):
            self.accepted.append(envelope)
            self.sessions.append(session)
            await self._held()
        return reply

    async def _held(self, seconds: float | None = None) -> None:
        end = time.monotonic() + (self.hold if seconds is None else seconds)
        while time.monotonic() < end and not self.release.is_set():
            await asyncio.sleep(0.02)

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> Any:
        from aiosmtpd.smtp import MISSING

        self.quits += 1
        await self._held(self.quit_hold)
        return self.quit_reply or MISSING

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(e.original_content, policy=email.policy.default)  # type: ignore[misc]
            for e in self.accepted
        ]


@dataclass
class Server:
    host: str
    port: int
    recorder: Recorder
    logins: list[tuple[str, str]]  # (mechanism, user) of each successful login


@contextmanager
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word (a hung server)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


@contextmanager
def dripping_server(
    data: bytes = b"220 briefer-test ESMTP ready\r\n", every: float = 2.0
) -> Iterator[int]:
    """A TCP port whose server sends ``data`` one byte every ``every`` seconds.

    Each read gets its byte well within a timeout of 3 s, so only a deadline
    over the whole exchange stops a client.
    """
    stop = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)

    def drip() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                for byte in data:
                    if stop.wait(every):
                        return
                    try:
                        connection.sendall(bytes([byte]))
                    except OSError:
                        break

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


@dataclass(frozen=True)
class Certificates:
    ca: Path
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_certificates(folder: Path) -> Certificates:
    """A CA, and a server certificate for 127.0.0.1 and localhost signed by it."""
    import ipaddress

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("briefer test CA"))
        .issuer_name(_name("briefer test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    paths.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def written_brief(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seeds' brief for DATE, all four files (built once: a PDF takes a while)."""
    brief = briefer.build_brief([SEEDS], date=DATE)
    return briefer.write_brief(brief, tmp_path_factory.mktemp("brief") / "output")


@pytest.fixture
def brief_folder(written_brief: dict[str, Path], tmp_path: Path) -> Path:
    """A private copy of the written brief's folder (tests write brief.eml into it)."""
    folder = tmp_path / "output" / DATE.isoformat()
    folder.mkdir(parents=True)
    for path in written_brief.values():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@dataclass
class ServerFactory:
    """Starts aiosmtpd servers on free loopback ports; stops them after the test."""

    controllers: list[Controller] = field(default_factory=list)

    def start(
        self,
        recorder: Recorder | None = None,
        *,
        tls: Certificates | None = None,
        implicit_tls: bool = False,
        auth: bool = False,
        exclude: tuple[str, ...] = (),
    ) -> Server:
        recorder = recorder or Recorder()
        logins: list[tuple[str, str]] = []
        options: dict[str, Any] = {"server_hostname": "briefer-test"}
        if tls is not None and implicit_tls:
            options["ssl_context"] = tls.server_context()
        elif tls is not None:
            options["tls_context"] = tls.server_context()
            options["require_starttls"] = True
        if auth:
            options["authenticator"] = _authenticator(logins)
            options["auth_required"] = True
            options["auth_exclude_mechanism"] = list(exclude)
            options["auth_require_tls"] = tls is not None
        port = free_port()
        controller = Controller(recorder, hostname="127.0.0.1", port=port, **options)
        controller.start()
        self.controllers.append(controller)
        return Server("127.0.0.1", port, recorder, logins)

    def stop(self) -> None:
        for controller in self.controllers:
            controller.stop()


def _authenticator(logins: list[tuple[str, str]]) -> Any:
    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        good = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        if good:
            logins.append((mechanism, data.login.decode()))
        return AuthResult(success=good, handled=False)  # aiosmtpd answers 535 itself

    return authenticate


@pytest.fixture
def smtp() -> Iterator[ServerFactory]:
    factory = ServerFactory()
    yield factory
    factory.stop()


def write_config(path: Path, server_port: int, **email: Any) -> Path:
    """A briefer.toml for a loopback server, fast retries; ``email`` keys override."""
    settings: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": server_port,
        "security": "none",
        "sender": "Daily Brief <brief@example.org>",
        "recipients": ["ops@example.org", "Desk Officer <desk@example.org>"],
        "timeout": 5,
        "retries": 2,
        "retry_delay": 0.01,
    }
    settings.update(email)
    lines = ["[email]"] + [f"{key} = {_toml(value)}" for key, value in settings.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _toml(value: Any) -> str:
    import json

    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value))
