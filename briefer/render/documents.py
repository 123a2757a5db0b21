"""The brief as Markdown (Jinja2), as one self-contained HTML page, and as PDF.

The HTML that ``markdown`` produces from the rendered Markdown is marked safe
in exactly one place, ``render_html``; WeasyPrint may read only the template
folders (``briefer.render.pdf``).
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from briefer.config.document import DocumentSettings
from briefer.errors import RenderError
from briefer.model import Brief
from briefer.render.context import brief_context
from briefer.render.environment import environment, render_template, template_folders


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
    from briefer.render.pdf import html_to_pdf

    return html_to_pdf(html, template_folders(user_templates))
