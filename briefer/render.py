"""Render a ``Brief``: JSON, Markdown (Jinja2), HTML (markdown + Jinja2) and PDF (WeasyPrint).

Templates resolve through one loader over a list of folders: the user's
folder first, then the packaged defaults, so a user overrides a single file.
The packaged defaults are also reachable as ``default/<name>``, so a user's
``brief.md.j2`` can ``{% extends "default/brief.md.j2" %}`` and override a
single ``{% block %}`` (mkdocs's theme chain works the same way). Article text is
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
import traceback
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from markupsafe import Markup

from .dates import describe_when
from .document import DocumentSettings, date_time_group
from .errors import RenderError
from .model import Brief, Event, Item, Section, Source, Story

FORMATS = ("md", "html", "pdf", "json")
#: brief.json's version: 2 added ``sections[].stories[]``; every version-1 field is kept.
JSON_SCHEMA_VERSION = 2
#: The prefix under which the packaged templates can always be named.
DEFAULT_PREFIX = "default"
#: What ``output`` is when a template renders: the Markdown file, or the Markdown
#: that becomes the HTML page (and the PDF).
OUTPUTS = ("markdown", "html")


def package_templates() -> Path:
    """The default templates shipped inside the package."""
    return Path(str(resources.files("briefer").joinpath("templates")))


def template_folders(user_templates: Path | None) -> list[Path]:
    """The folders templates are looked up in, user's first."""
    return ([user_templates] if user_templates else []) + [package_templates()]


def long_date(day: dt.date | None) -> str | None:
    """23 November 2026 (no locale, no leading zero)."""
    return f"{day.day} {day:%B %Y}" if day else None


def short_date(day: dt.date | None) -> str | None:
    """23 Nov 2026: a story's source line, where the date is one detail among several."""
    return f"{day.day} {day:%b %Y}" if day else None


# --- Markdown escaping and citations -------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")


def escape_markdown(text: str) -> str:
    """Make article text inert in Markdown: no markup, no raw HTML, no links."""
    text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown_code(text: str) -> str:
    """``text`` as a Markdown code span that no backtick inside it can close early."""
    text = " ".join(text.splitlines())
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    return f"{fence} {text} {fence}" if runs else f"{fence}{text}{fence}"


_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)


def markdown_url(url: str) -> str:
    """An article's URL as a Markdown autolink if it is a plain http(s) URL, else as text.

    A URL comes from the article, so it is untrusted: ``<x onmouseover=...>``
    would otherwise pass through Markdown as a raw HTML tag.
    """
    return f"<{url}>" if _SAFE_URL.match(url) else escape_markdown(url)


#: U+2060 WORD JOINER: keeps a superscript citation on the line of the word it follows.
WORD_JOINER = "\u2060"


@jinja2.pass_context
def _cite(context: jinja2.runtime.Context, item: Any) -> str:
    """Citation links for an item, to the numbered sources.

    Superscript (the default): ``<sup class="cite">[[1]](#source-1)[[2]](#source-2)</sup>``
    right after the sentence (joined to its last word in HTML, so a narrow
    screen never starts a line with it); otherwise `` [[1]](#source-1)...``.
    """
    links = "".join(f"[[{n}]](#source-{n})" for n in item.citations)
    document = context.get("document")
    if document is None or document.superscript_citations:
        joiner = WORD_JOINER if context.get("output") == "html" else ""
        return f'{joiner}<sup class="cite">{links}</sup>'
    return f" {links}"


def clip_words(text: str, words: int = 12) -> str:
    """The first ``words`` words of ``text``, with "…" when some were cut.

    A pointer to a story elsewhere names it by its headline; a whole
    40-word headline as a link reads as a second copy of the story.
    """
    tokens = text.split()
    if len(tokens) <= words:
        return text
    return " ".join(tokens[:words]).rstrip(",;:") + "…"


_CSS_SAFE = re.compile(r"[A-Za-z0-9 ]")


def css_string(text: str) -> str:
    """A CSS string literal, quotes included, that cannot end the string or the ``<style>``.

    Every character but letters, digits and spaces becomes a CSS hex escape,
    so a banner such as ``SECRET"}</style><script>`` stays text.
    """
    escaped = "".join(c if _CSS_SAFE.match(c) else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')  # only letters, digits, spaces and escapes: safe in HTML


# --- The view every template receives ------------------------------------------------


def brief_context(
    brief: Brief, document: DocumentSettings | None = None, output: str = "markdown"
) -> dict[str, Any]:
    """The variables templates receive (documented in docs/templates.md).

    Values are namespaces, not dicts, so ``section.items`` is the list of
    items and not ``dict.items``.
    """
    document = document or DocumentSettings()
    numbers = {source.id: source.number for source in brief.sources}

    def item_view(item: Item) -> SimpleNamespace:
        view = SimpleNamespace(
            text=item.text,
            citations=sorted(numbers[sid] for sid in item.source_ids),
            source_ids=list(item.source_ids),
            score=item.score,
            outlets=brief.outlet_count(item),
        )
        # An outlook row's what, when, who, where, status; empty for other items, so a
        # section template can show either kind of item.
        event = item.event or NO_EVENT
        vars(view).update(event_fields(event))
        view.when_long = describe_when(event.when) if item.event else None
        return view

    def story_view(story: Story) -> SimpleNamespace:
        return SimpleNamespace(
            id=story.id,
            anchor=f"story-{story.id}",
            headline=item_view(story.headline),
            items=[item_view(item) for item in story.items],
            sources=list(story.sources),
            citations=sorted({numbers[sid] for sid in story.sources}),
            outlets=story.outlets,
            first_reported=story.first_reported,
            first_reported_iso=story.first_reported.isoformat() if story.first_reported else None,
            first_reported_short=short_date(story.first_reported),
            topic=story.topic,
            also_in=list(story.also_in),
        )

    stories = {story.id: story_view(story) for s in brief.sections for story in s.stories}
    dates = [s.article.date for s in brief.sources if s.article.date]
    cutoff = max(dates) if dates else None
    sources = [source_view(source) for source in brief.sources]
    cited = brief.cited_ids()
    return {
        "brief": SimpleNamespace(
            title=brief.title,
            date=brief.date,
            date_iso=brief.date.isoformat(),
            date_long=long_date(brief.date),
            dtg=date_time_group(brief.date, document.dtg_time) if document.dtg_time else None,
            cutoff=cutoff,
            cutoff_long=long_date(cutoff),
            method=brief.method,
            skipped=[SimpleNamespace(path=path, reason=reason) for path, reason in brief.skipped],
        ),
        "document": SimpleNamespace(**vars(document)),
        "output": output,
        "bluf": [item_view(item) for item in brief.bluf],
        "sections": [
            SimpleNamespace(
                id=section.id,
                number=number,
                title=section.title,
                items=[item_view(item) for item in section.items],
                stories=[stories[story.id] for story in section.stories],
                see_also=_pointers(brief.sections, section, stories),
            )
            for number, section in enumerate(brief.sections, start=1)
        ],
        "sources": sources,
        "cited_sources": [source for source in sources if source.id in cited],
        "uncited_sources": [source for source in sources if source.id not in cited],
    }


def _pointers(
    sections: Iterable[Section], here: Section, stories: dict[str, SimpleNamespace]
) -> list[SimpleNamespace]:
    """The stories told in another section that also fit this one: the section points to them.

    A story appears once, in its main topic; the other topics it fits list it
    as "see also", with the number and title of the section that tells it.
    """
    return [
        SimpleNamespace(
            story=stories[story.id],
            section_id=other.id,
            section_number=number,
            section_title=other.title,
        )
        for number, other in enumerate(sections, start=1)
        if other is not here
        for story in other.stories
        if here.id in story.also_in
    ]


def source_view(source: Source) -> SimpleNamespace:
    """One entry of the sources list as templates see it."""
    article = source.article
    return SimpleNamespace(
        number=source.number,
        id=source.id,
        title=article.title,
        publisher=article.source,
        date=article.date,
        date_iso=article.date.isoformat() if article.date else None,
        date_long=long_date(article.date),
        path=str(article.path),
        url=article.url,
        outlets=list(article.outlet_names),
    )


NO_EVENT = Event(what="", when=None, when_text=None, who=(), where=None, status="")


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
    env.filters["cite"] = _cite
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


def render_markdown(
    brief: Brief,
    user_templates: Path | None = None,
    document: DocumentSettings | None = None,
    output: str = "markdown",
) -> str:
    """The brief in Markdown; ``output="html"`` gives the Markdown the HTML page is made of."""
    context = brief_context(brief, document, output)
    text = render_template(environment(user_templates), "brief.md.j2", context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


#: Python-Markdown extensions: tables (the outlook), Markdown inside the BLUF box's <div>.
MARKDOWN_EXTENSIONS = ("sane_lists", "tables", "md_in_html")


def render_html(
    brief: Brief,
    markdown_text: str | None = None,
    user_templates: Path | None = None,
    document: DocumentSettings | None = None,
) -> str:
    """The self-contained HTML page: the brief's Markdown as HTML, styles inlined.

    ``markdown_text`` defaults to ``render_markdown(..., output="html")``.
    """
    import markdown

    env = environment(user_templates)
    if markdown_text is None:
        markdown_text = render_markdown(brief, user_templates, document, output="html")
    extensions = list(MARKDOWN_EXTENSIONS)
    body = markdown.markdown(markdown_text, extensions=extensions, output_format="html")
    css = _read_template_file(env, "style.css")
    context = brief_context(brief, document, "html") | {
        "body": Markup(body),  # the one place rendered HTML is trusted
        "css": Markup(css.replace("</", "<\\/")),  # a stylesheet cannot close its <style>
    }
    return render_template(env, "brief.html.j2", context)


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
            "outlets": brief.outlet_count(i),
        }
        return fields | event_fields(i.event) if i.event is not None else fields

    def story(s: Story) -> dict[str, Any]:
        return {
            "id": s.id,
            "headline": item(s.headline),
            "items": [item(i) for i in s.items],
            "sources": list(s.sources),
            "outlets": s.outlets,
            "first_reported": s.first_reported.isoformat() if s.first_reported else None,
            "also_in": list(s.also_in),
        }

    return {
        "version": JSON_SCHEMA_VERSION,
        "date": brief.date.isoformat(),
        "title": brief.title,
        "method": brief.method,
        "bluf": [item(i) for i in brief.bluf],
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "items": [item(i) for i in s.items],
                "stories": [story(st) for st in s.stories],
            }
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
                "source": s.article.source,
                "author": s.article.author,
                "outlets": list(s.article.outlet_names),
                "undated": s.article.date is None,
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
    document: DocumentSettings | None = None,
) -> dict[str, Path]:
    """Render ``brief`` into ``output_dir/<date>/brief.<format>``; return the paths written.

    Everything is rendered in memory first, so a failure (a broken template,
    say) leaves no file half-written and none of this run's files at all.
    ``document`` (the ``[document]`` settings) defaults to the conventions'
    defaults.
    """
    wanted = [f for f in FORMATS if f in set(formats)]
    rendered: dict[str, bytes] = {}
    if "json" in wanted:
        text = json.dumps(brief_to_json(brief), indent=2, ensure_ascii=False) + "\n"
        rendered["json"] = text.encode("utf-8")
    if {"md", "html", "pdf"} & set(wanted):
        if "md" in wanted:
            rendered["md"] = render_markdown(brief, user_templates, document).encode("utf-8")
        if {"html", "pdf"} & set(wanted):
            html = render_html(brief, None, user_templates, document)
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
