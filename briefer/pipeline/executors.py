"""Where the per-article work runs: in this process, in a local process pool, or on Dask.

``[run] executor`` (or ``briefer build --executor``) chooses: ``local`` runs
everything here, one article after another; ``processes`` runs batches of
articles in a pool of local processes, one per core; ``dask://HOST:PORT``
sends them as tasks to an existing Dask distributed scheduler (``dask
scheduler``, ``dask worker tcp://HOST:PORT``; the workers need briefer, the
same version, checked when the build connects and again by every task).
Dask retries a task whose worker died, so a lost worker costs time, not the
brief. Results come back in the order of the articles, so every executor
builds the same brief, byte for byte.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_context
from typing import Any

from briefer.config import Config
from briefer.errors import ConfigError
from briefer.pipeline.per_article import Batches, check_version

RUN_KEYS = {"executor"}
#: Articles per task: large enough that sending a task costs little next to its work.
BATCH = 250
#: Times Dask runs a task again when it raises; a task whose worker dies is rescheduled anyway.
RETRIES = 2
_DASK_RE = re.compile(r"^dask://(?P<host>[^\s:/]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})$")


@dataclass(frozen=True)
class ExecutorChoice:
    """A checked executor setting: ``local``, ``processes`` or a Dask scheduler's address."""

    kind: str
    address: str | None = None  # tcp://HOST:PORT for kind "dask"

    def __str__(self) -> str:
        return self.kind if self.address is None else f"dask://{self.address[len('tcp://') :]}"


def executor_choice(config: Config, override: str | None = None) -> ExecutorChoice:
    """The executor from ``--executor`` (when given), else ``[run] executor``; checked."""
    table = config.read_table("run", RUN_KEYS)
    value = override if override is not None else table.text("executor", "local")
    try:
        return parse_executor(value)
    except ValueError as error:
        if override is not None:
            raise ConfigError(f"--executor: {error}") from None
        raise table.error("executor", str(error)) from None


def parse_executor(value: str) -> ExecutorChoice:
    text = value.strip()
    if text in ("local", "processes"):
        return ExecutorChoice(text)
    if match := _DASK_RE.match(text):
        if not 0 < int(match["port"]) < 65536:
            raise ValueError(f"{value!r}: the port must be 1-65535")
        return ExecutorChoice("dask", f"tcp://{match['host']}:{match['port']}")
    raise ValueError(f"{value!r} is not local, processes or dask://HOST:PORT")


@contextmanager
def running(choice: ExecutorChoice) -> Iterator[Batches | None]:
    """A function running batches of work on the chosen executor (None: ``local``)."""
    if choice.kind == "local":
        yield None
    elif choice.kind == "processes":
        workers = max(1, len(os.sched_getaffinity(0)))
        context = get_context("forkserver")  # not fork: the reader's threads may be running
        context.set_forkserver_preload(["briefer.pipeline.per_article"])
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            yield lambda function, items, **same: _in_pool(pool, function, items, same)
    else:
        assert choice.address is not None
        with _dask_client(choice.address) as client:
            yield lambda function, items, **same: _on_dask(client, function, items, same)


def _batches(items: Sequence[Any]) -> list[list[Any]]:
    return [list(items[start : start + BATCH]) for start in range(0, len(items), BATCH)]


def _in_pool(
    pool: Executor,
    function: Callable[..., Iterable[Any]],
    items: Sequence[Any],
    same: dict[str, Any],
) -> list[Any]:
    import briefer

    task = partial(function, **same, version=briefer.__version__)
    return [result for batch in pool.map(task, _batches(items)) for result in batch]


def _on_dask(
    client: Any, function: Callable[..., Iterable[Any]], items: Sequence[Any], same: dict[str, Any]
) -> list[Any]:
    """The batches' results in order, each taken (and let go on its worker) as it is done."""
    from distributed import as_completed

    import briefer

    futures = client.map(
        function, _batches(items), **same, version=briefer.__version__,
        retries=RETRIES, pure=False,
    )  # fmt: skip
    place = {future.key: number for number, future in enumerate(futures)}
    done: list[Iterable[Any]] = [[] for _ in futures]
    # Not ``as_completed(..., with_results=True)`` with the list deleted: on main that hung
    # the identity test for good, workers idle and the client waiting (cause not found).
    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        number = place[future.key]
        done[number] = future.result()
        future.release()  # the batch is taken: let it go on its worker
    return [result for batch in done for result in batch]


@contextmanager
def _dask_client(address: str) -> Iterator[Any]:
    """A client of the scheduler at ``address`` whose every worker runs this briefer."""
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("the dask:// executor needs Dask: pip install 'briefer[dask]'") from None
    import briefer

    try:
        client = Client(address, timeout="10s")  # type: ignore[no-untyped-call]
    except OSError as error:
        raise ConfigError(f"no Dask scheduler at {address}: {error}") from None
    try:
        versions = {
            worker: str(v) if isinstance(v, str) else f"no briefer ({v})"
            for worker, v in client.run(_worker_version, on_error="return").items()
        }
        wrong = {w: v for w, v in versions.items() if v != briefer.__version__}
        if not versions:
            raise ConfigError(f"the Dask scheduler at {address} has no workers")
        if wrong:
            worker, version = sorted(wrong.items())[0]
            raise ConfigError(
                f"Dask worker {worker} runs briefer {version}, this client "
                f"{briefer.__version__}: install the same version on every worker"
            )
        yield client
    finally:
        client.close()  # type: ignore[no-untyped-call]


def _worker_version() -> str:
    """The briefer version a worker imports (run on every worker when the build connects)."""
    try:
        import briefer
    except ImportError:
        return "(not installed)"
    return briefer.__version__


__all__ = ["ExecutorChoice", "check_version", "executor_choice", "parse_executor", "running"]
