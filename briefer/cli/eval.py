"""``briefer eval``: score ranking methods on a data set with ROUGE."""

from __future__ import annotations

import json
from pathlib import Path

import click

from briefer.rank import METHODS


@click.command(name="eval")
@click.argument("dataset", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--method",
    "method",
    default="brief",
    show_default=True,
    type=click.Choice((*METHODS, "all")),
    help="Method to score, or all of them in one table.",
)
@click.option(
    "--sentences",
    type=click.IntRange(min=1),
    help="Sentences per summary (default: as many as the reference has).",
)
@click.option(
    "--words",
    type=click.IntRange(min=1),
    help="Word budget: sentences are added until it is reached and the summary is cut there "
    "(the DUC/TAC reading is --words 100). Overrides --sentences.",
)
@click.option(
    "--jackknife",
    is_flag=True,
    help="With several references: the mean over every set of all references but one "
    "(ROUGE-1.5.5's jackknifing).",
)
@click.option(
    "--summaries-out",
    type=click.Path(dir_okay=False, path_type=Path),
    help='Write {"id", "summary": [sentences]} per line (with --method all: "method" too).',
)
def eval_command(
    dataset: Path,
    method: str,
    sentences: int | None,
    words: int | None,
    jackknife: bool,
    summaries_out: Path | None,
) -> None:
    """Score METHOD on DATASET.jsonl with ROUGE (x100, ± s.e.).

    Columns: ROUGE-1, ROUGE-2 and ROUGE-Lsum F1, then ROUGE-1 and ROUGE-2
    recall (R1-R, R2-R). Several references per example are pooled, as
    ROUGE-1.5.5 does; a multi-document example is summarised by the brief's
    own selection across its documents.
    """
    from briefer.cli.options import user_errors
    from briefer.compose.evaluate import METRICS, RECALL_METRICS, evaluate, read_dataset
    from briefer.config.files import write_atomically
    from briefer.errors import InputError

    with user_errors():
        if not dataset.is_file():
            raise InputError(f"No such file: {dataset}")
        examples = read_dataset(dataset)
        methods = list(METHODS) if method == "all" else [method]
        columns = [*METRICS, *(f"{m.replace('rouge', 'R')}-R" for m in RECALL_METRICS)]
        click.echo(f"{'method':<16}" + "".join(f"{c:>16}" for c in columns))
        lines: list[str] = []
        for name in methods:
            result = evaluate(examples, name, sentences, words, jackknife)
            cells = [(m, "f1") for m in METRICS] + [(m, "recall") for m in RECALL_METRICS]
            row_text = "".join(
                f"{100 * result.mean(m, kind):>9.1f} ± {100 * result.standard_error(m, kind):<4.1f}"
                for m, kind in cells
            )
            click.echo(f"{name:<16}{row_text}")
            for example_id, summary in result.summaries:
                row = {"id": example_id, "summary": summary}
                if method == "all":
                    row["method"] = name
                lines.append(json.dumps(row, ensure_ascii=False))
        budget = f"summaries cut at {words} words; " if words else ""
        references = max(len(e.references) for e in examples)
        pooled = f"up to {references} references pooled; " if references > 1 else ""
        if jackknife and references > 1:
            pooled += "jackknifed; "
        click.echo(
            f"{len(examples)} examples; {budget}{pooled}F1 and recall x100 ± standard error",
            err=True,
        )
        if summaries_out is not None:
            write_atomically(summaries_out, ("\n".join(lines) + "\n").encode("utf-8"))
