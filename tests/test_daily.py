"""`briefer daily`: build today's brief from [sources], send it once, retry after a failure."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import smtp_fixtures
from click.testing import CliRunner
from smtp_fixtures import SEEDS, Recorder, ServerFactory, write_config
from web_fixtures import Site, build_news_web, serve

from briefer.cli import main
from briefer.config import load_config
from briefer.deliver.daily import run_daily
from briefer.errors import ConfigError, DeliveryError

# Fixtures from smtp_fixtures that this module's tests use.
smtp = smtp_fixtures.smtp

DATE = dt.date(2026, 11, 23)
SENT_AT = dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.UTC)


def _no_age_warning(stderr: str) -> str:
    """stderr less the warning that the seeds are years older than the brief's date."""
    return "".join(
        line for line in stderr.splitlines(keepends=True)
        if not line.startswith("warning: newest article")
    )  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def daily_config(folder: Path, port: int, **email: object) -> Path:
    """A briefer.toml with [email] for the loopback server, the seeds as sources, output/."""
    config = write_config(folder / "briefer.toml", port, **email)
    with config.open("a", encoding="utf-8") as handle:
        handle.write(f'\n[sources]\npaths = ["{SEEDS}"]\n\n[brief]\noutput_dir = "output"\n')
        handle.write('\n[daily]\nsince = ""\n')  # the seeds are years older than the brief
    return config


def record(folder: Path) -> dict:
    return json.loads((folder / "sent.json").read_text(encoding="utf-8"))


def test_daily_twice_sends_one_message(smtp: ServerFactory, tmp_path: Path) -> None:
    server = smtp.start()
    config = daily_config(tmp_path, server.port)
    today = dt.date.today()
    folder = tmp_path / "output" / today.isoformat()

    code, stdout, stderr = run("daily", "--config", str(config))
    assert code == 0, stderr
    (message,) = server.recorder.messages()
    assert stdout == (
        f"Sent {today.isoformat()} to ops@example.org, Desk Officer <desk@example.org> "
        f"(message id {message['Message-ID']})\n"
    )
    assert {p.name for p in folder.glob("brief.*")} == {
        "brief.md", "brief.html", "brief.pdf", "brief.json",
    }  # fmt: skip
    (sent,) = record(folder)["sends"]
    assert sent["message_id"] == message["Message-ID"]
    assert sent["recipients"] == ["ops@example.org", "Desk Officer <desk@example.org>"]
    assert dt.datetime.fromisoformat(sent["sent_at"]).date() == today

    code, stdout, stderr = run("daily", "--config", str(config))
    assert code == 0, stderr
    assert server.recorder.data_calls == 1
    assert stdout == (
        f"Already sent {today.isoformat()} at {sent['sent_at']} to ops@example.org, "
        "Desk Officer <desk@example.org>; nothing to do (--force sends again)\n"
    )


def test_force_sends_again_and_the_record_keeps_both(smtp: ServerFactory, tmp_path: Path) -> None:
    server = smtp.start()
    config = load_config(daily_config(tmp_path, server.port))
    first = run_daily(config, DATE, SENT_AT)
    second = run_daily(config, DATE, SENT_AT + dt.timedelta(hours=1))
    third = run_daily(config, DATE, SENT_AT + dt.timedelta(hours=2), force=True)
    assert [r.status for r in (first, second, third)] == ["sent", "already-sent", "sent"]
    assert len(server.recorder.accepted) == 2
    sends = record(tmp_path / "output" / "2026-11-23")["sends"]
    ids = [m["Message-ID"] for m in server.recorder.messages()]
    assert [s["message_id"] for s in sends] == ids
    assert ids[0] != ids[1]
    assert [s["sent_at"] for s in sends] == [
        "2026-11-23T06:30:00+00:00",
        "2026-11-23T08:30:00+00:00",
    ]


def test_a_failed_send_leaves_no_record_and_the_next_run_retries(
    smtp: ServerFactory, tmp_path: Path
) -> None:
    server = smtp.start(Recorder(replies=["554 5.3.0 Mailbox system offline"]))
    config = load_config(daily_config(tmp_path, server.port))
    folder = tmp_path / "output" / "2026-11-23"
    with pytest.raises(DeliveryError, match=r"554 5\.3\.0 Mailbox system offline \(not retried\)"):
        run_daily(config, DATE, SENT_AT)
    assert (folder / "brief.pdf").is_file(), "the brief stays on disk"
    assert not (folder / "sent.json").exists()

    result = run_daily(config, DATE, SENT_AT)
    assert result.status == "sent"
    assert len(server.recorder.accepted) == 1
    assert len(record(folder)["sends"]) == 1


def test_a_failed_daily_run_exits_non_zero(tmp_path: Path) -> None:
    from smtp_fixtures import free_port

    port = free_port()
    config = daily_config(tmp_path, port, retries=0)
    code, _, stderr = run("daily", "--config", str(config))
    assert (code, _no_age_warning(stderr)) == (
        1,
        f"Error: cannot send the brief via 127.0.0.1:{port}: connection refused (is an SMTP "
        "server listening there?) (gave up after 1 attempt)\n",
    )
    assert not list((tmp_path / "output").rglob("sent.json"))


def test_dry_run_builds_and_writes_the_message_but_sends_and_records_nothing(
    smtp: ServerFactory, tmp_path: Path
) -> None:
    server = smtp.start()
    config = load_config(daily_config(tmp_path, server.port))
    result = run_daily(config, DATE, SENT_AT, dry_run=True)
    folder = tmp_path / "output" / "2026-11-23"
    assert result.status == "dry-run" and result.eml == folder / "brief.eml"
    assert b"Subject: Daily Brief =?utf-8?" in (folder / "brief.eml").read_bytes()
    assert server.recorder.data_calls == 0
    assert not (folder / "sent.json").exists()
    assert run_daily(config, DATE, SENT_AT).status == "sent"


def test_relative_source_paths_are_read_from_the_config_folder(
    smtp: ServerFactory, tmp_path: Path
) -> None:
    server = smtp.start()
    (tmp_path / "articles").symlink_to(SEEDS)
    config = write_config(tmp_path / "briefer.toml", server.port)
    with config.open("a", encoding="utf-8") as handle:
        handle.write('\n[sources]\npaths = ["articles"]\n\n[brief]\noutput_dir = "out"\n')
        handle.write('\n[daily]\nsince = ""\n')
    result = run_daily(load_config(config), DATE, SENT_AT)
    assert result.status == "sent" and result.folder == tmp_path / "out" / "2026-11-23"


def test_a_config_with_only_feeds_runs_daily(smtp: ServerFactory, tmp_path: Path) -> None:
    server = smtp.start()
    with serve(Site()) as site:
        web = build_news_web(site)
        config = write_config(tmp_path / "briefer.toml", server.port)
        with config.open("a", encoding="utf-8") as handle:
            handle.write(
                f'\n[sources]\nfeeds = ["{web.full_feed}"]\nallow_private = true\n'
                '\n[brief]\noutput_dir = "o"\n\n[daily]\nsince = ""\n'
            )
        result = run_daily(load_config(config), DATE, SENT_AT)
    assert result.status == "sent"
    assert len(server.recorder.accepted) == 1
    sources = json.loads((result.folder / "brief.json").read_text(encoding="utf-8"))["sources"]
    assert len(sources) == 4  # the four releases of the full-text feed
    assert all(s["path"].startswith(site.base) for s in sources)


def test_no_sources_configured(tmp_path: Path) -> None:
    config = write_config(tmp_path / "briefer.toml", 1)
    code, _, stderr = run("daily", "--config", str(config))
    assert (code, stderr) == (
        1,
        "Error: no sources configured: set paths, urls, feeds or opml under [sources] in "
        "briefer.toml (or --config FILE)\n",
    )


def test_a_bad_email_table_fails_before_building(tmp_path: Path) -> None:
    config = daily_config(tmp_path, 1, security="tls")
    with pytest.raises(ConfigError, match=r"'email.security' must be one of"):
        run_daily(load_config(config), DATE, SENT_AT)
    assert not (tmp_path / "output").exists()


def test_a_damaged_record_is_an_error_not_a_resend(smtp: ServerFactory, tmp_path: Path) -> None:
    server = smtp.start()
    config = load_config(daily_config(tmp_path, server.port))
    folder = tmp_path / "output" / "2026-11-23"
    folder.mkdir(parents=True)
    (folder / "sent.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DeliveryError, match=r"sent.json is damaged .*; remove it to send again"):
        run_daily(config, DATE, SENT_AT)
    assert server.recorder.data_calls == 0


def test_a_missing_password_fails_before_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_SUCH_PASSWORD_VARIABLE", raising=False)
    config = daily_config(tmp_path, 1, username="u", password_env="NO_SUCH_PASSWORD_VARIABLE")
    code, _, stderr = run("daily", "--config", str(config))
    assert (code, stderr) == (
        1,
        "Error: the environment variable NO_SUCH_PASSWORD_VARIABLE (email.password_env) "
        "is not set\n",
    )
    assert not (tmp_path / "output").exists()


def test_a_second_run_at_the_same_moment_is_refused(smtp: ServerFactory, tmp_path: Path) -> None:
    import fcntl

    server = smtp.start()
    config = load_config(daily_config(tmp_path, server.port))
    folder = tmp_path / "output" / "2026-11-23"
    folder.mkdir(parents=True)
    with open(folder / ".daily.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(DeliveryError, match=r"another briefer daily is running for 2026-11-23"):
            run_daily(config, DATE, SENT_AT)
    assert server.recorder.data_calls == 0
    assert run_daily(config, DATE, SENT_AT).status == "sent"


def test_daily_with_attach_ics_writes_and_attaches_the_calendar(
    smtp: ServerFactory, tmp_path: Path
) -> None:
    server = smtp.start()
    config = daily_config(tmp_path, server.port, attach_ics=True)
    result = run_daily(load_config(config), DATE, SENT_AT)
    assert result.status == "sent"
    ics = result.folder / "brief.ics"
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    (message,) = server.recorder.messages()
    types = [a.get_content_type() for a in message.iter_attachments()]
    assert types == ["application/pdf", "text/calendar"]
