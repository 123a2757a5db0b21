"""The Python API is the CLI: one briefer.toml gives the same files either way."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefer
from briefer.cli import main

DATE = dt.date(2023, 11, 15)
BANNER = "TEST // CUSTOM BANNER"
MARKER = "Section kept by a user's own template."


def _project(folder: Path, seeds: Path) -> Path:
    """A working folder with seeds, a briefer.toml (banner, templates) and one custom template."""
    shutil.copytree(seeds, folder / "seeds")
    sections = folder / "my-templates" / "sections"
    sections.mkdir(parents=True)
    (sections / "default.md.j2").write_text(
        f"## {{{{ section.title }}}}\n\n{MARKER}\n\n"
        "{% for item in section.items %}- {{ item.text|md }}{{ item|cite }}\n{% endfor %}\n",
        encoding="utf-8",
    )
    (folder / "briefer.toml").write_text(
        f'[brief]\ntemplates = "my-templates"\n\n[document]\nbanner = "{BANNER}"\n',
        encoding="utf-8",
    )
    return folder


def test_python_and_cli_write_the_same_bytes_from_one_config(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _project(tmp_path / "work", seeds)
    monkeypatch.chdir(folder)
    formats = ("md", "html", "json")

    result = CliRunner().invoke(
        main,
        ["build", "seeds", "--date", DATE.isoformat(), "--output-dir", "cli", "--format",
         ",".join(formats), "-q"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    brief = briefer.build_brief(["seeds"], date=DATE)
    assert brief.config is not None and brief.config.templates == folder / "my-templates"
    written = briefer.write_brief(brief, Path("python"), formats=formats)

    for fmt in formats:
        from_cli = (folder / "cli" / DATE.isoformat() / f"brief.{fmt}").read_bytes()
        assert written[fmt].read_bytes() == from_cli, fmt
    markdown = written["md"].read_text(encoding="utf-8")
    assert BANNER in markdown and MARKER in markdown  # the config was used, not the defaults
    assert BANNER in written["html"].read_text(encoding="utf-8")


def test_brief_config_is_not_serialised(tmp_path: Path, seeds: Path) -> None:
    brief = briefer.build_brief([seeds], date=DATE)
    assert brief.config is not None
    assert "config" not in briefer.brief_to_json(brief)


def test_write_brief_defaults_to_the_configured_output_dir(
    tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefer.toml").write_text('[brief]\noutput_dir = "briefs"\n', encoding="utf-8")
    paths = briefer.write_brief(briefer.build_brief([seeds], date=DATE), formats=["json"])
    assert paths["json"] == tmp_path / "briefs" / DATE.isoformat() / "brief.json"


def test_a_missing_templates_folder_in_the_config_names_the_key_and_file(
    tmp_path: Path, seeds: Path
) -> None:
    config = tmp_path / "briefer.toml"
    config.write_text('[brief]\ntemplates = "no-such-dir"\n', encoding="utf-8")
    with pytest.raises(briefer.ConfigError) as raised:
        briefer.load_config(config)
    assert str(config) in str(raised.value) and "brief.templates" in str(raised.value)
    assert "no-such-dir" in str(raised.value)

    result = CliRunner().invoke(main, ["build", str(seeds), "--config", str(config)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {config}: 'brief.templates'")
