"""README's examples run as written, in order, in a fresh copy of the repository.

A newcomer types README's commands one after another; so does this test. Every ```sh block is
run with bash (``set -e``), every ```python block with this interpreter, in one folder that
holds the repository's tracked files and a ``.venv`` (a link to the environment running the
tests), so ``. .venv/bin/activate`` and ``.venv/bin/briefer`` work as on a fresh clone. A block
that cannot run here says so in README, on the line before it:
``<!-- readme-test: skip (why) -->`` (the set-up commands, which run apt-get; examples that need
the network or an SMTP server). sqlite-utils checks its documentation the same way.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

README = ROOT / "README.md"
SKIP_MARKER = re.compile(r"<!--\s*readme-test:\s*skip\b(?P<why>.*?)-->")
# A fence at the start of a line (indented blocks inside lists are format samples, not commands).
FENCE = re.compile(r"^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)
RUNNABLE = ("sh", "python")


@dataclass(frozen=True)
class Example:
    line: int  # README line of the opening fence
    lang: str
    code: str
    skip: str | None  # why it is not run, from README's own marker

    def __str__(self) -> str:
        return f"README.md:{self.line} ({self.lang})"


def readme_examples(text: str) -> list[Example]:
    """README's sh and python blocks in order, each with its skip marker if it has one."""
    examples = []
    for fence in FENCE.finditer(text):
        if fence["lang"] not in RUNNABLE:
            continue
        before = text[: fence.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = SKIP_MARKER.search(before)
        line = text.count("\n", 0, fence.start()) + 1
        why = marker["why"].strip(" :()") if marker else None
        examples.append(Example(line, fence["lang"], fence["body"], why))
    return examples


def fresh_clone(target: Path) -> Path:
    """The repository's tracked files (as they are now) in ``target``, plus a ``.venv``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source, copy = ROOT / name, target / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree, not yet committed
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy, follow_symlinks=False)
    (target / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return target


def run_example(example: Example, folder: Path) -> subprocess.CompletedProcess[str]:
    if example.lang == "python":
        command = [sys.executable, "-c", example.code]
    else:
        # One shell per block, as after `. .venv/bin/activate`: README says so once, at the top.
        command = ["bash", "-e", "-o", "pipefail", "-c", example.code]
    env = os.environ | {"PATH": f"{folder / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=300)


def test_readme_has_runnable_examples_and_says_why_it_skips_the_others() -> None:
    examples = readme_examples(README.read_text(encoding="utf-8"))
    run = [e for e in examples if e.skip is None]
    assert len(run) >= 4, [str(e) for e in examples]
    assert all(e.skip for e in examples if e.skip is not None)  # every skip gives its reason
    first = next(i for i, e in enumerate(examples) if "make brief" in e.code)
    assert "activate" in examples[first + 1].code  # how to run `briefer`, right after set-up


def test_readme_skip_marker_and_fences_are_read_as_written() -> None:
    text = (
        "intro\n```sh\necho one\n```\n\n<!-- readme-test: skip (needs the network) -->\n"
        "```sh\ncurl x\n```\n  ```\nindented sample\n  ```\n```toml\n[a]\n```\n"
        "```python\nprint(1)\n```\n"
    )
    examples = readme_examples(text)
    assert [(e.lang, e.code, e.skip) for e in examples] == [
        ("sh", "echo one\n", None),
        ("sh", "curl x\n", "needs the network"),
        ("python", "print(1)\n", None),
    ]


@pytest.mark.slow
def test_every_readme_example_runs_as_written_on_a_fresh_clone(tmp_path: Path) -> None:
    folder = fresh_clone(tmp_path / "briefer")
    for example in readme_examples(README.read_text(encoding="utf-8")):
        if example.skip is not None:
            continue
        result = run_example(example, folder)
        assert result.returncode == 0, f"{example} failed:\n{example.code}\n{result.stderr}"
        assert "Traceback" not in result.stderr, f"{example}:\n{result.stderr}"
