"""`make test`'s fast loop: `pytest -m "not slow"` drops the slow tests, and never runs nothing."""

from __future__ import annotations

import subprocess
import sys

from conftest import FAST_LOOP, ROOT


def collect(*args: str) -> subprocess.CompletedProcess[str]:
    """The test ids the fast loop would run for these arguments, in a new pytest process."""
    command = [sys.executable, "-m", "pytest", "-m", FAST_LOOP, "--collect-only", "-q"]
    command += ["-p", "no:cacheprovider", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_the_fast_loop_leaves_out_the_slow_sizes() -> None:
    done = collect("tests/test_rank.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "test_fast_lexrank_chooses_what_sumy_chooses[300]" in done.stdout
    assert "test_fast_lexrank_chooses_what_sumy_chooses[3000]" not in done.stdout
    assert "deselected" in done.stdout


def test_asked_for_only_slow_tests_the_fast_loop_runs_them_instead_of_exiting_5() -> None:
    done = collect("tests/test_packaging.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "test_an_installed_wheel_builds_the_brief_from_another_folder" in done.stdout
    assert "marked slow: running them" in done.stdout
