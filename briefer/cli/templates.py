"""``briefer templates``: copy the default templates, see which file is used, check them."""

from __future__ import annotations

from pathlib import Path

import click

from briefer.cli.options import config_option

_config_option = config_option(
    "TOML configuration file, for the topics (default: ./briefer.toml if present)."
)


def _folder(path: Path | None, what: str) -> Path | None:
    if path is not None and not path.is_dir():
        raise click.BadParameter(f"{path} is not a folder", param_hint=what)
    return path


@click.group()
def templates() -> None:
    """Copy, list and check the templates the brief is rendered with."""


@templates.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init(folder: Path, force: bool) -> None:
    """Copy the default templates into FOLDER to edit (use it with --templates FOLDER)."""
    from briefer.cli.options import user_errors
    from briefer.render.folders import init_templates

    with user_errors():
        for path in init_templates(folder, force=force):
            click.echo(str(path))


@templates.command(name="list")
@click.option(
    "--templates",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Your template folder (default from config: [brief] templates).",
)
@_config_option
def list_(folder: Path | None, config_path: Path | None) -> None:
    """Show, for each template and each topic, which file a build will use."""
    from briefer.cli.options import user_errors
    from briefer.config import load_config
    from briefer.render.folders import template_choices, unused_templates

    with user_errors():
        config = load_config(config_path)
        folder = _folder(folder, "--templates") or config.templates
        topic_ids = [topic.id for topic in config.topics]
        choices = template_choices(folder, topic_ids)
        unused = unused_templates(folder, topic_ids)
    width = max(len(choice.what) for choice in choices)
    for choice in choices:
        whose = "yours" if choice.users else "default"
        click.echo(f"{choice.what:<{width}}  {choice.path}  ({whose})")
    for path in unused:
        click.echo(f"not used: {path} (no topic {path.name.removesuffix('.md.j2')!r})")


@templates.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@_config_option
def check(folder: Path | None, config_path: Path | None) -> None:
    """Render every template (yours in FOLDER, and the defaults) against a sample brief."""
    from briefer.cli.options import user_errors
    from briefer.config import load_config
    from briefer.config.document import document_settings
    from briefer.render.folders import check_templates

    with user_errors():
        config = load_config(config_path)
        folder = _folder(folder, "FOLDER") or config.templates
        topics = [(topic.id, topic.title) for topic in config.topics]
        problems = check_templates(folder, topics, document_settings(config))
    for problem in problems:
        click.echo(f"Error: {problem}", err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"ok: every template in {folder or 'the defaults'} renders the sample brief")
