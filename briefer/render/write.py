"""Write a rendered brief: every format rendered first, then each file written atomically."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from briefer.config.document import DocumentSettings
from briefer.config.files import write_atomically
from briefer.model import Brief
from briefer.render.brief_json import brief_to_json
from briefer.render.documents import render_html, render_markdown, render_pdf

#: The formats ``write_brief`` renders, in the order it writes them.
FORMATS = ("md", "html", "pdf", "json")


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
