"""The same brief wherever the per-article work runs: here, in local processes, or on Dask.

The Dask tests start a real ``distributed.LocalCluster`` (two worker processes
on loopback) and build through it; one kills a worker process mid-run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_fixtures import state_department_stories

import briefer
from briefer.cli import main
from briefer.config import load_config
from briefer.errors import ConfigError
from briefer.ingest.read import SourceOptions
from briefer.pipeline import build_brief, executors
from briefer.render import write_brief

DATE = dt.date(2024, 5, 20)  # the day after the newest seed


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, 300 articles recombined from the State Department releases, a few copies,
    two files of one name in different folders (the reader renames one), and files read on
    the client and on the workers side by side: a JSON Lines export with a bad line, an HTML
    page, an unreadable text file (skipped: the skipped list must keep its order)."""
    folder = tmp_path_factory.mktemp("day")
    stories = state_department_stories()
    for number in range(300):
        head = stories[number % len(stories)]
        tail = stories[(number // len(stories) + 1 + number) % len(stories)]
        paragraphs = [*head.paragraphs[: (len(head.paragraphs) + 1) // 2],
                      *tail.paragraphs[len(tail.paragraphs) // 2 :]]  # fmt: skip
        text = f"---\ntitle: {head.title}\ndate: {head.date}\n---\n\n" + "\n\n".join(paragraphs)
        (folder / f"{number:03d}.txt").write_text(text + "\n", encoding="utf-8")
        if number % 50 == 7:  # a syndicated copy, folded by its sketch
            (folder / f"{number:03d}-copy.txt").write_text(text + "\nCopyright Wire.\n")
    for twin in ("a", "b"):
        (folder / twin).mkdir()
        story = stories[ord(twin) % len(stories)]
        (folder / twin / "same-name.txt").write_text(
            f"---\ntitle: {story.title}\ndate: {story.date}\n---\n\n"
            + "\n\n".join(story.paragraphs)
        )
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    for path in seeds.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    export = [json.dumps({"title": s.title, "date": str(s.date), "text": "\n\n".join(s.paragraphs)})
              for s in stories[-3:]]  # fmt: skip
    (folder / "export.jsonl").write_text("\n".join([export[0], "{not json", *export[1:]]) + "\n")
    page = stories[-4]
    (folder / "page.html").write_text(
        f"<html><head><title>{page.title}</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in page.paragraphs) + "</article></body></html>"
    )  # fmt: skip
    (folder / "150-empty.txt").write_text("---\ntitle: Nothing\n---\n\n!?\n")
    return folder


def _brief_json(day: Path, executor: str, output: Path) -> bytes:
    brief = build_brief([day], DATE, load_config(), executor=executor)
    return write_brief(brief, output, ["json"])["json"].read_bytes()


@pytest.fixture(scope="module")
def local_json(day: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _brief_json(day, "local", tmp_path_factory.mktemp("local"))


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, object]]:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
            silence_logs=50,
        ) as running,  # fmt: skip
        distributed.Client(running) as client,
    ):
        yield running.scheduler_address, client


@pytest.mark.slow
def test_local_processes_and_dask_write_the_same_brief(
    day: Path, local_json: bytes, cluster: tuple[str, object], tmp_path: Path
) -> None:
    address, _ = cluster
    assert b'"status": "' in local_json  # the outlook: events were found per article
    assert b"150-empty.txt" in local_json and b"export.jsonl:2" in local_json  # skipped
    assert _brief_json(day, "processes", tmp_path / "processes") == local_json
    dask = "dask://" + address.removeprefix("tcp://")
    assert _brief_json(day, dask, tmp_path / "dask") == local_json


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_replaced_and_the_brief_is_the_same(
    day: Path,
    local_json: bytes,
    cluster: tuple[str, object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    address, client = cluster
    monkeypatch.setattr(executors, "BATCH", 10)  # many short tasks: some run when one dies
    result: dict[str, bytes | BaseException] = {}

    def build() -> None:
        try:
            dask = "dask://" + address.removeprefix("tcp://")
            result["json"] = _brief_json(day, dask, tmp_path / "killed")
        except BaseException as error:  # handed to the test thread
            result["error"] = error

    pids = client.run(os.getpid)  # type: ignore[attr-defined]
    builder = threading.Thread(target=build)
    builder.start()
    killed = None
    while builder.is_alive() and killed is None:
        busy = {w: keys for w, keys in client.processing().items() if keys}  # type: ignore[attr-defined]
        if any("batch_" in str(key) for keys in busy.values() for key in keys):
            killed = sorted(busy)[0]
            os.kill(pids[killed], signal.SIGKILL)
        time.sleep(0.01)
    builder.join(timeout=300)
    assert killed is not None, "the build ended before a worker could be killed"
    assert "error" not in result, result.get("error")
    assert result["json"] == local_json
    assert pids[killed] not in client.run(os.getpid).values()  # type: ignore[attr-defined]


@pytest.mark.slow
def test_a_worker_of_another_version_is_one_clear_error(
    day: Path, cluster: tuple[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    address, _ = cluster
    real = briefer.__version__
    monkeypatch.setattr(briefer, "__version__", "0.0.0-other")  # this client, not the workers
    with pytest.raises(ConfigError) as raised:
        build_brief([day], DATE, load_config(), executor="dask://" + address[len("tcp://") :])
    message = str(raised.value)
    assert f"runs briefer {real}, this client 0.0.0-other" in message
    assert "\n" not in message


def test_a_task_of_another_version_refuses_to_run() -> None:
    from briefer.pipeline.per_article import Wanted, batch_work

    with pytest.raises(ConfigError, match="install the same version on every worker"):
        batch_work([], Wanted(events=False, sketch=True), "0.0.0-other")


def test_without_dask_the_dask_executor_is_one_clear_error(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed: ImportError
    done = CliRunner().invoke(main, ["build", str(seeds), "--executor", "dask://127.0.0.1:8786"])
    assert done.exit_code == 1
    assert done.output.strip().splitlines() == [
        "Error: the dask:// executor needs Dask: pip install 'briefer[dask]'"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("local", "local"),
        (" processes ", "processes"),
        ("dask://10.0.0.5:8786", "dask://10.0.0.5:8786"),
        ("dask://[::1]:8786", "dask://[::1]:8786"),
    ],
)
def test_executor_settings_are_read_and_checked(value: str, expected: str) -> None:
    assert str(executors.parse_executor(value)) == expected


@pytest.mark.parametrize("value", ["dask://host", "dask://host:0", "threads", "tcp://h:1", ""])
def test_a_wrong_executor_names_where_it_was_set(value: str, tmp_path: Path) -> None:
    wrong = r"'[^']*'(: the port must be 1-65535| is not local, processes or dask://HOST:PORT)$"
    with pytest.raises(ConfigError, match="^--executor: " + wrong):
        executors.executor_choice(load_config(), value)
    (tmp_path / "briefer.toml").write_text(f'[run]\nexecutor = "{value}"\n')
    with pytest.raises(ConfigError, match=r"briefer\.toml: 'run\.executor' " + wrong):
        executors.executor_choice(load_config(tmp_path / "briefer.toml"))
    assert str(executors.executor_choice(load_config())) == "local"  # the default


def test_files_read_elsewhere_give_what_reading_here_gives(day: Path) -> None:
    from briefer.ingest.read import Elsewhere, SourceOptions, SourceReader, read_elsewhere
    from briefer.model import Skipped

    here = SourceReader().read([day])
    asked: list[int] = []

    def on_a_worker(sources: list[str | Path]) -> Elsewhere:
        asked.append(len(sources))
        return read_elsewhere(sources, SourceOptions())

    there = SourceReader().read([day], elsewhere=on_a_worker)
    assert asked == [here.sources]  # every source: the text files, the export, the page
    assert there.articles == here.articles and there.skipped == here.skipped
    assert len(here.skipped) == 2  # the empty file, the export's bad line

    def unseen(sources: list[str | Path]) -> Elsewhere:
        return Elsewhere([[Skipped(str(source), "not on this worker")] for source in sources])

    # A worker that cannot see the files: each is read again here, the report unchanged.
    again = SourceReader().read([day], elsewhere=unseen)
    assert again.articles == here.articles and again.skipped == here.skipped


def test_work_sent_back_without_texts_cuts_the_same_sentences(seeds: Path) -> None:
    import pickle

    from briefer.ingest.read import SourceReader
    from briefer.pipeline.per_article import Wanted, article_work

    for article in SourceReader().read([seeds]).articles:
        work = article_work(article, Wanted(events=True, sketch=True))
        sent = pickle.dumps(work)
        back = pickle.loads(sent)
        made, cut = work.sentences(article), back.sentences(article)
        assert cut == made and [s.tokens for s in cut] == [s.tokens for s in made]
        assert article.paragraphs[0][:40].encode() not in sent  # no text travels back
        assert (back.events, back.sketch) == (work.events, work.sketch)


def test_a_batch_of_work_comes_back_with_the_same_records_in_less_than_its_text(
    day: Path,
) -> None:
    import pickle

    from briefer.ingest.read import SourceReader
    from briefer.pipeline import wire
    from briefer.pipeline.per_article import Wanted, article_work, packed

    articles = SourceReader().read([day]).articles
    works = packed([article_work(a, Wanted(events=False, sketch=False)) for a in articles])
    wire.RECEIVED.clear()
    sent = pickle.dumps(works, protocol=5)
    back = pickle.loads(sent)
    made = [s for a, w in zip(articles, works, strict=True) for s in w.sentences(a)]
    cut = [s for a, w in zip(articles, back, strict=True) for s in w.sentences(a)]
    assert cut == made
    assert [s.tokens for s in cut] == [s.tokens for s in made]  # every field, names too
    assert any(s.tokens.names != s.tokens.words for s in made)  # "U.S.-led" and the like
    assert any(s.tokens.terms != s.tokens.stems for s in made)  # stop words, numbers
    text = sum(len(a.text.encode()) for a in articles)
    assert len(sent) < text  # the old records alone were 2.6 times the text
    # A record repeated in another batch is the record already received, not a copy.
    again = pickle.loads(pickle.dumps(packed(works[:5]), protocol=5))
    assert again[0].sentences(articles[0])[0].tokens is cut[0].tokens
    wire.RECEIVED.clear()


def test_records_the_word_table_cannot_say_come_back_as_they_were() -> None:
    import pickle

    from briefer.model import Tokens
    from briefer.pipeline import wire

    odd = [
        Tokens(("Ran", "runs"), ("run", "run"), ("run", "run"), ("run",), ("Ran",), ("run",)),
        Tokens(("Ran",), ("ran",), ("ran",), ("ran",), ("Ran",), ("ran",)),  # another stem
        Tokens(("a", "b"), ("a", "b"), ("b", "a"), (), ("a", "b"), ("a", "b")),  # out of order
        Tokens(("a", "c"), ("a", "c"), ("c",), ("c",), ("a", "c"), ("a", "c")),
        Tokens(("a",), ("a",), ("a",), ("a",), ("a",), ("a",)),  # "a": a term now
        Tokens((), (), (), (), (), ()),
    ]
    records = wire.Records()
    for tokens in odd:
        records.number(tokens)
    assert sorted(records.__getstate__()[-1]) == [1, 2, 4]  # sent as they are
    wire.RECEIVED.clear()
    back = pickle.loads(pickle.dumps(records))
    wire.RECEIVED.clear()
    assert back.tokens == odd
    assert [dataclass_fields(t) for t in back.tokens] == [dataclass_fields(t) for t in odd]


def dataclass_fields(tokens: object) -> tuple[object, ...]:
    import dataclasses

    return tuple(getattr(tokens, f.name) for f in dataclasses.fields(tokens))  # type: ignore[arg-type]


def test_candidates_chosen_article_by_article_are_the_clients(day: Path) -> None:
    """Where an executor runs the work, each article's topic candidates are chosen there
    (under the ids the reader gave before renaming twins); the client's are the same."""
    from dataclasses import replace

    from briefer.ingest.read import SourceReader
    from briefer.pipeline import per_article
    from briefer.topics import assign_topics

    config = load_config()
    articles = SourceReader().read([day]).articles
    # Two neighbours read under one id, as two files of one name are before the reader
    # renames the second: chosen there, each is still an article of its own.
    twins = articles[3:5]
    as_read = [replace(a, id=twins[0].id) if a is twins[1] else a for a in articles]
    wanted = per_article.Wanted(events=True, sketch=False, topics=config.topics)
    works = per_article.batch_work(as_read, wanted, briefer.__version__)
    work = {article.id: done for article, done in zip(articles, works, strict=True)}
    sentences = per_article.sentences_of(articles, work)
    events = per_article.events_of(articles, work)
    chosen, found = per_article.topics_of(articles, work, sentences, config.topics, events)
    expected, expected_events = assign_topics(articles, sentences, config.topics, events)
    assert chosen == expected and found == expected_events
    assert all(chosen.values())  # every topic has candidates on this day
    assert {s.article_id for group in chosen.values() for s in group} >= {a.id for a in twins}


def test_dask_sends_a_batch_of_work_as_one_pickle(
    day: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dask serializes a plain list item by item: each item would carry the batch's shared
    token records again (a batch of 250 articles took 40 s to come back instead of 0.4)."""
    protocol = pytest.importorskip("distributed.protocol")
    from briefer.pipeline import per_article, wire

    paths = sorted(day.glob("0*.txt"))[:40]
    batch = per_article.batch_read(
        paths, SourceOptions(), per_article.Wanted(events=False, sketch=True), briefer.__version__
    )
    encoded = []
    real = wire.Records.__getstate__

    def counted(self: wire.Records) -> tuple[object, ...]:
        encoded.append(len(self.tokens))
        return real(self)

    monkeypatch.setattr(wire.Records, "__getstate__", counted)
    header, frames = protocol.serialize(batch, serializers=("dask", "msgpack", "pickle"))
    back = protocol.deserialize(header, frames)
    assert len(encoded) == 1 and encoded[0] > 50  # the batch's records, once
    assert [found for source, _, _ in back for found, _ in source] == [
        found for source, _, _ in batch for found, _ in source
    ]
