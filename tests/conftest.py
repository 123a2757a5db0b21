"""Shared test set-up: an empty HOME, no NLTK data, and no network but loopback."""

from __future__ import annotations

import importlib.util
import ipaddress
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"


FAST_LOOP = "not slow"  # the marker expression of `make test`


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`make test` on tests that are all slow runs them instead of running nothing.

    The fast loop is `pytest -m "not slow"`. Asked for one slow file or test
    (`make test ARGS=tests/test_look.py`), it would deselect everything and exit
    with pytest's code 5, "no tests collected": a failure that says nothing
    about the code. The developer named those tests, so they run. This runs
    before pytest's own filter by marker, which then has nothing to drop.
    """
    if config.option.markexpr != FAST_LOOP or not items:
        return
    if all(item.get_closest_marker("slow") for item in items):
        config.option.markexpr = ""
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"every one of the {len(items)} tests asked for is marked slow: running them"
            )


@pytest.fixture(autouse=True)
def offline_and_homeless(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Every test runs with an empty HOME and NLTK_DATA, and may connect only to loopback.

    This proves briefer needs no downloaded NLTK data and no network: any
    attempt to reach a non-loopback address fails the test.
    """
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NLTK_DATA", str(home / "nltk_data"))
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    real_connect = socket.socket.connect

    def loopback_only(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and not _is_loopback(str(host)):
            raise AssertionError(f"test tried to reach the network: {address}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    yield


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the sample articles."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def eval_dev_file(name: str) -> Path:
    """A file of the shared evaluation set; the test is skipped where it is not present."""
    path = EVAL_DEV / name
    if not path.exists():
        pytest.skip(f"evaluation set not present: {path}")
    return path


def benchmark_module(name: str) -> ModuleType:
    """benchmarks/NAME.py as a module, so a test holds the scoring its figures come from
    (benchmarks/ is put on the path for the modules it imports beside it)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def topics_eval() -> ModuleType:
    """benchmarks/topics_eval.py as a module (it imports benchmarks/mixed_day.py beside it)."""
    return benchmark_module("topics_eval")
