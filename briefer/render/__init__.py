"""Render a ``Brief``: JSON, Markdown (Jinja2), HTML (markdown + Jinja2) and PDF (WeasyPrint).

``write_brief`` renders every format a build asks for and writes them;
``context`` turns the brief into what templates see, ``environment`` finds the
templates (the user's folder, then the defaults), ``documents`` renders
Markdown, HTML and PDF, ``brief_json`` the machine-readable brief.
"""

from __future__ import annotations

from briefer.render.brief_json import JSON_SCHEMA_VERSION, brief_to_json
from briefer.render.context import brief_context, long_date
from briefer.render.documents import render_html, render_markdown, render_pdf
from briefer.render.write import ALL_FORMATS, FORMATS, write_brief

__all__ = [
    "ALL_FORMATS",
    "FORMATS",
    "JSON_SCHEMA_VERSION",
    "brief_context",
    "brief_to_json",
    "long_date",
    "render_html",
    "render_markdown",
    "render_pdf",
    "write_brief",
]
