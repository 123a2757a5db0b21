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
    "--summaries-out",
    type=click.Path(dir_okay=False, path_type=Path),
    help='Write {"id", "summary": [sentences]} per line (with --method all: "method" too).',
)
def eval_command(
    dataset: Path, method: str, sentences: int | None, summaries_out: Path | None
) -> None:
    """Score METHOD on DATASET.jsonl with ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 (x100, ± s.e.)."""
    from briefer.cli.options import user_errors
    from briefer.compose.evaluate import METRICS, evaluate, read_dataset
    from briefer.config.files import write_atomically
    from briefer.errors import InputError

    with user_errors():
        if not dataset.is_file():
            raise InputError(f"No such file: {dataset}")
        examples = read_dataset(dataset)
        methods = list(METHODS) if method == "all" else [method]
        click.echo(f"{'method':<16}" + "".join(f"{m:>16}" for m in METRICS))
        lines: list[str] = []
        for name in methods:
            result = evaluate(examples, name, sentences)
            cells = "".join(
                f"{100 * result.mean(m):>9.1f} ± {100 * result.standard_error(m):<4.1f}"
                for m in METRICS
            )
            click.echo(f"{name:<16}{cells}")
            for example_id, summary in result.summaries:
                row = {"id": example_id, "summary": summary}
                if method == "all":
                    row["method"] = name
                lines.append(json.dumps(row, ensure_ascii=False))
        click.echo(f"{len(examples)} examples; F1 x100 ± standard error", err=True)
        if summaries_out is not None:
            write_atomically(summaries_out, ("\n".join(lines) + "\n").encode("utf-8"))
