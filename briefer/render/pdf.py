"""HTML to PDF through WeasyPrint, allowed to read only the template folders.

Imported only when a PDF is made: WeasyPrint takes most of a second to import,
and ``briefer --help`` should answer at once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from briefer.errors import RenderError

log = logging.getLogger(__name__)


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """A URL fetcher that serves ``data:`` URLs and files inside the allowed folders only."""

    def __init__(self, allowed: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), timeout=5)
        self._allowed = [folder.resolve() for folder in allowed]

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> object:
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(folder) for folder in self._allowed):
                raise ValueError(f"briefer does not let the PDF read {path}")
        elif not url.startswith("data:"):
            raise ValueError(f"briefer does not let the PDF fetch {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str, allowed_folders: Sequence[Path]) -> bytes:
    """Render ``html`` to PDF bytes; relative URLs resolve in the first template folder."""
    base = allowed_folders[0].resolve().as_uri() + "/"
    try:
        pdf = HTML(string=html, base_url=base, url_fetcher=ConfinedFetcher(allowed_folders))
        data = pdf.write_pdf()
    except Exception as error:  # WeasyPrint raises many kinds; the user needs one line
        raise RenderError(f"PDF rendering failed: {error}") from error
    if not isinstance(data, bytes):  # pragma: no cover - write_pdf() with no target returns bytes
        raise RenderError("PDF rendering produced no data")
    return data
