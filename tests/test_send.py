"""`briefer send` against a real SMTP server on loopback: what arrives, TLS, login, failures."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from email.message import EmailMessage
from pathlib import Path

import pytest
import smtp_fixtures
from click.testing import CliRunner
from smtp_fixtures import (
    PASSWORD,
    USER,
    Certificates,
    Recorder,
    ServerFactory,
    free_port,
    silent_server,
    write_config,
)

from briefer.cli import main
from briefer.config import email as mailconfig
from briefer.config import load_config
from briefer.deliver import smtp as deliver
from briefer.errors import ConfigError

# Fixtures from smtp_fixtures that this module's tests use.
smtp = smtp_fixtures.smtp
certificates = smtp_fixtures.certificates
written_brief = smtp_fixtures.written_brief
brief_folder = smtp_fixtures.brief_folder

SENT_AT = dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def parts(message: EmailMessage) -> tuple[str, str, bytes, str]:
    """The text alternative, the HTML body, the PDF attachment's bytes and its file name."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    (attachment,) = list(message.iter_attachments())
    assert text is not None and html is not None
    assert attachment.get_content_type() == "application/pdf"
    # Text travels with CRLF line ends, as SMTP requires; compare it with LF.
    return (
        text.get_content().replace("\r\n", "\n"),
        html.get_content().replace("\r\n", "\n"),
        attachment.get_content(),
        attachment.get_filename() or "",
    )


def test_the_message_arrives_whole(smtp: ServerFactory, brief_folder: Path, tmp_path: Path) -> None:
    server = smtp.start()
    config = write_config(tmp_path / "briefer.toml", server.port)
    code, stdout, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 0, stderr
    (envelope,) = server.recorder.accepted
    assert envelope.mail_from == "brief@example.org"
    assert envelope.rcpt_tos == ["ops@example.org", "desk@example.org"]
    (message,) = server.recorder.messages()
    assert message["Subject"] == "Daily Brief — 23 November 2026"
    assert message["From"] == "Daily Brief <brief@example.org>"
    assert message["To"] == "ops@example.org, Desk Officer <desk@example.org>"
    text, html, pdf, filename = parts(message)
    assert pdf == (brief_folder / "brief.pdf").read_bytes()
    assert filename == "brief-2026-11-23.pdf"
    assert html == (brief_folder / "brief.html").read_text(encoding="utf-8")
    brief = json.loads((brief_folder / "brief.json").read_text(encoding="utf-8"))
    for item in brief["bluf"]:
        assert item["text"] in " ".join(text.split())
    assert "<a id=" not in text and "](#source-" not in text and "<sup" not in text
    assert "[1]" in text and "## Sources" in text
    assert stdout == (
        "Sent Daily Brief — 23 November 2026 to ops@example.org, Desk Officer "
        f"<desk@example.org> (message id {message['Message-ID']})\n"
    )


def test_to_replaces_the_recipients_and_a_pdf_path_works(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path
) -> None:
    server = smtp.start()
    config = write_config(tmp_path / "briefer.toml", server.port, subject="{date_iso}: {title}")
    code, _, stderr = run(
        "send", str(brief_folder / "brief.pdf"), "--to", "a@example.net", "--to", "b@example.net",
        "--config", str(config),
    )  # fmt: skip
    assert code == 0, stderr
    (envelope,) = server.recorder.accepted
    assert envelope.rcpt_tos == ["a@example.net", "b@example.net"]
    (message,) = server.recorder.messages()
    assert message["Subject"] == "2026-11-23: Daily Brief"
    assert message["To"] == "a@example.net, b@example.net"


def test_dry_run_writes_the_exact_message_and_sends_nothing(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path
) -> None:
    server = smtp.start()
    config = write_config(tmp_path / "briefer.toml", server.port)
    code, stdout, _ = run("send", str(brief_folder), "--dry-run", "--config", str(config))
    assert code == 0
    eml = brief_folder / "brief.eml"
    assert stdout == f"Wrote {eml} (not sent)\n"
    assert server.recorder.data_calls == 0
    written = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert isinstance(written, EmailMessage)
    assert parts(written)[2] == (brief_folder / "brief.pdf").read_bytes()
    # The very bytes the file holds are what goes over the wire.
    message, path = deliver.send_brief(brief_folder, load_config(config), SENT_AT, dry_run=True)
    assert path == eml
    deliver.send(message, mailconfig.email_settings(load_config(config)), None)
    assert server.recorder.accepted[0].original_content == eml.read_bytes()
    assert not [p for p in brief_folder.iterdir() if p.name.startswith(".")]


def test_starttls_with_a_certificate_from_the_configured_ca(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path, certificates: Certificates
) -> None:
    server = smtp.start(tls=certificates)
    config = write_config(
        tmp_path / "briefer.toml", server.port, security="starttls", ca_file=str(certificates.ca)
    )
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 0, stderr
    (session,) = server.recorder.sessions
    assert session.ssl is not None, "the message travelled over TLS"


def test_starttls_refuses_a_certificate_it_cannot_verify(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path, certificates: Certificates
) -> None:
    server = smtp.start(tls=certificates)
    config = write_config(tmp_path / "briefer.toml", server.port, security="starttls")
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 1
    assert stderr == (
        f"Error: cannot send the brief via 127.0.0.1:{server.port}: its TLS certificate is "
        "not trusted: unable to get local issuer certificate (set 'email.ca_file' to trust "
        "a private CA) (not retried)\n"
    )
    assert server.recorder.data_calls == 0


def test_starttls_required_but_not_offered(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path
) -> None:
    server = smtp.start()
    config = write_config(tmp_path / "briefer.toml", server.port, security="starttls")
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 1
    assert "the server does not offer STARTTLS (not retried)" in stderr
    assert server.recorder.data_calls == 0


def test_implicit_tls(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path, certificates: Certificates
) -> None:
    server = smtp.start(tls=certificates, implicit_tls=True)
    config = write_config(
        tmp_path / "briefer.toml", server.port, security="ssl", ca_file=str(certificates.ca)
    )
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 0, stderr
    assert len(server.recorder.accepted) == 1


@pytest.mark.parametrize("mechanism", ["LOGIN", "PLAIN"])
def test_login_with_the_password_from_the_environment(
    mechanism: str,
    smtp: ServerFactory,
    brief_folder: Path,
    tmp_path: Path,
    certificates: Certificates,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = {"LOGIN": "PLAIN", "PLAIN": "LOGIN"}[mechanism]
    server = smtp.start(tls=certificates, auth=True, exclude=(other,))
    config = write_config(
        tmp_path / "briefer.toml", server.port, security="starttls",
        ca_file=str(certificates.ca), username=USER, password_env="BRIEFER_TEST_SMTP_PASSWORD",
    )  # fmt: skip
    monkeypatch.setenv("BRIEFER_TEST_SMTP_PASSWORD", PASSWORD)
    code, stdout, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 0, stderr
    assert server.logins == [(mechanism, USER)]
    assert len(server.recorder.accepted) == 1
    assert PASSWORD not in stdout + stderr


def test_a_wrong_password_is_not_retried_nor_shown(
    smtp: ServerFactory,
    brief_folder: Path,
    tmp_path: Path,
    certificates: Certificates,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = smtp.start(tls=certificates, auth=True)
    config = write_config(
        tmp_path / "briefer.toml", server.port, security="starttls",
        ca_file=str(certificates.ca), username=USER, password_env="SMTP_PASSWORD",
    )  # fmt: skip
    monkeypatch.setenv("SMTP_PASSWORD", "not-the-password")
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 1
    assert stderr.startswith(
        f"Error: cannot send the brief via 127.0.0.1:{server.port}: login as '{USER}' failed: 535 "
    )
    assert stderr.endswith("(not retried)\n") and "not-the-password" not in stderr
    assert server.recorder.data_calls == 0


def test_a_password_smtplib_cannot_send_is_a_clear_error(
    smtp: ServerFactory,
    brief_folder: Path,
    tmp_path: Path,
    certificates: Certificates,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = smtp.start(tls=certificates, auth=True)
    config = write_config(
        tmp_path / "briefer.toml", server.port, security="starttls",
        ca_file=str(certificates.ca), username=USER, password_env="SMTP_PASSWORD",
    )  # fmt: skip
    monkeypatch.setenv("SMTP_PASSWORD", "pässword")
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert (code, stderr) == (
        1,
        f"Error: cannot send the brief via 127.0.0.1:{server.port}: the user name and password "
        "must be ASCII to log in (a limit of smtplib) (not retried)\n",
    )


def test_a_missing_password_variable_is_named(
    brief_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMTP_PASSWORD", raising=False)
    config = write_config(tmp_path / "briefer.toml", 1, username=USER, password_env="SMTP_PASSWORD")
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert (code, stderr) == (
        1,
        "Error: the environment variable SMTP_PASSWORD (email.password_env) is not set\n",
    )


def test_a_temporary_failure_is_retried_and_delivered_once(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path
) -> None:
    server = smtp.start(Recorder(replies=["451 4.3.0 Mail server temporarily busy"]))
    config = write_config(tmp_path / "briefer.toml", server.port)
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 0, stderr
    assert server.recorder.data_calls == 2
    assert len(server.recorder.accepted) == 1
    assert stderr == (
        "warning: the server answered 451 4.3.0 Mail server temporarily busy; "
        "trying again in 0.01s\n"
    )


def test_a_permanent_failure_is_not_retried(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path
) -> None:
    server = smtp.start(Recorder(replies=["550 5.7.1 Message rejected as spam"] * 3))
    config = write_config(tmp_path / "briefer.toml", server.port)
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 1
    assert stderr == (
        f"Error: cannot send the brief via 127.0.0.1:{server.port}: the server refused it: "
        "550 5.7.1 Message rejected as spam (not retried)\n"
    )
    assert server.recorder.data_calls == 1
    assert (brief_folder / "brief.pdf").is_file()


def test_temporary_failures_give_up_after_the_retries(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path
) -> None:
    server = smtp.start(Recorder(replies=["421 4.7.0 Try again later"] * 5))
    config = write_config(tmp_path / "briefer.toml", server.port, retries=1)
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 1
    assert stderr.splitlines()[-1] == (
        f"Error: cannot send the brief via 127.0.0.1:{server.port}: the server answered "
        "421 4.7.0 Try again later (gave up after 2 attempts)"
    )
    assert server.recorder.data_calls == 2


def test_a_refused_recipient_is_reported_and_the_rest_get_it(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path
) -> None:
    server = smtp.start(Recorder(refuse={"desk@example.org": "550 5.1.1 No such user"}))
    config = write_config(tmp_path / "briefer.toml", server.port)
    code, stdout, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 0, stderr
    assert stderr == "warning: the server refused desk@example.org: 550 5.1.1 No such user\n"
    assert stdout.startswith("Sent Daily Brief — 23 November 2026 to ops@example.org (message")
    assert [e.rcpt_tos for e in server.recorder.accepted] == [["ops@example.org"]]


def test_every_recipient_refused_is_a_permanent_failure(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path
) -> None:
    no_user = "550 5.1.1 No such user"
    server = smtp.start(
        Recorder(refuse=dict.fromkeys(["ops@example.org", "desk@example.org"], no_user))
    )
    config = write_config(tmp_path / "briefer.toml", server.port)
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert (code, stderr) == (
        1,
        f"Error: cannot send the brief via 127.0.0.1:{server.port}: every recipient was refused "
        f"(ops@example.org: {no_user}; desk@example.org: {no_user}) (not retried)\n",
    )
    assert server.recorder.data_calls == 0


def test_a_server_that_never_answers_times_out(brief_folder: Path, tmp_path: Path) -> None:
    with silent_server() as port:
        config = write_config(tmp_path / "briefer.toml", port, timeout=0.2, retries=1)
        code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 1
    assert stderr.splitlines() == [
        "warning: no answer within 0.2s; trying again in 0.01s",
        f"Error: cannot send the brief via 127.0.0.1:{port}: no answer within 0.2s "
        "(gave up after 2 attempts)",
    ]


def test_no_server_listening(brief_folder: Path, tmp_path: Path) -> None:
    port = free_port()
    config = write_config(tmp_path / "briefer.toml", port, retries=1)
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 1
    assert stderr.splitlines() == [
        "warning: connection refused (is an SMTP server listening there?); trying again in 0.01s",
        f"Error: cannot send the brief via 127.0.0.1:{port}: connection refused (is an SMTP "
        "server listening there?) (gave up after 2 attempts)",
    ]


def test_a_title_cannot_inject_a_header(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path
) -> None:
    server = smtp.start()
    brief_json = brief_folder / "brief.json"
    data = json.loads(brief_json.read_text(encoding="utf-8"))
    data["title"] = "Daily Brief\r\nBcc: victim@example.com"
    brief_json.write_text(json.dumps(data), encoding="utf-8")
    config = write_config(tmp_path / "briefer.toml", server.port)
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 1
    assert stderr == (
        "Error: the subject 'Daily Brief\\r\\nBcc: victim@example.com — 23 November 2026' "
        "contains a line break\n"
    )
    assert server.recorder.data_calls == 0


@pytest.mark.parametrize(
    "address",
    ["ops@example.org\r\nBcc: victim@example.com", "ops@example.org, victim@example.com", "nobody"],
)
def test_a_recipient_must_be_one_address(address: str, brief_folder: Path, tmp_path: Path) -> None:
    config = write_config(tmp_path / "briefer.toml", 1)
    code, _, stderr = run("send", str(brief_folder), "--to", address, "--config", str(config))
    assert code == 1
    assert stderr.startswith(f"Error: --to: {address!r} ")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("colour = 1", "unknown key 'email.colour'"),
        ('password = "hunter2"', "'email.password' is not read from a file"),
        ('security = "tls"', "'email.security' must be one of starttls, ssl, none (not 'tls')"),
        ('port = "25"', "'email.port' must be a whole number"),
        ("port = 70000", "'email.port' must be between 0 and 65535"),
        ('subject = "Brief\\nBcc: x@y.z"', "'email.subject' must not contain a line break"),
        ('subject = "{title.__class__}"', "'email.subject' uses unknown field {title.__class__}"),
        ('sender = "not an address"', "'email.sender': 'not an address' is not one email address"),
        ("recipients = []", "'email.recipients' is empty (or give --to ADDRESS)"),
        ('password_env = "hunter2 with spaces"', "'email.password_env' must be the name of"),
        ("retries = -1", "'email.retries' must be between 0 and 10"),
        ("timeout = 0", "'email.timeout' must be a number of seconds >= 0.001"),
        (
            'username = "u"\nsecurity = "none"\nhost = "mail.example.org"',
            "'email.username' is set but 'email.security' is none",
        ),
    ],
)
def test_configuration_errors_name_the_key_and_file(
    setting: str, message: str, brief_folder: Path, tmp_path: Path
) -> None:
    config = tmp_path / "briefer.toml"
    lines = {"sender": 'sender = "brief@example.org"', "recipients": 'recipients = ["o@x.org"]'}
    lines[setting.split(" =")[0]] = setting
    config.write_text("[email]\n" + "\n".join(lines.values()) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        mailconfig.email_settings(load_config(config))
    assert str(caught.value).startswith(f"{config}: {message}")
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 1 and stderr == f"Error: {caught.value}\n"


def test_without_a_config_file_the_error_says_where_to_set_it(brief_folder: Path) -> None:
    code, _, stderr = run("send", str(brief_folder))
    assert (code, stderr) == (
        1,
        "Error: 'email.recipients' is empty (or give --to ADDRESS): set it under [email] in "
        "briefer.toml (or --config FILE)\n",
    )
    code, _, stderr = run("send", str(brief_folder), "--to", "ops@example.org")
    assert stderr == (
        "Error: 'email.sender' is not set: set it under [email] in briefer.toml "
        "(or --config FILE)\n"
    )


def test_defaults_pick_the_port_from_the_security_mode(tmp_path: Path) -> None:
    expected = {"starttls": 587, "ssl": 465, "none": 25}
    for security, port in expected.items():
        config = tmp_path / f"{security}.toml"
        config.write_text(
            f'[email]\nsecurity = "{security}"\nsender = "b@example.org"\n'
            'recipients = ["o@example.org"]\n',
            encoding="utf-8",
        )
        settings = mailconfig.email_settings(load_config(config))
        assert settings.port == port
    assert settings.timeout > 0 and settings.retries >= 1


def test_sending_a_folder_without_a_brief(tmp_path: Path) -> None:
    config = write_config(tmp_path / "briefer.toml", 1)
    code, _, stderr = run("send", str(tmp_path), "--config", str(config))
    assert (code, stderr) == (
        1,
        f"Error: no brief.pdf in {tmp_path} (build it with --format including pdf)\n",
    )


def test_without_markdown_the_text_comes_from_the_html(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path
) -> None:
    server = smtp.start()
    (brief_folder / "brief.md").unlink()
    (brief_folder / "brief.json").unlink()
    config = write_config(tmp_path / "briefer.toml", server.port)
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    assert code == 0, stderr
    (message,) = server.recorder.messages()
    text = parts(message)[0]
    assert message["Subject"] == "Daily Brief — 23 November 2026"
    assert "Bottom line up front" in text and "<" not in text and "@page" not in text
