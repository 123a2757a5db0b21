"""The template loader: the user's folder first, then the packaged defaults.

The packaged defaults are also reachable as ``default/<name>``, so a user's
``brief.md.j2`` can ``{% extends "default/brief.md.j2" %}`` and override a
single ``{% block %}`` (mkdocs's theme chain works the same way). Autoescaping
is on. A template error becomes one ``RenderError`` naming the file and line.
"""

from __future__ import annotations

import traceback
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from briefer.errors import RenderError
from briefer.render.context import (
    cite,
    clip_words,
    css_string,
    escape_markdown,
    markdown_code,
    markdown_url,
)

#: The prefix under which the packaged templates can always be named.
DEFAULT_PREFIX = "default"


def package_templates() -> Path:
    """The default templates shipped inside the package."""
    return Path(str(resources.files("briefer.render").joinpath("templates")))


def template_folders(user_templates: Path | None) -> list[Path]:
    """The folders templates are looked up in, user's first."""
    return ([user_templates] if user_templates else []) + [package_templates()]


def environment(user_templates: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment over the user's folder, then the packaged templates.

    ``default/<name>`` always names the packaged template, so a user's file
    can extend the default of the same name without finding itself.
    """
    packaged = jinja2.FileSystemLoader(str(package_templates()))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PrefixLoader({DEFAULT_PREFIX: packaged}),
                jinja2.FileSystemLoader([str(p) for p in template_folders(user_templates)]),
            ]
        ),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "htm")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["md"] = escape_markdown
    env.filters["cite"] = cite
    env.filters["md_url"] = markdown_url
    env.filters["md_code"] = markdown_code
    env.filters["css_string"] = css_string
    env.filters["clip"] = clip_words
    return env


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template; a mistake in it becomes a ``RenderError`` naming file and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        raise RenderError(f"template not found: {error.name}") from error
    except RecursionError as error:
        raise RenderError(
            f"{template_path(env, name)}: a template extends or includes itself; to extend a "
            f'packaged template, name it "{DEFAULT_PREFIX}/<name>", e.g. '
            f'{{% extends "{DEFAULT_PREFIX}/brief.md.j2" %}}'
        ) from error
    except Exception as error:  # a template can raise anything; only its own mistakes are ours
        where = template_location(error)
        if where is None:
            raise
        raise RenderError(f"{where}: {_message(error)}") from error


def template_path(env: jinja2.Environment, name: str) -> str:
    """The file a template name resolves to (the name itself if none does)."""
    assert env.loader is not None
    try:
        return env.loader.get_source(env, name)[1] or name
    except jinja2.TemplateNotFound:
        return name


def template_location(error: BaseException) -> str | None:
    """``file:line`` of the template that raised ``error`` (None if no template did).

    A syntax error carries both; for an error raised while rendering, Jinja2
    rewrites the traceback so that its frames name the template file and
    line, and the innermost such frame is where the author has to look.
    """
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{error.filename or error.name}:{error.lineno}"
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.endswith((".j2", ".css", ".html", ".md"))
    ]
    if not frames:
        return None
    return f"{frames[-1].filename}:{frames[-1].lineno}"


def _message(error: BaseException) -> str:
    if isinstance(error, jinja2.TemplateError):
        return error.message or type(error).__name__
    return f"{type(error).__name__}: {error}"
