"""Hostile output and faults (issue 15): one SMTP deadline, mail sent once, outputs as a set,
config and input strings escaped.

Everything here is real: aiosmtpd on loopback, ``briefer`` subprocesses killed
with SIGKILL, PDFs read back with pypdf.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import smtp_fixtures
from click.testing import CliRunner
from smtp_fixtures import SEEDS, Recorder, ServerFactory, dripping_server, write_config

import briefer
from briefer.cli import main
from briefer.config import files as outputset
from briefer.config import load_config
from briefer.config.document import document_settings
from briefer.deliver.daily import PENDING_NAME, run_daily
from briefer.errors import DeliveryError
from briefer.render import render_markdown

smtp = smtp_fixtures.smtp
written_brief = smtp_fixtures.written_brief
brief_folder = smtp_fixtures.brief_folder

DATE = dt.date(2026, 11, 23)
SENT_AT = dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.UTC)
DATA = Path(__file__).parent / "data"
SET = {"brief.md", "brief.html", "brief.pdf", "brief.json"}
BRIEFER = [sys.executable, "-c", "import sys; from briefer.cli import main; sys.exit(main())"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def daily_config(folder: Path, port: int, **email: object) -> Path:
    config = write_config(folder / "briefer.toml", port, **email)
    with config.open("a", encoding="utf-8") as handle:
        handle.write(f'\n[sources]\npaths = ["{SEEDS}"]\n\n[brief]\noutput_dir = "output"\n')
        handle.write('\n[daily]\nsince = ""\n')  # the seeds are years older than the brief
    return config


def wait_for(condition: Callable[[], bool], seconds: float = 60.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


# --- item 4: one deadline from greeting to QUIT ----------------------------------------


def test_a_greeting_dripped_a_byte_every_2s_stops_at_the_timeout(
    brief_folder: Path, tmp_path: Path
) -> None:
    with dripping_server(every=2.0) as port:
        config = write_config(tmp_path / "briefer.toml", port, timeout=3, retries=0)
        start = time.monotonic()
        code, _, stderr = run("send", str(brief_folder), "--config", str(config))
        elapsed = time.monotonic() - start
    assert code == 1
    assert stderr == (
        f"Error: cannot send the brief via 127.0.0.1:{port}: no answer within 3s "
        "(gave up after 1 attempt)\n"
    )
    assert 2.9 <= elapsed < 4.0, elapsed  # each byte came within smtplib's per-read 3 s


def test_the_deadline_covers_the_answer_to_the_message(
    smtp: ServerFactory, brief_folder: Path, tmp_path: Path
) -> None:
    """A server that sits on its answer to DATA: stopped at the timeout, and not sent again."""
    server = smtp.start(Recorder(hold=10))
    config = write_config(tmp_path / "briefer.toml", server.port, timeout=1.5, retries=3)
    start = time.monotonic()
    code, _, stderr = run("send", str(brief_folder), "--config", str(config))
    elapsed = time.monotonic() - start
    server.recorder.release.set()
    assert code == 1 and stderr.count("\n") == 1
    assert stderr.startswith(
        f"Error: cannot tell whether the brief was delivered via 127.0.0.1:{server.port}: the "
        "message went out but no answer to it came within 1.5s; not sent again"
    )
    assert 1.4 <= elapsed < 2.5, elapsed
    assert server.recorder.data_calls == 1  # three retries allowed, none used


# --- item 7: mail is sent once ----------------------------------------------------------


def test_a_421_to_quit_after_the_message_was_accepted_is_a_delivery(
    smtp: ServerFactory, tmp_path: Path
) -> None:
    server = smtp.start(Recorder(quit_reply="421 4.3.0 closing, sorry"))
    config = load_config(daily_config(tmp_path, server.port))
    folder = tmp_path / "output" / DATE.isoformat()
    assert run_daily(config, DATE, SENT_AT).status == "sent"
    assert run_daily(config, DATE, SENT_AT).status == "already-sent"
    assert len(server.recorder.accepted) == 1
    (sent,) = json.loads((folder / "sent.json").read_text(encoding="utf-8"))["sends"]
    assert sent["attempts"] == 1
    assert not (folder / PENDING_NAME).exists()


def test_a_refused_message_leaves_nothing_pending(smtp: ServerFactory, tmp_path: Path) -> None:
    server = smtp.start(Recorder(replies=["554 5.6.0 no thanks"]))
    config = load_config(daily_config(tmp_path, server.port))
    with pytest.raises(DeliveryError, match="no thanks"):
        run_daily(config, DATE, SENT_AT)
    assert not (tmp_path / "output" / DATE.isoformat() / PENDING_NAME).exists()
    assert run_daily(config, DATE, SENT_AT).status == "sent"


def test_a_delivery_that_cannot_be_recorded_is_not_sent_again(
    smtp: ServerFactory, tmp_path: Path
) -> None:
    server = smtp.start()
    config = load_config(daily_config(tmp_path, server.port))
    folder = tmp_path / "output" / DATE.isoformat()
    (folder / "sent.json").mkdir(parents=True)  # sent.json cannot be written
    with pytest.raises(DeliveryError) as caught:
        run_daily(config, DATE, SENT_AT)
    assert str(caught.value) == (
        f"the brief was delivered but {folder / 'sent.json'} could not be written (Is a "
        "directory); pending.json stays, so it is not sent again"
    )
    with pytest.raises(DeliveryError, match="may already have been sent"):
        run_daily(config, DATE, SENT_AT)
    assert len(server.recorder.accepted) == 1


def start_daily(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*BRIEFER, "daily", "--config", str(config)],
        cwd=config.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def kill_in_the_window(server: smtp_fixtures.Server, config: Path, window: str) -> None:
    """Start ``briefer daily`` and kill -9 it after the server has the message.

    ``window`` "data": while the server holds its 250 (it has the message, the
    client does not know yet); "quit": after the 250, while QUIT goes unanswered.
    """
    recorder = server.recorder
    before, quits = len(recorder.accepted), recorder.quits
    recorder.release.clear()
    process = start_daily(config)
    try:
        if window == "data":
            wait_for(lambda: len(recorder.accepted) > before or process.poll() is not None)
        else:
            wait_for(lambda: recorder.quits > quits or process.poll() is not None)
        assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        recorder.release.set()
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        process.stderr.close()
    assert len(recorder.accepted) == before + 1


def check_rerun_does_not_resend(server: smtp_fixtures.Server, folder: Path, config: Path) -> None:
    """Killed while the server held its 250: pending.json stays and the rerun refuses."""
    copies = len(server.recorder.accepted)
    pending = json.loads((folder / PENDING_NAME).read_text(encoding="utf-8"))
    assert pending["message_id"] == server.recorder.messages()[-1]["Message-ID"]
    assert pending["recipients"] == ["ops@example.org", "Desk Officer <desk@example.org>"]
    assert pending["date"] == folder.name and not (folder / "sent.json").exists()
    code, stdout, stderr = run("daily", "--config", str(config))
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"Error: the {folder.name} brief may already have been sent: a send to ops@example.org, "
        f"Desk Officer <desk@example.org> (message id {pending['message_id']}) began at "
        f"{pending['started_at']} and was never confirmed ({folder / PENDING_NAME}); check "
        "whether it arrived, then run briefer daily --force to send it again\n"
    )
    assert len(server.recorder.accepted) == copies


def check_rerun_finds_it_sent(server: smtp_fixtures.Server, folder: Path, config: Path) -> None:
    """Killed after the 250, while QUIT went unanswered: sent.json was already written."""
    copies = len(server.recorder.accepted)
    (sent,) = json.loads((folder / "sent.json").read_text(encoding="utf-8"))["sends"]
    assert sent["message_id"] == server.recorder.messages()[-1]["Message-ID"]
    assert not (folder / PENDING_NAME).exists()
    code, stdout, _ = run("daily", "--config", str(config))
    assert code == 0 and stdout.startswith(f"Already sent {folder.name} at ")
    assert len(server.recorder.accepted) == copies


@pytest.mark.parametrize("window", ["data", "quit"])
def test_kill_9_after_the_server_has_the_message_and_the_rerun_does_not_resend(
    window: str, smtp: ServerFactory, tmp_path: Path
) -> None:
    recorder = Recorder(hold=60) if window == "data" else Recorder(quit_hold=60)
    server = smtp.start(recorder)
    config = daily_config(tmp_path, server.port, timeout=60)
    folder = tmp_path / "output" / dt.date.today().isoformat()
    kill_in_the_window(server, config, window)
    if window == "quit":
        check_rerun_finds_it_sent(server, folder, config)
        return
    check_rerun_does_not_resend(server, folder, config)
    recorder.hold = 0
    code, _, stderr = run("daily", "--config", str(config), "--force")
    assert code == 0, stderr
    assert len(recorder.accepted) == 2 and not (folder / PENDING_NAME).exists()
    (sent,) = json.loads((folder / "sent.json").read_text(encoding="utf-8"))["sends"]
    assert sent["message_id"] == recorder.messages()[-1]["Message-ID"]
    assert run("daily", "--config", str(config))[1].startswith("Already sent")
    assert len(recorder.accepted) == 2


@pytest.mark.slow
def test_ten_kills_in_the_window_deliver_ten_copies_not_twenty(
    smtp: ServerFactory, tmp_path: Path
) -> None:
    """The issue's row: 10 kill -9 between the server's 250 and sent.json, then a rerun each."""
    recorder = Recorder()
    server = smtp.start(recorder)
    resent = refused = 0
    for kill in range(10):
        window = "data" if kill % 2 == 0 else "quit"
        recorder.hold, recorder.quit_hold = (60, 0) if window == "data" else (0, 60)
        day = tmp_path / f"run{kill}"
        day.mkdir()
        config = daily_config(day, server.port, timeout=60)
        kill_in_the_window(server, config, window)
        copies = len(recorder.accepted)
        refused += run("daily", "--config", str(config))[0] == 1
        resent += len(recorder.accepted) - copies
    print(
        f"\n10 kills in the window: {len(recorder.accepted)} copies, {resent} resent; "
        f"{refused} reruns stopped on pending.json, {10 - refused} found sent.json"
    )
    assert (len(recorder.accepted), resent) == (10, 0)


# --- item 8: outputs as a set -----------------------------------------------------------


def test_a_set_replaces_the_previous_one_keeping_the_records(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "2026-11-23"
    outputset.write_set(folder, {"brief.md": b"one", "brief.pdf": b"one"})
    (folder / "sent.json").write_text("{}", encoding="utf-8")
    record = (folder / "sent.json").stat().st_ino
    (folder / ".brief.md.k2j3h4g5").write_bytes(b"left by an older briefer")
    paths = outputset.write_set(folder, {"brief.md": b"two", "brief.json": b"two"})
    assert paths == {"brief.md": folder / "brief.md", "brief.json": folder / "brief.json"}
    assert {p.name for p in folder.iterdir()} == {"brief.md", "brief.json", "sent.json"}
    assert (folder / "sent.json").stat().st_ino == record, "the very same file, not a copy"
    assert (folder / "brief.md").read_bytes() == b"two"
    assert [p.name for p in folder.parent.iterdir()] == ["2026-11-23"]


def test_the_daily_lock_holds_across_a_swap(tmp_path: Path) -> None:
    """``.daily.lock`` is carried as a hard link: a second daily still finds it locked."""
    import fcntl

    folder = tmp_path / "out" / "2026-11-23"
    folder.mkdir(parents=True)
    with open(folder / ".daily.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        outputset.write_set(folder, {"brief.md": b"new"})
        with open(folder / ".daily.lock", "a+b") as second, pytest.raises(BlockingIOError):
            fcntl.flock(second.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_file_where_the_day_folder_goes_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "2026-11-23").write_text("mine", encoding="utf-8")
    code, _, stderr = run("build", str(SEEDS), "--date", "2026-11-23", "--output-dir",
                          str(tmp_path / "out"), "--format", "md", "-q")  # fmt: skip
    assert (code, stderr) == (
        1,
        f"Error: cannot write the brief: {tmp_path / 'out' / '2026-11-23'} is a file, "
        "not a folder\n",
    )
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["2026-11-23"]


def test_files_get_the_mode_the_umask_gives(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        paths = outputset.write_set(tmp_path / "out" / "day", {"brief.md": b"x"})
        outputset.write_atomically(tmp_path / "out" / "day" / "sent.json", b"{}")
    finally:
        os.umask(old)
    assert oct(paths["brief.md"].stat().st_mode & 0o777) == oct(0o640)
    assert oct((tmp_path / "out" / "day" / "sent.json").stat().st_mode & 0o777) == oct(0o640)
    assert oct((tmp_path / "out" / "day").stat().st_mode & 0o777) == oct(0o750)


def test_leftovers_of_a_killed_run_are_cleaned_or_put_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outputset.write_set(out / "2026-11-22", {"brief.md": b"22"})
    # Killed while writing its new set for the 22nd:
    (out / ".brief-set-2026-11-22-new-0a1b2c").mkdir()
    (out / ".brief-set-2026-11-22-new-0a1b2c" / "brief.md").write_bytes(b"half")
    # Killed between the two renames of the fallback swap for the 23rd:
    (out / ".brief-set-2026-11-23-old-3d4e5f").mkdir()
    (out / ".brief-set-2026-11-23-old-3d4e5f" / "brief.md").write_bytes(b"23")
    outputset.write_set(out / "2026-11-24", {"brief.md": b"24"})
    assert sorted(p.name for p in out.iterdir()) == ["2026-11-22", "2026-11-23", "2026-11-24"]
    assert (out / "2026-11-23" / "brief.md").read_bytes() == b"23"
    assert (out / "2026-11-22" / "brief.md").read_bytes() == b"22"


def test_the_swap_without_renameat2_gives_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the system cannot exchange two folders (not Linux), two renames do it."""
    monkeypatch.setattr(outputset, "_exchange", lambda first, second: False)
    folder = tmp_path / "out" / "day"
    outputset.write_set(folder, {"brief.md": b"one"})
    outputset.write_set(folder, {"brief.md": b"two"})
    assert (folder / "brief.md").read_bytes() == b"two"
    assert [p.name for p in folder.parent.iterdir()] == ["day"]


def build_title(folder: Path) -> str:
    """The build a day's folder is from, checked to be the same in all four files."""
    import pypdf

    names = {p.name for p in folder.iterdir()}
    assert names == SET, f"not one clean set: {sorted(names)}"
    title = json.loads((folder / "brief.json").read_text(encoding="utf-8"))["title"]
    markdown_title = (folder / "brief.md").read_text(encoding="utf-8").split("\n")[2]
    html_title = re.search(r"<title>(.*?) — ", (folder / "brief.html").read_text("utf-8"))
    pdf_title = pypdf.PdfReader(folder / "brief.pdf").metadata.title  # type: ignore[union-attr]
    assert html_title is not None
    assert (markdown_title, html_title[1], pdf_title.split(" — ")[0]) == (f"# {title}",) + (
        title,
    ) * 2, f"a mixed set in {folder}"
    return str(title)


def start_build(folder: Path, title: str) -> subprocess.Popen[bytes]:
    config = folder / f"{title.replace(' ', '-')}.toml"
    config.write_text(f'[brief]\ntitle = "{title}"\n', encoding="utf-8")
    return subprocess.Popen(
        [*BRIEFER, "build", str(SEEDS), "--date", "2026-11-23", "--output-dir", "out", "-q",
         "--config", str(config)],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def kill_while_writing(process: subprocess.Popen[bytes], out: Path, rng: random.Random) -> bool:
    """Kill -9 ``process`` a random 0-40 ms after its set's temporary folder appears.

    Returns False when the build ended before that could happen.
    """
    while process.poll() is None:
        if any(p.name.startswith(outputset.SET_PREFIX) for p in out.iterdir()):
            time.sleep(rng.uniform(0, 0.04))
            process.send_signal(signal.SIGKILL)
            return True
        time.sleep(0.0005)
    return False


KILLS = 70  # the row: 70 kill -9 during builds gave 17 mixed sets, 18 temp files


@pytest.mark.slow
def test_seventy_kill_9_during_build_leave_one_whole_set(tmp_path: Path) -> None:
    """The issue's row: kill -9 a build 70 times; the folder always holds one build's set.

    Even kills come at a random moment of the whole run; odd ones in the few
    milliseconds while the files are written, where a mix could happen.
    """
    day = tmp_path / "out" / "2026-11-23"
    start = time.monotonic()
    assert start_build(tmp_path, "Build 0").wait() == 0
    duration = time.monotonic() - start
    assert build_title(day) == "Build 0"
    rng = random.Random(15)
    outcomes = {"old": 0, "new": 0}
    while_writing = leftovers = 0
    previous = "Build 0"
    for kill in range(1, KILLS + 1):
        title = f"Build {kill}"
        process = start_build(tmp_path, title)
        if kill % 2:
            while_writing += kill_while_writing(process, day.parent, rng)
        else:
            time.sleep(rng.uniform(0.1 * duration, 1.1 * duration))
            process.send_signal(signal.SIGKILL)
        process.wait()
        found = build_title(day)
        assert found in (previous, title)
        outcomes["new" if found == title else "old"] += 1
        leftovers += sum(p.name.startswith(outputset.SET_PREFIX) for p in day.parent.iterdir())
        previous = found
    last = f"Build {KILLS + 1}"
    assert start_build(tmp_path, last).wait() == 0
    assert build_title(day) == last
    assert [p.name for p in day.parent.iterdir()] == ["2026-11-23"], "leftovers not cleaned"
    temporary = [
        p
        for p in tmp_path.rglob("*")
        if p.name.startswith(".brief") or outputset.TEMP_MARK in p.name
    ]
    assert not temporary, temporary
    print(
        f"\n{KILLS} kills ({while_writing} while the set was written): {outcomes}, 0 mixed "
        f"sets, 0 temp files, {leftovers} leftover folders beside it, removed by the next build"
    )
    assert while_writing >= KILLS // 3


# --- item 9: strings from config and input are escaped ----------------------------------

HOSTILE = "<script>alert(1)</script> [l](javascript:alert(1))"


def hostile_config(folder: Path, port: int) -> Path:
    config = write_config(folder / "briefer.toml", port)
    with config.open("a", encoding="utf-8") as handle:
        handle.write(
            f"\n[brief]\ntitle = {json.dumps(HOSTILE)}\n\n"
            f"[document]\nbanner = {json.dumps('SECRET ' + HOSTILE)}\n\n"
            f'[[topics]]\nid = "ukraine"\ntitle = {json.dumps("Topic " + HOSTILE)}\n'
            'terms = ["Ukraine", "Kyiv"]\n'
        )
    return config


def assert_inert(html: str) -> None:
    assert "<script" not in html.lower()
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html).lower(), "an attribute holds it"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[l](javascript:alert(1))" in html  # shown as text


def test_a_hostile_title_and_topic_title_never_reach_html_or_mail_as_markup(
    smtp: ServerFactory, tmp_path: Path
) -> None:
    server = smtp.start()
    config_path = hostile_config(tmp_path, server.port)
    config = load_config(config_path)
    brief = briefer.build_brief([SEEDS], DATE, config)
    assert brief.sections[0].title == "Topic " + HOSTILE
    paths = briefer.write_brief(brief, tmp_path / "output", document=document_settings(config))
    page = paths["html"].read_text(encoding="utf-8")
    assert_inert(page)
    assert re.search(r"<h1[^>]*>&lt;script&gt;", page)
    assert '<div class="banner banner-top">SECRET &lt;script&gt;' in page
    markdown = paths["md"].read_text(encoding="utf-8")
    assert "# &lt;script&gt;alert(1)&lt;/script&gt; \\[l\\](javascript:alert(1))" in markdown
    assert markdown.startswith("**SECRET &lt;script&gt;alert(1)&lt;/script&gt; \\[l\\]")
    code, _, stderr = run("send", str(paths["pdf"].parent), "--config", str(config_path))
    assert code == 0, stderr
    (message,) = server.recorder.messages()
    assert message["Subject"] == f"{HOSTILE} — 23 November 2026"
    body = message.get_body(preferencelist=("html",))
    assert body is not None
    assert_inert(body.get_content())


def test_line_breaks_in_json_lines_fields_cannot_forge_a_source(tmp_path: Path) -> None:
    lines = (DATA / "state-department.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    for number, record in enumerate(records):
        record["title"] = f"Title {number}\n2. Forged source — fake.example\n"
        record["source"] = "Outlet\n3. forged outlet"
        record["url"] = f"https://example.org/{number}\n4. forged url"
    path = tmp_path / "releases.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    brief = briefer.build_brief([path], dt.date(2022, 2, 10))
    cited = len(brief.cited_ids())
    assert cited >= 2
    markdown = render_markdown(brief)
    sources = markdown.split("## Sources\n", 1)[1]
    numbered = [line for line in sources.splitlines() if re.match(r"\d+\. ", line)]
    assert len(numbered) == cited
    assert all(re.match(r"\d+\. <a id=\"source-\d+\"></a>Title \d", line) for line in numbered)
    assert "Title 0 2. Forged source — fake.example" in markdown or cited < len(records)
    page = briefer.render.render_html(brief)
    source_list = page.split('id="source-1"', 1)[1]
    assert source_list.count("<li>") == cited - 1  # the first <li> is before the split
    assert "forged url" in page and '<a href="https://example.org/0\n' not in page


def test_a_title_with_a_line_break_stays_on_one_line_down_to_the_subject(
    smtp: ServerFactory, tmp_path: Path
) -> None:
    server = smtp.start()
    config_path = write_config(tmp_path / "briefer.toml", server.port)
    with config_path.open("a", encoding="utf-8") as handle:
        handle.write('\n[brief]\ntitle = "Daily\\n1. Bcc: victim@example.net"\n')
    brief = briefer.build_brief([SEEDS], DATE, load_config(config_path))
    paths = briefer.write_brief(brief, tmp_path / "output")
    assert "# Daily 1. Bcc: victim@example.net\n" in paths["md"].read_text(encoding="utf-8")
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["title"] == (
        "Daily 1. Bcc: victim@example.net"
    )
    code, _, stderr = run("send", str(paths["pdf"].parent), "--config", str(config_path))
    assert code == 0, stderr
    (message,) = server.recorder.messages()
    assert message["Subject"] == "Daily 1. Bcc: victim@example.net — 23 November 2026"
    assert message["Bcc"] is None
