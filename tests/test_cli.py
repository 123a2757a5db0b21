"""The command line, as a user types it: exact messages and exit codes."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from briefer import __version__
from briefer.cli import main


def _no_age_warning(stderr: str) -> str:
    """stderr less the warning that the seeds are years older than the brief's date."""
    return "".join(
        line for line in stderr.splitlines(keepends=True)
        if not line.startswith("warning: newest article")
    )  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_writes_the_four_files_and_lists_them(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run(
        "build", str(seeds), "--date", "2026-11-23", "--output-dir", str(out)
    )
    assert code == 0, stderr
    folder = out / "2026-11-23"
    assert stdout.splitlines() == [
        str(folder / f"brief.{f}") for f in ("md", "html", "pdf", "json")
    ]
    assert _no_age_warning(stderr) == "read 2 articles from 2 sources\n"


def test_format_limits_what_is_written(seeds: Path, tmp_path: Path) -> None:
    code, _, _ = run(
        "build",
        str(seeds),
        "--date",
        "2026-11-23",
        "--output-dir",
        str(tmp_path),
        "--format",
        "json,md",
    )
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "2026-11-23").iterdir()) == ["brief.json", "brief.md"]


def test_method_and_sentences_options(seeds: Path, tmp_path: Path) -> None:
    code, _, _ = run(
        "build", str(seeds), "--date", "2026-11-23", "--output-dir", str(tmp_path),
        "--format", "json", "--method", "luhn", "--sentences", "2",
    )  # fmt: skip
    assert code == 0
    data = json.loads((tmp_path / "2026-11-23" / "brief.json").read_text())
    assert data["method"] == "luhn"
    # --sentences counts the facts under each story's headline; [brief] stories the stories.
    # The outlook is not a ranked section: it lists every dated event ([outlook] in defaults).
    stories = [st for s in data["sections"] for st in s["stories"]]
    assert stories and all(len(story["items"]) <= 2 for story in stories)
    assert all(len(s["stories"]) <= 3 for s in data["sections"])


def test_unreadable_articles_are_reported_and_skipped(seeds: Path, tmp_path: Path) -> None:
    (seeds / "empty.txt").write_text("   \n", encoding="utf-8")
    (seeds / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (seeds / "latin1.txt").write_bytes("Kyiv caf\xe9 talks.".encode("latin-1"))
    (seeds / "headings.md").write_text("# Only a heading\n\nAnother heading\n", encoding="utf-8")
    code, _, stderr = run(
        "build",
        str(seeds),
        "--date",
        "2026-11-23",
        "--output-dir",
        str(tmp_path),
        "--format",
        "json",
    )
    assert code == 0
    assert _no_age_warning(stderr).splitlines() == [
        f"skipped {seeds / 'binary.txt'}: binary file, not text",
        f"skipped {seeds / 'empty.txt'}: empty file",
        f"skipped {seeds / 'headings.md'}: no sentences found",
        f"read 3 articles from 6 sources, skipped 3: {seeds / 'binary.txt'}, "
        f"{seeds / 'empty.txt'}, {seeds / 'headings.md'}",
    ]
    data = json.loads((tmp_path / "2026-11-23" / "brief.json").read_text())
    assert "Kyiv café talks." in [s["title"] for s in data["sources"]]  # Latin-1, decoded
    assert len(data["skipped"]) == 3


def test_no_readable_input_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    code, _, stderr = run("build", str(tmp_path), "--output-dir", str(tmp_path / "out"))
    assert code == 1
    assert stderr == f"Error: No readable articles ({tmp_path / 'empty.txt'}: empty file)\n"
    assert not (tmp_path / "out").exists()


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    code, _, stderr = run("build", str(tmp_path))
    assert (code, stderr) == (1, "Error: No readable articles\n")


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    code, _, stderr = run("build", str(tmp_path / "nope"))
    assert (code, stderr) == (1, f"Error: No such file or folder: {tmp_path / 'nope'}\n")


def test_a_bad_date_is_an_error(seeds: Path) -> None:
    code, _, stderr = run("build", str(seeds), "--date", "23/11/2026")
    assert code == 2
    assert stderr.splitlines()[-1] == (
        "Error: Invalid value for '--date': '23/11/2026' is not a date in the form YYYY-MM-DD"
    )


def test_an_unknown_method_is_an_error(seeds: Path) -> None:
    code, _, stderr = run("build", str(seeds), "--method", "magic")
    assert code == 2
    assert "Invalid value for '--method': 'magic' is not one of 'brief'," in stderr


def test_an_unknown_method_in_the_config_is_an_error(seeds: Path, tmp_path: Path) -> None:
    config = tmp_path / "briefer.toml"
    config.write_text('[brief]\nmethod = "magic"\n', encoding="utf-8")
    code, _, stderr = run("build", str(seeds), "--config", str(config))
    assert code == 1
    assert stderr == (
        f"Error: {config}: unknown method 'magic' (choose from brief, lex-rank, text-rank, "
        "reduction, lead, sumy-lex-rank, sumy-text-rank, sumy-reduction, lsa, luhn, edmundson, "
        "kl, sum-basic, random)\n"
    )


def test_an_unknown_config_key_names_the_key_and_file(seeds: Path, tmp_path: Path) -> None:
    config = tmp_path / "briefer.toml"
    config.write_text("[brief]\nsentence = 3\n", encoding="utf-8")
    code, _, stderr = run("build", str(seeds), "--config", str(config))
    assert (code, stderr) == (1, f"Error: {config}: unknown key 'brief.sentence'\n")


def test_a_bad_topic_config_is_an_error(seeds: Path, tmp_path: Path) -> None:
    config = tmp_path / "briefer.toml"
    config.write_text('[[topics]]\nid = "x"\ntitle = "X"\nterms = []\n', encoding="utf-8")
    code, _, stderr = run("build", str(seeds), "--config", str(config))
    assert (code, stderr) == (1, f"Error: {config}: topics[0]: 'terms' must not be empty\n")


def test_config_topics_replace_the_defaults(seeds: Path, tmp_path: Path) -> None:
    config = tmp_path / "briefer.toml"
    config.write_text(
        '[brief]\nsentences = 2\n\n[[topics]]\nid = "energy"\ntitle = "Energy"\n'
        'terms = ["oil", "gas", "energy"]\n',
        encoding="utf-8",
    )
    code, _, stderr = run(
        "build", str(seeds), "--config", str(config), "--date", "2026-11-23",
        "--output-dir", str(tmp_path / "out"), "--format", "json",
    )  # fmt: skip
    assert code == 0, stderr
    data = json.loads((tmp_path / "out" / "2026-11-23" / "brief.json").read_text())
    assert [s["id"] for s in data["sections"]] == ["energy"]
    said = data["bluf"] + data["sections"][0]["items"]
    assert any("oil and gas" in i["text"] for i in said)


def test_summarize_prints_key_sentences_in_article_order(seeds: Path) -> None:
    article = seeds / "003_33cdd8dea3ad10d6.txt"
    code, stdout, _ = run("summarize", str(article), "--sentences", "3")
    assert code == 0
    lines = stdout.splitlines()
    assert len(lines) == 3
    body = article.read_text(encoding="utf-8")
    assert [body.index(line) for line in lines] == sorted(body.index(line) for line in lines)


def test_summarize_a_missing_file(tmp_path: Path) -> None:
    code, _, stderr = run("summarize", str(tmp_path / "x.txt"))
    assert (code, stderr) == (1, f"Error: No such file: {tmp_path / 'x.txt'}\n")


def test_version() -> None:
    code, stdout, _ = run("--version")
    assert (code, stdout) == (0, f"briefer, version {__version__}\n")


def test_every_command_and_option_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, name
        for param in command.params:
            if param.param_type_name == "option":
                assert getattr(param, "help", None), f"{name} {param.name}"


def test_help_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from briefer.cli import main; "
        "CliRunner().invoke(main, ['--help']); "
        "print(sorted(m for m in ('weasyprint', 'sumy', 'nltk') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_summarize_help_and_config(seeds: Path, tmp_path: Path) -> None:
    code, stdout, _ = run("summarize", "--help")
    assert code == 0
    assert "Sentences to print" in stdout and "per section" not in stdout
    assert "--config FILE" in stdout
    config = tmp_path / "briefer.toml"
    config.write_text("[brief]\nsentences = 2\n", encoding="utf-8")
    article = seeds / "003_33cdd8dea3ad10d6.txt"
    code, stdout, stderr = run("summarize", str(article), "--config", str(config))
    assert code == 0, stderr
    assert len(stdout.splitlines()) == 2
    code, stdout, _ = run("summarize", str(article))
    assert len(stdout.splitlines()) == 3  # the packaged default


def test_stories_0_does_not_say_there_was_no_reporting(seeds: Path, tmp_path: Path) -> None:
    config = tmp_path / "briefer.toml"
    config.write_text(
        "[brief]\nstories = 0\n\n"
        '[[topics]]\nid = "ukraine"\ntitle = "Ukraine"\nterms = ["Ukraine"]\n\n'
        '[[topics]]\nid = "mars"\ntitle = "Mars"\nterms = ["Olympus Mons"]\n',
        encoding="utf-8",
    )
    code, _, stderr = run(
        "build", str(seeds), "--date", "2026-11-23", "--output-dir", str(tmp_path),
        "--format", "md", "--sentences", "0", "--config", str(config),
    )  # fmt: skip
    assert code == 0, stderr
    text = (tmp_path / "2026-11-23" / "brief.md").read_text(encoding="utf-8")
    ukraine, mars = text.split("## 1. Ukraine", 1)[1].split("## 2. Mars")
    assert "2 of today's articles report on this topic; none is quoted" in ukraine
    assert "No reporting" not in ukraine
    assert "No reporting on this topic in today's sources." in mars


def test_a_malformed_since_is_a_malformed_option(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run(
        "build", str(seeds), "--since", "yesterday", "--output-dir", str(out)
    )
    assert code == 2 and stdout == ""
    assert "Invalid value for '--since'" in stderr
    assert "'yesterday' is not a window like 24h, 3d, 1w or a date YYYY-MM-DD" in stderr
    assert not out.exists()


def test_a_build_collects_less_often_and_puts_the_collector_back(
    seeds: Path, tmp_path: Path
) -> None:
    from briefer.cli.build import BUILD_GC_THRESHOLDS

    before = gc.get_threshold()
    assert before != BUILD_GC_THRESHOLDS
    during: set[tuple[int, ...]] = set()

    def look(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            during.add(gc.get_threshold())

    gc.callbacks.append(look)
    try:
        code, _, stderr = run(
            "build", str(seeds), "--date", "2026-11-23", "--output-dir", str(tmp_path / "out")
        )
    finally:
        gc.callbacks.remove(look)
    assert code == 0, stderr
    assert BUILD_GC_THRESHOLDS in during  # the build's own collections, at its thresholds
    assert gc.get_threshold() == before
