"""Render a ``Brief``: JSON, Markdown (Jinja2), HTML (markdown + Jinja2) and PDF (WeasyPrint).

Templates resolve through one loader over a list of folders: the user's
folder first, then the packaged defaults, so a user overrides a single file
(or a single ``{% block %}`` through ``{% extends %}``). Article text is
untrusted: in Markdown it is escaped by the ``md`` filter, in HTML
autoescaping is on, and the HTML that ``markdown`` produces from the rendered
Markdown is marked safe in exactly one place, ``render_html``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2

from .dates import describe_when
from .errors import RenderError
from .model import Brief, Event, Item

FORMATS = ("md", "html", "pdf", "json")
JSON_SCHEMA_VERSION = 1


def package_templates() -> Path:
    """The default templates shipped inside the package."""
    return Path(str(resources.files("briefer").joinpath("templates")))


def template_folders(user_templates: Path | None) -> list[Path]:
    """The folders templates are looked up in, user's first."""
    return ([user_templates] if user_templates else []) + [package_templates()]


def long_date(day: dt.date | None) -> str | None:
    """23 November 2026 (no locale, no leading zero)."""
    return f"{day.day} {day:%B %Y}" if day else None


# --- Markdown escaping and citations -------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")


def escape_markdown(text: str) -> str:
    """Make article text inert in Markdown: no markup, no raw HTML, no links."""
    text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _cite(item: Any) -> str:
    """Citation links for an item: [[1]](#source-1)[[2]](#source-2)."""
    return "".join(f"[[{n}]](#source-{n})" for n in item.citations)


# --- The view every template receives ------------------------------------------------


def brief_context(brief: Brief) -> dict[str, Any]:
    """The variables templates receive (documented in docs/templates.md).

    Values are namespaces, not dicts, so ``section.items`` is the list of
    items and not ``dict.items``.
    """
    numbers = {source.id: source.number for source in brief.sources}

    def item_view(item: Item) -> SimpleNamespace:
        view = SimpleNamespace(
            text=item.text,
            citations=sorted(numbers[sid] for sid in item.source_ids),
            source_ids=list(item.source_ids),
            score=item.score,
        )
        if item.event is not None:  # an outlook row: what, when, who, where, status
            vars(view).update(event_fields(item.event))
            view.when_long = describe_when(item.event.when)
        return view

    dates = [s.article.date for s in brief.sources if s.article.date]
    cutoff = max(dates) if dates else None
    return {
        "brief": SimpleNamespace(
            title=brief.title,
            date=brief.date,
            date_iso=brief.date.isoformat(),
            date_long=long_date(brief.date),
            cutoff=cutoff,
            cutoff_long=long_date(cutoff),
            method=brief.method,
        ),
        "bluf": [item_view(item) for item in brief.bluf],
        "sections": [
            SimpleNamespace(
                id=section.id,
                number=number,
                title=section.title,
                items=[item_view(item) for item in section.items],
            )
            for number, section in enumerate(brief.sections, start=1)
        ],
        "sources": [
            SimpleNamespace(
                number=source.number,
                id=source.id,
                title=source.article.title,
                date=source.article.date,
                date_iso=source.article.date.isoformat() if source.article.date else None,
                date_long=long_date(source.article.date),
                path=str(source.article.path),
                url=source.article.url,
            )
            for source in brief.sources
        ],
    }


def event_fields(event: Event) -> dict[str, Any]:
    """An outlook row's event, as brief.json and the templates see it."""
    return {
        "what": event.what,
        "when": event.when,
        "when_text": event.when_text,
        "who": list(event.who),
        "where": event.where,
        "status": event.status,
    }


# --- Renderers ------------------------------------------------------------------------


def environment(user_templates: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment over the user's folder, then the packaged templates."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in template_folders(user_templates)]),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "htm")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["md"] = escape_markdown
    env.filters["cite"] = _cite
    return env


def _render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise RenderError(f"{error.filename or error.name}:{error.lineno}: {error.message}") from error
    except jinja2.TemplateNotFound as error:
        raise RenderError(f"template not found: {error.name}") from error
    except jinja2.UndefinedError as error:
        raise RenderError(f"{name}: {error.message}") from error


def render_markdown(brief: Brief, user_templates: Path | None = None) -> str:
    text = _render(environment(user_templates), "brief.md.j2", brief_context(brief))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_html(brief: Brief, markdown_text: str, user_templates: Path | None = None) -> str:
    import markdown

    env = environment(user_templates)
    body = markdown.markdown(
        markdown_text, extensions=["sane_lists", "tables"], output_format="html"
    )
    css = _read_template_file(env, "style.css")
    context = brief_context(brief) | {
        "body": jinja2.utils.markupsafe.Markup(body),  # the one place rendered HTML is trusted
        "css": jinja2.utils.markupsafe.Markup(css),
    }
    return _render(env, "brief.html.j2", context)


def _read_template_file(env: jinja2.Environment, name: str) -> str:
    assert env.loader is not None
    try:
        source, _, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound as error:
        raise RenderError(f"template not found: {name}") from error
    return source


def render_pdf(html: str, user_templates: Path | None = None) -> bytes:
    """Render HTML to PDF; WeasyPrint may read only the template folders."""
    from .pdf import html_to_pdf

    return html_to_pdf(html, template_folders(user_templates))


def brief_to_json(brief: Brief) -> dict[str, Any]:
    """The machine-readable brief (shape documented in README.md)."""

    def item(i: Item) -> dict[str, Any]:
        fields = {
            "text": i.text,
            "sources": list(i.source_ids),
            "score": round(i.score, 6),
            "article": i.sentence.article_id,
            "start": i.sentence.start,
            "end": i.sentence.end,
        }
        return fields | event_fields(i.event) if i.event is not None else fields

    return {
        "version": JSON_SCHEMA_VERSION,
        "date": brief.date.isoformat(),
        "title": brief.title,
        "method": brief.method,
        "bluf": [item(i) for i in brief.bluf],
        "sections": [
            {"id": s.id, "title": s.title, "items": [item(i) for i in s.items]}
            for s in brief.sections
        ],
        "sources": [
            {
                "id": s.id,
                "number": s.number,
                "title": s.article.title,
                "date": s.article.date.isoformat() if s.article.date else None,
                "path": str(s.article.path),
                "url": s.article.url,
            }
            for s in brief.sources
        ],
        "skipped": [{"path": path, "reason": reason} for path, reason in brief.skipped],
    }


# --- Writing ---------------------------------------------------------------------------


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_brief(
    brief: Brief,
    output_dir: Path,
    formats: Iterable[str] = FORMATS,
    user_templates: Path | None = None,
) -> dict[str, Path]:
    """Render ``brief`` into ``output_dir/<date>/brief.<format>``; return the paths written.

    Everything is rendered in memory first, so a failure (a broken template,
    say) leaves no file half-written and none of this run's files at all.
    """
    wanted = [f for f in FORMATS if f in set(formats)]
    rendered: dict[str, bytes] = {}
    if "json" in wanted:
        text = json.dumps(brief_to_json(brief), indent=2, ensure_ascii=False) + "\n"
        rendered["json"] = text.encode("utf-8")
    if {"md", "html", "pdf"} & set(wanted):
        markdown_text = render_markdown(brief, user_templates)
        if "md" in wanted:
            rendered["md"] = markdown_text.encode("utf-8")
        if {"html", "pdf"} & set(wanted):
            html = render_html(brief, markdown_text, user_templates)
            if "html" in wanted:
                rendered["html"] = html.encode("utf-8")
            if "pdf" in wanted:
                rendered["pdf"] = render_pdf(html, user_templates)
    folder = output_dir / brief.date.isoformat()
    paths = {}
    for fmt in wanted:
        paths[fmt] = folder / f"brief.{fmt}"
        write_atomically(paths[fmt], rendered[fmt])
    return paths
