"""The installed package carries its templates and defaults (no source tree needed)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, SEEDS


def test_an_installed_wheel_builds_the_brief_from_another_folder(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, env=os.environ | {"PIP_NO_INDEX": "1"},
    )  # fmt: skip
    wheel = next(wheels.glob("briefer-*.whl"))
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
    ):
        assert packaged in names

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
