"""Write a rendered brief: every format rendered first, then all files written as one set."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from briefer.config.document import DocumentSettings, document_settings
from briefer.config.files import write_set
from briefer.errors import RenderError
from briefer.model import Brief
from briefer.render.brief_json import brief_to_json
from briefer.render.documents import render_html, render_markdown, render_pdf

#: The formats a build writes unless told otherwise, in the order it writes them.
FORMATS = ("md", "html", "pdf", "json")
#: Every format ``write_brief`` knows: also ``ics``, the outlook as a calendar (render/ics.py).
ALL_FORMATS = (*FORMATS, "ics")


def write_brief(
    brief: Brief,
    output_dir: Path | None = None,
    formats: Iterable[str] = FORMATS,
    user_templates: Path | None = None,
    document: DocumentSettings | None = None,
) -> dict[str, Path]:
    """Render ``brief`` into ``output_dir/<date>/brief.<format>``; return the paths written.

    Everything is rendered in memory first, so a failure (a broken template,
    say) leaves no file half-written and none of this run's files at all; the
    files are then written as one set (``briefer.config.files.write_set``): the
    folder holds this build's files or the previous build's, never a mix, and
    brief files of an earlier build that this one does not write are removed.
    What is not given comes from the configuration the brief was built with
    (``brief.config``: ``[brief] output_dir`` and ``templates``, ``[document]``), as
    ``briefer build`` does, so the same ``briefer.toml`` gives the same files from
    Python and from the command line; a brief without one gets the defaults.
    """
    config = brief.config
    if document is None and config is not None:
        document = document_settings(config)
    if user_templates is None and config is not None:
        user_templates = config.templates
    if output_dir is None:
        output_dir = config.output_dir if config is not None else Path("output")
    unknown = set(formats) - set(ALL_FORMATS)
    if unknown:
        raise RenderError(f"unknown format {', '.join(sorted(unknown))}")
    wanted = [f for f in ALL_FORMATS if f in set(formats)]
    rendered: dict[str, bytes] = {}
    if "ics" in wanted:
        from briefer.render.ics import render_ics

        rendered["ics"] = render_ics(brief).encode("utf-8")
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
    if folder.exists() and not folder.is_dir():
        raise RenderError(f"cannot write the brief: {folder} is a file, not a folder")
    try:
        written = write_set(folder, {f"brief.{fmt}": rendered[fmt] for fmt in wanted})
    except OSError as error:
        where = error.filename or folder
        raise RenderError(
            f"cannot write the brief into {where}: {error.strerror or error}"
        ) from error
    return {fmt: written[f"brief.{fmt}"] for fmt in wanted}
