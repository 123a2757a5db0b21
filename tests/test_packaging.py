"""The installed package carries its templates and defaults (no source tree needed)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS


def _project_warnings(log: str) -> list[str]:
    """The build's warnings about this project's packaging (setuptools' own, not the host's).

    "byte-compiling is disabled" comes from PYTHONDONTWRITEBYTECODE in the environment, not
    from pyproject.toml.
    """
    return [
        line.strip()
        for line in log.splitlines()
        if "warning" in line.lower() and "byte-compiling is disabled" not in line
    ]


@pytest.mark.slow  # builds a wheel and installs it into a new virtualenv
def test_an_installed_wheel_builds_the_brief_from_another_folder(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(wheels), str(ROOT)],
        capture_output=True, text=True, env=os.environ | {"PIP_NO_INDEX": "1"},
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert _project_warnings(built.stdout + built.stderr) == []
    wheel = next(wheels.glob("briefer-*.whl"))
    import briefer

    assert wheel.name.startswith(f"briefer-{briefer.__version__}-")
    names = zipfile.ZipFile(wheel).namelist()
    for packaged in (
        "briefer/config/defaults.toml",
        "briefer/render/templates/brief.md.j2",
        "briefer/render/templates/brief.html.j2",
        "briefer/render/templates/style.css",
        "briefer/render/templates/sections/default.md.j2",
        "briefer/render/templates/sections/upcoming-visits.md.j2",
        "briefer/cli/__init__.py",
        "briefer/ingest/__init__.py",
        "briefer/text/data/places.txt",
        "briefer/py.typed",
    ):
        assert packaged in names
    assert not [name for name in names if "__pycache__" in name]

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
         "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys, briefer, briefer.cli; "
        "assert briefer.__file__.startswith(sys.argv[1]), briefer.__file__; "
        "briefer.cli.main(['build', sys.argv[2], '--date', '2026-11-23', '--format', 'md,pdf'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(target), str(SEEDS)],
        cwd=elsewhere, capture_output=True, text=True,
        env=os.environ | {"PYTHONPATH": str(target)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "output" / "2026-11-23" / "brief.pdf").stat().st_size > 1000
    assert "## 1. Ukraine" in (elsewhere / "output" / "2026-11-23" / "brief.md").read_text()
