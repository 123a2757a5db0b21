"""HTML to PDF through WeasyPrint, allowed to read only the template folders.

Imported only when a PDF is made: WeasyPrint takes most of a second to import,
and ``briefer --help`` should answer at once.

On Linux a fifth of that import was spent looking for libraries: WeasyPrint tries
several names for each of its six libraries (``libgobject-2.0-0``, ``gobject-2.0``,
..., ``libgobject-2.0.so.0``) and cffi hands every name it cannot load as written to
``ctypes.util.find_library``, which runs ``ldconfig -p``, ``gcc`` and ``ld`` for it:
22 look-ups, about 60 processes, 0.15-0.2 s of CPU. Each list also holds the
library's soname, which the dynamic loader opens as written, the very file
``find_library`` would have named (it answers with that soname). So while WeasyPrint
loads, ``find_library`` answers "not found" at once and the sonames are opened
directly; should that fail (a library only the linker's search path knows), the
import is made again with the real look-up.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import unquote, urlparse

from briefer.errors import RenderError


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    """``ctypes.util.find_library`` answering None (see the module's docstring)."""
    import ctypes.util

    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = real


def _import_weasyprint() -> None:
    """``import weasyprint``, opening its libraries by soname first on Linux."""
    if sys.platform == "linux" and "weasyprint" not in sys.modules:
        try:
            # WeasyPrint prints its installation advice before it raises: not for this try.
            with _no_library_search(), contextlib.redirect_stdout(io.StringIO()):
                import weasyprint
        except OSError:
            pass  # the real look-up below, which says what is missing if it fails too
    import weasyprint  # noqa: F401


_import_weasyprint()

from weasyprint import HTML  # noqa: E402 (WeasyPrint is loaded above)
from weasyprint.urls import URLFetcher  # noqa: E402 (WeasyPrint is loaded above)

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
